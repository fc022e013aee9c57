/**
 * The test mode's two SIM-swap lines (registry.ts): +33740000007 (SIM changed 48 hours ago) and +33740000008 (the
 * operator does not answer SIM swap), on the DQE face's `simswap` scope (DQE's "ID Mobile Simswap": `swapped` a
 * string, error 17) and end to end through both upstreams of a test-mode relay with `RELAY_SIGNALS=sim_swap`:
 * what `/verify` answers for each, while the browser's answer stays the plain match.
 */
import { expect, test } from '@playwright/test';
import { createRelayFromEnv } from '../../../src/relay/from-env.js';
import { createTestModeRelay, type TestModeRelayOptions } from '../../../src/relay/test-mode.js';
import { CAMARA_SUBSCRIBERS, type Subscriber } from '../../../src/testmode/index.js';
import { CAMILLE_LINE } from '../../fixtures/subscribers.js';
import { BASE, form, manualClock, setup } from './helpers.js';

const SWAPPED = CAMARA_SUBSCRIBERS.find((s) => typeof s.simSwap === 'object')!;
const SILENT = CAMARA_SUBSCRIBERS.find((s) => s.simSwap === 'not_supported')!;
const API_KEY = 'sim-swap-lines-api-key-0123456789abcdef';
const SECRET = 'sim-swap-lines-attestation-secret-0123456789';
const ORIGIN = 'http://localhost:5173';

test('the registry lines are the documented numbers', () => {
  expect(SWAPPED.phone).toBe('+33740000007');
  expect(SILENT.phone).toBe('+33740000008');
});

const SIMSWAP: Array<[string, string, string, unknown]> = [
  [
    'the swapped line, period 168',
    SWAPPED.phone,
    '168',
    { status: 'success', operator: SWAPPED.operator, swapped: 'true' },
  ],
  [
    'the swapped line, period 48',
    SWAPPED.phone,
    '48',
    { status: 'success', operator: SWAPPED.operator, swapped: 'true' },
  ],
  [
    'the swapped line, period 24',
    SWAPPED.phone,
    '24',
    { status: 'success', operator: SWAPPED.operator, swapped: 'false' },
  ],
  ['a line never swapped', CAMILLE_LINE.phone, '168', { status: 'success', operator: 'SFR', swapped: 'false' }],
  ['the operator that does not answer', SILENT.phone, '168', { error_id: '17' }],
  ['a magic number', '+33600000010', '168', { error_id: '10' }],
  ['an unknown French mobile', '+33611111111', '168', { error_id: '10' }],
  ['a period of 0', SWAPPED.phone, '0', { error_id: '01' }],
  ['a period that is not a number', SWAPPED.phone, '7d', { error_id: '01' }],
];
for (const [name, phone, period, expected] of SIMSWAP) {
  test(`DQE face, scope=simswap: ${name}`, async () => {
    const { sim, token } = await setup();
    const res = await sim.request(
      `${BASE}/IDMOBILE/`,
      form({ licence: 'demo', token, number: phone, name: 'Shop', scope: 'simswap', period }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject(expected as Record<string, unknown>);
  });
}

test('DQE face, scope=simswap: the token and the name are required like the match (30, 01)', async () => {
  const { sim, token } = await setup();
  const ask = (p: Record<string, string>) =>
    sim.request(
      `${BASE}/IDMOBILE/`,
      form({ licence: 'demo', number: SWAPPED.phone, scope: 'simswap', period: '168', ...p }),
    );
  expect(await (await ask({ token: 'nope', name: 'Shop' })).json()).toMatchObject({ error_id: '30' });
  expect(await (await ask({ token, name: ' ' })).json()).toMatchObject({ error_id: '01' });
});

/** The line's own identity, as the widget sends it. */
const requestFor = (s: Subscriber) => ({
  scope: 'matching_notp',
  phone: s.phone,
  identity: { given_name: s.record.firstname, family_name: s.record.lastname },
  v: 3,
});

/** A check to its end through `relay` (CIBA polled, the clock moved), then `/verify` of its attestation. */
async function checkAndVerify(
  relay: { request: (url: string, init: RequestInit) => Response | Promise<Response> },
  s: Subscriber,
  clock?: { advance(ms: number): void },
  verifyExtra: Record<string, unknown> = {},
) {
  const post = async (path: string, body: unknown, headers: Record<string, string>) => {
    const res = await relay.request(`http://localhost:8787${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, unknown>;
  };
  let answer = await post('/match', requestFor(s), { origin: ORIGIN });
  const { token, state } = answer as { token?: string; state?: string };
  for (let i = 0; answer['status'] === 'pending' && i < 20; i++) {
    clock?.advance(10_000);
    answer = await post('/result', { token, state }, { origin: ORIGIN });
  }
  expect(answer).toHaveProperty('attestation');
  const verified = await post(
    '/verify',
    {
      attestation: answer['attestation'],
      phone: s.phone,
      identity: requestFor(s).identity,
      accept: ['verified', 'inconclusive'],
      ...verifyExtra,
    },
    { authorization: `Bearer ${API_KEY}` },
  );
  return { answer, verified };
}

test('RELAY_SIGNALS=sim_swap from the environment, test mode on DQE: the swapped line is inconclusive', async () => {
  const { relay } = createRelayFromEnv(
    { RELAY_MODE: 'test', RELAY_SIGNALS: 'sim_swap', RELAY_API_KEY: API_KEY, ATTESTATION_SECRET: SECRET },
    { logger: () => {} },
  );
  const swapped = await checkAndVerify(relay, SWAPPED);
  expect(swapped.answer['verdict']).toBe('verified');
  expect(swapped.verified).toMatchObject({
    success: true,
    verdict: 'inconclusive',
    signals: { sim_swap: { swapped: true, max_age_hours: 168 } },
    reasons: ['names_match', 'recent_sim_swap'],
  });
  const silent = await checkAndVerify(relay, SILENT, undefined, { require_signals: ['sim_swap'] });
  expect(silent.answer['verdict']).toBe('verified');
  expect(silent.verified).toEqual({ success: false, error_codes: ['signal_unavailable'] });
});

const FLOWS: Array<[string, Partial<TestModeRelayOptions>]> = [
  ['DQE', { upstream: 'dqe' }],
  ['CAMARA CIBA (three-legged)', { upstream: 'camara', camaraAuth: 'ciba', cibaApprovalMs: 0 }],
  ['CAMARA client_credentials (two-legged)', { upstream: 'camara', camaraAuth: 'client_credentials' }],
];
for (const [name, options] of FLOWS) {
  test(`test mode, ${name}, RELAY_SIGNALS=sim_swap: swapped -> inconclusive, no answer -> sim_swap_unknown`, async () => {
    const clock = manualClock(Date.now());
    const { relay } = createTestModeRelay({
      allowedOrigins: [],
      attestationSecret: SECRET,
      apiKey: API_KEY,
      logger: () => {},
      now: clock.now,
      signals: { simSwap: { maxAgeHours: 168 } },
      ...options,
    });
    const swapped = await checkAndVerify(relay, SWAPPED, clock);
    expect(swapped.answer['verdict']).toBe('verified');
    expect(swapped.verified).toMatchObject({
      success: true,
      verdict: 'inconclusive',
      signals: { sim_swap: { swapped: true, max_age_hours: 168 } },
      reasons: ['names_match', 'recent_sim_swap'],
    });
    const silent = await checkAndVerify(relay, SILENT, clock);
    expect(silent.answer['verdict']).toBe('verified');
    expect(silent.verified).toMatchObject({
      success: true,
      verdict: 'verified',
      signals: { sim_swap: null },
      reasons: ['names_match', 'sim_swap_unknown'],
    });
  });
}

test('test mode with a 24-hour window: the line swapped 48 hours ago is not recent', async () => {
  const { relay } = createTestModeRelay({
    allowedOrigins: [],
    attestationSecret: SECRET,
    apiKey: API_KEY,
    logger: () => {},
    signals: { simSwap: { maxAgeHours: 24 } },
  });
  const { verified } = await checkAndVerify(relay, SWAPPED);
  expect(verified).toMatchObject({
    verdict: 'verified',
    signals: { sim_swap: { swapped: false, max_age_hours: 24 } },
    reasons: ['names_match'],
  });
});
