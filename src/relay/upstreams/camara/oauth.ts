/**
 * Access tokens for CAMARA KYC Match (CAMARA Identity and Consent Management profile), one request each (the
 * caller decides when to poll):
 * - CIBA (three-legged, decoupled: the subscriber approves on their phone): `startCiba` sends
 *   `bc-authorize` with `login_hint=tel:+33…` and the scope; `pollCiba` asks the token endpoint
 *   once with `grant_type=urn:openid:params:grant-type:ciba` and the `auth_req_id` (`authorization_pending` and
 *   `slow_down` are answers, not errors);
 * - authorization code with PKCE (three-legged, network-based authentication on the shopper's own device):
 *   `exchangeCode`;
 * - `client_credentials` (two-legged, sandboxes): one token for every check.
 * The client authenticates as client-auth.ts says (`client_secret_basic` or `private_key_jwt`), the assertion's
 * audience being the endpoint called.
 *
 * OAuth errors (RFC 6749 §5.2, OpenID CIBA §11 and §13) become the relay's outcomes ({@link mapOAuthError}).
 */
import { formPost, isObject, type Exchange } from '../http.js';
import type { ClientAuthenticator } from './client-auth.js';
import type { UpstreamAnswer, UpstreamErrorId } from '../types.js';
import { UpstreamError } from '../upstream-error.js';
import type { Logger } from '../../log.js';
import { parseTokenAnswer } from '../dqe/answers.js';

export const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba';
export const AUTHORIZATION_CODE_GRANT_TYPE = 'authorization_code';
/** The default scope of a three-legged request for KYC Match: OpenID, the purpose and the API's own scope. */
export const DEFAULT_SCOPE = 'openid dpv:FraudPreventionAndDetection kyc-match:match';
/** A two-legged token has no end user: the same scope without `openid`. */
export const twoLeggedScope = (scope: string): string =>
  scope
    .split(/\s+/)
    .filter((s) => s !== '' && s !== 'openid')
    .join(' ');
/** CIBA's default polling interval (seconds) when the authorization server names none. */
export const DEFAULT_INTERVAL_SECONDS = 5;
/** What `slow_down` adds to the interval (seconds), per CIBA §11. */
export const SLOW_DOWN_SECONDS = 5;

export type OAuthOutcome =
  | { kind: 'error'; id: string; errorType: string }
  | { kind: 'failure'; id: UpstreamErrorId; reason: string }
  | { kind: 'pending' }
  | { kind: 'slow_down' }
  | { kind: 'expired' };

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
 * `unknown_user_id` 10 (no such subscriber); `expired_token` (the CIBA request expired unanswered) `expired`
 * (the check's `timeout`);
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
      return { kind: 'expired' };
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

/** The authorization server's endpoints (set one by one, or read by OpenID discovery). */
export interface OAuthEndpoints {
  token: string;
  bcAuthorize?: string;
  authorization?: string;
}

export interface OAuthOptions {
  endpoints: () => Promise<OAuthEndpoints>;
  clientAuth: ClientAuthenticator;
  scope: string;
  exchange: Exchange;
  log: Logger;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/** A CIBA request the operator accepted: the subscriber is being asked. */
export interface CibaStarted {
  authReqId: string;
  /** Seconds until the request expires (CIBA's `expires_in`; 120 when missing). */
  expiresIn: number;
  /** Seconds between token polls (CIBA's `interval`; 5 when missing). */
  interval: number;
}

export type CibaPoll =
  { kind: 'token'; token: IssuedAccessToken } | { kind: 'pending' } | { kind: 'slow_down' } | { kind: 'expired' };

// an OAuth error is an answer (400/401); a 5xx or a body that is not JSON is a failure
const oauthFailure = (status: number, body: unknown): string | null =>
  status >= 500 ? `HTTP ${status}` : body === undefined ? `HTTP ${status}, not JSON` : null;

const MAX_CIBA_EXPIRY_S = 600;
const MAX_INTERVAL_S = 60;

export function createOAuth(options: OAuthOptions) {
  const { exchange, log } = options;

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

  /** One authenticated form POST to the authorization server. */
  async function post(
    endpoint: string,
    url: string,
    form: Record<string, string>,
    deadline: number,
    idempotent: boolean,
  ) {
    const auth = await options.clientAuth(url);
    return exchange({
      endpoint,
      url,
      init: formPost(new URLSearchParams({ ...form, ...auth.params }), auth.headers),
      idempotent,
      deadline,
      failure: oauthFailure,
    });
  }

  async function clientCredentials(deadline: number): Promise<IssuedAccessToken> {
    const { token } = await options.endpoints();
    const form = { grant_type: 'client_credentials', scope: twoLeggedScope(options.scope) };
    const { status, body } = await post('token', token, form, deadline, true);
    const outcome = outcomeOrThrow('token', status, body);
    if (outcome !== null) throw new UpstreamError('R502', `unexpected ${outcome.kind} for client_credentials`, 'token');
    return issued('token', body);
  }

  /** `bc-authorize` for `phone`: the operator starts asking its subscriber. */
  async function startCiba(phone: string, deadline: number): Promise<CibaStarted> {
    const { bcAuthorize } = await options.endpoints();
    if (!bcAuthorize)
      throw new UpstreamError('R502', 'CIBA without a backchannel authentication endpoint', 'bc-authorize');
    const form = { login_hint: `tel:${phone}`, scope: options.scope };
    const started = await post('bc-authorize', bcAuthorize, form, deadline, false);
    const outcome = outcomeOrThrow('bc-authorize', started.status, started.body);
    if (outcome !== null) throw new UpstreamError('R502', `bc-authorize answered ${outcome.kind}`, 'bc-authorize');
    const b = isObject(started.body) ? started.body : {};
    const authReqId = b['auth_req_id'];
    if (typeof authReqId !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(authReqId))
      throw new UpstreamError('R502', 'bc-authorize answer without a usable auth_req_id', 'bc-authorize');
    log.addSecret(authReqId);
    const seconds = (v: unknown, fallback: number, max: number) =>
      typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.min(Math.ceil(v), max) : fallback;
    return {
      authReqId,
      expiresIn: seconds(b['expires_in'], 120, MAX_CIBA_EXPIRY_S),
      interval: seconds(b['interval'], DEFAULT_INTERVAL_SECONDS, MAX_INTERVAL_S),
    };
  }

  /** One token request for a CIBA request: the token, or not yet (`pending`, `slow_down`), or `expired`. */
  async function pollCiba(authReqId: string, deadline: number): Promise<CibaPoll> {
    const { token } = await options.endpoints();
    const { status, body } = await post(
      'token',
      token,
      { grant_type: CIBA_GRANT_TYPE, auth_req_id: authReqId },
      deadline,
      true,
    );
    const outcome = outcomeOrThrow('token', status, body);
    if (outcome === null) return { kind: 'token', token: issued('token', body) };
    if (outcome.kind === 'pending' || outcome.kind === 'slow_down' || outcome.kind === 'expired') return outcome;
    throw new UpstreamError('R502', `unexpected ${outcome.kind} for CIBA`, 'token');
  }

  /** The authorization code exchanged for this check's access token (PKCE verifier, the same redirect URI). */
  async function exchangeCode(code: string, codeVerifier: string, redirectUri: string, deadline: number) {
    const { token } = await options.endpoints();
    const form = {
      grant_type: AUTHORIZATION_CODE_GRANT_TYPE,
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    };
    // a code is single use: never sent twice
    const { status, body } = await post('token', token, form, deadline, false);
    const outcome = outcomeOrThrow('token', status, body);
    if (outcome !== null)
      throw new UpstreamError('R502', `unexpected ${outcome.kind} for an authorization code`, 'token');
    return issued('token', body);
  }

  return { clientCredentials, startCiba, pollCiba, exchangeCode };
}
