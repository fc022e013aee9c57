/**
 * The sealed `idmobile_state`: what the relay needs, after the operator's consent page, to sign an attestation
 * bound exactly like one from `/match`. `/match` appends it to `return_url` before that goes upstream as the
 * redirect URI; the widget sends it back with `/result`. A compact JWE (`dir`, `A256GCM`, key derived from
 * `ATTESTATION_SECRET`: keys.ts), opaque to everyone else, holding the phone and identity digests, the session's
 * reference and an expiry (30 minutes by default).
 */
import { jwtDecrypt } from 'jose';
import { z } from 'zod';
import { FIELD_PATHS, type FieldPath } from '../../protocol/fields.js';
import type { IdentityDigests } from './binding.js';
import { encryptDirA256Gcm } from './fast-crypto.js';
import { trustKeys } from './keys.js';

export const STATE_PARAM = 'idmobile_state';
export const STATE_TTL_SECONDS = 30 * 60;

export interface StateClaims {
  ref: string | null;
  phone: string;
  identity: IdentityDigests;
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
    { v: 1, ref: claims.ref, phone: claims.phone, identity: claims.identity, iat, exp },
    keys.state,
  );
}

const digest = z.string().regex(/^[\w-]{43}$/);
const Claims = z.object({
  v: z.literal(1),
  ref: z.string().max(128).nullable(),
  phone: digest,
  identity: z.partialRecord(z.enum(FIELD_PATHS as [FieldPath, ...FieldPath[]]), digest),
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
    return parsed.success ? { ref: parsed.data.ref, phone: parsed.data.phone, identity: parsed.data.identity } : null;
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
