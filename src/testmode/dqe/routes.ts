/**
 * The test mode's DQE face: `/ACCESS_TOKEN/`, `/IDMOBILE/` and `/GET/`, answering the shapes DQE's help centre
 * documents (see the conformance fixtures in test/node/upstreams/fixtures).
 *
 * Wire choices (DQE's documentation fixes the shapes, not all of the following):
 * - DQE answers its errors in the body: `{"status":"error","error_type":"…","error_id":"NN"}` with DQE's own
 *   `error_type` labels, HTTP 200 from `/IDMOBILE/` and `/GET/`, HTTP 400 from `/ACCESS_TOKEN/` (its token pages
 *   answer every refusal with 400).
 * - Parameters are form fields (`application/x-www-form-urlencoded` or multipart), or query parameters on GET.
 *   A POST body of another type (JSON…) answers 01 (invalid request), as does a body over 64 KiB.
 * - `/ACCESS_TOKEN/` (DQE's token pages, helpcenter.dqe.tech 48305385361169 and 34461082256657): a required
 *   parameter missing while an unknown one is there (a typo such as `client_scret`) HTTP 500 without a body;
 *   licence missing 01; a licence the simulator does not know HTTP 400 `Invalid Client` WITHOUT DQE's error
 *   body (the page shows none: the relay's error 03, "check DQE_LICENCE and DQE_CLIENT_SECRET"); client secret
 *   missing 01, wrong 03; `grant_type` missing 01, unknown 31 (unsupported grant type); `grant_type=refresh_token`
 *   with a live `refresh_token` gives a new pair (each refresh token is used once); an unknown, used or expired
 *   refresh token 30. Licences: `demo` and the test triggers of licences.ts, client secret `demo`.
 * - `/IDMOBILE/`, checked in this order: licence 02 (a trigger licence: HTTP 500 here if it says so); access token (form field `token`, or an
 *   `Authorization: Bearer` header) missing, unknown or expired 30; scope `simswap`: the SIM-swap answer
 *   (sim-swap.ts); another scope than `matching_notp` 04; `mode` not 2, `name` empty,
 *   `country` not ISO-2, `redirect_uri` not an absolute http(s) URL or outside the allowed origins 01; `user_infos` 05 / 06 / 01 (a key other
 *   than `phone` missing); then the phone number (`number`): empty 11, the registry's subscribers (and the two
 *   SIM-swap lines of the v3 table: `lookupDqeLine`), magic numbers and other outcomes (see registry.ts); 07 when the subscriber's operator needs `user_infos.phone` (SFR) and it
 *   is empty. A consent number without `redirect_uri` answers 01: a consent session needs a way back.
 * - `/GET/?token=…&Licence=…&scope=…` (`Licence` as DQE's retrieval pages write it; `licence` accepted too):
 *   licence 02 (a trigger licence: HTTP 500 here if it says so); scope `matching_notp` or `client_idmobile`
 *   (DQE's pages name both; a trigger licence may accept `client_idmobile` only) else 04; session token
 *   missing 01; unknown or expired session 30; refused on the consent page 21 (access denied); not decided yet
 *   `{"status":"pending","scope":…}`; accepted: `pending` on the first call, then the WRAPPED result
 *   `{"status":"success","scope":…,"code_name":…,"matching":{…scores…}}` (again on every later call until the
 *   session expires), `code_name` echoing the one sent with the `/IDMOBILE/` call that asked for this consent,
 *   the scores as DQE's retrieval page shows them: strings, with `name` (scores.ts `scoreRetrieval`).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { dqeErrorType, type DqeErrorId } from '../../protocol/errors.js';
import { lookupDqeLine } from '../registry.js';
import type { ConsentStore } from '../consent-store.js';
import { dqeLicence } from './licences.js';
import { scoreRetrieval, scoreSubscriber } from './scores.js';
import { answerDqeSimSwap, SIM_SWAP_SCOPE } from './sim-swap.js';
import { parseUserInfos } from './user-infos.js';

export { DEMO_LICENCE, RESULT_SCOPES } from './licences.js';
export const DEMO_CLIENT_SECRET = 'demo';
export const TOKEN_GRANT_TYPE = 'client_idmobile';
export const SCOPE = 'matching_notp';

/** The parameters of `/ACCESS_TOKEN/`: a required one missing next to another name is a typo (HTTP 500). */
const TOKEN_PARAMS = new Set(['licence', 'client_secret', 'grant_type', 'refresh_token']);

export type Params = Record<string, string>;
export const NOT_FORM = Symbol('not a form body');

export function dqeErrorBody(
  id: DqeErrorId,
  operator?: string,
): { status: 'error'; error_type: string; error_id: DqeErrorId } {
  return { status: 'error', error_type: dqeErrorType(id, operator), error_id: id };
}

export const dqeError = (c: Context, id: DqeErrorId) => c.json(dqeErrorBody(id), 200);
/** The token endpoint's refusals: DQE's error body, HTTP 400 as its token pages answer. */
const tokenError = (c: Context, id: DqeErrorId) => c.json(dqeErrorBody(id), 400);
/** An answer without DQE's error body, as DQE's token page documents for an outage or a typo. */
const bare = (c: Context, status: 400 | 500, text: string) => c.text(text, status);

/** Query parameters, overridden by form fields of a POST body. */
export async function readParams(c: Context): Promise<Params | typeof NOT_FORM> {
  const params: Params = {};
  for (const [k, v] of new URL(c.req.url).searchParams) if (!(k in params)) params[k] = v;
  if (c.req.method !== 'POST') return params;
  const type = ((c.req.header('content-type') ?? '').split(';')[0] ?? '').trim().toLowerCase();
  if (type === 'multipart/form-data') {
    try {
      const form = await c.req.formData();
      for (const [k, v] of form) if (typeof v === 'string') params[k] = v;
    } catch {
      return NOT_FORM;
    }
    return params;
  }
  const text = await c.req.text();
  if (text === '') return params;
  if (type !== '' && type !== 'application/x-www-form-urlencoded') return NOT_FORM;
  for (const [k, v] of new URLSearchParams(text)) params[k] = v;
  return params;
}

/** Longest `redirect_uri`: the widget's 2048-character `return_url` plus the relay's sealed state. */
const MAX_REDIRECT_URI = 4096;

function isAbsoluteHttpUrl(s: string): boolean {
  if (s.length > MAX_REDIRECT_URI) return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export interface DqeRoutesContext {
  store: ConsentStore;
  /** Body size limit, answering 01 past it. */
  limit: MiddlewareHandler;
  /** The browser-facing base URL of the simulator, for consent URLs. */
  publicBase: (c: Context, endpoint: string) => string;
  /** Whether a `redirect_uri`'s origin is one the consent page may send the shopper to (no open redirect). */
  redirectAllowed: (origin: string) => boolean;
}

const both = (path: string): string[] => [path, `${path}/`];

export function registerDqeRoutes(app: Hono, { store, limit, publicBase, redirectAllowed }: DqeRoutesContext): void {
  app.on(['POST', 'GET'], both('/ACCESS_TOKEN'), limit, async (c) => {
    const p = await readParams(c);
    if (p === NOT_FORM) return tokenError(c, '01');
    const grant = p['grant_type'];
    const secret = p['client_secret'];
    const typo = Object.keys(p).some((k) => !TOKEN_PARAMS.has(k));
    const missing = !p['licence'] || (grant !== 'refresh_token' && (!secret || !grant));
    if (typo && missing) return bare(c, 500, 'Internal Server Error');
    if (!p['licence']) return tokenError(c, '01');
    if (!dqeLicence(p['licence'])) return bare(c, 400, 'Invalid Client');
    if (grant === 'refresh_token') {
      if (secret !== undefined && secret !== DEMO_CLIENT_SECRET) return tokenError(c, '03');
      const issued = store.refresh(p['refresh_token'] ?? '');
      return issued ? c.json(issued) : tokenError(c, '30');
    }
    if (!secret) return tokenError(c, '01');
    if (secret !== DEMO_CLIENT_SECRET) return tokenError(c, '03');
    if (!grant) return tokenError(c, '01');
    if (grant !== TOKEN_GRANT_TYPE) return tokenError(c, '31');
    return c.json(store.issueToken());
  });

  app.on(['POST', 'GET'], both('/IDMOBILE'), limit, async (c) => {
    const p = await readParams(c);
    if (p === NOT_FORM) return dqeError(c, '01');
    const licence = dqeLicence(p['licence']);
    if (!licence) return dqeError(c, '02');
    if (licence.matchFails) return bare(c, 500, 'Internal Server Error');
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = p['token'] || bearer || '';
    if (!token || !store.isTokenValid(token)) return dqeError(c, '30');
    if (p['scope'] === SIM_SWAP_SCOPE) return c.json(answerDqeSimSwap(p), 200);
    if (p['scope'] !== SCOPE) return dqeError(c, '04');
    if (p['mode'] !== '2') return dqeError(c, '01');
    if (!p['name']?.trim()) return dqeError(c, '01');
    if (p['country'] !== undefined && p['country'] !== '' && !/^[A-Za-z]{2}$/.test(p['country']))
      return dqeError(c, '01');
    const redirectUri = p['redirect_uri'] ?? '';
    if (redirectUri !== '' && (!isAbsoluteHttpUrl(redirectUri) || !redirectAllowed(new URL(redirectUri).origin)))
      return dqeError(c, '01');
    const infos = parseUserInfos(p['user_infos']);
    if (!infos.ok) return dqeError(c, infos.errorId);
    const found = lookupDqeLine(p['number'] ?? '');
    if (found.kind === 'error') return dqeError(c, found.errorId);
    const { subscriber } = found;
    if (subscriber.requiresPhoneKey && infos.value.phone.trim() === '') {
      return c.json(dqeErrorBody('07', subscriber.operator), 200);
    }
    if (!subscriber.consent) return c.json(scoreSubscriber(infos.value, subscriber));
    if (redirectUri === '') return dqeError(c, '01');
    const session = store.createSession({
      subscriber,
      sent: infos.value,
      partnerName: p['name'].trim().slice(0, 100),
      redirectUri,
      codeName: (p['code_name'] ?? '').slice(0, 128),
    });
    return c.json({
      status: 'success',
      operator: subscriber.operator,
      url: `${publicBase(c, '/IDMOBILE')}/consent/${session.id}`,
    });
  });

  app.on(['GET', 'POST'], both('/GET'), limit, async (c) => {
    const p = await readParams(c);
    if (p === NOT_FORM) return dqeError(c, '01');
    const licence = dqeLicence(p['Licence'] ?? p['licence']);
    if (!licence) return dqeError(c, '02');
    if (licence.resultFails) return bare(c, 500, 'Internal Server Error');
    const scope = p['scope'] ?? '';
    if (!licence.resultScopes.includes(scope)) return dqeError(c, '04');
    const id = p['token'] ?? '';
    if (id === '') return dqeError(c, '01');
    const session = store.getSession(id);
    if (session === undefined || session === 'expired') return dqeError(c, '30');
    if (session.decision === 'pending') return c.json({ status: 'pending', scope });
    if (session.decision === 'refused') return dqeError(c, '21');
    session.pollsAfterDecision++;
    if (session.pollsAfterDecision === 1) return c.json({ status: 'pending', scope });
    return c.json({
      status: 'success',
      scope,
      code_name: session.codeName,
      matching: scoreRetrieval(session.sent, session.subscriber),
    });
  });
}
