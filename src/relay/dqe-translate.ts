/**
 * Pure translation of the widget's `/match` request into DQE's `/IDMOBILE/` form fields.
 * No I/O, no secrets of its own: the caller passes the licence, token and partner name.
 */
import { checkPhone } from '../protocol/phone.js';
import type { MatchRequest } from '../protocol/schemas.js';
import { USER_INFO_KEYS, type UserInfoKey, type UserInfos } from '../protocol/dqe-user-infos.js';

export { USER_INFO_KEYS, type UserInfoKey, type UserInfos };

/** French names of the countries that matter to a French merchant, including the French overseas territories. */
export const COUNTRY_NAMES_FR: Readonly<Record<string, string>> = Object.freeze({
  FR: 'France',
  BE: 'Belgique',
  CH: 'Suisse',
  LU: 'Luxembourg',
  MC: 'Monaco',
  DE: 'Allemagne',
  ES: 'Espagne',
  IT: 'Italie',
  GB: 'Royaume-Uni',
  PT: 'Portugal',
  NL: 'Pays-Bas',
  AT: 'Autriche',
  IE: 'Irlande',
  AD: 'Andorre',
  LI: 'Liechtenstein',
  DK: 'Danemark',
  SE: 'Suède',
  NO: 'Norvège',
  FI: 'Finlande',
  PL: 'Pologne',
  CZ: 'Tchéquie',
  GR: 'Grèce',
  RO: 'Roumanie',
  US: 'États-Unis',
  CA: 'Canada',
  MA: 'Maroc',
  DZ: 'Algérie',
  TN: 'Tunisie',
  SN: 'Sénégal',
  CI: 'Côte d’Ivoire',
  // French overseas departments, regions and collectivities
  GP: 'Guadeloupe',
  MQ: 'Martinique',
  GF: 'Guyane',
  RE: 'La Réunion',
  YT: 'Mayotte',
  PM: 'Saint-Pierre-et-Miquelon',
  BL: 'Saint-Barthélemy',
  MF: 'Saint-Martin',
  WF: 'Wallis-et-Futuna',
  PF: 'Polynésie française',
  NC: 'Nouvelle-Calédonie',
  TF: 'Terres australes et antarctiques françaises',
});

let displayNames: Intl.DisplayNames | null | undefined;

/**
 * The country written out in French, as DQE's `user_infos.country` expects: the table above, else the
 * runtime's `Intl.DisplayNames` (when it has the data), else the code itself. `""` stays `""`.
 */
export function countryName(iso2: string | undefined): string {
  const code = (iso2 ?? '').trim().toUpperCase();
  if (code === '') return '';
  const known = COUNTRY_NAMES_FR[code];
  if (known) return known;
  // user-assigned codes (ZZ is CLDR's "unknown region"): no name to give
  if (!/^[A-Z]{2}$/.test(code) || /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(code)) return code;
  if (displayNames === undefined) {
    try {
      displayNames = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' });
    } catch {
      displayNames = null;
    }
  }
  try {
    const name = displayNames?.of(code);
    if (name && name !== code) return name;
  } catch {
    // not a valid region code for Intl: fall back to the code
  }
  return code;
}

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
  const lead = LEADING.exec(s);
  if (lead) return { number: normaliseNumber(lead[1]!), street: lead[2]! };
  const alone = LEADING_ALONE.exec(s);
  if (alone) return { number: normaliseNumber(alone[1]!), street: '' };
  if (NUMBER_AFTER_STREET.has(iso2.toUpperCase())) {
    const trail = TRAILING.exec(s);
    if (trail) return { number: normaliseNumber(trail[2]!), street: trail[1]! };
  }
  return { number: '', street: s };
}

function normaliseNumber(n: string): string {
  return n
    .replace(/\s*([-/])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** DQE's `user_infos`: every key present, `""` when unknown. */
export function toUserInfos(request: MatchRequest): UserInfos {
  const id = request.identity;
  const address = id.address ?? {};
  const country = address.country ?? '';
  const { number, street } = splitStreetNumber(address.street_address, country);
  return {
    street_address: street,
    number,
    postal_code: (address.postal_code ?? '').trim(),
    locality: (address.locality ?? '').trim(),
    country: countryName(country),
    birthdate: id.birthdate ?? '',
    email: (id.email ?? '').trim(),
    lastname: (id.family_name ?? '').trim(),
    maiden_name: '',
    gender: id.gender ?? '',
    firstname: (id.given_name ?? '').trim(),
    phone: request.phone,
  };
}

/** The ISO-2 country of an E.164 mobile number of a supported country (the widget's phone module), else `""`. */
export function phoneCountry(phone: string): string {
  const check = checkPhone(phone);
  return check.ok ? check.country : '';
}

export interface MatchFormContext {
  licence: string;
  token: string;
  partnerName: string;
  /** Where DQE sends the shopper back after consent (the widget's `return_url`, already checked). */
  redirectUri?: string;
}

/**
 * The `/IDMOBILE/` form: `licence`, `token`, `number`, `mode=2`, `name`, `scope`, `user_infos` (JSON string),
 * plus `redirect_uri` when given and `country` (ISO-2) for numbers outside France.
 */
export function toMatchForm(request: MatchRequest, ctx: MatchFormContext): URLSearchParams {
  const form = new URLSearchParams();
  form.set('licence', ctx.licence);
  form.set('token', ctx.token);
  form.set('number', request.phone);
  form.set('mode', '2');
  form.set('name', ctx.partnerName);
  form.set('scope', 'matching_notp');
  if (ctx.redirectUri) form.set('redirect_uri', ctx.redirectUri);
  const country = phoneCountry(request.phone);
  if (country !== '' && country !== 'FR') form.set('country', country);
  form.set('user_infos', JSON.stringify(toUserInfos(request)));
  return form;
}
