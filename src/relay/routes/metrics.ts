/**
 * `GET /metrics`: the relay's metrics in the Prometheus text format (metrics.ts), behind
 * `Authorization: Bearer <RELAY_METRICS_KEY>` compared in constant time; 404 when no key is configured, so a
 * relay without it says nothing about itself. Its own key: a scraper's must not create sessions or use up
 * attestations.
 */
import type { Context } from 'hono';
import type { RelayContext } from '../context.js';
import { bearerToken, sameSecret } from '../middleware/api-key.js';

export function metricsRoute(r: RelayContext) {
  const key = r.options.metricsKey;
  return async (c: Context): Promise<Response> => {
    if (!key || !r.metrics) {
      return r.notFound(c);
    }
    const given = bearerToken(c);
    if (given === undefined || !(await sameSecret(given, key))) {
      r.log.warn('metrics_key_refused', {});
      r.outcome(c, 'unauthorized');
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ status: 'error', error_id: 'R401', error_type: 'unauthorized' }, 401);
    }
    r.outcome(c, 'metrics');
    return c.body(r.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  };
}
