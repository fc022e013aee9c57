/**
 * Security headers on every answer (no sniffing, no caching, no framing, no referrer, a CSP that allows nothing,
 * HSTS over https) and one access-log line per request, with the outcome the route recorded.
 */
import type { MiddlewareHandler } from 'hono';
import type { RelayContext } from '../context.js';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export function security(r: RelayContext): MiddlewareHandler {
  return async (c, next) => {
    const started = r.now();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (new URL(c.req.url).protocol === 'https:')
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
    r.log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      outcome: r.outcomes.get(c.req.raw) ?? null,
      ms: r.now() - started,
    });
  };
}
