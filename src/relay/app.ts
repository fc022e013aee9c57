/**
 * The relay as a hono app, relative routes, so it can be served at the root or mounted under a prefix
 * (`app.route('/api/idmobile', relay)`). Runs wherever web-standard Request/Response and Web Crypto do.
 *
 * Browser API (CORS for allowed origins only): `POST /match`, `POST /result`, `GET /health`.
 * Server API (the merchant's backend; only when `apiKey` is set, else 404): `POST /sessions`, `POST /verify`,
 * `Authorization: Bearer <apiKey>` (constant-time comparison, 401), any `Origin` header refused (403), never a
 * CORS header.
 *
 * `/match` pipeline, in this order: security headers; `Origin` (403, configured origins only: nothing from
 * `Host` or the request target); per-client limit (429); JSON content type (415); body size (413) and read
 * deadline; JSON and schema (400, naming the field); session (401, required by default on a real upstream);
 * `return_url` rules (400) and origin (403); the session's `max_checks` and the per-phone limit (429); the
 * sealed state appended to `return_url`; the upstream; the answer, rebuilt from its parsed shape (scores with
 * the relay's verdict and a bound attestation, the fields the disclosure policy keeps from a stranger withheld:
 * disclosure.ts; a consent URL checked like the widget checks it, else 502).
 *
 * `/result`: the same up to the schema; the sealed `state` (400), the session with the state's reference
 * (401), single delivery (409; 503 when the store cannot say), the upstream, an attestation bound with the
 * state's digests.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { RELAY_ERROR_TYPES, relayErrorStatus, type RelayErrorId } from '../protocol/errors.js';
import { DEFAULT_REQUIRED, expandFields, type IdentityField } from '../protocol/fields.js';
import { TooLarge, TooSlow, readCappedText } from '../protocol/read-capped.js';
import { describeIssue, MatchRequest, ResultRequest } from '../protocol/schemas.js';
import { CONTROL_CHARS } from '../protocol/url-chars.js';
import { DEFAULT_THRESHOLDS, type Scores, type Thresholds } from '../protocol/scores.js';
import { DEFAULT_DISCLOSURE, disclose, type DisclosurePolicy } from './disclosure.js';
import { clientKeyOf, DEFAULT_CLIENT_LIMIT, DEFAULT_PHONE_LIMIT, hitLimit, type Limit } from './limits.js';
import { createLogger, type LogSink } from './log.js';
import { allowedOriginMatcher, checkRelayConsentUrl, checkReturnUrl, originOf } from './origins.js';
import { createMemoryStore } from './store/memory.js';
import type { RelayStore } from './store/types.js';
import { signAttestation, verifyAttestation, type RelayMode } from './trust/attestation.js';
import { bindIdentity, bindPhone, digest, type IdentityDigests } from './trust/binding.js';
import { trustKeys } from './trust/keys.js';
import { createCheckSession, openSession, sessionOptionsProblem, type SessionClaims } from './trust/sessions.js';
import { openState, sealState, withState } from './trust/state.js';
import type { Upstream, UpstreamAnswer, UpstreamErrorId } from './upstreams/types.js';

export interface RelayPolicy {
  thresholds?: Partial<Thresholds>;
  /** Fields the attestation's verdict requires (`address` = its four parts). Default `given_name family_name`. */
  required?: readonly IdentityField[];
  /**
   * What the browser's answer may show (`RELAY_DISCLOSE`). `on-name-match` (default): unless both names reach the
   * partial band, every other field's score is withheld from the browser (see disclosure.ts); `all`: every score.
   * The attestation keeps every score either way.
   */
  disclose?: DisclosurePolicy;
}

export interface RelayOptions {
  /** The operator API that answers (DQE, CAMARA, or the simulator behind either). */
  upstream: Upstream;
  /** Reported by `/health`, written in every attestation (`test`: refused by verifiers unless they opt in). */
  mode: RelayMode;
  /** Origins allowed to call the browser API and to receive the shopper back: exact, or `scheme://host:*`. */
  allowedOrigins: readonly string[];
  /** HS256 key of attestations; sessions, digests and the sealed state use keys derived from it. */
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
  /** Per-client (default 30 per minute) and per-phone (default 10 per hour, off in test mode) limits. */
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
  /** Configured secrets of the upstream (licence, client secret): never in an answer, not even `error_type`. */
  secrets?: readonly (string | undefined)[];
  /** Largest accepted request body in bytes (default 16 KiB). */
  maxBodyBytes?: number;
  /** Time to receive a request body (default 10 s). */
  bodyTimeoutMs?: number;
  /** Receives every log entry (already redacted); default one JSON line on stdout. */
  logger?: LogSink;
  now?: () => number;
}

type Json = Record<string, unknown>;

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
/** How long a delivered consent result stays refused (R409): far longer than any upstream token lives. */
const DELIVERED_TTL_MS = 24 * 3_600_000;

const BROWSER_ROUTES = ['/match', '/result', '/health'];
const SERVER_ROUTES = ['/sessions', '/verify'];

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

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

/** The browser's scores shape: a number per compared field, `""` where not compared. */
function scoresBody(s: Scores): Json {
  const v = (n: number | null) => (n === null ? '' : n);
  return {
    gender: v(s.gender),
    given_name: v(s.given_name),
    family_name: v(s.family_name),
    birthdate: v(s.birthdate),
    email: v(s.email),
    address: {
      street_address: v(s.address.street_address),
      postal_code: v(s.address.postal_code),
      locality: v(s.address.locality),
      country: v(s.address.country),
    },
  };
}

/** Equal strings in a time that does not depend on where they differ (both hashed first: equal lengths). */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const hash = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  const [a, b] = await Promise.all([hash(given), hash(expected)]);
  let diff = 0;
  a.forEach((byte, i) => (diff |= byte ^ (b[i] ?? 0)));
  return diff === 0;
}

const SessionsBody = z.object({
  reference: z.unknown(),
  ttl_seconds: z.unknown().optional(),
  max_checks: z.unknown().optional(),
});

const text = z.string().max(256).optional();
const VerifyBody = z.object({
  attestation: z.unknown().optional(),
  phone: z.string().max(64).optional(),
  identity: z
    .object({
      gender: text,
      given_name: text,
      family_name: text,
      birthdate: text,
      email: text,
      address: z.object({ street_address: text, postal_code: text, locality: text, country: text }).optional(),
    })
    .optional(),
  reference: z.string().max(128).optional(),
});

/** Creates the relay app. See the module comment for the routes and the pipeline. */
export function createRelay(options: RelayOptions): Hono {
  const now = options.now ?? Date.now;
  const mode = options.mode;
  const testMode = mode === 'test';
  const secret = options.attestationSecret;
  const configuredSecrets = [...(options.secrets ?? []), secret, options.apiKey].filter(
    (s): s is string => typeof s === 'string' && s.length >= 3,
  );
  const log = createLogger({ sink: options.logger, secrets: configuredSecrets, now });
  const upstream = options.upstream;
  const store = options.store ?? createMemoryStore({ now });
  const isAllowed = allowedOriginMatcher(options.allowedOrigins, testMode);
  const operatorOrigins = options.operatorOrigins ?? [];
  const allowLoopbackConsent = options.allowLoopbackConsent ?? testMode;
  const requireSession = options.requireSession ?? !testMode;
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.policy?.thresholds };
  const required = expandFields(options.policy?.required ?? DEFAULT_REQUIRED);
  const disclosure = options.policy?.disclose ?? DEFAULT_DISCLOSURE;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const clientLimit = options.limits?.client === undefined ? DEFAULT_CLIENT_LIMIT : options.limits.client;
  const phoneLimit =
    options.limits?.phoneCap === undefined ? (testMode ? false : DEFAULT_PHONE_LIMIT) : options.limits.phoneCap;
  const clientKey =
    options.clientKey ??
    ((c: Context) => clientKeyOf(remoteAddress(c), c.req.header('x-forwarded-for'), options.trustProxy ?? false));
  const keys = trustKeys(secret);
  keys.catch(() => {});
  const outcomes = new WeakMap<Request, string>();

  /** Removes every configured secret, control characters, and caps the length: for text from upstream. */
  const scrub = (value: string): string => {
    let out = value;
    for (const s of configuredSecrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out.replace(CONTROL_CHARS, ' ').slice(0, 200);
  };

  const relayError = (c: Context, id: RelayErrorId, detail?: string, type?: string) => {
    outcomes.set(c.req.raw, id);
    const errorType = type ?? (detail ? `${RELAY_ERROR_TYPES[id]}: ${detail}` : RELAY_ERROR_TYPES[id]);
    return c.json({ status: 'error', error_id: id, error_type: errorType }, relayErrorStatus(id) as 400);
  };

  type Parsed<T> = { data: T } | { response: Response };

  /** Reads and validates a JSON body against `schema` (415, 413, 400 with the field named). */
  async function readBody<T>(
    c: Context,
    schema: {
      safeParse(
        v: unknown,
      ): { success: true; data: T } | { success: false; error: Parameters<typeof describeIssue>[0] };
    },
  ): Promise<Parsed<T>> {
    if (!isJsonContentType(c.req.header('content-type'))) return { response: relayError(c, 'R415') };
    let body: string;
    try {
      body = await readCappedText(c.req.raw, maxBody, true, bodyTimeoutMs);
    } catch (e) {
      if (e instanceof TooLarge) return { response: relayError(c, 'R413', `at most ${maxBody} bytes`) };
      if (e instanceof TooSlow) {
        log.warn('body_timeout', { path: c.req.path, timeout_ms: bodyTimeoutMs });
        return { response: relayError(c, 'R400', `body not received within ${bodyTimeoutMs / 1000} s`) };
      }
      return { response: relayError(c, 'R400', 'body could not be read as UTF-8') };
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { response: relayError(c, 'R400', 'body is not valid JSON') };
    }
    const r = schema.safeParse(json);
    if (!r.success) return { response: relayError(c, 'R400', describeIssue(r.error)) };
    return { data: r.data };
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

  /** The relay's answer for a final upstream answer, rebuilt from its parsed shape. */
  async function answer(
    c: Context,
    a: Exclude<UpstreamAnswer, { kind: 'pending' }>,
    binding: { ref: string | null; phone: string; identity: IdentityDigests },
  ): Promise<Response> {
    switch (a.kind) {
      case 'scores': {
        if (a.invalid.length > 0) log.warn('scores_invalid', { fields: a.invalid });
        const { shown, withheld, verdict } = disclose(a.scores, disclosure, thresholds, required);
        const attestation = await signAttestation({ mode, ...binding, scores: a.scores, verdict }, secret, {
          ttlSeconds: options.attestationTtlSeconds,
          now,
        });
        outcomes.set(c.req.raw, `scores:${verdict}`);
        return c.json({ ...scoresBody(shown), verdict, ...(withheld.length > 0 && { withheld }), attestation }, 200);
      }
      case 'consent': {
        const safe = checkRelayConsentUrl(a.url, {
          operatorOrigins,
          allowLoopbackHttp: allowLoopbackConsent,
          strictHosts: !testMode,
          log,
        });
        if (!safe.ok) {
          log.error('consent_url_refused', { reason: scrub(safe.reason), origin: originOf(a.url) ?? 'opaque' });
          return relayError(c, 'R502', 'the operator answered an unsafe consent URL');
        }
        outcomes.set(c.req.raw, 'consent');
        const operator = scrub(a.operator).trim().slice(0, 100) || 'operator';
        return c.json({ status: 'success', operator, url: safe.href }, 200);
      }
      case 'error':
        outcomes.set(c.req.raw, `upstream_error:${a.id}`);
        return c.json({ status: 'error', error_id: a.id, error_type: scrub(a.errorType) }, 200);
    }
  }

  const upstreamFailure = (c: Context, e: unknown): Response => {
    const id = upstreamFailureId(e);
    if (id) return relayError(c, id);
    throw e;
  };

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
        return relayError(c, 'R429');
      }
    }
    await next();
  };
  app.use('/match', limited);
  app.use('/result', limited);

  // server API: enabled by the API key, never for browsers, never CORS
  for (const route of SERVER_ROUTES) {
    app.use(route, async (c: Context, next) => {
      if (!options.apiKey) {
        outcomes.set(c.req.raw, 'not_found');
        return c.json({ status: 'error', error_id: 'R404', error_type: 'not found' }, 404);
      }
      if (c.req.header('origin') !== undefined) {
        log.warn('server_api_from_browser', { path: c.req.path });
        return relayError(c, 'R403', undefined, 'the server API is not for browsers (request has an Origin)');
      }
      const key = /^Bearer ([^\s]{1,512})$/.exec(c.req.header('authorization') ?? '')?.[1];
      if (key === undefined || !(await sameSecret(key, options.apiKey))) {
        c.header('WWW-Authenticate', 'Bearer');
        log.warn('api_key_refused', { path: c.req.path });
        return relayError(c, 'R401', undefined, 'Authorization: Bearer <RELAY_API_KEY> missing or wrong');
      }
      if (c.req.method !== 'POST') {
        c.header('Allow', 'POST');
        outcomes.set(c.req.raw, 'method_not_allowed');
        return c.json({ status: 'error', error_id: 'R405', error_type: 'method not allowed' }, 405);
      }
      await next();
    });
  }

  app.get('/health', (c) => c.json({ status: 'ok', mode }));

  app.post('/match', async (c) => {
    const body = await readBody(c, MatchRequest);
    if ('response' in body) return body.response;
    const request = body.data;
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
    const { binding: bindingKey } = await keys;
    const phone = await bindPhone(bindingKey, request.phone);
    const claims = session.claims;
    if (claims) {
      const windowMs = Math.max(1000, claims.exp * 1000 - now() + 60_000);
      const d = await hitLimit(store, `limit:session:${claims.jti}`, { max: claims.max, windowMs }, log);
      if (!d.allowed) {
        log.warn('rate_limited', { path: c.req.path, limit: 'session' });
        return relayError(c, 'R429', 'this session has no checks left (max_checks)');
      }
    }
    if (phoneLimit) {
      const d = await hitLimit(store, `limit:phone:${phone}`, phoneLimit, log);
      if (!d.allowed) {
        c.header('Retry-After', String(d.retryAfterSeconds));
        log.warn('rate_limited', { path: c.req.path, limit: 'phone' });
        return relayError(c, 'R429');
      }
    }
    const binding = { ref: claims?.ref ?? null, phone, identity: await bindIdentity(bindingKey, request.identity) };
    const redirectUri = returnUrl ? withState(returnUrl, await sealState(binding, secret, { now })) : undefined;
    let a: UpstreamAnswer;
    try {
      a = await upstream.match({ scope: request.scope, phone: request.phone, identity: request.identity }, redirectUri);
    } catch (e) {
      return upstreamFailure(c, e);
    }
    if (a.kind === 'pending') {
      log.error('upstream_unexpected', { endpoint: 'match', kind: 'pending' });
      return relayError(c, 'R502');
    }
    return answer(c, a, binding);
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
    const { binding: bindingKey } = await keys;
    const once = `once:result:${await digest(bindingKey, `result-token:${token}`)}`;
    try {
      if (await store.isMarked(once)) return relayError(c, 'R409');
    } catch (e) {
      log.error('store_unavailable', { operation: 'single_use', error: e });
      return relayError(c, 'R503');
    }
    let a: UpstreamAnswer;
    try {
      a = await upstream.result(token);
    } catch (e) {
      return upstreamFailure(c, e);
    }
    if (a.kind === 'pending') {
      outcomes.set(c.req.raw, 'pending');
      return c.json({ status: 'pending' }, 200);
    }
    if (a.kind === 'consent') {
      log.error('upstream_unexpected', { endpoint: 'result', kind: 'consent' });
      return relayError(c, 'R502');
    }
    try {
      if (!(await store.mark(once, DELIVERED_TTL_MS))) return relayError(c, 'R409');
    } catch (e) {
      log.error('store_unavailable', { operation: 'single_use', error: e });
      return relayError(c, 'R503');
    }
    return answer(c, a, state);
  });

  app.post('/sessions', async (c) => {
    const body = await readBody(c, SessionsBody);
    if ('response' in body) return body.response;
    const { reference, ttl_seconds: ttlSeconds, max_checks: maxChecks } = body.data;
    const problem = sessionOptionsProblem({ reference, ttlSeconds, maxChecks });
    if (problem) return relayError(c, 'R400', problem);
    const created = await createCheckSession(
      secret,
      { reference: reference as string, ttlSeconds: ttlSeconds as number, maxChecks: maxChecks as number },
      { now },
    );
    outcomes.set(c.req.raw, 'session_created');
    return c.json(created, 201);
  });

  app.post('/verify', async (c) => {
    const body = await readBody(c, VerifyBody);
    if ('response' in body) return body.response;
    const { attestation, phone, identity, reference } = body.data;
    let result: Awaited<ReturnType<typeof verifyAttestation>>;
    try {
      result = await verifyAttestation(attestation, secret, {
        ...(phone !== undefined ? { phone } : {}),
        ...(identity !== undefined ? { identity } : {}),
        ...(reference !== undefined ? { reference } : {}),
        allowTestMode: testMode,
        replay: store,
        now,
      });
    } catch (e) {
      log.error('store_unavailable', { operation: 'single_use', error: e });
      return relayError(c, 'R503');
    }
    if (!result.success) {
      outcomes.set(c.req.raw, `refused:${result.error_codes.join(',')}`);
      return c.json(
        {
          success: false,
          error_codes: result.error_codes,
          ...(result.mismatched ? { mismatched: result.mismatched } : {}),
        },
        200,
      );
    }
    outcomes.set(c.req.raw, `verified:${result.verdict}`);
    const { success, verdict, mode: attestedMode, reference: ref, scores, checked, checked_at } = result;
    return c.json({ success, verdict, mode: attestedMode, reference: ref, scores, checked, checked_at }, 200);
  });

  app.on(['GET', 'PUT', 'DELETE', 'PATCH'], ['/match', '/result'], (c) => {
    c.header('Allow', 'POST, OPTIONS');
    outcomes.set(c.req.raw, 'method_not_allowed');
    return c.json({ status: 'error', error_id: 'R405', error_type: 'method not allowed' }, 405);
  });

  app.notFound((c) => c.json({ status: 'error', error_id: 'R404', error_type: 'not found' }, 404));
  app.onError((err, c) => {
    log.error('internal_error', { error: err });
    return c.json({ status: 'error', error_id: 'R500', error_type: 'internal error' }, 500);
  });

  return app;
}
