/**
 * DQE's SIM-swap call, translated (pure). DQE's help centre, "ID Mobile Simswap": `POST {DQE_BASE_URL}/IDMOBILE/`
 * form-urlencoded with `licence`, `token`, `number`, `name` (partner name), `scope=simswap` and `period` (the
 * window in hours); the answer `{"status":"success","operator":…,"swapped":"false"}` carries `swapped` as the
 * STRING `"true"` or `"false"`; error 17 means the operator does not answer SIM swap. DQE's multiscope pages
 * document a combined request but neither its scope separator nor its answer (and no `redirect_uri`): the relay
 * makes this call next to the match, in parallel, under the match's time budget.
 */
import { parseDqeError } from '../upstreams/dqe/answers.js';
import { isObject } from '../upstreams/http.js';
import type { SimSwapReading } from './sim-swap.js';

/** DQE's scope of the SIM-swap question. */
export const DQE_SIM_SWAP_SCOPE = 'simswap';
/** DQE's error id for "the operator does not answer SIM swap". */
export const DQE_SIM_SWAP_UNSUPPORTED = '17';

/** The form of DQE's SIM-swap request. `number` is written as the match writes it (`DQE_NUMBER_FORMAT`). */
export function dqeSimSwapForm(o: {
  licence: string;
  token: string;
  number: string;
  partnerName: string;
  periodHours: number;
}): URLSearchParams {
  return new URLSearchParams({
    licence: o.licence,
    token: o.token,
    number: o.number,
    name: o.partnerName,
    scope: DQE_SIM_SWAP_SCOPE,
    period: String(o.periodHours),
  });
}

/** `"true"` / `"false"` (DQE's documented strings; booleans read too), else null. */
function readSwapped(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : null;
}

/**
 * Reads one answer of DQE's SIM-swap call: answered, unknown (with the reason for the log), or `token_rejected`
 * (error 30: the caller renews the token and asks once more). Never throws.
 */
export function readDqeSimSwap(status: number, body: unknown): SimSwapReading | { kind: 'token_rejected' } {
  const error = parseDqeError(body);
  if (error) {
    if (error.id === '30') return { kind: 'token_rejected' };
    if (error.id === DQE_SIM_SWAP_UNSUPPORTED) {
      return { kind: 'unknown', reason: 'the operator does not answer SIM swap (DQE error 17)' };
    }
    return { kind: 'unknown', reason: `DQE error ${error.id}` };
  }
  if (status < 200 || status > 299) return { kind: 'unknown', reason: `HTTP ${status} without an error body` };
  if (!isObject(body) || body['status'] !== 'success') return { kind: 'unknown', reason: 'answer of no known shape' };
  const swapped = readSwapped(body['swapped']);
  if (swapped === null) return { kind: 'unknown', reason: 'answer without a usable "swapped"' };
  return { kind: 'answered', swapped };
}
