/**
 * The server API (`POST /sessions`, `POST /verify`): only with `RELAY_API_KEY`, only for backends (any `Origin`
 * refused, never a CORS header), Bearer key compared in constant time, answers as the contract writes them.
 */
import { expect, test } from '@playwright/test';
import { verifyAttestation } from '../../../src/relay/trust/verify.js';
import { ATTESTATION_SECRET, MATCH_BODY, RELAY_URL, harness } from './fake-upstream.js';
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

test('without RELAY_API_KEY the server API does not exist (404)', async () => {
  const { call } = api({});
  for (const path of ['/sessions', '/verify']) {
    const res = await call(path, { reference: 'x' });
    expect(res.status).toBe(404);
  }
});

test('missing or wrong key: 401 with WWW-Authenticate, nothing created', async () => {
  const { call } = api();
  for (const authorization of ['', 'Bearer', `Bearer ${API_KEY}x`, `bearer ${API_KEY}`, `Basic ${API_KEY}`, API_KEY]) {
    const res = await call('/sessions', { reference: 'order-1' }, { authorization });
    expect(res.status, authorization).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as Json)['error_id']).toBe('R401');
  }
});

test('any Origin header: 403, and no CORS header, preflight included', async () => {
  const { call, relay } = api();
  for (const origin of ['https://shop.example', 'null', 'https://evil.example']) {
    const res = await call('/sessions', { reference: 'order-1' }, { origin });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
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

const badSessions: Array<[string, unknown, RegExp]> = [
  ['no reference', {}, /reference/],
  ['empty reference', { reference: '' }, /reference/],
  ['reference too long', { reference: 'x'.repeat(129) }, /reference/],
  ['reference with a control character', { reference: 'a\nb' }, /reference/],
  ['reference not a string', { reference: 42 }, /reference/],
  ['ttl too short', { reference: 'r', ttl_seconds: 59 }, /ttl_seconds/],
  ['ttl too long', { reference: 'r', ttl_seconds: 86_401 }, /ttl_seconds/],
  ['ttl not whole', { reference: 'r', ttl_seconds: 100.5 }, /ttl_seconds/],
  ['max_checks 0', { reference: 'r', max_checks: 0 }, /max_checks/],
  ['max_checks 21', { reference: 'r', max_checks: 21 }, /max_checks/],
  ['max_checks a string', { reference: 'r', max_checks: '5' }, /max_checks/],
];
for (const [name, body, field] of badSessions) {
  test(`POST /sessions refuses ${name} (400 naming the field)`, async () => {
    const { call } = api();
    const res = await call('/sessions', body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as Json;
    expect(answer['error_id']).toBe('R400');
    expect(String(answer['error_type'])).toMatch(field);
  });
}

test('POST /verify: codes for a missing, malformed, forged or expired attestation', async () => {
  let clock = Date.now();
  const h = api({ apiKey: API_KEY, now: () => clock });
  const call = h.call;
  const match = () => h.match();
  const verify = async (body: unknown) => (await (await call('/verify', body)).json()) as Json;
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
  expect(await bad.json()).toEqual({
    success: false,
    error_codes: ['phone_mismatch', 'identity_mismatch', 'reference_mismatch'],
    mismatched: ['email'],
  });
  const ok = (await (
    await call('/verify', { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity })
  ).json()) as Json;
  expect(Object.keys(ok).sort()).toEqual(
    ['checked', 'checked_at', 'mode', 'reference', 'scores', 'success', 'verdict'].sort(),
  );
  expect(ok).toMatchObject({ success: true, verdict: 'verified', mode: 'dqe', reference: null });
});

test('POST /verify: a bad body is 400/415, never a crash', async () => {
  const { call } = api();
  expect((await call('/verify', '{')).status).toBe(400);
  expect((await call('/verify', { attestation: 'a.b.c', phone: 12 })).status).toBe(400);
  expect((await call('/verify', { attestation: 'a.b.c', identity: 'Camille' })).status).toBe(400);
  expect((await call('/verify', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
  expect((await call('/verify', null, {}, 'GET')).status).toBe(405);
});

test('in process: createCheckSession and verifyAttestation agree with the HTTP API', async () => {
  const { createCheckSession } = await import('../../../src/relay/trust/sessions.js');
  const h = harness({ requireSession: true });
  const { session, reference, expires_at } = await createCheckSession(ATTESTATION_SECRET, { reference: 'cart-9' });
  expect(reference).toBe('cart-9');
  expect(Date.parse(expires_at) - Date.now()).toBeGreaterThan(1790_000);
  const { attestation } = (await (await h.match({ ...MATCH_BODY, session })).json()) as { attestation: string };
  expect(await verifyAttestation(attestation, ATTESTATION_SECRET, { reference: 'cart-9' })).toMatchObject({
    success: true,
    reference: 'cart-9',
  });
  await expect(createCheckSession(ATTESTATION_SECRET, { reference: '' })).rejects.toThrow(/reference/);
  await expect(createCheckSession(ATTESTATION_SECRET, { reference: 'r', maxChecks: 50 })).rejects.toThrow(/max_checks/);
});
