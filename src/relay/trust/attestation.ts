/**
 * Attestation v2: what the relay signs after a check, and what the merchant's backend verifies before it ships.
 *
 * A compact JWS, HS256 with `ATTESTATION_SECRET` itself as key (any JWT library checks the signature), header
 * `typ: "idmobile-attestation+jwt"`, payload exactly `{v, mode, ref, phone, identity, scores, verdict, iat, exp,
 * jti}`:
 * - `v`: 2; `mode`: `dqe` | `camara` | `test` (which upstream answered: a test-mode result proves nothing);
 * - `ref`: the check session's reference (the merchant's order), or `null` without a session;
 * - `phone`: digest of the E.164 number; `identity`: `{field path: digest}` of every field sent non-empty
 *   (binding.ts: HMAC-SHA-256 under a key derived from the secret, so not reversible without it);
 * - `scores`: every score, a number in [0,1] or `null` (not compared); `verdict`: the relay's own policy;
 * - `iat`, `exp` (seconds), `jti` (random: the attestation is single use).
 *
 * {@link verifyAttestation} answers like the server API's `POST /verify`: `{success: true, …}` or
 * `{success: false, error_codes, mismatched?}`, with the codes of the contract.
 */
import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { FIELD_PATHS, type FieldPath } from '../../protocol/fields.js';
import { checkPhone } from '../../protocol/phone.js';
import type { Scores, Verdict } from '../../protocol/scores.js';
import type { ReplayStore } from '../store/types.js';
import { bindPhone, mismatchedFields, type IdentityDigests } from './binding.js';
import { signHs256 } from './fast-crypto.js';
import { trustKeys } from './keys.js';
import { E164_PATTERN } from '../../protocol/limits.js';

export type RelayMode = 'dqe' | 'camara' | 'test';

export interface AttestationClaims {
  v: 2;
  mode: RelayMode;
  ref: string | null;
  phone: string;
  identity: IdentityDigests;
  scores: Scores;
  verdict: Verdict;
  iat: number;
  exp: number;
  jti: string;
}

export type AttestationInput = Pick<AttestationClaims, 'mode' | 'ref' | 'phone' | 'identity' | 'scores' | 'verdict'>;

/** Default lifetime of an attestation: long enough to finish a checkout, short enough to be useless later. */
export const ATTESTATION_TTL_SECONDS = 15 * 60;
export const ATTESTATION_TYP = 'idmobile-attestation+jwt';
const ALG = 'HS256';

/** Signs an attestation (the digests are computed by the caller: binding.ts). */
export async function signAttestation(
  input: AttestationInput,
  secret: string,
  options: { ttlSeconds?: number; now?: () => number } = {},
): Promise<string> {
  const keys = await trustKeys(secret);
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const claims = {
    v: 2,
    mode: input.mode,
    ref: input.ref,
    phone: input.phone,
    identity: input.identity,
    scores: input.scores,
    verdict: input.verdict,
    iat,
    exp: iat + (options.ttlSeconds ?? ATTESTATION_TTL_SECONDS),
    jti: crypto.randomUUID(),
  };
  return signHs256({ typ: ATTESTATION_TYP }, claims, keys.attestation);
}

const score = z.number().min(0).max(1).nullable();
const digestShape = z.string().regex(/^[\w-]{43}$/);
const ClaimsSchema = z.object({
  v: z.literal(2),
  mode: z.enum(['dqe', 'camara', 'test']),
  ref: z.string().max(128).nullable(),
  phone: digestShape,
  identity: z.partialRecord(z.enum(FIELD_PATHS as [FieldPath, ...FieldPath[]]), digestShape),
  scores: z.object({
    gender: score,
    given_name: score,
    family_name: score,
    birthdate: score,
    email: score,
    address: z.object({ street_address: score, postal_code: score, locality: score, country: score }),
  }),
  verdict: z.enum(['verified', 'rejected', 'inconclusive']),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(1).max(100),
});

/** Why a verification failed (the server API's `error_codes`). */
export type VerifyErrorCode =
  | 'missing_attestation'
  | 'malformed'
  | 'signature'
  | 'expired'
  | 'test_mode'
  | 'phone_mismatch'
  | 'identity_mismatch'
  | 'reference_mismatch'
  | 'duplicate';

export type VerifyResult =
  | {
      success: true;
      verdict: Verdict;
      mode: RelayMode;
      reference: string | null;
      scores: Scores;
      /** `phone` and the identity field paths the attestation binds. */
      checked: string[];
      /** When the check ran (ISO 8601). */
      checked_at: string;
      /** The attestation's id (already marked as used when a `replay` store was given). */
      jti: string;
    }
  | { success: false; error_codes: VerifyErrorCode[]; mismatched?: FieldPath[] };

export interface VerifyAttestationOptions {
  /** The order's phone number: E.164, or as typed (read in `defaultCountry`). Must be the number checked. */
  phone?: string;
  /** The order's identity (the request's `identity` shape): every field the attestation binds must match. */
  identity?: unknown;
  /** The order's reference, as given to `createCheckSession`: must be the attestation's `ref`. */
  reference?: string;
  /** Accept attestations from the test mode (`mode: "test"`). Default false. */
  allowTestMode?: boolean;
  /** Makes verification single use: a second successful verification of the same attestation is `duplicate`. */
  replay?: ReplayStore;
  /** Country of a national `phone` (default `FR`). */
  defaultCountry?: string;
  /** Clock skew tolerated on `exp`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** Current time in ms (tests). */
  now?: () => number;
}

const fail = (...error_codes: VerifyErrorCode[]): VerifyResult => ({ success: false, error_codes });

/** Signature, header and claims: the claims, or the code of the first problem. */
async function readClaims(
  token: unknown,
  secret: string,
  options: Pick<VerifyAttestationOptions, 'clockToleranceSeconds' | 'now'>,
): Promise<AttestationClaims | VerifyErrorCode> {
  if (token === undefined || token === null || token === '') return 'missing_attestation';
  if (typeof token !== 'string' || token.length > 8192 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return 'malformed';
  const keys = await trustKeys(secret);
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keys.attestation, {
      algorithms: [ALG],
      typ: ATTESTATION_TYP,
      requiredClaims: ['iat', 'exp', 'jti'],
      clockTolerance: options.clockToleranceSeconds ?? 5,
      ...(options.now ? { currentDate: new Date(options.now()) } : {}),
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) return 'expired';
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature';
    return 'malformed';
  }
  const parsed = ClaimsSchema.safeParse(payload);
  return parsed.success ? parsed.data : 'malformed';
}

/** The E.164 form of the merchant's number, or null when it is not a phone number. */
function e164Of(phone: string, defaultCountry: string | undefined): string | null {
  if (E164_PATTERN.test(phone)) return phone;
  const check = checkPhone(phone, defaultCountry);
  return check.ok ? check.e164 : null;
}

/**
 * Verifies an attestation against the merchant's order, with the server API's codes. Pass `phone`, `identity`
 * and `reference` (what the order says), and a `replay` store to make it single use; then decide on `verdict`.
 * A test-mode attestation is refused (`test_mode`) unless `allowTestMode`.
 *
 * @example
 * ```ts
 * import { verifyAttestation, createMemoryStore } from 'idmobile-check/relay';
 * const replay = createMemoryStore(); // one per process; share a Redis-backed store across instances
 * const result = await verifyAttestation(form.idmobile, process.env.ATTESTATION_SECRET!, {
 *   phone: order.phone, identity: order.identity, reference: order.id, replay,
 * });
 * if (!result.success || result.verdict !== 'verified') return refuse(result);
 * ```
 */
export async function verifyAttestation(
  token: unknown,
  secret: string,
  options: VerifyAttestationOptions = {},
): Promise<VerifyResult> {
  const claims = await readClaims(token, secret, options);
  if (typeof claims === 'string') return fail(claims);
  if (claims.mode === 'test' && !options.allowTestMode) return fail('test_mode');
  const keys = await trustKeys(secret);
  const codes: VerifyErrorCode[] = [];
  let mismatched: FieldPath[] = [];
  if (options.phone !== undefined) {
    const e164 = typeof options.phone === 'string' ? e164Of(options.phone, options.defaultCountry) : null;
    if (e164 === null || (await bindPhone(keys.binding, e164)) !== claims.phone) codes.push('phone_mismatch');
  }
  if (options.identity !== undefined) {
    mismatched = await mismatchedFields(keys.binding, claims.identity, options.identity);
    if (mismatched.length > 0) codes.push('identity_mismatch');
  }
  if (options.reference !== undefined && options.reference !== claims.ref) codes.push('reference_mismatch');
  if (codes.length > 0) {
    return mismatched.length > 0 ? { success: false, error_codes: codes, mismatched } : fail(...codes);
  }
  if (options.replay) {
    // kept a little past `exp`: a replay is refused as long as the attestation could still verify
    const ttlMs = (claims.exp - claims.iat + 2 * (options.clockToleranceSeconds ?? 5) + 60) * 1000;
    if (!(await options.replay.mark(`once:attestation:${claims.jti}`, ttlMs))) return fail('duplicate');
  }
  return {
    success: true,
    verdict: claims.verdict,
    mode: claims.mode,
    reference: claims.ref,
    scores: claims.scores,
    checked: ['phone', ...FIELD_PATHS.filter((p) => claims.identity[p] !== undefined)],
    checked_at: new Date(claims.iat * 1000).toISOString(),
    jti: claims.jti,
  };
}
