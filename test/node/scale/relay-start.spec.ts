/**
 * A relay process started while its Redis is down: it waits a bounded time, says so, listens anyway (limits
 * open, single use closed with R503), and uses Redis as soon as it comes up, without a restart.
 */
import { expect, test } from '@playwright/test';
import {
  call,
  freePort,
  killAll,
  needBinaries,
  REDIS_SERVER,
  startRedis,
  startRelay,
  type RedisServer,
} from './servers.js';
import { CAMILLE_LINE, namesOf } from '../../fixtures/subscribers.js';

needBinaries({ 'redis-server': REDIS_SERVER });

let redis: RedisServer | null = null;

test.afterAll(async () => {
  await redis?.stop();
  await killAll();
});

test('started without Redis: listens after a bounded wait, serves, then uses Redis once it is up', async () => {
  test.setTimeout(90_000);
  const redisPort = await freePort();
  const started = Date.now();
  const relay = await startRelay({
    RELAY_MODE: 'test',
    RELAY_STORE_URL: `redis://127.0.0.1:${redisPort}`,
    RELAY_RATE_LIMIT_MAX: '3',
  });
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(relay.proc.output()).toContain('Redis did not answer within 5 s; listening anyway');
  const check = () =>
    call(`${relay.url}/match`, {
      body: {
        scope: 'matching_notp',
        phone: CAMILLE_LINE.phone,
        identity: namesOf(CAMILLE_LINE),
        v: 3,
      },
      from: '127.0.0.9',
    });
  // Redis down: the per-client limit (3) fails open
  const open = await Promise.all(Array.from({ length: 5 }, check));
  expect(open.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);

  redis = await startRedis(redisPort);
  const until = Date.now() + 20_000;
  let statuses: number[] = [];
  while (Date.now() < until) {
    statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await check()).status);
    if (statuses.includes(429)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // counted in Redis now: the limit holds again, in the same process
  expect(statuses).toContain(429);
  expect(relay.proc.alive()).toBe(true);
  expect(relay.logs().some((l) => l['event'] === 'store_connected')).toBe(true);
});
