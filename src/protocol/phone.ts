/**
 * Phone number checking: parses what shoppers actually type (or what autofill pastes), and accepts only a mobile
 * number of a supported country. Pure, never throws. The widget refuses a bad number before any request; the
 * relay reads the country of a number and normalises the merchant's number when it verifies an attestation.
 *
 * Why not libphonenumber-js in the bundle (issue 6, size budget). Measured with esbuild --minify, gzip -9, on the
 * whole IIFE: libphonenumber-js `core` (parsePhoneNumberFromString, getType, formatNational) with its metadata cut
 * to our 23 countries cost 13.1 KB of the 40.0 KB bundle; its lighter entries pull in the same parser (≈ 9.5 KB
 * gzip before any metadata). Hence option (c) of the issue: libphonenumber-js stays the source of truth at build
 * time (scripts/phone-metadata.mjs generates ./phone-metadata.ts from its `metadata.mobile.json`, and checks there
 * the facts of the metadata this file relies on), and this file only answers the question the shopper sees:
 * a mobile, not a mobile, invalid, or a country we do not support. What it promises, proven against
 * libphonenumber-js (test/protocol/phone-reference.ts, its own API) by test/protocol/phone.test.ts:
 * - every number libphonenumber-js reads as a mobile of a supported country (`+CC …`, `00CC …`, national spelling
 *   in its country) is accepted, with libphonenumber-js's E.164, country and national spelling's digits;
 * - every number accepted is a valid mobile of its country: libphonenumber-js reads its E.164 as a mobile of that
 *   country, with the same national spelling (the spellings only the widget reads, below, give nothing else);
 * - `not_mobile`: no reading is a mobile, but one has a possible length for its country (a landline, mostly);
 *   `invalid`: no reading has; `unsupported_country`: an international number of another calling code.
 * Besides libphonenumber-js's spellings it reads `+CC (0)…`, autofill's `CC…` without `+`, a number of the French
 * numbering plan dialled from another of its members, `tel:`, Unicode digits and dashes (tables of the test).
 * Cost in the bundle: ≈ 1.5 KB gzip (checker + metadata) instead of 13.1 KB.
 */
import { PLANS } from './phone-metadata.js';

/** ISO-2 codes of the countries whose mobile numbers the widget accepts (scripts/phone-metadata.mjs lists them). */
export const SUPPORTED_COUNTRIES: readonly string[] = PLANS.map((plan) => plan.country);

type Reason = 'empty' | 'invalid' | 'not_mobile' | 'unsupported_country';

export type PhoneCheck =
  | { ok: true; e164: string; country: string; national: string /* the national spelling's digits: 0612345678 */ }
  | { ok: false; reason: Reason };

/** Longer raw input is refused before any work (the longest sensible spelling is well under this). */
const MAX_INPUT_LENGTH = 64;
/** More digits than this cannot be a phone number, even with a `00` prefix and a `(0)`. */
const MAX_DIGITS = 20;

/**
 * The French national numbering plan also covers the overseas departments: `0690 12 34 56` dialled in Paris is a
 * Guadeloupe mobile (+590 690…), `06 12 34 56 78` dialled in Réunion is a metropolitan one (+33 6…). A national
 * number that is not a mobile for the default country is tried against the other members of the plan.
 */
const FRENCH_PLAN = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'BL', 'MF'];

const invalid = (reason: Reason): PhoneCheck => ({ ok: false, reason });

/**
 * Normalises autofill and keyboard variants: full-width characters and no-break spaces (NFKC), Arabic-Indic
 * digits, Unicode dashes, invisible formatting characters. Returns null when a character is left that has no
 * business in a phone number (letters, other symbols).
 */
function normalise(input: string): string | null {
  const s = input
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '') // zero-width spaces, bidi marks, soft hyphens
    // Arabic-Indic and extended Arabic-Indic digits: both blocks start at a multiple of 16 (U+0660, U+06F0)
    .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) & 15))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .trim()
    .replace(/^tel:\s*/i, '');
  // Digits, spaces and the usual separators; `+` only in front.
  return /^\+?[\d\s().\-/]*$/.test(s) ? s : null;
}

/**
 * Reads `digits` as the national number of calling code `callingCode`, in each of its countries in turn (the
 * main one first, as libphonenumber-js does), after removing the national prefix: `0`, or GB's `180020`, or a
 * Luxembourg carrier code (no mobile starts with one, the script checks, so the prefix is always removed).
 * The first country whose MOBILE pattern matches owns the number; else `not_mobile` when the number has a
 * possible length for one of them.
 */
function read(callingCode: string, digits: string): PhoneCheck {
  let reason: Reason = 'invalid';
  for (const { country, callingCode: code, prefix, lengths, national, mobile } of PLANS) {
    if (code !== callingCode) continue;
    const n = digits.replace(prefix, '');
    if (mobile.test(n)) {
      return { ok: true, e164: `+${code}${n}`, country, national: (national.test(n) ? '0' : '') + n };
    }
    if (lengths.includes(n.length.toString(36))) reason = 'not_mobile';
  }
  return invalid(reason);
}

/**
 * Checks a phone number as typed. National numbers are read in `defaultCountry` (ISO-2, `FR` when absent or not
 * supported); international ones may be written `+CC…`, `00CC…`, `+CC (0)…`; autofill's `CC…` without `+` is
 * accepted when it gives a mobile. Only mobile numbers of SUPPORTED_COUNTRIES are `ok`.
 */
export function checkPhone(input: unknown, defaultCountry?: string): PhoneCheck {
  if (input == null) return invalid('empty');
  const text = typeof input === 'string' && input.length <= MAX_INPUT_LENGTH ? normalise(input) : null;
  if (text === null) return invalid('invalid');
  if (text === '') return invalid('empty');
  const digits = text.replace(/\D/g, '');
  if (digits === '' || digits.length > MAX_DIGITS) return invalid('invalid');

  // International: `+`, or 00 (the international call prefix of every supported country, the script checks).
  if (text[0] === '+' || digits.startsWith('00')) {
    const number = text[0] === '+' ? digits : digits.slice(2);
    // calling codes are prefix-free: at most one is a prefix of the number
    const plan = PLANS.find((p) => number.startsWith(p.callingCode));
    if (plan) return read(plan.callingCode, number.slice(plan.callingCode.length));
    // another calling code, when it is plausible as E.164
    return invalid(/^[1-9]\d{6,14}$/.test(number) ? 'unsupported_country' : 'invalid');
  }

  const wanted = typeof defaultCountry === 'string' ? defaultCountry.trim().toUpperCase() : '';
  const home = SUPPORTED_COUNTRIES.includes(wanted) ? wanted : 'FR';
  let reason: Reason = 'invalid';
  for (const country of FRENCH_PLAN.includes(home) ? [home, ...FRENCH_PLAN] : [home]) {
    const { callingCode = '' } = PLANS.find((p) => p.country === country) ?? {};
    // the national number, then (autofill) the number after the country's calling code written without `+`
    for (const number of [digits, ...(digits.startsWith(callingCode) ? [digits.slice(callingCode.length)] : [])]) {
      const result = read(callingCode, number);
      if (result.ok) return result;
      if (result.reason === 'not_mobile') reason = result.reason;
    }
  }
  return invalid(reason);
}
