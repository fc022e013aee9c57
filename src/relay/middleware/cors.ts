/**
 * The browser API's `Origin` rule and CORS: a request with an `Origin` outside the configured origins is R403;
 * an allowed one gets `Access-Control-Allow-Origin` (its own origin, never `*`); preflights are answered here.
 * Nothing is derived from `Host` or the request target.
 */
import type { MiddlewareHandler } from 'hono';
import type { RelayContext } from '../context.js';
import { originOf } from '../origins.js';

export function browserOrigin(r: RelayContext): MiddlewareHandler {
  return async (c, next) => {
    c.header('Vary', 'Origin');
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (!r.isAllowed(origin)) {
        r.log.warn('origin_refused', { origin: originOf(origin) ?? 'opaque' });
        return r.relayError(c, 'R403');
      }
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (c.req.method === 'OPTIONS') {
      if (origin !== undefined) {
        c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'Content-Type');
        c.header('Access-Control-Max-Age', '600');
      }
      c.header('Allow', 'GET, POST, OPTIONS');
      return c.body(null, 204);
    }
    await next();
  };
}
