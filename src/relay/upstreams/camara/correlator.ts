/**
 * The `x-correlator` header of CAMARA APIs: the relay sends one per check and logs it together with the one the
 * operator answers, so that a check can be traced on both sides. Pure.
 *
 * The pattern is the `XCorrelator` schema of camaraproject/KnowYourCustomerMatch r1.2 (kyc-match v0.4.0,
 * Commonalities r3.3 / v0.6): `^[a-zA-Z0-9-_:;.\/<>{}]{0,256}$`, the same in the request parameter and in the
 * answers' headers. Earlier versions (up to v0.3) wrote `^[a-zA-Z0-9-]{0,55}$`; every value the relay sends (a
 * UUID) matches both.
 */

/** `XCorrelator.pattern` of kyc-match v0.4.0, as a JavaScript regular expression (the `-` moved to the end). */
export const X_CORRELATOR_PATTERN = /^[a-zA-Z0-9_:;./<>{}-]{0,256}$/;

/** A new correlator for one check: a random UUID (36 characters, within every version's pattern). */
export function newCorrelator(): string {
  return crypto.randomUUID();
}

/**
 * The operator's `x-correlator` answer header, when it is one (for the log): `null` when absent, empty, or outside
 * the pattern (then it is not logged: a header the operator's pattern refuses could be anything).
 */
export function readCorrelator(header: string | null | undefined): string | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  return value !== '' && X_CORRELATOR_PATTERN.test(value) ? value : null;
}
