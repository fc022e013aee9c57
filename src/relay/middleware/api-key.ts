/**
 * The server API's guard: enabled by the API key (else 404), never for browsers (any `Origin`: 403, and no CORS
 * header is ever sent), `Authorization: Bearer <key>` compared in constant time (401), POST only (405). Refusals
 * in the server API's format (`{success: false, error_codes}`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ServerApiOptions } from '../server-api.js';
import { refuse } from '../server-refusals.js';

/** Equal strings in a time that does not depend on where they differ (both hashed first: equal lengths). */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const hash = async (s: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  const [a, b] = await Promise.all([hash(given), hash(expected)]);
  let diff = 0;
  a.forEach((byte, i) => (diff |= byte ^ (b[i] ?? 0)));
  return diff === 0;
}

/** The token of an `Authorization: Bearer <token>` header (no spaces, at most 512 characters), or undefined. */
export const bearerToken = (c: Context): string | undefined =>
  /^Bearer ([^\s]{1,512})$/.exec(c.req.header('authorization') ?? '')?.[1];

export function apiKeyGuard(o: Pick<ServerApiOptions, 'apiKey' | 'log' | 'outcome'>): MiddlewareHandler {
  return async (c: Context, next) => {
    if (!o.apiKey) {
      o.outcome(c, 'not_found');
      return refuse(c, 'not_found');
    }
    if (c.req.header('origin') !== undefined) {
      o.log.warn('server_api_from_browser', { path: c.req.path });
      o.outcome(c, 'origin_forbidden');
      return refuse(c, 'origin_forbidden');
    }
    const key = bearerToken(c);
    if (key === undefined || !(await sameSecret(key, o.apiKey))) {
      c.header('WWW-Authenticate', 'Bearer');
      o.log.warn('api_key_refused', { path: c.req.path });
      o.outcome(c, 'unauthorized');
      return refuse(c, 'unauthorized');
    }
    if (c.req.method !== 'POST') {
      c.header('Allow', 'POST');
      o.outcome(c, 'method_not_allowed');
      return refuse(c, 'method_not_allowed');
    }
    await next();
  };
}
