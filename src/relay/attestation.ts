/**
 * The attestation: what the relay signs after a match, for the merchant's checkout backend to verify.
 *
 * A compact JWS (HS256, key `ATTESTATION_SECRET`) whose payload is exactly
 * `{phone_sha256, scores, verdict, iat, exp, jti}`:
 * - `phone_sha256`: lowercase hex SHA-256 of the phone number in E.164 (`"+33612345678"`), as sent to `/match`;
 *   `null` for an attestation issued by `/result` (consent flow), where the relay, being stateless, never sees
 *   the phone number;
 * - `scores`: the scores in the answer's nested shape, a number in [0,1] or `null` (not compared) per field;
 * - `verdict`: `verified` | `rejected` | `inconclusive`, decided with the relay's own policy (thresholds and
 *   required fields of the server configuration), never the browser's;
 * - `iat`, `exp` (seconds), `jti` (a random UUID, to refuse a second use of the same attestation).
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Scores, Verdict } from '../protocol/scores.js';

export interface AttestationClaims {
  phone_sha256: string | null;
  scores: Scores;
  verdict: Verdict;
  iat: number;
  exp: number;
  jti: string;
}

export type AttestationInput = Pick<AttestationClaims, 'phone_sha256' | 'scores' | 'verdict'>;

/** Why {@link verifyAttestation} refused a token. */
export type AttestationErrorCode =
  'malformed' | 'signature' | 'expired' | 'claims' | 'phone_mismatch' | 'phone_unbound';

export class AttestationError extends Error {
  constructor(
    readonly code: AttestationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AttestationError';
  }
}

/** Default lifetime of an attestation: long enough to finish a checkout, short enough to be useless later. */
export const ATTESTATION_TTL_SECONDS = 15 * 60;

const ALG = 'HS256';
const TYP = 'idmobile-attestation+jwt';

function key(secret: string | Uint8Array): Uint8Array {
  const k = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (k.byteLength === 0) throw new AttestationError('signature', 'attestation secret is empty');
  return k;
}

/** Lowercase hex SHA-256 of an E.164 phone number: what `phone_sha256` holds. */
export async function phoneSha256(phoneE164: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(phoneE164.trim()));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Signs an attestation. `now` (ms) and `ttlSeconds` are injectable for tests. */
export async function signAttestation(
  input: AttestationInput,
  secret: string | Uint8Array,
  options: { ttlSeconds?: number; now?: () => number } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const exp = iat + (options.ttlSeconds ?? ATTESTATION_TTL_SECONDS);
  return new SignJWT({ phone_sha256: input.phone_sha256, scores: input.scores, verdict: input.verdict })
    .setProtectedHeader({ alg: ALG, typ: TYP })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(key(secret));
}

const score = z.number().min(0).max(1).nullable();
const ClaimsSchema = z.object({
  phone_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
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
  jti: z.string().min(1),
});

export interface VerifyAttestationOptions {
  /**
   * The order's phone number (E.164). When given, the attestation must be about this number: a different
   * `phone_sha256` is refused (`phone_mismatch`), and so is `phone_sha256: null` (`phone_unbound`, an
   * attestation from the consent flow) unless `allowUnboundPhone` is true.
   */
  phone?: string;
  /** Accept `phone_sha256: null` attestations even when `phone` is given. Default false. */
  allowUnboundPhone?: boolean;
  /** Clock skew tolerated on `exp`/`iat`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** Refuse attestations issued more than this many seconds ago, whatever their `exp`. */
  maxAgeSeconds?: number;
  /** Current time in ms (tests). */
  now?: () => number;
}

/**
 * Verifies an attestation produced by the relay and returns its claims, or throws an {@link AttestationError}
 * (`code` says why: `malformed`, `signature` (tampered or wrong key), `expired`, `claims`, `phone_mismatch`,
 * `phone_unbound`). Only HS256 is accepted (no `none`, no algorithm confusion).
 *
 * Use it in the merchant's checkout backend on the value the widget put in the form (field `idmobile` by
 * default), then decide on `claims.verdict`, and store `claims.jti` to refuse a second use.
 *
 * @example
 * ```ts
 * import { verifyAttestation } from 'idmobile-check/relay';
 *
 * app.post('/checkout', async (req, res) => {
 *   try {
 *     const claims = await verifyAttestation(req.body.idmobile, process.env.ATTESTATION_SECRET!, {
 *       phone: order.phoneE164,          // binds the attestation to this order's phone number
 *     });
 *     if (claims.verdict !== 'verified') return res.status(409).send('identity not verified');
 *     if (await usedJtis.has(claims.jti)) return res.status(409).send('attestation already used');
 *     await usedJtis.add(claims.jti, claims.exp);
 *     // ... ship the order
 *   } catch (e) {
 *     return res.status(400).send(`bad attestation: ${(e as Error).message}`);
 *   }
 * });
 * ```
 */
export async function verifyAttestation(
  token: string,
  secret: string | Uint8Array,
  options: VerifyAttestationOptions = {},
): Promise<AttestationClaims> {
  if (typeof token !== 'string' || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) || token.length > 8192) {
    throw new AttestationError('malformed', 'attestation is not a compact JWS');
  }
  const nowMs = options.now?.();
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALG],
      typ: TYP,
      requiredClaims: ['iat', 'exp', 'jti'],
      clockTolerance: options.clockToleranceSeconds ?? 5,
      ...(options.maxAgeSeconds !== undefined ? { maxTokenAge: options.maxAgeSeconds } : {}),
      ...(nowMs !== undefined ? { currentDate: new Date(nowMs) } : {}),
    }));
  } catch (e) {
    if (e instanceof AttestationError) throw e;
    if (e instanceof joseErrors.JWTExpired) throw new AttestationError('expired', 'attestation has expired');
    if (e instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new AttestationError(
        'signature',
        'attestation signature is invalid (tampered, or signed with another key)',
      );
    }
    if (e instanceof joseErrors.JWTClaimValidationFailed) {
      throw new AttestationError('claims', `attestation claim "${e.claim}" is invalid: ${e.reason}`);
    }
    throw new AttestationError('malformed', 'attestation could not be verified (malformed or wrong algorithm)');
  }
  const parsed = ClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AttestationError('claims', `attestation claims are invalid at ${issue?.path.join('.') || '(root)'}`);
  }
  const claims = parsed.data;
  if (options.phone !== undefined) {
    if (claims.phone_sha256 === null) {
      if (!options.allowUnboundPhone) {
        throw new AttestationError(
          'phone_unbound',
          'attestation is not bound to a phone number (consent flow); pass allowUnboundPhone: true to accept it',
        );
      }
    } else if (claims.phone_sha256 !== (await phoneSha256(options.phone))) {
      throw new AttestationError('phone_mismatch', 'attestation is about another phone number');
    }
  }
  return claims;
}
