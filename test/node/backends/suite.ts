/**
 * One suite for every README backend (python.spec.ts, php.spec.ts): the backend rebuilt from the README alone,
 * driven end to end through its two routes in front of a REAL relay (the package's command, test mode, the server
 * API on), the widget's check made over HTTP as the element makes it. Every outcome is the relay's: each test
 * fails if the backend skipped `/verify` (a placed order leaves the attestation used at the relay; refusals
 * carry the relay's own codes; a stand-in relay's answer alone decides).
 */
import { expect, test } from '@playwright/test';
import { rmSync } from 'node:fs';
import { startRelayProcess, type RelayProcess } from '../relay/relay-process.js';
import { CAMILLE_LINE, JEAN_PIERRE_LINE, LEA_LINE, identityOf, typedPhoneOf } from '../../fixtures/subscribers.js';
import {
  API_KEY,
  PAGE,
  ROOT,
  ensureBuilt,
  freePort,
  orderForm,
  post,
  startBackend,
  startStandIn,
  widgetCheck,
  writeApp,
  type Backend,
  type CheckedIdentity,
  type StandIn,
  type StandInAnswer,
} from './harness.js';

export interface BackendKind {
  /** The README's app (`<!-- file: python-backend/… -->`). */
  app: string;
  /** Why it cannot run here (the interpreter is missing), or null. */
  missing: string | null;
  /** The command that serves the app from its folder on `port`, as the README says to run it. */
  command: (port: number) => [string, string[]];
}

const FORM = 'application/x-www-form-urlencoded';
const { given_name, family_name, address } = identityOf(CAMILLE_LINE);
/** Camille's names and address: what the widget checks and the order carries. */
const CAMILLE: CheckedIdentity = { given_name, family_name, address };
let counter = 0;
const newReference = () => `order-${Date.now().toString(36)}-${++counter}`;

export function backendSuite(kind: BackendKind): void {
  test.describe(`README's ${kind.app}`, () => {
    test.skip(kind.missing !== null, kind.missing ?? '');

    let relay: RelayProcess | undefined;
    let relayUrl = '';
    let standIn: StandIn | undefined;
    let dir = '';
    const backends: Backend[] = [];
    /** The backend in front of the real relay, of the stand-in, and of a port where nothing listens. */
    let shop: Backend, shopOfStandIn: Backend, shopOfNothing: Backend;

    const start = async (dir: string, relayTo: string) => {
      const port = await freePort();
      const [command, args] = kind.command(port);
      const env = { IDMOBILE_RELAY_URL: relayTo, RELAY_API_KEY: API_KEY, PORT: String(port), HOST: '127.0.0.1' };
      const backend = await startBackend(command, args, dir, env, `http://127.0.0.1:${port}`);
      backends.push(backend);
      return backend;
    };

    test.beforeAll(async () => {
      test.setTimeout(240_000);
      ensureBuilt();
      // a chosen port rather than PORT=0: the test mode's consent URL is built from PORT (RELAY_PUBLIC_URL)
      const relayPort = await freePort();
      relay = await startRelayProcess('bin/idmobile-relay.mjs', ROOT, {
        RELAY_MODE: 'test',
        RELAY_API_KEY: API_KEY,
        PORT: String(relayPort),
        HOST: '127.0.0.1',
        RELAY_PUBLIC_URL: `http://127.0.0.1:${relayPort}`,
      });
      relayUrl = `http://127.0.0.1:${relay.port}`;
      standIn = await startStandIn();
      dir = writeApp(kind.app);
      shop = await start(dir, relayUrl);
      shopOfStandIn = await start(dir, standIn.url);
      shopOfNothing = await start(dir, `http://127.0.0.1:${await freePort()}`);
    });

    test.afterAll(async () => {
      for (const b of backends) b.stop();
      relay?.stop();
      await standIn?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const session = (backend: Backend, body: unknown) =>
      post(`${backend.url}/api/session`, JSON.stringify(body), 'application/json');
    const order = (backend: Backend, form: Parameters<typeof orderForm>[0]) =>
      post(`${backend.url}/api/order`, orderForm(form), FORM);

    /** The page's load (a session from its backend), then the widget's check: the attestation the form carries. */
    async function checked(reference: string, check: { phone?: string; identity?: CheckedIdentity } = {}) {
      const created = await session(shop, { reference });
      expect(created.status, created.text).toBe(200);
      const token = String(created.json?.['session']);
      return widgetCheck(relayUrl, shop.url, {
        session: token,
        phone: check.phone ?? CAMILLE_LINE.phone,
        identity: check.identity ?? CAMILLE,
      });
    }

    test('serves the checkout page from public/', async () => {
      const res = await fetch(`${shop.url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(PAGE);
    });

    test("POST /api/session: the relay's session for the order, naming its reference", async () => {
      const reference = newReference();
      const created = await session(shop, { reference });
      expect(created.status, created.text).toBe(200);
      expect(Object.keys(created.json ?? {})).toEqual(['session']);
      const payload = String(created.json?.['session']).split('.')[1] ?? '';
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({ ref: reference });
      // a fresh session for the same reference on the next load (after the consent trip): another one, accepted
      const again = await session(shop, { reference });
      expect(again.json?.['session']).not.toBe(created.json?.['session']);
    });

    const badSessions: Array<[string, string, number, unknown]> = [
      ['no reference', '{}', 400, { reasons: ['reference_required'] }],
      ['not JSON', 'order-1', 400, { reasons: ['reference_required'] }],
      ['a reference the relay refuses (empty)', '{"reference":""}', 400, { reasons: ['invalid_request'] }],
      [
        'a reference the relay refuses (129 characters)',
        JSON.stringify({ reference: 'x'.repeat(129) }),
        400,
        { reasons: ['invalid_request'] },
      ],
    ];
    for (const [name, body, status, answer] of badSessions) {
      test(`POST /api/session with ${name}: ${status}, a clear reason`, async () => {
        const res = await post(`${shop.url}/api/session`, body, 'application/json');
        expect(res.status, res.text).toBe(status);
        expect(res.json).toEqual(answer);
      });
    }

    test('a verified check places the order once; the same attestation again is refused (duplicate)', async () => {
      const reference = newReference();
      const { attestation, verdict } = await checked(reference);
      expect(verdict).toBe('verified');
      // the order as the shopper typed it: the phone in its national form, names in other cases
      const identity = {
        ...CAMILLE,
        given_name: CAMILLE.given_name.toUpperCase(),
        family_name: CAMILLE.family_name.toLowerCase(),
      };
      const placed = await order(shop, {
        reference,
        phone: typedPhoneOf(CAMILLE_LINE),
        identity,
        idmobile: attestation,
      });
      expect(placed.status, placed.text).toBe(201);
      expect(placed.json).toEqual({ status: 'placed', reference, verdict: 'verified' });
      // the backend really verified it: the relay now holds the attestation as used
      const direct = await post(
        `${relayUrl}/verify`,
        JSON.stringify({ attestation, phone: CAMILLE_LINE.phone, identity: CAMILLE, reference }),
        'application/json',
        { authorization: `Bearer ${API_KEY}` },
      );
      expect(direct.json).toEqual({ success: false, error_codes: ['duplicate'] });
      const replayed = await order(shop, {
        reference,
        phone: CAMILLE_LINE.phone,
        identity: CAMILLE,
        idmobile: attestation,
      });
      expect(replayed.status, replayed.text).toBe(422);
      expect(replayed.json).toEqual({ status: 'refused', reasons: ['duplicate'] });
    });

    test('the consent round trip: a fresh session on the return for the same reference, the order placed', async () => {
      const reference = newReference();
      const lea = identityOf(LEA_LINE);
      const identity: CheckedIdentity = {
        given_name: lea.given_name,
        family_name: lea.family_name,
        address: lea.address,
      };
      const first = await session(shop, { reference });
      // the widget's check on Léa's (Orange) line: the relay sends the shopper to the operator's consent page
      const consent = await post(
        `${relayUrl}/match`,
        JSON.stringify({
          v: 3,
          scope: 'matching_notp',
          phone: LEA_LINE.phone,
          identity,
          session: first.json?.['session'],
          return_url: `${shop.url}/checkout`,
        }),
        'application/json',
        { origin: shop.url },
      );
      expect(consent.json, consent.text).toMatchObject({ status: 'success', operator: 'Orange' });
      const decided = await fetch(String(consent.json?.['url']), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'decision=accept',
        redirect: 'manual',
        signal: AbortSignal.timeout(15_000),
      });
      const back = new URL(decided.headers.get('location') ?? '');
      expect(back.origin).toBe(shop.url);
      // back on a freshly loaded page: the page asks its backend for a session again, for the same order
      const second = await session(shop, { reference });
      const result = {
        token: back.searchParams.get('token'),
        state: back.searchParams.get('idmobile_state'),
        session: second.json?.['session'],
      };
      let answer = await post(`${relayUrl}/result`, JSON.stringify(result), 'application/json', { origin: shop.url });
      for (let i = 0; i < 5 && answer.json?.['status'] === 'pending'; i++)
        answer = await post(`${relayUrl}/result`, JSON.stringify(result), 'application/json', { origin: shop.url });
      expect(answer.json, answer.text).toMatchObject({ verdict: 'verified' });
      const placed = await order(shop, {
        reference,
        phone: LEA_LINE.phone,
        identity,
        idmobile: String(answer.json?.['attestation']),
      });
      expect(placed.status, placed.text).toBe(201);
      expect(placed.json).toEqual({ status: 'placed', reference, verdict: 'verified' });
    });

    const other: CheckedIdentity = { ...CAMILLE, given_name: 'Jean', family_name: 'Dupont' };
    const wrongPostal: CheckedIdentity = { ...CAMILLE, address: { ...CAMILLE.address, postal_code: '13001' } };
    const reviews: Array<{
      name: string;
      check?: { phone?: string; identity?: CheckedIdentity };
      order: (reference: string) => { reference: string; phone: string; identity: CheckedIdentity };
      answer: (verdict: string) => Record<string, unknown>;
    }> = [
      {
        name: 'the order names someone else than the check',
        order: (reference) => ({
          reference,
          phone: CAMILLE_LINE.phone,
          identity: { ...CAMILLE, family_name: 'Dupont' },
        }),
        answer: () => ({ status: 'review', reasons: ['identity_mismatch'], mismatched: ['family_name'] }),
      },
      {
        name: "the order is another order than the session's",
        order: () => ({ reference: newReference(), phone: CAMILLE_LINE.phone, identity: CAMILLE }),
        answer: () => ({ status: 'review', reasons: ['reference_mismatch'] }),
      },
      {
        name: 'the order ships to another number than the one checked',
        order: (reference) => ({ reference, phone: JEAN_PIERRE_LINE.phone, identity: CAMILLE }),
        answer: () => ({ status: 'review', reasons: ['phone_mismatch'] }),
      },
      {
        name: "the names are not the line holder's (the widget's check was not verified)",
        check: { identity: other },
        order: (reference) => ({ reference, phone: CAMILLE_LINE.phone, identity: other }),
        answer: (verdict) => ({
          status: 'review',
          reasons: ['verdict_not_accepted', 'unmatched_fields'],
          verdict,
          unmatched: ['given_name', 'family_name'],
        }),
      },
      {
        name: "the postal code is not the line holder's (require_match)",
        check: { identity: wrongPostal },
        order: (reference) => ({ reference, phone: CAMILLE_LINE.phone, identity: wrongPostal }),
        answer: () => ({ status: 'review', reasons: ['unmatched_fields'], unmatched: ['address.postal_code'] }),
      },
    ];
    for (const c of reviews) {
      test(`review, with the relay's reason: ${c.name}`, async () => {
        const reference = newReference();
        const { attestation, verdict } = await checked(reference, c.check);
        const res = await order(shop, { ...c.order(reference), idmobile: attestation });
        expect(res.status, res.text).toBe(202);
        expect(res.json).toEqual(c.answer(verdict));
      });
    }

    test('refused: an attestation missing, tampered with, or an order the relay cannot read', async () => {
      const reference = newReference();
      const { attestation } = await checked(reference);
      const base = { reference, phone: CAMILLE_LINE.phone, identity: CAMILLE };
      const [head, payload, signature] = attestation.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, ref: 'order-other' })).toString('base64url')}.${signature}`;
      const cases: Array<[Parameters<typeof orderForm>[0], unknown]> = [
        [base, { status: 'refused', reasons: ['missing_attestation'] }],
        [
          { ...base, idmobile: 'not-an-attestation' },
          { status: 'refused', reasons: ['malformed'] },
        ],
        [
          { ...base, idmobile: forged },
          { status: 'refused', reasons: ['signature'] },
        ],
        [
          {
            ...base,
            identity: { ...CAMILLE, address: { ...CAMILLE.address, country: 'france' } },
            idmobile: attestation,
          },
          { status: 'refused', reasons: ['invalid_request'], field: 'identity.address.country' },
        ],
      ];
      for (const [form, answer] of cases) {
        const res = await order(shop, form);
        expect(res.status, res.text).toBe(422);
        expect(res.json).toEqual(answer);
      }
      // none of them used the attestation: the right order still goes through
      const placed = await order(shop, { ...base, idmobile: attestation });
      expect(placed.json).toEqual({ status: 'placed', reference, verdict: 'verified' });
    });

    test('what the backend sends /verify: the order, the key, require_match, no Origin', async () => {
      standIn!.answer = { status: 200, body: '{"success":true,"verdict":"verified","mode":"dqe"}' };
      standIn!.requests.length = 0;
      const form = { reference: 'order-42', phone: '06 12 34 56 78', identity: CAMILLE, idmobile: 'eyJ.a.b' };
      const res = await order(shopOfStandIn, form);
      expect(res.json).toEqual({ status: 'placed', reference: 'order-42', verdict: 'verified' });
      expect(standIn!.requests).toHaveLength(1);
      const [sent] = standIn!.requests;
      expect(sent).toMatchObject({ method: 'POST', path: '/verify' });
      expect(sent!.headers['authorization']).toBe(`Bearer ${API_KEY}`);
      expect(sent!.headers['content-type']).toMatch(/^application\/json\b/);
      expect(sent!.headers['origin']).toBeUndefined();
      expect(JSON.parse(sent!.body)).toEqual({
        attestation: 'eyJ.a.b',
        phone: '06 12 34 56 78',
        reference: 'order-42',
        identity: CAMILLE,
        require_match: ['given_name', 'family_name', 'address.postal_code'],
      });
    });

    const html = (status: number): StandInAnswer => ({ status, body: '<h1>Bad gateway</h1>', type: 'text/html' });
    const refusal = (status: number, code: string): StandInAnswer => ({
      status,
      body: JSON.stringify({ success: false, error_codes: [code] }),
    });
    const relayAnswers: Array<[string, StandInAnswer, number, unknown]> = [
      [
        'a verification that fails (its answer alone decides)',
        { status: 200, body: '{"success":false,"error_codes":["verdict_not_accepted"],"verdict":"inconclusive"}' },
        202,
        { status: 'review', reasons: ['verdict_not_accepted'], verdict: 'inconclusive' },
      ],
      [
        '503 store_unavailable (fails closed)',
        refusal(503, 'store_unavailable'),
        503,
        { status: 'unavailable', reasons: ['store_unavailable'] },
      ],
      [
        '401 unauthorized (a wrong key)',
        refusal(401, 'unauthorized'),
        503,
        { status: 'unavailable', reasons: ['unauthorized'] },
      ],
      [
        '404 not_found (the server API is off)',
        refusal(404, 'not_found'),
        503,
        { status: 'unavailable', reasons: ['not_found'] },
      ],
      [
        '500 internal_error',
        refusal(500, 'internal_error'),
        503,
        { status: 'unavailable', reasons: ['internal_error'] },
      ],
      ["a proxy's 502 page", html(502), 503, { status: 'unavailable', reasons: ['relay_unavailable'] }],
      ['200 that is not JSON', html(200), 503, { status: 'unavailable', reasons: ['relay_unavailable'] }],
      [
        '200 with a JSON array',
        { status: 200, body: '[]' },
        503,
        { status: 'unavailable', reasons: ['relay_unavailable'] },
      ],
      [
        'a connection closed without an answer',
        'hang-up',
        503,
        { status: 'unavailable', reasons: ['relay_unavailable'] },
      ],
    ];
    for (const [name, answer, status, body] of relayAnswers) {
      test(`the relay answers ${name}: ${status}, nothing placed`, async () => {
        standIn!.answer = answer;
        const res = await order(shopOfStandIn, {
          reference: 'order-1',
          phone: CAMILLE_LINE.phone,
          identity: CAMILLE,
          idmobile: 'x.y.z',
        });
        expect(res.status, res.text).toBe(status);
        expect(res.json).toEqual(body);
      });
    }

    test('the relay unreachable: 503 relay_unavailable on both routes, and the backend keeps serving', async () => {
      const created = await session(shopOfNothing, { reference: 'order-1' });
      expect(created.status, created.text).toBe(503);
      expect(created.json).toEqual({ reasons: ['relay_unavailable'] });
      standIn!.answer = refusal(503, 'store_unavailable');
      expect((await session(shopOfStandIn, { reference: 'order-1' })).json).toEqual({ reasons: ['store_unavailable'] });
      const placed = await order(shopOfNothing, {
        reference: 'order-1',
        phone: CAMILLE_LINE.phone,
        identity: CAMILLE,
        idmobile: 'x.y.z',
      });
      expect(placed.status, placed.text).toBe(503);
      expect(placed.json).toEqual({ status: 'unavailable', reasons: ['relay_unavailable'] });
      expect((await fetch(`${shopOfNothing.url}/`)).status).toBe(200);
    });

    test('an unknown route or a bad request: a clear answer, never a crash', async () => {
      const unknown = await post(`${shop.url}/api/nothing`, '{}', 'application/json');
      expect(unknown.status).toBe(404);
      expect(unknown.json).toEqual({ reasons: ['not_found'] });
      const arrays = await post(`${shop.url}/api/order`, 'given_name[]=a&idmobile[]=b&reference=r', FORM);
      expect(arrays.status, arrays.text).toBe(422);
      expect(arrays.json).toMatchObject({ status: 'refused' });
      expect((await fetch(`${shop.url}/`)).status).toBe(200);
    });
  });
}
