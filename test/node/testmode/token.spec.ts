/** `/ACCESS_TOKEN/`: DQE's token answer, its errors, real expiry (injected clock) and renewal. */
import { expect, test } from '@playwright/test';
import { createSimulator } from '../../../src/testmode/index.js';
import type { DqeErrorId } from '../../../src/protocol/errors.js';
import { BASE, CAMILLE, errorText, form, manualClock, perfect } from './helpers.js';
import { CAMILLE_LINE } from '../../fixtures/subscribers.js';

const GOOD = { licence: 'demo', client_secret: 'demo', grant_type: 'client_idmobile' };

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: string;
  refresh_token: string;
}

async function token(
  sim: ReturnType<typeof createSimulator>,
  params: Record<string, string | undefined> = GOOD,
  path = '/ACCESS_TOKEN/',
) {
  return sim.request(`${BASE}${path}`, form(params));
}

const matchWith = (sim: ReturnType<typeof createSimulator>, accessToken: string) =>
  sim.request(
    `${BASE}/IDMOBILE/`,
    form({
      licence: 'demo',
      token: accessToken,
      number: CAMILLE_LINE.phone,
      mode: '2',
      name: 'Shop',
      scope: 'matching_notp',
      user_infos: JSON.stringify(CAMILLE),
    }),
  );

test("the token answer has DQE's shape", async () => {
  const sim = createSimulator();
  const res = await token(sim);
  expect(res.status).toBe(200);
  const body = (await res.json()) as TokenAnswer;
  expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in', 'refresh_token']);
  expect(body.token_type).toBe('Bearer');
  expect(body.expires_in).toBe('300'); // a STRING, as DQE's token page types it
  expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(body.refresh_token).not.toBe(body.access_token);
});

test('each token is new', async () => {
  const sim = createSimulator();
  const a = (await (await token(sim)).json()) as TokenAnswer;
  const b = (await (await token(sim)).json()) as TokenAnswer;
  expect(a.access_token).not.toBe(b.access_token);
});

test('tokens of one simulator are unknown to another', async () => {
  const a = createSimulator();
  const b = createSimulator();
  const t = (await (await token(a)).json()) as TokenAnswer;
  expect(await (await matchWith(b, t.access_token)).text()).toBe(errorText('30'));
});

for (const path of ['/ACCESS_TOKEN/', '/ACCESS_TOKEN']) {
  test(`POST ${path} and GET ${path}?… both answer a token`, async () => {
    const sim = createSimulator();
    expect(((await (await token(sim, GOOD, path)).json()) as TokenAnswer).token_type).toBe('Bearer');
    const get = await sim.request(`${BASE}${path}?${new URLSearchParams(GOOD)}`);
    expect(((await get.json()) as TokenAnswer).token_type).toBe('Bearer');
  });
}

/**
 * DQE's token pages (helpcenter.dqe.tech 48305385361169, 34461082256657): every refusal is HTTP 400; DQE's error
 * body where the older page gives its id, none for an incorrect licence ("400 Error (Invalid Client)").
 */
const INVALID_CLIENT = 'Invalid Client';
const ERRORS: Array<[string, Record<string, string | undefined>, DqeErrorId | typeof INVALID_CLIENT]> = [
  ['no parameter at all', {}, '01'],
  ['licence missing', { ...GOOD, licence: undefined }, '01'],
  ['licence empty', { ...GOOD, licence: '' }, '01'],
  ['licence wrong', { ...GOOD, licence: 'acme' }, INVALID_CLIENT],
  ['licence differs by case', { ...GOOD, licence: 'DEMO' }, INVALID_CLIENT],
  ['client secret missing', { ...GOOD, client_secret: undefined }, '01'],
  ['client secret wrong', { ...GOOD, client_secret: 'hunter2' }, '03'],
  ['grant type missing', { ...GOOD, grant_type: undefined }, '01'],
  ['grant type wrong', { ...GOOD, grant_type: 'client_credentials' }, '31'],
  ['wrong licence and wrong secret', { ...GOOD, licence: 'x', client_secret: 'y' }, INVALID_CLIENT],
  ['refresh grant without refresh token', { licence: 'demo', grant_type: 'refresh_token' }, '30'],
  [
    'refresh grant with an unknown refresh token',
    { licence: 'demo', grant_type: 'refresh_token', refresh_token: 'nope' },
    '30',
  ],
  [
    'refresh grant with a wrong licence',
    { licence: 'x', grant_type: 'refresh_token', refresh_token: 'nope' },
    INVALID_CLIENT,
  ],
];
for (const [name, params, id] of ERRORS) {
  test(`token: ${name} answers HTTP 400 ${id === INVALID_CLIENT ? "without DQE's body" : `error ${id}`}`, async () => {
    const res = await token(createSimulator(), params);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(id === INVALID_CLIENT ? INVALID_CLIENT : errorText(id));
  });
}

test('an access token works until expires_in has passed, then answers 30; a new one works again', async () => {
  const clock = manualClock();
  const sim = createSimulator({ now: clock.now, tokenTtlSeconds: 60 });
  const t = (await (await token(sim)).json()) as TokenAnswer;
  expect(t.expires_in).toBe('60');
  expect(await (await matchWith(sim, t.access_token)).json()).toEqual(perfect(''));
  clock.advance(59_999);
  expect(await (await matchWith(sim, t.access_token)).json()).toEqual(perfect(''));
  clock.advance(1);
  expect(await (await matchWith(sim, t.access_token)).text()).toBe(errorText('30'));
  // still expired later on
  clock.advance(3_600_000);
  expect(await (await matchWith(sim, t.access_token)).text()).toBe(errorText('30'));
  const renewed = (await (await token(sim)).json()) as TokenAnswer;
  expect(await (await matchWith(sim, renewed.access_token)).json()).toEqual(perfect(''));
});

test('tokens really expire with the real clock when set short', async () => {
  const sim = createSimulator({ tokenTtlSeconds: 0.05 });
  const t = (await (await token(sim)).json()) as TokenAnswer;
  expect(await (await matchWith(sim, t.access_token)).json()).toEqual(perfect(''));
  await new Promise((r) => setTimeout(r, 80));
  expect(await (await matchWith(sim, t.access_token)).text()).toBe(errorText('30'));
});

test('refresh_token renews an expired access token once; the refresh token cannot be reused', async () => {
  const clock = manualClock();
  const sim = createSimulator({ now: clock.now, tokenTtlSeconds: 60 });
  const first = (await (await token(sim)).json()) as TokenAnswer;
  clock.advance(61_000);
  expect(await (await matchWith(sim, first.access_token)).text()).toBe(errorText('30'));
  const refresh = {
    licence: 'demo',
    client_secret: 'demo',
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
  };
  const second = (await (await token(sim, refresh)).json()) as TokenAnswer;
  expect(second.token_type).toBe('Bearer');
  expect(second.access_token).not.toBe(first.access_token);
  expect(await (await matchWith(sim, second.access_token)).json()).toEqual(perfect(''));
  expect(await (await token(sim, refresh)).text()).toBe(errorText('30'));
  // the new refresh token works in turn (client_secret may be left out)
  const third = await token(sim, { licence: 'demo', grant_type: 'refresh_token', refresh_token: second.refresh_token });
  expect(((await third.json()) as TokenAnswer).token_type).toBe('Bearer');
});

test('a refresh with a wrong client secret answers 03', async () => {
  const sim = createSimulator();
  const first = (await (await token(sim)).json()) as TokenAnswer;
  const res = await token(sim, {
    licence: 'demo',
    client_secret: 'bad',
    grant_type: 'refresh_token',
    refresh_token: first.refresh_token,
  });
  expect(await res.text()).toBe(errorText('03'));
});

test('refresh tokens expire too (after an hour by default)', async () => {
  const clock = manualClock();
  const sim = createSimulator({ now: clock.now, tokenTtlSeconds: 60 });
  const first = (await (await token(sim)).json()) as TokenAnswer;
  clock.advance(3_600_000);
  const res = await token(sim, { licence: 'demo', grant_type: 'refresh_token', refresh_token: first.refresh_token });
  expect(await res.text()).toBe(errorText('30'));
});
