/**
 * Upstream access-token cache: one token at a time, reused until shortly before it expires, and a single
 * in-flight token request shared by every caller (a burst of 100 requests makes one token call). Used for DQE's
 * token and CAMARA's `client_credentials` token; {@link createKeyedTokenCache} keeps one per key (CAMARA's CIBA
 * tokens, which are per phone number).
 */

export interface IssuedToken {
  token: string;
  /** Lifetime in seconds, as the token endpoint's `expires_in`. */
  expiresIn: number;
}

export interface TokenCacheOptions {
  /** Asks the upstream for a new token. Called at most once at a time. */
  fetchToken: () => Promise<IssuedToken>;
  now?: () => number;
  /** Renew this long before expiry at most (ms); default 30 s, never more than 10 % of the token's lifetime. */
  marginMs?: number;
}

export interface TokenCache {
  /** A valid token: the cached one, or a fresh one (shared request). */
  get(): Promise<string>;
  /**
   * Called after the upstream rejected `stale` (DQE's error 30, HTTP 401): drops it and answers a new token. When another caller has
   * already renewed it, answers that newer token without a second request.
   */
  renew(stale: string): Promise<string>;
  /** Forgets the cached token (e.g. after the upstream rejected a fresh one). */
  clear(): void;
}

/**
 * Makes the token cache of one upstream account, named `name` (`dqe`, `camara`): the relay passes one that
 * shares the token through its store (store/shared-token.ts) when a fleet shares a store; without it each
 * client keeps {@link createTokenCache}'s per-process cache.
 */
export type TokenCacheFactory = (name: string, fetchToken: () => Promise<IssuedToken>) => TokenCache;

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const now = options.now ?? Date.now;
  const maxMargin = options.marginMs ?? 30_000;
  let current: { token: string; renewAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  const request = (): Promise<string> => {
    if (inflight) return inflight;
    const p = (async () => {
      try {
        const issued = await options.fetchToken();
        const lifetimeMs = Math.max(0, issued.expiresIn * 1000);
        const margin = Math.min(maxMargin, lifetimeMs * 0.1);
        current = { token: issued.token, renewAt: now() + lifetimeMs - margin };
        return issued.token;
      } finally {
        inflight = null;
      }
    })();
    inflight = p;
    return p;
  };

  return {
    get() {
      if (current && now() < current.renewAt) return Promise.resolve(current.token);
      return request();
    },
    renew(stale) {
      if (inflight) return inflight;
      if (current && current.token !== stale && now() < current.renewAt) return Promise.resolve(current.token);
      current = null;
      return request();
    },
    clear() {
      current = null;
    },
  };
}

export interface KeyedTokenCacheOptions {
  /** Asks the upstream for a new token for `key`. Called at most once at a time per key. */
  fetchToken: (key: string) => Promise<IssuedToken>;
  now?: () => number;
  marginMs?: number;
  /** Most keys kept; past it the least recently used is forgotten (its token is simply asked again). */
  maxKeys?: number;
}

/** One {@link TokenCache} per key (e.g. per phone number for tokens bound to one subscriber), bounded in size. */
export function createKeyedTokenCache(options: KeyedTokenCacheOptions): { for(key: string): TokenCache } {
  const maxKeys = options.maxKeys ?? 10_000;
  const caches = new Map<string, TokenCache>();
  return {
    for(key) {
      let cache = caches.get(key);
      if (cache) {
        // most recently used last
        caches.delete(key);
        caches.set(key, cache);
        return cache;
      }
      cache = createTokenCache({
        fetchToken: () => options.fetchToken(key),
        now: options.now,
        marginMs: options.marginMs,
      });
      caches.set(key, cache);
      while (caches.size > maxKeys) {
        const oldest = caches.keys().next().value;
        if (oldest === undefined) break;
        caches.delete(oldest);
      }
      return cache;
    },
  };
}
