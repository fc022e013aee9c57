/**
 * The CAMARA face's KYC Match (camaraproject/KnowYourCustomerMatch r1.2, kyc-match v0.4.0: `MatchScoreResult`
 * integer 0..99 only with `"false"`; `idDocument` checked first, `KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED` /
 * `_MISMATCH`; `x-correlator` pattern `^[a-zA-Z0-9-_:;.\/<>{}]{0,256}$`), discovery (OpenID Connect Discovery 1.0,
 * CIBA Core §4), and the CAMARA registry lines.
 */
import { expect, test } from '@playwright/test';
import { Hono } from 'hono';
import {
  CAMARA_PATHS,
  CAMARA_RATE_LIMITED_NUMBER,
  CAMARA_RETRY_AFTER_SECONDS,
  CAMARA_SUBSCRIBERS,
  CAMARA_TEST_NUMBERS,
  CIBA_REFUSING_NUMBER,
  createSimulator,
  MAGIC_NUMBERS,
  SUBSCRIBERS,
} from '../../../src/testmode/index.js';
import { checkPhone } from '../../../src/protocol/phone.js';
import { CAMILLE_LINE } from '../../fixtures/subscribers.js';
import { BASE, errorText, setup } from './helpers.js';
import { accessToken, camaraSim, DOCUMENTED, ISSUER, matchCall, post, SCORE_MAX } from './camara-helpers.js';

const DOC_LINE = CAMARA_SUBSCRIBERS.find((s) => s.idDocument !== undefined)!;

/** A two-legged token (the subject then comes from `phoneNumber`). */
async function twoLegged(sim: Hono, scope?: string) {
  return accessToken(
    await post(sim, CAMARA_PATHS.token, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
  );
}

test.describe('KYC Match', () => {
  test('served at v0.4 and v0.3 alike', async () => {
    const { sim } = camaraSim();
    const token = await twoLegged(sim);
    const body = { phoneNumber: CAMILLE_LINE.phone, givenName: 'Camille', familyName: 'Martin' };
    const answers = await Promise.all(
      [CAMARA_PATHS.match, CAMARA_PATHS.matchV03].map(
        async (path) => (await matchCall(sim, token, body, path)).json() as Promise<unknown>,
      ),
    );
    expect(answers[0]).toEqual({ givenNameMatch: 'true', familyNameMatch: 'true' });
    expect(answers[1]).toEqual(answers[0]);
  });

  test('a partial match is "false" with an integer score at most 99; an exact one "true" without score', async () => {
    const { sim } = camaraSim();
    const token = await twoLegged(sim);
    const res = await matchCall(sim, token, {
      phoneNumber: CAMILLE_LINE.phone,
      givenName: 'Camile',
      familyName: 'Martin',
      locality: 'Parys',
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['familyNameMatch']).toBe('true');
    expect(body['familyNameMatchScore']).toBeUndefined();
    for (const field of ['givenName', 'locality']) {
      expect(body[`${field}Match`]).toBe('false');
      const score = body[`${field}MatchScore`];
      expect(Number.isInteger(score)).toBe(true);
      expect(score as number).toBeGreaterThan(0);
      expect(score as number).toBeLessThanOrEqual(SCORE_MAX);
    }
  });

  test('x-correlator is echoed when it has the r1.2 pattern, not otherwise', async () => {
    const { sim } = camaraSim();
    const token = await twoLegged(sim);
    const body = { phoneNumber: CAMILLE_LINE.phone, givenName: 'Camille' };
    const good = 'req:42;a.b/c<d>{e}_f-g';
    expect(
      (await matchCall(sim, token, body, CAMARA_PATHS.match, { 'x-correlator': good })).headers.get('x-correlator'),
    ).toBe(good);
    const bad = await matchCall(sim, token, body, CAMARA_PATHS.match, { 'x-correlator': 'a b"c' });
    expect(bad.headers.get('x-correlator')).toBeNull();
    // errors echo it too
    const denied = await matchCall(sim, 'nope', body, CAMARA_PATHS.match, { 'x-correlator': good });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('x-correlator')).toBe(good);
  });

  test('a token without the kyc-match:match scope: 403 PERMISSION_DENIED', async () => {
    const { sim } = camaraSim();
    const token = await twoLegged(sim, 'openid dpv:FraudPreventionAndDetection');
    const res = await matchCall(sim, token, { phoneNumber: CAMILLE_LINE.phone, givenName: 'Camille' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(DOCUMENTED.PERMISSION_DENIED);
  });

  test('an expired token: 401 UNAUTHENTICATED', async () => {
    const { sim, clock } = camaraSim({ tokenTtlSeconds: 60 });
    const token = await twoLegged(sim);
    clock.advance(60_000);
    const res = await matchCall(sim, token, { phoneNumber: CAMILLE_LINE.phone, givenName: 'Camille' });
    expect(await res.json()).toEqual(DOCUMENTED.UNAUTHENTICATED);
  });

  test(`${CAMARA_RATE_LIMITED_NUMBER}: 429 TOO_MANY_REQUESTS with Retry-After: ${CAMARA_RETRY_AFTER_SECONDS}`, async () => {
    const { sim } = camaraSim();
    const token = await twoLegged(sim);
    const res = await matchCall(sim, token, { phoneNumber: CAMARA_RATE_LIMITED_NUMBER, givenName: 'X' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual(DOCUMENTED.TOO_MANY_REQUESTS);
  });

  test.describe(`${DOC_LINE.phone}: the operator requires the identity document`, () => {
    const r = DOC_LINE.record;
    const fields = { phoneNumber: DOC_LINE.phone, givenName: r.firstname, familyName: r.lastname };

    test('without idDocument: 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED', async () => {
      const { sim } = camaraSim();
      const res = await matchCall(sim, await twoLegged(sim), fields);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual(DOCUMENTED.ID_DOCUMENT_REQUIRED);
    });

    test('with another document: 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH, before the other fields', async () => {
      const { sim } = camaraSim();
      const res = await matchCall(sim, await twoLegged(sim), { ...fields, idDocument: 'Z9ZZZZZZ9' });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual(DOCUMENTED.ID_DOCUMENT_MISMATCH);
    });

    test('with the right one (written with spaces, dots or dashes, any case): the scores and idDocumentMatch "true"', async () => {
      const { sim } = camaraSim();
      const written = DOC_LINE.idDocument!.toLowerCase().replace(/^(...)(...)/, '$1 $2-');
      const res = await matchCall(sim, await twoLegged(sim), { ...fields, idDocument: written });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ idDocumentMatch: 'true', givenNameMatch: 'true', familyNameMatch: 'true' });
    });
  });

  test('an idDocument sent for an operator that holds none: idDocumentMatch "not_available"', async () => {
    const { sim } = camaraSim();
    const res = await matchCall(sim, await twoLegged(sim), {
      phoneNumber: CAMILLE_LINE.phone,
      givenName: 'Camille',
      idDocument: 'X4RTBPFW4',
    });
    expect(await res.json()).toEqual({ idDocumentMatch: 'not_available', givenNameMatch: 'true' });
  });

  test('a non-string idDocument is INVALID_ARGUMENT', async () => {
    const { sim } = camaraSim();
    const res = await matchCall(sim, await twoLegged(sim), { phoneNumber: DOC_LINE.phone, idDocument: 42 });
    expect(res.status).toBe(400);
  });
});

test.describe('discovery', () => {
  test('the OpenID configuration names this issuer, its endpoints and what it supports', async () => {
    const { sim } = camaraSim();
    const res = await sim.request(`${BASE}${CAMARA_PATHS.discovery}`);
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, unknown>;
    expect(d).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/token`,
      backchannel_authentication_endpoint: `${ISSUER}/bc-authorize`,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
      backchannel_token_delivery_modes_supported: ['poll'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(d['grant_types_supported']).toEqual(
      expect.arrayContaining(['authorization_code', 'urn:openid:params:grant-type:ciba', 'client_credentials']),
    );
    expect(d['scopes_supported']).toEqual(expect.arrayContaining(['openid', 'kyc-match:match']));
    // every endpoint it names answers
    expect((await sim.request(`${BASE}${CAMARA_PATHS.token}`, { method: 'POST' })).status).not.toBe(404);
    expect((await sim.request(d['jwks_uri'] as string)).status).toBe(200);
  });

  test('the authorization endpoint is the browser-facing one when publicUrl is set; the others stay where called', async () => {
    const sim = createSimulator({ publicUrl: 'http://localhost:5173/simulator/' });
    const parent = new Hono();
    parent.route('/simulator', sim);
    const d = (await (
      await parent.request('http://127.0.0.1:8787/simulator/camara/.well-known/openid-configuration')
    ).json()) as Record<string, string>;
    expect(d['authorization_endpoint']).toBe('http://localhost:5173/simulator/camara/authorize');
    expect(d['issuer']).toBe('http://127.0.0.1:8787/simulator/camara');
    expect(d['token_endpoint']).toBe('http://127.0.0.1:8787/simulator/camara/token');
  });

  test('RFC 8414 oauth-authorization-server answers the same document', async () => {
    const { sim } = camaraSim();
    const a = (await (await sim.request(`${BASE}${CAMARA_PATHS.discovery}`)).json()) as unknown;
    const b = (await (await sim.request(`${BASE}/camara/.well-known/oauth-authorization-server`)).json()) as unknown;
    expect(b).toEqual(a);
  });
});

test.describe('the CAMARA registry lines', () => {
  test('every test number is a French mobile the widget accepts, distinct from the DQE table and the magic numbers', () => {
    const taken = new Set([...SUBSCRIBERS.map((s) => s.phone), ...MAGIC_NUMBERS.map((m) => m.phone)]);
    const numbers = CAMARA_TEST_NUMBERS.map((n) => n.phone);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of CAMARA_TEST_NUMBERS) {
      const checked = checkPhone(n.phone);
      expect(checked.ok, n.phone).toBe(true);
      expect(n.phone).toMatch(/^\+33[67]/);
      if (n.phone !== CIBA_REFUSING_NUMBER) expect(taken.has(n.phone), n.phone).toBe(false);
      expect(n.flows.length).toBeGreaterThan(0);
    }
    for (const s of CAMARA_SUBSCRIBERS) expect(numbers).toContain(s.phone);
  });

  test('one line per v3 behaviour: approve, refuse, never, another line, document, SIM swap, 429', () => {
    expect(CAMARA_SUBSCRIBERS.filter((s) => s.ciba === 'refuse')).toHaveLength(1);
    expect(CAMARA_SUBSCRIBERS.filter((s) => s.ciba === 'never')).toHaveLength(1);
    expect(CAMARA_SUBSCRIBERS.filter((s) => s.simSwap === 'not_supported')).toHaveLength(1);
    expect(CAMARA_SUBSCRIBERS.filter((s) => typeof s.simSwap === 'object')).toHaveLength(1);
    expect(CAMARA_SUBSCRIBERS.filter((s) => s.deviceLine)).toHaveLength(1);
    expect(CAMARA_SUBSCRIBERS.filter((s) => s.idDocument)).toHaveLength(1);
    expect(CAMARA_TEST_NUMBERS.map((n) => n.phone)).toContain(CAMARA_RATE_LIMITED_NUMBER);
  });

  test('the DQE face does not know the CAMARA lines (its table is unchanged) but the SIM-swap ones: error 10', async () => {
    const { match } = await setup();
    const signalLines = new Set(CAMARA_SUBSCRIBERS.filter((s) => s.simSwap !== undefined).map((s) => s.phone));
    for (const n of CAMARA_TEST_NUMBERS.filter((x) => x.phone.startsWith('+337') && !signalLines.has(x.phone))) {
      expect(await (await match(n.phone)).text()).toBe(errorText('10'));
    }
  });

  test('the index page lists the CAMARA lines', async () => {
    const text = await (await createSimulator().request(`${BASE}/`)).text();
    for (const n of CAMARA_TEST_NUMBERS) expect(text).toContain(n.phone);
    expect(text).toContain(DOC_LINE.idDocument!);
  });
});
