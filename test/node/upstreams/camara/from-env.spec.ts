/**
 * The relay started from its environment the way a merchant starts it (`npm run relay` / `idmobile-relay`: the
 * Node entry, real sockets) against a stand-in operator written from the public documents: OpenID Discovery 1.0
 * (`/.well-known/openid-configuration`), OpenID CIBA Core 1.0 (poll mode), RFC 6749 §4.1 + RFC 7636 (PKCE),
 * RFC 7523 / OpenID Connect Core §9 (`private_key_jwt`, as the CAMARA Identity and Consent Management profile
 * requires), and a KYC Match published at another version and path with another scope spelling.
 */
import { expect, test } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startRelayServer, type RelayServer } from '../../../../src/relay/node.js';
import { createStandaloneRelay } from '../../../../src/relay/standalone.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/camara.js';
import { SHOP, startStandIn, type StandIn } from '../stand-in.js';

const CLIENT_ID = 'merchant-app-4f2c';
const MATCH_PATH = '/org-acme/kyc-match/v0.3/match';
const SCOPE = 'openid dpv:FraudPreventionAndDetection kyc-match:match-identity';
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** The stand-in operator: discovery, CIBA, authorization code, token endpoint, KYC Match at its own path. */
async function operator(): Promise<StandIn> {
  const op = await startStandIn();
  op.on('/.well-known/openid-configuration', () => ({
    json: {
      issuer: op.url,
      authorization_endpoint: `${op.url}/oauth/authorize`,
      token_endpoint: `${op.url}/oauth/token`,
      backchannel_authentication_endpoint: `${op.url}/oauth/bc-authorize`,
      jwks_uri: `${op.url}/oauth/jwks`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      backchannel_token_delivery_modes_supported: ['poll'],
      grant_types_supported: ['authorization_code', 'urn:openid:params:grant-type:ciba'],
      code_challenge_methods_supported: ['S256'],
    },
  }));
  op.on('/oauth/bc-authorize', () => ({ json: { ...F.CIBA_ACK, interval: 1 } }));
  op.on('/oauth/token', () => ({ json: F.ACCESS_TOKEN }));
  op.on(MATCH_PATH, () => ({
    json: { givenNameMatch: 'true', familyNameMatch: 'true', emailMatch: 'false', emailMatchScore: '95' },
    headers: { 'x-correlator': 'op-7d1c:answer' },
  }));
  return op;
}

async function relayFor(op: StandIn, env: Record<string, string>, logs: Record<string, unknown>[] = []) {
  const port = await freePort();
  const relay = await startRelayServer(
    {
      RELAY_MODE: 'camara',
      CAMARA_ISSUER: op.url,
      CAMARA_CLIENT_ID: CLIENT_ID,
      CAMARA_PRIVATE_KEY: PEM,
      CAMARA_MATCH_URL: `${op.url}${MATCH_PATH}`,
      CAMARA_SCOPE: SCOPE,
      CAMARA_OPERATOR_NAME: 'Acme Mobile',
      RELAY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ATTESTATION_SECRET: 'from-env-attestation-secret-0123456789abcdef',
      RELAY_ALLOWED_ORIGINS: SHOP,
      RELAY_REQUIRE_SESSION: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    { logger: (e) => logs.push(e) },
  );
  const url = `http://127.0.0.1:${relay.port}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { relay, url, post, logs };
}

/** The client assertion of a request, verified against the relay's own JWKS (as the operator would). */
async function assertionOf(body: string, relayUrl: string, audience: string) {
  const form = new URLSearchParams(body);
  expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  const jwks = createRemoteJWKSet(new URL(`${relayUrl}/.well-known/jwks.json`));
  const { payload, protectedHeader } = await jwtVerify(form.get('client_assertion') ?? '', jwks, {
    issuer: CLIENT_ID,
    subject: CLIENT_ID,
    audience,
  });
  expect(protectedHeader.alg).toBe('RS256');
  expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
  expect(typeof payload.jti).toBe('string');
  return payload;
}

let op: StandIn;
let started: RelayServer[] = [];
test.beforeEach(async () => {
  op = await operator();
  started = [];
});
test.afterEach(async () => {
  for (const r of started) await r.close();
  await op.close();
});

test('CIBA from the environment: discovery, private_key_jwt, the configured scope and match URL, pending then scores', async () => {
  const r = await relayFor(op, { CAMARA_AUTH: 'ciba' });
  started.push(r.relay);
  op.queue('/oauth/token', { status: 400, json: F.CIBA_PENDING });
  const first = await r.post('/match', { ...CONTRACT_MATCH_REQUEST, return_url: undefined });
  expect(first.json).toMatchObject({ status: 'pending', operator: 'Acme Mobile', interval: 1 });
  expect(op.to('/.well-known/openid-configuration')).toHaveLength(1);
  const [authorize] = op.to('/oauth/bc-authorize');
  expect(authorize!.headers.get('authorization')).toBeNull();
  expect(new URLSearchParams(authorize!.body).get('scope')).toBe(SCOPE);
  expect(new URLSearchParams(authorize!.body).get('login_hint')).toBe('tel:+33612345678');
  await assertionOf(authorize!.body, r.url, `${op.url}/oauth/bc-authorize`);
  let answer = first.json;
  for (let i = 0; i < 6 && answer['status'] === 'pending'; i++) {
    await new Promise((done) => setTimeout(done, Number(answer['retry_after'] ?? answer['interval']) * 1000));
    answer = (await r.post('/result', { token: first.json['token'], state: first.json['state'] })).json;
  }
  expect(answer['verdict'], JSON.stringify(answer)).toBe('verified');
  const polls = op.to('/oauth/token');
  expect(polls).toHaveLength(2);
  for (const p of polls) await assertionOf(p.body, r.url, `${op.url}/oauth/token`);
  const [match] = op.to(MATCH_PATH);
  expect(match!.headers.get('authorization')).toBe(`Bearer ${F.ACCESS_TOKEN.access_token}`);
  // x-correlator sent, and logged with the operator's
  const sent = match!.headers.get('x-correlator');
  expect(sent).toMatch(F.X_CORRELATOR);
  expect(r.logs).toContainEqual(
    expect.objectContaining({ event: 'camara_answer', x_correlator: sent, answer_x_correlator: 'op-7d1c:answer' }),
  );
  // nothing secret in the log
  const logged = JSON.stringify(r.logs);
  expect(logged).not.toContain(F.ACCESS_TOKEN.access_token);
  expect(logged).not.toContain('PRIVATE KEY');
});

test('authorization code from the environment: the discovered authorization endpoint, the callback, PKCE', async () => {
  const r = await relayFor(op, { CAMARA_AUTH: 'authorization_code' });
  started.push(r.relay);
  const consent = await r.post('/match', CONTRACT_MATCH_REQUEST);
  expect(consent.json).toMatchObject({ status: 'success', operator: 'Acme Mobile' });
  const authorize = new URL(String(consent.json['url']));
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${op.url}/oauth/authorize`);
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${r.url}/callback`);
  expect(authorize.searchParams.get('scope')).toBe(SCOPE);
  const back = await fetch(`${r.url}/callback?code=code-1&state=${authorize.searchParams.get('state')}`, {
    redirect: 'manual',
  });
  expect(back.status).toBe(303);
  const landing = new URL(back.headers.get('location') ?? '');
  expect(landing.origin).toBe(SHOP);
  const [exchange] = op.to('/oauth/token');
  expect(new URLSearchParams(exchange!.body).get('grant_type')).toBe('authorization_code');
  await assertionOf(exchange!.body, r.url, `${op.url}/oauth/token`);
  const result = await r.post('/result', {
    token: landing.searchParams.get('token'),
    state: landing.searchParams.get('idmobile_state'),
  });
  expect(result.json['verdict']).toBe('verified');
});

test('an authorization-code token for another line: line_mismatch (403 INVALID_TOKEN_CONTEXT)', async () => {
  op.on(MATCH_PATH, () => ({ status: 403, json: F.ERRORS.INVALID_TOKEN_CONTEXT }));
  const r = await relayFor(op, { CAMARA_AUTH: 'authorization_code' });
  started.push(r.relay);
  const consent = await r.post('/match', CONTRACT_MATCH_REQUEST);
  const state = new URL(String(consent.json['url'])).searchParams.get('state');
  const landing = new URL(
    (await fetch(`${r.url}/callback?code=c&state=${state}`, { redirect: 'manual' })).headers.get('location') ?? '',
  );
  const result = await r.post('/result', {
    token: landing.searchParams.get('token'),
    state: landing.searchParams.get('idmobile_state'),
  });
  expect(result.status).toBe(200);
  expect(result.json).toMatchObject({ status: 'error', error_id: 'line_mismatch' });
});

test('the operator needs the identity document: R428 with field id_document; idDocument sent on the next check', async () => {
  const r = await relayFor(op, { CAMARA_AUTH: 'ciba' });
  started.push(r.relay);
  op.on('/oauth/bc-authorize', () => ({ json: { ...F.CIBA_ACK, interval: 1 } }));
  op.queue(MATCH_PATH, { status: 403, json: F.ERRORS.ID_DOCUMENT_REQUIRED });
  const run = async (body: unknown) => {
    const first = await r.post('/match', body);
    let answer = first;
    for (let i = 0; i < 4 && answer.json['status'] === 'pending'; i++) {
      await new Promise((done) => setTimeout(done, 1000));
      answer = await r.post('/result', { token: first.json['token'], state: first.json['state'] });
    }
    return answer;
  };
  const asked = await run(CONTRACT_MATCH_REQUEST);
  expect(asked.status).toBe(428);
  expect(asked.json).toMatchObject({ error_id: 'R428', field: 'id_document' });
  const withDocument = {
    ...CONTRACT_MATCH_REQUEST,
    identity: { ...CONTRACT_MATCH_REQUEST.identity, id_document: 'X4RT-BPFW4' },
  };
  expect((await run(withDocument)).json['verdict']).toBe('verified');
  expect(JSON.parse(op.to(MATCH_PATH).at(-1)!.body)).toMatchObject({ idDocument: 'X4RT-BPFW4' });
});

test('the JWKS route: the public key only, cacheable for an hour', async () => {
  const r = await relayFor(op, {});
  started.push(r.relay);
  const res = await fetch(`${r.url}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
  expect(keys).toHaveLength(1);
  expect(keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.any(String) });
  for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(member);
});

test('discovery answering another issuer: R502, logged, nothing sent to the endpoints it named', async () => {
  op.on('/.well-known/openid-configuration', () => ({
    json: { issuer: 'https://evil.example', token_endpoint: `${op.url}/oauth/token` },
  }));
  const logs: Record<string, unknown>[] = [];
  const r = await relayFor(op, { CAMARA_AUTH: 'ciba' }, logs);
  started.push(r.relay);
  const answer = await r.post('/match', { ...CONTRACT_MATCH_REQUEST, return_url: undefined });
  expect(answer.status).toBe(502);
  expect(logs.some((l) => l['event'] === 'camara_discovery_failed')).toBe(true);
  expect(op.to('/oauth/bc-authorize')).toHaveLength(0);
});

test('refused at start: authorization_code without RELAY_PUBLIC_URL; a private key that cannot sign', async () => {
  await expect(relayFor(op, { CAMARA_AUTH: 'authorization_code', RELAY_PUBLIC_URL: '' })).rejects.toThrow(
    /RELAY_PUBLIC_URL/,
  );
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  await expect(relayFor(op, { CAMARA_PRIVATE_KEY: ec as string, CAMARA_SIGNING_ALG: 'RS256' })).rejects.toThrow(
    /CAMARA_(PRIVATE_KEY|SIGNING_ALG)/,
  );
});

test('workerd refuses the flows that keep state between requests (its isolates share no store)', () => {
  const env = {
    RELAY_MODE: 'camara',
    CAMARA_TOKEN_URL: 'https://op.example/token',
    CAMARA_BC_AUTHORIZE_URL: 'https://op.example/bc-authorize',
    CAMARA_API_ROOT: 'https://op.example',
    CAMARA_CLIENT_ID: CLIENT_ID,
    CAMARA_CLIENT_SECRET: 'secret-for-workerd-test',
    ATTESTATION_SECRET: 'from-env-attestation-secret-0123456789abcdef',
    RELAY_ALLOWED_ORIGINS: SHOP,
  };
  expect(() => createStandaloneRelay({ ...env, CAMARA_AUTH: 'ciba' }, 8787, { memoryOnly: 'workerd' })).toThrow(
    /CAMARA_AUTH: ciba/,
  );
  expect(() =>
    createStandaloneRelay({ ...env, CAMARA_AUTH: 'client_credentials' }, 8787, { memoryOnly: 'workerd' }),
  ).not.toThrow();
  expect(() => createStandaloneRelay({ ...env, CAMARA_AUTH: 'ciba' }, 8787)).not.toThrow();
});
