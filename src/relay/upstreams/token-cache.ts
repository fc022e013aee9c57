/**
 * Upstream access-token cache: one token at a time, reused until shortly before it expires, and a single
 * in-flight token request shared by every caller (a burst of 100 requests makes one token call). Used for DQE's
 * token and CAMARA's `client_credentials` token: tokens of the application, never a token obtained with a
 * subscriber's approval (CIBA), which serves only the check it was approved for.
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
