/**
 * Binding (src/relay/trust/binding.ts and keys.ts): the digests an attestation carries. Property tests: the
 * merchant's spelling of the identity that was checked matches, any other value of a field is named as
 * mismatched, and the digests are keyed (HKDF from the secret): no plain hash, another secret another digest.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { FIELD_PATHS, type FieldPath } from '../../../../src/protocol/fields.js';
import { bindIdentity, bindPhone, mismatchedFields, valueAt } from '../../../../src/relay/trust/binding.js';
import { foldField } from '../../../../src/relay/trust/fold.js';
import { HKDF_INFO, HKDF_SALT, trustKeys } from '../../../../src/relay/trust/keys.js';

const SECRET = 'binding-secret-0123456789abcdef0123456789';
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

test('the binding key is HKDF-SHA-256 of the secret as documented (reproducible in any language)', async () => {
  const { binding } = await trustKeys(SECRET);
  const key = Buffer.from(hkdfSync('sha256', SECRET, HKDF_SALT, HKDF_INFO.binding, 32));
  const expected = createHmac('sha256', key).update('+33612345678').digest('base64url');
  expect(await bindPhone(binding, '+33612345678')).toBe(expected);
  const folded = foldField('family_name', 'Martin');
  expect((await bindIdentity(binding, { family_name: 'MARTIN' })).family_name).toBe(
    createHmac('sha256', key).update(folded).digest('base64url'),
  );
});

test('keyed: never the plain SHA-256, and another secret gives other digests', async () => {
  const a = (await trustKeys(SECRET)).binding;
  const b = (await trustKeys(`${SECRET}-other`)).binding;
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
  const { binding } = await trustKeys(SECRET);
  const digests = await bindIdentity(binding, { given_name: 'Léa', family_name: ' ', gender: '', address: {} });
  expect(Object.keys(digests)).toEqual(['given_name']);
});

test('the same identity, spelled differently by the merchant, matches; one field changed is named', async () => {
  const { binding } = await trustKeys(SECRET);
  await fc.assert(
    fc.asyncProperty(identity, fc.constantFrom(...FIELD_PATHS), letters, async (id, path, other) => {
      const attested = await bindIdentity(binding, id);
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
