/**
 * Conformance, DQE: the relay over HTTP against a stand-in that answers exactly the shapes of DQE's help centre
 * (fixtures/dqe.ts), for every documented answer of the token endpoint, `/IDMOBILE/` and `/GET/`.
 */
import { expect, test } from '@playwright/test';
import { errorTypeFor } from '../../../src/relay/error-types.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import { CHECK_NONCE } from '../relay/fake-upstream.js';
import * as F from './fixtures/dqe.js';
import { claimsOf } from './stand-in.js';
import { LICENCE, SECRET, setupDqe } from './dqe/setup.js';

/** The documented stand-in and the relay in front of it (dqe/setup.ts, shared with the rough-edges suites). */
const setup = setupDqe;

test.describe('token endpoint', () => {
  test('the documented success (expires_in a string): one token request, then reused', async () => {
    await using s = await setup();
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).status).toBe(200);
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).status).toBe(200);
    expect(s.dqe.to('/ACCESS_TOKEN/')).toHaveLength(1);
    const form = new URLSearchParams(s.dqe.to('/ACCESS_TOKEN/')[0]!.body);
    expect(Object.fromEntries(form)).toEqual({
      licence: LICENCE,
      client_secret: SECRET,
      grant_type: 'client_idmobile',
    });
    expect(new URLSearchParams(s.dqe.to('/IDMOBILE/')[0]!.body).get('token')).toBe(F.TOKEN_SUCCESS.access_token);
  });

  test('the older page’s success with "status":"success" works too', async () => {
    await using s = await setup();
    s.dqe.on('/ACCESS_TOKEN/', () => ({ json: F.TOKEN_SUCCESS_WITH_STATUS }));
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).status).toBe(200);
    expect(new URLSearchParams(s.dqe.to('/IDMOBILE/')[0]!.body).get('token')).toBe(
      F.TOKEN_SUCCESS_WITH_STATUS.access_token,
    );
  });

  for (const e of F.TOKEN_ERROR_TABLE.filter((t) => t.id !== '30')) {
    for (const status of [200, 400]) {
      test(`documented token error ${e.id} (HTTP ${status}): answered as error ${e.id}, /IDMOBILE/ never called`, async () => {
        await using s = await setup();
        s.dqe.on('/ACCESS_TOKEN/', () => ({ status, json: F.errorBody(e) }));
        const { status: http, json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
        expect(http).toBe(200);
        expect(json).toEqual({ status: 'error', error_id: e.id, error_type: errorTypeFor(e.id) });
        expect(s.dqe.to('/IDMOBILE/')).toHaveLength(0);
      });
    }
  }

  test('credits exhausted (98, the documented example): answered, and an operations alert in the log', async () => {
    await using s = await setup();
    s.dqe.on('/ACCESS_TOKEN/', () => ({ json: F.TOKEN_ERROR_98 }));
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).json['error_id']).toBe('98');
    const alert = s.logs.find((l) => l['event'] === 'dqe_credits_exhausted');
    expect(alert).toMatchObject({ level: 'error', alert: 'operations', error_id: '98' });
  });

  test('a parameter typo answers 500 per the token page: R502, and no secret in the logs', async () => {
    await using s = await setup();
    s.dqe.on('/ACCESS_TOKEN/', () => ({ status: 500, text: 'Internal Server Error' }));
    const { status, json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(status).toBe(502);
    expect(json['error_id']).toBe('R502');
    const all = JSON.stringify(s.logs);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(LICENCE);
  });
});

test.describe('/IDMOBILE/', () => {
  for (const [name, body] of [
    ['example (address numbers)', F.MATCH_SCORES_EXAMPLE],
    ['table (address STRING(3))', F.MATCH_SCORES_TABLE],
  ] as const) {
    test(`documented scores, ${name}: the seed's shape rebuilt, with an attestation of the parsed scores`, async () => {
      await using s = await setup();
      s.dqe.on('/IDMOBILE/', () => ({ json: body }));
      const { status, json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
      expect(status).toBe(200);
      const { attestation, verdict, disclosure, ...scores } = json;
      expect(verdict).toBe('verified');
      expect(disclosure).toBe('scores');
      expect(scores).toEqual({
        gender: '',
        given_name: 1,
        family_name: 1,
        birthdate: 1,
        email: 1,
        address: { street_address: 0.56, postal_code: 0.78, locality: 0.44, country: 1 },
      });
      const claims = await claimsOf(attestation);
      expect(claims.scores).toEqual(F.MATCH_SCORES_PARSED);
    });
  }

  test('the documented consent answer: passed on rebuilt (operator, url)', async () => {
    await using s = await setup();
    s.dqe.on('/IDMOBILE/', () => ({ json: { ...F.CONSENT, extra: 'never passed on' } }));
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).json).toEqual(F.CONSENT);
  });

  for (const e of F.MATCH_ERROR_TABLE.filter((t) => t.id !== '30')) {
    test(`documented error ${e.id}: answered with its id and the relay's own text (DQE's is logged)`, async () => {
      await using s = await setup();
      s.dqe.on('/IDMOBILE/', () => ({ json: F.errorBody(e) }));
      const { status, json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
      expect(status).toBe(200);
      expect(json).toEqual({ status: 'error', error_id: e.id, error_type: errorTypeFor(e.id) });
      expect(JSON.stringify(json)).not.toContain('[Orange]'); // DQE's label names the operator
      expect(s.logs.some((l) => l['event'] === 'upstream_error' && l['error_type'] === e.type)).toBe(true);
      expect(s.dqe.to('/IDMOBILE/')).toHaveLength(1);
    });
  }

  test('error 30 (token expired): renewed once and retried; a second 30 is R502 and the token dropped', async () => {
    await using s = await setup();
    const e30 = F.errorBody({ id: '30', type: 'invalid or expired token' });
    s.dqe.queue('/IDMOBILE/', { json: e30 });
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).status).toBe(200);
    expect(s.dqe.to('/ACCESS_TOKEN/')).toHaveLength(2);
    expect(s.dqe.to('/IDMOBILE/')).toHaveLength(2);
    s.dqe.queue('/IDMOBILE/', { json: e30 }, { json: e30 });
    const twice = await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(twice.status).toBe(502);
    expect(s.dqe.to('/ACCESS_TOKEN/')).toHaveLength(3);
    expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).status).toBe(200);
    expect(s.dqe.to('/ACCESS_TOKEN/')).toHaveLength(4);
  });

  test('the form is the documented one: every user_infos key, mode 2, scope matching_notp, redirect_uri, code_name', async () => {
    await using s = await setup();
    await s.relay.match(CONTRACT_MATCH_REQUEST);
    const form = new URLSearchParams(s.dqe.to('/IDMOBILE/')[0]!.body);
    expect([...form.keys()].sort()).toEqual(
      ['licence', 'token', 'number', 'mode', 'name', 'scope', 'redirect_uri', 'code_name', 'user_infos'].sort(),
    );
    // the check's nonce, which the retrieval answer echoes (consent path binding)
    expect(form.get('code_name')).toMatch(/^[0-9a-f]{32}$/);
    expect(form.get('mode')).toBe('2');
    expect(form.get('scope')).toBe('matching_notp');
    expect(Object.keys(JSON.parse(form.get('user_infos')!) as object).sort()).toEqual(
      [
        'street_address',
        'number',
        'postal_code',
        'locality',
        'country',
        'birthdate',
        'email',
        'lastname',
        'maiden_name',
        'gender',
        'firstname',
        'phone',
      ].sort(),
    );
  });

  for (const [format, number] of [
    ['e164', '+33612345678'],
    ['international', '33612345678'],
    ['national', '0612345678'],
  ] as const) {
    test(`DQE_NUMBER_FORMAT=${format}: number=${number}`, async () => {
      await using s = await setup({ numberFormat: format });
      await s.relay.match(CONTRACT_MATCH_REQUEST);
      expect(new URLSearchParams(s.dqe.to('/IDMOBILE/')[0]!.body).get('number')).toBe(number);
    });
  }

  test('an answer of no documented shape is R502, and none of it reaches the browser', async () => {
    await using s = await setup();
    s.dqe.on('/IDMOBILE/', () => ({ json: { status: 'success', leaked: 'secret-ish' } }));
    const { status, json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(status).toBe(502);
    expect(JSON.stringify(json)).not.toContain('leaked');
  });

  test('extra keys next to documented scores never reach the browser', async () => {
    await using s = await setup();
    s.dqe.on('/IDMOBILE/', () => ({ json: { ...F.MATCH_SCORES_EXAMPLE, subscriber: 'Camille Martin', sub: '42' } }));
    const { json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(Object.keys(json).sort()).toEqual(
      [
        'gender',
        'given_name',
        'family_name',
        'birthdate',
        'email',
        'address',
        'attestation',
        'verdict',
        'disclosure',
      ].sort(),
    );
  });
});

test.describe('/GET/ (after consent)', () => {
  const TOKEN = '*TK9bd&Licence=x+y=/z~'; // opaque: DQE's own tokens hold `*`; must travel URL-encoded

  test('the documented query: token, Licence (capital L), scope = DQE_RESULT_SCOPE (default matching_notp)', async () => {
    await using s = await setup();
    s.dqe.on('/GET/', () => ({ json: F.RETRIEVAL_PENDING }));
    expect((await s.relay.result(TOKEN)).json).toEqual({ status: 'pending' });
    const q = s.dqe.to('/GET/')[0]!.query;
    expect([...q.keys()]).toEqual(F.RETRIEVAL_QUERY_KEYS);
    expect(q.get('token')).toBe(TOKEN);
    expect(q.get('Licence')).toBe(LICENCE);
    expect(q.get('scope')).toBe('matching_notp');
  });

  test('DQE_RESULT_SCOPE=client_idmobile is sent as configured', async () => {
    await using s = await setup({ resultScope: 'client_idmobile' });
    s.dqe.on('/GET/', () => ({ json: { ...F.RETRIEVAL_PENDING, scope: 'client_idmobile' } }));
    await s.relay.result('abc');
    expect(s.dqe.to('/GET/')[0]!.query.get('scope')).toBe('client_idmobile');
  });

  // DQE echoes the `code_name` sent with `/IDMOBILE/`: here the nonce of the check whose state `result` sends
  for (const [name, body] of [
    ['wrapped under "matching"', { ...F.RETRIEVAL_WRAPPED, code_name: CHECK_NONCE }],
    ['wrapped under "matching_notp"', { ...F.RETRIEVAL_WRAPPED_NOTP, code_name: CHECK_NONCE }],
  ] as const) {
    test(`the documented result, ${name}, echoing the check's code_name: scores and an attestation`, async () => {
      await using s = await setup();
      s.dqe.on('/GET/', () => ({ json: body }));
      const { status, json } = await s.relay.result('abc');
      expect(status).toBe(200);
      expect(json['address']).toEqual({ street_address: 0.91, postal_code: 1, locality: 1, country: 1 });
      expect(json).not.toHaveProperty('name');
      expect(json).not.toHaveProperty('code_name');
      const claims = await claimsOf(json['attestation']);
      expect(claims.scores).toEqual(F.RETRIEVAL_WRAPPED_PARSED);
      expect(claims.path).toBe('consent');
    });
  }

  for (const [name, body] of [
    ['as documented (code_name "", not this check\'s)', F.RETRIEVAL_WRAPPED],
    ['bare (no code_name)', F.RETRIEVAL_WRAPPED.matching],
  ] as const) {
    test(`the documented result, ${name}: R502, logged consent_unbound`, async () => {
      await using s = await setup();
      s.dqe.on('/GET/', () => ({ json: body }));
      const { status, json } = await s.relay.result('abc');
      expect(status).toBe(502);
      expect(json['error_id']).toBe('R502');
      expect(json).not.toHaveProperty('attestation');
      expect(s.relay.logs.some((l) => l['event'] === 'consent_unbound')).toBe(true);
    });
  }

  test('DQE_CONSENT_BINDING=off: the bare result is served, signed with path consent-unbound', async () => {
    await using s = await setup({}, { consentBinding: 'off' });
    s.dqe.on('/GET/', () => ({ json: F.RETRIEVAL_WRAPPED.matching }));
    const { status, json } = await s.relay.result('abc');
    expect(status).toBe(200);
    const claims = await claimsOf(json['attestation'], { acceptUnboundConsent: true });
    expect(claims.path).toBe('consent-unbound');
    expect(claims.scores).toEqual(F.RETRIEVAL_WRAPPED_PARSED);
  });

  for (const e of F.RETRIEVAL_ERROR_TABLE) {
    test(`documented retrieval error ${e.id}: answered with its id and the relay's text`, async () => {
      await using s = await setup();
      s.dqe.on('/GET/', () => ({ json: F.errorBody(e) }));
      expect((await s.relay.result('abc')).json).toEqual({
        status: 'error',
        error_id: e.id,
        error_type: errorTypeFor(e.id),
      });
    });
  }

  for (const body of [F.RETRIEVAL_ERROR_99, F.RETRIEVAL_ERROR_20]) {
    test(`documented retrieval example ${body.error_id}: its id with the relay's text`, async () => {
      await using s = await setup();
      s.dqe.on('/GET/', () => ({ json: body }));
      expect((await s.relay.result('abc')).json).toEqual({
        status: 'error',
        error_id: body.error_id,
        error_type: errorTypeFor(body.error_id),
      });
    });
  }
});
