/**
 * Bounds and the opaque-token rule shared by the widget and the relay. Plain TypeScript (no schema library),
 * so that the widget's bundle can use them without carrying zod; `schemas.ts` builds the relay's schemas on them.
 */

/** Lengths beyond which a value cannot be a real identity field (and would only waste the operator's time). */
export const LIMITS = {
  name: 100,
  email: 254,
  street: 200,
  postal: 16,
  locality: 100,
  url: 2048,
  /** An upstream's consent token. */
  token: 512,
  /** A check session (`POST /sessions`) as the page renders it. */
  session: 2048,
  /** The sealed `idmobile_state` (a compact JWE). */
  state: 4096,
} as const;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * An opaque token as the contract defines them (DQE's consent token, the relay's session and sealed state):
 * printable ASCII without spaces, 1 to `max` characters. Never assume `[A-Za-z0-9]`.
 */
export const isOpaqueToken = (value: string, max: number = LIMITS.token): boolean =>
  value.length <= max && PRINTABLE_ASCII.test(value);
