/**
 * The per-client limit on the routes that cost an upstream call (R429 with `retry_after`): the client is its
 * address (IPv6 by /64; limits.ts), counted in the store; a store failure lets the request through (logged).
 */
import type { MiddlewareHandler } from 'hono';
import type { RelayContext } from '../context.js';
import { hitLimit, type Limit } from '../limits.js';

export function clientLimit(r: RelayContext, limit: Limit | false): MiddlewareHandler {
  return async (c, next) => {
    if (limit) {
      const d = await hitLimit(r.store, `limit:client:${r.clientKey(c)}`, limit, r.log);
      if (!d.allowed) {
        r.log.warn('rate_limited', { path: c.req.path, limit: 'client' });
        return r.rateLimited(c, d.retryAfterSeconds);
      }
    }
    await next();
  };
}
