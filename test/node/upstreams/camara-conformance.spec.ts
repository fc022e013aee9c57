/**
 * Conformance, CAMARA KYC Match: the relay over HTTP against a stand-in that answers exactly the shapes of
 * kyc-match.yaml and OpenID CIBA (fixtures/camara.ts): exact, partial and not-available answers, every documented
 * error, token expiry, CIBA pending / slow_down / denied / expired, and token reuse.
 */
import { expect, test } from '@playwright/test';
import { errorTypeFor } from '../../../src/relay/error-types.js';
import { createLogger } from '../../../src/relay/log.js';
import { createCamaraUpstream, type CamaraUpstreamOptions } from '../../../src/relay/upstreams/camara/client.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import * as F from './fixtures/camara.js';
import { checkThrough, claimsOf, manualClock, startRelay, startStandIn, type StandIn } from './stand-in.js';

const CLIENT_ID = 'app-conformance';
const CLIENT_SECRET = 'secret-conformance-77aa';
const MATCH = '/camara/kyc-match/v0.4/match';
const ALL_TRUE = {
  givenNameMatch: 'true',
  familyNameMatch: 'true',
  birthdateMatch: 'true',
  emailMatch: 'true',
  genderMatch: 'true',
  streetNameMatch: 'true',
  streetNumberMatch: 'true',
  postalCodeMatch: 'true',
  localityMatch: 'true',
  countryMatch: 'true',
};

async function setup(options: Partial<CamaraUpstreamOptions> = {}) {
  const op: StandIn = await startStandIn();
  op.on('/oauth/bc-authorize', () => ({ json: F.CIBA_ACK }));
  op.on('/oauth/token', () => ({ json: F.ACCESS_TOKEN }));
  op.on(MATCH, () => ({ json: ALL_TRUE }));
  const logs: Record<string, unknown>[] = [];
  const clock = manualClock();
  const upstream = createCamaraUpstream({
    apiRoot: `${op.url}/camara`,
    tokenUrl: `${op.url}/oauth/token`,
    authorizeUrl: `${op.url}/oauth/bc-authorize`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    timeoutMs: 1500,
    budgetMs: 20_000,
    now: clock.now,
    logger: createLogger({ sink: (e) => logs.push(e) }),
    ...options,
  });
  const relay = await startRelay(upstream, logs);
  return {
    op,
    relay,
    logs,
    clock,
    /** `/match`, then `/result` while pending (CIBA), the clock moved by each wait asked for. */
    check: (body: unknown) => checkThrough(relay, body, clock),
    [Symbol.asyncDispose]: async () => {
      await relay.close();
      await op.close();
    },
  };
}

const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

test.describe('the match request', () => {
  test('POST {apiRoot}/kyc-match/v0.4/match, JSON, Bearer, x-correlator; only the non-empty fields, mapped', async () => {
    await using s = await setup();
    const req = { ...CONTRACT_MATCH_REQUEST, identity: { ...CONTRACT_MATCH_REQUEST.identity, birthdate: '' } };
    expect((await s.check(req)).status).toBe(200);
    const [call] = s.op.to(MATCH);
    expect(call!.method).toBe('POST');
    expect(call!.headers.get('content-type')).toBe('application/json');
    expect(call!.headers.get('authorization')).toBe(`Bearer ${F.ACCESS_TOKEN.access_token}`);
    expect(call!.headers.get('x-correlator')).toMatch(F.X_CORRELATOR);
    expect(call!.headers.get('x-correlator')).not.toBe('');
    expect(JSON.parse(call!.body)).toEqual({
      phoneNumber: '+33612345678',
      givenName: 'Camille',
      familyName: 'Martin',
      email: 'camille.martin@example.fr',
      gender: 'FEMALE',
      streetName: 'rue de la Paix',
      streetNumber: '12',
      postalCode: '75002',
      locality: 'Paris',
      country: 'FR',
    });
    // every request field is one the specification defines
    for (const key of Object.keys(JSON.parse(call!.body) as object))
      expect(Object.keys(F.REQUEST_EXAMPLE)).toContain(key);
  });
});

test.describe('answers', () => {
  test('exact: every field "true" scores 1, verified', async () => {
    await using s = await setup();
    const { status, json } = await s.check(CONTRACT_MATCH_REQUEST);
    expect(status).toBe(200);
    const claims = await claimsOf(json['attestation']);
    expect(claims.scores).toEqual({
      gender: 1,
      given_name: 1,
      family_name: 1,
      birthdate: 1,
      email: 1,
      address: { street_address: 1, postal_code: 1, locality: 1, country: 1 },
    });
    expect(claims.verdict).toBe('verified');
  });

  test('the documented example (partial, not_available, scores only with "false")', async () => {
    await using s = await setup();
    s.op.on(MATCH, () => ({ json: F.MATCH_200_EXAMPLE }));
    const { json } = await s.check(CONTRACT_MATCH_REQUEST);
    const claims = await claimsOf(json['attestation']);
    expect(claims.scores).toEqual(F.MATCH_200_PARSED);
    // the browser's answer: not_available is "" (not compared), like DQE's; with a given name not compared, the
    // names do not match, so the other fields are withheld from the browser (RELAY_DISCLOSE's default) while the
    // attestation keeps them (the e-mail's 0.87 among F.MATCH_200_PARSED, checked above)
    expect(json['given_name']).toBe('');
    expect(json['email']).toBe('');
    expect(json['withheld']).toContain('email');
    expect(json).not.toHaveProperty('nameMatch');
  });

  test('address.street_address is the lower of streetName and streetNumber; "false" never in the match band', async () => {
    await using s = await setup();
    s.op.on(MATCH, () => ({
      json: { ...ALL_TRUE, streetNameMatch: 'false', streetNameMatchScore: 91, streetNumberMatch: 'true' },
    }));
    // 91 out of 99 with "false": capped just below the relay's match threshold (0.9)
    expect(((await s.check(CONTRACT_MATCH_REQUEST)).json['address'] as Record<string, unknown>)['street_address']).toBe(
      0.89,
    );
    s.op.on(MATCH, () => ({ json: { ...ALL_TRUE, streetNameMatch: 'true', streetNumberMatch: 'false' } }));
    expect(((await s.check(CONTRACT_MATCH_REQUEST)).json['address'] as Record<string, unknown>)['street_address']).toBe(
      0,
    );
  });

  for (const [code, id] of F.ERROR_OUTCOMES) {
    const e = F.ERRORS[code];
    test(`documented ${e.status} ${e.code}: ${id}`, async () => {
      await using s = await setup();
      s.op.on(MATCH, () => ({ status: e.status, json: e }));
      const { status, json } = await s.check(CONTRACT_MATCH_REQUEST);
      if (id.startsWith('R')) {
        expect(status).toBe(Number(id.slice(1)));
        expect(json['error_id']).toBe(id);
      } else {
        expect(status).toBe(200);
        // the relay's own text for the id: neither CAMARA's code nor its free-text message reaches the browser
        expect(json).toEqual({ status: 'error', error_id: id, error_type: errorTypeFor(id) });
        expect(JSON.stringify(json)).not.toContain(e.message);
        expect(JSON.stringify(json)).not.toContain(e.code);
      }
      expect(s.op.to(MATCH)).toHaveLength(1);
    });
  }

  test('HTTP 429 with Retry-After: R429 with retry_after and the header, the match not retried', async () => {
    await using s = await setup();
    s.op.on(MATCH, () => ({
      status: 429,
      json: { status: 429, code: 'TOO_MANY_REQUESTS', message: 'Rate limit reached.' },
      headers: { 'retry-after': '30' },
    }));
    const { status, json } = await s.check(CONTRACT_MATCH_REQUEST);
    expect(status).toBe(429);
    expect(json).toMatchObject({ error_id: 'R429', retry_after: 30 });
    expect(s.op.to(MATCH)).toHaveLength(1);
  });

  for (const [status, expected] of [
    [429, 429],
    [500, 502],
    [503, 502],
  ] as const) {
    test(`HTTP ${status}: R${expected}, the match not retried`, async () => {
      await using s = await setup();
      s.op.on(MATCH, () => ({ status, json: { status, code: 'X', message: 'y' } }));
      expect((await s.check(CONTRACT_MATCH_REQUEST)).status).toBe(expected);
      expect(s.op.to(MATCH)).toHaveLength(1);
    });
  }

  test('no answer in time: R504', async () => {
    await using s = await setup({ timeoutMs: 300, budgetMs: 600 });
    s.op.on(MATCH, () => ({ hang: true }));
    expect((await s.check(CONTRACT_MATCH_REQUEST)).status).toBe(504);
  });

  test('401 (token expired): the token renewed once and the match retried; 401 twice is R502', async () => {
    await using s = await setup({ flows: ['client_credentials'] });
    s.op.queue(MATCH, { status: 401, json: F.ERRORS.UNAUTHENTICATED });
    expect((await s.check(CONTRACT_MATCH_REQUEST)).status).toBe(200);
    expect(s.op.to('/oauth/token')).toHaveLength(2);
    expect(s.op.to(MATCH)).toHaveLength(2);
    s.op.queue(MATCH, { status: 401, json: F.ERRORS.UNAUTHENTICATED }, { status: 401, json: F.ERRORS.UNAUTHENTICATED });
    expect((await s.check(CONTRACT_MATCH_REQUEST)).status).toBe(502);
    expect(s.op.to('/oauth/token')).toHaveLength(3);
  });
});

test.describe('the identity document (no document-number oracle)', () => {
  const WITH_DOCUMENT = {
    ...CONTRACT_MATCH_REQUEST,
    identity: { ...CONTRACT_MATCH_REQUEST.identity, id_document: 'AB123456' },
  };
  /** The browser's answer without its attestation (unique per check). */
  const shown = (json: Record<string, unknown>) => {
    const rest = { ...json };
    delete rest['attestation'];
    return rest;
  };

  test('ID_DOCUMENT_MISMATCH: rejected, every field withheld; the sealed reason says why', async () => {
    await using s = await setup();
    s.op.on(MATCH, () => ({ status: 403, json: F.ERRORS.ID_DOCUMENT_MISMATCH }));
    const { status, json } = await s.check(WITH_DOCUMENT);
    expect(status).toBe(200);
    expect(json['verdict']).toBe('rejected');
    expect(json['given_name']).toBe('');
    expect(json['family_name']).toBe('');
    expect((json['withheld'] as string[]).length).toBe(9);
    expect(JSON.parse(s.op.to(MATCH)[0]!.body)).toMatchObject({ idDocument: 'AB123456' });
    expect((await claimsOf(json['attestation'])).reasons).toContain('id_document_mismatch');
  });

  test('a names mismatch on a check with a document reads exactly like a document mismatch', async () => {
    await using s = await setup();
    s.op.queue(MATCH, { status: 403, json: F.ERRORS.ID_DOCUMENT_MISMATCH });
    s.op.queue(MATCH, {
      json: { ...ALL_TRUE, givenNameMatch: 'false', givenNameMatchScore: 12, idDocumentMatch: 'true' },
    });
    const documentWrong = await s.check(WITH_DOCUMENT);
    const namesWrong = await s.check(WITH_DOCUMENT);
    expect(shown(namesWrong.json)).toEqual(shown(documentWrong.json));
    // without a document, a names mismatch is the usual answer (the names' bands shown)
    s.op.on(MATCH, () => ({ json: { ...ALL_TRUE, givenNameMatch: 'false', givenNameMatchScore: 12 } }));
    expect((await s.check(CONTRACT_MATCH_REQUEST)).json['given_name']).not.toBe('');
  });
});

test.describe('CIBA (asynchronous: /match answers pending, /result polls the operator)', () => {
  test('bc-authorize with login_hint=tel:+33…, the scope and HTTP Basic; pending at once, then one poll per /result', async () => {
    await using s = await setup();
    s.op.queue('/oauth/token', { status: 400, json: F.CIBA_PENDING }, { status: 400, json: F.CIBA_SLOW_DOWN });
    const first = await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(first.status).toBe(200);
    expect(Object.keys(first.json).sort()).toEqual(['expires_in', 'interval', 'operator', 'state', 'status', 'token']);
    expect(first.json).toMatchObject({
      status: 'pending',
      expires_in: F.CIBA_ACK.expires_in,
      interval: F.CIBA_ACK.interval,
    });
    expect(String(first.json['token']).length).toBeLessThanOrEqual(2048);
    // nothing asked of the token endpoint yet: the subscriber is being asked
    expect(s.op.to('/oauth/token')).toHaveLength(0);
    const [auth] = s.op.to('/oauth/bc-authorize');
    expect(auth!.headers.get('authorization')).toBe(basic);
    expect(Object.fromEntries(new URLSearchParams(auth!.body))).toEqual({
      login_hint: 'tel:+33612345678',
      scope: 'openid dpv:FraudPreventionAndDetection kyc-match:match',
    });
    const poll = (body: Record<string, unknown>) =>
      fetch(`${s.relay.url}/result`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
        body: JSON.stringify({ token: body['token'], state: body['state'] }),
      }).then(async (r) => (await r.json()) as Record<string, unknown>);
    // too early: pending with the time left, the operator not asked
    expect(await poll(first.json)).toEqual({ status: 'pending', retry_after: 2 });
    expect(s.op.to('/oauth/token')).toHaveLength(0);
    s.clock.advance(2000);
    expect(await poll(first.json)).toEqual({ status: 'pending', retry_after: 2 });
    s.clock.advance(2000);
    // slow_down adds 5 s to the interval
    expect(await poll(first.json)).toEqual({ status: 'pending', retry_after: 7 });
    s.clock.advance(6000);
    expect(await poll(first.json)).toEqual({ status: 'pending', retry_after: 1 });
    s.clock.advance(1000);
    const final = await poll(first.json);
    expect(final['verdict']).toBe('verified');
    const polls = s.op.to('/oauth/token').map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(polls).toEqual(
      Array(3).fill({ grant_type: 'urn:openid:params:grant-type:ciba', auth_req_id: F.CIBA_ACK.auth_req_id }),
    );
    // delivered once
    expect((await poll(first.json))['error_id']).toBe('R409');
  });

  test('without an interval, CIBA’s default 5 s', async () => {
    await using s = await setup();
    s.op.on('/oauth/bc-authorize', () => ({ json: { auth_req_id: 'r-1', expires_in: 120 } }));
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).json['interval']).toBe(5);
  });

  test('access_denied (the subscriber refused): error 21, final, no match', async () => {
    await using s = await setup();
    s.op.queue('/oauth/token', { status: 400, json: F.CIBA_PENDING }, { status: 400, json: F.CIBA_DENIED });
    const { status, json } = await s.check(CONTRACT_MATCH_REQUEST);
    expect(status).toBe(200);
    expect(json['error_id']).toBe('21');
    expect(s.op.to(MATCH)).toHaveLength(0);
  });

  test('expired_token: the check’s timeout (HTTP 200, final)', async () => {
    await using s = await setup();
    s.op.queue('/oauth/token', { status: 400, json: F.CIBA_EXPIRED });
    const { status, json } = await s.check(CONTRACT_MATCH_REQUEST);
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'error', error_id: 'timeout' });
  });

  test('expires_in passed: timeout without asking the operator again', async () => {
    await using s = await setup();
    s.op.on('/oauth/token', () => ({ status: 400, json: F.CIBA_PENDING }));
    const first = await s.relay.match(CONTRACT_MATCH_REQUEST);
    s.clock.advance((F.CIBA_ACK.expires_in + 1) * 1000);
    const res = await fetch(`${s.relay.url}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify({ token: first.json['token'], state: first.json['state'] }),
    });
    expect(await res.json()).toMatchObject({ status: 'error', error_id: 'timeout' });
    expect(s.op.to('/oauth/token')).toHaveLength(0);
  });

  for (const [error, id] of [
    ['invalid_client', '03'],
    ['unauthorized_client', '22'],
    ['invalid_scope', '04'],
    ['unknown_user_id', '10'],
  ] as const) {
    test(`bc-authorize refused with ${error}: error ${id}`, async () => {
      await using s = await setup();
      s.op.on('/oauth/bc-authorize', () => ({ status: error === 'invalid_client' ? 401 : 400, json: { error } }));
      expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).json['error_id']).toBe(id);
    });
  }

  test('a CIBA token serves one check: every check asks the subscriber again (test/node/upstreams/camara/ciba-per-check.spec.ts)', async () => {
    await using s = await setup();
    await s.check(CONTRACT_MATCH_REQUEST);
    await s.check(CONTRACT_MATCH_REQUEST);
    await s.check({ ...CONTRACT_MATCH_REQUEST, phone: '+33698765432' });
    expect(s.op.to('/oauth/bc-authorize').map((r) => new URLSearchParams(r.body).get('login_hint'))).toEqual([
      'tel:+33612345678',
      'tel:+33612345678',
      'tel:+33698765432',
    ]);
  });
});

test.describe('client_credentials', () => {
  test('100 concurrent checks: one token request', async () => {
    await using s = await setup({ flows: ['client_credentials'] });
    s.op.on('/oauth/token', () => ({ delayMs: 50, json: F.ACCESS_TOKEN }));
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        s.relay.match({ ...CONTRACT_MATCH_REQUEST, phone: `+336${String(10_000_000 + i).padStart(8, '0')}` }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(s.op.to('/oauth/token')).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(s.op.to('/oauth/token')[0]!.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'dpv:FraudPreventionAndDetection kyc-match:match',
    });
    expect(s.op.to('/oauth/bc-authorize')).toHaveLength(0);
  });

  test('the client secret never appears in the logs', async () => {
    await using s = await setup({ flows: ['client_credentials'] });
    await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(JSON.stringify(s.logs)).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(s.logs)).not.toContain(F.ACCESS_TOKEN.access_token);
    expect(s.logs.some((l) => l['event'] === 'camara_check' && typeof l['x_correlator'] === 'string')).toBe(true);
  });
});

test('/result with a token this relay did not issue: R400, the operator not asked', async () => {
  await using s = await setup();
  expect((await s.relay.result('abc')).json['error_id']).toBe('R400');
  expect(s.op.requests.filter((r) => r.path !== '/')).toHaveLength(0);
});
