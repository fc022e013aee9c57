/**
 * Test oracle: libphonenumber-js's own answer (the `max` build: its full metadata, its own parsing), written
 * from its API alone, without any of src/protocol/phone.ts's control flow, so that a bug there cannot hide in
 * the oracle too. It reads the spellings libphonenumber-js itself understands (international `+CC …`, `00CC …`
 * with a default country, national numbers in their own country); the spellings only the widget accepts (`+CC
 * (0)…`, autofill's `CC…` without `+`, a French overseas number dialled from the mainland, `tel:`, Unicode digits
 * and dashes) are pinned by the tables of test/protocol/phone.test.ts. Not shipped.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { SUPPORTED_COUNTRIES } from '../../src/protocol/phone.js';

/** What the oracle says of a number: a supported mobile (its E.164, country and national spelling's digits: the checker keeps no more of its formats), or not. */
export type OracleAnswer = { ok: true; e164: string; country: string; national: string } | { ok: false };

export function oracleCheckPhone(input: string, defaultCountry?: string): OracleAnswer {
  const phone = parsePhoneNumberFromString(input, {
    ...(defaultCountry ? { defaultCountry: defaultCountry as CountryCode } : {}),
    extract: false,
  });
  const type = phone?.getType();
  if (
    phone?.country &&
    SUPPORTED_COUNTRIES.includes(phone.country) &&
    (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE')
  ) {
    return {
      ok: true,
      e164: phone.number,
      country: phone.country,
      national: phone.formatNational().replace(/\D/g, ''),
    };
  }
  return { ok: false };
}
