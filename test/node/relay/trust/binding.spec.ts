/**
 * Binding (src/relay/trust/binding.ts and keys.ts): the digests an attestation carries. Property tests: the
 * merchant's spelling of the identity that was checked matches, any other value of a field is named as
 * mismatched, and the digests are keyed (HKDF from the secret) and salted with the attestation's `jti` and the
 * field path: no plain hash, another secret, another attestation or another field gives another digest.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { FIELD_PATHS, type FieldPath } from '../../../../src/protocol/fields.js';
import { bindAll, digesterV3, foldIdentity, mismatchedFields, valueAt } from '../../../../src/relay/trust/binding.js';
import { foldField } from '../../../../src/relay/trust/fold.js';
import { HKDF_INFO, HKDF_SALT, trustKeys } from '../../../../src/relay/trust/keys.js';

const SECRET = 'binding-secret-0123456789abcdef0123456789';
const JTI = '4b1c7d1e-5f0a-4c7e-9d43-0a5be1f0c2aa';
const digesterOf = async (secret = SECRET, jti = JTI) => digesterV3((await trustKeys(secret)).binding, jti);
const bindPhone = async (secret: string, phone: string, jti = JTI) => (await digesterOf(secret, jti))('phone', phone);
const bindIdentity = async (id: unknown, secret = SECRET) =>
  (await bindAll(await digesterOf(secret), '+33612345678', foldIdentity(id))).identity;
const RUNS = { seed: 11_2027, numRuns: 150 };

const letters = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')),
  minLength: 1,
  maxLength: 12,
});
const identity = fc.record({
  gender: fc.constantFrom('M', 'F', ''),
  given_name: letters,
  family_name: letters,
  birthdate: fc.constantFrom('1990-04-12', '1978-11-03', ''),
  email: letters.map((l) => `${l}@example.fr`),
  address: fc.record({
    street_address: letters.map((l) => `12 rue ${l}`),
    postal_code: fc.constantFrom('75002', '69007'),
    locality: letters,
    country: fc.constantFrom('FR', 'BE'),
  }),
});

function set(id: Record<string, unknown>, path: FieldPath, value: string) {
  const copy = structuredClone(id) as Record<string, Record<string, unknown>>;
  if (path.startsWith('address.')) copy['address']![path.slice(8)] = value;
  else (copy as Record<string, unknown>)[path] = value;
  return copy;
}

test('a digest is HMAC(HKDF key, jti 0x00 path 0x00 folded value) as documented (reproducible in any language)', async () => {
  const key = Buffer.from(hkdfSync('sha256', SECRET, HKDF_SALT, HKDF_INFO.binding, 32));
  expect(HKDF_INFO.binding).toBe('idmobile-check binding v3');
  const hmac = (text: string) => createHmac('sha256', key).update(text).digest('base64url');
  expect(await bindPhone(SECRET, '+33612345678')).toBe(hmac(`${JTI}\u0000phone\u0000+33612345678`));
  const folded = foldField('family_name', 'Martin');
  expect(folded).toBe('martin');
  expect((await bindIdentity({ family_name: 'MARTIN' })).family_name).toBe(hmac(`${JTI}\u0000family_name\u0000martin`));
});

test('salted: the same number in two attestations gives two digests (not linkable)', async () => {
  const other = '9d2f0a61-0b0e-4a43-8f55-3c4c1f0d7e21';
  expect(await bindPhone(SECRET, '+33612345678')).not.toBe(await bindPhone(SECRET, '+33612345678', other));
});

test("by field: a value typed in one field never matches another field's digest", async () => {
  const digester = await digesterOf();
  expect(await digester('given_name', 'martin')).not.toBe(await digester('family_name', 'martin'));
  const attested = await bindIdentity({ given_name: 'Martin', family_name: 'Camille' });
  expect(await mismatchedFields(digester, attested, { given_name: 'Camille', family_name: 'Martin' })).toEqual([
    'given_name',
    'family_name',
  ]);
});

test('keyed: never the plain SHA-256, and another secret gives other digests', async () => {
  const a = SECRET;
  const b = `${SECRET}-other`;
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 600000000, max: 799999999 }), async (n) => {
      const phone = `+33${n}`;
      const digest = await bindPhone(a, phone);
      expect(digest).not.toBe(createHash('sha256').update(phone).digest('base64url'));
      expect(digest).not.toBe(await bindPhone(b, phone));
      expect(digest).toBe(await bindPhone(a, phone));
    }),
    RUNS,
  );
});

test('only non-empty fields are bound', async () => {
  const digests = await bindIdentity({ given_name: 'Léa', family_name: ' ', gender: '', address: {} });
  expect(Object.keys(digests)).toEqual(['given_name']);
});

test('the same identity, spelled differently by the merchant, matches; one field changed is named', async () => {
  const binding = await digesterOf();
  await fc.assert(
    fc.asyncProperty(identity, fc.constantFrom(...FIELD_PATHS), letters, async (id, path, other) => {
      const attested = await bindIdentity(id);
      const shouted = {
        ...id,
        given_name: `  ${id.given_name.toUpperCase()} `,
        family_name: id.family_name.replace(/e/g, 'é'),
        address: { ...id.address, locality: id.address.locality.toUpperCase() },
      };
      expect(await mismatchedFields(binding, attested, shouted)).toEqual([]);
      const original = foldField(path, valueAt(id, path));
      const replacement =
        path === 'gender'
          ? id.gender === 'F'
            ? 'M'
            : 'F'
          : path === 'address.country'
            ? 'DE'
            : path === 'birthdate'
              ? '2001-02-28'
              : `${other}x`;
      fc.pre(original !== '' && foldField(path, replacement) !== original);
      expect(await mismatchedFields(binding, attested, set(id, path, replacement))).toEqual([path]);
      expect(await mismatchedFields(binding, attested, set(id, path, ''))).toEqual([path]);
    }),
    RUNS,
  );
});
