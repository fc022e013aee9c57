/** A failure of the upstream (not an answer: an error carrying `id` R502 or R504) as the relay's error. */
import type { Context } from 'hono';
import type { RelayContext } from '../context.js';

export function upstreamFailure(r: RelayContext, c: Context, e: unknown): Response {
  const id = e !== null && typeof e === 'object' ? (e as { id?: unknown }).id : undefined;
  if (id === 'R502' || id === 'R504') return r.relayError(c, id);
  throw e;
}
