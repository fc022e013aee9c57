/**
 * Hardening (issue 11, "Trust v2"): every attack of the issue, played against the real relay (`createRelay`,
 * through `app.request()`, on a fake DQE or the simulator), each refused by one protection. What each test
 * proves, and the protection removed to see it fail, is listed in SECURITY.md.
 */
import { expect, test } from '@playwright/test';
import { createRelay } from '../../../../src/relay/app.js';
import { createLogger } from '../../../../src/relay/log.js';
import { createMemoryStore } from '../../../../src/relay/store/memory.js';
import type { RelayStore } from '../../../../src/relay/store/types.js';
import { verifyAttestation } from '../../../../src/relay/trust/verify.js';
import { createCheckSession } from '../../../../src/relay/trust/sessions.js';
import { createDqeUpstream } from '../../../../src/relay/upstreams/dqe/client.js';
import { createSimulator, DEMO_CLIENT_SECRET, DEMO_LICENCE } from '../../../../src/testmode/index.js';
import {
  ATTESTATION_SECRET,
  CAMILLE_SCORES,
  CLIENT_SECRET,
  LICENCE,
  MATCH_BODY,
  RELAY_URL,
  harness,
  ORDER,
  stateFor,
  wrapped,
} from '../fake-upstream.js';
import { JEAN_PIERRE_LINE, LEA_LINE, namesOf } from '../../../fixtures/subscribers.js';
import { matchForm, tokenForm } from '../../testmode/helpers.js';
import { API_KEY, relayOnSimulator, SHOP } from '../simulator-relay.js';

type Json = Record<string, unknown>;
const json = async (res: Response) => (await res.json()) as Json;

/** A relay as production runs it: DQE mode, sessions required (the default), the server API on. */
function production(overrides: Parameters<typeof harness>[0] = {}) {
  const h = harness({ requireSession: undefined, apiKey: API_KEY, ...overrides });
  const server = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    h.relay.request(`${RELAY_URL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, ...headers },
      body: JSON.stringify(body),
    });
  const session = async (reference = 'order-1234', extra: Json = {}) => {
    const res = await server('/sessions', { reference, ...extra });
    expect(res.status).toBe(201);
    return ((await res.json()) as { session: string }).session;
  };
  return { ...h, server, session };
}

test.describe('identity swap: a check of my own name is no proof for an order in another name', () => {
  test('the attestation binds the identity: another name on the order is identity_mismatch, naming the fields', async () => {
    const p = production();
    const session = await p.session();
    const res = await p.match({ ...MATCH_BODY, session });
    const { attestation, verdict } = await json(res);
    expect(verdict).toBe('verified');
    const order = { ...MATCH_BODY.identity, given_name: 'Jean', family_name: 'Dupont' };
    const verify = await p.server('/verify', {
      attestation,
      phone: MATCH_BODY.phone,
      identity: order,
      reference: 'order-1234',
    });
    expect(await json(verify)).toEqual({
      success: false,
      error_codes: ['identity_mismatch'],
      mismatched: ['given_name', 'family_name'],
    });
    // the same in process
    expect(
      await verifyAttestation(attestation, ATTESTATION_SECRET, {
        phone: MATCH_BODY.phone,
        identity: order,
        reference: 'order-1234',
        replay: false,
      }),
    ).toEqual({ success: false, error_codes: ['identity_mismatch'], mismatched: ['given_name', 'family_name'] });
  });

  test("a field the check compared but the order lacks is a mismatch too (no silent 'not given')", async () => {
    const p = production();
    const { attestation } = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    const withoutBirthdate = { ...MATCH_BODY.identity, birthdate: undefined };
    const order = {
      phone: MATCH_BODY.phone,
      identity: withoutBirthdate,
      reference: 'order-1234',
      replay: false as const,
    };
    expect(await verifyAttestation(attestation, ATTESTATION_SECRET, order)).toMatchObject({
      success: false,
      mismatched: ['birthdate'],
    });
  });

  test("the merchant's own spelling of the same identity verifies (case, accents, spacing, punctuation)", async () => {
    const p = production();
    const body = {
      ...MATCH_BODY,
      identity: { ...MATCH_BODY.identity, given_name: 'Léa-Marie', family_name: "O'Brien" },
    };
    const { attestation } = await json(await p.match({ ...body, session: await p.session() }));
    const spelled = {
      ...body.identity,
      given_name: '  LEA   marie ',
      family_name: 'o’brien',
      email: 'CAMILLE.MARTIN@EXAMPLE.FR',
      address: { ...body.identity.address, locality: 'PARIS', street_address: '12, Rue de la Paix' },
    };
    expect(
      await verifyAttestation(attestation, ATTESTATION_SECRET, {
        phone: '06 12 34 56 78',
        identity: spelled,
        reference: 'order-1234',
        replay: false,
      }),
    ).toMatchObject({ success: true, verdict: 'verified' });
  });

  test('another phone on the order: phone_mismatch (the digest is keyed: no plain hash to reverse)', async () => {
    const p = production();
    const { attestation } = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    const order = { identity: MATCH_BODY.identity, reference: 'order-1234', replay: false as const };
    expect(
      await verifyAttestation(attestation, ATTESTATION_SECRET, { ...order, phone: JEAN_PIERRE_LINE.phone }),
    ).toEqual({
      success: false,
      error_codes: ['phone_mismatch'],
    });
    const claims = JSON.parse(Buffer.from(String(attestation).split('.')[1]!, 'base64url').toString()) as Json;
    const { createHash } = await import('node:crypto');
    const plain = createHash('sha256').update(MATCH_BODY.phone).digest();
    expect(claims['phone']).not.toBe(plain.toString('base64url'));
    expect(JSON.stringify(claims)).not.toContain(plain.toString('hex'));
    expect(JSON.stringify(claims)).not.toContain(MATCH_BODY.identity.given_name);
    expect(Object.keys(claims).sort()).toEqual(
      [
        'exp',
        'iat',
        'identity',
        'iss',
        'jti',
        'mode',
        'path',
        'phone',
        'ref',
        'scores',
        'sealed',
        'v',
        'verdict',
        'withheld',
      ].sort(),
    );
  });
});

test.describe('another order, twice: the attestation names its order and is used once', () => {
  test('an attestation from order A refused for order B (reference_mismatch)', async () => {
    const p = production();
    const { attestation } = await json(await p.match({ ...MATCH_BODY, session: await p.session('order-A') }));
    const order = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity };
    const verify = await p.server('/verify', { ...order, reference: 'order-B' });
    expect(await json(verify)).toEqual({ success: false, error_codes: ['reference_mismatch'] });
    const ok = await p.server('/verify', { ...order, reference: 'order-A' });
    expect(await json(ok)).toMatchObject({ success: true, reference: 'order-A', mode: 'dqe' });
  });

  test('double verify: the second /verify of the same attestation is duplicate', async () => {
    const p = production();
    const { attestation } = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    const body = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity, reference: 'order-1234' };
    const first = await json(await p.server('/verify', body));
    expect(first).toEqual({
      success: true,
      verdict: 'verified',
      mode: 'dqe',
      reference: 'order-1234',
      scores: expect.any(Object) as unknown,
      checked: [
        'phone',
        'gender',
        'given_name',
        'family_name',
        'birthdate',
        'email',
        'address.street_address',
        'address.postal_code',
        'address.locality',
        'address.country',
      ],
      checked_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) as unknown,
      withheld: [],
      path: 'direct',
      issuer: 'idmobile-relay',
      signals: {},
      reasons: ['names_match'],
    });
    expect(await json(await p.server('/verify', body))).toEqual({ success: false, error_codes: ['duplicate'] });
  });

  test('double verify in process: with a replay store, the second is duplicate; concurrent ones: one success', async () => {
    const p = production();
    const { attestation } = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    const replay = createMemoryStore();
    const all = await Promise.all(
      Array.from({ length: 5 }, () =>
        verifyAttestation(attestation, ATTESTATION_SECRET, {
          phone: MATCH_BODY.phone,
          identity: MATCH_BODY.identity,
          reference: 'order-1234',
          replay,
        }),
      ),
    );
    expect(all.filter((r) => r.success)).toHaveLength(1);
    expect(all.filter((r) => !r.success && r.error_codes[0] === 'duplicate')).toHaveLength(4);
  });

  test('a failed verification does not use the attestation up', async () => {
    const p = production();
    const { attestation } = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    const order = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity };
    expect(await json(await p.server('/verify', { ...order, reference: 'other' }))).toMatchObject({
      success: false,
    });
    expect(await json(await p.server('/verify', { ...order, reference: 'order-1234' }))).toMatchObject({
      success: true,
    });
  });
});

test.describe('double /result: a consent result is delivered once', () => {
  test('the same token after its final answer: 409 R409, without asking the upstream again', async () => {
    const h = harness();
    const first = await h.result('consent-token-1');
    expect(first.status).toBe(200);
    expect(await json(first)).toHaveProperty('attestation');
    const again = await h.result('consent-token-1');
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ status: 'error', error_id: 'R409' });
    expect(h.upstream.count('GET')).toBe(1);
  });

  test('a final error is delivered once too; pending is not final', async () => {
    const h = harness();
    h.upstream.script.GET.push(
      { json: { status: 'pending' } },
      { json: { status: 'error', error_id: '12', error_type: 'phone check failed' } },
    );
    expect(await json(await h.result('t2'))).toEqual({ status: 'pending' });
    expect(await json(await h.result('t2'))).toMatchObject({ error_id: '12' });
    expect((await h.result('t2')).status).toBe(409);
  });

  test('concurrent /result for one token: exactly one answer, the others R409', async () => {
    const h = harness();
    const answers = await Promise.all(Array.from({ length: 6 }, () => h.result('race-token')));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
  });
});

test.describe('the sealed state: /result signs only what /match sealed', () => {
  test('missing state: R400', async () => {
    const h = harness();
    const res = await h.result('tok', {}, { state: undefined });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      error_id: 'R400',
      error_type: expect.stringContaining('state'),
    });
    expect(h.upstream.count('GET')).toBe(0);
  });

  test('tampered state: R400 (any byte changed)', async () => {
    const h = harness();
    const state = await stateFor();
    const parts = state.split('.');
    for (const i of [0, 2, 3, 4]) {
      const p = [...parts];
      const s = p[i]!;
      p[i] = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      const res = await h.result('tok', {}, { state: p.join('.') });
      expect(res.status, `part ${i}`).toBe(400);
    }
    expect(h.upstream.count('GET')).toBe(0);
  });

  test('a state sealed with another secret: R400', async () => {
    const h = harness();
    const res = await h.result(
      'tok',
      {},
      { state: await stateFor(MATCH_BODY, null, 'another-secret-0123456789abcdef0123') },
    );
    expect(res.status).toBe(400);
  });

  test('expired state (after 30 minutes): R400', async () => {
    let clock = Date.now();
    const h = harness({ now: () => clock });
    const consent = { status: 'success', operator: 'Orange', url: 'https://operator.example/consent/1' };
    h.upstream.script.IDMOBILE.push({ json: consent });
    await h.match();
    const sent = h.upstream.calls.find((c) => c.endpoint === 'IDMOBILE')!.params;
    const state = new URL(sent.get('redirect_uri')!).searchParams.get('idmobile_state')!;
    h.upstream.script.GET.push({ json: wrapped(CAMILLE_SCORES, sent.get('code_name')!) });
    clock += 29 * 60_000;
    expect((await h.result('tok-a', {}, { state })).status).toBe(200);
    clock += 2 * 60_000;
    expect((await h.result('tok-b', {}, { state })).status).toBe(400);
  });

  test("the state's reference needs the session of that order (R401 without it or with another)", async () => {
    const p = production();
    const state = await stateFor(MATCH_BODY, 'order-1234');
    expect((await p.result('tok-1', {}, { state })).status).toBe(401);
    expect((await p.result('tok-2', {}, { state, session: await p.session('order-9999') })).status).toBe(401);
    const ok = await p.result('tok-3', {}, { state, session: await p.session('order-1234') });
    expect(ok.status).toBe(200);
    const { attestation } = await json(ok);
    expect(
      await verifyAttestation(attestation, ATTESTATION_SECRET, { ...ORDER, reference: 'order-1234' }),
    ).toMatchObject({ success: true, path: 'consent' });
  });
});

test.describe('modes: a test-mode result never passes for a real one', () => {
  test('a test-mode attestation, same secret, is refused by /verify of a real relay and by default in process', async () => {
    const simulator = createSimulator();
    const testRelay = createRelay({
      mode: 'test',
      upstream: createDqeUpstream({
        baseUrl: 'http://testmode.invalid',
        licence: DEMO_LICENCE,
        clientSecret: DEMO_CLIENT_SECRET,
        partnerName: 'x',
        fetch: (i, init) => Promise.resolve(simulator.fetch(new Request(i, init))),
        logger: createLogger({ sink: () => {} }),
      }),
      allowedOrigins: [],
      attestationSecret: ATTESTATION_SECRET,
      logger: () => {},
    });
    const res = await testRelay.request('http://localhost:8787/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...MATCH_BODY, return_url: undefined }),
    });
    const { attestation } = await json(res);
    expect(typeof attestation).toBe('string');
    const real = production();
    const order = { phone: MATCH_BODY.phone, identity: MATCH_BODY.identity };
    expect(await json(await real.server('/verify', { attestation, ...order }))).toEqual({
      success: false,
      error_codes: ['test_mode'],
    });
    expect(await verifyAttestation(attestation, ATTESTATION_SECRET, ORDER)).toEqual({
      success: false,
      error_codes: ['test_mode'],
    });
    expect(await verifyAttestation(attestation, ATTESTATION_SECRET, { ...ORDER, allowTestMode: true })).toMatchObject({
      success: true,
      mode: 'test',
    });
  });
});

test.describe('sessions: required on a real upstream', () => {
  test('no session, a forged one, an expired one: R401, and the upstream is never asked', async () => {
    let clock = Date.now();
    const p = production({ now: () => clock });
    expect((await p.match()).status).toBe(401);
    const forged = await createCheckSession('another-secret-0123456789abcdef0123', { reference: 'order-1234' });
    expect((await p.match({ ...MATCH_BODY, session: forged.session })).status).toBe(401);
    expect((await p.match({ ...MATCH_BODY, session: 'not-a-session' })).status).toBe(401);
    const short = await p.session('order-1234', { ttl_seconds: 60 });
    clock += 120_000;
    const res = await p.match({ ...MATCH_BODY, session: short });
    expect(res.status).toBe(401);
    expect(await json(res)).toMatchObject({ error_id: 'R401' });
    expect(p.upstream.count('IDMOBILE')).toBe(0);
  });

  test('a script without Origin is served only with a valid session', async () => {
    const p = production();
    const noOrigin = (body: unknown) =>
      p.relay.request(`${RELAY_URL}/match`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await noOrigin(MATCH_BODY)).status).toBe(401);
    expect((await noOrigin({ ...MATCH_BODY, session: await p.session() })).status).toBe(200);
  });

  test('max_checks: the session allows that many /match calls, then R429', async () => {
    const p = production();
    const session = await p.session('order-1234', { max_checks: 2 });
    expect((await p.match({ ...MATCH_BODY, session })).status).toBe(200);
    expect((await p.match({ ...MATCH_BODY, session })).status).toBe(200);
    const third = await p.match({ ...MATCH_BODY, session });
    expect(third.status).toBe(429);
    expect(await json(third)).toMatchObject({ error_id: 'R429' });
    expect(p.upstream.count('IDMOBILE')).toBe(2);
  });

  test('a session made for another relay secret is not a session here, even with a valid shape', async () => {
    const p = production();
    const other = await createCheckSession('yet-another-secret-0123456789abcdef', { reference: 'order-1234' });
    expect((await p.match({ ...MATCH_BODY, session: other.session })).status).toBe(401);
  });
});

test.describe('origins come from the configuration only', () => {
  test('Host header and request target naming the attacker: not an allowed origin (403)', async () => {
    const h = harness({ allowedOrigins: [SHOP] });
    for (const target of ['http://evil.example/match', 'https://evil.example:443/match']) {
      const res = await h.relay.request(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example', host: 'evil.example' },
        body: JSON.stringify({ ...MATCH_BODY, return_url: 'https://evil.example/steal' }),
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    // the page of an allowed origin cannot send the shopper to the relay's own host either
    const res = await h.relay.request('http://evil.example/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP, host: 'evil.example' },
      body: JSON.stringify({ ...MATCH_BODY, return_url: 'http://evil.example/steal' }),
    });
    expect(res.status).toBe(403);
    expect(h.upstream.count('IDMOBILE')).toBe(0);
  });

  const badReturnUrls: Array<[string, string]> = [
    ['CRLF', 'https://shop.example/checkout\r\nSet-Cookie: x=1'],
    ['encoded-less LF', 'https://shop.example/a\nb'],
    ['tab', 'https://shop.example/a\tb'],
    ['backslash-@', 'https://shop.example\\@evil.example/'],
    ['backslash path', 'https://shop.example\\evil'],
    ['userinfo', 'https://user:pass@shop.example/checkout'],
    ['userinfo with an allowed-looking user', 'https://shop.example@evil.example/checkout'],
    ['fragment', 'https://shop.example/checkout#frag'],
    ['zero-width space', 'https://shop.example/che\u200bckout'],
    ['too long', `https://shop.example/${'a'.repeat(2100)}`],
    ['not absolute', '/checkout'],
    ['javascript', 'javascript:alert(1)'],
  ];
  for (const [name, url] of badReturnUrls) {
    test(`return_url with ${name}: refused, upstream untouched`, async () => {
      const h = harness({ allowedOrigins: [SHOP] });
      const res = await h.match({ ...MATCH_BODY, return_url: url });
      expect([400, 403]).toContain(res.status);
      expect(await json(res)).toMatchObject({ status: 'error', error_id: `R${res.status}` });
      expect(h.upstream.count('IDMOBILE')).toBe(0);
    });
  }

  test('return_url goes upstream normalised (URL.href), with the state appended, the rest of the query kept', async () => {
    const h = harness({ allowedOrigins: [SHOP] });
    const res = await h.match({
      ...MATCH_BODY,
      return_url: 'HTTPS://SHOP.example:443/a/../checkout?step=pay&q=a%20b&idmobile_state=forged',
    });
    expect(res.status).toBe(200);
    const sent = h.upstream.calls.find((c) => c.endpoint === 'IDMOBILE')!.params.get('redirect_uri')!;
    expect(sent).toMatch(/^https:\/\/shop\.example\/checkout\?step=pay&q=a(%20|\+)b&idmobile_state=[\w-]+\.\.[\w.-]+$/);
    expect(sent).not.toContain('forged');
  });
});

test.describe('answers are rebuilt: nothing from upstream but what the contract names', () => {
  test('extra keys in a scores answer never reach the browser', async () => {
    const h = harness();
    h.upstream.script.IDMOBILE.push({
      json: { ...CAMILLE_SCORES, debug: { licence: LICENCE }, operator_record: 'Camille Martin, 1990', __proto__x: 1 },
    });
    const body = await json(await h.match());
    expect(Object.keys(body).sort()).toEqual(
      [
        'address',
        'attestation',
        'bands',
        'birthdate',
        'disclosure',
        'email',
        'family_name',
        'gender',
        'given_name',
        'verdict',
      ].sort(),
    );
    expect(JSON.stringify(body)).not.toContain(LICENCE);
  });

  test('extra keys in consent and error answers never reach the browser', async () => {
    const h = harness();
    h.upstream.script.IDMOBILE.push(
      { json: { status: 'success', operator: 'Orange', url: 'https://op.example/c', session_key: 'k', phone: '+33' } },
      { json: { status: 'error', error_id: '10', error_type: 'invalid phone number', raw: { subscriber: 'x' } } },
    );
    expect(await json(await h.match())).toEqual({ status: 'success', operator: 'Orange', url: 'https://op.example/c' });
    expect(await json(await h.match())).toEqual({
      status: 'error',
      error_id: '10',
      error_type: 'invalid phone number',
    });
  });

  test("the upstream's error_type never reaches the browser: the relay's own text; the upstream's is logged, redacted", async () => {
    const h = harness({ apiKey: API_KEY });
    const [token] = h.upstream.issued;
    for (const secret of [LICENCE, CLIENT_SECRET, ATTESTATION_SECRET, API_KEY]) {
      h.upstream.script.IDMOBILE.push({
        json: { status: 'error', error_id: '02', error_type: `invalid licence key ${secret} for [SFR] ${token}` },
      });
      const text = await (await h.match()).text();
      expect(text).not.toContain(secret);
      expect(text).not.toContain('SFR');
      expect(JSON.parse(text)).toEqual({ status: 'error', error_id: '02', error_type: 'invalid licence key' });
      const logged = JSON.stringify(h.logs);
      expect(logged).toContain('invalid licence key');
      expect(logged).not.toContain(secret);
    }
  });

  test("DQE's live access token echoed in error_type is neither in the answer nor in the log", async () => {
    const h = harness();
    await h.match();
    const token = h.upstream.issued.at(-1)!;
    h.upstream.script.IDMOBILE.push({
      json: { status: 'error', error_id: '13', error_type: `operator [Orange] not found (token ${token})` },
    });
    const text = await (await h.match()).text();
    expect(text).not.toContain(token);
    expect(JSON.parse(text)).toMatchObject({ error_id: '13', error_type: 'operator not found' });
    expect(JSON.stringify(h.logs)).not.toContain(token);
  });
});

test.describe('consent URLs are checked by the relay too (R502 + a log line)', () => {
  const unsafe: Array<[string, string]> = [
    ['plain http', 'http://operator.example/consent'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['credentials', 'https://user:pw@operator.example/c'],
    ['backslash trick', 'https://operator.example\\@evil.example/'],
    ['protocol-relative', '//evil.example/c'],
    ['loopback http on a real upstream', 'http://localhost:8788/consent/x'],
  ];
  for (const [name, url] of unsafe) {
    test(`${name}: R502, never sent to the browser`, async () => {
      const h = harness();
      h.upstream.script.IDMOBILE.push({ json: { status: 'success', operator: 'Orange', url } });
      const res = await h.match();
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain(url);
      expect(h.logs.some((l) => l['event'] === 'consent_url_refused')).toBe(true);
    });
  }

  test('RELAY_OPERATOR_ORIGINS: a consent URL elsewhere is R502; within, it passes normalised', async () => {
    const h = harness({ operatorOrigins: ['https://consent.orange.fr'] });
    h.upstream.script.IDMOBILE.push(
      { json: { status: 'success', operator: 'Orange', url: 'https://evil.example/consent' } },
      { json: { status: 'success', operator: 'Orange', url: 'HTTPS://consent.orange.fr:443/c?x=1' } },
    );
    expect((await h.match()).status).toBe(502);
    expect(await json(await h.match())).toEqual({
      status: 'success',
      operator: 'Orange',
      url: 'https://consent.orange.fr/c?x=1',
    });
  });

  test('loopback http is accepted when the upstream itself is on loopback (a local simulator)', async () => {
    const h = harness({ allowLoopbackConsent: true });
    h.upstream.script.IDMOBILE.push({
      json: { status: 'success', operator: 'Orange', url: 'http://127.0.0.1:8788/c' },
    });
    expect((await h.match()).status).toBe(200);
  });
});

test.describe('the store: limits fail open, single use fails closed', () => {
  function broken(): RelayStore {
    const fail = () => Promise.reject(new Error('store unreachable'));
    return { increment: fail, mark: fail, isMarked: fail, get: fail, set: fail, delete: fail };
  }

  test('store down: /match still served (limits fail open, logged); /result and /verify answer 503 R503', async () => {
    const h = harness({
      store: broken(),
      limits: { client: { max: 1, windowMs: 60_000 }, phoneCap: false },
      apiKey: API_KEY,
    });
    expect((await h.match()).status).toBe(200);
    expect((await h.match()).status).toBe(200);
    expect(h.logs.some((l) => l['event'] === 'store_unavailable')).toBe(true);
    const res = await h.result('tok');
    expect(res.status).toBe(503);
    expect(await json(res)).toMatchObject({ error_id: 'R503' });
    const { attestation } = await json(await h.match());
    const verify = await h.relay.request(`${RELAY_URL}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity }),
    });
    expect(verify.status).toBe(503);
    expect(await json(verify)).toEqual({ success: false, error_codes: ['store_unavailable'] });
  });
});

test.describe('the simulator on the relay port is no open redirect', () => {
  test('a redirect_uri outside the allowed origins is refused (01); loopback and allowed origins pass', async () => {
    const sim = createSimulator({ allowedRedirectOrigins: [SHOP] });
    const token = (
      (await (await sim.request('http://sim/ACCESS_TOKEN/', tokenForm())).json()) as { access_token: string }
    ).access_token;
    const match = async (redirect: string) =>
      (await (await sim.request('http://sim/IDMOBILE/', matchForm(token, LEA_LINE, redirect))).json()) as Json;
    expect(await match('https://evil.example/phish')).toMatchObject({ status: 'error', error_id: '01' });
    expect(await match('https://shop.example.evil.example/')).toMatchObject({ error_id: '01' });
    expect(await match('https://shop.example/checkout')).toMatchObject({ status: 'success' });
    expect(await match('http://localhost:5173/checkout')).toMatchObject({ status: 'success' });
  });
});

test.describe('a whole consent flow on a real-upstream relay: session, state, single delivery, single use', () => {
  test('consent accepted: the attestation is bound to what /match sealed and to the order, once', async () => {
    const { browser, server, session: sessionFor, consentTrip } = relayOnSimulator();
    const session = await sessionFor('order-77');
    const lea = { phone: LEA_LINE.phone, identity: namesOf(LEA_LINE) };
    const { back, token, state } = await consentTrip(lea.identity, session, 'accept');
    expect(back.origin).toBe(SHOP);
    expect(state).not.toContain(lea.identity.family_name);
    let answer: Json = { status: 'pending' };
    for (let i = 0; i < 3 && answer['status'] === 'pending'; i++)
      answer = await json(await browser('/result', { token, state, session }));
    expect(answer['verdict']).toBe('verified');
    expect((await browser('/result', { token, state, session })).status).toBe(409);

    const verify = { attestation: answer['attestation'], ...lea, reference: 'order-77' };
    expect(await json(await server('/verify', verify))).toMatchObject({
      success: true,
      mode: 'dqe',
      reference: 'order-77',
      checked: ['phone', 'given_name', 'family_name'],
    });
    expect(await json(await server('/verify', verify))).toEqual({ success: false, error_codes: ['duplicate'] });
    const swapped = { ...verify, identity: { ...lea.identity, given_name: 'Jean' } };
    expect(await json(await server('/verify', swapped))).toMatchObject({ error_codes: ['identity_mismatch'] });
  });
});
