/**
 * Keys of the trust layer, all derived from `ATTESTATION_SECRET` with HKDF-SHA-256 (Web Crypto), one per
 * purpose, so that no derived key can stand in for another and none reveals the secret:
 *
 * | purpose | HKDF `info` | used for |
 * | --- | --- | --- |
 * | binding | `idmobile-check binding v3` | HMAC-SHA-256 digests of v3 attestations (salted with `jti` and the field path) |
 * | bindingV2 | `idmobile-check binding v2` | the digests of v2 attestations (verified until they expire) |
 * | sealed | `idmobile-check sealed v1` | A256GCM key (`dir`) of the attestation's `sealed` claim |
 * | session | `idmobile-check session v1` | HS256 signature of check sessions |
 * | state | `idmobile-check state v2` | A256GCM key of the sealed `idmobile_state` |
 * | ciba | `idmobile-check ciba v1` | A256GCM key of the CIBA `token` handed to the widget |
 * | records | `idmobile-check records v1` | A256GCM key (`dir`) of what an upstream keeps in the store (trust/vault.ts) |
 * | limits | `idmobile-check limits v1` | HMAC-SHA-256 keys of the limits' counters (a phone number is never a key) |
 *
 * Input key material: the secret's UTF-8 bytes; salt: the UTF-8 bytes of `idmobile-check`; output: 32 bytes.
 * (A verifier in another language reproduces these keys with any HKDF implementation from these values.)
 * The attestation itself is signed with the secret as is (HS256), so that any JWT library checks its signature.
 */
import { importAesGcmKey, importHmacKey } from './fast-crypto.js';

export interface TrustKeys {
  /** HS256 key of attestations: the secret's bytes (imported once, for signing and verifying). */
  attestation: CryptoKey;
  /** HMAC-SHA-256 key of the v3 phone and identity digests (fast-crypto.ts). */
  binding: CryptoKey;
  /** HMAC-SHA-256 key of the v2 digests (verification of v2 attestations only). */
  bindingV2: CryptoKey;
  /** A256GCM key (`dir`) of the attestation's sealed scores. */
  sealed: CryptoKey;
  /** HS256 key of check sessions. */
  session: CryptoKey;
  /** A256GCM key (`dir`) of the sealed state. */
  state: CryptoKey;
  /** A256GCM key (`dir`) of CIBA tokens. */
  ciba: CryptoKey;
  /** A256GCM key (`dir`) of the records an upstream keeps in the store (CIBA, authorization code). */
  records: CryptoKey;
  /** HMAC-SHA-256 key of the limits' counter keys. */
  limits: CryptoKey;
}

export const HKDF_SALT = 'idmobile-check';
export const HKDF_INFO = {
  binding: 'idmobile-check binding v3',
  bindingV2: 'idmobile-check binding v2',
  sealed: 'idmobile-check sealed v1',
  session: 'idmobile-check session v1',
  state: 'idmobile-check state v2',
  ciba: 'idmobile-check ciba v1',
  records: 'idmobile-check records v1',
  limits: 'idmobile-check limits v1',
} as const;

const encoder = new TextEncoder();

/** 32 bytes derived from `secret` for one purpose. */
export async function deriveKeyBytes(
  secret: string,
  purpose: keyof typeof HKDF_INFO,
): Promise<Uint8Array<ArrayBuffer>> {
  const ikm = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(HKDF_SALT), info: encoder.encode(HKDF_INFO[purpose]) },
    ikm,
    256,
  );
  return new Uint8Array(bits);
}

/** Every key derived and imported once per secret: nothing is imported again per request. */
async function derive(secret: string): Promise<TrustKeys> {
  const bytes = async (purpose: keyof typeof HKDF_INFO) => deriveKeyBytes(secret, purpose);
  const [attestation, binding, bindingV2, sealed, session, state, ciba, records, limits] = await Promise.all([
    importHmacKey(encoder.encode(secret)),
    importHmacKey(await bytes('binding'), ['sign']),
    importHmacKey(await bytes('bindingV2'), ['sign']),
    importAesGcmKey(await bytes('sealed')),
    importHmacKey(await bytes('session')),
    importAesGcmKey(await bytes('state')),
    importAesGcmKey(await bytes('ciba')),
    importAesGcmKey(await bytes('records')),
    importHmacKey(await bytes('limits'), ['sign']),
  ]);
  return { attestation, binding, bindingV2, sealed, session, state, ciba, records, limits };
}

/** A handful of secrets at most per process (one relay, a verifier, tests): a tiny cache keeps derivation cheap. */
const cache = new Map<string, Promise<TrustKeys>>();
const CACHE_SIZE = 8;

/** The derived keys of a secret (cached). Throws a TypeError for an empty secret. */
export function trustKeys(secret: string): Promise<TrustKeys> {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('the attestation secret is empty');
  let keys = cache.get(secret);
  if (!keys) {
    keys = derive(secret);
    const oldest = cache.keys().next();
    if (cache.size >= CACHE_SIZE && !oldest.done) cache.delete(oldest.value);
    cache.set(secret, keys);
    keys.catch(() => cache.delete(secret));
  }
  return keys;
}
