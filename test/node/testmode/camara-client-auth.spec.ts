/**
 * The CAMARA face's client authentication (CAMARA Identity and Consent Management profile; RFC 6749 §2.3 and §5.2;
 * RFC 7523 §2.2 and §3; OpenID Connect Core §9): `client_secret_basic` and `private_key_jwt`, at the token and
 * `bc-authorize` endpoints. Each check of an assertion has a case that passes every other check, so removing that
 * one check makes its case fail.
 */
import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { CAMARA_PATHS, createSimulator, remoteJwks } from '../../../src/testmode/index.js';
import { simulatorOptionsFromEnv, startSimulatorServer } from '../../../src/testmode/node.js';
import {
  assertion,
  assertionParams,
  BASIC,
  BC_AUTHORIZE_URL,
  camaraSim,
  clientKey,
  ISSUER,
  JWT_BEARER,
  post,
  SCOPE,
  TOKEN_URL,
  type Alg,
  type AssertionClaims,
} from './camara-helpers.js';
import { manualClock } from './helpers.js';

const CC = { grant_type: 'client_credentials' };

async function withKeys(algs: Alg[] = ['RS256', 'PS256', 'ES256']) {
  const keys = await Promise.all(algs.map((alg) => clientKey(alg)));
  const camara = camaraSim({ camaraClientJwks: () => Promise.resolve({ keys: keys.map((k) => k.jwk) }) });
  return { ...camara, keys };
}

test.describe('client_secret_basic', () => {
  test('the demo client and secret get a token', async () => {
    const { sim } = camaraSim();
    const res = await post(sim, CAMARA_PATHS.token, CC);
    expect(res.status).toBe(200);
  });

  for (const [name, auth] of [
    ['a wrong secret', `Basic ${Buffer.from('demo:nope').toString('base64')}`],
    ['another client', `Basic ${Buffer.from('other:demo').toString('base64')}`],
    ['malformed Basic', 'Basic %%%'],
  ] as const) {
    test(`${name}: 401 invalid_client with WWW-Authenticate (RFC 6749 §5.2)`, async () => {
      const { sim } = camaraSim();
      const res = await post(sim, CAMARA_PATHS.token, CC, auth);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'invalid_client' });
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    });
  }

  test('no authentication at all: 401 invalid_client', async () => {
    const { sim } = camaraSim();
    const res = await post(sim, CAMARA_PATHS.token, CC, null);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_client' });
  });

  test('client_secret_post is not accepted (the discovery document does not list it)', async () => {
    const { sim } = camaraSim();
    const res = await post(sim, CAMARA_PATHS.token, { ...CC, client_id: 'demo', client_secret: 'demo' }, null);
    expect(res.status).toBe(401);
  });
});

test.describe('private_key_jwt', () => {
  for (const alg of ['RS256', 'PS256', 'ES256'] as const) {
    test(`an assertion signed ${alg} with aud = the token endpoint gets a token`, async () => {
      const { sim, clock, keys } = await withKeys();
      const key = keys.find((k) => k.alg === alg)!;
      const res = await post(
        sim,
        CAMARA_PATHS.token,
        { ...CC, ...assertionParams(await assertion(key, clock.now())) },
        null,
      );
      expect(res.status).toBe(200);
    });
  }

  test('aud = the issuer is accepted too, and so is an aud array holding the endpoint', async () => {
    const { sim, clock, keys } = await withKeys(['ES256']);
    const key = keys[0]!;
    for (const aud of [ISSUER, ['https://other.example', TOKEN_URL]]) {
      const res = await post(
        sim,
        CAMARA_PATHS.token,
        { ...CC, ...assertionParams(await assertion(key, clock.now(), { aud })) },
        null,
      );
      expect(res.status, JSON.stringify(aud)).toBe(200);
    }
  });

  test('client_id in the body naming the client is accepted with the assertion', async () => {
    const { sim, clock, keys } = await withKeys(['ES256']);
    const params = { ...CC, client_id: 'demo', ...assertionParams(await assertion(keys[0]!, clock.now())) };
    expect((await post(sim, CAMARA_PATHS.token, params, null)).status).toBe(200);
  });

  test('exp exactly 300 s ahead is accepted', async () => {
    const { sim, clock, keys } = await withKeys(['ES256']);
    const jwt = await assertion(keys[0]!, clock.now(), { expIn: 300 });
    expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null)).status).toBe(200);
  });

  const refused: Array<[string, AssertionClaims]> = [
    ['a wrong aud (another server)', { aud: 'https://operator.example/token' }],
    ['an aud naming another endpoint of this issuer', { aud: BC_AUTHORIZE_URL }],
    ['an expired assertion', { expIn: -60 }],
    ['exp too far ahead (600 s)', { expIn: 600 }],
    ['no exp', { expIn: null }],
    ['no jti', { jti: null }],
    ['iss not the client', { iss: 'someone' }],
    ['sub not the client', { sub: 'someone' }],
  ];
  for (const [name, claims] of refused) {
    test(`${name}: 401 invalid_client`, async () => {
      const { sim, clock, keys } = await withKeys(['RS256']);
      const jwt = await assertion(keys[0]!, clock.now(), claims);
      const res = await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'invalid_client' });
      expect(res.headers.get('www-authenticate')).toBeNull();
    });
  }

  test('a replayed jti: the second use is 401 invalid_client', async () => {
    const { sim, clock, keys } = await withKeys(['ES256']);
    const jwt = await assertion(keys[0]!, clock.now(), { jti: 'once' });
    expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null)).status).toBe(200);
    clock.advance(1000);
    const again = await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null);
    expect(again.status).toBe(401);
    // the same jti in a new assertion is a replay too
    const fresh = await assertion(keys[0]!, clock.now(), { jti: 'once' });
    expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(fresh) }, null)).status).toBe(401);
  });

  test('signed by a key not in the client JWKS: 401', async () => {
    const { sim, clock } = await withKeys(['RS256']);
    const stranger = await clientKey('RS256'); // same kid, another key
    const jwt = await assertion(stranger, clock.now());
    expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null)).status).toBe(401);
  });

  test('alg none (an unsecured JWT): 401', async () => {
    const { sim, clock } = await withKeys(['RS256']);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(clock.now() / 1000);
    const jwt = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'demo', sub: 'demo', aud: TOKEN_URL, exp: now + 60, jti: 'n' })}.`;
    expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null)).status).toBe(401);
  });

  test('an HMAC assertion keyed with a public JWK value: 401 (only RS256, PS256, ES256)', async () => {
    const { sim, clock, keys } = await withKeys(['RS256']);
    const { SignJWT } = await import('jose');
    const now = Math.floor(clock.now() / 1000);
    const jwt = await new SignJWT({ iss: 'demo', sub: 'demo', aud: TOKEN_URL, exp: now + 60, jti: 'h' })
      .setProtectedHeader({ alg: 'HS256', kid: keys[0]!.kid })
      .sign(new TextEncoder().encode(String(keys[0]!.jwk.n)));
    expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null)).status).toBe(401);
  });

  test('an assertion together with Basic (two methods): 401', async () => {
    const { sim, clock, keys } = await withKeys(['ES256']);
    const jwt = await assertion(keys[0]!, clock.now());
    expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, BASIC)).status).toBe(401);
  });

  test('a wrong client_assertion_type, or another client_id in the body: 401', async () => {
    const { sim, clock, keys } = await withKeys(['ES256']);
    const wrongType = {
      ...CC,
      client_assertion_type: 'urn:x',
      client_assertion: await assertion(keys[0]!, clock.now()),
    };
    expect((await post(sim, CAMARA_PATHS.token, wrongType, null)).status).toBe(401);
    const otherClient = { ...CC, client_id: 'other', ...assertionParams(await assertion(keys[0]!, clock.now())) };
    expect((await post(sim, CAMARA_PATHS.token, otherClient, null)).status).toBe(401);
  });

  test('without a client JWKS, or when it cannot be read: 401', async () => {
    const key = await clientKey('ES256');
    const clock = manualClock();
    for (const camaraClientJwks of [undefined, () => Promise.reject(new Error('down'))]) {
      const sim = createSimulator({ now: clock.now, camaraClientJwks });
      const jwt = await assertion(key, clock.now());
      expect((await post(sim, CAMARA_PATHS.token, { ...CC, ...assertionParams(jwt) }, null)).status).toBe(401);
    }
  });

  test('bc-authorize takes the assertion with aud = its own URL or the issuer, not the token endpoint', async () => {
    const { sim, clock, keys } = await withKeys(['PS256']);
    const ciba = { login_hint: 'tel:+33612345678', scope: SCOPE };
    for (const [aud, status] of [
      [BC_AUTHORIZE_URL, 200],
      [ISSUER, 200],
      [TOKEN_URL, 401],
    ] as const) {
      const jwt = await assertion(keys[0]!, clock.now(), { aud });
      const res = await post(sim, CAMARA_PATHS.authorize, { ...ciba, ...assertionParams(jwt) }, null);
      expect(res.status, aud).toBe(status);
    }
  });

  test('mounted under a prefix, the issuer and endpoint URLs include the mount', async () => {
    const clock = manualClock();
    const key = await clientKey('ES256');
    const parent = new Hono();
    parent.route(
      '/simulator',
      createSimulator({ now: clock.now, camaraClientJwks: () => Promise.resolve({ keys: [key.jwk] }) }),
    );
    const base = 'http://shop.test';
    const discovery = (await (
      await parent.request(`${base}/simulator/camara/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(discovery['issuer']).toBe(`${base}/simulator/camara`);
    expect(discovery['token_endpoint']).toBe(`${base}/simulator/camara/token`);
    for (const aud of [discovery['issuer']!, discovery['token_endpoint']!]) {
      const jwt = await assertion(key, clock.now(), { aud });
      const res = await post(parent, '/simulator/camara/token', { ...CC, ...assertionParams(jwt) }, null, base);
      expect(res.status, aud).toBe(200);
    }
    const unmounted = await assertion(key, clock.now(), { aud: `${base}/camara/token` });
    const res = await post(parent, '/simulator/camara/token', { ...CC, ...assertionParams(unmounted) }, null, base);
    expect(res.status).toBe(401);
  });
});

test.describe('the client JWKS from a URL (CAMARA_CLIENT_JWKS_URL)', () => {
  test('remoteJwks keeps the set for its TTL, then fetches again; an HTTP error throws', async () => {
    const clock = manualClock();
    let calls = 0;
    let status = 200;
    const fetchStub: typeof fetch = () => {
      calls++;
      return Promise.resolve(new Response(JSON.stringify({ keys: [{ kty: 'EC' }] }), { status }));
    };
    const source = remoteJwks('https://relay.example/.well-known/jwks.json', {
      fetch: fetchStub,
      now: clock.now,
      ttlMs: 60_000,
    });
    expect((await source()).keys).toHaveLength(1);
    await source();
    expect(calls).toBe(1);
    clock.advance(60_000);
    status = 503;
    await expect(source()).rejects.toThrow(/HTTP 503/);
    status = 200;
    await source();
    expect(calls).toBe(3);
  });

  test('remoteJwks refuses a body without a keys array', async () => {
    const source = remoteJwks('https://relay.example/jwks', {
      fetch: () => Promise.resolve(new Response('{"nope":1}')),
    });
    await expect(source()).rejects.toThrow(/keys/);
  });

  test('simulatorOptionsFromEnv reads the CAMARA settings and names a wrong one', () => {
    const options = simulatorOptionsFromEnv({
      CAMARA_CLIENT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      SIMULATOR_CIBA_APPROVAL_MS: '1500',
      SIMULATOR_CIBA_INTERVAL_SECONDS: '3',
    });
    expect(typeof options.camaraClientJwks).toBe('function');
    expect(options.cibaApprovalMs).toBe(1500);
    expect(options.cibaIntervalSeconds).toBe(3);
    expect(simulatorOptionsFromEnv({}).camaraClientJwks).toBeUndefined();
    expect(() => simulatorOptionsFromEnv({ CAMARA_CLIENT_JWKS_URL: 'ftp://x/jwks' })).toThrow(/CAMARA_CLIENT_JWKS_URL/);
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_CIBA_APPROVAL_MS: 'soon' })).toThrow(/SIMULATOR_CIBA_APPROVAL_MS/);
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_CIBA_INTERVAL_SECONDS: '0' })).toThrow(
      /SIMULATOR_CIBA_INTERVAL_SECONDS/,
    );
  });

  test('the standalone server checks assertions against the JWKS served at that URL (real HTTP)', async () => {
    const key = await clientKey('RS256');
    const jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [key.jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksPort = (jwksServer.address() as AddressInfo).port;
    const options = simulatorOptionsFromEnv({ CAMARA_CLIENT_JWKS_URL: `http://127.0.0.1:${jwksPort}/jwks.json` });
    const { server, port } = await startSimulatorServer(0, options, '127.0.0.1');
    try {
      const tokenUrl = `http://127.0.0.1:${port}/camara/token`;
      const jwt = await assertion(key, Date.now(), { aud: tokenUrl });
      const res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...CC, client_assertion_type: JWT_BEARER, client_assertion: jwt }).toString(),
      });
      expect(res.status).toBe(200);
    } finally {
      server.close();
      jwksServer.close();
    }
  });
});
