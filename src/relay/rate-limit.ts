/**
 * Per-client rate limit: a fixed window per client key, in memory, with bounded memory use.
 * One relay process; behind several instances use the platform's own limiter as well.
 */

export interface RateLimitOptions {
  /** Window length in ms (default 60 000). */
  windowMs: number;
  /** Requests allowed per client per window (default 30). */
  max: number;
  now?: () => number;
  /** Most clients tracked at once; beyond, the oldest windows are dropped. Default 10 000. */
  maxClients?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets (for `Retry-After`). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  hit(key: string): RateLimitDecision;
}

export const DEFAULT_RATE_LIMIT = Object.freeze({ windowMs: 60_000, max: 30 });

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxClients = options.maxClients ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();

  const sweep = (t: number): void => {
    for (const [k, w] of windows) if (t - w.start >= options.windowMs) windows.delete(k);
    lastSweep = t;
  };

  return {
    hit(key) {
      const t = now();
      if (t - lastSweep >= options.windowMs) sweep(t);
      let w = windows.get(key);
      if (!w || t - w.start >= options.windowMs) {
        if (!w && windows.size >= maxClients) {
          sweep(t);
          // still full: drop the oldest entry (Map keeps insertion order)
          if (windows.size >= maxClients) windows.delete(windows.keys().next().value as string);
        }
        w = { start: t, count: 0 };
        windows.delete(key);
        windows.set(key, w);
      }
      w.count += 1;
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + options.windowMs - t) / 1000));
      return { allowed: w.count <= options.max, remaining: Math.max(0, options.max - w.count), retryAfterSeconds };
    },
  };
}
