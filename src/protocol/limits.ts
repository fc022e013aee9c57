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
  /** What `/result` accepts as `token`: an upstream's consent token, or the relay's CIBA token (a compact JWE). */
  resultToken: 2048,
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
export const isOpaqueToken = (value: unknown, max: number = LIMITS.token): value is string =>
  typeof value === 'string' && value.length <= max && PRINTABLE_ASCII.test(value);

/** A phone number in E.164: `+`, a country code that does not start with 0, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** An e-mail address as widget and relay accept it: no spaces, one `@`, a dot in the domain. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a text holds a control character (C0, DEL, C1): never part of a name, an address or an e-mail. */
export const hasControlChars = (value: string): boolean => /\p{Cc}/u.test(value);

/** The earliest birth date accepted (the date input's `min`, the relay's schema, the widget's check). */
export const BIRTHDATE_MIN = '1900-01-01';

/**
 * A real calendar date written `YYYY-MM-DD`, not before {@link BIRTHDATE_MIN}, as a UTC date; else null. The
 * date's own ISO form starts with exactly these ten characters only for such a date: not for a day past the
 * month's end (rolled over, or invalid: `toJSON()` is then null), another layout, or an extended year (`+`/`-`,
 * below the minimum).
 */
export function realDate(value: string): Date | null {
  const date = new Date(`${value}T00:00Z`);
  return value >= BIRTHDATE_MIN && (date.toJSON() as string | null)?.slice(0, 10) === value ? date : null;
}

/** Largest answer body read from a relay (widget) or an upstream (relay), and largest request body the test mode reads. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** How long the widget waits for the relay's answer by default (the `timeout` attribute overrides it). */
export const RELAY_TIMEOUT_MS = 15_000;
