/**
 * The simulator's DQE licences: `demo`, and test triggers for what a real DQE account can meet but the demo
 * numbers cannot show (an outage of one endpoint, a licence whose retrieval scope is `client_idmobile` only).
 * Each uses the client secret `demo`. A licence the simulator does not know is refused at the token endpoint as
 * DQE's token pages document it: HTTP 400, "Invalid Client", without DQE's error body.
 *
 * | licence | behaviour |
 * | --- | --- |
 * | `demo` | everything works |
 * | `demo-500` | `/IDMOBILE/` and `/GET/` answer HTTP 500 without a body (the relay: R502) |
 * | `demo-get-500` | `/IDMOBILE/` works, `/GET/` answers HTTP 500 (the consent result fails: R502) |
 * | `demo-scope-client_idmobile` | `/GET/` answers 04 to any scope but `client_idmobile` (the relay's fallback) |
 */

export interface DqeLicence {
  /** `/IDMOBILE/` answers HTTP 500. */
  matchFails: boolean;
  /** `/GET/` answers HTTP 500. */
  resultFails: boolean;
  /** The scopes `/GET/` accepts (04 for any other). */
  resultScopes: readonly string[];
}

export const DEMO_LICENCE = 'demo';
/** The scopes `/GET/` accepts: DQE's retrieval pages name `client_idmobile`, its matching pages `matching_notp`. */
export const RESULT_SCOPES: readonly string[] = ['matching_notp', 'client_idmobile'];

const WORKING: DqeLicence = Object.freeze({ matchFails: false, resultFails: false, resultScopes: RESULT_SCOPES });

export const DQE_LICENCES: Readonly<Record<string, DqeLicence>> = Object.freeze({
  [DEMO_LICENCE]: WORKING,
  'demo-500': Object.freeze({ ...WORKING, matchFails: true, resultFails: true }),
  'demo-get-500': Object.freeze({ ...WORKING, resultFails: true }),
  'demo-scope-client_idmobile': Object.freeze({ ...WORKING, resultScopes: Object.freeze(['client_idmobile']) }),
});

/** The licence's behaviour, or `undefined` for a licence the simulator does not know (or none). */
export function dqeLicence(licence: string | undefined): DqeLicence | undefined {
  if (licence === undefined || !Object.prototype.hasOwnProperty.call(DQE_LICENCES, licence)) return undefined;
  return DQE_LICENCES[licence];
}
