/**
 * Client authentication by private_key_jwt (OIDC Core §9, RFC 7523, CAMARA Security and Interoperability Profile):
 * keys as PEM PKCS#8 or JWK for RS256, PS256 and ES256, the assertion verified with jose against the served JWKS,
 * the JWKS without any private member, and bad keys refused with messages that contain no key material.
 */
import { generateKeyPairSync } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  jwtVerify,
  calculateJwkThumbprint,
  type JWK,
} from 'jose';
import {
  ASSERTION_LIFETIME_SECONDS,
  checkPrivateKey,
  CLIENT_ASSERTION_TYPE,
  clientAssertion,
  clientAssertionParams,
  jwksOf,
  loadClientKey,
  type SigningAlg,
} from '../../../../src/relay/upstreams/camara/private-key-jwt.js';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const TOKEN_URL = 'https://auth.operator.example/oauth/token';

async function keyPair(alg: SigningAlg | 'ES384' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    pem: await exportPKCS8(privateKey),
    jwk: JSON.stringify(jwk),
    d: jwk.d!,
    spki: await exportSPKI(publicKey),
    publicJwk: await exportJWK(publicKey),
  };
}

/** Every piece of the key a message must not contain: the PEM's body lines, the JWK's private members. */
function secretsOf(k: { pem: string; jwk: string }): string[] {
  const lines = k.pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));
  const jwk = JSON.parse(k.jwk) as Record<string, unknown>;
  const members = PRIVATE_MEMBERS.map((m) => jwk[m]).filter((v): v is string => typeof v === 'string');
  return [...lines, ...members, ...members.map((m) => m.slice(0, 16))];
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('not refused');
}

for (const alg of ['RS256', 'PS256', 'ES256'] as const) {
  test.describe(alg, () => {
    for (const form of ['pem', 'jwk'] as const) {
      test(`${form}: the assertion verifies against the JWKS; claims and header as RFC 7523 and the profile say`, async () => {
        const k = await keyPair(alg);
        const key = await loadClientKey(k[form], alg);
        const now = Date.now();
        const jwt = await clientAssertion(key, { clientId: 'app-1', audience: TOKEN_URL, now });
        const jwks = createLocalJWKSet(jwksOf([key]));
        const { payload, protectedHeader } = await jwtVerify(jwt, jwks, {
          issuer: 'app-1',
          subject: 'app-1',
          audience: TOKEN_URL,
          algorithms: [alg],
          currentDate: new Date(now),
        });
        expect(protectedHeader).toEqual({ alg, kid: key.kid, typ: 'JWT' });
        expect(payload.iat).toBe(Math.floor(now / 1000));
        expect(payload.exp! - payload.iat!).toBe(ASSERTION_LIFETIME_SECONDS);
        expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
        expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
        expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
      });
    }

    test('kid: the RFC 7638 thumbprint by default, CAMARA_KEY_ID when given', async () => {
      const k = await keyPair(alg);
      const key = await loadClientKey(k.pem, alg);
      expect(key.kid).toBe(await calculateJwkThumbprint(k.publicJwk, 'sha256'));
      expect((await loadClientKey(k.jwk, alg)).kid).toBe(key.kid);
      expect((await loadClientKey(k.pem, alg, 'key-2026')).kid).toBe('key-2026');
      expect((await loadClientKey(k.pem, alg, null)).kid).toBe(key.kid);
    });

    test('the JWKS: public members only, with kid, alg and use "sig"', async () => {
      const k = await keyPair(alg);
      const key = await loadClientKey(k.jwk, alg);
      const set = jwksOf([key]);
      const [jwk] = set.keys as [JWK];
      for (const m of PRIVATE_MEMBERS) expect(jwk, m).not.toHaveProperty(m);
      expect(JSON.stringify(set)).not.toContain(k.d);
      expect(jwk).toMatchObject({ kid: key.kid, alg, use: 'sig', kty: alg === 'ES256' ? 'EC' : 'RSA' });
      expect(jwk).toEqual({ ...k.publicJwk, kid: key.kid, alg, use: 'sig' });
    });

    test('the JWKS stays public even when given a key whose publicJwk was built wrong', async () => {
      const k = await keyPair(alg);
      const key = await loadClientKey(k.jwk, alg);
      const tainted = { ...key, publicJwk: JSON.parse(k.jwk) as JWK };
      for (const m of PRIVATE_MEMBERS) expect(jwksOf([tainted]).keys[0], m).not.toHaveProperty(m);
    });

    test('the private key is not extractable', async () => {
      const key = await loadClientKey((await keyPair(alg)).pem, alg);
      expect(key.privateKey.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('jwk', key.privateKey)).rejects.toThrow();
    });
  });
}

test('a jti per assertion; the audience is the endpoint it is sent to', async () => {
  const key = await loadClientKey((await keyPair('ES256')).pem, 'ES256');
  const now = Date.now();
  const a = await clientAssertion(key, { clientId: 'c', audience: TOKEN_URL, now });
  const b = await clientAssertion(key, { clientId: 'c', audience: 'https://auth.operator.example/bc-authorize', now });
  const claims = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  expect(claims(a)['jti']).not.toBe(claims(b)['jti']);
  expect(claims(b)['aud']).toBe('https://auth.operator.example/bc-authorize');
  expect(decodeProtectedHeader(a).typ).toBe('JWT');
});

test('clientAssertionParams: the assertion type of RFC 7523 §2.2; client_id only when asked', () => {
  expect(clientAssertionParams('x.y.z')).toEqual({
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: 'x.y.z',
  });
  expect(CLIENT_ASSERTION_TYPE).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  expect(clientAssertionParams('x.y.z', 'app-1')).toMatchObject({ client_id: 'app-1' });
});

test('a PEM with its line breaks written \\n (as in an .env file) is read', async () => {
  const k = await keyPair('RS256');
  const flat = k.pem.trim().replaceAll('\n', '\\n');
  expect(checkPrivateKey(flat)).toBeNull();
  await expect(loadClientKey(flat, 'RS256')).resolves.toMatchObject({ alg: 'RS256' });
});

test.describe('refused keys: a clear reason naming the settings, never the key', () => {
  test('checkPrivateKey: shapes', async () => {
    const rsa = await keyPair('RS256');
    const pub = JSON.stringify(rsa.publicJwk);
    const pkcs1 = rsa.pem.replaceAll('PRIVATE KEY', 'RSA PRIVATE KEY');
    const cases: Array<[string, RegExp | null]> = [
      [rsa.pem, null],
      [rsa.jwk, null],
      ['', /empty/],
      ['   ', /empty/],
      ['not a key', /PEM PKCS#8 private key .* or a private JWK/],
      ['{"kty":"RSA"', /does not parse/],
      ['[1]', /JSON object/],
      [pub, /public JWK/],
      [JSON.stringify({ keys: [JSON.parse(rsa.jwk)] }), /JWK Set/],
      [JSON.stringify({ kty: 'oct', k: 'abc' }), /"kty": "RSA" or "EC"/],
      [JSON.stringify({ kty: 'EC', d: 'abc', x: 'a' }), /"crv" is missing/],
      [JSON.stringify({ ...JSON.parse(rsa.jwk), n: 'a b' }), /"n" is missing or not base64url/],
      [pkcs1, /PKCS#1\/SEC1\): convert it to PKCS#8/],
      [rsa.pem.replaceAll('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'), /encrypted/],
      [rsa.spki, /PEM "PUBLIC KEY", not a private key/],
      ['-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----', /not a well-formed PEM/],
    ];
    for (const [raw, reason] of cases) {
      const r = checkPrivateKey(raw);
      if (reason === null) expect(r).toBeNull();
      else expect(r, raw.slice(0, 30)).toMatch(reason);
      for (const s of secretsOf(rsa)) expect(r ?? '').not.toContain(s);
    }
  });

  const mismatches: Array<[string, SigningAlg | 'ES384' | 'EdDSA', SigningAlg, RegExp]> = [
    ['an EC key with RS256', 'ES256', 'RS256', /RS256 needs an RSA key .* the key is an EC P-256 key/],
    ['an EC key with PS256', 'ES256', 'PS256', /PS256 needs an RSA key/],
    ['an RSA key with ES256', 'RS256', 'ES256', /ES256 needs an EC P-256 key, and the key is an RSA key/],
    ['an EC P-384 key with ES256', 'ES384', 'ES256', /ES256 needs an EC P-256 key, and the key is an EC P-384 key/],
    ['an Ed25519 key with ES256', 'EdDSA', 'ES256', /ES256 needs an EC P-256 key/],
  ];
  for (const [name, kind, alg, message] of mismatches) {
    for (const form of ['pem', 'jwk'] as const) {
      test(`${name} (${form})`, async () => {
        const k = await keyPair(kind);
        const m = await refusal(loadClientKey(k[form], alg));
        expect(m).toMatch(/^CAMARA_PRIVATE_KEY \/ CAMARA_SIGNING_ALG: /);
        if (!(kind === 'EdDSA' && form === 'jwk')) expect(m).toMatch(message);
        for (const s of secretsOf(k)) expect(m).not.toContain(s);
      });
    }
  }

  test('an RSA key under 2048 bits', async () => {
    // jose generates no key that short: node:crypto does
    const pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const k = {
      pem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      jwk: JSON.stringify(pair.privateKey.export({ format: 'jwk' })),
    };
    for (const form of ['pem', 'jwk'] as const) {
      const m = await refusal(loadClientKey(k[form], 'RS256'));
      expect(m).toMatch(/the RSA key has 1024 bits; RS256 needs 2048 bits or more/);
      for (const s of secretsOf(k)) expect(m).not.toContain(s);
    }
  });

  test('a JWK whose alg differs from CAMARA_SIGNING_ALG', async () => {
    const k = await keyPair('RS256');
    const m = await refusal(loadClientKey(JSON.stringify({ ...JSON.parse(k.jwk), alg: 'PS256' }), 'RS256'));
    expect(m).toMatch(/the JWK says "alg": "PS256" but CAMARA_SIGNING_ALG is RS256/);
  });

  test('a damaged key, an unknown algorithm, a public key', async () => {
    const k = await keyPair('RS256');
    const jwk = JSON.parse(k.jwk) as Record<string, string>;
    const withoutCrt = Object.fromEntries(
      Object.entries(jwk).filter(([m]) => !['p', 'q', 'dp', 'dq', 'qi'].includes(m)),
    );
    const damaged = JSON.stringify({ ...withoutCrt, d: jwk['d']!.slice(0, 40) });
    const ec = JSON.parse((await keyPair('ES256')).jwk) as Record<string, string>;
    const other = JSON.parse((await keyPair('ES256')).jwk) as Record<string, string>;
    const mixed = JSON.stringify({ ...ec, x: other['x'], y: other['y'] });
    const lines = k.pem.trim().split('\n');
    const truncated = [...lines.slice(0, 4), lines.at(-1)].join('\n');
    expect(await refusal(loadClientKey(mixed, 'ES256'))).toMatch(/damaged/);
    for (const [raw, alg] of [
      [damaged, 'RS256'],
      [truncated, 'RS256'],
      [k.pem, 'HS256'],
      [k.spki, 'RS256'],
      ['', 'RS256'],
    ] as const) {
      const m = await refusal(loadClientKey(raw, alg as SigningAlg));
      expect(m).toMatch(/^CAMARA_PRIVATE_KEY \/ CAMARA_SIGNING_ALG: /);
      for (const s of secretsOf(k)) expect(m).not.toContain(s);
    }
  });
});
