/**
 * The fleet's shared upstream token (store/shared-token.ts), with several caches on one store standing for
 * several relay instances: one request per cold fleet, one renewal per refused token, the holder's failure passed
 * on at once, a vanished holder outlived, a failing store falling back to one request per instance.
 */
import { expect, test } from '@playwright/test';
import { createLogger, type LogEntry } from '../../../src/relay/log.js';
import { createMemoryStore } from '../../../src/relay/store/memory.js';
import { createSharedTokenCache, type SharedTokenOptions } from '../../../src/relay/store/shared-token.js';
import type { RelayStore } from '../../../src/relay/store/types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KEY = 'token:dqe:test';

class Refused extends Error {
  constructor(readonly id: string) {
    super(`token refused (${id})`);
  }
}

/** An upstream token endpoint: counts requests, issues t1, t2, …; can be slow or refuse. */
function upstream(delayMs = 30) {
  let requests = 0;
  let inflight = 0;
  let maxInflight = 0;
  let refuse: string | null = null;
  return {
    requests: () => requests,
    /** Most requests in flight at once. */
    maxInflight: () => maxInflight,
    refuse: (id: string | null) => void (refuse = id),
    fetchToken: async () => {
      requests += 1;
      const n = requests;
      inflight += 1;
      maxInflight = Math.max(maxInflight, inflight);
      await sleep(delayMs);
      inflight -= 1;
      if (refuse) throw new Refused(refuse);
      return { token: `t${n}`, expiresIn: 300 };
    },
  };
}

function fleet(
  size: number,
  store: RelayStore,
  fetchToken: SharedTokenOptions['fetchToken'],
  extra: Partial<SharedTokenOptions> = {},
) {
  return Array.from({ length: size }, () => createSharedTokenCache({ store, key: KEY, fetchToken, ...extra }));
}

test('a cold fleet of three makes one token request for 30 concurrent checks', async () => {
  const up = upstream();
  const caches = fleet(3, createMemoryStore(), up.fetchToken);
  const tokens = await Promise.all(Array.from({ length: 30 }, (_, i) => caches[i % 3]!.get()));
  expect(new Set(tokens)).toEqual(new Set(['t1']));
  expect(up.requests()).toBe(1);
  // warm: no more requests, not even a store read per call within one instance
  expect(await caches[2]!.get()).toBe('t1');
  expect(up.requests()).toBe(1);
});

test('a refused token is renewed once for the whole fleet; a late renewal gets the new one for free', async () => {
  const up = upstream();
  const caches = fleet(3, createMemoryStore(), up.fetchToken);
  const stale = await caches[0]!.get();
  await Promise.all(caches.map((c) => c.get()));
  const renewed = await Promise.all(Array.from({ length: 30 }, (_, i) => caches[i % 3]!.renew(stale)));
  expect(new Set(renewed)).toEqual(new Set(['t2']));
  expect(up.requests()).toBe(2);
  expect(await caches[1]!.renew(stale)).toBe('t2');
  expect(await caches[2]!.get()).toBe('t2');
  expect(up.requests()).toBe(2);
});

test('expiry: renewed shortly before it ends, once for the fleet', async () => {
  let clock = 1_000_000;
  const up = upstream(5);
  const caches = fleet(3, createMemoryStore({ now: () => clock }), up.fetchToken, { now: () => clock });
  await Promise.all(caches.map((c) => c.get()));
  clock += 269_000;
  expect(await caches[1]!.get()).toBe('t1');
  clock += 2_000; // within the 30 s margin
  const after = await Promise.all(Array.from({ length: 9 }, (_, i) => caches[i % 3]!.get()));
  expect(new Set(after)).toEqual(new Set(['t2']));
  expect(up.requests()).toBe(2);
});

test("the holder's refusal reaches every instance at once (they ask for themselves together), not one after another or after the lock lapses", async () => {
  const up = upstream(300);
  up.refuse('03');
  const caches = fleet(3, createMemoryStore(), up.fetchToken, { lockMs: 5_000 });
  const started = Date.now();
  const results = await Promise.allSettled(caches.map((c) => c.get()));
  expect(Date.now() - started).toBeLessThan(2_000);
  for (const r of results) {
    expect(r.status).toBe('rejected');
    expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Refused);
  }
  // the holder first, then the two others at the same time (not a chain of lock holders, each failing in turn)
  expect(up.requests()).toBe(3);
  expect(up.maxInflight()).toBe(2);
  // the upstream comes back: the next check gets a token (the failure is not cached)
  up.refuse(null);
  expect(await caches[0]!.get()).toMatch(/^t\d+$/);
});

test('a holder that vanished (its lock never released) is outlived: the others ask after lockMs', async () => {
  const store = createMemoryStore();
  await store.mark(`${KEY}:lock`, 300);
  const up = upstream(5);
  const caches = fleet(2, store, up.fetchToken, { lockMs: 300 });
  const started = Date.now();
  const tokens = await Promise.all(caches.map((c) => c.get()));
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(tokens.every((t) => /^t\d$/.test(t))).toBe(true);
  expect(up.requests()).toBeLessThanOrEqual(2);
});

test('a failing store: each instance asks for itself, once per instance, and logs it', async () => {
  const failing: RelayStore = {
    increment: () => Promise.reject(new Error('down')),
    mark: () => Promise.reject(new Error('down')),
    isMarked: () => Promise.reject(new Error('down')),
    get: () => Promise.reject(new Error('down')),
    set: () => Promise.reject(new Error('down')),
    delete: () => Promise.reject(new Error('down')),
  };
  const logs: LogEntry[] = [];
  const up = upstream();
  const caches = fleet(3, failing, up.fetchToken, { logger: createLogger({ sink: (e) => logs.push(e) }) });
  const tokens = await Promise.all(Array.from({ length: 30 }, (_, i) => caches[i % 3]!.get()));
  expect(tokens).toHaveLength(30);
  expect(up.requests()).toBe(3);
  expect(logs.filter((l) => l['event'] === 'store_unavailable' && l['operation'] === 'token')).toHaveLength(3);
});

test('onToken sees every token an instance starts using, including one another instance asked for', async () => {
  const up = upstream(5);
  const seen: string[][] = [[], []];
  const store = createMemoryStore();
  const a = createSharedTokenCache({ store, key: KEY, fetchToken: up.fetchToken, onToken: (t) => seen[0]!.push(t) });
  const b = createSharedTokenCache({ store, key: KEY, fetchToken: up.fetchToken, onToken: (t) => seen[1]!.push(t) });
  await a.get();
  await b.get();
  await b.get();
  expect(seen).toEqual([['t1'], ['t1']]);
});

test('clear drops the shared token only while it is still the one this instance used', async () => {
  const up = upstream(5);
  const store = createMemoryStore();
  const [a, b] = fleet(2, store, up.fetchToken);
  const t1 = await a!.get();
  await b!.get();
  const t2 = await b!.renew(t1);
  a!.clear(); // a held t1: t2 (b's renewal) stays
  await sleep(10);
  expect(await a!.get()).toBe(t2);
  b!.clear(); // b held t2: dropped for everyone
  await sleep(10);
  expect(await store.get(KEY)).toBeNull();
  expect(up.requests()).toBe(2);
});

test('a corrupted stored value is ignored (asked again), never used as a token', async () => {
  const store = createMemoryStore();
  await store.set(KEY, '{"token":42}', 60_000);
  const up = upstream(5);
  const [a] = fleet(1, store, up.fetchToken);
  expect(await a!.get()).toBe('t1');
});
