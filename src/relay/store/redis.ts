/**
 * The relay's store on Redis or Valkey (`RELAY_STORE_URL=redis://…`), shared by every relay instance of a fleet.
 *
 * - counters: one Lua script (`INCR`, then `PEXPIRE` when the window starts) answers the count and the time left:
 *   atomic, no read-modify-write between instances; a key found without expiry gets one (never immortal);
 * - single-use marks: `SET key 1 NX PX ttl` (first writer wins across the fleet);
 * - values: `GET`, `SET … PX`, and delete-if-equal as a script (an instance never deletes a token another one has
 *   just renewed).
 *
 * Failure is bounded, never fatal: every command has a deadline of its own (`commandTimeoutMs`, default 500 ms),
 * commands are refused at once while the connection is down (no offline queue) and when too many are waiting
 * (`maxPending`); the client reconnects forever with capped, jittered backoff; a connection that stops answering
 * (a frozen server keeps its TCP connection) is dropped and replaced after `stallMs`. Connection errors are
 * logged (at most one line per `logEveryMs`), never thrown at the process. Every method rejects while Redis is
 * unreachable: the relay's limits then fail open and its single-use checks fail closed (R503), and both come
 * back by themselves when Redis does.
 *
 * The `redis` package (the official client, an optional dependency of the relay) is loaded on first use, so
 * that importing the relay never requires it.
 */
import type { Logger } from '../log.js';
import type { CounterHit, RelayStore } from './types.js';

export interface RedisStoreOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS). */
  url: string;
  /** Prepended to every key (several shops or environments may share one Redis). Default `idmobile:`. */
  prefix?: string;
  /** Longest wait for one command's answer (ms); default 500. */
  commandTimeoutMs?: number;
  /** Longest wait for a TCP connection (ms); default 2000. */
  connectTimeoutMs?: number;
  /** Commands waiting at once (sent or not); past it a command is refused at once. Default 1000. */
  maxPending?: number;
  /** No answer at all for this long while commands wait: the connection is replaced (ms). Default 2000. */
  stallMs?: number;
  /** Longest pause between two reconnection attempts (ms); default 2000. */
  maxReconnectDelayMs?: number;
  /** Least time between two log lines about the connection (ms); default 10 000. */
  logEveryMs?: number;
  logger?: Logger;
  now?: () => number;
}

export interface RedisStore extends RelayStore {
  /**
   * Redis's `maxmemory-policy` (`CONFIG GET`). Rejects when it cannot be read: Redis unreachable, or `CONFIG`
   * disabled or renamed (managed services often do), which rejects with {@link ConfigUnreadable}.
   */
  evictionPolicy(): Promise<string>;
  /** Resolves true once connected (false after `timeoutMs`): for a server that wants Redis before listening. */
  ready(timeoutMs: number): Promise<boolean>;
  /** Closes the connection for good (pending commands are rejected). */
  close(): Promise<void>;
}

/** Raised by the store for any failure to get an answer from Redis (down, too slow, too busy). */
export class StoreUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailable';
  }
}

/** `CONFIG GET` refused or answered something else: the setting cannot be read from this connection. */
export class ConfigUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigUnreadable';
  }
}

// KEYS[1] counter; ARGV[1] window (ms). Answers {count, ms left}.
const INCREMENT = `local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

// KEYS[1] value; ARGV[1] the value it must still hold. Answers the number of keys deleted.
const DELETE_IF_EQUAL = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

async function sha1Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the store needs of a client of the `redis` package (also what a test double implements). */
interface Client {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  destroy(): void;
  sendCommand(args: string[]): Promise<unknown>;
  on(event: 'error', listener: (e: unknown) => void): unknown;
  on(event: 'connect' | 'ready' | 'reconnecting' | 'end', listener: () => void): unknown;
}

/** Where the current connection is: a socket being opened, open but not yet ready (handshake), ready. */
type ConnectionState = 'connecting' | 'handshake' | 'ready';

/** Where a Redis URL points, without its credentials (for log lines). */
export function redisEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return 'redis';
  }
}

const ms = (n: number) => Math.max(1, Math.floor(n));

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.prefix ?? 'idmobile:';
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const maxPending = options.maxPending ?? 1000;
  const stallMs = options.stallMs ?? 2000;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2000;
  const logEveryMs = options.logEveryMs ?? 10_000;
  const now = options.now ?? Date.now;
  const log = options.logger;
  const endpoint = redisEndpoint(options.url);

  let client: Client | null = null;
  let closed = false;
  let generation = 0;
  let pending = 0;
  let lastAnswerAt = now();
  let lastRecycleAt = 0;
  let state: ConnectionState = 'connecting';
  let stateSince = now();
  let down = false;
  let lastLogAt = -Infinity;
  let suppressed = 0;
  let isReplyError: (e: unknown) => boolean = () => false;
  const readyWaiters = new Set<(ok: boolean) => void>();
  const enter = (next: ConnectionState) => {
    state = next;
    stateSince = now();
  };
  const shas = { increment: sha1Hex(INCREMENT), deleteIfEqual: sha1Hex(DELETE_IF_EQUAL) };

  const note = (event: string, fields: Record<string, unknown> = {}, level: 'info' | 'warn' | 'error' = 'warn') => {
    const t = now();
    if (level !== 'info' && t - lastLogAt < logEveryMs) {
      suppressed += 1;
      return;
    }
    lastLogAt = level === 'info' ? lastLogAt : t;
    log?.[level](event, { store: endpoint, ...fields, ...(suppressed > 0 ? { suppressed } : {}) });
    suppressed = 0;
  };

  const reconnectStrategy = (retries: number): number => {
    const base = Math.min(maxReconnectDelayMs, 50 * 2 ** Math.min(retries, 10));
    return Math.floor(base / 2 + Math.random() * (base / 2));
  };

  /** A fresh client; the previous one (if any) is destroyed. Never throws. */
  const open = async (): Promise<void> => {
    const mine = ++generation;
    const old = client;
    client = null;
    try {
      old?.destroy();
    } catch {
      // already gone
    }
    let created: Client;
    try {
      const { createClient, ErrorReply } = await import('redis');
      isReplyError = (e) => e instanceof ErrorReply;
      created = createClient({
        url: options.url,
        disableOfflineQueue: true,
        commandsQueueMaxLength: maxPending,
        socket: { connectTimeout: connectTimeoutMs, reconnectStrategy },
      });
    } catch (e) {
      note('store_client_unavailable', { error: e }, 'error');
      return;
    }
    if (closed || mine !== generation) {
      created.destroy();
      return;
    }
    created.on('error', (e) => {
      if (mine !== generation) return;
      down = true;
      note('store_connection_error', { error: e });
    });
    created.on('reconnecting', () => {
      if (mine !== generation) return;
      down = true;
      enter('connecting');
    });
    created.on('connect', () => {
      if (mine === generation) enter('handshake');
    });
    created.on('ready', () => {
      if (mine !== generation) return;
      enter('ready');
      lastAnswerAt = now();
      if (down) note('store_connected', {}, 'info');
      down = false;
      for (const w of readyWaiters) w(true);
    });
    client = created;
    enter('connecting');
    lastAnswerAt = now();
    created.connect().catch((e: unknown) => {
      if (mine === generation) note('store_connection_error', { error: e });
    });
  };

  const opening = open();

  /**
   * Replaces a connection that no longer answers: commands time out on a ready connection, or the handshake of a
   * new one never ends (a frozen server still accepts TCP connections). A refused connection is left to the
   * client's own reconnection backoff.
   */
  const maybeRecycle = () => {
    const t = now();
    if (closed || t - lastRecycleAt < stallMs) return;
    const silent = state === 'ready' ? t - lastAnswerAt >= stallMs : state === 'handshake' && t - stateSince >= stallMs;
    if (!silent) return;
    lastRecycleAt = t;
    down = true;
    note('store_stalled', { silent_ms: t - lastAnswerAt, action: 'reconnecting' });
    void open();
  };

  const send = async (args: string[]): Promise<unknown> => {
    await opening;
    const c = client;
    if (closed) throw new StoreUnavailable('store closed');
    if (!c || !c.isReady) {
      maybeRecycle();
      throw new StoreUnavailable(`store ${endpoint} unreachable`);
    }
    if (pending >= maxPending) throw new StoreUnavailable(`store ${endpoint} busy (${pending} commands waiting)`);
    pending += 1;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const answer = await Promise.race([
        c.sendCommand(args),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new StoreUnavailable(`store ${endpoint}: no answer within ${commandTimeoutMs} ms`)),
            commandTimeoutMs,
          );
        }),
      ]);
      lastAnswerAt = now();
      return answer;
    } catch (e) {
      if (e instanceof StoreUnavailable) maybeRecycle();
      // a Redis error reply (e.g. NOSCRIPT) is an answer: the connection is alive
      else if (isReplyError(e)) lastAnswerAt = now();
      throw e instanceof StoreUnavailable || isReplyError(e)
        ? e
        : new StoreUnavailable(`store ${endpoint}: ${describe(e)}`);
    } finally {
      clearTimeout(timer);
      pending -= 1;
    }
  };

  /** EVALSHA, then EVAL when the server does not know the script yet (restarted, flushed). */
  const script = async (sha: Promise<string>, source: string, key: string, args: string[]) => {
    try {
      return await send(['EVALSHA', await sha, '1', key, ...args]);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      return send(['EVAL', source, '1', key, ...args]);
    }
  };

  const k = (key: string) => prefix + key;

  return {
    async increment(key, windowMs): Promise<CounterHit> {
      const answer = await script(shas.increment, INCREMENT, k(key), [String(ms(windowMs))]);
      if (!Array.isArray(answer) || answer.length !== 2) throw new StoreUnavailable('unexpected counter answer');
      const [count, left] = answer.map(Number) as [number, number];
      if (!Number.isFinite(count) || !Number.isFinite(left)) throw new StoreUnavailable('unexpected counter answer');
      return { count, resetInMs: Math.max(0, left) };
    },
    async mark(key, ttlMs) {
      const answer = await send(['SET', k(key), '1', 'NX', 'PX', String(ms(ttlMs))]);
      return answer === 'OK';
    },
    async isMarked(key) {
      return Number(await send(['EXISTS', k(key)])) === 1;
    },
    async get(key) {
      const answer = await send(['GET', k(key)]);
      return typeof answer === 'string' ? answer : null;
    },
    async set(key, value, ttlMs) {
      await send(['SET', k(key), value, 'PX', String(ms(ttlMs))]);
    },
    async delete(key, ifValue) {
      if (ifValue === undefined) await send(['DEL', k(key)]);
      else await script(shas.deleteIfEqual, DELETE_IF_EQUAL, k(key), [ifValue]);
    },
    async evictionPolicy() {
      let answer: unknown;
      try {
        answer = await send(['CONFIG', 'GET', 'maxmemory-policy']);
      } catch (e) {
        if (e instanceof StoreUnavailable) throw e;
        throw new ConfigUnreadable(`CONFIG GET refused: ${describe(e)}`);
      }
      // RESP2 answers [name, value]; RESP3 a map
      const value = Array.isArray(answer)
        ? (answer as unknown[])[1]
        : answer !== null && typeof answer === 'object'
          ? (answer as Record<string, unknown>)['maxmemory-policy']
          : undefined;
      if (typeof value !== 'string') throw new ConfigUnreadable('CONFIG GET maxmemory-policy answered no value');
      return value;
    },
    async ready(timeoutMs) {
      await opening;
      if (client?.isReady) return true;
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          readyWaiters.delete(done);
          clearTimeout(timer);
          resolve(ok);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        readyWaiters.add(done);
      });
    },
    async close() {
      closed = true;
      await opening;
      generation += 1;
      const c = client;
      client = null;
      try {
        c?.destroy();
      } catch {
        // already gone
      }
      for (const w of readyWaiters) w(false);
    },
  };
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : 'store error';
}
