/**
 * The simulator's DQE side answers like DQE's help centre documents, including where DQE answers 400 or 500:
 * - token (helpcenter.dqe.tech 48305385361169 "ID Mobile — Token", 34461082256657): a parameter typo answers
 *   HTTP 500, an incorrect licence "400 Error (Invalid Client)" (no body shown: none of DQE's error body here);
 * - the trigger licences of src/testmode/dqe/licences.ts (client secret `demo`): `demo-500`, `demo-get-500`,
 *   `demo-scope-client_idmobile`;
 * - `/GET/` after consent: the wrapped result of 16950758357265 with every score a STRING and `name`, and
 *   `code_name` echoing the one sent with `/IDMOBILE/`.
 * And the relay in front of it, started with those licences the way a merchant would configure it.
 */
import { expect, test } from '@playwright/test';
import type { Hono } from 'hono';
import { createRelay } from '../../../src/relay/app.js';
import { createLogger } from '../../../src/relay/log.js';
import { createDqeUpstream, type DqeUpstreamOptions } from '../../../src/relay/upstreams/dqe/client.js';
import { createSimulator } from '../../../src/testmode/index.js';
import { DQE_LICENCES } from '../../../src/testmode/dqe/licences.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import { CAMILLE_LINE, LEA_LINE, matchRequestOf } from '../../fixtures/subscribers.js';
import * as D from '../upstreams/fixtures/dqe.js';
import { BASE, CAMILLE, errorText, form, LEA } from './helpers.js';

const SHOP = 'https://shop.example';
const REDIRECT = `${SHOP}/checkout?idmobile_return=1`;
const CODE_NAME = '5f0c3a9e1b2d4c6e8f7a9b0c1d2e3f40';

const simulator = () => createSimulator({ allowedRedirectOrigins: [SHOP] });

async function tokenOf(sim: Hono, licence: string): Promise<string> {
  const res = await sim.request(
    `${BASE}/ACCESS_TOKEN/`,
    form({ licence, client_secret: 'demo', grant_type: 'client_idmobile' }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const matchParams = (licence: string, token: string, phone: string, infos: object, codeName = CODE_NAME) =>
  form({
    licence,
    token,
    number: phone,
    mode: '2',
    name: 'Boutique Test',
    scope: 'matching_notp',
    redirect_uri: REDIRECT,
    code_name: codeName,
    user_infos: JSON.stringify(infos),
  });

/** Léa's consent session, accepted, with `licence`: its session token. */
async function acceptedSession(sim: Hono, licence: string, codeName = CODE_NAME): Promise<string> {
  const token = await tokenOf(sim, licence);
  const res = await sim.request(`${BASE}/IDMOBILE/`, matchParams(licence, token, LEA_LINE.phone, LEA, codeName));
  const session = ((await res.json()) as { url: string }).url.split('/consent/')[1]!;
  expect((await sim.request(`${BASE}/consent/${session}`, form({ decision: 'accept' }))).status).toBe(303);
  return session;
}

const retrieve = (sim: Hono, licence: string, session: string, scope: string) =>
  sim.request(`${BASE}/GET/?${new URLSearchParams({ token: session, Licence: licence, scope })}`);

test.describe('token endpoint', () => {
  for (const [name, params] of [
    ['client_scret for client_secret (the page’s example)', { client_scret: 'demo', grant_type: 'client_idmobile' }],
    ['grant_typ for grant_type', { client_secret: 'demo', grant_typ: 'client_idmobile' }],
  ] as const) {
    test(`a parameter typo, ${name}: HTTP 500 without DQE's body`, async () => {
      const res = await simulator().request(`${BASE}/ACCESS_TOKEN/`, form({ licence: 'demo', ...params }));
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('error_id');
    });
  }

  test('an extra parameter next to every required one is no typo: a token', async () => {
    const res = await simulator().request(
      `${BASE}/ACCESS_TOKEN/`,
      form({ licence: 'demo', client_secret: 'demo', grant_type: 'client_idmobile', extra: '1' }),
    );
    expect(res.status).toBe(200);
  });

  test('an unknown licence: HTTP 400 "Invalid Client", without DQE\'s error body', async () => {
    const res = await simulator().request(
      `${BASE}/ACCESS_TOKEN/`,
      form({ licence: 'LIC-unknown', client_secret: 'demo', grant_type: 'client_idmobile' }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('Invalid Client');
  });

  test("a wrong client secret: HTTP 400 with DQE's error body 03", async () => {
    const res = await simulator().request(
      `${BASE}/ACCESS_TOKEN/`,
      form({ licence: 'demo', client_secret: 'nope', grant_type: 'client_idmobile' }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(D.errorBody(D.TOKEN_ERROR_TABLE.find((e) => e.id === '03')!));
  });

  for (const licence of Object.keys(DQE_LICENCES)) {
    test(`licence ${licence} with the secret demo: a token`, async () => {
      expect(await tokenOf(simulator(), licence)).toMatch(/^\S+$/);
    });
  }
});

test.describe('trigger licences', () => {
  test('demo-500: /IDMOBILE/ and /GET/ answer HTTP 500 without a body DQE documents', async () => {
    const sim = simulator();
    const token = await tokenOf(sim, 'demo-500');
    const match = await sim.request(`${BASE}/IDMOBILE/`, matchParams('demo-500', token, CAMILLE_LINE.phone, CAMILLE));
    expect(match.status).toBe(500);
    expect(await match.text()).not.toContain('error_id');
    const get = await retrieve(sim, 'demo-500', 'any', 'matching_notp');
    expect(get.status).toBe(500);
  });

  test('demo-get-500: /IDMOBILE/ answers (scores, consent), /GET/ answers HTTP 500', async () => {
    const sim = simulator();
    const token = await tokenOf(sim, 'demo-get-500');
    const match = await sim.request(
      `${BASE}/IDMOBILE/`,
      matchParams('demo-get-500', token, CAMILLE_LINE.phone, CAMILLE),
    );
    expect(match.status).toBe(200);
    expect(await match.json()).toHaveProperty('family_name');
    const session = await acceptedSession(sim, 'demo-get-500');
    expect((await retrieve(sim, 'demo-get-500', session, 'matching_notp')).status).toBe(500);
  });

  test('demo-scope-client_idmobile: /GET/ answers 04 to matching_notp, the result to client_idmobile', async () => {
    const sim = simulator();
    const session = await acceptedSession(sim, 'demo-scope-client_idmobile');
    const refused = await retrieve(sim, 'demo-scope-client_idmobile', session, 'matching_notp');
    expect(await refused.text()).toBe(errorText('04'));
    const ok = () => retrieve(sim, 'demo-scope-client_idmobile', session, 'client_idmobile');
    expect(await (await ok()).json()).toEqual({ status: 'pending', scope: 'client_idmobile' });
    expect(await (await ok()).json()).toMatchObject({
      status: 'success',
      scope: 'client_idmobile',
      code_name: CODE_NAME,
    });
  });

  test('demo accepts both scopes the pages name, and answers 04 to any other', async () => {
    const sim = simulator();
    const session = await acceptedSession(sim, 'demo');
    expect(await (await retrieve(sim, 'demo', session, 'matching')).text()).toBe(errorText('04'));
    expect(await (await retrieve(sim, 'demo', session, 'matching_notp')).json()).toEqual(D.RETRIEVAL_PENDING);
    expect(await (await retrieve(sim, 'demo', session, 'client_idmobile')).json()).toMatchObject({
      status: 'success',
      scope: 'client_idmobile',
    });
  });
});

test.describe('/GET/ result', () => {
  test("DQE's wrapped result: every score a string, name, code_name echoed", async () => {
    const sim = simulator();
    const session = await acceptedSession(sim, 'demo');
    await retrieve(sim, 'demo', session, 'matching_notp');
    const result = (await (await retrieve(sim, 'demo', session, 'matching_notp')).json()) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(Object.keys(D.RETRIEVAL_WRAPPED).sort());
    expect(result['code_name']).toBe(CODE_NAME);
    const matching = result['matching'] as Record<string, unknown>;
    // the page's keys, in its order, every leaf a string
    expect(JSON.stringify(Object.keys(matching))).toBe(JSON.stringify(Object.keys(D.RETRIEVAL_WRAPPED.matching)));
    const leaves = (v: unknown): unknown[] =>
      v !== null && typeof v === 'object' ? Object.values(v).flatMap(leaves) : [v];
    for (const leaf of leaves(matching)) expect(typeof leaf).toBe('string');
    expect(matching['name']).toBe('1');
  });

  for (const [name, infos, expected] of [
    ['the full name as registered', LEA, '1'],
    ['no name sent', { ...LEA, firstname: '', lastname: '' }, ''],
    ['another first name', { ...LEA, firstname: 'Marie' }, 'lower'],
  ] as const) {
    test(`name with ${name}: ${expected}`, async () => {
      const sim = simulator();
      const token = await tokenOf(sim, 'demo');
      const res = await sim.request(`${BASE}/IDMOBILE/`, matchParams('demo', token, LEA_LINE.phone, infos));
      const session = ((await res.json()) as { url: string }).url.split('/consent/')[1]!;
      await sim.request(`${BASE}/consent/${session}`, form({ decision: 'accept' }));
      await retrieve(sim, 'demo', session, 'matching_notp');
      const { matching } = (await (await retrieve(sim, 'demo', session, 'matching_notp')).json()) as {
        matching: Record<string, string>;
      };
      if (expected === 'lower') expect(Number(matching['name'])).toBeLessThan(1);
      else expect(matching['name']).toBe(expected);
    });
  }

  test('each consent session echoes its own code_name; none sent echoes ""', async () => {
    const sim = simulator();
    const a = await acceptedSession(sim, 'demo', 'a'.repeat(32));
    const b = await acceptedSession(sim, 'demo', '');
    for (const s of [a, b]) await retrieve(sim, 'demo', s, 'matching_notp');
    const codeOf = async (s: string) =>
      ((await (await retrieve(sim, 'demo', s, 'matching_notp')).json()) as { code_name: string }).code_name;
    expect(await codeOf(a)).toBe('a'.repeat(32));
    expect(await codeOf(b)).toBe('');
  });
});

test.describe('the relay in front of the simulator, by licence', () => {
  function relayWith(licence: string, options: Partial<DqeUpstreamOptions> = {}) {
    const sim = createSimulator({ allowedRedirectOrigins: [SHOP], publicUrl: 'https://sim.example' });
    const logs: Record<string, unknown>[] = [];
    const relay = createRelay({
      mode: 'dqe',
      upstream: createDqeUpstream({
        baseUrl: 'https://sim.example',
        licence,
        clientSecret: 'demo',
        partnerName: 'Shop',
        fetch: (i, init) => Promise.resolve(sim.fetch(new Request(i, init))),
        logger: createLogger({ sink: (e) => logs.push(e) }),
        ...options,
      }),
      allowedOrigins: [SHOP],
      attestationSecret: 'triggers-attestation-secret-0123456789abcdef',
      requireSession: false,
      limits: { client: false, phoneClient: false, phoneReference: false, phoneCap: false },
      logger: (e) => logs.push(e),
    });
    const post = async (path: string, body: unknown) => {
      const res = await relay.request(`https://relay.example${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    /** Léa's consent trip, accepted: `/result` polled past the one pending. */
    const consentTrip = async () => {
      const consent = await post('/match', { ...CONTRACT_MATCH_REQUEST, ...matchRequestOf(LEA_LINE) });
      expect(consent.json).toMatchObject({ status: 'success', operator: 'Orange' });
      const decided = await sim.request(new URL(consent.json['url'] as string).pathname, form({ decision: 'accept' }));
      const back = new URL(decided.headers.get('location')!);
      const body = { token: back.searchParams.get('token'), state: back.searchParams.get('idmobile_state') };
      let r = await post('/result', body);
      for (let i = 0; i < 3 && r.json['status'] === 'pending'; i++) r = await post('/result', body);
      return r;
    };
    return { post, consentTrip, logs, events: (n: string) => logs.filter((l) => l['event'] === n) };
  }

  test('an unknown licence: error 03, and the log says which settings to check', async () => {
    const r = relayWith('LIC-typo');
    expect((await r.post('/match', CONTRACT_MATCH_REQUEST)).json).toMatchObject({ status: 'error', error_id: '03' });
    expect(r.events('dqe_credentials_refused')).toHaveLength(1);
    expect(JSON.stringify(r.events('dqe_credentials_refused'))).toContain('check DQE_LICENCE and DQE_CLIENT_SECRET');
  });

  test('demo-500: the check is R502 (an outage, "try again")', async () => {
    const r = relayWith('demo-500');
    const { status, json } = await r.post('/match', CONTRACT_MATCH_REQUEST);
    expect(status).toBe(502);
    expect(json['error_id']).toBe('R502');
  });

  test('demo-get-500: consent given, the result is R502', async () => {
    const r = relayWith('demo-get-500');
    const { status, json } = await r.consentTrip();
    expect(status).toBe(502);
    expect(json['error_id']).toBe('R502');
  });

  test('demo-scope-client_idmobile, DQE_RESULT_SCOPE unset: the fallback serves the result, logged', async () => {
    const r = relayWith('demo-scope-client_idmobile');
    const { status, json } = await r.consentTrip();
    expect(status).toBe(200);
    expect(json['verdict']).toBe('verified');
    expect(json).toHaveProperty('attestation');
    expect(r.events('dqe_result_scope')).toEqual([
      expect.objectContaining({ scope: 'client_idmobile', fallback: true }),
    ]);
  });

  test('demo-scope-client_idmobile, DQE_RESULT_SCOPE=matching_notp configured: error 04, no fallback', async () => {
    const r = relayWith('demo-scope-client_idmobile', { resultScope: 'matching_notp' });
    expect((await r.consentTrip()).json).toMatchObject({ status: 'error', error_id: '04' });
    expect(r.events('dqe_result_scope_fallback')).toHaveLength(0);
  });

  for (const numberFormat of ['e164', 'international', 'national'] as const) {
    test(`demo, DQE_NUMBER_FORMAT=${numberFormat}: SFR (which needs user_infos.phone) answers Camille's scores`, async () => {
      const r = relayWith('demo', { numberFormat });
      const { status, json } = await r.post('/match', CONTRACT_MATCH_REQUEST);
      expect(status).toBe(200);
      expect(json).toMatchObject({ verdict: 'verified', given_name: 1 });
    });
  }

  test("demo: the consent result with DQE's string scores is served and signed", async () => {
    const r = relayWith('demo');
    const { status, json } = await r.consentTrip();
    expect(status).toBe(200);
    expect(json).toMatchObject({ verdict: 'verified', given_name: 1, family_name: 1 });
  });
});
