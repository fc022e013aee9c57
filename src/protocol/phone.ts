/**
 * Phone number checking: parses what shoppers actually type (or what autofill pastes), and accepts only a mobile
 * number of a supported country. Pure, never throws. The widget refuses a bad number before any request; the
 * relay reads the country of a number and normalises the merchant's number when it verifies an attestation.
 *
 * Why not libphonenumber-js in the bundle (issue 6, size budget: the IIFE at most 30 KB gzip). Measured with
 * esbuild --minify, gzip -9, on the whole IIFE: libphonenumber-js `core` (parsePhoneNumberFromString, getType,
 * formatNational) with its metadata cut to our 23 countries cost 13.1 KB of the 40.0 KB bundle. Its lighter
 * entries do not help: `isValidPhoneNumber`, `validatePhoneNumberLength` and `parsePhoneNumberFromString` each
 * pull in the same parser and PhoneNumber class, ≈ 9.5 KB gzip of library code before any metadata, so even
 * empty metadata could not bring the bundle under budget. Hence option (c) of the issue:
 * - libphonenumber-js stays the source of truth at build time: scripts/phone-metadata.mjs generates
 *   ./phone-metadata.ts from its `metadata.mobile.json` (the MOBILE pattern of each country), resolving its
 *   fallbacks (inherited formats, national-prefix rules) so that this file only reads plain fields;
 * - this file is a small port of the parts of libphonenumber-js's parser our checks use (calling code with or
 *   without `+`, national (trunk) prefix, country of a shared calling code, possible lengths, MOBILE type,
 *   national spelling's digits), following its algorithms step by step (function names below point to its sources);
 * - test/protocol/phone.test.ts cross-checks it against libphonenumber-js's own API on thousands of generated
 *   numbers (same supported mobiles, E.164, country and national digits; test/protocol/phone-reference.ts shares
 *   none of this file's control flow) and pins the spellings only the widget reads, and the reasons, in tables.
 * Cost in the bundle: ≈ 3.0 KB gzip (checker + metadata, national formats reduced to the prefix digits mobiles get) instead
 * of 13.1 KB; the Vite IIFE went from 38.2 to 29.5 KB gzip with this change alone.
 */
import { CALLING_CODES, COUNTRIES, PLANS, type NumberingPlan } from './phone-metadata.js';
import { E164_PATTERN } from './limits.js';

/** ISO-2 codes of the countries whose mobile numbers the widget accepts (scripts/phone-metadata.mjs lists them). */
export const SUPPORTED_COUNTRIES: readonly string[] = COUNTRIES;

export type PhoneCheck =
  | { ok: true; e164: string; country: string; national: string /* the national spelling's digits: 0612345678 */ }
  | { ok: false; reason: 'empty' | 'invalid' | 'not_mobile' | 'unsupported_country' };

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

const invalid = (reason: 'empty' | 'invalid' | 'not_mobile' | 'unsupported_country'): PhoneCheck => ({
  ok: false,
  reason,
});

/**
 * Normalises autofill and keyboard variants: full-width characters and no-break spaces (NFKC), Arabic-Indic
 * digits, Unicode dashes, invisible formatting characters. Returns null when a character is left that has no
 * business in a phone number (letters, other symbols).
 */
function normalise(input: string): string | null {
  let s = input
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '') // zero-width spaces, bidi marks, soft hyphens
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .trim();
  if (/^tel:/i.test(s)) s = s.slice(4).trim();
  // Digits, spaces and the usual separators; `+` only in front.
  if (!/^\+?[\d\s().\-/]*$/.test(s)) return null;
  return s;
}

// ---- A port of the parts of libphonenumber-js (es6/…) that our checks use -------------------------------------

/** A parsed number: calling code, national significant number, and the country when it could be told. */
interface Parsed {
  callingCode: string;
  national: string;
  country?: string;
}

/** helpers/matchesEntirely */
const matches = (pattern: string, s: string) => new RegExp(`^(?:${pattern})$`).test(s);

/** A supported country's plan; the generated tables always hold one (checkPhone turns a throw into `invalid`). */
function planOf(country: string | undefined): NumberingPlan {
  const plan = country === undefined ? undefined : PLANS[country];
  if (!plan) throw new RangeError(`no numbering plan for ${String(country)}`);
  return plan;
}

/** The calling code's main country's plan (metadata.selectNumberingPlan(callingCode)). */
const mainPlan = (callingCode: string): NumberingPlan => planOf(CALLING_CODES[callingCode]?.[0]);

/** helpers/checkNumberLength, for a plan's possible lengths (ascending). */
function checkLength(national: string, lengths: number[]): 'possible' | 'too_short' | 'too_long' | 'invalid_length' {
  const n = national.length;
  if (lengths.includes(n)) return 'possible';
  const [shortest = 0] = lengths;
  const longest = lengths.at(-1) ?? 0;
  return n < shortest ? 'too_short' : n > longest ? 'too_long' : 'invalid_length';
}

/** helpers/getNumberType === 'MOBILE' (the only type our metadata keeps). */
const isMobile = (plan: NumberingPlan, national: string): boolean =>
  matches(plan.pattern, national) &&
  (plan.mobileLengths ?? plan.lengths).includes(national.length) &&
  matches(plan.mobile, national);

/** helpers/getCountryByCallingCode (+ getCountryByNationalNumber). */
function countryOf(callingCode: string, national: string): string | undefined {
  const countries = CALLING_CODES[callingCode];
  if (!countries) return undefined;
  if (countries.length === 1) return countries[0];
  return countries.find((country) => {
    const plan = planOf(country);
    return plan.leadingDigits ? national.search(plan.leadingDigits) === 0 : isMobile(plan, national);
  });
}

/** helpers/extractNationalNumber: removes the national (trunk) prefix when what is left still makes sense. */
function extractNational(number: string, plan: NumberingPlan): string {
  let national = number;
  if (plan.prefixForParsing) {
    const prefix = new RegExp(`^(?:${plan.prefixForParsing})`);
    const match = prefix.exec(number);
    if (match) {
      const captured = match.length > 1 && match[match.length - 1];
      national = plan.transform && captured ? number.replace(prefix, plan.transform) : number.slice(match[0].length);
    }
  }
  if (national === number) return number;
  if (matches(plan.pattern, number) && !matches(plan.pattern, national)) return number;
  const country = countryOf(plan.callingCode, national);
  const length = checkLength(national, (country ? planOf(country) : plan).lengths);
  return length === 'too_short' || length === 'invalid_length' ? number : national;
}

/** Minimum and maximum length of a national significant number (constants MIN/MAX_LENGTH_FOR_NSN). */
const nationalLengthOk = (p: Parsed | undefined): Parsed | undefined =>
  p && p.national.length >= 2 && p.national.length <= 17 ? p : undefined;

/** parse('+' + digits): an international number. */
function parseInternational(digits: string): Parsed | undefined {
  // Viable: a `+` and at least 3 digits; a calling code never starts with 0 and has 1 to 3 digits.
  if (digits.length < 3 || digits[0] === '0') return undefined;
  const callingCode = [1, 2, 3].map((n) => digits.slice(0, n)).find((code) => CALLING_CODES[code]);
  if (!callingCode) return undefined;
  const national = extractNational(digits.slice(callingCode.length), mainPlan(callingCode));
  return nationalLengthOk({ callingCode, national, country: countryOf(callingCode, national) });
}

/** parse(digits, { defaultCountry }): a national number, or an international one written without `+`. */
function parseNational(digits: string, defaultCountry: string): Parsed | undefined {
  if (digits.length < 2) return undefined;
  const plan = planOf(defaultCountry);
  // helpers/extractCountryCallingCodeFromInternationalNumberWithoutPlusSign: `33612345678` in France.
  const { callingCode } = plan;
  if (digits.startsWith(callingCode)) {
    const shorter = digits.slice(callingCode.length);
    const whole = extractNational(digits, plan);
    if (
      (!matches(plan.pattern, whole) && matches(plan.pattern, extractNational(shorter, plan))) ||
      checkLength(whole, plan.lengths) === 'too_long'
    ) {
      const national = extractNational(shorter, mainPlan(callingCode));
      return nationalLengthOk(
        shorter ? { callingCode, national, country: countryOf(callingCode, national) } : undefined,
      );
    }
  }
  const national = extractNational(digits, plan);
  return nationalLengthOk({ callingCode, national, country: countryOf(callingCode, national) ?? defaultCountry });
}

/**
 * format(…, 'NATIONAL'), digits only: the first format whose leading digits and pattern fit writes the national
 * prefix (or nothing) before the number; the generated formats keep only those digits.
 */
function nationalDigits(national: string, plan: NumberingPlan): string {
  const format = plan.formats?.find(
    ([, pattern, leading]) => (!leading || national.search(leading) === 0) && (!pattern || matches(pattern, national)),
  );
  return (format?.[0] ?? '') + national;
}

// ---------------------------------------------------------------------------------------------------------------

function judge(phone: Parsed | undefined): PhoneCheck {
  if (!phone) return invalid('invalid');
  const { callingCode, national, country } = phone;
  const e164 = `+${callingCode}${national}`;
  const plan = country ? planOf(country) : mainPlan(callingCode);
  if (country && isMobile(plan, national) && E164_PATTERN.test(e164)) {
    return { ok: true, e164, country, national: nationalDigits(national, plan) };
  }
  // A possible length, and a real number of one of the calling code's countries: just not a mobile.
  if (
    checkLength(national, plan.lengths) === 'possible' &&
    (CALLING_CODES[callingCode] ?? []).some((c) => matches(planOf(c).pattern, national))
  ) {
    return invalid('not_mobile');
  }
  return invalid('invalid');
}

function judgeInternational(digits: string): PhoneCheck {
  const result = judge(parseInternational(digits));
  if (result.ok || result.reason !== 'invalid') return result;
  if (Object.keys(CALLING_CODES).some((code) => digits.startsWith(code))) return result;
  // A calling code we do not support; plausible as E.164 otherwise.
  return /^[1-9]\d{6,14}$/.test(digits) ? invalid('unsupported_country') : result;
}

/**
 * Checks a phone number as typed. National numbers are read in `defaultCountry` (ISO-2, `FR` when absent or not
 * supported); international ones may be written `+CC…`, `00CC…`, `+CC (0)…`; autofill's `CC…` without `+` is
 * accepted when it gives a valid number. Only mobile numbers of SUPPORTED_COUNTRIES are `ok`.
 */
export function checkPhone(input: unknown, defaultCountry?: string): PhoneCheck {
  try {
    if (input == null) return invalid('empty');
    if (typeof input !== 'string') return invalid('invalid');
    if (input.length > MAX_INPUT_LENGTH) return invalid('invalid');
    const text = normalise(input);
    if (text === null) return invalid('invalid');
    const digits = text.replace(/\D/g, '');
    if (digits === '') return text.replace(/\s/g, '') === '' ? invalid('empty') : invalid('invalid');
    if (digits.length > MAX_DIGITS) return invalid('invalid');

    const wanted = typeof defaultCountry === 'string' ? defaultCountry.trim().toUpperCase() : 'FR';
    const country = SUPPORTED_COUNTRIES.includes(wanted) ? wanted : 'FR';

    if (text.startsWith('+')) return judgeInternational(digits);
    // All supported countries use 00 as their international call prefix.
    if (digits.startsWith('00')) return judgeInternational(digits.slice(2));

    const national = judge(parseNational(digits, country));
    if (national.ok) return national;
    if (FRENCH_PLAN.includes(country)) {
      for (const other of FRENCH_PLAN) {
        if (other === country) continue;
        const alternative = judge(parseNational(digits, other));
        if (alternative.ok) return alternative;
      }
    }
    return national;
  } catch {
    return invalid('invalid');
  }
}
