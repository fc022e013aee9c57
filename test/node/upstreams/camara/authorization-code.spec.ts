/**
 * CAMARA's authorization-code flow (network-based authentication on the shopper's own device), against a stand-in
 * operator written from RFC 6749 §4.1, RFC 7636 (PKCE) and the CAMARA Identity and Consent Management profile:
 * `/match` answers the consent shape with the operator's authorization URL (state = the check's nonce, S256
 * challenge, redirect URI `{RELAY_PUBLIC_URL}/callback`, `login_hint`); the operator sends the browser to the
 * relay's `/callback`, which exchanges the code with the PKCE verifier, calls KYC Match and sends the shopper back
 * to the shop with a one-time token; `/result` delivers that outcome once, to its own check only.
 */
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { createLogger } from '../../../../src/relay/log.js';
import { createMemoryStore } from '../../../../src/relay/store/memory.js';
import type { RelayStore } from '../../../../src/relay/store/types.js';
import { createUpstreamVault } from '../../../../src/relay/trust/vault.js';
import { createCamaraUpstream } from '../../../../src/relay/upstreams/camara/client.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/camara.js';
import { ATTESTATION_SECRET, claimsOf, SHOP, startRelay, startStandIn } from '../stand-in.js';

const MATCH = '/camara/kyc-match/v0.4/match';
const CALLBACK = 'https://relay.shop.example/api/idmobile/callback';
const ALL_TRUE = { givenNameMatch: 'true', familyNameMatch: 'true', emailMatch: 'true' };

async function setup(
  store: RelayStore = createMemoryStore(),
  flows: Array<'authorization_code' | 'ciba'> = ['authorization_code'],
) {
  const op = await startStandIn();
  op.on('/oauth/token', () => ({ json: F.ACCESS_TOKEN }));
  op.on('/oauth/bc-authorize', () => ({ json: F.CIBA_ACK }));
  op.on(MATCH, () => ({ json: ALL_TRUE }));
  const logs: Record<string, unknown>[] = [];
  const upstream = createCamaraUpstream({
    apiRoot: `${op.url}/camara`,
    tokenUrl: `${op.url}/oauth/token`,
    authorizationUrl: 'https://auth.operator.example/authorize?acr_values=network',
    authorizeUrl: `${op.url}/oauth/bc-authorize`,
    clientId: 'app-code',
    clientSecret: 'secret-code-flow-42',
    flows,
    operatorName: 'Orange',
    callbackUrl: CALLBACK,
    vault: createUpstreamVault(store, ATTESTATION_SECRET),
    timeoutMs: 1500,
    logger: createLogger({ sink: (e) => logs.push(e) }),
  });
  const relay = await startRelay(upstream, logs, 'camara', {
    store,
    operatorOrigins: ['https://auth.operator.example'],
  });
  const callback = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${relay.url}/callback?${query}`, { redirect: 'manual', headers });
  const result = async (token: string, state: string) => {
    const res = await fetch(`${relay.url}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify({ token, state }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  /** `/match`: the consent URL's parameters. */
  const start = async () => {
    const { status, json } = await relay.match(CONTRACT_MATCH_REQUEST);
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json['status']).toBe('success');
    return new URL(String(json['url']));
  };
  return {
    op,
    relay,
    logs,
    callback,
    result,
    start,
    [Symbol.asyncDispose]: async () => {
      await relay.close();
      await op.close();
    },
  };
}

/** The shop page the shopper lands on, with what the relay appended. */
function landing(res: Response): URL {
  expect(res.status).toBe(303);
  return new URL(res.headers.get('location') ?? '');
}

test('/match: the operator’s authorization URL with state = nonce, S256 challenge, the callback and login_hint', async () => {
  await using s = await setup();
  const url = await s.start();
  expect(url.origin + url.pathname).toBe('https://auth.operator.example/authorize');
  const p = Object.fromEntries(url.searchParams);
  expect(p).toMatchObject({
    acr_values: 'network',
    response_type: 'code',
    client_id: 'app-code',
    scope: 'openid dpv:FraudPreventionAndDetection kyc-match:match',
    redirect_uri: CALLBACK,
    code_challenge_method: 'S256',
    login_hint: 'tel:+33612345678',
  });
  expect(p['state']).toMatch(/^[0-9a-f]{32}$/);
  expect(p['code_challenge']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // neither the verifier nor the sealed state travels with the shopper
  expect(url.href).not.toContain('idmobile_state');
  expect(s.op.requests).toHaveLength(0);
});

test('callback: code exchanged with the PKCE verifier, KYC Match called, the shopper back with a one-time token', async () => {
  await using s = await setup();
  const url = await s.start();
  const state = url.searchParams.get('state')!;
  const back = landing(await s.callback(`code=SplxlOBeZQQYbYS6WxSbIA&state=${state}`));
  expect(back.origin + back.pathname).toBe('https://shop.example/checkout');
  expect(back.searchParams.get('idmobile_return')).toBe('1');
  expect(back.searchParams.get('status')).toBe('success');
  const token = back.searchParams.get('token')!;
  const sealed = back.searchParams.get('idmobile_state')!;
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const [exchange] = s.op.to('/oauth/token');
  const form = Object.fromEntries(new URLSearchParams(exchange!.body));
  expect(form).toMatchObject({
    grant_type: 'authorization_code',
    code: 'SplxlOBeZQQYbYS6WxSbIA',
    redirect_uri: CALLBACK,
  });
  const challenge = createHash('sha256').update(form['code_verifier']!).digest('base64url');
  expect(challenge).toBe(url.searchParams.get('code_challenge'));
  expect(s.op.to(MATCH)[0]!.headers.get('authorization')).toBe(`Bearer ${F.ACCESS_TOKEN.access_token}`);
  const answer = await s.result(token, sealed);
  expect(answer.json['verdict']).toBe('verified');
  expect((await claimsOf(answer.json['attestation'])).path).toBe('consent');
  // delivered once
  expect((await s.result(token, sealed)).json['error_id']).toBe('R409');
});

test('a state called back twice: 303 with idmobile_error=R409, nothing asked of the operator again', async () => {
  await using s = await setup();
  const state = (await s.start()).searchParams.get('state')!;
  landing(await s.callback(`code=first&state=${state}`));
  const again = landing(await s.callback(`code=second&state=${state}`));
  expect(again.searchParams.get('status')).toBe('error');
  expect(again.searchParams.get('idmobile_error')).toBe('R409');
  expect(s.op.to('/oauth/token')).toHaveLength(1);
});

test('an unknown state: a 400 page in the shopper’s language, nothing of the query reflected, nothing called', async () => {
  await using s = await setup();
  await s.start();
  const evil = '<script>alert(1)</script>';
  for (const [lang, words] of [
    ['fr-FR,fr;q=0.9', 'Cette vérification a expiré'],
    ['en-GB', 'This check has expired'],
  ] as const) {
    const res = await s.callback(`code=x&state=${'a'.repeat(32)}&error_description=${encodeURIComponent(evil)}`, {
      'accept-language': lang,
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(words);
    expect(html).not.toContain('script');
  }
  expect((await s.callback(`state=${encodeURIComponent(evil)}`)).status).toBe(400);
  expect(s.op.requests).toHaveLength(0);
});

test('the subscriber refused (error=access_denied): back to the shop with status=error, nothing called', async () => {
  await using s = await setup();
  const state = (await s.start()).searchParams.get('state')!;
  const back = landing(await s.callback(`error=access_denied&state=${state}`));
  expect(back.searchParams.get('status')).toBe('error');
  expect(back.searchParams.has('token')).toBe(false);
  expect(s.op.requests).toHaveLength(0);
});

test('another OAuth error: the outcome R502 is kept and delivered by /result', async () => {
  await using s = await setup();
  const state = (await s.start()).searchParams.get('state')!;
  const back = landing(await s.callback(`error=server_error&state=${state}`));
  expect(back.searchParams.get('status')).toBe('success');
  const answer = await s.result(back.searchParams.get('token')!, back.searchParams.get('idmobile_state')!);
  expect(answer.status).toBe(502);
  expect(answer.json['error_id']).toBe('R502');
});

test('an outcome delivered only to its own check: another check’s state gets consent_unbound (R502, final)', async () => {
  await using s = await setup();
  const mine = (await s.start()).searchParams.get('state')!;
  const backMine = landing(await s.callback(`code=c1&state=${mine}`));
  const theirs = (await s.start()).searchParams.get('state')!;
  const backTheirs = landing(await s.callback(`code=c2&state=${theirs}`));
  const stolen = await s.result(backTheirs.searchParams.get('token')!, backMine.searchParams.get('idmobile_state')!);
  expect(stolen.status).toBe(502);
  expect(s.logs.some((l) => l['event'] === 'consent_unbound')).toBe(true);
});

test('the store down at the callback: a 503 page, the shopper not sent anywhere', async () => {
  const store = createMemoryStore();
  await using s = await setup(store);
  const state = (await s.start()).searchParams.get('state')!;
  store.get = () => Promise.reject(new Error('store down'));
  const res = await s.callback(`code=c&state=${state}`);
  expect(res.status).toBe(503);
  expect(res.headers.get('location')).toBeNull();
});

test('the store holds no identity, verifier or token in clear', async () => {
  const values: string[] = [];
  const inner = createMemoryStore();
  const store: RelayStore = {
    ...inner,
    set: (key, value, ttl) => {
      values.push(`${key}=${value}`);
      return inner.set(key, value, ttl);
    },
  };
  await using s = await setup(store);
  const state = (await s.start()).searchParams.get('state')!;
  landing(await s.callback(`code=c&state=${state}`));
  const all = values.join('\n');
  expect(values.length).toBeGreaterThanOrEqual(2);
  for (const secret of ['Camille', 'Martin', '+33612345678', F.ACCESS_TOKEN.access_token, 'shop.example']) {
    expect(all).not.toContain(secret);
  }
});

test('"authorization_code ciba": after line_mismatch (a desktop), the next check of that number asks by CIBA', async () => {
  await using s = await setup(createMemoryStore(), ['authorization_code', 'ciba']);
  s.op.on(MATCH, () => ({ status: 403, json: F.ERRORS.INVALID_TOKEN_CONTEXT }));
  const state = (await s.start()).searchParams.get('state')!;
  const back = landing(await s.callback(`code=c&state=${state}`));
  const mismatch = await s.result(back.searchParams.get('token')!, back.searchParams.get('idmobile_state')!);
  expect(mismatch.json).toMatchObject({ status: 'error', error_id: 'line_mismatch' });
  expect(s.op.to('/oauth/bc-authorize')).toHaveLength(0);
  // the shopper checks again from the same device: the subscriber is asked on their phone
  const again = await s.relay.match(CONTRACT_MATCH_REQUEST);
  expect(again.json).toMatchObject({ status: 'pending', operator: 'Orange' });
  expect(s.op.to('/oauth/bc-authorize')).toHaveLength(1);
  // another number still goes through the operator's page first
  const other = await s.relay.match({ ...CONTRACT_MATCH_REQUEST, phone: '+33698765432' });
  expect(other.json['status']).toBe('success');
});
