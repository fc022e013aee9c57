/**
 * One HTTP exchange with an upstream, shared by the DQE and CAMARA clients: a time limit per call and a deadline
 * per relay operation, a capped body read, redirects refused, JSON parsed, and at most one retry of an
 * idempotent call after a connection failure or a failure answer (5xx), time permitting.
 *
 * Failures become {@link UpstreamError}: no answer in time `R504`; connection failure, redirect, body too large
 * `R502`; and whatever the caller's `failure` predicate calls a failure (e.g. a 5xx without a usable body).
 */
import { MAX_ANSWER_BYTES } from '../../protocol/limits.js';
import { readCappedText, TooLarge } from '../../protocol/read-capped.js';
import type { Logger } from '../log.js';
import { UpstreamError } from './upstream-error.js';

export interface HttpCall {
  /** Short name for logs (`ACCESS_TOKEN`, `IDMOBILE`, `match`…). */
  endpoint: string;
  url: string;
  init: RequestInit;
  /** Safe to send twice (a token request, a retrieval); a match is not. */
  idempotent: boolean;
  /** Epoch ms after which nothing more is attempted (`R504`). */
  deadline: number;
  /**
   * Whether an answer is a failure of the upstream rather than an answer: the reason (for logs) or `null`.
   * Default: a 5xx, or a body that is not JSON.
   */
  failure?: (status: number, body: unknown) => string | null;
}

export interface HttpAnswer {
  status: number;
  /** The parsed JSON body, or `undefined` when the body is empty or not JSON. */
  body: unknown;
  headers: Headers;
}

/** Default time limit of each upstream call (ms). */
export const UPSTREAM_TIMEOUT_MS = 6000;
/** Default time limit of one relay operation, every upstream call and retry included (ms). */
export const UPSTREAM_BUDGET_MS = 12_000;

export interface HttpOptions {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Time limit of each call (ms). */
  timeoutMs: number;
  /** Largest body read (bytes); default {@link MAX_ANSWER_BYTES}. */
  maxResponseBytes?: number;
  now: () => number;
  log: Logger;
}

export type Exchange = (call: HttpCall) => Promise<HttpAnswer>;

const defaultFailure = (status: number, body: unknown): string | null =>
  status >= 500 ? `HTTP ${status}` : body === undefined ? `HTTP ${status}, not JSON` : null;

/** Reasons that a second attempt cannot change. */
const FINAL = /too large|redirect|not JSON$/;

export function createExchange(options: HttpOptions): Exchange {
  const { now, log } = options;
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const maxBytes = options.maxResponseBytes ?? MAX_ANSWER_BYTES;

  async function once(call: HttpCall): Promise<HttpAnswer> {
    const remaining = Math.min(options.timeoutMs, call.deadline - now());
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
          send(call.url, { ...call.init, signal: controller.signal, redirect: 'manual' }),
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
        const why = e instanceof TooLarge ? 'answer too large' : 'connection failed while reading';
        throw new UpstreamError('R502', why, call.endpoint);
      }
      log.info('upstream', { endpoint: call.endpoint, status: response.status, ms: now() - started });
      if (response.status >= 300 && response.status < 400)
        throw new UpstreamError('R502', `redirect ${response.status}`, call.endpoint);
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      const failure = (call.failure ?? defaultFailure)(response.status, body);
      if (failure !== null) throw new UpstreamError('R502', failure, call.endpoint);
      return { status: response.status, body, headers: response.headers };
    } finally {
      clearTimeout(timer);
    }
  }

  return async (call) => {
    try {
      return await once(call);
    } catch (e) {
      if (!(e instanceof UpstreamError)) throw e;
      log.warn('upstream_failed', { endpoint: call.endpoint, error_id: e.id, reason: e.reason });
      if (!call.idempotent || e.id !== 'R502' || FINAL.test(e.reason)) throw e;
      if (call.deadline - now() <= 0) throw e;
      log.info('upstream_retry', { endpoint: call.endpoint });
      return once(call);
    }
  };
}

/** A form-urlencoded POST. */
export const formPost = (params: URLSearchParams, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
  body: params.toString(),
});

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
