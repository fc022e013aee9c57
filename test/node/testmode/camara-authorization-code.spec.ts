/**
 * The CAMARA face's authorization-code flow with PKCE: RFC 6749 §4.1 (§4.1.2.1 for which errors are redirected and
 * which are not, §4.1.3 for the token request, §10.5 single-use codes), RFC 7636 (§4.3 S256 challenge, §4.6
 * verification), with network-based authentication simulated from `login_hint`.
 */
import { expect, test } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { CAMARA_PATHS, CAMARA_SUBSCRIBERS, OTHER_DEVICE_LINE } from '../../../src/testmode/index.js';
import { LEA_LINE } from '../../fixtures/subscribers.js';
import { BASE } from './helpers.js';
import { accessToken, camaraSim, DOCUMENTED, matchCall, post, SCOPE } from './camara-helpers.js';

const REDIRECT = 'https://shop.example/relay/callback?from=operator';
const OTHER_LINE = CAMARA_SUBSCRIBERS.find((s) => s.deviceLine !== undefined)!;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

type Sim = ReturnType<typeof camaraSim>['sim'];

function authorizeParams(overrides: Record<string, string | undefined> = {}, challenge = pkce().challenge) {
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: 'demo',
    scope: SCOPE,
    redirect_uri: REDIRECT,
    state: 'nonce-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    login_hint: `tel:${LEA_LINE.phone}`,
    ...overrides,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== undefined) q.set(k, v);
  return q;
}

const getAuthorize = (sim: Sim, q: URLSearchParams, headers: Record<string, string> = {}) =>
  sim.request(`${BASE}${CAMARA_PATHS.authorization}?${q.toString()}`, { headers });

/** Posts the page's form back with a decision, as the browser would. */
const decide = (sim: Sim, q: URLSearchParams, decision: string) => {
  const body = new URLSearchParams(q);
  body.set('decision', decision);
  return sim.request(`${BASE}${CAMARA_PATHS.authorization}?${q.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
};

/** Runs the browser's part and answers the redirect's query. */
async function approve(sim: Sim, overrides: Record<string, string | undefined> = {}) {
  const { verifier, challenge } = pkce();
  const q = authorizeParams(overrides, challenge);
  const res = await decide(sim, q, 'accept');
  expect(res.status).toBe(303);
  const location = new URL(res.headers.get('location')!);
  return { location, verifier, redirect: q.get('redirect_uri')! };
}

const exchange = (sim: Sim, params: Record<string, string>) =>
  post(sim, CAMARA_PATHS.token, { grant_type: 'authorization_code', ...params });

test.describe('the authorization page', () => {
  test('a valid request shows a page naming the operator, the line, and Accept / Refuse forms, under a strict CSP', async () => {
    const { sim } = camaraSim();
    const res = await getAuthorize(sim, authorizeParams(), { 'accept-language': 'en' });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("form-action 'self' https://shop.example");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('Orange asks for your consent');
    expect(html).toContain('shop.example');
    expect(html).toContain('07 •• •• •4 56'); // the line the device is on, masked
    expect(html).toContain('name="decision" value="accept"');
    expect(html).toContain('name="decision" value="refuse"');
    expect(html).not.toContain('<script');
  });

  test('in French by default', async () => {
    const { sim } = camaraSim();
    const html = await (await getAuthorize(sim, authorizeParams())).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Orange vous demande votre accord');
  });

  const pageErrors: Array<[string, Record<string, string | undefined>]> = [
    ['an unknown client_id', { client_id: 'intruder' }],
    ['no client_id', { client_id: undefined }],
    ['no redirect_uri', { redirect_uri: undefined }],
    ['a redirect_uri on an origin not allowed (open redirect)', { redirect_uri: 'https://evil.example/callback' }],
    ['a redirect_uri with a fragment', { redirect_uri: 'https://shop.example/cb#x' }],
    ['a redirect_uri that is not http(s)', { redirect_uri: 'javascript:alert(1)' }],
    ['a relative redirect_uri', { redirect_uri: '/callback' }],
  ];
  for (const [name, overrides] of pageErrors) {
    test(`${name}: an error page (400), never a redirect`, async () => {
      const { sim } = camaraSim();
      const res = await getAuthorize(sim, authorizeParams(overrides));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const html = await res.text();
      expect(html).not.toContain('evil.example');
      expect(html).not.toContain('javascript:');
      // and Accept cannot turn it into a redirect either
      const posted = await decide(sim, authorizeParams(overrides), 'accept');
      expect(posted.status).toBe(400);
      expect(posted.headers.get('location')).toBeNull();
    });
  }

  test('a loopback redirect_uri is allowed without configuration', async () => {
    const { sim } = camaraSim({ allowedRedirectOrigins: [] });
    const res = await getAuthorize(sim, authorizeParams({ redirect_uri: 'http://localhost:5173/callback' }));
    expect(res.status).toBe(200);
  });

  const redirected: Array<[string, Record<string, string | undefined>, string]> = [
    ['response_type=token', { response_type: 'token' }, 'unsupported_response_type'],
    ['no response_type', { response_type: undefined }, 'invalid_request'],
    ['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
    ['code_challenge_method=plain', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['no code_challenge_method', { code_challenge_method: undefined }, 'invalid_request'],
    ['a challenge that is not S256-shaped', { code_challenge: 'short' }, 'invalid_request'],
    ['no KYC Match scope', { scope: 'openid' }, 'invalid_scope'],
    ['no login_hint', { login_hint: undefined }, 'invalid_request'],
  ];
  for (const [name, overrides, code] of redirected) {
    test(`${name}: back to the redirect_uri with error=${code} and the state`, async () => {
      const { sim } = camaraSim();
      const res = await getAuthorize(sim, authorizeParams(overrides));
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/relay/callback');
      expect(location.searchParams.get('from')).toBe('operator');
      expect(location.searchParams.get('error')).toBe(code);
      expect(location.searchParams.get('state')).toBe('nonce-123');
      expect(location.searchParams.get('code')).toBeNull();
    });
  }

  test('a repeated parameter is invalid_request (RFC 6749 §3.1)', async () => {
    const { sim } = camaraSim();
    const q = authorizeParams();
    q.append('scope', 'openid');
    const res = await getAuthorize(sim, q);
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  test('Accept: 303 to the redirect_uri with a code and the state echoed exactly, its own query kept', async () => {
    const { sim } = camaraSim();
    const state = 'a b&c=d/é?#%+';
    const { location } = await approve(sim, { state });
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/relay/callback');
    expect(location.searchParams.get('from')).toBe('operator');
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  test('Accept without a state: no state in the answer', async () => {
    const { sim } = camaraSim();
    const { location } = await approve(sim, { state: undefined });
    expect(location.searchParams.has('state')).toBe(false);
    expect(location.searchParams.has('code')).toBe(true);
  });

  test('Refuse: error=access_denied with the state, and no code', async () => {
    const { sim } = camaraSim();
    const res = await decide(sim, authorizeParams(), 'refuse');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('nonce-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  test('a posted form without a decision shows the page again (400)', async () => {
    const { sim } = camaraSim();
    const res = await decide(sim, authorizeParams(), 'maybe');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('name="decision"');
  });
});

test.describe('the token request (authorization_code)', () => {
  test('the code, the redirect_uri and the verifier get a token bound to the line; KYC Match answers for it', async () => {
    const { sim } = camaraSim();
    const { location, verifier, redirect } = await approve(sim);
    const res = await exchange(sim, {
      code: location.searchParams.get('code')!,
      redirect_uri: redirect,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = await accessToken(res);
    const r = LEA_LINE.record;
    const match = await matchCall(sim, token, {
      phoneNumber: LEA_LINE.phone,
      givenName: r.firstname,
      familyName: r.lastname,
    });
    expect(match.status).toBe(200);
    expect(await match.json()).toEqual({ givenNameMatch: 'true', familyNameMatch: 'true' });
  });

  test('a wrong code_verifier (PKCE mismatch): 400 invalid_grant', async () => {
    const { sim } = camaraSim();
    const { location, redirect } = await approve(sim);
    const res = await exchange(sim, {
      code: location.searchParams.get('code')!,
      redirect_uri: redirect,
      code_verifier: pkce().verifier,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant' });
  });

  test('no code_verifier: 400 invalid_request', async () => {
    const { sim } = camaraSim();
    const { location, redirect } = await approve(sim);
    const res = await exchange(sim, { code: location.searchParams.get('code')!, redirect_uri: redirect });
    expect(await res.json()).toEqual({ error: 'invalid_request' });
  });

  test('a redirect_uri that differs from the request: 400 invalid_grant', async () => {
    const { sim } = camaraSim();
    const { location, verifier } = await approve(sim);
    const res = await exchange(sim, {
      code: location.searchParams.get('code')!,
      redirect_uri: 'https://shop.example/relay/callback',
      code_verifier: verifier,
    });
    expect(await res.json()).toEqual({ error: 'invalid_grant' });
  });

  test('a code used twice: invalid_grant, and the token issued for it is revoked (RFC 6749 §4.1.2)', async () => {
    const { sim } = camaraSim();
    const { location, verifier, redirect } = await approve(sim);
    const params = { code: location.searchParams.get('code')!, redirect_uri: redirect, code_verifier: verifier };
    const token = await accessToken(await exchange(sim, params));
    const again = await exchange(sim, params);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
    const match = await matchCall(sim, token, { givenName: 'Léa' });
    expect(await match.json()).toEqual(DOCUMENTED.UNAUTHENTICATED);
  });

  test('a code older than 60 s: invalid_grant', async () => {
    const { sim, clock } = camaraSim();
    const { location, verifier, redirect } = await approve(sim);
    clock.advance(60_000);
    const res = await exchange(sim, {
      code: location.searchParams.get('code')!,
      redirect_uri: redirect,
      code_verifier: verifier,
    });
    expect(await res.json()).toEqual({ error: 'invalid_grant' });
  });

  test('an unknown code: invalid_grant; no client authentication: 401 invalid_client', async () => {
    const { sim } = camaraSim();
    const unknown = await exchange(sim, { code: 'nope', redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(await unknown.json()).toEqual({ error: 'invalid_grant' });
    const { location, verifier, redirect } = await approve(sim);
    const anonymous = await post(
      sim,
      CAMARA_PATHS.token,
      {
        grant_type: 'authorization_code',
        code: location.searchParams.get('code')!,
        redirect_uri: redirect,
        code_verifier: verifier,
      },
      null,
    );
    expect(anonymous.status).toBe(401);
  });

  test(`${OTHER_LINE.phone}: the device is on another line, so KYC Match for the typed number is INVALID_TOKEN_CONTEXT`, async () => {
    const { sim } = camaraSim();
    const page = await (await getAuthorize(sim, authorizeParams({ login_hint: `tel:${OTHER_LINE.phone}` }))).text();
    expect(page).toContain('07 •• •• •0 99'); // the line the network sees
    const { location, verifier, redirect } = await approve(sim, { login_hint: `tel:${OTHER_LINE.phone}` });
    const token = await accessToken(
      await exchange(sim, {
        code: location.searchParams.get('code')!,
        redirect_uri: redirect,
        code_verifier: verifier,
      }),
    );
    const res = await matchCall(sim, token, { phoneNumber: OTHER_LINE.phone, givenName: OTHER_LINE.record.firstname });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(DOCUMENTED.INVALID_TOKEN_CONTEXT);
    expect(OTHER_DEVICE_LINE).not.toBe(OTHER_LINE.phone);
  });
});
