import { expect, test } from '@playwright/test';
import { createRelay } from '../../../src/relay/app.js';
import { verifyAttestation, type VerifyAttestationOptions } from '../../../src/relay/trust/verify.js';
import { createDqeUpstream } from '../../../src/relay/upstreams/dqe/client.js';
import { createLogger } from '../../../src/relay/log.js';
import { stateFor } from './fake-upstream.js';
import { createTestModeRelay } from '../../../src/relay/test-mode.js';
import { createSimulator } from '../../../src/testmode/index.js';
import { MATCH_ERROR_TABLE } from '../upstreams/fixtures/dqe.js';
import { CAMILLE_LINE, LEA_LINE, matchRequestOf, namesOf } from '../../fixtures/subscribers.js';

const SECRET = 'test-mode-attestation-secret-0123456789';
const PAGE = 'http://localhost:5173';
const CAMILLE = matchRequestOf(CAMILLE_LINE);

function setup(extra: Partial<Parameters<typeof createTestModeRelay>[0]> = {}) {
  const logs: Record<string, unknown>[] = [];
  const { relay, simulator } = createTestModeRelay({
    simulatorPublicUrl: 'http://localhost:8787/simulator',
    allowedOrigins: ['http://localhost:*'],
    attestationSecret: SECRET,
    limits: { client: false },
    logger: (e) => logs.push(e),
    ...extra,
  });
  const post = (path: string, body: unknown) =>
    relay.request(`http://localhost:8787${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PAGE },
      body: JSON.stringify(body),
    });
  return { relay, simulator, logs, post };
}

/** A test-mode attestation's claims, verified as a verifier in test mode would (`allowTestMode`). */
async function claimsOf(token: unknown, options: VerifyAttestationOptions = {}) {
  const result = await verifyAttestation(token, SECRET, { allowTestMode: true, ...options });
  if (!result.success) throw new Error(`attestation refused: ${result.error_codes.join(', ')}`);
  return result;
}

test('health says test mode', async () => {
  const { relay } = setup();
  expect(await (await relay.request('http://localhost:8787/health')).json()).toEqual({ status: 'ok', mode: 'test' });
});

test('Camille Martin: scores from the simulator, verified attestation bound to her phone', async () => {
  const { post } = setup();
  const res = await post('/match', CAMILLE);
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body['family_name']).toBe(1);
  expect(body['gender']).toBe('');
  expect(body['address']).toMatchObject({ postal_code: expect.anything() });
  const claims = await claimsOf(body['attestation'], { phone: CAMILLE.phone, identity: CAMILLE.identity });
  expect(claims.verdict).toBe('verified');
  expect(claims.mode).toBe('test');
  expect(claims.scores.gender).toBeNull();
  expect(claims.scores.address.street_address).toBeGreaterThanOrEqual(0.9);
  expect(claims.scores.address.country).toBe(1);
});

test('a wrong name is rejected by the server policy', async () => {
  const { post } = setup();
  const body = (await (
    await post('/match', { ...CAMILLE, identity: { given_name: 'Zoé', family_name: 'Xavier' } })
  ).json()) as { attestation: string };
  expect((await claimsOf(body.attestation)).verdict).toBe('rejected');
});

// every error `/IDMOBILE/` documents has its magic number `+336000000XX`, answered as DQE writes it
for (const { id, type } of MATCH_ERROR_TABLE.filter((e) => e.id !== '30')) {
  test(`magic number for error ${id}: passed through`, async () => {
    const { post } = setup();
    const res = await post('/match', { ...CAMILLE, phone: `+336000000${id}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'error', error_id: id, error_type: type });
  });
}

test('magic number for error 30: renewed, retried once, then R502', async () => {
  const { post, logs } = setup();
  const res = await post('/match', { ...CAMILLE, phone: '+33600000030' });
  expect(res.status).toBe(502);
  expect(((await res.json()) as { error_id: string }).error_id).toBe('R502');
  expect(logs.filter((l) => l['event'] === 'token_obtained')).toHaveLength(2);
});

test('consent flow end to end: consent, accept, pending, scores with an attestation bound through the state', async () => {
  const { post, simulator } = setup();
  const returnUrl = `${PAGE}/checkout?idmobile_return=1`;
  const consent = (await (
    await post('/match', {
      ...CAMILLE,
      phone: LEA_LINE.phone,
      identity: namesOf(LEA_LINE),
      return_url: returnUrl,
    })
  ).json()) as Record<string, string>;
  expect(consent['status']).toBe('success');
  expect(consent['operator']).toBe('Orange');
  expect(consent['url']).toMatch(/^http:\/\/localhost:8787\/simulator\/consent\//);
  const path = new URL(consent['url']!).pathname.replace(/^\/simulator/, '');
  const accepted = await simulator.request(`http://localhost:8787${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'decision=accept',
  });
  expect(accepted.status).toBe(303);
  const back = new URL(accepted.headers.get('location')!);
  expect(back.origin).toBe(PAGE);
  expect(back.searchParams.get('status')).toBe('success');
  const token = back.searchParams.get('token')!;
  const state = back.searchParams.get('idmobile_state')!;
  expect(state).toMatch(/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(await (await post('/result', { token, state })).json()).toEqual({ status: 'pending' });
  const scores = (await (await post('/result', { token, state })).json()) as Record<string, unknown>;
  expect(scores['given_name']).toBe(1);
  const claims = await claimsOf(scores['attestation'], { phone: LEA_LINE.phone, identity: namesOf(LEA_LINE) });
  expect(claims.verdict).toBe('verified');
  expect(claims.checked).toEqual(['phone', 'given_name', 'family_name']);
});

test('consent refused: error 21 (access denied) from /result', async () => {
  const { post, simulator } = setup();
  const consent = (await (
    await post('/match', { ...CAMILLE, phone: LEA_LINE.phone, return_url: `${PAGE}/c` })
  ).json()) as Record<string, string>;
  const path = new URL(consent['url']!).pathname.replace(/^\/simulator/, '');
  const refused = await simulator.request(`http://localhost:8787${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'decision=refuse',
  });
  const back = new URL(refused.headers.get('location')!);
  const token = back.searchParams.get('token')!;
  const state = back.searchParams.get('idmobile_state')!;
  expect(((await (await post('/result', { token, state })).json()) as { error_id: string }).error_id).toBe('21');
});

test("unknown session token on /result: the simulator's error 30 passed through", async () => {
  const { post } = setup();
  const state = await stateFor(CAMILLE, null, SECRET);
  expect(((await (await post('/result', { token: 'nope', state })).json()) as { error_id: string }).error_id).toBe(
    '30',
  );
});

test('token expired at the simulator mid-flight: renewed, retried, one token call per renewal', async () => {
  // the simulator's clock runs ahead of the relay's: the relay still believes its token is fresh
  let simClock = 1_000_000;
  const relayClock = 1_000_000;
  const simulator = createSimulator({ tokenTtlSeconds: 60, now: () => simClock });
  let tokenCalls = 0;
  const relay = createRelay({
    mode: 'test',
    upstream: createDqeUpstream({
      baseUrl: 'http://testmode.invalid',
      licence: 'demo',
      clientSecret: 'demo',
      partnerName: 'test',
      fetch: (input, init) => {
        const req = new Request(input, init);
        if (new URL(req.url).pathname === '/ACCESS_TOKEN/') tokenCalls++;
        return Promise.resolve(simulator.fetch(req));
      },
      now: () => relayClock,
      logger: createLogger({ sink: () => {} }),
    }),
    allowedOrigins: [],
    attestationSecret: SECRET,
    limits: { client: false },
    logger: () => undefined,
    now: () => relayClock,
  });
  const match = () =>
    relay.request('http://r/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CAMILLE),
    });
  expect((await match()).status).toBe(200);
  simClock += 61_000;
  const answers = await Promise.all(Array.from({ length: 20 }, async () => match()));
  expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
  expect(tokenCalls).toBe(2);
});

test('100 concurrent matches on the test mode: one token call', async () => {
  const { post, logs } = setup();
  const answers = await Promise.all(Array.from({ length: 100 }, async () => post('/match', CAMILLE)));
  expect(answers.every((r) => r.status === 200)).toBe(true);
  expect(logs.filter((l) => l['event'] === 'token_obtained')).toHaveLength(1);
});
