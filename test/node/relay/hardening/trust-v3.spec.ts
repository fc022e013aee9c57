/**
 * Hardening (issue 19, "Trust v3"): the findings of the attack on trust v2, each played over HTTP the way a
 * shopper with a browser and a second phone would, against a relay in DQE mode with production settings
 * (sessions required, the server API on), in front of a fake DQE or the test mode's simulator. Each test fails
 * when its protection is removed (SECURITY.md names the protection and the test).
 */
import { expect, test } from '@playwright/test';
import type { RelayOptions } from '../../../../src/relay/app.js';
import { createMemoryStore } from '../../../../src/relay/store/memory.js';
import type { RelayStore } from '../../../../src/relay/store/types.js';
import { SEALED_PLAINTEXT_BYTES } from '../../../../src/relay/trust/sealed.js';
import { LEA_LINE, namesOf } from '../../../fixtures/subscribers.js';
import { API_KEY, relayOnSimulator } from '../simulator-relay.js';
import { CAMILLE_SCORES, MATCH_BODY, RELAY_URL, harness, stateFor, wrapped } from '../fake-upstream.js';

type Json = Record<string, unknown>;
const json = async (res: Response) => (await res.json()) as Json;
const payloadOf = (attestation: unknown) =>
  JSON.parse(Buffer.from(String(attestation).split('.')[1]!, 'base64url').toString()) as Json;

/** A relay as production runs it, on a fake DQE: sessions required, the server API on. */
function production(overrides: Partial<RelayOptions> = {}) {
  const h = harness({ requireSession: undefined, apiKey: API_KEY, ...overrides });
  const server = async (path: string, body: unknown) =>
    h.relay.request(`${RELAY_URL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify(body),
    });
  const session = async (reference = 'order-1234') =>
    ((await json(await server('/sessions', { reference, max_checks: 20 }))) as { session: string }).session;
  return { ...h, server, session };
}

/** Camille's line answered for someone who typed her number with other names. */
const STRANGER = { ...CAMILLE_SCORES, given_name: 0.31, family_name: '0.12' };

test.describe("decoding a stranger's attestation tells nothing the answer did not", () => {
  test('the clear claims carry the scores as the browser saw them; the real ones are sealed', async () => {
    const p = production();
    p.upstream.script.IDMOBILE.push({ json: STRANGER });
    const answer = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    const claims = payloadOf(answer['attestation']);
    expect(claims['v']).toBe(3);
    // the default disclosure shows bands: both names are mismatches, reduced to 0 like the browser's answer
    expect(claims['scores']).toEqual({
      gender: null,
      given_name: 0,
      family_name: 0,
      birthdate: null,
      email: null,
      address: { street_address: null, postal_code: null, locality: null, country: null },
    });
    expect(claims['withheld']).toEqual(answer['withheld']);
    // the names' real scores (0.31, 0.12), the birth date (1), e-mail (0.5) and street (0.91) appear nowhere in clear
    const clear = JSON.stringify(claims).replace(String(claims['sealed']), '');
    for (const leaked of ['0.31', '0.12', '0.5', '0.91', '"birthdate":1']) expect(clear).not.toContain(leaked);
    // the merchant's verifier reads them
    const verified = await json(
      await p.server('/verify', {
        attestation: answer['attestation'],
        phone: MATCH_BODY.phone,
        identity: MATCH_BODY.identity,
        reference: 'order-1234',
        accept: ['rejected'],
      }),
    );
    expect(verified).toMatchObject({ success: true, verdict: 'rejected', scores: { birthdate: 1, email: 0.5 } });
  });

  test('the sealed claim has one length whatever the outcome (its size says nothing)', async () => {
    const h = harness();
    const lengths = new Set<number>();
    for (const scores of [CAMILLE_SCORES, STRANGER, { ...CAMILLE_SCORES, birthdate: '', email: '' }]) {
      h.upstream.script.IDMOBILE.push({ json: scores });
      const { attestation } = await json(await h.match());
      lengths.add(String(payloadOf(attestation)['sealed']).length);
    }
    expect([...lengths]).toHaveLength(1);
    // `dir` + A256GCM: header, empty key, 96-bit IV, ciphertext as long as the padded plaintext, 128-bit tag
    const ciphertext = Math.ceil((SEALED_PLAINTEXT_BYTES * 4) / 3);
    expect([...lengths][0]).toBeGreaterThanOrEqual(ciphertext);
  });

  test('two checks of one number: unlinkable digests, and a field digest never stands for another field', async () => {
    const h = harness();
    const a = payloadOf((await json(await h.match()))['attestation']);
    const b = payloadOf((await json(await h.match()))['attestation']);
    expect(a['phone']).not.toBe(b['phone']);
    const ids = (c: Json) => Object.values(c['identity'] as Json);
    for (const d of ids(a)) expect(ids(b)).not.toContain(d);
    const body = { ...MATCH_BODY, identity: { given_name: 'Martin', family_name: 'Martin' } };
    const c = payloadOf((await json(await h.match(body)))['attestation']);
    const names = c['identity'] as Json;
    expect(names['given_name']).not.toBe(names['family_name']);
  });
});

test.describe('consent-token pairing: a consent result serves only the check that asked for it', () => {
  const victim = { given_name: 'Jean', family_name: 'Dupont', birthdate: '1970-01-01' };

  test("my own accepted token with the state of a check of a victim's identity: refused, nothing signed", async () => {
    const r = relayOnSimulator();
    const target = await r.session('order-victim');
    // on my own consent line: the victim's identity, refused on the operator's page (the state is kept)
    const victimCheck = await r.consentTrip(victim, target, 'refuse');
    // my own identity, accepted, in another session
    const ownCheck = await r.consentTrip(namesOf(LEA_LINE), await r.session('order-mine'), 'accept');
    const paired = await r.result({ token: ownCheck.token, state: victimCheck.state, session: target });
    expect(paired.status).toBe(502);
    const body = await json(paired);
    expect(body).toMatchObject({ status: 'error', error_id: 'R502' });
    expect(body).not.toHaveProperty('attestation');
    // the pairing used the victim check's state up: it cannot be tried again with any token
    const again = await r.result({ token: ownCheck.token, state: victimCheck.state, session: target });
    expect(again.status).toBe(409);
  });

  test('the honest trip still works: the token with its own state signs a consent-path attestation', async () => {
    const r = relayOnSimulator();
    const session = await r.session('order-lea');
    const trip = await r.consentTrip(namesOf(LEA_LINE), session, 'accept');
    const answer = await json(await r.result({ ...trip, session }));
    expect(answer).toMatchObject({ verdict: 'verified' });
    expect(payloadOf(answer['attestation'])['path']).toBe('consent');
  });

  test("DQE_CONSENT_BINDING=off: the result is signed 'consent-unbound', which /verify refuses unless told", async () => {
    const r = relayOnSimulator({ consentBinding: 'off' });
    const session = await r.session('order-lea');
    const trip = await r.consentTrip(namesOf(LEA_LINE), session, 'accept');
    const answer = await json(await r.result({ ...trip, session }));
    expect(payloadOf(answer['attestation'])['path']).toBe('consent-unbound');
    const order = { phone: LEA_LINE.phone, identity: namesOf(LEA_LINE), reference: 'order-lea' };
    expect(await json(await r.server('/verify', { attestation: answer['attestation'], ...order }))).toEqual({
      success: false,
      error_codes: ['unbound_consent'],
    });
    const accepted = { attestation: answer['attestation'], ...order, accept_unbound_consent: true };
    expect(await json(await r.server('/verify', accepted))).toMatchObject({ success: true, path: 'consent-unbound' });
  });

  test('a bare scores shape on the consent path (no code_name echoed) is refused and uses the state up', async () => {
    const h = harness();
    h.upstream.script.GET.push({ json: CAMILLE_SCORES });
    const res = await h.result('bare-token');
    expect(res.status).toBe(502);
    expect(h.logs.some((l) => l['event'] === 'consent_unbound')).toBe(true);
    expect((await h.result('another-token')).status).toBe(409);
  });
});

test.describe('a state is single use', () => {
  test('one state, three tokens: one attestation, then R409 without asking DQE again', async () => {
    const h = harness();
    const state = await stateFor();
    const statuses: number[] = [];
    for (const token of ['t-1', 't-2', 't-3']) statuses.push((await h.result(token, {}, { state })).status);
    expect(statuses).toEqual([200, 409, 409]);
    expect(h.upstream.count('GET')).toBe(1);
  });

  test('a retryable retrieval error (18, 99) leaves the token and state usable for the retry', async () => {
    const h = harness();
    for (const id of ['18', '99']) h.upstream.script.GET.push({ json: { status: 'error', error_id: id } });
    expect(await json(await h.result('tok'))).toMatchObject({ error_id: '18' });
    expect(await json(await h.result('tok'))).toMatchObject({ error_id: '99' });
    expect(await json(await h.result('tok'))).toHaveProperty('attestation');
    expect((await h.result('tok')).status).toBe(409);
  });

  test('the check nonce goes to DQE as code_name with the consent request (32 lowercase hex)', async () => {
    const h = harness();
    await h.match();
    const sent = h.upstream.calls.find((c) => c.endpoint === 'IDMOBILE')!.params;
    expect(sent.get('code_name')).toMatch(/^[0-9a-f]{32}$/);
    // a later check has another nonce
    await h.match();
    const second = h.upstream.calls.filter((c) => c.endpoint === 'IDMOBILE')[1]!.params;
    expect(second.get('code_name')).not.toBe(sent.get('code_name'));
  });
});

test.describe('/verify fails closed and decides on the sealed verdict', () => {
  test('an inconclusive check (family name 68 % similar) is not an order by default', async () => {
    const p = production();
    p.upstream.script.IDMOBILE.push({ json: { ...CAMILLE_SCORES, family_name: 0.68 } });
    const { attestation, verdict } = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    expect(verdict).toBe('inconclusive');
    const order = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity, reference: 'order-1234' };
    expect(await json(await p.server('/verify', order))).toEqual({
      success: false,
      error_codes: ['verdict_not_accepted'],
      verdict: 'inconclusive',
    });
    expect(await json(await p.server('/verify', { ...order, accept: ['verified', 'inconclusive'] }))).toMatchObject({
      success: true,
      verdict: 'inconclusive',
    });
  });

  test('leaving out the phone, the identity or the reference is no longer a success', async () => {
    const p = production();
    const { attestation } = await json(await p.match({ ...MATCH_BODY, session: await p.session() }));
    expect(await json(await p.server('/verify', { attestation }))).toEqual({
      success: false,
      error_codes: ['missing_phone', 'missing_identity', 'missing_reference'],
    });
  });

  test('two relays sharing a secret by mistake do not accept each other (wrong_issuer)', async () => {
    const a = production({ issuer: 'https://relay-a.example' });
    const b = production({ issuer: 'https://relay-b.example' });
    const { attestation } = await json(await a.match({ ...MATCH_BODY, session: await a.session() }));
    const order = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity, reference: 'order-1234' };
    expect(await json(await b.server('/verify', order))).toEqual({ success: false, error_codes: ['wrong_issuer'] });
    expect(await json(await a.server('/verify', order))).toMatchObject({
      success: true,
      issuer: 'https://relay-a.example',
    });
  });
});

test.describe('the store', () => {
  test("down: the order's max_checks fails closed (R503), unlike the rate limits", async () => {
    const fail = () => Promise.reject(new Error('store unreachable'));
    const broken: RelayStore = { increment: fail, mark: fail, isMarked: fail, get: fail, set: fail, delete: fail };
    const sessions = production();
    const session = await sessions.session();
    const p = production({ store: broken, limits: { client: { max: 1, windowMs: 60_000 } } });
    const res = await p.match({ ...MATCH_BODY, session });
    expect(res.status).toBe(503);
    expect(await json(res)).toMatchObject({ error_id: 'R503' });
    expect(p.upstream.count('IDMOBILE')).toBe(0);
  });

  test('max_checks counts per order reference: a fresh session of the same order is not more checks', async () => {
    const store = createMemoryStore();
    const p = production({ store });
    const created = async () =>
      ((await json(await p.server('/sessions', { reference: 'order-9', max_checks: 2 }))) as { session: string })
        .session;
    expect((await p.match({ ...MATCH_BODY, session: await created() })).status).toBe(200);
    expect((await p.match({ ...MATCH_BODY, session: await created() })).status).toBe(200);
    const third = await p.match({ ...MATCH_BODY, session: await created() });
    expect(third.status).toBe(429);
  });
});

test.describe('a v2 widget against a v3 relay', () => {
  test('a /match without "v":3 is R502 (logged widget_v2), never an answer it cannot read', async () => {
    const h = harness();
    const v2: Partial<typeof MATCH_BODY> = { ...MATCH_BODY };
    delete v2.v;
    const res = await h.match(v2);
    expect(res.status).toBe(502);
    expect(h.logs.some((l) => l['event'] === 'widget_v2')).toBe(true);
    expect(h.upstream.count('IDMOBILE')).toBe(0);
  });
});

test('the wrapped result echoing the nonce passes (the fake DQE behaves as documented)', async () => {
  const h = harness();
  h.upstream.script.GET.push({ json: wrapped(CAMILLE_SCORES) });
  expect((await h.result('tok')).status).toBe(200);
});
