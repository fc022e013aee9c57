/**
 * Hardening (issue 7), privacy: the relay's logs of a full test-mode run (`createTestModeRelay` as the demo runs
 * it, and the same relay on the simulator with every DQE exchange recorded so the access and session tokens
 * are known) contain none of the personal data or secrets used: names, email, phone in any spelling, birth
 * date, street, postal code, city, the attestation secret, the access tokens, the consent session tokens, the
 * attestations. test/node/relay/secrets.spec.ts does the same against a fault-injecting fake DQE; this file
 * covers the test mode's full flows (scores, consent accepted and refused, result polling, magic errors, token
 * renewal after expiry, refusals of the relay's own checks).
 */
import { expect, test } from '@playwright/test';
import { createRelay } from '../../../../src/relay/app.js';
import { createDqeUpstream } from '../../../../src/relay/upstreams/dqe/client.js';
import { createLogger } from '../../../../src/relay/log.js';
import { createTestModeRelay, TEST_MODE_BASE_URL } from '../../../../src/relay/test-mode.js';
import { createSimulator, DEMO_CLIENT_SECRET, DEMO_LICENCE } from '../../../../src/testmode/index.js';
import { JEAN_PIERRE_LINE, LEA_LINE, matchRequestOf, typedPhoneOf } from '../../../fixtures/subscribers.js';

const ATTESTATION_SECRET = 'hardening-attestation-secret-4b1d9e7a0c';
const PAGE = 'http://localhost:5173';
const SIM_PUBLIC = 'http://localhost:5173/simulator';

// as the v3 widget sends them
const LEA = { ...matchRequestOf(LEA_LINE), return_url: `${PAGE}/checkout?cart=7&idmobile_return=1`, v: 3 };
const JEAN = { ...matchRequestOf(JEAN_PIERRE_LINE), v: 3 };

function personalData(): string[] {
  const out: string[] = [];
  for (const p of [LEA, JEAN]) {
    const id = p.identity;
    const national = `0${p.phone.slice(3)}`;
    out.push(
      p.phone,
      p.phone.slice(1),
      p.phone.slice(3),
      national,
      encodeURIComponent(p.phone),
      national.replace(/(\d\d)(?=\d)/g, '$1 '),
      id.given_name,
      id.family_name,
      id.email,
      id.email.split('@')[0]!,
      id.birthdate,
      id.address.street_address,
      id.address.postal_code,
      id.address.locality,
    );
  }
  out.push('L%C3%A9a', 'Jean Jaur', 'idmobile_return', 'checkout?cart');
  return out;
}

function setup() {
  const lines: string[] = [];
  const exchanged: string[] = []; // every DQE answer body, to learn the tokens issued
  const simulator = createSimulator({ publicUrl: SIM_PUBLIC, tokenTtlSeconds: 2 });
  const relay = createRelay({
    mode: 'test',
    upstream: createDqeUpstream({
      baseUrl: TEST_MODE_BASE_URL,
      licence: DEMO_LICENCE,
      clientSecret: DEMO_CLIENT_SECRET,
      partnerName: 'Shop',
      logger: createLogger({ sink: (entry) => lines.push(JSON.stringify(entry)), secrets: [ATTESTATION_SECRET] }),
      fetch: async (input, init) => {
        const res = await simulator.fetch(new Request(input, init));
        exchanged.push(await res.clone().text());
        return res;
      },
    }),
    allowedOrigins: ['http://localhost:*'],
    attestationSecret: ATTESTATION_SECRET,
    limits: { client: { windowMs: 60_000, max: 1000 } },
    logger: (entry) => lines.push(JSON.stringify(entry)),
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    relay.request(`http://localhost:5173${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PAGE, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { relay, simulator, lines, exchanged, post };
}

async function consentRoundTrip(
  s: ReturnType<typeof setup>,
  decision: 'accept' | 'refuse',
): Promise<{ session: string; state: string; answers: string[] }> {
  const answers: string[] = [];
  const consent = (await (await s.post('/match', LEA)).json()) as { url: string };
  const url = new URL(consent.url);
  const path = url.pathname.replace(/^\/simulator/, '');
  const back = await s.simulator.request(`http://localhost:5173${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `decision=${decision}`,
  });
  const location = new URL(back.headers.get('location')!);
  const session = location.searchParams.get('token')!;
  const state = location.searchParams.get('idmobile_state')!;
  for (let i = 0; i < 4; i++) {
    const r = await s.post('/result', { token: session, state });
    const text = await r.text();
    answers.push(text);
    if (!text.includes('pending')) break;
  }
  return { session, state, answers };
}

test('a full test-mode run leaves no personal data and no secret in the relay logs', async () => {
  const s = setup();
  const attestations: string[] = [];
  const keep = async (p: Response | Promise<Response>) => {
    const body = (await (await p).json()) as Record<string, unknown>;
    if (typeof body['attestation'] === 'string') attestations.push(body['attestation']);
    return body;
  };
  // scores, twice (token reuse), then after the token expired (renewal)
  await keep(s.post('/match', JEAN));
  await keep(s.post('/match', { ...JEAN, identity: { ...JEAN.identity, given_name: 'Jean Pierre' } }));
  await new Promise((r) => setTimeout(r, 2100));
  await keep(s.post('/match', JEAN));
  // consent accepted (pending, then scores), consent refused
  const accepted = await consentRoundTrip(s, 'accept');
  const refused = await consentRoundTrip(s, 'refuse');
  expect(accepted.answers.at(-1)).toContain('attestation');
  for (const a of accepted.answers) {
    const body = JSON.parse(a) as Record<string, unknown>;
    if (typeof body['attestation'] === 'string') attestations.push(body['attestation']);
  }
  // magic errors, an unknown number, the relay's own refusals
  for (const phone of ['+33600000010', '+33600000016', '+33600000030', '+33611223344'])
    await keep(s.post('/match', { ...JEAN, phone }));
  await keep(s.post('/match', { ...JEAN, identity: { ...JEAN.identity, birthdate: '1978-02-30' } }));
  await keep(s.post('/match', { ...JEAN, phone: typedPhoneOf(JEAN_PIERRE_LINE) }));
  await keep(s.post('/match', JSON.stringify(JEAN).slice(0, 60)));
  await keep(s.post('/match', JEAN, { origin: 'https://evil.example' }));
  await keep(s.post('/match', { ...LEA, return_url: `https://evil.example/?u=${LEA.identity.email}` }));
  await keep(s.post('/match', JEAN, { 'content-type': 'text/plain' }));
  // attacker-controlled strings the relay does log (refused origins): phone digits in them are scrubbed
  await keep(s.post('/match', JEAN, { origin: `https://0${LEA.phone.slice(3)}.evil.example` }));
  await keep(s.post('/match', { ...LEA, return_url: `https://${LEA.phone.slice(1)}.evil.example/checkout` }));
  await keep(s.post('/result', { token: 'unknown-session-token-123' }));

  const tokens = s.exchanged.flatMap((t) => {
    try {
      const b = JSON.parse(t) as Record<string, unknown>;
      return [b['access_token'], b['refresh_token']].filter((v): v is string => typeof v === 'string');
    } catch {
      return [];
    }
  });
  expect(tokens.length, 'tokens were issued and renewed').toBeGreaterThanOrEqual(2);
  expect(attestations.length).toBeGreaterThanOrEqual(4);

  const needles = [
    ...personalData(),
    ATTESTATION_SECRET,
    ...tokens,
    accepted.session,
    refused.session,
    accepted.state,
    refused.state,
    ...attestations,
    ...attestations.map((a) => a.split('.')[1]!), // the claims part alone
  ];
  expect(s.lines.length).toBeGreaterThan(30);
  const all = s.lines.join('\n');
  for (const needle of needles) expect(all, `the logs leak ${needle.slice(0, 40)}`).not.toContain(needle);
  // and they still tell what happened
  expect(all).toContain('"event":"request"');
  expect(all).toContain('token_rejected');
  // the upstream's own error text goes to the log (the browser gets the relay's): here the simulator's, as DQE's
  expect(all).toContain('"event":"upstream_error"');
  expect(all).toContain('operator [Orange] unreachable');
});

test('the demo configuration (createTestModeRelay) logs no personal data either', async () => {
  const lines: string[] = [];
  const { relay, simulator } = createTestModeRelay({
    simulatorPublicUrl: SIM_PUBLIC,
    allowedOrigins: [],
    attestationSecret: ATTESTATION_SECRET,
    limits: { client: { windowMs: 60_000, max: 2000 } },
    logger: (e) => lines.push(JSON.stringify(e)),
  });
  const post = (path: string, body: unknown) =>
    relay.request(`http://localhost:5173${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PAGE },
      body: JSON.stringify(body),
    });
  const consent = (await (await post('/match', LEA)).json()) as { url: string };
  const back = await simulator.request(
    `http://localhost:5173${new URL(consent.url).pathname.replace(/^\/simulator/, '')}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=accept',
    },
  );
  const location = new URL(back.headers.get('location')!);
  const session = location.searchParams.get('token')!;
  const state = location.searchParams.get('idmobile_state')!;
  const answers = [
    await (await post('/result', { token: session, state })).text(),
    await (await post('/result', { token: session, state })).text(),
  ];
  await post('/match', JEAN);
  const all = lines.join('\n');
  for (const needle of [
    ...personalData(),
    ATTESTATION_SECRET,
    session,
    state,
    ...answers.map((a) => (JSON.parse(a) as { attestation?: string }).attestation ?? 'none-at-all-xyz'),
  ]) {
    expect(all, `the logs leak ${needle.slice(0, 40)}`).not.toContain(needle);
  }
});

test('an x-correlator reaches the log whole (a UUID’s digits are not a phone number), secrets still removed', () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ sink: (e) => lines.push(e), secrets: ['s3cr3t-value'] });
  log.info('camara_answer', {
    x_correlator: '3f1e2d4c-88b6-4694-8b4b-8792d9ffc349',
    answer_x_correlator: 'op:s3cr3t-value',
    note: 'call 88b6-4694-8b4b',
  });
  expect(lines[0]).toMatchObject({
    x_correlator: '3f1e2d4c-88b6-4694-8b4b-8792d9ffc349',
    answer_x_correlator: 'op:[redacted]',
  });
  expect(lines[0]!['note']).not.toContain('4694');
});
