/**
 * DQE IDMobile client: access tokens (cached, shared, renewed on error 30), `/IDMOBILE/` and `/GET/`, with a
 * timeout on every call and validation of every answer.
 *
 * Failure rules:
 * - a DQE error shape (any HTTP status) is an answer, passed to the caller as is, except error 30 on
 *   `/IDMOBILE/`: the token is renewed (one shared request) and the match retried once; a second 30 becomes
 *   `R502` (DQE refuses tokens it just issued: nothing the shopper can fix) and the cached token is dropped;
 * - no answer within the time limit: `R504`;
 * - connection failure, 5xx without an error body, a redirect, a body that is not JSON, too large, or of no
 *   known shape: `R502`;
 * - `/IDMOBILE/` is not idempotent (it may reach the operator): it is never retried after such a failure.
 *   The token request and `/GET/` are, and get one retry after a connection failure or a 5xx, time permitting.
 */
import { classifyAnswer } from '../protocol/answer.js';
import type { FieldPath } from '../protocol/fields.js';
import { ErrorAnswer, type MatchRequest } from '../protocol/schemas.js';
import type { Scores } from '../protocol/scores.js';
import { toMatchForm } from './dqe-translate.js';
import { createLogger, type Logger } from './log.js';
import { TooLarge, readCappedText } from '../protocol/read-capped.js';
import { createTokenCache, type TokenCache } from './token-cache.js';

export type UpstreamErrorId = 'R502' | 'R504';

/** A failure of the upstream (not an answer from it). `reason` is for logs only; it holds no secret. */
export class UpstreamError extends Error {
  constructor(
    readonly id: UpstreamErrorId,
    readonly reason: string,
    readonly endpoint: string,
  ) {
    super(`${endpoint}: ${reason}`);
    this.name = 'UpstreamError';
  }
}

type Body = Record<string, unknown>;

/** A validated DQE answer; `body` is DQE's JSON object, untouched. */
export type DqeAnswer =
  | { kind: 'scores'; body: Body; scores: Scores; invalid: FieldPath[] }
  | { kind: 'consent'; body: Body }
  | { kind: 'pending'; body: Body }
  | { kind: 'error'; id: string; body: Body };

export interface DqeClientOptions {
  /** e.g. `https://…/` ; endpoints are joined as `{baseUrl}/ACCESS_TOKEN/`. */
  baseUrl: string;
  licence: string;
  clientSecret: string;
  /** DQE's `name` field (partner name). */
  partnerName: string;
  /** Injectable for tests and the in-process test mode; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Time limit of each upstream call (ms); default 6000. */
  timeoutMs?: number;
  /** Time limit of one relay operation, every call and retry included (ms); default 12000. */
  budgetMs?: number;
  /** Largest upstream body read (bytes); default 64 KiB. */
  maxResponseBytes?: number;
  now?: () => number;
  logger?: Logger;
  /** The token cache over this client's token request; default one per process (a fleet shares one: store/shared-token.ts). */
  tokenCache?: (fetchToken: () => Promise<{ token: string; expiresIn: number }>) => TokenCache;
}

export interface DqeClient {
  /** `/IDMOBILE/` with the widget's request (already validated), optionally with a `redirect_uri`. */
  match(request: MatchRequest, redirectUri?: string): Promise<DqeAnswer>;
  /** `/GET/` for the session token DQE appended to the redirect. May answer `pending`. */
  result(sessionToken: string): Promise<DqeAnswer>;
  readonly tokens: TokenCache;
}

/** The token endpoint refused (DQE error shape): the relay answers it like any DQE error. */
class TokenRefused extends Error {
  constructor(readonly answer: DqeAnswer & { kind: 'error' }) {
    super('token request refused');
  }
}

const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);

export function createDqeClient(options: DqeClientOptions): DqeClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 6000;
  const budgetMs = options.budgetMs ?? 12_000;
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const now = options.now ?? Date.now;
  const log = options.logger ?? createLogger({ secrets: [options.licence, options.clientSecret] });
  const base = options.baseUrl.replace(/\/+$/, '');
  log.addSecret(options.licence);
  log.addSecret(options.clientSecret);

  interface Call {
    endpoint: string;
    url: string;
    init: RequestInit;
    idempotent: boolean;
    deadline: number;
  }

  /** One HTTP exchange with a time limit; answers the status and parsed JSON body, or throws UpstreamError. */
  async function once(call: Call): Promise<{ status: number; body: unknown }> {
    const remaining = Math.min(timeoutMs, call.deadline - now());
    if (remaining <= 0) throw new UpstreamError('R504', 'time budget exhausted', call.endpoint);
    const controller = new AbortController();
    const state = { timedOut: false };
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rejects at the time limit even when the transport ignores the abort signal
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        state.timedOut = true;
        controller.abort();
        reject(new Error('timeout'));
      }, remaining);
    });
    expiry.catch(() => undefined);
    const started = now();
    try {
      let response: Response;
      try {
        response = await Promise.race([
          doFetch(call.url, { ...call.init, signal: controller.signal, redirect: 'manual' }),
          expiry,
        ]);
      } catch {
        if (state.timedOut) throw new UpstreamError('R504', 'timeout', call.endpoint);
        throw new UpstreamError('R502', 'connection failed', call.endpoint);
      }
      let text: string;
      try {
        text = await Promise.race([readCappedText(response, maxBytes), expiry]);
      } catch (e) {
        if (state.timedOut) throw new UpstreamError('R504', 'timeout while reading', call.endpoint);
        throw new UpstreamError(
          'R502',
          e instanceof TooLarge ? 'answer too large' : 'connection failed while reading',
          call.endpoint,
        );
      }
      log.info('upstream', { endpoint: call.endpoint, status: response.status, ms: now() - started });
      if (response.status >= 300 && response.status < 400)
        throw new UpstreamError('R502', `redirect ${response.status}`, call.endpoint);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (response.status >= 500 && !ErrorAnswer.safeParse(body).success) {
        throw new UpstreamError('R502', `HTTP ${response.status}`, call.endpoint);
      }
      if (body === undefined) throw new UpstreamError('R502', `HTTP ${response.status}, not JSON`, call.endpoint);
      return { status: response.status, body };
    } finally {
      clearTimeout(timer);
    }
  }

  async function exchange(call: Call): Promise<{ status: number; body: unknown }> {
    try {
      return await once(call);
    } catch (e) {
      if (!(e instanceof UpstreamError)) throw e;
      log.warn('upstream_failed', { endpoint: call.endpoint, error_id: e.id, reason: e.reason });
      if (!call.idempotent || e.id !== 'R502' || /too large|redirect|not JSON$/.test(e.reason)) throw e;
      if (call.deadline - now() <= 0) throw e;
      log.info('upstream_retry', { endpoint: call.endpoint });
      return once(call);
    }
  }

  const form = (params: URLSearchParams): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: params.toString(),
  });

  async function fetchToken(): Promise<{ token: string; expiresIn: number }> {
    const params = new URLSearchParams({
      licence: options.licence,
      client_secret: options.clientSecret,
      grant_type: 'client_idmobile',
    });
    const { status, body } = await exchange({
      endpoint: 'ACCESS_TOKEN',
      url: `${base}/ACCESS_TOKEN/`,
      init: form(params),
      idempotent: true,
      deadline: now() + timeoutMs * 2,
    });
    const error = asDqeError(body);
    if (error) {
      log.warn('token_refused', { error_id: error.id });
      throw new TokenRefused(error);
    }
    if (status < 200 || status > 299 || !isObject(body))
      throw new UpstreamError('R502', `token answer HTTP ${status}`, 'ACCESS_TOKEN');
    const token = body['access_token'];
    // eslint-disable-next-line no-control-regex -- control characters are refused in a token
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096 || /[\s\u0000-\u001f]/.test(token)) {
      throw new UpstreamError('R502', 'token answer without a usable access_token', 'ACCESS_TOKEN');
    }
    log.addSecret(token);
    const rawTtl = body['expires_in'];
    let expiresIn = typeof rawTtl === 'number' ? rawTtl : typeof rawTtl === 'string' ? Number(rawTtl) : NaN;
    if (!Number.isFinite(expiresIn) || expiresIn <= 0) {
      log.warn('token_without_expiry', { assumed_seconds: 60 });
      expiresIn = 60;
    }
    log.info('token_obtained', { expires_in: expiresIn });
    return { token, expiresIn };
  }

  const tokens = options.tokenCache?.(fetchToken) ?? createTokenCache({ fetchToken, now });

  function interpret(endpoint: string, status: number, body: unknown, allowPending: boolean): DqeAnswer {
    const error = asDqeError(body);
    if (error) return error;
    const a = classifyAnswer(status, body, { allowPending });
    if (!isObject(body) || a.kind === 'error') throw new UpstreamError('R502', 'answer of no known shape', endpoint);
    if (a.kind === 'scores') {
      if (a.invalid.length > 0) log.warn('scores_invalid', { fields: a.invalid, endpoint });
      return { kind: 'scores', body, scores: a.scores, invalid: a.invalid };
    }
    return { kind: a.kind, body };
  }

  async function postMatch(
    request: MatchRequest,
    token: string,
    redirectUri: string | undefined,
    deadline: number,
  ): Promise<DqeAnswer> {
    const params = toMatchForm(request, {
      licence: options.licence,
      token,
      partnerName: options.partnerName,
      redirectUri,
    });
    const { status, body } = await exchange({
      endpoint: 'IDMOBILE',
      url: `${base}/IDMOBILE/`,
      init: form(params),
      idempotent: false,
      deadline,
    });
    return interpret('IDMOBILE', status, body, false);
  }

  return {
    tokens,
    async match(request, redirectUri) {
      const deadline = now() + budgetMs;
      try {
        const token = await tokens.get();
        const first = await postMatch(request, token, redirectUri, deadline);
        if (!(first.kind === 'error' && first.id === '30')) return first;
        log.warn('token_rejected', { error_id: '30', action: 'renew and retry once' });
        const fresh = await tokens.renew(token);
        const second = await postMatch(request, fresh, redirectUri, deadline);
        if (second.kind === 'error' && second.id === '30') {
          tokens.clear();
          log.error('token_rejected_twice', { error_id: '30' });
          throw new UpstreamError('R502', 'DQE rejected a freshly issued token (error 30 twice)', 'IDMOBILE');
        }
        return second;
      } catch (e) {
        if (e instanceof TokenRefused) return e.answer;
        throw e;
      }
    },
    async result(sessionToken) {
      const deadline = now() + budgetMs;
      const query = new URLSearchParams({ token: sessionToken, licence: options.licence, scope: 'matching_notp' });
      const { status, body } = await exchange({
        endpoint: 'GET',
        url: `${base}/GET/?${query.toString()}`,
        init: { method: 'GET', headers: { accept: 'application/json' } },
        idempotent: true,
        deadline,
      });
      return interpret('GET', status, body, true);
    },
  };
}

/** A DQE error shape with a usable id, as an answer; else null. */
function asDqeError(body: unknown): (DqeAnswer & { kind: 'error' }) | null {
  if (!ErrorAnswer.safeParse(body).success) return null;
  const a = classifyAnswer(200, body);
  if (a.kind !== 'error' || a.id === 'bad_response') return null;
  return { kind: 'error', id: a.id, body: body as Body };
}
