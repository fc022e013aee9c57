/**
 * Test oracle: the widget's phone check as it was written on top of libphonenumber-js (`core` entry,
 * parsePhoneNumberFromString + getType + formatNational), with the package's own `metadata.mobile.json` cut down
 * to the supported countries at run time, exactly as scripts/phone-metadata.mjs did before the bundle switched to
 * the small port in src/protocol/phone.ts (size budget, issue 6). test/protocol/phone.test.ts compares both on
 * thousands of inputs. Not shipped.
 */
import {
  parsePhoneNumberFromString,
  type CountryCode,
  type MetadataJson,
  type PhoneNumber,
} from 'libphonenumber-js/core';
import fullMobileMetadata from 'libphonenumber-js/mobile/metadata';
import { SUPPORTED_COUNTRIES } from '../../src/protocol/phone.js';

import type { PhoneCheck } from '../../src/protocol/phone.js';

function cutDown(source: MetadataJson): MetadataJson {
  const wanted = new Set(SUPPORTED_COUNTRIES);
  const src = source as unknown as {
    version: number;
    countries: Record<string, unknown>;
    country_calling_codes: Record<string, string[]>;
  };
  const countries: Record<string, unknown> = {};
  for (const code of [...wanted].sort()) countries[code] = src.countries[code];
  const country_calling_codes: Record<string, string[]> = {};
  for (const cc of Object.keys(src.country_calling_codes).sort()) {
    const kept = src.country_calling_codes[cc]!.filter((c) => wanted.has(c));
    if (kept.length) country_calling_codes[cc] = kept;
  }
  return { version: src.version, country_calling_codes, countries, nonGeographic: {} } as unknown as MetadataJson;
}
export const metadata = cutDown(fullMobileMetadata);

/** Longer raw input is refused before any work (the longest sensible spelling is well under this). */
const MAX_INPUT_LENGTH = 64;
/** More digits than this cannot be a phone number, even with a `00` prefix and a `(0)`. */
const MAX_DIGITS = 20;
const E164 = /^\+[1-9]\d{6,14}$/;

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

/** The calling-code countries' national pattern matches: a real number of that country, just not a mobile. */
function isNationalNumberOfCallingCode(callingCode: string, nationalNumber: string): boolean {
  const countries = metadata.country_calling_codes[callingCode] ?? [];
  return countries.some((country) => {
    const entry = (metadata.countries as Record<string, unknown[] | undefined>)[country];
    const pattern = entry?.[2];
    return typeof pattern === 'string' && new RegExp(`^(?:${pattern})$`).test(nationalNumber);
  });
}

function parse(text: string, defaultCountry?: string): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(
      text,
      defaultCountry ? { defaultCountry: defaultCountry as CountryCode, extract: false } : { extract: false },
      metadata,
    );
  } catch {
    return undefined;
  }
}

function judge(phone: PhoneNumber | undefined): PhoneCheck {
  if (!phone) return invalid('invalid');
  try {
    const e164 = phone.number;
    if (
      phone.getType() === 'MOBILE' &&
      phone.country &&
      SUPPORTED_COUNTRIES.includes(phone.country) &&
      E164.test(e164)
    ) {
      return { ok: true, e164, country: phone.country, national: phone.formatNational() };
    }
    if (phone.isPossible() && isNationalNumberOfCallingCode(phone.countryCallingCode, phone.nationalNumber)) {
      return invalid('not_mobile');
    }
    return invalid('invalid');
  } catch {
    return invalid('invalid');
  }
}

/** Calling codes of the supported countries, for telling "unsupported country" from "garbled number". */
const CALLING_CODES = Object.keys(metadata.country_calling_codes);

function judgeInternational(digits: string): PhoneCheck {
  const result = judge(parse(`+${digits}`));
  if (result.ok || result.reason !== 'invalid') return result;
  if (CALLING_CODES.some((code) => digits.startsWith(code))) return result;
  // A calling code we do not support; plausible as E.164 otherwise.
  return /^[1-9]\d{6,14}$/.test(digits) ? invalid('unsupported_country') : result;
}

/**
 * Checks a phone number as typed. National numbers are read in `defaultCountry` (ISO-2, `FR` when absent or not
 * supported); international ones may be written `+CC…`, `00CC…`, `+CC (0)…`; autofill's `CC…` without `+` is
 * accepted when it gives a valid number. Only mobile numbers of SUPPORTED_COUNTRIES are `ok`.
 */
export function referenceCheckPhone(input: unknown, defaultCountry?: string): PhoneCheck {
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

    const national = judge(parse(digits, country));
    if (national.ok) return national;
    if (FRENCH_PLAN.includes(country)) {
      for (const other of FRENCH_PLAN) {
        if (other === country) continue;
        const alternative = judge(parse(digits, other));
        if (alternative.ok) return alternative;
      }
    }
    return national;
  } catch {
    return invalid('invalid');
  }
}
