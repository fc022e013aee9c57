/**
 * The sealed `idmobile_state`: what the relay needs, after the operator's consent page, to sign an attestation
 * bound exactly like one from `/match`, and to bind the consent result to the check that asked for it.
 * `/match` appends it to `return_url` before that goes upstream as the redirect URI; the widget sends it back
 * with `/result`. A compact JWE (`dir`, `A256GCM`, key derived from `ATTESTATION_SECRET` with HKDF info
 * `idmobile-check state v2`: keys.ts), opaque to everyone else, holding a random `nonce` (32 lowercase hex
 * characters: DQE's `code_name`), the checked number (E.164) and folded identity (the digests' inputs: an
 * attestation's digests are salted with its own `jti`), the session's reference and an expiry (30 minutes).
 * A state is SINGLE USE: the relay marks its nonce in the store on the final answer.
 */
import { jwtDecrypt } from 'jose';
import * as z from 'zod/mini';
import { FIELD_PATHS, type FieldPath } from '../../protocol/fields.js';
import { E164_PATTERN } from '../../protocol/limits.js';
import type { FoldedIdentity } from './binding.js';
import { encryptDirA256Gcm } from './fast-crypto.js';
import { trustKeys } from './keys.js';

export const STATE_PARAM = 'idmobile_state';
export const STATE_TTL_SECONDS = 30 * 60;
export const NONCE_PATTERN = /^[0-9a-f]{32}$/;

export interface StateClaims {
  /** The check's nonce (DQE `code_name`, CIBA token binding). */
  nonce: string;
  ref: string | null;
  /** E.164. */
  phone: string;
  identity: FoldedIdentity;
}

/** A fresh check nonce: 128 random bits as 32 lowercase hex characters. */
export function newNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sealState(
  claims: StateClaims,
  secret: string,
  options: { ttlSeconds?: number; now?: () => number } = {},
): Promise<string> {
  const keys = await trustKeys(secret);
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const exp = iat + (options.ttlSeconds ?? STATE_TTL_SECONDS);
  return encryptDirA256Gcm(
    { v: 2, nonce: claims.nonce, ref: claims.ref, phone: claims.phone, identity: claims.identity, iat, exp },
    keys.state,
  );
}

const Claims = z.object({
  v: z.literal(2),
  nonce: z.string().check(z.regex(NONCE_PATTERN)),
  ref: z.nullable(z.string().check(z.maxLength(128))),
  phone: z.string().check(z.regex(E164_PATTERN)),
  identity: z.partialRecord(
    z.enum(FIELD_PATHS as [FieldPath, ...FieldPath[]]),
    z.string().check(z.minLength(1), z.maxLength(512)),
  ),
});

/** The claims of a state the relay sealed and that has not expired, or null. Never throws. */
export async function openState(
  token: unknown,
  secret: string,
  options: { now?: () => number } = {},
): Promise<StateClaims | null> {
  if (typeof token !== 'string' || token.length > 4096 || !/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    return null;
  }
  try {
    const keys = await trustKeys(secret);
    const { payload } = await jwtDecrypt(token, keys.state, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp'],
      clockTolerance: 5,
      ...(options.now ? { currentDate: new Date(options.now()) } : {}),
    });
    const parsed = Claims.safeParse(payload);
    if (!parsed.success) return null;
    const { nonce, ref, phone, identity } = parsed.data;
    return { nonce, ref, phone, identity };
  } catch {
    return null;
  }
}

/**
 * `return_url` with the sealed state appended as `idmobile_state` (any such parameter already there removed;
 * the rest of the query kept byte for byte).
 */
export function withState(returnUrl: URL, state: string): string {
  const url = new URL(returnUrl.href);
  if (url.searchParams.has(STATE_PARAM)) url.searchParams.delete(STATE_PARAM);
  const query = url.search === '' || url.search === '?' ? '' : url.search.slice(1);
  url.search = `${query}${query ? '&' : ''}${STATE_PARAM}=${state}`;
  return url.href;
}
