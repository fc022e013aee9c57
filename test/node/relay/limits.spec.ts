/**
 * limits.ts: what a limit answers when the store fails. A rate fails open (the checkout must not go down with the
 * store); a grant (a session's `max_checks`, issue 19) fails closed with `{ failClosed: true }`.
 */
import { expect, test } from '@playwright/test';
import { hitLimit } from '../../../src/relay/limits.js';
import { createLogger } from '../../../src/relay/log.js';
import { createMemoryStore } from '../../../src/relay/store/memory.js';
import type { RelayStore } from '../../../src/relay/store/types.js';

const down: RelayStore = {
  ...createMemoryStore(),
  increment: () => Promise.reject(new Error('ECONNREFUSED')),
};
const limit = { max: 5, windowMs: 60_000 };

test('store down: a rate fails open, logged', async () => {
  const logs: Record<string, unknown>[] = [];
  const d = await hitLimit(down, 'limit:client:ip4:192.0.2.1', limit, createLogger({ sink: (e) => logs.push(e) }));
  expect(d).toEqual({ allowed: true, retryAfterSeconds: 0 });
  expect(logs[0]).toMatchObject({ event: 'store_unavailable', fails: 'open' });
});

test('store down with failClosed: refused and marked unavailable (503, not 429), logged', async () => {
  const logs: Record<string, unknown>[] = [];
  const log = createLogger({ sink: (e) => logs.push(e) });
  const d = await hitLimit(down, 'limit:session:abc', limit, log, { failClosed: true });
  expect(d).toEqual({ allowed: false, retryAfterSeconds: 0, unavailable: true });
  expect(logs[0]).toMatchObject({ event: 'store_unavailable', fails: 'closed', kind: 'limit:session' });
});

test('store up: failClosed changes nothing', async () => {
  const store = createMemoryStore();
  const log = createLogger({ sink: () => {} });
  const got = [];
  for (let i = 0; i < 6; i++)
    got.push((await hitLimit(store, 'limit:session:x', limit, log, { failClosed: true })).allowed);
  expect(got).toEqual([true, true, true, true, true, false]);
});
