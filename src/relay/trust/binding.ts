/**
 * Binding: the digests an attestation (and the sealed state) carry in place of the phone number and identity,
 * and their comparison with the merchant's own order. A digest is the base64url HMAC-SHA-256, under the binding
 * key derived from `ATTESTATION_SECRET` (keys.ts), of the E.164 number or of a field's folded value (fold.ts):
 * nobody without the secret can test a guess against it (unlike a plain hash of a phone number, which the
 * whole French mobile range reverses in minutes).
 */
import { FIELD_PATHS, type FieldPath } from '../../protocol/fields.js';
import { foldField } from './fold.js';
import { hmacBase64url } from './fast-crypto.js';

/** An identity in the request's shape; every value optional (the merchant's order may lack some). */
export interface IdentityInput {
  gender?: string;
  given_name?: string;
  family_name?: string;
  birthdate?: string;
  email?: string;
  address?: { street_address?: string; postal_code?: string; locality?: string; country?: string };
}

/** Field path -> digest, for the fields that were sent non-empty. */
export type IdentityDigests = Partial<Record<FieldPath, string>>;

function own(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The value of a field path in an identity (`address.locality` reads `identity.address.locality`), or `""`. */
export function valueAt(identity: unknown, path: FieldPath): string {
  const v = path.startsWith('address.') ? own(own(identity, 'address'), path.slice(8)) : own(identity, path);
  return typeof v === 'string' ? v : '';
}

/** The folded, non-empty fields of an identity, in display order. */
export function foldedFields(identity: unknown): Array<[FieldPath, string]> {
  const out: Array<[FieldPath, string]> = [];
  for (const path of FIELD_PATHS) {
    const folded = foldField(path, valueAt(identity, path));
    if (folded !== '') out.push([path, folded]);
  }
  return out;
}

/** base64url HMAC-SHA-256 of `value` under the binding key (fast-crypto.ts: synchronous on Node). */
export function digest(bindingKey: CryptoKey, value: string): Promise<string> {
  return hmacBase64url(bindingKey, value);
}

/** The digest of an E.164 phone number. */
export const bindPhone = (bindingKey: CryptoKey, e164: string): Promise<string> => digest(bindingKey, e164);

/** The digests of every field of `identity` that is non-empty once folded. */
export async function bindIdentity(bindingKey: CryptoKey, identity: unknown): Promise<IdentityDigests> {
  const out: IdentityDigests = {};
  for (const [path, folded] of foldedFields(identity)) out[path] = await digest(bindingKey, folded);
  return out;
}

/**
 * The fields of `attested` that the merchant's `identity` does not confirm: absent or empty there, or folding
 * to another value. Empty when every attested field matches (fields the merchant has but the check did not
 * compare do not count: the attestation says nothing about them).
 */
export async function mismatchedFields(
  bindingKey: CryptoKey,
  attested: IdentityDigests,
  identity: unknown,
): Promise<FieldPath[]> {
  const mine = await bindIdentity(bindingKey, identity);
  return FIELD_PATHS.filter((path) => attested[path] !== undefined && attested[path] !== mine[path]);
}
