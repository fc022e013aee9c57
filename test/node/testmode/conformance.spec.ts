/**
 * The simulator held to the same documented shapes as the relay (test/node/upstreams/fixtures): DQE's help-centre
 * answers and CAMARA KYC Match's OpenAPI examples. Each answer of the simulator is compared, key by key and type by
 * type, with the documented one; then the relay's test mode runs on the CAMARA face end to end.
 */
import { expect, test } from '@playwright/test';
import { createTestModeRelay } from '../../../src/relay/test-mode.js';
import {
  CAMARA_PATHS,
  CIBA_REFUSING_NUMBER,
  createSimulator,
  DEFAULT_CIBA_APPROVAL_MS,
  DEFAULT_CIBA_INTERVAL_SECONDS,
  magicNumberFor,
} from '../../../src/testmode/index.js';
import * as C from '../upstreams/fixtures/camara.js';
import * as D from '../upstreams/fixtures/dqe.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import { BASE, CAMILLE, form, JEAN_PIERRE, LEA, manualClock, setup } from './helpers.js';
import { CAMILLE_LINE, JEAN_PIERRE_LINE, LEA_LINE, matchRequestOf } from '../../fixtures/subscribers.js';

/** The shape of a JSON value: its keys (sorted) and the type of each leaf. */
function shape(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return typeof v;
  if (Array.isArray(v)) return v.map(shape);
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
  );
}
const keys = (v: object) => Object.keys(v).sort();

test.describe('DQE face', () => {
  test('token: the documented success shape (expires_in a string)', async () => {
    const sim = createSimulator();
    const res = await sim.request(
      `${BASE}/ACCESS_TOKEN/`,
      form({ licence: 'demo', client_secret: 'demo', grant_type: 'client_idmobile' }),
    );
    expect(shape(await res.json())).toEqual(shape(D.TOKEN_SUCCESS));
  });

  for (const [name, params, id] of [
    ['wrong client secret', { client_secret: 'x', grant_type: 'client_idmobile' }, '03'],
    ['wrong grant type', { client_secret: 'demo', grant_type: 'password' }, '31'],
  ] as const) {
    test(`token: ${name} answers the documented ${id}`, async () => {
      const sim = createSimulator();
      const res = await sim.request(`${BASE}/ACCESS_TOKEN/`, form({ licence: 'demo', ...params }));
      const e = D.TOKEN_ERROR_TABLE.find((t) => t.id === id)!;
      expect(await res.json()).toEqual(D.errorBody(e));
    });
  }

  test('scores: the documented keys, numbers on top, address strings (SFR, Bouygues) or numbers (Orange)', async () => {
    const { match } = await setup();
    for (const [phone, infos] of [
      [CAMILLE_LINE.phone, CAMILLE],
      [JEAN_PIERRE_LINE.phone, JEAN_PIERRE],
    ] as const) {
      const body = (await (await match(phone, {}, infos)).json()) as Record<string, unknown>;
      expect(keys(body)).toEqual(keys(D.MATCH_SCORES_EXAMPLE));
      expect(keys(body['address'] as object)).toEqual(keys(D.MATCH_SCORES_EXAMPLE.address));
      for (const k of ['family_name', 'birthdate', 'given_name', 'email'])
        expect(['number', 'string']).toContain(typeof body[k]);
      expect(shape(body['address'])).toEqual(shape(D.MATCH_SCORES_TABLE.address));
    }
  });

  test('consent: the documented shape', async () => {
    const { match } = await setup();
    expect(shape(await (await match(LEA_LINE.phone, {}, LEA)).json())).toEqual(shape(D.CONSENT));
  });

  for (const e of D.MATCH_ERROR_TABLE) {
    test(`magic number for ${e.id}: the documented error body`, async () => {
      const { match } = await setup();
      expect(await (await match(magicNumberFor(e.id as never), {})).json()).toEqual(D.errorBody(e));
    });
  }

  test('retrieval: pending with the scope, then the wrapped result; a refusal is the documented 21', async () => {
    for (const decision of ['accept', 'refuse'] as const) {
      const { sim, match } = await setup();
      const consent = (await (await match(LEA_LINE.phone, {}, LEA)).json()) as { url: string };
      const session = consent.url.split('/consent/')[1]!;
      const poll = async (): Promise<unknown> => {
        const q = new URLSearchParams({ token: session, Licence: 'demo', scope: 'matching_notp' });
        return (await sim.request(`${BASE}/GET/?${q}`)).json();
      };
      expect(await poll()).toEqual(D.RETRIEVAL_PENDING);
      await sim.request(`${BASE}/consent/${session}`, form({ decision }));
      if (decision === 'refuse') {
        expect(await poll()).toEqual(D.errorBody(D.RETRIEVAL_ERROR_TABLE.find((t) => t.id === '21')!));
        continue;
      }
      expect(await poll()).toEqual(D.RETRIEVAL_PENDING);
      const result = (await poll()) as Record<string, unknown>;
      expect(keys(result)).toEqual(keys(D.RETRIEVAL_WRAPPED));
      expect(result['status']).toBe('success');
      // the retrieval page's scores: its keys (`name` besides the seed's), every value a string
      expect(shape(result['matching'])).toEqual(shape(D.RETRIEVAL_WRAPPED.matching));
    }
  });
});

test.describe('CAMARA face', () => {
  const basic = `Basic ${Buffer.from('demo:demo').toString('base64')}`;
  const oauth = (sim: ReturnType<typeof createSimulator>, path: string, params: Record<string, string>) =>
    sim.request(`${BASE}${path}`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });

  /** A simulator on a manual clock: CIBA subscribers approve after `DEFAULT_CIBA_APPROVAL_MS` of that clock. */
  function camaraSim() {
    const clock = manualClock();
    return { sim: createSimulator({ now: clock.now }), clock };
  }

  async function cibaToken({ sim, clock }: ReturnType<typeof camaraSim>, phone: string) {
    const ack = await oauth(sim, CAMARA_PATHS.authorize, {
      login_hint: `tel:${phone}`,
      scope: 'openid dpv:FraudPreventionAndDetection kyc-match:match',
    });
    const ackBody = (await ack.json()) as { auth_req_id: string };
    expect(shape(ackBody)).toEqual(shape(C.CIBA_ACK));
    const poll = () =>
      oauth(sim, CAMARA_PATHS.token, {
        grant_type: 'urn:openid:params:grant-type:ciba',
        auth_req_id: ackBody.auth_req_id,
      });
    const first = await poll();
    expect(first.status).toBe(400);
    expect(await first.json()).toEqual(C.CIBA_PENDING);
    clock.advance(DEFAULT_CIBA_APPROVAL_MS);
    const second = await poll();
    return { status: second.status, body: (await second.json()) as Record<string, unknown> };
  }

  const matchWith = (sim: ReturnType<typeof createSimulator>, token: string, body: unknown) =>
    sim.request(`${BASE}${CAMARA_PATHS.match}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlator': 'abc-123' },
      body: JSON.stringify(body),
    });

  test('CIBA: acknowledgement, authorization_pending, then the token once approved (OpenID CIBA shapes)', async () => {
    const t = await cibaToken(camaraSim(), JEAN_PIERRE_LINE.phone);
    expect(t.status).toBe(200);
    expect(shape(t.body)).toEqual(shape(C.ACCESS_TOKEN));
  });

  test('CIBA: the refusing number answers access_denied', async () => {
    const sim = createSimulator();
    const ack = (await (
      await oauth(sim, CAMARA_PATHS.authorize, {
        login_hint: `tel:${CIBA_REFUSING_NUMBER}`,
        scope: 'openid kyc-match:match',
      })
    ).json()) as { auth_req_id: string };
    const res = await oauth(sim, CAMARA_PATHS.token, {
      grant_type: 'urn:openid:params:grant-type:ciba',
      auth_req_id: ack.auth_req_id,
    });
    expect(await res.json()).toEqual(C.CIBA_DENIED);
  });

  test('match: only documented keys and values; scores only with "false", integers in 0..100; x-correlator echoed', async () => {
    const camara = camaraSim();
    const { sim } = camara;
    const { body: token } = await cibaToken(camara, CAMILLE_LINE.phone);
    const res = await matchWith(sim, token['access_token'] as string, {
      phoneNumber: CAMILLE_LINE.phone,
      givenName: 'Camile',
      familyName: CAMILLE_LINE.record.lastname,
      gender: 'FEMALE',
      birthdate: CAMILLE_LINE.record.birthdate,
      email: CAMILLE_LINE.record.email,
      streetName: 'rue de la Paix',
      streetNumber: '12',
      postalCode: '75002',
      locality: 'Paris',
      country: 'FR',
    });
    expect(res.headers.get('x-correlator')).toBe('abc-123');
    const body = (await res.json()) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) {
      expect(C.RESPONSE_KEYS as readonly string[]).toContain(k);
      if (k.endsWith('MatchScore')) {
        expect(Number.isInteger(v)).toBe(true);
        expect(v as number).toBeGreaterThanOrEqual(C.SCORE_RANGE.minimum);
        expect(v as number).toBeLessThanOrEqual(C.SCORE_RANGE.maximum);
        expect(body[k.replace(/Score$/, '')]).toBe('false');
      } else expect(C.MATCH_RESULTS as readonly string[]).toContain(v);
    }
    expect(body['givenNameMatch']).toBe('false');
    expect(body['familyNameMatch']).toBe('true');
    expect(body['genderMatch']).toBe('not_available'); // SFR does not hold gender
  });

  const errorCases: Array<[string, string, keyof typeof C.ERRORS]> = [
    ['a landline', '+33123456789', 'SERVICE_NOT_APPLICABLE'],
    ['an unknown mobile', '+33611111111', 'IDENTIFIER_NOT_FOUND'],
    ['magic 01', magicNumberFor('01'), 'INVALID_ARGUMENT'],
    ['magic 09', magicNumberFor('09'), 'SERVICE_NOT_APPLICABLE'],
    ['magic 10', magicNumberFor('10'), 'IDENTIFIER_NOT_FOUND'],
    ['magic 14', magicNumberFor('14'), 'PERMISSION_DENIED'],
    ['magic 30', magicNumberFor('30'), 'UNAUTHENTICATED'],
  ];
  for (const [name, phone, code] of errorCases) {
    test(`match, ${name}: the documented ${code} body`, async () => {
      const camara = camaraSim();
      const { sim } = camara;
      const { body: token } = await cibaToken(camara, phone);
      const res = await matchWith(sim, token['access_token'] as string, { phoneNumber: phone, givenName: 'X' });
      expect(res.status).toBe(C.ERRORS[code].status);
      expect(await res.json()).toEqual(C.ERRORS[code]);
    });
  }

  test('match: a CIBA token for another number is INVALID_TOKEN_CONTEXT; no field is INVALID_PARAM_COMBINATION', async () => {
    const camara = camaraSim();
    const { sim } = camara;
    const { body: token } = await cibaToken(camara, CAMILLE_LINE.phone);
    const other = await matchWith(sim, token['access_token'] as string, {
      phoneNumber: JEAN_PIERRE_LINE.phone,
      givenName: 'X',
    });
    expect(await other.json()).toEqual(C.ERRORS.INVALID_TOKEN_CONTEXT);
    const none = await matchWith(sim, token['access_token'] as string, { phoneNumber: CAMILLE_LINE.phone });
    expect(await none.json()).toEqual(C.ERRORS.INVALID_PARAM_COMBINATION);
    const bad = await matchWith(sim, 'nope', { phoneNumber: CAMILLE_LINE.phone, givenName: 'X' });
    expect(await bad.json()).toEqual(C.ERRORS.UNAUTHENTICATED);
  });

  test('client_credentials: a two-legged token; without phoneNumber MISSING_IDENTIFIER', async () => {
    const sim = createSimulator();
    const t = (await (await oauth(sim, CAMARA_PATHS.token, { grant_type: 'client_credentials' })).json()) as Record<
      string,
      unknown
    >;
    expect(shape(t)).toEqual(shape(C.ACCESS_TOKEN));
    const res = await matchWith(sim, t['access_token'] as string, { givenName: 'X' });
    expect(await res.json()).toEqual(C.ERRORS.MISSING_IDENTIFIER);
  });
});

test.describe('the relay on the simulator’s CAMARA face (test mode, CIBA)', () => {
  const PAGE = 'http://localhost:5173';
  function relay(auth: 'ciba' | 'client_credentials' = 'ciba') {
    const polls: number[] = [];
    // the simulator's CIBA subscribers approve after a few seconds of its clock: each poll's wait moves that clock
    const clock = manualClock();
    const { relay: app } = createTestModeRelay({
      now: clock.now,
      upstream: 'camara',
      camaraAuth: auth,
      allowedOrigins: [PAGE, 'https://shop.example'],
      attestationSecret: 'test-mode-attestation-secret-0123456789abcdef',
      requireSession: false,
      limits: { client: false, phoneCap: false },
      policy: { disclose: 'on-name-match' }, // the simulator's scores themselves, not their bands
      logger: () => {},
    });
    const send = async (path: string, body: unknown) => {
      const res = await app.request(`${PAGE}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: PAGE },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    /** `/match`, then `/result` while pending (the clock moved by each wait the relay asks for). */
    const post = async (body: unknown) => {
      const first = await send('/match', body);
      if (first.json['status'] !== 'pending') return first;
      let wait = Number(first.json['interval']);
      for (let i = 0; i < 10; i++) {
        clock.advance(wait * 1000);
        polls.push(wait);
        const next = await send('/result', { token: first.json['token'], state: first.json['state'] });
        if (next.json['status'] !== 'pending') return next;
        wait = Number(next.json['retry_after']);
      }
      throw new Error('still pending');
    };
    return { post, polls };
  }

  test('exact: Jean-Pierre Dubois, every field 1; CIBA polled after the announced interval', async () => {
    const r = relay();
    const { status, json } = await r.post({
      ...CONTRACT_MATCH_REQUEST,
      ...matchRequestOf(JEAN_PIERRE_LINE),
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      gender: 1,
      given_name: 1,
      family_name: 1,
      birthdate: 1,
      email: 1,
      address: { street_address: 1, postal_code: 1, locality: 1, country: 1 },
    });
    // the subscriber approves after the simulator's delay: one poll per interval until then, then the scores
    const interval = DEFAULT_CIBA_INTERVAL_SECONDS;
    expect(r.polls).toEqual(Array(DEFAULT_CIBA_APPROVAL_MS / 1000 / interval).fill(interval));
  });

  test('partial and not available: Camille with a typo; SFR holds no gender', async () => {
    const { json } = await relay().post({
      ...CONTRACT_MATCH_REQUEST,
      identity: { ...CONTRACT_MATCH_REQUEST.identity, given_name: 'Camile' },
    });
    expect(json['gender']).toBe('');
    expect(json['given_name']).toBeGreaterThan(0.6);
    expect(json['given_name']).toBeLessThan(1);
    expect(json['family_name']).toBe(1);
  });

  for (const [phone, expected] of [
    [magicNumberFor('09'), { status: 200, id: '09' }],
    [magicNumberFor('10'), { status: 200, id: '10' }],
    [magicNumberFor('14'), { status: 200, id: '14' }],
    [magicNumberFor('16'), { status: 502, id: 'R502' }],
    [magicNumberFor('30'), { status: 502, id: 'R502' }],
    [CIBA_REFUSING_NUMBER, { status: 200, id: '21' }],
  ] as const) {
    test(`${phone}: ${expected.id}`, async () => {
      const { status, json } = await relay().post({ ...CONTRACT_MATCH_REQUEST, phone });
      expect(status).toBe(expected.status);
      expect(json['error_id']).toBe(expected.id);
    });
  }

  test('client_credentials on the simulator works too', async () => {
    const r = relay('client_credentials');
    expect((await r.post(CONTRACT_MATCH_REQUEST)).status).toBe(200);
    expect(r.polls).toEqual([]);
  });
});
