/**
 * A fleet as a merchant runs it: `redis-server`, three relay processes (`npm run relay`'s entry, DQE mode against
 * a simulator on loopback that counts token requests), HAProxy in front (round robin, one connection per request).
 * Everything on 127.0.0.1; every process killed in afterAll.
 *
 * What issue 14 measured without the store (3 token requests for a cold fleet, 36 checks through a 30-per-minute
 * limit, a consent result delivered twice) is what these tests refuse.
 */
import { expect, test } from '@playwright/test';
import {
  call,
  HAPROXY,
  kill,
  killAll,
  needBinaries,
  REDIS_SERVER,
  startHaproxy,
  startRedis,
  startRelay,
  startSimulator,
  type Balancer,
  type RedisServer,
  type Relay,
  type Simulator,
} from './servers.js';
import { LEA_LINE, namesOf } from '../../fixtures/subscribers.js';

test.describe.configure({ mode: 'serial' });
needBinaries({ 'redis-server': REDIS_SERVER, haproxy: HAPROXY });

const SHOP = 'https://shop.example';
const API_KEY = 'fleet-api-key-0123456789abcdef0123456789';
const LEA = {
  scope: 'matching_notp',
  phone: LEA_LINE.phone,
  identity: namesOf(LEA_LINE),
  return_url: `${SHOP}/checkout?idmobile_return=1`,
  v: 3,
};

let redis: RedisServer;
let simulator: Simulator;
let relays: Relay[] = [];
let lb: Balancer;
let clientNo = 10;
/** A loopback address no other test used: a fresh client for the per-client limit. */
const newClient = () => `127.0.0.${clientNo++}`;
let phoneNo = 0;
/** A French mobile number no other test used (the simulator answers error 10: still a check, still counted). */
const newPhone = () => `+3361${String(process.pid % 1000).padStart(3, '0')}${String(phoneNo++).padStart(4, '0')}`;

const match = (body: object, from = newClient()) => call(`${lb.url}/match`, { body, from });
const counts = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

/** Requests each relay logged for `path` so far (after a moment for their log pipes to catch up). */
const served = async (path: string) => {
  await new Promise((r) => setTimeout(r, 300));
  return relays.map((r) => r.logs().filter((l) => l['event'] === 'request' && l['path'] === path).length);
};

/** What afterAll stops, in reverse order, whatever beforeAll managed to start. */
const stops: Array<() => Promise<void>> = [];

test.beforeAll(async () => {
  test.setTimeout(90_000);
  redis = await startRedis();
  stops.push(() => redis.stop());
  simulator = await startSimulator([SHOP]);
  stops.push(() => simulator.stop());
  simulator.setTokenDelay(300); // a cold fleet: every instance asks while the first request is still out
  const env = {
    RELAY_MODE: 'dqe',
    DQE_LICENCE: 'demo',
    DQE_CLIENT_SECRET: 'demo',
    DQE_BASE_URL: simulator.baseUrl,
    DQE_PARTNER_NAME: 'Fleet test',
    ATTESTATION_SECRET: 'fleet-attestation-secret-0123456789abcdef',
    RELAY_API_KEY: API_KEY,
    RELAY_ALLOWED_ORIGINS: SHOP,
    RELAY_REQUIRE_SESSION: 'false',
    RELAY_TRUST_PROXY: '1',
    RELAY_STORE_URL: redis.url,
    RELAY_STORE_PREFIX: `fleet-${process.pid}:`,
    RELAY_RATE_LIMIT_MAX: '30',
    RELAY_PHONE_CAP: '10',
  };
  relays = await Promise.all([startRelay(env), startRelay(env), startRelay(env)]);
  stops.push(() => Promise.all(relays.map((r) => kill(r.proc))).then(() => {}));
  lb = await startHaproxy(relays.map((r) => r.port));
  stops.push(() => lb.stop());
});

test.afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await killAll();
});

test('a cold fleet makes one token request for 30 concurrent checks; a refused token is renewed once for all', async () => {
  const before = simulator.tokenRequests();
  const answers = await Promise.all(
    Array.from({ length: 30 }, () => match({ ...LEA, phone: newPhone(), return_url: undefined })),
  );
  expect(counts(answers.map((a) => a.status))).toEqual({ 200: 30 });
  for (const a of answers) expect(a.body['error_id']).toBe('10');
  expect((await served('/match')).every((n) => n >= 9)).toBe(true); // all three instances answered
  expect(simulator.tokenRequests() - before).toBe(1);

  // DQE refuses the token everyone holds (error 30): one renewal for the whole fleet, every check retried once.
  // The renewal is slow, so that every check meets the revoked token before the new one is shared (on a busy
  // machine, 30 checks through the balancer can take longer to go out than a quick renewal: a late one would
  // find the new token at once and make one match, not two)
  simulator.setTokenDelay(1500);
  simulator.revokeIssuedTokens();
  const matchesBefore = simulator.matchRequests();
  const retried = await Promise.all(
    Array.from({ length: 30 }, () => match({ ...LEA, phone: newPhone(), return_url: undefined })),
  );
  expect(counts(retried.map((a) => a.status))).toEqual({ 200: 30 });
  for (const a of retried) expect(a.body['error_id']).toBe('10');
  expect(simulator.tokenRequests() - before).toBe(2);
  expect(simulator.matchRequests() - matchesBefore).toBe(60);
  simulator.setTokenDelay(300);
});

test('per-client limit shared exactly: 45 checks from one client through three instances, 30 pass', async () => {
  const from = newClient();
  const statuses: number[] = [];
  // nine at a time: concurrent increments on every instance
  for (let i = 0; i < 45; i += 9) {
    const batch = await Promise.all(
      Array.from({ length: 9 }, () => match({ ...LEA, phone: newPhone(), return_url: undefined }, from)),
    );
    statuses.push(...batch.map((a) => a.status));
  }
  expect(counts(statuses)).toEqual({ 200: 30, 429: 15 });
  // another client is not affected
  expect((await match({ ...LEA, phone: newPhone(), return_url: undefined })).status).toBe(200);
});

test('per-number cap shared exactly (RELAY_PHONE_LIMIT_MAX, read as the cap): one number from 15 clients, 10 pass', async () => {
  const phone = newPhone();
  const answers = await Promise.all(Array.from({ length: 15 }, () => match({ ...LEA, phone, return_url: undefined })));
  expect(counts(answers.map((a) => a.status))).toEqual({ 200: 10, 429: 5 });
  for (const a of answers.filter((x) => x.status === 429)) expect(a.body['error_id']).toBe('R429');
});

test('per (number, client) limit shared exactly: one number from one client through three instances, 5 pass', async () => {
  const phone = newPhone();
  const from = newClient();
  const answers = await Promise.all(
    Array.from({ length: 9 }, () => match({ ...LEA, phone, return_url: undefined }, from)),
  );
  // the v3 default (5 per hour): a stranger's guesses do not use up the line's cap for its owner
  expect(counts(answers.map((a) => a.status))).toEqual({ 200: 5, 429: 4 });
  // the owner, from another client, is still served
  expect((await match({ ...LEA, phone, return_url: undefined })).status).toBe(200);
});

test('per-session limit shared exactly: max_checks 4, 12 checks spread over the fleet, 4 pass', async () => {
  const created = await call(`${lb.url}/sessions`, {
    body: { reference: 'order-fleet-1', max_checks: 4 },
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  expect(created.status).toBe(201);
  const session = created.body['session'] as string;
  const answers = await Promise.all(
    Array.from({ length: 12 }, () => match({ ...LEA, phone: newPhone(), return_url: undefined, session })),
  );
  expect(counts(answers.map((a) => a.status))).toEqual({ 200: 4, 429: 8 });
});

/** A consent flow up to the shopper's return: the token and state `/result` needs. */
async function consented(): Promise<{ token: string; state: string }> {
  const consent = await match(LEA);
  expect(consent.status).toBe(200);
  expect(consent.body['status']).toBe('success');
  const url = new URL(consent.body['url'] as string);
  expect(url.origin).toBe(simulator.baseUrl);
  const accepted = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'decision=accept',
    redirect: 'manual',
  });
  expect(accepted.status).toBe(303);
  const back = new URL(accepted.headers.get('location')!);
  return { token: back.searchParams.get('token')!, state: back.searchParams.get('idmobile_state')! };
}

test('a consent result is delivered once across the fleet: 9 concurrent /result, one scores, eight R409', async () => {
  const flow = await consented();
  expect((await call(`${lb.url}/result`, { body: flow, from: newClient() })).body).toEqual({ status: 'pending' });
  const before = await served('/result');
  const answers = await Promise.all(
    Array.from({ length: 9 }, () => call(`${lb.url}/result`, { body: flow, from: newClient() })),
  );
  const after = await served('/result');
  expect(after.map((n, i) => n - before[i]!)).toEqual([3, 3, 3]); // every instance was asked
  expect(counts(answers.map((a) => a.status))).toEqual({ 200: 1, 409: 8 });
  const delivered = answers.find((a) => a.status === 200)!;
  expect(delivered.body['given_name']).toBe(1);
  expect(typeof delivered.body['attestation']).toBe('string');
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body['error_id']).toBe('R409');
});

test('Redis killed mid-run: limits fail open, single use answers R503, nobody crashes; restarted: recovery without restarting a relay', async () => {
  test.setTimeout(60_000);
  const flow = await consented();
  const from = newClient();
  await redis.crash();

  // limits fail open: more checks than the per-client limit from one client, all served
  const open = [];
  for (let i = 0; i < 35; i += 7) {
    open.push(
      ...(await Promise.all(
        Array.from({ length: 7 }, () => match({ ...LEA, phone: newPhone(), return_url: undefined }, from)),
      )),
    );
  }
  expect(counts(open.map((a) => a.status))).toEqual({ 200: 35 });
  // single use fails closed, on every instance
  const closed = await Promise.all(
    Array.from({ length: 6 }, () => call(`${lb.url}/result`, { body: flow, from: newClient() })),
  );
  expect(counts(closed.map((a) => a.status))).toEqual({ 503: 6 });
  for (const a of closed) expect(a.body['error_id']).toBe('R503');
  for (const r of relays) {
    expect(r.proc.alive()).toBe(true);
    expect(r.logs().some((l) => l['event'] === 'store_unavailable')).toBe(true);
  }

  await redis.restart();
  // the same relay processes recover by themselves (bounded wait)
  const until = Date.now() + 20_000;
  let recovered: number[] = [];
  while (Date.now() < until) {
    recovered = (
      await Promise.all(Array.from({ length: 3 }, () => call(`${lb.url}/health`, { from: newClient() })))
    ).map((a) => a.status);
    const probe = await Promise.all(
      Array.from({ length: 3 }, () =>
        call(`${lb.url}/result`, { body: { ...flow, token: `probe-${Date.now()}` }, from: newClient() }),
      ),
    );
    if (probe.every((a) => a.status !== 503)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(recovered).toEqual([200, 200, 200]);
  const first = await call(`${lb.url}/result`, { body: flow, from: newClient() });
  expect(first.body).toEqual({ status: 'pending' });
  const scores = await call(`${lb.url}/result`, { body: flow, from: newClient() });
  expect(scores.status).toBe(200);
  expect(scores.body['given_name']).toBe(1);
  expect((await call(`${lb.url}/result`, { body: flow, from: newClient() })).status).toBe(409);
  // limits count again: a fresh window for this client, shared by the fleet
  const limited = [];
  for (let i = 0; i < 35; i += 7) {
    limited.push(
      ...(await Promise.all(
        Array.from({ length: 7 }, () => match({ ...LEA, phone: newPhone(), return_url: undefined }, from)),
      )),
    );
  }
  expect(counts(limited.map((a) => a.status))).toEqual({ 200: 30, 429: 5 });
  for (const r of relays) expect(r.proc.alive()).toBe(true);
});
