/**
 * The limits of one check, after its session is known: the order's `max_checks` (a grant, shared by every
 * session of its reference: it fails closed, R503, when the store cannot count) and the number's limits, per
 * (number, client), per (number, order reference) and per number across everyone (rates: they fail open). Every
 * counter key is an HMAC under the limits key: no phone number or reference is ever a store key.
 */
import type { Context } from 'hono';
import type { RelayContext } from './context.js';
import {
  DEFAULT_PHONE_CAP,
  DEFAULT_PHONE_CLIENT_LIMIT,
  DEFAULT_PHONE_REFERENCE_LIMIT,
  hitLimit,
  type Limit,
} from './limits.js';
import { hmacBase64url } from './trust/fast-crypto.js';
import type { SessionClaims } from './trust/sessions.js';

export function createCheckLimits(r: RelayContext) {
  const given = r.options.limits;
  const limitOf = (value: Limit | false | undefined, fallback: Limit): Limit | false =>
    value === undefined ? (r.testMode ? false : fallback) : value;
  const phoneLimits = {
    phone_client: limitOf(given?.phoneClient, DEFAULT_PHONE_CLIENT_LIMIT),
    phone_reference: limitOf(given?.phoneReference, DEFAULT_PHONE_REFERENCE_LIMIT),
    phone_cap: limitOf(given?.phoneCap, DEFAULT_PHONE_CAP),
  };

  /** A counter key: an HMAC of its parts. */
  const limitKey = async (...parts: string[]) => hmacBase64url((await r.keys).limits, parts.join('\u0000'));

  /** The order's checks left: null when this one may run, else the R429 (or R503) answer. */
  async function orderChecks(c: Context, claims: SessionClaims): Promise<Response | null> {
    const key = `limit:checks:${await limitKey('reference', claims.ref)}`;
    const windowMs = Math.max(1000, claims.exp * 1000 - r.now() + 60_000);
    try {
      const hit = await r.store.increment(key, windowMs);
      if (hit.count <= claims.max) return null;
    } catch (e) {
      r.log.error('store_unavailable', { operation: 'max_checks', error: e });
      return r.relayError(c, 'R503');
    }
    r.log.warn('rate_limited', { path: c.req.path, limit: 'session' });
    return r.relayError(c, 'R429', 'this order has no checks left (max_checks)');
  }

  /** The number's limits, in order: null when the check may run, else the first R429. */
  async function numberChecks(c: Context, e164: string, ref: string | null): Promise<Response | null> {
    const phone = await limitKey('phone', e164);
    const buckets: Array<[keyof typeof phoneLimits, string | null]> = [
      ['phone_client', `limit:phone-client:${await limitKey(phone, r.clientKey(c))}`],
      ['phone_reference', ref === null ? null : `limit:phone-ref:${await limitKey(phone, ref)}`],
      ['phone_cap', `limit:phone:${phone}`],
    ];
    for (const [name, key] of buckets) {
      const limit = phoneLimits[name];
      if (!limit || key === null) continue;
      const d = await hitLimit(r.store, key, limit, r.log);
      if (!d.allowed) {
        r.log.warn('rate_limited', { path: c.req.path, limit: name });
        return r.rateLimited(c, d.retryAfterSeconds);
      }
    }
    return null;
  }

  return { orderChecks, numberChecks, limitKey };
}

export type CheckLimits = ReturnType<typeof createCheckLimits>;
