/**
 * The Redis store against a real `redis-server`: the same contract as the in-memory store (one table for both),
 * atomicity across separate clients (as separate relay instances), and failure: a crashed server (connections
 * reset) and a frozen one (SIGSTOP: connections open, nothing answers) give bounded rejections, never a crash, and
 * the same store object recovers when the server is back. Then the relay on it: limits fail open with a log
 * line, single use fails closed with R503, both recover without a restart.
 */
import { expect, test } from '@playwright/test';
import { createTestModeRelay } from '../../../src/relay/test-mode.js';
import { createLogger, type LogEntry } from '../../../src/relay/log.js';
import { createMemoryStore } from '../../../src/relay/store/memory.js';
import { createRedisStore, type RedisStore } from '../../../src/relay/store/redis.js';
import type { RelayStore } from '../../../src/relay/store/types.js';
import { freePort, killAll, needBinaries, REDIS_SERVER, startRedis, type RedisServer } from './servers.js';
import { CAMILLE_LINE, LEA_LINE, namesOf } from '../../fixtures/subscribers.js';

test.describe.configure({ mode: 'serial' });
needBinaries({ 'redis-server': REDIS_SERVER });

let redis: RedisServer;
const opened: RedisStore[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let unique = 0;
const key = (name: string) => `${name}:${process.pid}:${++unique}`;

function redisStore(extra: Partial<Parameters<typeof createRedisStore>[0]> = {}): RedisStore {
  const s = createRedisStore({
    url: redis.url,
    commandTimeoutMs: 300,
    stallMs: 600,
    maxReconnectDelayMs: 200,
    ...extra,
  });
  opened.push(s);
  return s;
}

test.beforeAll(async () => {
  redis = await startRedis();
});

test.afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await redis.stop();
  await killAll();
});

/** Retries `fn` until it resolves, at most `ms` (bounded). */
async function eventually<T>(fn: () => Promise<T>, ms = 8000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > until) throw e;
      await sleep(50);
    }
  }
}

const stores: Array<[string, () => Promise<RelayStore>]> = [
  ['memory', () => Promise.resolve(createMemoryStore())],
  [
    'redis',
    async () => {
      const s = redisStore();
      expect(await s.ready(5000)).toBe(true);
      return s;
    },
  ],
];

for (const [name, make] of stores) {
  test.describe(`${name} store contract`, () => {
    test('counters count within a window, then start again', async () => {
      const s = await make();
      const k = key('counter');
      const hits = [];
      for (let i = 0; i < 3; i++) hits.push(await s.increment(k, 300));
      expect(hits.map((h) => h.count)).toEqual([1, 2, 3]);
      for (const h of hits) expect(h.resetInMs).toBeGreaterThan(0);
      for (const h of hits) expect(h.resetInMs).toBeLessThanOrEqual(300);
      // the window does not slide: later hits end at the same time
      expect(hits[2]!.resetInMs).toBeLessThanOrEqual(hits[0]!.resetInMs);
      await sleep(350);
      expect((await s.increment(k, 300)).count).toBe(1);
    });

    test('marks: first use wins, then expire', async () => {
      const s = await make();
      const k = key('once');
      expect(await s.isMarked(k)).toBe(false);
      expect(await s.mark(k, 300)).toBe(true);
      expect(await s.mark(k, 300)).toBe(false);
      expect(await s.isMarked(k)).toBe(true);
      await sleep(350);
      expect(await s.isMarked(k)).toBe(false);
      expect(await s.mark(k, 300)).toBe(true);
    });

    test('values: set, get, expire, delete, delete only while equal', async () => {
      const s = await make();
      const k = key('value');
      expect(await s.get(k)).toBeNull();
      await s.set(k, 'tok-1', 300);
      expect(await s.get(k)).toBe('tok-1');
      await s.delete(k, 'tok-0');
      expect(await s.get(k)).toBe('tok-1');
      await s.delete(k, 'tok-1');
      expect(await s.get(k)).toBeNull();
      await s.set(k, 'tok-2', 300);
      await s.delete(k);
      expect(await s.get(k)).toBeNull();
      await s.set(k, 'tok-3', 200);
      await sleep(250);
      expect(await s.get(k)).toBeNull();
    });
  });
}

test.describe('redis store across instances', () => {
  test('counters are atomic across three clients: 300 concurrent hits count 1..300 exactly once', async () => {
    const fleet = [redisStore(), redisStore(), redisStore()];
    for (const s of fleet) expect(await s.ready(5000)).toBe(true);
    const k = key('shared');
    const hits = await Promise.all(
      Array.from({ length: 300 }, (_, i) => fleet[i % 3]!.increment(k, 10_000).then((h) => h.count)),
    );
    expect([...hits].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  test('a mark is won by exactly one of 60 concurrent attempts from three clients', async () => {
    const fleet = [redisStore(), redisStore(), redisStore()];
    for (const s of fleet) expect(await s.ready(5000)).toBe(true);
    const k = key('race');
    const won = await Promise.all(Array.from({ length: 60 }, (_, i) => fleet[i % 3]!.mark(k, 10_000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  test('prefixes keep two relays apart on one Redis', async () => {
    const a = redisStore({ prefix: 'shop-a:' });
    const b = redisStore({ prefix: 'shop-b:' });
    const k = key('prefixed');
    expect(await eventually(() => a.mark(k, 10_000))).toBe(true);
    expect(await eventually(() => b.mark(k, 10_000))).toBe(true);
    expect(await a.mark(k, 10_000)).toBe(false);
  });
});

test.describe('redis store failures', () => {
  test('crashed server: bounded rejections, no crash, the same store recovers after a restart', async () => {
    const logs: LogEntry[] = [];
    const s = redisStore({ logger: createLogger({ sink: (e) => logs.push(e) }) });
    expect(await s.ready(5000)).toBe(true);
    await s.set('before-crash', 'x', 60_000);
    await redis.crash();
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      await expect(s.increment(key('down'), 1000)).rejects.toThrow(/store/);
      await expect(s.mark(key('down'), 1000)).rejects.toThrow(/store/);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect(logs.some((l) => l['event'] === 'store_connection_error')).toBe(true);
    await redis.restart();
    // no persistence: the restarted server is empty, and the store uses it without being recreated
    expect(await eventually(() => s.get('before-crash'))).toBeNull();
    expect((await s.increment(key('up'), 1000)).count).toBe(1);
    // scripts are loaded again by the fallback to EVAL (the new server does not know their SHA-1)
    expect(await s.mark(key('up'), 1000)).toBe(true);
  });

  test('frozen server (SIGSTOP): each command gives up within its deadline; thawed, the store answers again', async () => {
    const logs: LogEntry[] = [];
    const s = redisStore({ commandTimeoutMs: 200, stallMs: 500, logger: createLogger({ sink: (e) => logs.push(e) }) });
    expect(await s.ready(5000)).toBe(true);
    redis.freeze();
    try {
      const started = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => s.increment(key('frozen'), 1000)));
      expect(results.every((r) => r.status === 'rejected')).toBe(true);
      expect(Date.now() - started).toBeLessThan(1500);
      // still frozen past the stall limit: the connection is replaced, commands keep failing fast
      await sleep(600);
      for (let i = 0; i < 5; i++) {
        const t = Date.now();
        await expect(s.get(key('frozen'))).rejects.toThrow(/store/);
        expect(Date.now() - t).toBeLessThan(500);
      }
      expect(logs.some((l) => l['event'] === 'store_stalled')).toBe(true);
    } finally {
      redis.thaw();
    }
    expect((await eventually(() => s.increment(key('thawed'), 1000))).count).toBe(1);
  });

  test('too many waiting commands are refused at once instead of queueing without bound', async () => {
    const s = redisStore({ commandTimeoutMs: 400, maxPending: 20 });
    expect(await s.ready(5000)).toBe(true);
    redis.freeze();
    try {
      const started = Date.now();
      const all = Array.from({ length: 100 }, () =>
        s.get(key('busy')).then(
          () => 'ok',
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        ),
      );
      const quick = await Promise.race([Promise.all(all.slice(20)), sleep(100).then(() => null)]);
      expect(quick).not.toBeNull();
      expect(quick!.every((m) => /busy/.test(m))).toBe(true);
      await Promise.all(all);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      redis.thaw();
    }
    await eventually(() => s.get(key('busy')));
  });

  test('the password of the Redis URL never reaches a log line', async () => {
    const logs: LogEntry[] = [];
    const s = redisStore({
      url: `redis://user:hunter2-secret-pw@127.0.0.1:${await freePort()}`,
      logger: createLogger({ sink: (e) => logs.push(e) }),
    });
    // nothing listens there: the store reports it and keeps refusing commands
    await expect(eventually(() => s.get('x'), 800)).rejects.toThrow(/unreachable/);
    await s.close();
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain('hunter2');
  });
});

test.describe('the relay on the redis store', () => {
  const PAGE = 'http://localhost:5173';
  const SECRET = 'redis-store-attestation-secret-0123456789';
  const LEA = {
    scope: 'matching_notp',
    phone: LEA_LINE.phone,
    identity: namesOf(LEA_LINE),
    return_url: `${PAGE}/checkout?idmobile_return=1`,
    v: 3,
  };

  function relayOn(store: RelayStore, logs: LogEntry[]) {
    const { relay, simulator } = createTestModeRelay({
      simulatorPublicUrl: 'http://localhost:8787/simulator',
      allowedOrigins: [],
      attestationSecret: SECRET,
      limits: { client: { max: 1000, windowMs: 60_000 } },
      logger: (e) => logs.push(e),
      store,
    });
    const post = (path: string, body: unknown) =>
      relay.request(`http://localhost:8787${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: PAGE },
        body: JSON.stringify(body),
      });
    /** A consent flow up to the redirect back: the token and state /result needs. */
    const consented = async () => {
      const consent = (await (await post('/match', LEA)).json()) as { url: string };
      const path = new URL(consent.url).pathname.replace(/^\/simulator/, '');
      const accepted = await simulator.request(`http://localhost:8787${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'decision=accept',
      });
      const back = new URL(accepted.headers.get('location')!);
      return { token: back.searchParams.get('token')!, state: back.searchParams.get('idmobile_state')! };
    };
    return { post, consented };
  }

  test('Redis killed: limits fail open (logged), single use fails closed (R503); restarted: both work again', async () => {
    const logs: LogEntry[] = [];
    const store = redisStore();
    expect(await store.ready(5000)).toBe(true);
    const { post, consented } = relayOn(store, logs);
    const result = await consented();
    expect(await (await post('/result', result)).json()).toEqual({ status: 'pending' });

    await redis.crash();
    const match = await post('/match', { ...LEA, phone: CAMILLE_LINE.phone, return_url: undefined });
    expect(match.status).toBe(200);
    expect(logs.some((l) => l['event'] === 'store_unavailable' && l['operation'] === 'limit')).toBe(true);
    const refused = await post('/result', result);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error_id: string }).error_id).toBe('R503');

    await redis.restart();
    const scores = await eventually(async () => {
      const res = await post('/result', result);
      if (res.status !== 200) throw new Error(`still ${res.status}`);
      return (await res.json()) as Record<string, unknown>;
    });
    expect(scores['given_name']).toBe(1);
    // delivered once: the mark is in Redis now
    expect((await post('/result', result)).status).toBe(409);
  });
});
