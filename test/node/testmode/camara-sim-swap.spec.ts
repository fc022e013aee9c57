/**
 * The CAMARA face's SIM Swap (camaraproject/SimSwap, sim-swap.yaml: `POST /check` with `maxAge` 1..2400 hours,
 * default 240, answering `{swapped}`; `POST /retrieve-date`; a three-legged token names the line and `phoneNumber`
 * MUST NOT be sent, 422 `UNNECESSARY_IDENTIFIER`; a two-legged one needs it, 422 `MISSING_IDENTIFIER`).
 */
import { expect, test } from '@playwright/test';
import { CAMARA_PATHS, CAMARA_SUBSCRIBERS } from '../../../src/testmode/index.js';
import { CAMILLE_LINE } from '../../fixtures/subscribers.js';
import { BASE } from './helpers.js';
import { accessToken, camaraSim, CIBA_GRANT, post } from './camara-helpers.js';

const SWAPPED = CAMARA_SUBSCRIBERS.find((s) => typeof s.simSwap === 'object')!;
const UNSUPPORTED = CAMARA_SUBSCRIBERS.find((s) => s.simSwap === 'not_supported')!;

type Sim = ReturnType<typeof camaraSim>['sim'];

const call = (sim: Sim, token: string, body: unknown, path: string = CAMARA_PATHS.simSwapCheck) =>
  sim.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const twoLegged = async (sim: Sim, scope = 'sim-swap:check sim-swap:retrieve-date') =>
  accessToken(await post(sim, CAMARA_PATHS.token, { grant_type: 'client_credentials', scope }));

/** A CIBA token for a line, its scope covering KYC Match and SIM Swap (one approval for both calls). */
async function threeLegged(sim: Sim, phone: string) {
  const ack = (await (
    await post(sim, CAMARA_PATHS.authorize, {
      login_hint: `tel:${phone}`,
      scope: 'openid dpv:FraudPreventionAndDetection kyc-match:match sim-swap:check',
    })
  ).json()) as { auth_req_id: string };
  return accessToken(await post(sim, CAMARA_PATHS.token, { grant_type: CIBA_GRANT, auth_req_id: ack.auth_req_id }));
}

test(`${SWAPPED.phone}: swapped within maxAge >= 48 h, not within 24 h; the default window (240 h) sees it`, async () => {
  const { sim } = camaraSim();
  const token = await twoLegged(sim);
  for (const [maxAge, swapped] of [
    [24, false],
    [48, true],
    [168, true],
    [undefined, true],
  ] as const) {
    const res = await call(sim, token, { phoneNumber: SWAPPED.phone, ...(maxAge ? { maxAge } : {}) });
    expect(res.status).toBe(200);
    expect(await res.json(), String(maxAge)).toEqual({ swapped });
  }
});

test('a line without a SIM change: swapped false; retrieve-date gives its activation date', async () => {
  const { sim } = camaraSim();
  const token = await twoLegged(sim);
  expect(await (await call(sim, token, { phoneNumber: CAMILLE_LINE.phone, maxAge: 2400 })).json()).toEqual({
    swapped: false,
  });
  const date = (await (
    await call(sim, token, { phoneNumber: CAMILLE_LINE.phone }, '/camara/sim-swap/v2/retrieve-date')
  ).json()) as { latestSimChange: string };
  expect(Number.isNaN(Date.parse(date.latestSimChange))).toBe(false);
});

test(`retrieve-date for ${SWAPPED.phone} is 48 h before the simulator's clock`, async () => {
  const { sim, clock } = camaraSim();
  const token = await twoLegged(sim);
  const res = await call(sim, token, { phoneNumber: SWAPPED.phone }, '/camara/sim-swap/v2/retrieve-date');
  expect(await res.json()).toEqual({ latestSimChange: new Date(clock.now() - 48 * 3_600_000).toISOString() });
});

test(`${UNSUPPORTED.phone}: the operator does not answer SIM Swap, 422 SERVICE_NOT_APPLICABLE`, async () => {
  const { sim } = camaraSim();
  const res = await call(sim, await twoLegged(sim), { phoneNumber: UNSUPPORTED.phone, maxAge: 168 });
  expect(res.status).toBe(422);
  expect(await res.json()).toEqual({
    status: 422,
    code: 'SERVICE_NOT_APPLICABLE',
    message: 'The service is not available for the provided identifier.',
  });
});

test('a three-legged token names the line: no phoneNumber, or 422 UNNECESSARY_IDENTIFIER', async () => {
  const { sim } = camaraSim({ cibaApprovalMs: 0 });
  const token = await threeLegged(sim, SWAPPED.phone);
  expect(await (await call(sim, token, { maxAge: 168 })).json()).toEqual({ swapped: true });
  const res = await call(sim, token, { phoneNumber: SWAPPED.phone, maxAge: 168 });
  expect(res.status).toBe(422);
  expect(((await res.json()) as { code: string }).code).toBe('UNNECESSARY_IDENTIFIER');
});

test('bad requests: MISSING_IDENTIFIER, OUT_OF_RANGE, INVALID_ARGUMENT, PERMISSION_DENIED without the scope', async () => {
  const { sim } = camaraSim();
  const token = await twoLegged(sim);
  const code = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
  expect(await code(await call(sim, token, { maxAge: 24 }))).toEqual([422, 'MISSING_IDENTIFIER']);
  expect(await code(await call(sim, token, { phoneNumber: SWAPPED.phone, maxAge: 2401 }))).toEqual([
    400,
    'OUT_OF_RANGE',
  ]);
  expect(await code(await call(sim, token, { phoneNumber: SWAPPED.phone, maxAge: 0 }))).toEqual([400, 'OUT_OF_RANGE']);
  expect(await code(await call(sim, token, { phoneNumber: SWAPPED.phone, maxAge: '24' }))).toEqual([
    400,
    'INVALID_ARGUMENT',
  ]);
  const kycOnly = await twoLegged(sim, 'openid kyc-match:match');
  expect(await code(await call(sim, kycOnly, { phoneNumber: SWAPPED.phone }))).toEqual([403, 'PERMISSION_DENIED']);
});
