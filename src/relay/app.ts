/**
 * The relay as a hono app, relative routes, so it can be served at the root or mounted under a prefix
 * (`app.route('/api/idmobile', relay)`). Runs wherever web-standard Request/Response and Web Crypto do.
 * `createRelay` is a composition, in the order a request meets it:
 *
 * - every route: security headers and the access log (middleware/security.ts);
 * - browser API (`POST /match`, `POST /result`, `GET /health`): `Origin` and CORS for configured origins only
 *   (middleware/cors.ts), the per-client limit on the routes that cost an upstream call
 *   (middleware/client-limit.ts), then routes/match.ts and routes/result.ts (the order's and the number's limits:
 *   check-limits.ts; answers: answers.ts);
 * - the operator's side (`GET /callback`: the authorization-code redirect, with the per-client limit;
 *   `GET /.well-known/jwks.json`: the `private_key_jwt` public keys): routes/callback.ts, routes/jwks.ts; no CORS;
 * - server API (`POST /sessions`, `POST /verify`; only with `apiKey`): server-api.ts.
 *
 * What they share (settings, log, store, keys, the error shape, body and session reading): context.ts.
 */
import { Hono, type Context } from 'hono';
import type { IdentityField } from '../protocol/fields.js';
import type { Thresholds } from '../protocol/scores.js';
import { createCheckLimits } from './check-limits.js';
import { createContext } from './context.js';
import type { DisclosurePolicy } from './disclosure.js';
import { DEFAULT_CLIENT_LIMIT, type Limit } from './limits.js';
import type { LogSink } from './log.js';
import { browserOrigin } from './middleware/cors.js';
import { clientLimit, clientLimitExceptPending } from './middleware/client-limit.js';
import { security } from './middleware/security.js';
import { callbackRoute } from './routes/callback.js';
import { jwksRoute } from './routes/jwks.js';
import { matchRoute } from './routes/match.js';
import { metricsRoute } from './routes/metrics.js';
import type { Metrics } from './metrics.js';
import { resultRoute } from './routes/result.js';
import { addServerApi, SERVER_ROUTES } from './server-api.js';
import { refuse } from './server-refusals.js';
import type { RelayStore } from './store/types.js';
import type { RelayMode } from './trust/attestation.js';
import type { Upstream } from './upstreams/types.js';

export { DEFAULT_MAX_BODY_BYTES } from './context.js';

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
  /** Enables `GET /metrics` (Prometheus text) behind `Authorization: Bearer <metricsKey>` (its own key). */
  metricsKey?: string;
  /**
   * The metrics `/metrics` renders (metrics.ts); default one fed by this relay's log. Pass one to count what
   * another logger sees too (the upstream's: createRelayFromEnv does).
   */
  metrics?: Metrics;
  /** When non-empty, consent URLs from the upstream must be within these origins (else R502). */
  operatorOrigins?: readonly string[];
  /**
   * Test mode: an operator URL of the in-process simulator as the browser reaches it, from the request's own URL
   * (test-mode.ts); never set otherwise.
   */
  rewriteConsentUrl?: (url: string, requestUrl: string) => string;
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

const BROWSER_ROUTES = ['/match', '/result', '/health'];

/** Creates the relay app. See the module comment for the composition. */
export function createRelay(options: RelayOptions): Hono {
  const r = createContext(options);
  const limits = createCheckLimits(r);
  const clientLimitOption = options.limits?.client === undefined ? DEFAULT_CLIENT_LIMIT : options.limits.client;
  const perClient = clientLimit(r, clientLimitOption);
  const app = new Hono();

  app.use('*', security(r));
  for (const route of BROWSER_ROUTES) app.use(route, browserOrigin(r));
  app.use('/match', perClient);
  app.use('/result', clientLimitExceptPending(r, clientLimitOption));
  addServerApi(app, {
    apiKey: options.apiKey,
    secret: r.secret,
    mode: r.mode,
    issuer: r.issuer,
    store: r.store,
    log: r.log,
    maxBodyBytes: r.maxBodyBytes,
    bodyTimeoutMs: r.bodyTimeoutMs,
    outcome: r.outcome,
    now: r.now,
  });

  app.get('/health', (c) => c.json({ status: 'ok', mode: r.mode }));
  app.get('/metrics', metricsRoute(r));
  app.use('/callback', perClient);
  app.get('/callback', callbackRoute(r));
  app.get('/.well-known/jwks.json', jwksRoute(r));
  app.post('/match', matchRoute(r, limits));
  app.post('/result', resultRoute(r, limits));

  app.on(['GET', 'PUT', 'DELETE', 'PATCH'], ['/match', '/result'], (c) => {
    c.header('Allow', 'POST, OPTIONS');
    r.outcome(c, 'method_not_allowed');
    return c.json({ status: 'error', error_id: 'R405', error_type: 'method not allowed' }, 405);
  });
  app.notFound((c) => c.json({ status: 'error', error_id: 'R404', error_type: 'not found' }, 404));
  app.onError((err, c) => {
    r.log.error('internal_error', { error: err });
    // each API answers in its own error format, even when the relay itself fails
    if (SERVER_ROUTES.some((route) => c.req.path.endsWith(route))) return refuse(c, 'internal_error');
    return c.json({ status: 'error', error_id: 'R500', error_type: 'internal error' }, 500);
  });
  return app;
}
