/**
 * The per-client limit on the routes that cost an upstream call (R429 with `retry_after`): the client is its
 * address (IPv6 by /64; limits.ts), counted in the store; a store failure lets the request through (logged).
 *
 * `/result` counts AFTER its answer, and not when the answer is `pending` (a widget polling a CIBA check on its
 * subscriber's approval asks every few seconds: those polls must not use up the shop's visitors' budget). A
 * client over the limit is marked blocked until its window ends, and the mark is what `/result` checks first.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { RelayContext } from '../context.js';
import { hitLimit, type Limit } from '../limits.js';

const blockedKey = (r: RelayContext, c: Context) => `limit:client-blocked:${r.clientKey(c)}`;

/** Marks the client blocked for the rest of its window (what `/result` checks first). */
const block = (r: RelayContext, c: Context, seconds: number) =>
  r.store.mark(blockedKey(r, c), Math.max(1, seconds) * 1000).catch(() => false);

export function clientLimit(r: RelayContext, limit: Limit | false): MiddlewareHandler {
  return async (c, next) => {
    if (limit) {
      const d = await hitLimit(r.store, `limit:client:${r.clientKey(c)}`, limit, r.log);
      if (!d.allowed) {
        await block(r, c, d.retryAfterSeconds);
        r.log.warn('rate_limited', { path: c.req.path, limit: 'client' });
        return r.rateLimited(c, d.retryAfterSeconds);
      }
    }
    await next();
  };
}

/** The per-client limit of `/result`: pending answers are not counted (see the module comment). */
export function clientLimitExceptPending(r: RelayContext, limit: Limit | false): MiddlewareHandler {
  return async (c, next) => {
    if (!limit) return next();
    const blocked = await r.store.isMarked(blockedKey(r, c)).catch((e: unknown) => {
      r.log.error('store_unavailable', { operation: 'limit', kind: 'limit:client', fails: 'open', error: e });
      return false;
    });
    if (blocked) {
      r.log.warn('rate_limited', { path: c.req.path, limit: 'client' });
      return r.rateLimited(c, Math.max(1, Math.ceil(limit.windowMs / 1000)));
    }
    await next();
    if (r.outcomes.get(c.req.raw) === 'pending') return;
    const d = await hitLimit(r.store, `limit:client:${r.clientKey(c)}`, limit, r.log);
    if (!d.allowed) await block(r, c, d.retryAfterSeconds);
  };
}
