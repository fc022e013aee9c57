/** The consent round trip: `/IDMOBILE/` -> consent page -> redirect_uri -> `/GET/` (pending once, then scores). */
import { expect, test } from '@playwright/test';
import { Hono } from 'hono';
import { createSimulator } from '../../../src/testmode/index.js';
import { BASE, errorText, form, getToken, LEA, manualClock, PENDING_TEXT, setup, wrapped } from './helpers.js';
import { LEA_LINE } from '../../fixtures/subscribers.js';

const REDIRECT = 'https://shop.example/checkout?step=pay&idmobile_return=1';

/**
 * Léa's perfect match as DQE's retrieval page shows it under `matching` (test/node/upstreams/fixtures/dqe.ts
 * RETRIEVAL_WRAPPED): every score a string, and `name` (the full name) besides the seed's keys.
 */
const PERFECT = {
  gender: '1',
  name: '1',
  family_name: '1',
  birthdate: '1',
  given_name: '1',
  address: { country: '1', postal_code: '1', street_address: '1', locality: '1' },
  email: '1',
};

/** Starts a consent session for Léa Bernard; returns its consent URL, session id and a `/GET/` poller. */
async function startConsent(
  options: Parameters<typeof setup>[0] = {},
  infos: Record<string, string> = LEA,
  overrides: Record<string, string> = {},
) {
  const ctx = await setup(options);
  const res = await ctx.match(LEA_LINE.phone, { redirect_uri: REDIRECT, ...overrides }, infos);
  const body = (await res.json()) as { status: string; operator: string; url: string };
  expect(body.status).toBe('success');
  const session = body.url.split('/consent/')[1]!;
  const path = new URL(body.url).pathname;
  const poll = (params: Record<string, string> = {}) =>
    ctx.sim.request(
      `${BASE}/GET/?${new URLSearchParams({ token: session, Licence: 'demo', scope: 'matching_notp', ...params })}`,
    );
  const page = (headers: Record<string, string> = {}, query = '') =>
    ctx.sim.request(`${BASE}${path}${query}`, { headers });
  const decide = (decision: string, extra: Record<string, string> = {}) =>
    ctx.sim.request(`${BASE}${path}`, form({ decision, ...extra }));
  return { ...ctx, body, session, path, poll, page, decide };
}

test("accept: 303 back to redirect_uri with token and status=success, then pending once, then Léa's scores", async () => {
  const c = await startConsent();
  expect(c.body.url).toBe(`${BASE}/consent/${c.session}`);
  // before the decision, the operator has not answered
  expect(await (await c.poll()).text()).toBe(PENDING_TEXT);
  expect(await (await c.poll()).text()).toBe(PENDING_TEXT);
  const res = await c.decide('accept');
  expect(res.status).toBe(303);
  const back = new URL(res.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe('https://shop.example/checkout');
  expect([...back.searchParams]).toEqual([
    ['step', 'pay'],
    ['idmobile_return', '1'],
    ['token', c.session],
    ['status', 'success'],
  ]);
  expect(await (await c.poll()).text()).toBe(PENDING_TEXT);
  expect(await (await c.poll()).json()).toEqual(wrapped(PERFECT));
  // the result can be fetched again
  expect(await (await c.poll()).json()).toEqual(wrapped(PERFECT));
});

test('the result echoes the code_name sent with /IDMOBILE/, per consent session (the relay binds it to its check)', async () => {
  const nonces = ['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210'];
  const ctx = await setup();
  const sessions = [];
  for (const code_name of nonces) {
    const res = await ctx.match(LEA_LINE.phone, { redirect_uri: REDIRECT, code_name }, LEA);
    const session = ((await res.json()) as { url: string }).url.split('/consent/')[1]!;
    const path = `/consent/${session}`;
    expect((await ctx.sim.request(`${BASE}${path}`, form({ decision: 'accept' }))).status).toBe(303);
    sessions.push(session);
  }
  for (const [i, session] of sessions.entries()) {
    const poll = () =>
      ctx.sim.request(
        `${BASE}/GET/?${new URLSearchParams({ token: session, Licence: 'demo', scope: 'matching_notp' })}`,
      );
    expect(await (await poll()).text()).toBe(PENDING_TEXT);
    expect(await (await poll()).json()).toEqual(wrapped(PERFECT, 'matching_notp', nonces[i]));
  }
});

test('the scores after consent are computed against what was sent', async () => {
  const c = await startConsent(
    {},
    { ...LEA, firstname: 'Lea', lastname: 'Dupont', birthdate: '2001-02-27', email: '', gender: 'M' },
  );
  await c.decide('accept');
  await c.poll();
  const scores = ((await (await c.poll()).json()) as { matching: Record<string, unknown> }).matching;
  expect(scores['given_name']).toBe('1');
  expect(Number(scores['family_name'])).toBeLessThan(0.9);
  expect(Number(scores['name'])).toBeLessThan(0.95);
  expect(scores['birthdate']).toBe('0');
  expect(scores['gender']).toBe('0');
  expect(scores['email']).toBe('');
});

test('refuse: 303 back with status=error; /GET/ then answers error 21 (access denied)', async () => {
  const c = await startConsent();
  const res = await c.decide('refuse');
  expect(res.status).toBe(303);
  const back = new URL(res.headers.get('location')!);
  expect(back.searchParams.get('token')).toBe(c.session);
  expect(back.searchParams.get('status')).toBe('error');
  expect(back.searchParams.get('step')).toBe('pay');
  expect(await (await c.poll()).text()).toBe(errorText('21'));
});

test('a session is decided once: the page and a second decision answer 410', async () => {
  const c = await startConsent();
  expect((await c.decide('accept')).status).toBe(303);
  for (const decision of ['accept', 'refuse']) {
    const again = await c.decide(decision);
    expect(again.status).toBe(410);
    expect(again.headers.get('location')).toBeNull();
    expect(await again.text()).toContain('Demande déjà traitée');
  }
  const page = await c.page();
  expect(page.status).toBe(410);
  // the first decision stands
  await c.poll();
  expect(await (await c.poll()).json()).toEqual(wrapped(PERFECT));
});

test('an unknown session answers a 404 page, in English when asked', async () => {
  const sim = createSimulator();
  const get = await sim.request(`${BASE}/consent/no-such-session`);
  expect(get.status).toBe(404);
  expect(get.headers.get('content-type')).toContain('text/html');
  expect(await get.text()).toContain('Demande introuvable');
  const en = await sim.request(`${BASE}/consent/no-such-session?lang=en`);
  expect(await en.text()).toContain('Request not found');
  const post = await sim.request(`${BASE}/consent/no-such-session`, form({ decision: 'accept' }));
  expect(post.status).toBe(404);
  expect(post.headers.get('location')).toBeNull();
});

test('a consent session expires: the page answers 410 and /GET/ answers 30', async () => {
  const clock = manualClock();
  const c = await startConsent({ now: clock.now, sessionTtlSeconds: 600 });
  clock.advance(600_000);
  expect((await c.page()).status).toBe(410);
  const late = await c.decide('accept');
  expect(late.status).toBe(410);
  expect(await late.text()).toContain('Demande expirée');
  expect(late.headers.get('location')).toBeNull();
  expect(await (await c.poll()).text()).toBe(errorText('30'));
  // long after, it is simply unknown
  clock.advance(3_600_000);
  expect((await c.page()).status).toBe(404);
});

test('a decision other than accept or refuse is refused with the page again (400), and decides nothing', async () => {
  const c = await startConsent();
  const res = await c.decide('maybe');
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('<form method="post">');
  expect((await c.decide('accept')).status).toBe(303);
});

const GET_ERRORS: Array<[string, Record<string, string>, string]> = [
  ['wrong licence', { Licence: 'x' }, errorText('02')],
  ['missing licence', { Licence: '' }, errorText('02')],
  ['wrong scope', { scope: 'x' }, errorText('04')],
  ['missing session token', { token: '' }, errorText('01')],
  ['unknown session token', { token: 'unknown' }, errorText('30')],
];
for (const [name, params, text] of GET_ERRORS) {
  test(`/GET/ with ${name}: ${text}`, async () => {
    const c = await startConsent();
    const res = await c.poll(params);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(text);
  });
}

test('/GET/ answers without trailing slash and by POST too', async () => {
  const c = await startConsent();
  const q = { token: c.session, Licence: 'demo', scope: 'matching_notp' };
  const pending = { status: 'pending', scope: 'matching_notp' };
  expect(await (await c.sim.request(`${BASE}/GET?${new URLSearchParams(q)}`)).json()).toEqual(pending);
  expect(await (await c.sim.request(`${BASE}/GET/`, form(q))).json()).toEqual(pending);
  // the lower-case `licence` of DQE's other pages is accepted too, and `client_idmobile` (named by the retrieval pages)
  const lower = { token: c.session, licence: 'demo', scope: 'client_idmobile' };
  expect(await (await c.sim.request(`${BASE}/GET/?${new URLSearchParams(lower)}`)).json()).toEqual({
    status: 'pending',
    scope: 'client_idmobile',
  });
});

test('the consent page names the operator and the partner, says it is the test mode, and offers Accept and Refuse', async () => {
  const c = await startConsent();
  const res = await c.page();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  const html = await res.text();
  expect(html).toContain('<html lang="fr">');
  expect(html).toContain('<h1>Orange vous demande votre accord</h1>');
  expect(html).toContain('Boutique Test');
  expect(html).toContain('Mode test');
  expect(html).toContain('07 •• •• •4 56');
  expect(html).not.toContain(LEA_LINE.phone);
  expect(html).toContain('shop.example');
  expect(html).toMatch(/<form method="post">/);
  expect(html).toContain('<button type="submit" name="decision" value="accept">Accepter</button>');
  expect(html).toContain('<button type="submit" name="decision" value="refuse">Refuser</button>');
  expect(html).not.toMatch(/<script|\son\w+=|style="/i);
});

test('the consent page runs under a strict CSP allowing the form to post and be redirected to redirect_uri', async () => {
  const c = await startConsent();
  const res = await c.page();
  const csp = res.headers.get('content-security-policy')!;
  const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self' https://shop.example");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe');
  expect(await res.text()).toContain(`<style nonce="${nonce}">`);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('cache-control')).toBe('no-store');
  // a new nonce for each response
  const again = (await c.page()).headers.get('content-security-policy');
  expect(again).not.toBe(csp);
});

const LANGS: Array<[string, Record<string, string>, string, 'fr' | 'en']> = [
  ['no preference', {}, '', 'fr'],
  ['?lang=en', {}, '?lang=en', 'en'],
  ['?lang=fr over an English browser', { 'accept-language': 'en-GB,en;q=0.9' }, '?lang=fr', 'fr'],
  ['an English browser', { 'accept-language': 'en-US,en;q=0.9' }, '', 'en'],
  ['a browser preferring French', { 'accept-language': 'de;q=1,fr-CH;q=0.8,en;q=0.5' }, '', 'fr'],
  ['a browser preferring English over French', { 'accept-language': 'fr;q=0.4,en;q=0.7' }, '', 'en'],
  ['a German-only browser', { 'accept-language': 'de-DE' }, '', 'fr'],
];
for (const [name, headers, query, lang] of LANGS) {
  test(`consent page language with ${name}: ${lang}`, async () => {
    const c = await startConsent();
    const html = await (await c.page(headers, query)).text();
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(lang === 'fr' ? 'Accepter' : '>Accept<');
  });
}

test('the English page keeps its language through the decision error page', async () => {
  const c = await startConsent();
  await c.decide('accept');
  const res = await c.decide('accept', { lang: 'en' });
  expect(await res.text()).toContain('Request already answered');
});

test('what the merchant sends is escaped on the consent page', async () => {
  const c = await startConsent({}, LEA, { name: '<img src=x onerror=alert(1)>"&' });
  const html = await (await c.page()).text();
  expect(html).not.toContain('<img');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&amp;');
});

test('mounted under a prefix without publicUrl: the consent URL keeps the prefix and works through the parent app', async () => {
  const parent = new Hono();
  const sim = createSimulator({ allowedRedirectOrigins: [new URL(REDIRECT).origin] });
  parent.route('/simulator', sim);
  const origin = 'http://localhost:5173';
  const tokenRes = await parent.request(
    `${origin}/simulator/ACCESS_TOKEN/`,
    form({ licence: 'demo', client_secret: 'demo', grant_type: 'client_idmobile' }),
  );
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const res = await parent.request(
    `${origin}/simulator/IDMOBILE/`,
    form({
      licence: 'demo',
      token: access_token,
      number: LEA_LINE.phone,
      mode: '2',
      name: 'Shop',
      scope: 'matching_notp',
      redirect_uri: REDIRECT,
      user_infos: JSON.stringify(LEA),
    }),
  );
  const { url } = (await res.json()) as { url: string };
  expect(url).toMatch(/^http:\/\/localhost:5173\/simulator\/consent\/[\w-]+$/);
  const page = await parent.request(url);
  expect(page.status).toBe(200);
  const decided = await parent.request(url, form({ decision: 'accept' }));
  expect(decided.status).toBe(303);
  const session = url.split('/consent/')[1]!;
  const get = (q: string) => parent.request(`${origin}/simulator/GET/?${q}`);
  const q = new URLSearchParams({ token: session, Licence: 'demo', scope: 'matching_notp' }).toString();
  expect(await (await get(q)).json()).toEqual({ status: 'pending', scope: 'matching_notp' });
  expect(await (await get(q)).json()).toEqual(wrapped(PERFECT));
});

test('publicUrl, when given, makes the consent URL whatever the request URL; in-process fetch works', async () => {
  const sim = createSimulator({
    publicUrl: 'https://demo.example/sim/',
    allowedRedirectOrigins: [new URL(REDIRECT).origin],
  });
  const access = await getToken(sim);
  const res = await sim.fetch(
    new Request(
      'http://in-process/IDMOBILE/',
      form({
        licence: 'demo',
        token: access,
        number: LEA_LINE.phone,
        mode: '2',
        name: 'Shop',
        scope: 'matching_notp',
        redirect_uri: REDIRECT,
        user_infos: JSON.stringify(LEA),
      }),
    ),
  );
  const { url } = (await res.json()) as { url: string };
  expect(url).toMatch(/^https:\/\/demo\.example\/sim\/consent\/[\w-]+$/);
  const page = await sim.fetch(new Request(`http://in-process${new URL(url).pathname.replace('/sim', '')}`));
  expect(page.status).toBe(200);
});

test('the index page lists every subscriber and magic number', async () => {
  const sim = createSimulator();
  const res = await sim.request(`${BASE}/`);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const text = await res.text();
  for (const phone of ['+33612345678', '+33698765432', '+33756123456', '+33600000001', '+33600000030'])
    expect(text).toContain(phone);
});
