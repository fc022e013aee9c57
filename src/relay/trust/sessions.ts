/**
 * Check sessions: created by the merchant's server for one order (`POST /sessions`, or `createCheckSession` in
 * process), rendered into the page (`<idmobile-check session="…">`), sent by the widget with `/match` and
 * `/result`. A compact JWS (HS256, key derived from `ATTESTATION_SECRET`: keys.ts), header
 * `typ: "idmobile-session+jwt"`, payload `{v: 1, ref, max, iat, exp, jti}`: `ref` is the merchant's reference,
 * `max` the number of `/match` calls it allows. Nothing secret inside: the page shows it anyway.
 */
import { SignJWT, jwtVerify } from 'jose';
import * as z from 'zod/mini';
import { trustKeys } from './keys.js';
import { LIMITS } from '../../protocol/limits.js';

export const SESSION_TYP = 'idmobile-session+jwt';
export const SESSION_DEFAULTS = Object.freeze({ ttlSeconds: 1800, maxChecks: 5 });
export const SESSION_BOUNDS = { ttlSeconds: [60, 86_400], maxChecks: [1, 20], reference: 128 } as const;

/** 1 to 128 printable ASCII characters, not starting or ending with a space. */
const REFERENCE = /^[\x21-\x7e](?:[\x20-\x7e]{0,126}[\x21-\x7e])?$/;

export interface CheckSessionOptions {
  /** The merchant's order or cart id: 1 to 128 printable ASCII characters. */
  reference: string;
  /** 60..86400, default 1800. */
  ttlSeconds?: number;
  /** `/match` calls allowed, 1..20, default 5. */
  maxChecks?: number;
}

export interface CheckSession {
  /** The value for the widget's `session` attribute. */
  session: string;
  reference: string;
  /** ISO 8601. */
  expires_at: string;
}

export interface SessionClaims {
  ref: string;
  max: number;
  iat: number;
  exp: number;
  jti: string;
}

/** What is wrong with session options, or null. One message, naming the field as the server API spells it. */
export function sessionOptionsProblem(options: {
  reference?: unknown;
  ttlSeconds?: unknown;
  maxChecks?: unknown;
}): string | null {
  const { reference, ttlSeconds, maxChecks } = options;
  if (typeof reference !== 'string' || !REFERENCE.test(reference)) {
    return 'reference: must be 1 to 128 printable ASCII characters (the order or cart id)';
  }
  const [tMin, tMax] = SESSION_BOUNDS.ttlSeconds;
  if (
    ttlSeconds !== undefined &&
    !(Number.isInteger(ttlSeconds) && (ttlSeconds as number) >= tMin && (ttlSeconds as number) <= tMax)
  ) {
    return `ttl_seconds: must be a whole number between ${tMin} and ${tMax}`;
  }
  const [mMin, mMax] = SESSION_BOUNDS.maxChecks;
  if (
    maxChecks !== undefined &&
    !(Number.isInteger(maxChecks) && (maxChecks as number) >= mMin && (maxChecks as number) <= mMax)
  ) {
    return `max_checks: must be a whole number between ${mMin} and ${mMax}`;
  }
  return null;
}

/**
 * Creates a check session for one order. Throws a RangeError naming the field when an option is out of bounds.
 *
 * @example
 * ```ts
 * const { session } = await createCheckSession(process.env.ATTESTATION_SECRET!, { reference: order.id });
 * html`<idmobile-check session="${session}" …>`;
 * ```
 */
export async function createCheckSession(
  secret: string,
  options: CheckSessionOptions,
  clock: { now?: () => number } = {},
): Promise<CheckSession> {
  const problem = sessionOptionsProblem(options);
  if (problem) throw new RangeError(problem);
  const keys = await trustKeys(secret);
  const iat = Math.floor((clock.now ?? Date.now)() / 1000);
  const exp = iat + (options.ttlSeconds ?? SESSION_DEFAULTS.ttlSeconds);
  const session = await new SignJWT({
    v: 1,
    ref: options.reference,
    max: options.maxChecks ?? SESSION_DEFAULTS.maxChecks,
  })
    .setProtectedHeader({ alg: 'HS256', typ: SESSION_TYP })
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(keys.session);
  return { session, reference: options.reference, expires_at: new Date(exp * 1000).toISOString() };
}

const Claims = z.object({
  v: z.literal(1),
  ref: z.string().check(z.regex(REFERENCE)),
  max: z.int().check(z.minimum(1), z.maximum(20)),
  iat: z.int(),
  exp: z.int(),
  jti: z.string().check(z.minLength(1), z.maxLength(100)),
});

/** The claims of a valid, unexpired session, or null (absent, malformed, forged, expired). Never throws. */
export async function openSession(
  token: unknown,
  secret: string,
  clock: { now?: () => number } = {},
): Promise<SessionClaims | null> {
  if (typeof token !== 'string' || token.length > LIMITS.session || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    return null;
  try {
    const keys = await trustKeys(secret);
    const { payload } = await jwtVerify(token, keys.session, {
      algorithms: ['HS256'],
      typ: SESSION_TYP,
      requiredClaims: ['iat', 'exp', 'jti'],
      clockTolerance: 5,
      ...(clock.now ? { currentDate: new Date(clock.now()) } : {}),
    });
    const parsed = Claims.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
