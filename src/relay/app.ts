/**
 * The relay as a hono app: `POST /match`, `POST /result`, `GET /health`, relative, so it can be served at the
 * root or mounted under a prefix (`app.route('/api/idmobile', relay)`). Runs wherever web-standard
 * Request/Response do.
 *
 * Request pipeline, in this order: security headers; `Origin` check and CORS (403); per-client rate limit
 * (429); JSON content type (415); body size (413); JSON and schema (400, naming the field); `return_url` origin
 * (403); DQE; answer (200 for every DQE answer, the `R…` status for the relay's own errors).
 *
 * `Origin` rules: absent (non-browser client) is allowed; equal to the request's own origin (same-origin,
 * e.g. mounted in the page's server) is allowed; any other origin only when listed in `allowedOrigins`. The
 * same list (plus the relay's own origin) bounds `return_url`. CORS headers are sent to listed origins only,
 * and preflights are answered for them only.
 */
import { Hono, type Context } from 'hono';
import { describeIssue, MatchRequest, ResultRequest } from '../protocol/schemas.js';
import { RELAY_ERROR_TYPES, relayErrorStatus, type RelayErrorId } from '../protocol/errors.js';
import { DEFAULT_REQUIRED, expandFields, type IdentityField } from '../protocol/fields.js';
import { bandsOf, DEFAULT_THRESHOLDS, verdictOf, type Thresholds } from '../protocol/scores.js';
import { phoneSha256, signAttestation } from './attestation.js';
import { createDqeClient, UpstreamError, type DqeAnswer, type DqeClientOptions } from './dqe-client.js';
import { createLogger, type LogSink } from './log.js';
import { originMatcher, originOf } from './origins.js';
import { TooLarge, readCappedText } from '../protocol/read-capped.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT } from './rate-limit.js';
import type { Upstream, UpstreamAnswer } from './upstreams/types.js';
import { scoresBody } from './upstreams/wire.js';

/** How the relay reaches DQE: the DQE client's options that a merchant sets (see {@link DqeClientOptions}). */
export type RelayDqeOptions = Pick<
  DqeClientOptions,
  'baseUrl' | 'licence' | 'clientSecret' | 'partnerName' | 'fetch' | 'timeoutMs' | 'budgetMs'
>;

export interface RelayPolicy {
  thresholds?: Partial<Thresholds>;
  /** Fields the attestation's verdict requires (`address` = its four parts). Default `given_name family_name`. */
  required?: readonly IdentityField[];
}

export interface RelayOptions {
  /** Reported by `/health` and in logs. */
  mode: 'dqe' | 'camara' | 'test';
  /** The operator API (upstreams/): when given, it answers instead of the legacy DQE client built from `dqe`. */
  upstream?: Upstream;
  /** The legacy DQE client's options; required without `upstream`. */
  dqe?: RelayDqeOptions;
  /** Origins allowed besides the relay's own: exact origins, or `scheme://host:*` for any port. */
  allowedOrigins: readonly string[];
  /** HS256 key of the attestations. */
  attestationSecret: string;
  /** Lifetime of attestations in seconds (default 900). */
  attestationTtlSeconds?: number;
  policy?: RelayPolicy;
  /** Per-client limit on `/match` and `/result`; default 30 per 60 s; `false` disables it. */
  rateLimit?: { windowMs: number; max: number } | false;
  /** Largest accepted request body in bytes (default 16 KiB). */
  maxBodyBytes?: number;
  /** Receives every log entry (already redacted); default one JSON line on stdout. */
  logger?: LogSink;
  /**
   * Identifies a client for the rate limit. Default: the socket's remote address on Node
   * (`@hono/node-server`), else one shared bucket.
   */
  clientKey?: (c: Context) => string;
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

function defaultClientKey(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'shared';
}

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Creates the relay app. See the module comment for the pipeline and the `Origin` rules. */
export function createRelay(options: RelayOptions): Hono {
  const now = options.now ?? Date.now;
  const log = createLogger({
    sink: options.logger,
    secrets: [options.dqe?.licence ?? '', options.dqe?.clientSecret ?? '', options.attestationSecret],
    now,
  });
  const upstream = options.upstream;
  if (!upstream && !options.dqe) throw new TypeError('createRelay: give an upstream (or the legacy dqe options)');
  const dqe = upstream || !options.dqe ? null : createDqeClient({ ...options.dqe, logger: log, now });
  const isListed = originMatcher(options.allowedOrigins);
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.policy?.thresholds };
  const required = expandFields(options.policy?.required ?? DEFAULT_REQUIRED);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limiter =
    options.rateLimit === false ? null : createRateLimiter({ ...(options.rateLimit ?? DEFAULT_RATE_LIMIT), now });
  const clientKey = options.clientKey ?? defaultClientKey;
  const outcomes = new WeakMap<Request, string>();

  const relayError = (c: Context, id: RelayErrorId, detail?: string) => {
    outcomes.set(c.req.raw, id);
    return c.json(
      {
        status: 'error',
        error_id: id,
        error_type: detail ? `${RELAY_ERROR_TYPES[id]}: ${detail}` : RELAY_ERROR_TYPES[id],
      },
      relayErrorStatus(id) as 400,
    );
  };

  /** Validates the JSON body of a POST against `schema`; answers the data or the error response. */
  async function readBody<T>(
    c: Context,
    schema: {
      safeParse(
        v: unknown,
      ): { success: true; data: T } | { success: false; error: Parameters<typeof describeIssue>[0] };
    },
  ): Promise<{ data: T } | { response: Response }> {
    if (!isJsonContentType(c.req.header('content-type'))) return { response: relayError(c, 'R415') };
    let text: string;
    try {
      text = await readCappedText(c.req.raw, maxBody, true);
    } catch (e) {
      if (e instanceof TooLarge) return { response: relayError(c, 'R413', `at most ${maxBody} bytes`) };
      return { response: relayError(c, 'R400', 'body could not be read as UTF-8') };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { response: relayError(c, 'R400', 'body is not valid JSON') };
    }
    const r = schema.safeParse(json);
    if (!r.success) return { response: relayError(c, 'R400', describeIssue(r.error)) };
    return { data: r.data };
  }

  /** An {@link Upstream}'s answer, rebuilt from its parsed shape: nothing else from upstream reaches the browser. */
  async function upstreamAnswer(c: Context, a: UpstreamAnswer, phone: string | null): Promise<Response> {
    if (a.kind === 'scores') {
      const verdict = verdictOf(bandsOf(a.scores, thresholds), required);
      const attestation = await signAttestation(
        { phone_sha256: phone === null ? null : await phoneSha256(phone), scores: a.scores, verdict },
        options.attestationSecret,
        { ttlSeconds: options.attestationTtlSeconds, now },
      );
      outcomes.set(c.req.raw, `scores:${verdict}`);
      return c.json({ ...scoresBody(a.scores), attestation }, 200);
    }
    outcomes.set(c.req.raw, a.kind === 'error' ? `upstream_error:${a.id}` : a.kind);
    if (a.kind === 'consent') return c.json({ status: 'success', operator: a.operator, url: a.url }, 200);
    if (a.kind === 'pending') return c.json({ status: 'pending' }, 200);
    return c.json({ status: 'error', error_id: a.id, error_type: a.errorType }, 200);
  }

  async function answer(c: Context, a: DqeAnswer, phone: string | null): Promise<Response> {
    if (a.kind === 'scores') {
      const verdict = verdictOf(bandsOf(a.scores, thresholds), required);
      const attestation = await signAttestation(
        { phone_sha256: phone === null ? null : await phoneSha256(phone), scores: a.scores, verdict },
        options.attestationSecret,
        { ttlSeconds: options.attestationTtlSeconds, now },
      );
      outcomes.set(c.req.raw, `scores:${verdict}`);
      return c.json({ ...a.body, attestation }, 200);
    }
    outcomes.set(c.req.raw, a.kind === 'error' ? `dqe_error:${a.id}` : a.kind);
    return c.json(a.body, 200);
  }

  const upstreamFailure = (c: Context, e: unknown): Response => {
    if (e instanceof UpstreamError) return relayError(c, e.id);
    throw e;
  };

  const app = new Hono();

  // security headers and the access log
  app.use('*', async (c, next) => {
    const started = now();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (new URL(c.req.url).protocol === 'https:')
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    c.header('Vary', 'Origin');
    await next();
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      outcome: outcomes.get(c.req.raw) ?? null,
      ms: now() - started,
    });
  });

  // Origin and CORS
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    const cross = origin !== undefined && origin !== own;
    if (cross && !isListed(origin)) {
      log.warn('origin_refused', { origin: originOf(origin) ?? 'opaque' });
      return relayError(c as Context, 'R403');
    }
    if (cross) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (c.req.method === 'OPTIONS') {
      if (cross) {
        c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'Content-Type');
        c.header('Access-Control-Max-Age', '600');
      }
      c.header('Allow', 'GET, POST, OPTIONS');
      return c.body(null, 204);
    }
    await next();
  });

  // rate limit on the endpoints that cost a DQE call
  const limited = async (c: Context, next: () => Promise<void>) => {
    if (limiter) {
      const d = limiter.hit(clientKey(c));
      if (!d.allowed) {
        c.header('Retry-After', String(d.retryAfterSeconds));
        log.warn('rate_limited', { path: c.req.path });
        return relayError(c, 'R429');
      }
    }
    await next();
  };
  app.use('/match', limited);
  app.use('/result', limited);

  app.get('/health', (c) => c.json({ status: 'ok', mode: options.mode }));

  app.post('/match', async (c) => {
    const body = await readBody(c, MatchRequest);
    if ('response' in body) return body.response;
    const request = body.data;
    if (request.return_url !== undefined) {
      const target = originOf(request.return_url);
      if (target === null || (target !== new URL(c.req.url).origin && !isListed(target))) {
        log.warn('return_url_refused', { return_origin: target ?? 'opaque' });
        return relayError(c, 'R403', 'return_url origin not allowed');
      }
    }
    try {
      if (upstream) return await upstreamAnswer(c, await upstream.match(request, request.return_url), request.phone);
      if (dqe) return await answer(c, await dqe.match(request, request.return_url), request.phone);
      throw new TypeError('no upstream');
    } catch (e) {
      return upstreamFailure(c, e);
    }
  });

  app.post('/result', async (c) => {
    const body = await readBody(c, ResultRequest);
    if ('response' in body) return body.response;
    try {
      // stateless: the relay never sees the phone in the consent flow, so the attestation carries phone_sha256: null
      if (upstream) return await upstreamAnswer(c, await upstream.result(body.data.token), null);
      if (dqe) return await answer(c, await dqe.result(body.data.token), null);
      throw new TypeError('no upstream');
    } catch (e) {
      return upstreamFailure(c, e);
    }
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
