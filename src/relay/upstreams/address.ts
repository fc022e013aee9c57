/**
 * Street addresses as the operators' APIs want them: DQE (`number` + `street_address`) and CAMARA
 * (`streetNumber` + `streetName`) both take the house number apart from the street. Pure.
 */

/** Countries whose addresses usually put the house number after the street ("Bahnhofstrasse 12"). */
const NUMBER_AFTER_STREET = new Set([
  'BE',
  'CH',
  'DE',
  'AT',
  'NL',
  'IT',
  'ES',
  'PT',
  'LU',
  'LI',
  'DK',
  'SE',
  'NO',
  'FI',
  'PL',
  'CZ',
  'GR',
]);

const SUFFIX = String.raw`(?:\s*(?:bis|ter|quater|quinquies|[a-d])(?![\p{L}\p{N}]))?`;
const HOUSE = String.raw`\d{1,5}[a-z]?(?:\s*[-/]\s*\d{1,5}[a-z]?)?` + SUFFIX;
const LEADING = new RegExp(String.raw`^\s*(${HOUSE})\s*,?\s+(\S.*?)\s*$`, 'iu');
const LEADING_ALONE = new RegExp(String.raw`^\s*(${HOUSE})\s*$`, 'iu');
const TRAILING = new RegExp(String.raw`^\s*(\S.*?\D)\s*,?\s+(${HOUSE})\s*$`, 'iu');

/**
 * Splits the street number from the street: `"12 rue de la Paix"` -> `{number: "12", street: "rue de la Paix"}`,
 * `"12 bis, avenue Foch"` -> `"12 bis"` / `"avenue Foch"`, `"12-14 rue X"` -> `"12-14"`. For countries that write
 * the number last (`DE`, `CH`, `BE`, `IT`, ...) `"Bahnhofstrasse 12"` -> `"12"` / `"Bahnhofstrasse"` too.
 * Without a recognisable number the street is kept whole and the number is `""`.
 */
export function splitStreetNumber(streetAddress: string | undefined, iso2 = ''): { number: string; street: string } {
  const s = (streetAddress ?? '').replace(/\s+/g, ' ').trim();
  if (s === '') return { number: '', street: '' };
  const [, leadNumber, leadStreet] = LEADING.exec(s) ?? [];
  if (leadNumber !== undefined && leadStreet !== undefined)
    return { number: normaliseNumber(leadNumber), street: leadStreet };
  const [, aloneNumber] = LEADING_ALONE.exec(s) ?? [];
  if (aloneNumber !== undefined) return { number: normaliseNumber(aloneNumber), street: '' };
  if (NUMBER_AFTER_STREET.has(iso2.toUpperCase())) {
    const [, trailStreet, trailNumber] = TRAILING.exec(s) ?? [];
    if (trailStreet !== undefined && trailNumber !== undefined)
      return { number: normaliseNumber(trailNumber), street: trailStreet };
  }
  return { number: '', street: s };
}

function normaliseNumber(n: string): string {
  return n
    .replace(/\s*([-/])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
