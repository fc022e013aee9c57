/**
 * Binding: the digests an attestation carries in place of the phone number and identity, and their comparison
 * with the merchant's own order.
 *
 * v3 digest = base64url(HMAC-SHA-256(binding key, `jti` ‖ 0x00 ‖ path ‖ 0x00 ‖ folded value)), the binding key
 * derived from `ATTESTATION_SECRET` (keys.ts), the phone's path `phone` (its value the E.164 number), a field's
 * path its name (`address.locality`) and its value folded (fold.ts). Salted with the attestation's `jti`, the same
 * number gives another digest in every attestation (two attestations cannot be linked), and with the path, a
 * value typed in one field never matches another field's digest. Nobody without the secret can test a guess.
 * v2 digests (verified until v2 attestations expire) are HMAC(v2 binding key, folded value), unsalted.
 */
import { FIELD_PATHS, type FieldPath } from '../../protocol/fields.js';
import { foldField } from './fold.js';
import { hmacBase64url } from './fast-crypto.js';

/** Field path -> digest, for the fields that were sent non-empty. */
export type IdentityDigests = Partial<Record<FieldPath, string>>;
/** Field path -> folded value, for the fields that are non-empty once folded. */
export type FoldedIdentity = Partial<Record<FieldPath, string>>;

/** The digest of one bound value: `path` is `phone` or a field path, `value` the E.164 number or a folded value. */
export type Digester = (path: 'phone' | FieldPath, value: string) => Promise<string>;

function own(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The value of a field path in an identity (`address.locality` reads `identity.address.locality`), or `""`. */
export function valueAt(identity: unknown, path: FieldPath): string {
  const v = path.startsWith('address.') ? own(own(identity, 'address'), path.slice(8)) : own(identity, path);
  return typeof v === 'string' ? v : '';
}

/** The folded, non-empty fields of an identity. */
export function foldIdentity(identity: unknown): FoldedIdentity {
  const out: FoldedIdentity = {};
  for (const path of FIELD_PATHS) {
    const folded = foldField(path, valueAt(identity, path));
    if (folded !== '') out[path] = folded;
  }
  return out;
}

/** The v3 digests of one attestation (salted with its `jti`). */
export const digesterV3 =
  (bindingKey: CryptoKey, jti: string): Digester =>
  (path, value) =>
    hmacBase64url(bindingKey, `${jti}\u0000${path}\u0000${value}`);

/** The v2 digests (unsalted): for verifying v2 attestations only. */
export const digesterV2 =
  (bindingKeyV2: CryptoKey): Digester =>
  (_path, value) =>
    hmacBase64url(bindingKeyV2, value);

/** The digests of a phone number (E.164) and of every field of a folded identity. */
export async function bindAll(
  digester: Digester,
  e164: string,
  folded: FoldedIdentity,
): Promise<{ phone: string; identity: IdentityDigests }> {
  const identity: IdentityDigests = {};
  for (const path of FIELD_PATHS) {
    const value = folded[path];
    if (value !== undefined) identity[path] = await digester(path, value);
  }
  return { phone: await digester('phone', e164), identity };
}

/**
 * The fields of `attested` that the merchant's `identity` does not confirm: absent or empty there, or folding
 * to another value. Empty when every attested field matches (fields the merchant has but the check did not
 * compare do not count: the attestation says nothing about them).
 */
export async function mismatchedFields(
  digester: Digester,
  attested: IdentityDigests,
  identity: unknown,
): Promise<FieldPath[]> {
  const mine = foldIdentity(identity);
  const out: FieldPath[] = [];
  for (const path of FIELD_PATHS) {
    const expected = attested[path];
    if (expected === undefined) continue;
    const value = mine[path];
    if (value === undefined || (await digester(path, value)) !== expected) out.push(path);
  }
  return out;
}
