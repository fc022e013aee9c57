import { expect, test } from '@playwright/test';
import { createTokenCache } from '../../../src/relay/upstreams/token-cache.js';

function setup(expiresIn = 300) {
  let clock = 0;
  let calls = 0;
  let fail = false;
  const cache = createTokenCache({
    now: () => clock,
    fetchToken: async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      if (fail) throw new Error('down');
      return { token: `t${calls}`, expiresIn };
    },
  });
  return { cache, calls: () => calls, tick: (ms: number) => (clock += ms), setFail: (f: boolean) => (fail = f) };
}

test('100 concurrent gets share one request', async () => {
  const s = setup();
  const tokens = await Promise.all(Array.from({ length: 100 }, () => s.cache.get()));
  expect(new Set(tokens)).toEqual(new Set(['t1']));
  expect(s.calls()).toBe(1);
});

test('cached until the margin before expiry (30 s, or 10 % of a short lifetime)', async () => {
  const s = setup(300);
  await s.cache.get();
  s.tick(269_000);
  expect(await s.cache.get()).toBe('t1');
  s.tick(2_000);
  expect(await s.cache.get()).toBe('t2');
  const short = setup(10);
  await short.cache.get();
  short.tick(8_900);
  expect(await short.cache.get()).toBe('t1');
  short.tick(200);
  expect(await short.cache.get()).toBe('t2');
});

test('renew after a rejection: concurrent renewals of the same stale token make one request', async () => {
  const s = setup();
  const stale = await s.cache.get();
  const renewed = await Promise.all(Array.from({ length: 50 }, () => s.cache.renew(stale)));
  expect(new Set(renewed)).toEqual(new Set(['t2']));
  expect(s.calls()).toBe(2);
  // a late caller holding the old token gets the renewed one without a new request
  expect(await s.cache.renew(stale)).toBe('t2');
  expect(s.calls()).toBe(2);
});

test('a failed request is not cached', async () => {
  const s = setup();
  s.setFail(true);
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => s.cache.get()));
  expect(results.every((r) => r.status === 'rejected')).toBe(true);
  expect(s.calls()).toBe(1);
  s.setFail(false);
  expect(await s.cache.get()).toBe('t2');
});

test('clear forgets the token', async () => {
  const s = setup();
  await s.cache.get();
  s.cache.clear();
  expect(await s.cache.get()).toBe('t2');
});
