/**
 * The relay's store: everything the relay keeps between requests, behind one small asynchronous interface, so
 * that one instance keeps it in memory and a fleet shares it in Redis or Valkey (`RELAY_STORE_URL`).
 *
 * Three kinds of entries, each with an expiry, and no operation that iterates over keys:
 * - counters (every limit): an atomic increment in a fixed window (`INCR` + `PEXPIRE NX` in Redis);
 * - single-use marks (a consent result delivered once, an attestation verified once): set-if-absent with an
 *   expiry (`SET key 1 NX PX ttl`);
 * - values (the upstream's access token, shared by the fleet): get, set with an expiry, delete-if-equal.
 *
 * Keys are built by the relay (`limit:client:…`, `once:result:…`); an implementation may prefix them. Every
 * method may reject (store unreachable): the relay's limits then fail open (logged) and its single-use checks
 * fail closed (503 `R503`).
 */

export interface CounterHit {
  /** The counter's value after this increment (1 for the first hit of a window). */
  count: number;
  /** Milliseconds until the window ends (for `Retry-After`). */
  resetInMs: number;
}

export interface RelayStore {
  /**
   * Adds 1 to the counter `key` and answers its new value. The first increment starts a window of `windowMs`;
   * the counter disappears when its window ends (never before: a live window is never evicted to make room).
   */
  increment(key: string, windowMs: number): Promise<CounterHit>;
  /** Sets the mark `key` for `ttlMs` unless it is already set; true when this call set it (first use). */
  mark(key: string, ttlMs: number): Promise<boolean>;
  /** Whether the mark `key` is set (and not expired). */
  isMarked(key: string): Promise<boolean>;
  /** The value stored under `key`, or null (absent or expired). */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key` for `ttlMs`, replacing any value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Deletes `key`, whatever it holds (a value, a mark: e.g. a lock released early); with `ifValue`, only the value
   * and only while it still holds `ifValue` (another instance may have renewed it).
   */
  delete(key: string, ifValue?: string): Promise<void>;
}

/** What `verifyAttestation`'s `replay` option needs: single-use marks only. */
export type ReplayStore = Pick<RelayStore, 'mark'>;
