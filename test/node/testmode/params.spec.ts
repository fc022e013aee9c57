/** Each missing or malformed `/IDMOBILE/` parameter answers the matching DQE error, exactly as DQE sends it. */
import { expect, test } from '@playwright/test';
import { USER_INFO_KEYS } from '../../../src/protocol/dqe-user-infos.js';
import type { DqeErrorId } from '../../../src/protocol/errors.js';
import { BASE, CAMILLE, errorText, form, perfect, setup } from './helpers.js';
import { CAMILLE_LINE, JEAN_PIERRE_LINE, LEA_LINE } from '../../fixtures/subscribers.js';

type Case = [name: string, overrides: Record<string, string | undefined>, id: DqeErrorId];

const withInfos = (infos: unknown): string => JSON.stringify(infos);
const without = (key: string): Record<string, string> =>
  Object.fromEntries(Object.entries(CAMILLE).filter(([k]) => k !== key));

const CASES: Case[] = [
  ['licence missing', { licence: undefined }, '02'],
  ['licence wrong', { licence: 'nope' }, '02'],
  ['licence differs by case', { licence: 'DEMO' }, '02'],
  ['access token missing', { token: undefined }, '30'],
  ['access token empty', { token: '' }, '30'],
  ['access token unknown', { token: 'not-a-token' }, '30'],
  ['scope missing', { scope: undefined }, '04'],
  ['scope wrong', { scope: 'matching_otp' }, '04'],
  ['mode missing', { mode: undefined }, '01'],
  ['mode not 2', { mode: '1' }, '01'],
  ['name missing', { name: undefined }, '01'],
  ['name blank', { name: '  ' }, '01'],
  ['country written out', { country: 'France' }, '01'],
  ['redirect_uri relative', { redirect_uri: '/checkout' }, '01'],
  ['redirect_uri javascript:', { redirect_uri: 'javascript:alert(1)' }, '01'],
  ['user_infos missing', { user_infos: undefined }, '05'],
  ['user_infos empty', { user_infos: '' }, '05'],
  ['user_infos blank', { user_infos: '   ' }, '05'],
  ['user_infos not JSON', { user_infos: '{"firstname":' }, '06'],
  ['user_infos a JSON array', { user_infos: '[]' }, '06'],
  ['user_infos a JSON string', { user_infos: '"Camille"' }, '06'],
  ['user_infos null', { user_infos: 'null' }, '06'],
  ['user_infos with a number value', { user_infos: withInfos({ ...CAMILLE, postal_code: 75002 }) }, '06'],
  ['user_infos with a null value', { user_infos: withInfos({ ...CAMILLE, email: null }) }, '06'],
  ['user_infos far too long', { user_infos: withInfos({ ...CAMILLE, locality: 'x'.repeat(10_000) }) }, '06'],
  // DQE requires every key (no dedicated id: 01); 07 is for the `phone` key, which SFR (Camille's operator) needs
  ...USER_INFO_KEYS.map((key): Case => [
    `user_infos without "${key}"`,
    { user_infos: withInfos(without(key)) },
    key === 'phone' ? '07' : '01',
  ]),
  ['user_infos empty object', { user_infos: '{}' }, '01'],
  ['user_infos with an empty phone', { user_infos: withInfos({ ...CAMILLE, phone: '' }) }, '07'],
  // the order of checks: licence first, then token, then scope
  ['wrong licence and wrong scope', { licence: 'x', scope: 'y' }, '02'],
  ['wrong token and wrong scope', { token: 'x', scope: 'y' }, '30'],
  ['wrong scope and bad user_infos', { scope: 'y', user_infos: '' }, '04'],
  ['bad user_infos and empty number', { user_infos: '', number: '' }, '05'],
];

for (const [name, overrides, id] of CASES) {
  test(`${name}: error ${id}`, async () => {
    const { match } = await setup();
    const res = await match(CAMILLE_LINE.phone, overrides);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(errorText(id));
  });
}

test('07 only where DQE says: an operator other than SFR scores without the phone key', async () => {
  const { match } = await setup();
  const infos = { ...CAMILLE, phone: '' };
  const res = await match(JEAN_PIERRE_LINE.phone, {}, infos);
  expect(((await res.json()) as Record<string, unknown>)['status']).toBeUndefined();
});

test('a consent number without redirect_uri answers 01 (a consent session needs a way back)', async () => {
  const { match } = await setup();
  expect(await (await match(LEA_LINE.phone, { redirect_uri: undefined })).text()).toBe(errorText('01'));
  expect(await (await match(LEA_LINE.phone, { redirect_uri: '' })).text()).toBe(errorText('01'));
});

test('the same request is valid with empty optional fields: country, redirect_uri, user_infos values but phone', async () => {
  const { match } = await setup();
  const empty = { ...Object.fromEntries(USER_INFO_KEYS.map((k) => [k, ''])), phone: CAMILLE_LINE.phone };
  const res = await match(CAMILLE_LINE.phone, { country: '', redirect_uri: undefined }, empty);
  expect(await res.json()).toEqual({
    family_name: '',
    gender: '',
    birthdate: '',
    given_name: '',
    address: { country: '', postal_code: '', street_address: '', locality: '' },
    email: '',
  });
});

test('extra keys in user_infos are ignored; ISO-2 country parameter accepted', async () => {
  const { match } = await setup();
  const res = await match(CAMILLE_LINE.phone, { country: 'FR' }, { ...CAMILLE, nickname: 'Cam' });
  expect(await res.json()).toEqual(perfect(''));
});

test("a JSON body is not DQE's wire format: 01", async () => {
  const { sim, token } = await setup();
  const res = await sim.request(`${BASE}/IDMOBILE/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      licence: 'demo',
      token,
      number: CAMILLE_LINE.phone,
      mode: '2',
      name: 'x',
      scope: 'matching_notp',
      user_infos: JSON.stringify(CAMILLE),
    }),
  });
  expect(await res.text()).toBe(errorText('01'));
});

test('a body over 64 KiB answers 01', async () => {
  const { match } = await setup();
  expect(await (await match(CAMILLE_LINE.phone, { padding: 'x'.repeat(70_000) })).text()).toBe(errorText('01'));
});

test('multipart form data is read as well', async () => {
  const { sim, token } = await setup();
  const body = new FormData();
  for (const [k, v] of Object.entries({
    licence: 'demo',
    token,
    number: CAMILLE_LINE.phone,
    mode: '2',
    name: 'Shop',
    scope: 'matching_notp',
    user_infos: JSON.stringify(CAMILLE),
  }))
    body.set(k, v);
  expect(await (await sim.request(`${BASE}/IDMOBILE/`, { method: 'POST', body })).json()).toEqual(perfect(''));
});

test('GET with query parameters, as DQE documents, and the endpoint without trailing slash', async () => {
  const { sim, token } = await setup();
  const q = new URLSearchParams({
    licence: 'demo',
    token,
    number: CAMILLE_LINE.phone,
    mode: '2',
    name: 'Shop',
    scope: 'matching_notp',
    user_infos: JSON.stringify(CAMILLE),
  });
  for (const path of ['/IDMOBILE/', '/IDMOBILE']) {
    expect(await (await sim.request(`${BASE}${path}?${q}`)).json()).toEqual(perfect(''));
  }
  const post = form(Object.fromEntries(q));
  expect(await (await sim.request(`${BASE}/IDMOBILE`, post)).json()).toEqual(perfect(''));
});

test('the access token may come as an Authorization: Bearer header', async () => {
  const { sim, token } = await setup();
  const init = form({
    licence: 'demo',
    number: CAMILLE_LINE.phone,
    mode: '2',
    name: 'Shop',
    scope: 'matching_notp',
    user_infos: JSON.stringify(CAMILLE),
  });
  const res = await sim.request(`${BASE}/IDMOBILE/`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });
  expect(await res.json()).toEqual(perfect(''));
});
