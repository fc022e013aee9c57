/**
 * The fast path of the per-check cryptography (Node's synchronous HMAC and AES-GCM) against Web Crypto and jose:
 * the same digests and signatures byte for byte, JWEs that jose opens (and refuses once tampered with), and
 * attestations and states from either path accepted by the relay's jose-based verification.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { compactDecrypt, compactVerify } from 'jose';
import { createHmac } from 'node:crypto';
import {
  encryptDirA256Gcm,
  hmacBase64url,
  importAesGcmKey,
  importHmacKey,
  nativeCryptoInUse,
  signHs256,
  useNativeCrypto,
} from '../../../../src/relay/trust/fast-crypto.js';
import { signAttestation } from '../../../../src/relay/trust/attestation.js';
import { verifyAttestation } from '../../../../src/relay/trust/verify.js';
import { openState, sealState } from '../../../../src/relay/trust/state.js';

const SECRET = 'fast-crypto-attestation-secret-0123456789abcdef';
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

test.afterEach(() => useNativeCrypto(true));

async function both<T>(fn: () => Promise<T>): Promise<[T, T]> {
  useNativeCrypto(true);
  const native = await fn();
  useNativeCrypto(false);
  const web = await fn();
  useNativeCrypto(true);
  return [native, web];
}

test('on Node the synchronous path is in use (the throughput depends on it)', () => {
  expect(nativeCryptoInUse()).toBe(true);
  useNativeCrypto(false);
  expect(nativeCryptoInUse()).toBe(false);
});

test('HMAC: the same base64url digest on both paths, equal to node:crypto', async () => {
  const raw = bytes(32, 7);
  const key = await importHmacKey(raw, ['sign']);
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), async (text) => {
      const [native, web] = await both(() => hmacBase64url(key, text));
      expect(native).toBe(web);
      expect(native).toBe(createHmac('sha256', raw).update(text, 'utf8').digest('base64url'));
    }),
    { numRuns: 200 },
  );
});

test('HS256: the same compact JWS on both paths, verified by jose', async () => {
  const key = await importHmacKey(bytes(40, 3));
  const claims = { v: 2, name: 'Léa Bernard', n: [1, 0.5, null], nested: { a: '"quoted"\n' } };
  const [native, web] = await both(() => signHs256({ typ: 'idmobile-attestation+jwt' }, claims, key));
  expect(native).toBe(web);
  const { payload, protectedHeader } = await compactVerify(native, key);
  expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'idmobile-attestation+jwt' });
  expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
});

test('dir + A256GCM: both paths give JWEs jose opens; a fresh IV each time; any change refused', async () => {
  const key = await importAesGcmKey(bytes(32, 11));
  const claims = { v: 1, ref: 'order-1', phone: 'x'.repeat(43), identity: {}, iat: 1, exp: 2 };
  const [native, web] = await both(() => encryptDirA256Gcm(claims, key));
  for (const jwe of [native, web]) {
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key);
    expect(protectedHeader).toEqual({ alg: 'dir', enc: 'A256GCM' });
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual(claims);
  }
  expect(await encryptDirA256Gcm(claims, key)).not.toBe(native);
  const parts = native.split('.');
  for (const i of [0, 2, 3, 4]) {
    const tampered = [...parts];
    const part = tampered[i]!;
    tampered[i] = part.slice(0, -2) + (part.endsWith('AA') ? 'AB' : 'AA');
    await expect(compactDecrypt(tampered.join('.'), key)).rejects.toThrow();
  }
});

test('attestations and sealed states from either path are accepted by the relay (jose verifies and opens)', async () => {
  const input = {
    mode: 'test' as const,
    ref: 'order-7',
    phone: 'p'.repeat(43),
    identity: { given_name: 'g'.repeat(43) },
    scores: {
      gender: null,
      given_name: 1,
      family_name: 1,
      birthdate: null,
      email: null,
      address: { street_address: null, postal_code: null, locality: null, country: null },
    },
    verdict: 'verified' as const,
  };
  const [a1, a2] = await both(() => signAttestation(input, SECRET));
  for (const a of [a1, a2]) {
    const r = await verifyAttestation(a, SECRET, { allowTestMode: true, reference: 'order-7' });
    expect(r.success).toBe(true);
  }
  const state = { ref: 'order-7', phone: 'p'.repeat(43), identity: { family_name: 'f'.repeat(43) } };
  const [s1, s2] = await both(() => sealState(state, SECRET));
  for (const s of [s1, s2]) expect(await openState(s, SECRET)).toEqual(state);
});
