import { expect, test } from '@playwright/test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AttestationError, phoneSha256, signAttestation, verifyAttestation } from '../../../src/relay/attestation.js';
import type { Scores } from '../../../src/protocol/scores.js';

const SECRET = 'a-very-long-attestation-secret-of-40-chars!!';
const scores: Scores = {
  gender: null,
  given_name: 1,
  family_name: 0.98,
  birthdate: null,
  email: null,
  address: { street_address: null, postal_code: null, locality: null, country: null },
};
const PHONE = '+33612345678';

async function sign(now = Date.now(), ttlSeconds?: number, phone: string | null = PHONE) {
  return signAttestation(
    { phone_sha256: phone === null ? null : await phoneSha256(phone), scores, verdict: 'verified' },
    SECRET,
    { now: () => now, ttlSeconds },
  );
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AttestationError);
    return (e as AttestationError).code;
  }
  throw new Error('accepted');
}

test('round trip: exactly the documented claims', async () => {
  const token = await sign();
  expect(token.split('.')).toHaveLength(3);
  const claims = await verifyAttestation(token, SECRET, { phone: PHONE });
  expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'jti', 'phone_sha256', 'scores', 'verdict']);
  expect(claims.scores).toEqual(scores);
  expect(claims.verdict).toBe('verified');
  expect(claims.exp - claims.iat).toBe(900);
  expect(claims.phone_sha256).toBe(await phoneSha256(PHONE));
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
  expect(header.alg).toBe('HS256');
});

test('phone_sha256 is the hex SHA-256 of the E.164 number', async () => {
  const { createHash } = await import('node:crypto');
  expect(await phoneSha256(PHONE)).toBe(createHash('sha256').update(PHONE).digest('hex'));
});

test('each attestation has its own jti', async () => {
  const a = await verifyAttestation(await sign(), SECRET);
  const b = await verifyAttestation(await sign(), SECRET);
  expect(a.jti).not.toBe(b.jti);
});

test('expired is refused', async () => {
  const token = await sign(Date.now() - 20 * 60_000);
  expect(await refusal(verifyAttestation(token, SECRET))).toBe('expired');
});

test('expiry honours the injected clock and ttl', async () => {
  const t0 = 1_800_000_000_000;
  const token = await sign(t0, 60);
  await verifyAttestation(token, SECRET, { now: () => t0 + 30_000 });
  expect(await refusal(verifyAttestation(token, SECRET, { now: () => t0 + 70_000 }))).toBe('expired');
  expect(await refusal(verifyAttestation(token, SECRET, { now: () => t0 + 30_000, maxAgeSeconds: 10 }))).toBe(
    'expired',
  );
});

test('tampered payload is refused', async () => {
  const token = await sign();
  const [h, p, s] = token.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  payload.verdict = 'verified';
  payload.scores.family_name = 1;
  const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  expect(await refusal(verifyAttestation(forged, SECRET))).toBe('signature');
});

test('tampered signature is refused', async () => {
  const token = await sign();
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  expect(await refusal(verifyAttestation(`${token.slice(0, -2)}${last}${token.at(-1)}`, SECRET))).toBe('signature');
});

test('wrong key is refused', async () => {
  const token = await sign();
  expect(await refusal(verifyAttestation(token, `${SECRET}x`))).toBe('signature');
});

test('alg none and other algorithms are refused', async () => {
  const unsecured = new UnsecuredJWT({ phone_sha256: null, scores, verdict: 'verified' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('x')
    .encode();
  expect(await refusal(verifyAttestation(unsecured, SECRET))).toBe('malformed');
  const hs512 = await new SignJWT({ phone_sha256: null, scores, verdict: 'verified' })
    .setProtectedHeader({ alg: 'HS512', typ: 'idmobile-attestation+jwt' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('x')
    .sign(new TextEncoder().encode(SECRET));
  expect(await refusal(verifyAttestation(hs512, SECRET))).toBe('malformed');
});

test('a validly signed token of another shape is refused', async () => {
  const key = new TextEncoder().encode(SECRET);
  const other = await new SignJWT({ sub: 'someone', verdict: 'verified' })
    .setProtectedHeader({ alg: 'HS256', typ: 'idmobile-attestation+jwt' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('x')
    .sign(key);
  expect(await refusal(verifyAttestation(other, SECRET))).toBe('claims');
  const otherType = await new SignJWT({ phone_sha256: null, scores, verdict: 'verified' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti('x')
    .sign(key);
  expect(await refusal(verifyAttestation(otherType, SECRET))).toBe('claims');
});

test('garbage is malformed', async () => {
  for (const g of ['', 'abc', 'a.b', 'a.b.c.d', 'x'.repeat(10_000)])
    expect(await refusal(verifyAttestation(g, SECRET))).toBe('malformed');
});

test('phone binding', async () => {
  const token = await sign();
  expect(await refusal(verifyAttestation(token, SECRET, { phone: '+33698765432' }))).toBe('phone_mismatch');
  const unbound = await sign(Date.now(), undefined, null);
  expect(await refusal(verifyAttestation(unbound, SECRET, { phone: PHONE }))).toBe('phone_unbound');
  expect((await verifyAttestation(unbound, SECRET, { phone: PHONE, allowUnboundPhone: true })).phone_sha256).toBeNull();
  expect((await verifyAttestation(unbound, SECRET)).phone_sha256).toBeNull();
});
