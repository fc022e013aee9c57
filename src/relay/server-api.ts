/**
 * The server API (the merchant's backend, any language; never for browsers), modelled on Turnstile's
 * `siteverify` and Stripe's server-created client secrets:
 * - `POST /sessions` `{reference, ttl_seconds?, max_checks?}` -> 201 `{session, reference, expires_at}`;
 * - `POST /verify` `{attestation, phone, identity, reference, accept?, require_checked?, require_match?,
 *   require_signals?, accept_unbound_consent?}` -> 200 `{success: true, verdict, scores, …}` or
 *   `{success: false, error_codes, …}` (verify.ts: fails closed).
 * Enabled by the API key (else 404), `Authorization: Bearer <key>` compared in constant time (401), any `Origin`
 * refused (403), never a CORS header (middleware/api-key.ts). ONE error format on every route: `{"success": false, "error_codes":
 * [code]}` (+ `field` for `invalid_request`), with the HTTP status of the refusal.
 */
import type { Context, Hono } from 'hono';
import { apiKeyGuard } from './middleware/api-key.js';
import { refuse, type ServerRefusal } from './server-refusals.js';
import * as z from 'zod/mini';
import { Identity } from '../protocol/schemas.js';
import type { Verdict } from '../protocol/scores.js';
import { readJsonBody, type BodyProblem } from './body.js';
import type { Logger } from './log.js';
import type { RelayStore } from './store/types.js';
import type { RelayMode } from './trust/attestation.js';
import { createCheckSession, sessionOptionsProblem } from './trust/sessions.js';
import { POLICY_FIELD_NAMES, SIGNAL_NAMES, VERDICTS, verifyAttestation, type SignalName } from './trust/verify.js';

export const SERVER_ROUTES = ['/sessions', '/verify'] as const;

export interface ServerApiOptions {
  apiKey: string | undefined;
  secret: string;
  mode: RelayMode;
  issuer: string;
  store: RelayStore;
  log: Logger;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  /** Records the request's outcome for the access log. */
  outcome(c: Context, value: string): void;
  now: () => number;
}

const FROM_BODY: Record<BodyProblem['id'], ServerRefusal> = {
  R400: 'invalid_request',
  R413: 'payload_too_large',
  R415: 'unsupported_media_type',
};

const SessionsBody = z.object({
  reference: z.unknown(),
  ttl_seconds: z.optional(z.unknown()),
  max_checks: z.optional(z.unknown()),
});

const names = (values: readonly string[], max: number) =>
  z.optional(z.array(z.enum(values as [string, ...string[]])).check(z.maxLength(max)));

const VerifyBody = z.object({
  attestation: z.optional(z.unknown()),
  phone: z.optional(z.string().check(z.maxLength(64))),
  identity: z.optional(Identity),
  reference: z.optional(z.string().check(z.maxLength(128))),
  accept: names(VERDICTS, 3),
  require_checked: names(POLICY_FIELD_NAMES, 20),
  require_match: names(POLICY_FIELD_NAMES, 20),
  require_signals: names(SIGNAL_NAMES, 4),
  accept_unbound_consent: z.optional(z.boolean()),
});

/** Adds the server API's middleware and routes to `app`. */
export function addServerApi(app: Hono, o: ServerApiOptions): void {
  for (const route of SERVER_ROUTES) app.use(route, apiKeyGuard(o));

  async function body<T>(c: Context, schema: Parameters<typeof readJsonBody<T>>[1]) {
    const read = await readJsonBody(c.req.raw, schema, { maxBytes: o.maxBodyBytes, timeoutMs: o.bodyTimeoutMs });
    if ('data' in read) return read;
    const code = FROM_BODY[read.problem.id];
    if (read.problem.slow) o.log.warn('body_timeout', { path: c.req.path, timeout_ms: o.bodyTimeoutMs });
    o.outcome(c, code);
    return { response: refuse(c, code, read.problem.field ? { field: read.problem.field } : {}) };
  }

  app.post('/sessions', async (c) => {
    const read = await body(c, SessionsBody);
    if ('response' in read) return read.response;
    const { reference, ttl_seconds: ttlSeconds, max_checks: maxChecks } = read.data;
    const problem = sessionOptionsProblem({ reference, ttlSeconds, maxChecks });
    if (problem) {
      o.outcome(c, 'invalid_request');
      return refuse(c, 'invalid_request', { field: problem.slice(0, problem.indexOf(':')) });
    }
    const created = await createCheckSession(
      o.secret,
      { reference: reference as string, ttlSeconds: ttlSeconds as number, maxChecks: maxChecks as number },
      { now: o.now },
    );
    o.outcome(c, 'session_created');
    return c.json(created, 201);
  });

  app.post('/verify', async (c) => {
    const read = await body(c, VerifyBody);
    if ('response' in read) return read.response;
    const b = read.data;
    let result: Awaited<ReturnType<typeof verifyAttestation>>;
    try {
      result = await verifyAttestation(b.attestation, o.secret, {
        ...(b.phone !== undefined && { phone: b.phone }),
        ...(b.identity !== undefined && { identity: b.identity }),
        ...(b.reference !== undefined && { reference: b.reference }),
        ...(b.accept !== undefined && { accept: b.accept as Verdict[] }),
        ...(b.require_checked !== undefined && { requireChecked: b.require_checked }),
        ...(b.require_match !== undefined && { requireMatch: b.require_match }),
        ...(b.require_signals !== undefined && { requireSignals: b.require_signals as SignalName[] }),
        acceptUnboundConsent: b.accept_unbound_consent === true,
        issuer: o.issuer,
        allowTestMode: o.mode === 'test',
        replay: o.store,
        now: o.now,
      });
    } catch (e) {
      if (e instanceof TypeError) throw e; // a misuse, not the store: the relay's 500 (the schema prevents it)
      o.log.error('store_unavailable', { operation: 'single_use', error: e });
      o.outcome(c, 'store_unavailable');
      return refuse(c, 'store_unavailable');
    }
    if (!result.success) {
      o.outcome(c, `refused:${result.error_codes.join(',')}`);
      return c.json(result, 200);
    }
    o.outcome(c, `verified:${result.verdict}`);
    // the attestation's id and the single-use flag are for in-process callers: the relay always marks it used
    const answer: Partial<typeof result> = { ...result };
    delete answer.jti;
    delete answer.single_use;
    return c.json(answer, 200);
  });
}
