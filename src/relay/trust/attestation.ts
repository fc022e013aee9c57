/**
 * Attestation v3: what the relay signs after a check. A compact JWS, HS256 with `ATTESTATION_SECRET` itself as
 * key (any JWT library checks the signature), header `typ: "idmobile-attestation+jwt"`, payload exactly
 * `{v, iss, mode, path, ref, phone, identity, scores, withheld, sealed, verdict, iat, exp, jti}`:
 * - `v`: 3; `iss`: `RELAY_ISSUER`; `mode`: `dqe` | `camara` | `test`; `path`: `direct` (from `/match`),
 *   `consent` (after the subscriber's consent, bound to the check that asked for it) or `consent-unbound`
 *   (`DQE_CONSENT_BINDING=off`); `ref`: the check session's reference (the merchant's order), or `null`;
 * - `phone`, `identity`: digests salted with `jti` and the field path (binding.ts), one per identity field sent
 *   non-empty;
 * - `scores`: the scores AS THE BROWSER SAW THEM (withheld fields `null`), `withheld` listing those fields, and
 *   `verdict` the browser's verdict: a decoded attestation tells its holder nothing its answer did not;
 * - `sealed`: every score, the thresholds, the required fields, the final verdict, the signals and reasons,
 *   encrypted for the verifier alone (sealed.ts), of one length whatever the outcome;
 * - `iat`, `exp` (seconds), `jti` (random: the attestation is single use).
 *
 * Verification (verify.ts) reads v3 and, until they expire, v2 (`{v: 2, mode, ref, phone, identity, scores,
 * verdict, iat, exp, jti}`, unsalted digests, every score in clear).
 */
import { errors as joseErrors, jwtVerify } from 'jose';
import * as z from 'zod/mini';
import { FIELD_PATHS, type FieldPath } from '../../protocol/fields.js';
import type { Scores, Verdict } from '../../protocol/scores.js';
import { bindAll, digesterV3, type FoldedIdentity, type IdentityDigests } from './binding.js';
import { signHs256 } from './fast-crypto.js';
import { trustKeys } from './keys.js';
import { seal, type SealedContent } from './sealed.js';

export type RelayMode = 'dqe' | 'camara' | 'test';
export type AttestationPath = 'direct' | 'consent' | 'consent-unbound';

/** The issuer written (and expected) when `RELAY_ISSUER` is not set. */
export const DEFAULT_ISSUER = 'idmobile-relay';

interface CommonClaims {
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

export interface AttestationClaimsV3 extends CommonClaims {
  v: 3;
  iss: string;
  path: AttestationPath;
  withheld: FieldPath[];
  sealed: string;
}

export interface AttestationClaimsV2 extends CommonClaims {
  v: 2;
}

export type AttestationClaims = AttestationClaimsV3 | AttestationClaimsV2;

export interface AttestationInput {
  issuer: string;
  mode: RelayMode;
  path: AttestationPath;
  ref: string | null;
  /** The checked number, E.164 (only its digest is written). */
  phone: string;
  /** The checked identity, folded (only digests are written). */
  identity: FoldedIdentity;
  /** The scores the browser's answer carries (`null` where withheld or not compared). */
  shown: Scores;
  withheld: FieldPath[];
  /** The browser's verdict (from what it was shown). */
  verdict: Verdict;
  /** What only the verifier reads. */
  sealed: SealedContent;
}

/** Default lifetime of an attestation: long enough to finish a checkout, short enough to be useless later. */
export const ATTESTATION_TTL_SECONDS = 15 * 60;
export const ATTESTATION_TYP = 'idmobile-attestation+jwt';
const ALG = 'HS256';

/** Signs a v3 attestation. */
export async function signAttestation(
  input: AttestationInput,
  secret: string,
  options: { ttlSeconds?: number; now?: () => number } = {},
): Promise<string> {
  const keys = await trustKeys(secret);
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const jti = crypto.randomUUID();
  const [bound, sealed] = await Promise.all([
    bindAll(digesterV3(keys.binding, jti), input.phone, input.identity),
    seal(input.sealed, keys.sealed),
  ]);
  const claims: AttestationClaimsV3 = {
    v: 3,
    iss: input.issuer,
    mode: input.mode,
    path: input.path,
    ref: input.ref,
    phone: bound.phone,
    identity: bound.identity,
    scores: input.shown,
    withheld: input.withheld,
    sealed,
    verdict: input.verdict,
    iat,
    exp: iat + (options.ttlSeconds ?? ATTESTATION_TTL_SECONDS),
    jti,
  };
  return signHs256({ typ: ATTESTATION_TYP }, claims, keys.attestation);
}

const score = z.nullable(z.number().check(z.minimum(0), z.maximum(1)));
const digestShape = z.string().check(z.regex(/^[\w-]{43}$/));
const paths = z.enum(FIELD_PATHS as [FieldPath, ...FieldPath[]]);
const seconds = z.int();
const common = {
  mode: z.enum(['dqe', 'camara', 'test']),
  ref: z.nullable(z.string().check(z.maxLength(128))),
  phone: digestShape,
  identity: z.partialRecord(paths, digestShape),
  scores: z.object({
    gender: score,
    given_name: score,
    family_name: score,
    birthdate: score,
    email: score,
    address: z.object({ street_address: score, postal_code: score, locality: score, country: score }),
  }),
  verdict: z.enum(['verified', 'rejected', 'inconclusive']),
  iat: seconds,
  exp: seconds,
  jti: z.string().check(z.minLength(1), z.maxLength(100)),
};
const ClaimsSchema = z.discriminatedUnion('v', [
  z.object({
    v: z.literal(3),
    iss: z.string().check(z.minLength(1), z.maxLength(512)),
    path: z.enum(['direct', 'consent', 'consent-unbound']),
    withheld: z.array(paths).check(z.maxLength(FIELD_PATHS.length)),
    sealed: z.string().check(z.maxLength(4096)),
    ...common,
  }),
  z.object({ v: z.literal(2), ...common }),
]);

/** Why the token itself is refused. */
export type TokenProblem = 'missing_attestation' | 'malformed' | 'signature' | 'expired';

/** Signature, header and claims: the claims, or the code of the first problem. */
export async function readClaims(
  token: unknown,
  secret: string,
  options: { clockToleranceSeconds?: number; now?: () => number },
): Promise<AttestationClaims | TokenProblem> {
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
