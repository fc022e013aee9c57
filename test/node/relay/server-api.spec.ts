/**
 * The server API (`POST /sessions`, `POST /verify`): only with `RELAY_API_KEY`, only for backends (any `Origin`
 * refused, never a CORS header), Bearer key compared in constant time, answers as the contract writes them: ONE
 * error format, `{success: false, error_codes: [code]}` (+ `field` for `invalid_request`) with the refusal's HTTP
 * status; a verification that fails answers 200. The fail-closed rules of `/verify`: verify.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { FIELD_PATHS } from '../../../src/protocol/fields.js';
import { createMemoryStore } from '../../../src/relay/store/memory.js';
import type { RelayStore } from '../../../src/relay/store/types.js';
import { verifyAttestation } from '../../../src/relay/trust/verify.js';
import { ATTESTATION_SECRET, CAMILLE_SCORES_SEALED, MATCH_BODY, ORDER, RELAY_URL, harness } from './fake-upstream.js';
import { JEAN_PIERRE_LINE } from '../../fixtures/subscribers.js';

const API_KEY = 'server-api-key-0123456789abcdef0123456789';
type Json = Record<string, unknown>;

function api(options: Parameters<typeof harness>[0] = { apiKey: API_KEY }) {
  const h = harness(options);
  const call = (path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
    h.relay.request(`${RELAY_URL}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, ...headers },
      ...(method === 'POST' ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return { ...h, call };
}

/** The server API's refusal: the one error format, nothing else in the body. */
const refusal = (code: string, field?: string) => ({
  success: false,
  error_codes: [code],
  ...(field !== undefined && { field }),
});

test('without RELAY_API_KEY the server API does not exist (404 not_found)', async () => {
  const { call } = api({});
  for (const path of ['/sessions', '/verify']) {
    const res = await call(path, { reference: 'x' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(refusal('not_found'));
  }
});

test('missing or wrong key: 401 unauthorized with WWW-Authenticate, nothing created', async () => {
  const { call } = api();
  for (const authorization of ['', 'Bearer', `Bearer ${API_KEY}x`, `bearer ${API_KEY}`, `Basic ${API_KEY}`, API_KEY]) {
    for (const path of ['/sessions', '/verify']) {
      const res = await call(path, { reference: 'order-1' }, { authorization });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toEqual(refusal('unauthorized'));
    }
  }
});

test('any Origin header: 403 origin_forbidden, and no CORS header, preflight included', async () => {
  const { call, relay } = api();
  for (const origin of ['https://shop.example', 'null', 'https://evil.example']) {
    for (const path of ['/sessions', '/verify']) {
      const res = await call(path, { reference: 'order-1' }, { origin });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual(refusal('origin_forbidden'));
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  }
  const preflight = await relay.request(`${RELAY_URL}/verify`, {
    method: 'OPTIONS',
    headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
  });
  expect(preflight.status).toBe(403);
  expect([...preflight.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
});

test('POST /sessions: 201 with the session, the reference and its expiry', async () => {
  const { call } = api();
  const res = await call('/sessions', { reference: 'order-1234', ttl_seconds: 600, max_checks: 3 });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { session: string; reference: string; expires_at: string };
  expect(Object.keys(body).sort()).toEqual(['expires_at', 'reference', 'session']);
  expect(body.reference).toBe('order-1234');
  expect(body.session).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  const ttl = Date.parse(body.expires_at) - Date.now();
  expect(ttl).toBeGreaterThan(590_000);
  expect(ttl).toBeLessThan(610_000);
});

const badSessions: Array<[string, unknown, string]> = [
  ['no reference', {}, 'reference'],
  ['empty reference', { reference: '' }, 'reference'],
  ['reference too long', { reference: 'x'.repeat(129) }, 'reference'],
  ['reference with a control character', { reference: 'a\nb' }, 'reference'],
  ['reference not a string', { reference: 42 }, 'reference'],
  ['ttl too short', { reference: 'r', ttl_seconds: 59 }, 'ttl_seconds'],
  ['ttl too long', { reference: 'r', ttl_seconds: 86_401 }, 'ttl_seconds'],
  ['ttl not whole', { reference: 'r', ttl_seconds: 100.5 }, 'ttl_seconds'],
  ['max_checks 0', { reference: 'r', max_checks: 0 }, 'max_checks'],
  ['max_checks 21', { reference: 'r', max_checks: 21 }, 'max_checks'],
  ['max_checks a string', { reference: 'r', max_checks: '5' }, 'max_checks'],
];
for (const [name, body, field] of badSessions) {
  test(`POST /sessions refuses ${name} (400 invalid_request naming the field)`, async () => {
    const { call } = api();
    const res = await call('/sessions', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(refusal('invalid_request', field));
  });
}

test('POST /verify: codes for a missing, malformed, forged or expired attestation', async () => {
  let clock = Date.now();
  const h = api({ apiKey: API_KEY, now: () => clock });
  const call = h.call;
  const match = () => h.match();
  const verify = async (body: Json) =>
    (await (await call('/verify', { phone: MATCH_BODY.phone, identity: MATCH_BODY.identity, ...body })).json()) as Json;
  expect(await verify({})).toEqual({ success: false, error_codes: ['missing_attestation'] });
  expect(await verify({ attestation: '' })).toEqual({ success: false, error_codes: ['missing_attestation'] });
  expect(await verify({ attestation: 'abc' })).toEqual({ success: false, error_codes: ['malformed'] });
  expect(await verify({ attestation: 42 })).toEqual({ success: false, error_codes: ['malformed'] });
  const { attestation } = (await (await match()).json()) as { attestation: string };
  const [head, p, s] = attestation.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Json;
  const forged = `${head}.${Buffer.from(JSON.stringify({ ...payload, verdict: 'verified', ref: 'x' })).toString('base64url')}.${s}`;
  expect(await verify({ attestation: forged })).toEqual({ success: false, error_codes: ['signature'] });
  const none = `${Buffer.from('{"alg":"none","typ":"idmobile-attestation+jwt"}').toString('base64url')}.${p}.`;
  expect(await verify({ attestation: none })).toMatchObject({ success: false });
  clock += 16 * 60_000;
  expect(await verify({ attestation })).toEqual({ success: false, error_codes: ['expired'] });
});

test('POST /verify: binding codes together, and the body of a success exactly as the contract writes it', async () => {
  const h = api();
  const call = h.call;
  const { attestation } = (await (await h.match()).json()) as { attestation: string };
  const bad = await call('/verify', {
    attestation,
    phone: JEAN_PIERRE_LINE.phone,
    identity: { ...MATCH_BODY.identity, email: 'someone@else.example' },
    reference: 'order-1',
  });
  expect(bad.status).toBe(200);
  expect(await bad.json()).toEqual({
    success: false,
    error_codes: ['phone_mismatch', 'identity_mismatch', 'reference_mismatch'],
    mismatched: ['email'],
  });
  const started = Date.now();
  const res = await call('/verify', { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity });
  expect(res.status).toBe(200);
  const { checked_at: checkedAt, ...ok } = (await res.json()) as Json;
  expect(ok).toEqual({
    success: true,
    verdict: 'verified',
    mode: 'dqe',
    reference: null,
    // EVERY score, from the sealed claim (the gender was not compared)
    scores: CAMILLE_SCORES_SEALED,
    withheld: [],
    path: 'direct',
    issuer: 'idmobile-relay',
    // the phone and every identity field the request sent non-empty, in the contract's order
    checked: ['phone', ...FIELD_PATHS],
    signals: {},
    reasons: ['names_match'],
  });
  expect(String(checkedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(Math.abs(Date.parse(String(checkedAt)) - started)).toBeLessThan(5_000);
});

test('POST /verify: every score and the final verdict come from the sealed claim, not the clear claims', async () => {
  // on-name-match disclosure, names that do not reach the partial band: every other field withheld from the
  // browser (and from the attestation's clear scores), yet /verify answers all of them
  const h = api({ apiKey: API_KEY, policy: { disclose: 'on-name-match' } });
  h.upstream.script.IDMOBILE.push({
    json: {
      family_name: 0.3,
      given_name: 1,
      gender: 1,
      birthdate: 1,
      email: 1,
      address: { street_address: '1', postal_code: '1', locality: '1', country: '1' },
    },
  });
  const body = (await (await h.match()).json()) as Json;
  expect(body['birthdate']).toBe('');
  expect(body['withheld']).toContain('birthdate');
  const payload = JSON.parse(Buffer.from(String(body['attestation']).split('.')[1]!, 'base64url').toString()) as {
    scores: { birthdate: unknown };
  };
  expect(payload.scores.birthdate).toBeNull();
  const res = (await (
    await h.call('/verify', {
      attestation: body['attestation'],
      phone: MATCH_BODY.phone,
      identity: MATCH_BODY.identity,
      accept: ['rejected'],
    })
  ).json()) as Json;
  expect(res).toMatchObject({
    success: true,
    verdict: 'rejected',
    scores: { family_name: 0.3, given_name: 1, gender: 1, birthdate: 1, email: 1, address: { postal_code: 1 } },
    reasons: ['names_mismatch'],
  });
  expect(res['withheld']).toEqual(body['withheld']);
});

test('POST /verify: scores are rounded to hundredths, in the browser answer and the sealed claim alike', async () => {
  const h = api({ apiKey: API_KEY, policy: { disclose: 'on-name-match' } }); // percentages in the browser's answer
  h.upstream.script.IDMOBILE.push({
    json: {
      family_name: 0.987654,
      given_name: 0.912345,
      gender: '',
      birthdate: 0.005,
      email: '',
      address: { street_address: '', postal_code: '', locality: '', country: '' },
    },
  });
  const body = (await (await h.match()).json()) as Json;
  expect([body['given_name'], body['family_name'], body['birthdate']]).toEqual([0.91, 0.99, 0.01]);
  const res = (await (
    await h.call('/verify', {
      attestation: body['attestation'],
      phone: MATCH_BODY.phone,
      identity: MATCH_BODY.identity,
      accept: ['verified', 'inconclusive', 'rejected'],
    })
  ).json()) as { scores: Json };
  expect(res.scores).toMatchObject({ given_name: 0.91, family_name: 0.99, birthdate: 0.01 });
});

test('POST /verify: a bad request is refused in the one error format, never a crash', async () => {
  const { call } = api({ apiKey: API_KEY, maxBodyBytes: 2048 });
  const check = async (res: Response, status: number, expected: Json) => {
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual(expected);
  };
  await check(await call('/verify', '{'), 400, refusal('invalid_request'));
  await check(await call('/verify', { attestation: 'a.b.c', phone: 12 }), 400, refusal('invalid_request', 'phone'));
  await check(
    await call('/verify', { attestation: 'a.b.c', identity: 'Camille' }),
    400,
    refusal('invalid_request', 'identity'),
  );
  await check(
    await call('/verify', { attestation: 'a.b.c', accept_unbound_consent: 'yes' }),
    400,
    refusal('invalid_request', 'accept_unbound_consent'),
  );
  await check(await call('/verify', 'x', { 'content-type': 'text/plain' }), 415, refusal('unsupported_media_type'));
  await check(await call('/verify', { attestation: 'x'.repeat(4096) }), 413, refusal('payload_too_large'));
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const res = await call('/verify', null, {}, method);
    expect(res.headers.get('allow')).toBe('POST');
    await check(res, 405, refusal('method_not_allowed'));
  }
});

test('POST /verify: a store that cannot mark the attestation used is 503 store_unavailable (fails closed)', async () => {
  let broken = false;
  const memory = createMemoryStore();
  const store: RelayStore = {
    ...memory,
    mark: (key, ttlMs) => (broken ? Promise.reject(new Error('ECONNREFUSED')) : memory.mark(key, ttlMs)),
  };
  const h = api({ apiKey: API_KEY, store });
  const { attestation } = (await (await h.match()).json()) as { attestation: string };
  broken = true;
  const order = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity };
  const res = await h.call('/verify', order);
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual(refusal('store_unavailable'));
  // nothing was marked: once the store is back, the attestation verifies (once)
  broken = false;
  expect(await (await h.call('/verify', order)).json()).toMatchObject({ success: true });
  expect(await (await h.call('/verify', order)).json()).toEqual({ success: false, error_codes: ['duplicate'] });
});

test("a failure of the relay itself on a server route: 500 in the server API's format, not the browser's", async () => {
  const memory = createMemoryStore();
  // a bug, not an outage: the relay fails, and the merchant's backend still reads { success, error_codes }
  const store: RelayStore = { ...memory, mark: () => Promise.reject(new TypeError('not a function')) };
  const h = api({ apiKey: API_KEY, store });
  const { attestation } = (await (await h.match()).json()) as { attestation: string };
  const res = await h.call('/verify', { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity });
  expect(res.status).toBe(500);
  expect(await res.json()).toEqual(refusal('internal_error'));
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
});

test('in process: createCheckSession and verifyAttestation agree with the HTTP API', async () => {
  const { createCheckSession } = await import('../../../src/relay/trust/sessions.js');
  const h = api({ apiKey: API_KEY, requireSession: true });
  const { session, reference, expires_at } = await createCheckSession(ATTESTATION_SECRET, { reference: 'cart-9' });
  expect(reference).toBe('cart-9');
  expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(1790_000);
  const { attestation } = (await (await h.match({ ...MATCH_BODY, session })).json()) as { attestation: string };
  const order = { phone: MATCH_BODY.phone, identity: MATCH_BODY.identity, reference: 'cart-9' };
  // `replay` is required: a verifier must say whether it makes verification single use
  await expect(
    verifyAttestation(attestation, ATTESTATION_SECRET, order as unknown as Parameters<typeof verifyAttestation>[2]),
  ).rejects.toThrow(/replay/);
  const inProcess = await verifyAttestation(attestation, ATTESTATION_SECRET, { ...order, replay: false });
  expect(inProcess).toMatchObject({ success: true, reference: 'cart-9', single_use: false });
  if (!inProcess.success) throw new Error('refused');
  expect(inProcess.jti).toBe(
    (JSON.parse(Buffer.from(attestation.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti,
  );
  // the HTTP answer is the in-process one without `jti` and `single_use`
  const same = Object.fromEntries(Object.entries(inProcess).filter(([k]) => k !== 'jti' && k !== 'single_use'));
  expect(await (await h.call('/verify', { attestation, ...order })).json()).toEqual(same);
  // the in-process store makes it single use as /verify does
  const replay = createMemoryStore();
  expect(await verifyAttestation(attestation, ATTESTATION_SECRET, { ...order, replay })).toMatchObject({
    success: true,
    single_use: true,
  });
  expect(await verifyAttestation(attestation, ATTESTATION_SECRET, { ...order, replay })).toEqual({
    success: false,
    error_codes: ['duplicate'],
  });
  expect(await verifyAttestation(attestation, ATTESTATION_SECRET, ORDER)).toEqual({
    success: false,
    error_codes: ['missing_reference'],
  });
  await expect(createCheckSession(ATTESTATION_SECRET, { reference: '' })).rejects.toThrow(/reference/);
  await expect(createCheckSession(ATTESTATION_SECRET, { reference: 'r', maxChecks: 50 })).rejects.toThrow(/max_checks/);
});
