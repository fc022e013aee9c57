/**
 * What an upstream keeps between a shopper's requests (a CIBA request in progress, an authorization-code check,
 * the outcome of a callback), and the CIBA token handed to the widget: all of it ENCRYPTED, so that the store
 * (a Redis shared by a fleet, a dump of it) holds no identity, no access token and no PKCE verifier in clear.
 *
 * - Records: JSON values in the relay's store, each a compact JWE (`dir`, A256GCM) under the key derived with
 *   HKDF info `idmobile-check records v1` (keys.ts), with an expiry.
 * - CIBA tokens: a compact JWE under the `idmobile-check ciba v1` key, header `cty: idmobile-ciba`, holding
 *   `auth_req_id`, the check's nonce and `exp` (at most {@link CIBA_TOKEN_MAX_LENGTH} characters).
 *
 * Opening never throws: a token or record that is tampered, expired, or not ours is `null`. Store failures do
 * throw (the caller answers R503 or fails the check).
 */
import { CompactEncrypt, compactDecrypt } from 'jose';
import type { RelayStore } from '../store/types.js';
import { encryptDirA256Gcm, hmacBase64url } from './fast-crypto.js';
import { trustKeys } from './keys.js';
import { NONCE_PATTERN } from './state.js';

export const CIBA_TOKEN_TYPE = 'idmobile-ciba';
export const CIBA_TOKEN_MAX_LENGTH = 2048;

export interface CibaTokenClaims {
  authReqId: string;
  nonce: string;
  /** Epoch seconds after which the request has expired. */
  exp: number;
}

export interface UpstreamVault {
  /** Stores `value` (JSON) under `key`, encrypted, for `ttlMs`. */
  put(key: string, value: object, ttlMs: number): Promise<void>;
  /** The value stored under `key`, or null (absent, expired, or not readable with this relay's secret). */
  get<T>(key: string): Promise<T | null>;
  delete(key: string): Promise<void>;
  /** Sets the single-use mark `key` unless set; true when this call set it. */
  mark(key: string, ttlMs: number): Promise<boolean>;
  isMarked(key: string): Promise<boolean>;
  /** A store key for `text` (e.g. a number and a client): a keyed digest, so the store never holds the text. */
  keyOf(text: string): Promise<string>;
  sealCibaToken(claims: CibaTokenClaims): Promise<string>;
  openCibaToken(token: string): Promise<CibaTokenClaims | null>;
}

const COMPACT_JWE = /^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function createUpstreamVault(store: RelayStore, secret: string): UpstreamVault {
  const keys = trustKeys(secret);
  keys.catch(() => {});
  return {
    async put(key, value, ttlMs) {
      const { records } = await keys;
      await store.set(key, await encryptDirA256Gcm(value, records), ttlMs);
    },
    async get<T>(key: string): Promise<T | null> {
      const raw = await store.get(key);
      if (raw === null || raw.length > 64 * 1024 || !COMPACT_JWE.test(raw)) return null;
      try {
        const { records } = await keys;
        const { plaintext } = await compactDecrypt(raw, records, {
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        return JSON.parse(decoder.decode(plaintext)) as T;
      } catch {
        return null;
      }
    },
    delete: (key) => store.delete(key),
    mark: (key, ttlMs) => store.mark(key, ttlMs),
    isMarked: (key) => store.isMarked(key),
    keyOf: async (text) => hmacBase64url((await keys).limits, `upstream-record\u0000${text}`),
    async sealCibaToken(claims) {
      const { ciba } = await keys;
      const payload = encoder.encode(JSON.stringify({ ari: claims.authReqId, nonce: claims.nonce, exp: claims.exp }));
      return new CompactEncrypt(payload)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: CIBA_TOKEN_TYPE })
        .encrypt(ciba);
    },
    async openCibaToken(token) {
      if (typeof token !== 'string' || token.length > CIBA_TOKEN_MAX_LENGTH || !COMPACT_JWE.test(token)) {
        return null;
      }
      try {
        const { ciba } = await keys;
        // expiry is the caller's to answer (`timeout`, final), so it is read here, not enforced
        const { plaintext, protectedHeader } = await compactDecrypt(token, ciba, {
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        if (protectedHeader.cty !== CIBA_TOKEN_TYPE) return null;
        const { ari, nonce, exp } = JSON.parse(decoder.decode(plaintext)) as {
          ari?: unknown;
          nonce?: unknown;
          exp?: unknown;
        };
        if (typeof ari !== 'string' || typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) return null;
        if (typeof exp !== 'number') return null;
        return { authReqId: ari, nonce, exp };
      } catch {
        return null;
      }
    },
  };
}
