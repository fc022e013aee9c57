/**
 * What every route and middleware of one relay shares: its resolved settings, its log, store and keys, and the
 * small helpers of the browser API (the error shape, reading a body, opening the session). Built once per relay
 * by `createRelay` from its options (app.ts).
 */
import type { Context } from 'hono';
import { relayErrorStatus, type RelayErrorId } from '../protocol/errors.js';
import { DEFAULT_REQUIRED, expandFields } from '../protocol/fields.js';
import { DEFAULT_THRESHOLDS } from '../protocol/scores.js';
import { createAnswers } from './answers.js';
import type { RelayOptions } from './app.js';
import { readJsonBody, type BodySchema } from './body.js';
import { DEFAULT_DISCLOSURE } from './disclosure.js';
import { errorTypeFor } from './error-types.js';
import { clientKeyOf } from './limits.js';
import { createLogger, defaultSink, type Logger } from './log.js';
import { createMetrics } from './metrics.js';
import { allowedOriginMatcher } from './origins.js';
import { createMemoryStore } from './store/memory.js';
import type { RelayStore } from './store/types.js';
import { DEFAULT_ISSUER } from './trust/attestation.js';
import { trustKeys, type TrustKeys } from './trust/keys.js';
import { openSession, type SessionClaims } from './trust/sessions.js';

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/** The socket's address on Node (`@hono/node-server`), or what another runtime's adapter put in `env`. */
function remoteAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; remoteAddress?: unknown } | undefined;
  const fromNode = env?.incoming?.socket?.remoteAddress;
  if (typeof fromNode === 'string') return fromNode;
  return typeof env?.remoteAddress === 'string' ? env.remoteAddress : undefined;
}

export type RelayContext = ReturnType<typeof createContext>;

export function createContext(options: RelayOptions) {
  const now = options.now ?? Date.now;
  const testMode = options.mode === 'test';
  const secret = options.attestationSecret;
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const secrets = [...(options.secrets ?? []), secret, options.apiKey].filter(
    (s): s is string => typeof s === 'string' && s.length >= 3,
  );
  const metrics = options.metricsKey ? (options.metrics ?? createMetrics(options.mode)) : null;
  const sink = options.logger ?? defaultSink;
  const log: Logger = createLogger({
    sink:
      metrics && !options.metrics
        ? (e) => {
            metrics.observe(e);
            sink(e);
          }
        : options.logger,
    secrets,
    now,
  });
  const store: RelayStore = options.store ?? createMemoryStore({ now });
  const requireSession = options.requireSession ?? !testMode;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const keys: Promise<TrustKeys> = trustKeys(secret);
  keys.catch(() => {});
  const outcomes = new WeakMap<Request, string>();
  /** Records the request's outcome for the access log. */
  const outcome = (c: Context, value: string) => outcomes.set(c.req.raw, value);

  /**
   * The browser API's error shape, with the HTTP status of the `R…` id and the relay's own `error_type`; `field`
   * names the identity field the shopper must add (R428).
   */
  const relayError = (c: Context, id: RelayErrorId, detail?: string, field?: string) => {
    outcome(c, id);
    const errorType = detail ? `${errorTypeFor(id)}: ${detail}` : errorTypeFor(id);
    const body = { status: 'error', error_id: id, error_type: errorType, ...(field ? { field } : {}) };
    return c.json(body, relayErrorStatus(id) as 400);
  };

  /** 404 in the browser API's error shape (a route that is off: callback, JWKS, metrics). */
  const notFound = (c: Context) => {
    outcome(c, 'not_found');
    return c.json({ status: 'error', error_id: 'R404', error_type: 'not found' }, 404);
  };

  /** R429 with `retry_after` in the body and the `Retry-After` header. */
  const rateLimited = (c: Context, retryAfterSeconds: number) => {
    c.header('Retry-After', String(retryAfterSeconds));
    outcome(c, 'R429');
    const body = { status: 'error', error_id: 'R429', error_type: errorTypeFor('R429') };
    return c.json({ ...body, retry_after: retryAfterSeconds }, 429);
  };

  /** Reads and validates a JSON body (415, 413, 400 naming the field; a stalled body is logged). */
  async function readBody<T>(c: Context, schema: BodySchema<T>): Promise<{ data: T } | { response: Response }> {
    const read = await readJsonBody(c.req.raw, schema, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs });
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

  const answers = createAnswers({
    mode: options.mode,
    issuer,
    secret,
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.policy?.thresholds },
    required: expandFields(options.policy?.required ?? DEFAULT_REQUIRED),
    disclosure: options.policy?.disclose ?? DEFAULT_DISCLOSURE,
    operatorOrigins: options.operatorOrigins ?? [],
    ...(options.rewriteConsentUrl ? { rewriteConsentUrl: options.rewriteConsentUrl } : {}),
    allowLoopbackConsent: options.allowLoopbackConsent ?? testMode,
    attestationTtlSeconds: options.attestationTtlSeconds,
    secrets,
    log,
    now,
    relayError,
    outcome,
  });

  return {
    options,
    mode: options.mode,
    testMode,
    secret,
    issuer,
    upstream: options.upstream,
    now,
    log,
    store,
    keys,
    requireSession,
    consentBinding: options.consentBinding ?? 'code_name',
    maxBodyBytes,
    bodyTimeoutMs,
    isAllowed: allowedOriginMatcher(options.allowedOrigins, testMode),
    clientKey:
      options.clientKey ??
      ((c: Context) => clientKeyOf(remoteAddress(c), c.req.header('x-forwarded-for'), options.trustProxy ?? false)),
    outcomes,
    outcome,
    relayError,
    notFound,
    rateLimited,
    readBody,
    sessionOf,
    answers,
    metrics,
  };
}
