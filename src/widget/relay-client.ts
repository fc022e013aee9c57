/**
 * Talks to the merchant's relay: one POST, a timeout covering the whole answer, a cap on its size,
 * and exactly one classified outcome. Aborting (reset, new submit) rejects with an `AbortError`.
 */
import { classifyAnswer, classifyMatchAnswer, type Answer, type MatchAnswer } from '../protocol/answer.js';
import { TooLarge, readCapped } from '../protocol/read-capped.js';
import { MAX_ANSWER_BYTES, RELAY_TIMEOUT_MS } from '../protocol/limits.js';

export const DEFAULT_TIMEOUT_MS = RELAY_TIMEOUT_MS;
/** No relay answer of ours comes near this; a bigger body is not an answer. */
export { MAX_ANSWER_BYTES };

/** Joins the relay's base URL and an endpoint: `{relay-url without trailing slashes}/{endpoint}`. */
export function relayEndpoint(relayUrl: string, endpoint: 'match' | 'result'): string {
  return `${relayUrl.replace(/\/+$/, '')}/${endpoint}`;
}

interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** `/result`: `{"status":"pending"}` (with at most a `retry_after`) is pending. */
  allowPending?: boolean;
  /** (v3) `/match`: a `pending` answer is decoupled consent (every key of that shape present). */
  match?: boolean;
  fetch?: typeof fetch;
}

const fail = (id: string, errorType: string): Answer => ({ kind: 'error', id, errorType });

export async function callRelay(url: string, body: unknown, options: CallOptions = {}): Promise<Answer | MatchAnswer> {
  const { signal, timeoutMs = DEFAULT_TIMEOUT_MS, allowPending = false, match = false } = options;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  const clock = { timedOut: false };
  const timer = setTimeout(() => {
    clock.timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) controller.abort();
  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        cache: 'no-store',
        // credentials: fetch's default, 'same-origin' (no cookie to another origin's relay)
        redirect: 'error',
        signal: controller.signal,
      });
    } catch (e) {
      if (clock.timedOut) return fail('timeout', `no answer within ${timeoutMs} ms`);
      if (signal?.aborted) throw e;
      return fail('network', 'the relay could not be reached');
    }
    let text: string;
    try {
      text = await readCapped(response, MAX_ANSWER_BYTES);
    } catch (e) {
      if (clock.timedOut) return fail('timeout', `no complete answer within ${timeoutMs} ms`);
      if (signal?.aborted) throw e;
      if (e instanceof TooLarge) return fail('bad_response', 'answer too large');
      return fail('network', 'the answer was cut off');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail('bad_response', `HTTP ${response.status}: answer is not JSON`);
    }
    return match ? classifyMatchAnswer(response.status, json) : classifyAnswer(response.status, json, { allowPending });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
