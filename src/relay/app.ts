/**
 * The relay as a hono app, relative routes, so it can be served at the root or mounted under a prefix
 * (`app.route('/api/idmobile', relay)`). Runs wherever web-standard Request/Response and Web Crypto do.
 *
 * Browser API (CORS for allowed origins only): `POST /match`, `POST /result`, `GET /health`.
 * Server API (server-api.ts; only when `apiKey` is set, else 404): `POST /sessions`, `POST /verify`.
 *
 * `/match` pipeline, in this order: security headers; `Origin` (403, configured origins only: nothing from
 * `Host` or the request target); per-client limit (429); JSON content type (415); body size (413) and read
 * deadline; JSON and schema (400, naming the field; a body without the v3 widget's `"v":3` is R502); session
 * (401, required by default on a real upstream); `return_url` rules (400) and origin (403); the limits of the
 * order's reference (`max_checks`, failing closed), of the number per client and per reference, and the
 * number's cap (429); a fresh nonce and the sealed state appended to `return_url`; the upstream; the answer
 * (answers.ts).
 *
 * `/result`: the same up to the schema; the sealed `state` (400), the session with the state's reference
 * (401), the state and the token not used yet (409, checked before anything is asked upstream; 503 when the
 * store cannot say), the upstream, the result bound to the check that created the state (DQE's `code_name` must
 * echo the state's nonce: else 502 `consent_unbound`, final), both marked used on a final answer, an attestation
 * bound with the state's inputs (`path: "consent"`).
 */
import { Hono, type Context } from 'hono';
import { relayErrorStatus, type RelayErrorId } from '../protocol/errors.js';
import { DEFAULT_REQUIRED, expandFields, type IdentityField } from '../protocol/fields.js';
import { MatchRequest, ResultRequest } from '../protocol/schemas.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../protocol/scores.js';
import { createAnswers } from './answers.js';
import { readJsonBody, type BodySchema } from './body.js';
import { DEFAULT_DISCLOSURE, type DisclosurePolicy } from './disclosure.js';
import { errorTypeFor } from './error-types.js';
import {
  clientKeyOf,
  DEFAULT_CLIENT_LIMIT,
  DEFAULT_PHONE_CAP,
  DEFAULT_PHONE_CLIENT_LIMIT,
  DEFAULT_PHONE_REFERENCE_LIMIT,
  hitLimit,
  type Limit,
} from './limits.js';
import { createLogger, type LogSink } from './log.js';
import { allowedOriginMatcher, checkReturnUrl, originOf } from './origins.js';
import { addServerApi } from './server-api.js';
import { createMemoryStore } from './store/memory.js';
import type { RelayStore } from './store/types.js';
import { DEFAULT_ISSUER, type AttestationPath, type RelayMode } from './trust/attestation.js';
import { foldIdentity } from './trust/binding.js';
import { hmacBase64url } from './trust/fast-crypto.js';
import { trustKeys } from './trust/keys.js';
import { openSession, type SessionClaims } from './trust/sessions.js';
import { newNonce, openState, sealState, withState, type StateClaims } from './trust/state.js';
import type { Upstream, UpstreamAnswer, UpstreamErrorId } from './upstreams/types.js';

export interface RelayPolicy {
  thresholds?: Partial<Thresholds>;
  /** Fields the attestation's verdict requires (`address` = its four parts). Default `given_name family_name`. */
  required?: readonly IdentityField[];
  /** What the browser's answer may show (`RELAY_DISCLOSE`, disclosure.ts). The sealed claim keeps every score. */
  disclose?: DisclosurePolicy;
}

export interface RelayOptions {
  /** The operator API that answers (DQE, CAMARA, or the simulator behind either). */
  upstream: Upstream;
  /** Reported by `/health`, written in every attestation (`test`: refused by verifiers unless they opt in). */
  mode: RelayMode;
  /** Origins allowed to call the browser API and to receive the shopper back: exact, or `scheme://host:*`. */
  allowedOrigins: readonly string[];
  /** HS256 key of attestations; sessions, digests, sealed claims and states use keys derived from it. */
  attestationSecret: string;
  /** The attestations' `iss` (RELAY_ISSUER). Default `idmobile-relay`. */
  issuer?: string;
  /** DQE_CONSENT_BINDING. Default `code_name`. */
  consentBinding?: 'code_name' | 'off';
  /** Lifetime of attestations in seconds (default 900). */
  attestationTtlSeconds?: number;
  policy?: RelayPolicy;
  /** `/match` and `/result` need a valid check session (R401). Default: true, except in test mode. */
  requireSession?: boolean;
  /** Enables the server API (`/sessions`, `/verify`) behind `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** When non-empty, consent URLs from the upstream must be within these origins (else R502). */
  operatorOrigins?: readonly string[];
  /** Plain-http consent URLs to loopback hosts accepted. Default: only in test mode. */
  allowLoopbackConsent?: boolean;
  /**
   * Per client (default 30 per minute); per (number, client) and per (number, order reference) (default 5 per
   * hour each) and per number across everyone (default 30 per hour): the number's limits are off in test mode
   * unless given.
   */
  limits?: {
    client?: Limit | false;
    phoneClient?: Limit | false;
    phoneReference?: Limit | false;
    phoneCap?: Limit | false;
  };
  /** The client is the last `X-Forwarded-For` hop when it is an IP address (behind one reverse proxy). */
  trustProxy?: boolean;
  /** Identifies a client for its limit (default: the socket's address, IPv6 by /64; see limits.ts). */
  clientKey?: (c: Context) => string;
  /** Counters, single-use marks, shared values. Default: in memory (one process). */
  store?: RelayStore;
  /** Configured secrets of the upstream (licence, client secret): never in an answer or a log line. */
  secrets?: readonly (string | undefined)[];
  /** Largest accepted request body in bytes (default 16 KiB). */
  maxBodyBytes?: number;
  /** Time to receive a request body (default 10 s). */
  bodyTimeoutMs?: number;
  /** Receives every log entry (already redacted); default one JSON line on stdout. */
  logger?: LogSink;
  now?: () => number;
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
/** How long a used state or delivered consent token stays refused (R409): longer than either can live. */
const USED_TTL_MS = 24 * 3_600_000;

const BROWSER_ROUTES = ['/match', '/result', '/health'];
/** DQE's retrieval errors after which the shopper's retry with the same token and state is served. */
const RETRYABLE_RESULT_ERRORS = new Set(['18', '99', '30']);

/** A failure of the upstream (not an answer): any error carrying `id` R502 or R504. */
function upstreamFailureId(e: unknown): UpstreamErrorId | null {
  const id = e !== null && typeof e === 'object' ? (e as { id?: unknown }).id : undefined;
  return id === 'R502' || id === 'R504' ? id : null;
}

/** The socket's address on Node (`@hono/node-server`), or what another runtime's adapter put in `env`. */
function remoteAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; remoteAddress?: unknown } | undefined;
  const fromNode = env?.incoming?.socket?.remoteAddress;
  if (typeof fromNode === 'string') return fromNode;
  return typeof env?.remoteAddress === 'string' ? env.remoteAddress : undefined;
}

/** Creates the relay app. See the module comment for the routes and the pipeline. */
export function createRelay(options: RelayOptions): Hono {
  const now = options.now ?? Date.now;
  const mode = options.mode;
  const testMode = mode === 'test';
  const secret = options.attestationSecret;
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const configuredSecrets = [...(options.secrets ?? []), secret, options.apiKey].filter(
    (s): s is string => typeof s === 'string' && s.length >= 3,
  );
  const log = createLogger({ sink: options.logger, secrets: configuredSecrets, now });
  const upstream = options.upstream;
  const store = options.store ?? createMemoryStore({ now });
  const isAllowed = allowedOriginMatcher(options.allowedOrigins, testMode);
  const requireSession = options.requireSession ?? !testMode;
  const consentBinding = options.consentBinding ?? 'code_name';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const limitOf = (given: Limit | false | undefined, fallback: Limit): Limit | false =>
    given === undefined ? (testMode ? false : fallback) : given;
  const clientLimit = options.limits?.client === undefined ? DEFAULT_CLIENT_LIMIT : options.limits.client;
  const phoneLimits = {
    phone_client: limitOf(options.limits?.phoneClient, DEFAULT_PHONE_CLIENT_LIMIT),
    phone_reference: limitOf(options.limits?.phoneReference, DEFAULT_PHONE_REFERENCE_LIMIT),
    phone_cap: limitOf(options.limits?.phoneCap, DEFAULT_PHONE_CAP),
  };
  const clientKey =
    options.clientKey ??
    ((c: Context) => clientKeyOf(remoteAddress(c), c.req.header('x-forwarded-for'), options.trustProxy ?? false));
  const keys = trustKeys(secret);
  keys.catch(() => {});
  const outcomes = new WeakMap<Request, string>();
  const outcome = (c: Context, value: string) => outcomes.set(c.req.raw, value);

  const relayError = (c: Context, id: RelayErrorId, detail?: string) => {
    outcome(c, id);
    const errorType = detail ? `${errorTypeFor(id)}: ${detail}` : errorTypeFor(id);
    return c.json({ status: 'error', error_id: id, error_type: errorType }, relayErrorStatus(id) as 400);
  };

  const answers = createAnswers({
    mode,
    issuer,
    secret,
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.policy?.thresholds },
    required: expandFields(options.policy?.required ?? DEFAULT_REQUIRED),
    disclosure: options.policy?.disclose ?? DEFAULT_DISCLOSURE,
    operatorOrigins: options.operatorOrigins ?? [],
    allowLoopbackConsent: options.allowLoopbackConsent ?? testMode,
    attestationTtlSeconds: options.attestationTtlSeconds,
    secrets: configuredSecrets,
    log,
    now,
    relayError,
    outcome,
  });

  async function readBody<T>(c: Context, schema: BodySchema<T>): Promise<{ data: T } | { response: Response }> {
    const read = await readJsonBody(c.req.raw, schema, { maxBytes: maxBody, timeoutMs: bodyTimeoutMs });
    if ('data' in read) return read;
    if (read.problem.slow) log.warn('body_timeout', { path: c.req.path, timeout_ms: bodyTimeoutMs });
    return { response: relayError(c, read.problem.id, read.problem.detail) };
  }

  /**
   * The session of a request: its claims, `null` when there is none and none is needed, or the R401 answer.
   * `needed` adds to the relay's own rule (a consent result started under a session needs one too).
   */
  async function sessionOf(
    c: Context,
    token: string | undefined,
    needed = false,
  ): Promise<{ claims: SessionClaims | null } | { response: Response }> {
    if (token === undefined || token === '') {
      if (requireSession || needed) {
        log.warn('session_refused', { reason: 'missing', path: c.req.path });
        return { response: relayError(c, 'R401', 'a session is required (create one with POST /sessions)') };
      }
      return { claims: null };
    }
    const claims = await openSession(token, secret, { now });
    if (!claims) {
      log.warn('session_refused', { reason: 'invalid or expired', path: c.req.path });
      return { response: relayError(c, 'R401') };
    }
    return { claims };
  }

  /** A counter key of the limits: an HMAC of its parts, so that no phone number or reference is ever a key. */
  const limitKey = async (...parts: string[]) => hmacBase64url((await keys).limits, parts.join('\u0000'));

  /** The number's limits (per client, per reference, cap), in that order: the first one exceeded answers 429. */
  async function phoneLimited(c: Context, e164: string, ref: string | null): Promise<Response | null> {
    const phone = await limitKey('phone', e164);
    const buckets: Array<[keyof typeof phoneLimits, string | null]> = [
      ['phone_client', `limit:phone-client:${await limitKey(phone, clientKey(c))}`],
      ['phone_reference', ref === null ? null : `limit:phone-ref:${await limitKey(phone, ref)}`],
      ['phone_cap', `limit:phone:${phone}`],
    ];
    for (const [name, key] of buckets) {
      const limit = phoneLimits[name];
      if (!limit || key === null) continue;
      const d = await hitLimit(store, key, limit, log);
      if (!d.allowed) {
        c.header('Retry-After', String(d.retryAfterSeconds));
        log.warn('rate_limited', { path: c.req.path, limit: name });
        outcome(c, 'R429');
        return c.json({ ...rateLimited(), retry_after: d.retryAfterSeconds }, 429);
      }
    }
    return null;
  }
  const rateLimited = () => ({ status: 'error', error_id: 'R429', error_type: errorTypeFor('R429') });

  /** The order's checks (`max_checks`, shared by every session of its reference): a grant, so it fails closed. */
  async function checksLeft(c: Context, claims: SessionClaims): Promise<Response | null> {
    const key = `limit:checks:${await limitKey('reference', claims.ref)}`;
    const windowMs = Math.max(1000, claims.exp * 1000 - now() + 60_000);
    try {
      const hit = await store.increment(key, windowMs);
      if (hit.count <= claims.max) return null;
    } catch (e) {
      log.error('store_unavailable', { operation: 'max_checks', error: e });
      return relayError(c, 'R503');
    }
    log.warn('rate_limited', { path: c.req.path, limit: 'session' });
    return relayError(c, 'R429', 'this order has no checks left (max_checks)');
  }

  const upstreamFailure = (c: Context, e: unknown): Response => {
    const id = upstreamFailureId(e);
    if (id) return relayError(c, id);
    throw e;
  };

  /** Marks a single-use key; false when it was already marked; throws when the store fails. */
  const markUsed = (key: string) => store.mark(key, USED_TTL_MS);

  const app = new Hono();

  // security headers and the access log
  app.use('*', async (c, next) => {
    const started = now();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (new URL(c.req.url).protocol === 'https:')
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      outcome: outcomes.get(c.req.raw) ?? null,
      ms: now() - started,
    });
  });

  // browser API: Origin and CORS (configured origins only)
  for (const route of BROWSER_ROUTES) {
    app.use(route, async (c: Context, next) => {
      c.header('Vary', 'Origin');
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        if (!isAllowed(origin)) {
          log.warn('origin_refused', { origin: originOf(origin) ?? 'opaque' });
          return relayError(c, 'R403');
        }
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Expose-Headers', 'Retry-After');
      }
      if (c.req.method === 'OPTIONS') {
        if (origin !== undefined) {
          c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
          c.header('Access-Control-Allow-Headers', 'Content-Type');
          c.header('Access-Control-Max-Age', '600');
        }
        c.header('Allow', 'GET, POST, OPTIONS');
        return c.body(null, 204);
      }
      await next();
    });
  }

  // per-client limit on the endpoints that cost an upstream call
  const limited = async (c: Context, next: () => Promise<void>) => {
    if (clientLimit) {
      const d = await hitLimit(store, `limit:client:${clientKey(c)}`, clientLimit, log);
      if (!d.allowed) {
        c.header('Retry-After', String(d.retryAfterSeconds));
        log.warn('rate_limited', { path: c.req.path, limit: 'client' });
        outcome(c, 'R429');
        return c.json({ ...rateLimited(), retry_after: d.retryAfterSeconds }, 429);
      }
    }
    await next();
  };
  app.use('/match', limited);
  app.use('/result', limited);

  addServerApi(app, {
    apiKey: options.apiKey,
    secret,
    mode,
    issuer,
    store,
    log,
    maxBodyBytes: maxBody,
    bodyTimeoutMs,
    outcome,
    now,
  });

  app.get('/health', (c) => c.json({ status: 'ok', mode }));

  app.post('/match', async (c) => {
    const body = await readBody(c, MatchRequest);
    if ('response' in body) return body.response;
    const request = body.data;
    if (request.v !== 3) {
      log.warn('widget_v2', { action: 'upgrade the widget with the relay: its answers are v3' });
      return relayError(c, 'R502', 'this widget is older than the relay: upgrade it');
    }
    const session = await sessionOf(c, request.session);
    if ('response' in session) return session.response;
    let returnUrl: URL | undefined;
    if (request.return_url !== undefined) {
      const checked = checkReturnUrl(request.return_url, isAllowed);
      if (!checked.ok) {
        log.warn('return_url_refused', { reason: checked.reason, return_origin: originOf(request.return_url) });
        return relayError(c, checked.id, checked.reason);
      }
      returnUrl = checked.url;
    }
    const claims = session.claims;
    if (claims) {
      const refused = await checksLeft(c, claims);
      if (refused) return refused;
    }
    const limitedPhone = await phoneLimited(c, request.phone, claims?.ref ?? null);
    if (limitedPhone) return limitedPhone;
    const state: StateClaims = {
      nonce: newNonce(),
      ref: claims?.ref ?? null,
      phone: request.phone,
      identity: foldIdentity(request.identity),
    };
    const redirectUri = returnUrl ? withState(returnUrl, await sealState(state, secret, { now })) : undefined;
    let a: UpstreamAnswer;
    try {
      a = await upstream.match(
        { scope: request.scope, phone: request.phone, identity: request.identity },
        redirectUri,
        { nonce: state.nonce },
      );
    } catch (e) {
      return upstreamFailure(c, e);
    }
    if (a.kind === 'pending') {
      log.error('upstream_unexpected', { endpoint: 'match', kind: 'pending' });
      return relayError(c, 'R502');
    }
    return answers.answer(c, a, state, 'direct');
  });

  app.post('/result', async (c) => {
    const body = await readBody(c, ResultRequest);
    if ('response' in body) return body.response;
    const { token, state: sealed } = body.data;
    if (sealed === undefined) return relayError(c, 'R400', 'state: required (the idmobile_state of the return URL)');
    const state = await openState(sealed, secret, { now });
    if (!state) {
      log.warn('state_refused', { reason: 'invalid or expired' });
      return relayError(c, 'R400', 'state: invalid or expired: start the check again');
    }
    const session = await sessionOf(c, body.data.session, state.ref !== null);
    if ('response' in session) return session.response;
    if ((requireSession || state.ref !== null) && session.claims?.ref !== state.ref) {
      log.warn('session_refused', { reason: 'reference differs from the check', path: c.req.path });
      return relayError(c, 'R401', 'the session is not the one this check was started with');
    }
    const stateOnce = `once:state:${state.nonce}`;
    const tokenOnce = `once:result:${await limitKey('result-token', token)}`;
    try {
      if ((await store.isMarked(stateOnce)) || (await store.isMarked(tokenOnce))) return relayError(c, 'R409');
    } catch (e) {
      log.error('store_unavailable', { operation: 'single_use', error: e });
      return relayError(c, 'R503');
    }
    let a: UpstreamAnswer;
    try {
      a = await upstream.result(token, { nonce: state.nonce });
    } catch (e) {
      return upstreamFailure(c, e);
    }
    if (a.kind === 'pending') {
      outcome(c, 'pending');
      return c.json({ status: 'pending' }, 200);
    }
    if (a.kind === 'consent') {
      log.error('upstream_unexpected', { endpoint: 'result', kind: 'consent' });
      return relayError(c, 'R502');
    }
    let path: AttestationPath = 'consent';
    let unbound = false;
    if (a.kind === 'scores' && upstream.mode === 'dqe') {
      if (consentBinding === 'off') path = 'consent-unbound';
      else unbound = a.codeName !== state.nonce;
    }
    // a final answer uses the state and the token up; a retryable retrieval error (18, 99, 30) does not
    const final = a.kind === 'scores' || !RETRYABLE_RESULT_ERRORS.has(a.id);
    try {
      if (final && !((await markUsed(stateOnce)) && (await markUsed(tokenOnce)))) return relayError(c, 'R409');
    } catch (e) {
      log.error('store_unavailable', { operation: 'single_use', error: e });
      return relayError(c, 'R503');
    }
    if (unbound) {
      log.error('consent_unbound', { reason: 'the retrieval answer does not echo the check nonce (code_name)' });
      return relayError(c, 'R502', 'the consent result is not bound to this check: start again');
    }
    return answers.answer(c, a, state, path);
  });

  app.on(['GET', 'PUT', 'DELETE', 'PATCH'], ['/match', '/result'], (c) => {
    c.header('Allow', 'POST, OPTIONS');
    outcome(c, 'method_not_allowed');
    return c.json({ status: 'error', error_id: 'R405', error_type: 'method not allowed' }, 405);
  });

  app.notFound((c) => c.json({ status: 'error', error_id: 'R404', error_type: 'not found' }, 404));
  app.onError((err, c) => {
    log.error('internal_error', { error: err });
    return c.json({ status: 'error', error_id: 'R500', error_type: 'internal error' }, 500);
  });

  return app;
}
