/**
 * The CAMARA face's CIBA (OpenID CIBA Core 1.0, poll mode: §7.1 request, §7.3 acknowledgement, §10/§11 token
 * polling and its errors; RFC 8628 §3.5 for `slow_down` raising the interval by 5 s) and the subscriber's phone
 * page, on a manual clock.
 */
import { expect, test } from '@playwright/test';
import {
  CAMARA_PATHS,
  CAMARA_SUBSCRIBERS,
  CIBA_REFUSING_NUMBER,
  DEFAULT_CIBA_APPROVAL_MS,
  DEFAULT_CIBA_INTERVAL_SECONDS,
} from '../../../src/testmode/index.js';
import { CAMILLE_LINE, JEAN_PIERRE_LINE } from '../../fixtures/subscribers.js';
import { BASE } from './helpers.js';
import { accessToken, camaraSim, CIBA_GRANT, DOCUMENTED, matchCall, post, SCOPE } from './camara-helpers.js';

const line = (phone: string) => CAMARA_SUBSCRIBERS.find((s) => s.phone === phone)!;
const APPROVES = line('+33740000001');
const REFUSES = line('+33740000002');
const SILENT = line('+33740000003');

type Sim = ReturnType<typeof camaraSim>;

async function start(sim: Sim['sim'], phone: string, extra: Record<string, string> = {}) {
  const res = await post(sim, CAMARA_PATHS.authorize, { login_hint: `tel:${phone}`, scope: SCOPE, ...extra });
  expect(res.status).toBe(200);
  return (await res.json()) as { auth_req_id: string; expires_in: number; interval: number };
}

const poll = (sim: Sim['sim'], id: string) =>
  post(sim, CAMARA_PATHS.token, { grant_type: CIBA_GRANT, auth_req_id: id });

async function error(res: Response) {
  return { status: res.status, body: (await res.json()) as unknown };
}

test.describe('bc-authorize', () => {
  test('acknowledges with auth_req_id, expires_in 120 and the default interval (2 s)', async () => {
    const { sim } = camaraSim();
    const ack = await start(sim, JEAN_PIERRE_LINE.phone);
    expect(Object.keys(ack).sort()).toEqual(['auth_req_id', 'expires_in', 'interval']);
    expect(ack.expires_in).toBe(120);
    expect(ack.interval).toBe(DEFAULT_CIBA_INTERVAL_SECONDS);
    expect(DEFAULT_CIBA_INTERVAL_SECONDS).toBe(2);
    expect(ack.auth_req_id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  test('cibaIntervalSeconds sets the interval announced', async () => {
    const { sim } = camaraSim({ cibaIntervalSeconds: 5 });
    expect((await start(sim, JEAN_PIERRE_LINE.phone)).interval).toBe(5);
  });

  const refused: Array<[string, Record<string, string>, string]> = [
    ['no openid in the scope', { login_hint: 'tel:+33612345678', scope: 'kyc-match:match' }, 'invalid_scope'],
    [
      'no KYC Match scope',
      { login_hint: 'tel:+33612345678', scope: 'openid dpv:FraudPreventionAndDetection' },
      'invalid_scope',
    ],
    ['no login_hint', { scope: SCOPE }, 'invalid_request'],
    ['a login_hint that is not tel:+…', { login_hint: 'camille@example.fr', scope: SCOPE }, 'invalid_request'],
    [
      'a binding_message too long',
      { login_hint: 'tel:+33612345678', scope: SCOPE, binding_message: 'x'.repeat(101) },
      'invalid_binding_message',
    ],
  ];
  for (const [name, params, code] of refused) {
    test(`${name}: 400 ${code}`, async () => {
      const { sim } = camaraSim();
      expect(await error(await post(sim, CAMARA_PATHS.authorize, params))).toEqual({
        status: 400,
        body: { error: code },
      });
    });
  }

  test('a body that is not a form: 400 invalid_request', async () => {
    const { sim } = camaraSim();
    const res = await sim.request(`${BASE}${CAMARA_PATHS.authorize}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from('demo:demo').toString('base64')}`,
      },
      body: '{}',
    });
    expect(await error(res)).toEqual({ status: 400, body: { error: 'invalid_request' } });
  });
});

test.describe('token polling', () => {
  test('authorization_pending until the subscriber approves (after cibaApprovalMs), then a token bound to the line', async () => {
    const { sim, clock } = camaraSim();
    const { auth_req_id, interval } = await start(sim, APPROVES.phone);
    for (let waited = 0; waited < DEFAULT_CIBA_APPROVAL_MS; waited += interval * 1000) {
      expect(await error(await poll(sim, auth_req_id))).toEqual({
        status: 400,
        body: { error: 'authorization_pending' },
      });
      clock.advance(interval * 1000);
    }
    const res = await poll(sim, auth_req_id);
    expect(res.status).toBe(200);
    const token = await accessToken(res);
    // bound to the number: the subject comes from the token; another phoneNumber is INVALID_TOKEN_CONTEXT
    const r = APPROVES.record;
    const own = await matchCall(sim, token, { givenName: r.firstname, familyName: r.lastname });
    expect(await own.json()).toEqual({ givenNameMatch: 'true', familyNameMatch: 'true' });
    const other = await matchCall(sim, token, { phoneNumber: CAMILLE_LINE.phone, givenName: 'Camille' });
    expect(await other.json()).toEqual(DOCUMENTED.INVALID_TOKEN_CONTEXT);
    // the request is over: polling it again is invalid_grant
    expect(await error(await poll(sim, auth_req_id))).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  test('cibaApprovalMs sets how long the subscriber takes; 0 approves at once', async () => {
    const slow = camaraSim({ cibaApprovalMs: 10_000 });
    const a = await start(slow.sim, APPROVES.phone);
    slow.clock.advance(8000);
    expect((await poll(slow.sim, a.auth_req_id)).status).toBe(400);
    slow.clock.advance(2000);
    expect((await poll(slow.sim, a.auth_req_id)).status).toBe(200);
    const quick = camaraSim({ cibaApprovalMs: 0 });
    const b = await start(quick.sim, APPROVES.phone);
    expect((await poll(quick.sim, b.auth_req_id)).status).toBe(200);
  });

  test('slow_down when polled sooner than the interval; the interval then grows by 5 s (CIBA §11, RFC 8628 §3.5)', async () => {
    const { sim, clock } = camaraSim({ cibaApprovalMs: 60_000 });
    const { auth_req_id } = await start(sim, APPROVES.phone);
    expect((await error(await poll(sim, auth_req_id))).body).toEqual({ error: 'authorization_pending' });
    clock.advance(1999);
    expect(await error(await poll(sim, auth_req_id))).toEqual({ status: 400, body: { error: 'slow_down' } });
    // now 7 s are required: 2 s is too soon again (and raises it to 12 s)
    clock.advance(2000);
    expect((await error(await poll(sim, auth_req_id))).body).toEqual({ error: 'slow_down' });
    clock.advance(12_000);
    expect((await error(await poll(sim, auth_req_id))).body).toEqual({ error: 'authorization_pending' });
  });

  test('the subscriber who refuses: pending, then access_denied after a few seconds', async () => {
    const { sim, clock } = camaraSim();
    const { auth_req_id } = await start(sim, REFUSES.phone);
    expect((await error(await poll(sim, auth_req_id))).body).toEqual({ error: 'authorization_pending' });
    clock.advance(DEFAULT_CIBA_APPROVAL_MS);
    expect(await error(await poll(sim, auth_req_id))).toEqual({ status: 400, body: { error: 'access_denied' } });
  });

  test(`${CIBA_REFUSING_NUMBER} still refuses at the first poll`, async () => {
    const { sim } = camaraSim();
    const { auth_req_id } = await start(sim, CIBA_REFUSING_NUMBER);
    expect((await error(await poll(sim, auth_req_id))).body).toEqual({ error: 'access_denied' });
  });

  test('the subscriber who never answers: pending until expires_in, then expired_token', async () => {
    const { sim, clock } = camaraSim();
    const { auth_req_id, expires_in } = await start(sim, SILENT.phone);
    for (let t = 0; t < expires_in * 1000; t += 10_000) {
      expect((await error(await poll(sim, auth_req_id))).body).toEqual({ error: 'authorization_pending' });
      clock.advance(10_000);
    }
    expect(await error(await poll(sim, auth_req_id))).toEqual({ status: 400, body: { error: 'expired_token' } });
  });

  test('an unknown auth_req_id: invalid_grant', async () => {
    const { sim } = camaraSim();
    expect(await error(await poll(sim, 'nope'))).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  test('a token whose scope lacks kyc-match:match is refused by KYC Match (PERMISSION_DENIED)', async () => {
    const { sim } = camaraSim();
    const token = await accessToken(
      await post(sim, CAMARA_PATHS.token, { grant_type: 'client_credentials', scope: 'openid' }),
    );
    const res = await matchCall(sim, token, { phoneNumber: CAMILLE_LINE.phone, givenName: 'Camille' });
    expect(await res.json()).toEqual(DOCUMENTED.PERMISSION_DENIED);
  });
});

test.describe("the subscriber's phone page", () => {
  const page = (sim: Sim['sim'], query: string, headers: Record<string, string> = {}) =>
    sim.request(`${BASE}${CAMARA_PATHS.phone}?${query}`, { headers });
  const answer = (sim: Sim['sim'], params: Record<string, string>) =>
    sim.request(`${BASE}${CAMARA_PATHS.phone}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
  const requestIds = (html: string) => [...html.matchAll(/name="request" value="([^"]+)"/g)].map((m) => m[1]!);

  test('lists the pending request with the operator and the binding message, under a strict CSP', async () => {
    const { sim } = camaraSim();
    await start(sim, APPROVES.phone, { binding_message: 'Commande <42>' });
    const res = await page(sim, `number=${encodeURIComponent(APPROVES.phone)}&lang=en`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('asks to check your identity with Free Mobile');
    expect(html).toContain('the simulated subscriber approves in 4 s');
    expect(html).toContain('Commande &lt;42&gt;');
    expect(html).not.toContain('<42>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('http-equiv="refresh"');
    expect(requestIds(html)).toHaveLength(1);
  });

  test('in French by default, with the same request', async () => {
    const { sim } = camaraSim();
    await start(sim, APPROVES.phone);
    const html = await (await page(sim, `number=${encodeURIComponent(APPROVES.phone)}`)).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('demande à vérifier votre identité auprès de Free Mobile');
    expect(html).toContain('Accepter');
  });

  test('Approve: the next poll gets the token at once, before the subscriber would have approved by default', async () => {
    const { sim, clock } = camaraSim({ cibaApprovalMs: 60_000 });
    const { auth_req_id } = await start(sim, APPROVES.phone);
    const html = await (await page(sim, `number=${encodeURIComponent(APPROVES.phone)}`)).text();
    const res = await answer(sim, {
      number: APPROVES.phone,
      request: requestIds(html)[0]!,
      decision: 'approve',
      lang: 'en',
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, BASE);
    expect(location.pathname).toBe(CAMARA_PATHS.phone);
    expect(location.searchParams.get('done')).toBe('approved');
    const after = await (await sim.request(`${BASE}${location.pathname}${location.search}`)).text();
    expect(after).toContain('You approved the request.');
    expect(requestIds(after)).toHaveLength(0);
    expect(after).toContain('http-equiv="refresh"');
    clock.advance(2000);
    expect((await poll(sim, auth_req_id)).status).toBe(200);
  });

  test('Refuse: the next poll is access_denied, even on a line that approves by default', async () => {
    const { sim } = camaraSim();
    const { auth_req_id } = await start(sim, APPROVES.phone);
    const html = await (await page(sim, `number=${encodeURIComponent(APPROVES.phone)}`)).text();
    const res = await answer(sim, { number: APPROVES.phone, request: requestIds(html)[0]!, decision: 'refuse' });
    expect(new URL(res.headers.get('location')!, BASE).searchParams.get('done')).toBe('refused');
    expect((await error(await poll(sim, auth_req_id))).body).toEqual({ error: 'access_denied' });
  });

  test('the subscriber who never answers can still approve on the page', async () => {
    const { sim } = camaraSim();
    const { auth_req_id } = await start(sim, SILENT.phone);
    const html = await (await page(sim, `number=${encodeURIComponent(SILENT.phone)}`)).text();
    await answer(sim, { number: SILENT.phone, request: requestIds(html)[0]!, decision: 'approve' });
    expect((await poll(sim, auth_req_id)).status).toBe(200);
  });

  test("a request is answered only from its own line's page; an answered or unknown one says so", async () => {
    const { sim } = camaraSim();
    await start(sim, APPROVES.phone);
    const id = requestIds(await (await page(sim, `number=${encodeURIComponent(APPROVES.phone)}`)).text())[0]!;
    const wrongLine = await answer(sim, { number: JEAN_PIERRE_LINE.phone, request: id, decision: 'approve' });
    expect(new URL(wrongLine.headers.get('location')!, BASE).searchParams.get('done')).toBe('gone');
    await answer(sim, { number: APPROVES.phone, request: id, decision: 'refuse' });
    const twice = await answer(sim, { number: APPROVES.phone, request: id, decision: 'approve' });
    expect(new URL(twice.headers.get('location')!, BASE).searchParams.get('done')).toBe('gone');
  });

  test('requests that expired or were answered by default are no longer listed', async () => {
    const { sim, clock } = camaraSim();
    await start(sim, APPROVES.phone);
    await start(sim, SILENT.phone);
    clock.advance(DEFAULT_CIBA_APPROVAL_MS);
    expect(requestIds(await (await page(sim, `number=${encodeURIComponent(APPROVES.phone)}`)).text())).toHaveLength(0);
    const silentPage = await (await page(sim, `number=${encodeURIComponent(SILENT.phone)}&lang=en`)).text();
    expect(requestIds(silentPage)).toHaveLength(1);
    expect(silentPage).toContain('The request expires in 116 s.');
    clock.advance(120_000);
    expect(requestIds(await (await page(sim, `number=${encodeURIComponent(SILENT.phone)}`)).text())).toHaveLength(0);
  });

  test('the number may be written the national way; without one the page asks for it; a wrong one is 400', async () => {
    const { sim } = camaraSim();
    await start(sim, JEAN_PIERRE_LINE.phone);
    expect(requestIds(await (await page(sim, 'number=06%2098%2076%2054%2032')).text())).toHaveLength(1);
    const ask = await (await page(sim, '')).text();
    expect(ask).toContain('name="number"');
    const wrong = await page(sim, 'number=%3Cb%3Ehello');
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).not.toContain('<b>hello');
  });

  test('a malformed answer is 400, not a crash', async () => {
    const { sim } = camaraSim();
    expect((await answer(sim, { number: APPROVES.phone, request: 'x', decision: 'maybe' })).status).toBe(400);
    expect((await answer(sim, { decision: 'approve' })).status).toBe(400);
  });
});
