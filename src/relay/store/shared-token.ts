/**
 * An upstream access token shared by every relay instance through the store (Redis for a fleet), with a short
 * lock, so that a cold fleet makes ONE token request and a refused token (DQE's error 30, an HTTP 401) is renewed
 * once for everyone. It has the same interface as the per-process token cache the upstream clients use
 * (`get`, `renew(stale)`, `clear`), so a client takes either.
 *
 * - `get`: the token this process already holds, else the fleet's (store), else the right to ask: a mark
 *   `{key}:lock` set if absent for `lockMs`. The winner asks the upstream, stores the token until shortly before it
 *   expires (30 s, at most 10 % of its lifetime) and releases the lock; the others poll the store (bounded,
 *   backing off) until the token is there. Within one process callers share one promise: one poller, one request.
 * - `renew(stale)`: the fleet's token when it is no longer `stale` (someone renewed it already), else the right to
 *   renew THAT token: a mark `{key}:renew:{digest of stale}`, so that every instance refused with the same token
 *   waits for one renewal.
 * - Failure: when the holder's request fails, it says so in the store (`{key}:failed`, briefly) and the waiting
 *   instances ask for themselves, so that each gets the upstream's own answer (an error id to show) at once
 *   instead of waiting for the lock to lapse. When the store itself fails, every instance falls back to asking for
 *   itself (the per-process sharing still holds) and says so in the log: the token must not depend on Redis.
 *
 * The token is kept in the store in clear, for at most its lifetime: the store is as trusted as the relay.
 */
import type { Logger } from '../log.js';
import type { RelayStore } from './types.js';

export interface IssuedToken {
  token: string;
  /** Lifetime in seconds, as the token endpoint's `expires_in`. */
  expiresIn: number;
}

/** The interface of the upstream clients' token caches (upstreams/token-cache.ts). */
export interface SharedTokenCache {
  get(): Promise<string>;
  renew(stale: string): Promise<string>;
  clear(): void;
}

export interface SharedTokenOptions {
  store: RelayStore;
  /** Store key of the token, e.g. `token:dqe:<digest of the licence>`; the lock and marks are derived from it. */
  key: string;
  /** Asks the upstream for a token. Called by at most one instance at a time (while the store answers). */
  fetchToken: () => Promise<IssuedToken>;
  now?: () => number;
  /** Renew this long before expiry at most (ms); default 30 s, never more than 10 % of the token's lifetime. */
  marginMs?: number;
  /** How long one instance may hold the right to ask (ms): longer than a token request may take. Default 15 s. */
  lockMs?: number;
  /** Longest pause between two looks at the store while another instance asks (ms). Default 200. */
  maxPollMs?: number;
  /** Called once for each token this process starts using (e.g. to scrub it from the logs). */
  onToken?: (token: string) => void;
  logger?: Logger;
}

interface Held {
  token: string;
  /** Epoch ms after which the token is renewed instead of used. */
  renewAt: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseHeld(raw: string | null): Held | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const { token, renewAt } = v as Record<string, unknown>;
    if (typeof token !== 'string' || token.length === 0 || typeof renewAt !== 'number') return null;
    return { token, renewAt };
  } catch {
    return null;
  }
}

async function shortDigest(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d).slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createSharedTokenCache(options: SharedTokenOptions): SharedTokenCache {
  const { store, key } = options;
  const now = options.now ?? Date.now;
  const maxMargin = options.marginMs ?? 30_000;
  const lockMs = options.lockMs ?? 15_000;
  const maxPollMs = options.maxPollMs ?? 200;
  const log = options.logger;
  const lockKey = `${key}:lock`;
  const failedKey = `${key}:failed`;
  const seen = new Set<string>();
  let held: Held | null = null;
  let cold: Promise<string> | null = null;
  const renewing = new Map<string, Promise<string>>();
  let storeDownLoggedAt = -Infinity;

  const use = (h: Held): string => {
    held = h;
    if (!seen.has(h.token)) {
      seen.add(h.token);
      if (seen.size > 16) seen.delete(seen.values().next().value as string);
      options.onToken?.(h.token);
    }
    return h.token;
  };
  /** `h` when it can be used instead of `stale`: another token, not yet due for renewal. */
  const usable = (h: Held | null, stale: string | null): Held | null =>
    h !== null && h.token !== stale && now() < h.renewAt ? h : null;

  const storeDown = (e: unknown) => {
    if (now() - storeDownLoggedAt < 10_000) return;
    storeDownLoggedAt = now();
    log?.error('store_unavailable', { operation: 'token', action: 'asking the upstream directly', error: e });
  };

  /** Asks the upstream; answers the token held until shortly before it expires. */
  const ask = async (): Promise<Held> => {
    const issued = await options.fetchToken();
    const lifetimeMs = Math.max(0, issued.expiresIn * 1000);
    const margin = Math.min(maxMargin, lifetimeMs * 0.1);
    return { token: issued.token, renewAt: now() + lifetimeMs - margin };
  };

  /** The holder of a lock: asks, publishes (or says it failed), releases. */
  const askAndPublish = async (lock: string): Promise<string> => {
    let h: Held;
    try {
      h = await ask();
    } catch (e) {
      await store.set(failedKey, String(now()), 2_000).catch(() => {});
      await store.delete(lock).catch(() => {});
      throw e;
    }
    const ttl = h.renewAt - now();
    try {
      if (ttl > 0) await store.set(key, JSON.stringify(h), ttl);
      await store.delete(lock);
    } catch (e) {
      storeDown(e);
    }
    return use(h);
  };

  /** The store's operations, their failures told apart from the upstream's. */
  const shared = {
    get: (k: string) => store.get(k).catch((e: unknown) => Promise.reject(new StoreFailed(e))),
    mark: (k: string, ms: number) => store.mark(k, ms).catch((e: unknown) => Promise.reject(new StoreFailed(e))),
  };

  /**
   * The fleet's token that is not `stale`, asking the upstream when this instance wins `lock`, else waiting
   * (bounded by `lockMs`) for the instance that did.
   */
  const acquire = async (stale: string | null, lock: string): Promise<string> => {
    const started = now();
    let pause = 10;
    try {
      for (;;) {
        const current = usable(parseHeld(await shared.get(key)), stale);
        if (current) return use(current);
        if (await shared.mark(lock, lockMs)) return await askAndPublish(lock);
        await sleep(pause);
        pause = Math.min(maxPollMs, Math.ceil(pause * 1.5));
        const failedAt = Number(await shared.get(failedKey));
        // the holder failed (or vanished): get the upstream's own answer
        if (failedAt >= started || now() - started > lockMs) return use(await ask());
      }
    } catch (e) {
      if (!(e instanceof StoreFailed)) throw e;
      storeDown(e.cause);
      return use(await ask());
    }
  };

  return {
    get() {
      const mine = usable(held, null);
      if (mine) return Promise.resolve(mine.token);
      if (!cold) {
        cold = acquire(null, lockKey).finally(() => {
          cold = null;
        });
      }
      return cold;
    },
    async renew(stale) {
      const mine = usable(held, stale);
      if (mine) return mine.token;
      if (held?.token === stale) held = null;
      let p = renewing.get(stale);
      if (!p) {
        p = shortDigest(stale)
          .then((d) => acquire(stale, `${key}:renew:${d}`))
          .finally(() => renewing.delete(stale));
        renewing.set(stale, p);
      }
      return p;
    },
    clear() {
      const h = held;
      held = null;
      if (h) store.delete(key, JSON.stringify(h)).catch(() => {});
    },
  };
}

class StoreFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('store unavailable');
  }
}

/**
 * A store key naming one upstream account (e.g. its base URL and licence) without writing it out: a short
 * FNV-1a digest, to keep accounts apart on a shared Redis (not a secret: the token itself is in the store).
 */
export function tokenKey(kind: string, ...account: string[]): string {
  const text = account.join('\u0000');
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  return `token:${kind}:${fnv(0x811c9dc5)}${fnv(0x050c5d1f)}`;
}

/** {@link createSharedTokenCache} in one line: `sharedToken(store, 'token:dqe:…', fetchToken)`. */
export function sharedToken(
  store: RelayStore,
  key: string,
  fetchToken: () => Promise<IssuedToken>,
  options: Omit<SharedTokenOptions, 'store' | 'key' | 'fetchToken'> = {},
): SharedTokenCache {
  return createSharedTokenCache({ ...options, store, key, fetchToken });
}
