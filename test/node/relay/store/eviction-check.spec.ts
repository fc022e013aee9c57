/**
 * Issue 19, the Redis eviction check: an evicted single-use mark is a replay, so the relay reads Redis's
 * `maxmemory-policy` at start and every minute and logs an alert unless it is `noeviction`, or says it could not
 * check (`CONFIG` disabled). Against a real `redis-server` on a loopback port.
 */
import { expect, test } from '@playwright/test';
import { createLogger } from '../../../../src/relay/log.js';
import { startRelayServer } from '../../../../src/relay/node.js';
import { checkEvictionPolicy, watchEvictionPolicy } from '../../../../src/relay/store/eviction-check.js';
import { createRedisStore, type RedisStore } from '../../../../src/relay/store/redis.js';
import { killAll, needBinaries, REDIS_SERVER, startRedis, waitFor, type RedisServer } from '../../scale/servers.js';

test.describe.configure({ mode: 'serial' });
needBinaries({ 'redis-server': REDIS_SERVER });

const events = (logs: Record<string, unknown>[], event: string) => logs.filter((l) => l['event'] === event);

async function storeOn(redis: RedisServer): Promise<RedisStore> {
  const store = createRedisStore({ url: redis.url });
  expect(await store.ready(5000)).toBe(true);
  return store;
}

let redis: RedisServer;
test.beforeAll(async () => {
  redis = await startRedis();
});
test.afterAll(async () => {
  await redis.stop();
  await killAll();
});

test('noeviction (Redis default): no alert', async () => {
  const store = await storeOn(redis);
  const logs: Record<string, unknown>[] = [];
  try {
    await store.set('x', 'noeviction-set', 60_000); // a live connection
    expect(await checkEvictionPolicy(store, createLogger({ sink: (e) => logs.push(e) }))).toEqual({
      ok: true,
      policy: 'noeviction',
    });
    expect(logs).toEqual([]);
  } finally {
    await store.close();
  }
});

test('allkeys-lru, set while the relay runs: the periodic check raises the alert', async () => {
  const store = await storeOn(redis);
  const logs: Record<string, unknown>[] = [];
  const stop = watchEvictionPolicy(store, createLogger({ sink: (e) => logs.push(e) }), 100);
  try {
    await new Promise((r) => setTimeout(r, 300));
    expect(events(logs, 'store_eviction_policy')).toEqual([]);
    await store.set('probe', '1', 1000);
    // an operator (or a managed default) switches the policy
    await setPolicy(redis, 'allkeys-lru');
    await waitFor('the alert', () => Promise.resolve(events(logs, 'store_eviction_policy').length > 0), 3000);
    const [alert] = events(logs, 'store_eviction_policy');
    expect(alert).toMatchObject({ level: 'error', alert: true, policy: 'allkeys-lru', expected: 'noeviction' });
  } finally {
    stop();
    await setPolicy(redis, 'noeviction');
    await store.close();
  }
});

test('the Node entry checks at start: RELAY_STORE_URL on a volatile-lru Redis logs the alert', async () => {
  await setPolicy(redis, 'volatile-lru');
  const logs: Record<string, unknown>[] = [];
  const running = await startRelayServer(
    { RELAY_MODE: 'test', PORT: '0', HOST: '127.0.0.1', RELAY_STORE_URL: redis.url },
    { logger: (e) => logs.push(e) },
  );
  try {
    await waitFor('the alert', () => Promise.resolve(events(logs, 'store_eviction_policy').length > 0), 3000);
    expect(events(logs, 'store_eviction_policy')[0]).toMatchObject({ policy: 'volatile-lru' });
  } finally {
    await running.close();
    await setPolicy(redis, 'noeviction');
  }
});

test('CONFIG disabled (renamed away, as managed services do): it says the policy could not be checked', async () => {
  const locked = await startRedis(undefined, ['--rename-command', 'CONFIG', '']);
  const store = await storeOn(locked);
  const logs: Record<string, unknown>[] = [];
  try {
    const got = await checkEvictionPolicy(store, createLogger({ sink: (e) => logs.push(e) }));
    expect(got).toMatchObject({ ok: false, policy: null });
    const [line] = events(logs, 'store_eviction_unchecked');
    expect(String(line?.['reason'])).toContain('CONFIG is disabled');
    expect(events(logs, 'store_eviction_policy')).toEqual([]);
  } finally {
    await store.close();
    await locked.stop();
  }
});

/** `CONFIG SET maxmemory-policy` through a store's connection (the test's admin). */
async function setPolicy(server: RedisServer, policy: string): Promise<void> {
  const { createClient } = await import('redis');
  const client = createClient({ url: server.url });
  await client.connect();
  try {
    await client.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', policy]);
  } finally {
    client.destroy();
  }
}
