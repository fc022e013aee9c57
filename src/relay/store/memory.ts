/**
 * The in-memory store: one relay process (the default, and the store on runtimes without sockets). Expired
 * entries are dropped lazily when read and by a sweep at most once per `sweepEveryMs`; live entries are never
 * evicted, so memory follows the traffic of the current windows, not an arbitrary cap.
 */
import type { CounterHit, RelayStore } from './types.js';

export interface MemoryStoreOptions {
  now?: () => number;
  /** Least time between two sweeps of expired entries (ms); default 10 s. */
  sweepEveryMs?: number;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): RelayStore {
  const now = options.now ?? Date.now;
  const sweepEveryMs = options.sweepEveryMs ?? 10_000;
  const counters = new Map<string, { count: number; expiresAt: number }>();
  const marks = new Map<string, number>();
  const values = new Map<string, { value: string; expiresAt: number }>();
  let lastSweep = now();

  const sweep = (t: number): void => {
    if (t - lastSweep < sweepEveryMs) return;
    lastSweep = t;
    for (const [k, c] of counters) if (c.expiresAt <= t) counters.delete(k);
    for (const [k, expiresAt] of marks) if (expiresAt <= t) marks.delete(k);
    for (const [k, v] of values) if (v.expiresAt <= t) values.delete(k);
  };

  const liveMark = (key: string, t: number): boolean => {
    const expiresAt = marks.get(key);
    return expiresAt !== undefined && expiresAt > t;
  };

  return {
    increment(key, windowMs) {
      const t = now();
      sweep(t);
      let c = counters.get(key);
      if (!c || c.expiresAt <= t) {
        c = { count: 0, expiresAt: t + Math.max(1, windowMs) };
        counters.set(key, c);
      }
      c.count += 1;
      const hit: CounterHit = { count: c.count, resetInMs: c.expiresAt - t };
      return Promise.resolve(hit);
    },
    mark(key, ttlMs) {
      const t = now();
      sweep(t);
      if (liveMark(key, t)) return Promise.resolve(false);
      marks.set(key, t + Math.max(1, ttlMs));
      return Promise.resolve(true);
    },
    isMarked(key) {
      return Promise.resolve(liveMark(key, now()));
    },
    get(key) {
      const v = values.get(key);
      return Promise.resolve(v && v.expiresAt > now() ? v.value : null);
    },
    set(key, value, ttlMs) {
      const t = now();
      sweep(t);
      values.set(key, { value, expiresAt: t + Math.max(1, ttlMs) });
      return Promise.resolve();
    },
    delete(key, ifValue) {
      if (ifValue === undefined) {
        counters.delete(key);
        marks.delete(key);
        values.delete(key);
      } else if (values.get(key)?.value === ifValue) values.delete(key);
      return Promise.resolve();
    },
  };
}
