/**
 * The Redis eviction check: the relay's single-use marks (a consent result delivered once, an attestation
 * verified once) must never be evicted to make room, or the second use of a mark Redis dropped passes: a replay.
 * Only `maxmemory-policy noeviction` guarantees that (Redis then refuses writes when full, and the relay fails
 * closed). The relay checks at start and every minute, and logs an alert otherwise, or that it could not check
 * (`CONFIG` disabled, as on many managed services: check the setting in the provider's console).
 */
import type { Logger } from '../log.js';
import { ConfigUnreadable, type RedisStore } from './redis.js';

/** How often the policy is checked again after the start. */
export const EVICTION_CHECK_EVERY_MS = 60_000;

export type EvictionCheck =
  { ok: true; policy: 'noeviction' } | { ok: false; policy: string } | { ok: false; policy: null; reason: string };

/** Reads the policy once and logs what it found: `store_eviction_policy` (error) unless it is `noeviction`. */
export async function checkEvictionPolicy(
  store: Pick<RedisStore, 'evictionPolicy'>,
  log: Logger,
): Promise<EvictionCheck> {
  let policy: string;
  try {
    policy = await store.evictionPolicy();
  } catch (e) {
    const reason =
      e instanceof ConfigUnreadable
        ? 'CONFIG is disabled or refused on this Redis: make sure maxmemory-policy is noeviction'
        : 'Redis unreachable';
    log.warn('store_eviction_unchecked', { reason });
    return { ok: false, policy: null, reason };
  }
  if (policy === 'noeviction') return { ok: true, policy };
  log.error('store_eviction_policy', {
    alert: true,
    policy,
    expected: 'noeviction',
    risk: 'Redis may evict single-use marks under memory pressure: an evicted mark lets a consent result or an attestation be used again',
    fix: 'CONFIG SET maxmemory-policy noeviction (and in redis.conf)',
  });
  return { ok: false, policy };
}

/**
 * Checks now and every {@link EVICTION_CHECK_EVERY_MS} (the timer does not keep the process alive). Answers the
 * function that stops it.
 */
export function watchEvictionPolicy(
  store: Pick<RedisStore, 'evictionPolicy'>,
  log: Logger,
  everyMs = EVICTION_CHECK_EVERY_MS,
): () => void {
  void checkEvictionPolicy(store, log);
  const timer = setInterval(() => void checkEvictionPolicy(store, log), everyMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
