/**
 * A failure of the upstream (not an answer: an error carrying `id` R429, R502 or R504) as the relay's error;
 * R429 (an operator's 429, or the CIBA prompt gate) carries `retry_after` and `Retry-After`.
 */
import type { Context } from 'hono';
import type { RelayContext } from '../context.js';

export function upstreamFailure(r: RelayContext, c: Context, e: unknown): Response {
  const failure = e !== null && typeof e === 'object' ? (e as { id?: unknown; retryAfterSeconds?: unknown }) : {};
  if (failure.id === 'R429') {
    const after = failure.retryAfterSeconds;
    return r.rateLimited(c, typeof after === 'number' && after > 0 ? Math.ceil(after) : 60);
  }
  if (failure.id === 'R502' || failure.id === 'R504') return r.relayError(c, failure.id);
  throw e;
}
