/**
 * Access tokens for CAMARA KYC Match (CAMARA Security and Interoperability Profile):
 * - CIBA (three-legged, per phone number): `POST {authorizeUrl}` (`bc-authorize`) with `login_hint=tel:+33…` and
 *   the scope, then the token endpoint polled with `grant_type=urn:openid:params:grant-type:ciba` and the
 *   `auth_req_id`, every `interval` seconds (5 by default), `slow_down` adding 5 seconds, `authorization_pending`
 *   waiting, all within the caller's deadline;
 * - `client_credentials` (two-legged, sandboxes): one token for every check.
 * The client authenticates with HTTP Basic (`client_secret_basic`).
 *
 * OAuth errors (RFC 6749 §5.2, OpenID CIBA §11 and §13) become the relay's outcomes ({@link mapOAuthError}).
 */
import { formPost, isObject, type Exchange } from '../http.js';
import type { UpstreamAnswer, UpstreamErrorId } from '../types.js';
import { UpstreamError } from '../upstream-error.js';
import type { Logger } from '../../log.js';
import { parseTokenAnswer } from '../dqe/answers.js';

export const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba';
/** The scope of a CIBA request for KYC Match: OpenID, the purpose (fraud prevention) and the API's own scope. */
export const CIBA_SCOPE = 'openid dpv:FraudPreventionAndDetection kyc-match:match';
/** The scope of a two-legged token. */
export const CLIENT_CREDENTIALS_SCOPE = 'dpv:FraudPreventionAndDetection kyc-match:match';
/** CIBA's default polling interval (seconds) when the authorization server names none. */
export const DEFAULT_INTERVAL_SECONDS = 5;
/** What `slow_down` adds to the interval (seconds), per CIBA §11. */
export const SLOW_DOWN_SECONDS = 5;

export type OAuthOutcome =
  | { kind: 'error'; id: string; errorType: string }
  | { kind: 'failure'; id: UpstreamErrorId; reason: string }
  | { kind: 'pending' }
  | { kind: 'slow_down' };

/** The OAuth `error` code of a body, when it has the RFC 6749 alphabet. */
export function oauthErrorCode(body: unknown): string | null {
  if (!isObject(body)) return null;
  const e = body['error'];
  return typeof e === 'string' && /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,80}$/.test(e) ? e : null;
}

/**
 * An OAuth error code as the relay's outcome. The token refusals reuse DQE's ids for the same causes, so the widget
 * shows them as integration errors: `invalid_client` 03, `unauthorized_client` 22, `unsupported_grant_type` 31,
 * `invalid_scope` 04, `invalid_request` 01; the subscriber's own answers: `access_denied` 21 (refused),
 * `unknown_user_id` 10 (no such subscriber); `expired_token` (the CIBA request expired unanswered) `R504`;
 * `authorization_pending` and `slow_down` keep polling; anything else `R502`.
 */
export function mapOAuthError(code: string): OAuthOutcome {
  const error = (id: string): OAuthOutcome => ({ kind: 'error', id, errorType: `CAMARA authorization: ${code}` });
  switch (code) {
    case 'authorization_pending':
      return { kind: 'pending' };
    case 'slow_down':
      return { kind: 'slow_down' };
    case 'invalid_client':
      return error('03');
    case 'unauthorized_client':
      return error('22');
    case 'unsupported_grant_type':
      return error('31');
    case 'invalid_scope':
      return error('04');
    case 'invalid_request':
      return error('01');
    case 'access_denied':
      return error('21');
    case 'unknown_user_id':
      return error('10');
    case 'expired_token':
      return { kind: 'failure', id: 'R504', reason: 'the CIBA request expired before the subscriber answered' };
    default:
      return { kind: 'failure', id: 'R502', reason: `OAuth error ${code}` };
  }
}

/** The token endpoint or `bc-authorize` refused: an answer for the shopper (its `answer`), not a failure. */
export class AuthorizationRefused extends Error {
  constructor(readonly answer: UpstreamAnswer & { kind: 'error' }) {
    super('authorization refused');
  }
}

export interface OAuthOptions {
  tokenUrl: string;
  /** CIBA's backchannel authentication endpoint (required for CIBA). */
  authorizeUrl?: string;
  clientId: string;
  clientSecret: string;
  exchange: Exchange;
  now: () => number;
  /** Waits between polls; injectable so that tests need not wait. */
  sleep: (ms: number) => Promise<void>;
  log: Logger;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/** `client_secret_basic`: the form-encoded id and secret, base64 of `id:secret`. */
export function basicAuth(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  const bytes = new TextEncoder().encode(`${enc(clientId)}:${enc(clientSecret)}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

// an OAuth error is an answer (400/401); a 5xx or a body that is not JSON is a failure
const oauthFailure = (status: number, body: unknown): string | null =>
  status >= 500 ? `HTTP ${status}` : body === undefined ? `HTTP ${status}, not JSON` : null;

export function createOAuth(options: OAuthOptions) {
  const { exchange, now, log } = options;
  const authorization = basicAuth(options.clientId, options.clientSecret);

  function outcomeOrThrow(endpoint: string, status: number, body: unknown): OAuthOutcome | null {
    const code = oauthErrorCode(body);
    if (code === null) {
      if (status >= 200 && status <= 299) return null;
      throw new UpstreamError('R502', `HTTP ${status} without an OAuth error`, endpoint);
    }
    const outcome = mapOAuthError(code);
    if (outcome.kind === 'error') {
      log.warn('camara_authorization_refused', { endpoint, oauth_error: code, error_id: outcome.id });
      throw new AuthorizationRefused({ kind: 'error', id: outcome.id, errorType: outcome.errorType });
    }
    if (outcome.kind === 'failure') throw new UpstreamError(outcome.id, outcome.reason, endpoint);
    return outcome;
  }

  function issued(endpoint: string, body: unknown): IssuedAccessToken {
    const t = parseTokenAnswer(body);
    if (!t) throw new UpstreamError('R502', 'token answer without a usable access_token', endpoint);
    log.addSecret(t.token);
    const expiresIn = t.expiresIn ?? 60;
    log.info('token_obtained', { endpoint, expires_in: expiresIn });
    return { token: t.token, expiresIn };
  }

  async function clientCredentials(deadline: number): Promise<IssuedAccessToken> {
    const params = new URLSearchParams({ grant_type: 'client_credentials', scope: CLIENT_CREDENTIALS_SCOPE });
    const { status, body } = await exchange({
      endpoint: 'token',
      url: options.tokenUrl,
      init: formPost(params, { authorization }),
      idempotent: true,
      deadline,
      failure: oauthFailure,
    });
    const outcome = outcomeOrThrow('token', status, body);
    if (outcome !== null) throw new UpstreamError('R502', `unexpected ${outcome.kind} for client_credentials`, 'token');
    return issued('token', body);
  }

  async function ciba(phone: string, deadline: number): Promise<IssuedAccessToken> {
    if (!options.authorizeUrl)
      throw new UpstreamError('R502', 'CIBA without an authorization endpoint', 'bc-authorize');
    const started = await exchange({
      endpoint: 'bc-authorize',
      url: options.authorizeUrl,
      init: formPost(new URLSearchParams({ login_hint: `tel:${phone}`, scope: CIBA_SCOPE }), { authorization }),
      idempotent: false,
      deadline,
      failure: oauthFailure,
    });
    outcomeOrThrow('bc-authorize', started.status, started.body);
    const b = isObject(started.body) ? started.body : {};
    const authReqId = b['auth_req_id'];
    if (typeof authReqId !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(authReqId))
      throw new UpstreamError('R502', 'bc-authorize answer without a usable auth_req_id', 'bc-authorize');
    log.addSecret(authReqId);
    const rawInterval = b['interval'];
    let interval =
      typeof rawInterval === 'number' && Number.isFinite(rawInterval) && rawInterval >= 0 && rawInterval <= 60
        ? rawInterval
        : DEFAULT_INTERVAL_SECONDS;
    const rawExpiry = b['expires_in'];
    const expiresAt =
      typeof rawExpiry === 'number' && Number.isFinite(rawExpiry) && rawExpiry > 0
        ? now() + rawExpiry * 1000
        : Infinity;
    // the time of the next poll counts every wait asked for, so that the budget holds whatever `sleep` does
    let wake = now();
    for (let poll = 1; ; poll++) {
      wake = Math.max(now(), wake) + interval * 1000;
      if (wake >= deadline) {
        throw new UpstreamError('R504', `CIBA: no token within the time budget (${poll - 1} polls)`, 'token');
      }
      if (wake >= expiresAt) throw new UpstreamError('R504', 'CIBA: the request expires before the next poll', 'token');
      await options.sleep(interval * 1000);
      const { status, body } = await exchange({
        endpoint: 'token',
        url: options.tokenUrl,
        init: formPost(new URLSearchParams({ grant_type: CIBA_GRANT_TYPE, auth_req_id: authReqId }), {
          authorization,
        }),
        idempotent: true,
        deadline,
        failure: oauthFailure,
      });
      const outcome = outcomeOrThrow('token', status, body);
      if (outcome === null) return issued('token', body);
      if (outcome.kind === 'slow_down') interval += SLOW_DOWN_SECONDS;
      log.info('ciba_poll', { poll, outcome: outcome.kind, next_interval_s: interval });
    }
  }

  return { clientCredentials, ciba };
}
