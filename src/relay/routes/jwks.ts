/**
 * `GET /.well-known/jwks.json`: the public keys of the relay's `private_key_jwt` client authentication, for the
 * operator to register (public, cacheable for an hour). 404 when the upstream authenticates otherwise.
 */
import type { Context } from 'hono';
import type { RelayContext } from '../context.js';

export function jwksRoute(r: RelayContext) {
  return async (c: Context): Promise<Response> => {
    const jwks = (await r.upstream.jwks?.()) ?? null;
    if (jwks === null || jwks.keys.length === 0) {
      return r.notFound(c);
    }
    r.outcome(c, 'jwks');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(jwks, 200, { 'content-type': 'application/jwk-set+json' });
  };
}
