/**
 * Pure translation of the widget's `/match` request into DQE's `/IDMOBILE/` form fields, and of a session token
 * into the `/GET/` query. No I/O, no secrets of its own: the caller passes the licence, token and partner name.
 */
import type { MatchRequest } from '../../../protocol/schemas.js';
import type { UserInfos } from '../../../protocol/dqe-user-infos.js';
import { splitStreetNumber } from '../address.js';
import { checkPhone } from '../../../protocol/phone.js';

/** The documented scope of Matching without OTP. */
export const MATCH_SCOPE = 'matching_notp';
/**
 * The `/GET/` scope tried once when DQE refuses the default ({@link MATCH_SCOPE}) with error 04: DQE's retrieval
 * pages name `client_idmobile` where its matching pages name `matching_notp`.
 */
export const FALLBACK_RESULT_SCOPE = 'client_idmobile';

/**
 * How the phone number is written in DQE's `number` field, which DQE does not document:
 * `e164` `+33612345678` (default), `international` `33612345678`, `national` `0612345678`.
 */
export const NUMBER_FORMATS = ['e164', 'international', 'national'] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

/** The ISO-2 country of an E.164 mobile number of a supported country (the shared phone module), else `""`. */
export function phoneCountry(e164: string): string {
  const check = checkPhone(e164);
  return check.ok ? check.country : '';
}

/**
 * The phone number (E.164, already validated) in the given format. National: the shared phone module's national
 * spelling, digits only (`0612345678`); E.164 for a number it does not know.
 */
export function formatNumber(e164: string, format: NumberFormat = 'e164'): string {
  if (format === 'international') return e164.replace(/^\+/, '');
  if (format === 'national') {
    const check = checkPhone(e164);
    return check.ok ? check.national.replace(/\D/g, '') : e164;
  }
  return e164;
}

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

/**
 * DQE's `user_infos`: every key present, `""` when unknown. `phone` is written like the form's `number`
 * (`numberFormat`, default `e164`): one spelling of the line per request.
 */
export function toUserInfos(request: MatchRequest, numberFormat: NumberFormat = 'e164'): UserInfos {
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
    phone: formatNumber(request.phone, numberFormat),
  };
}

export interface MatchFormContext {
  licence: string;
  token: string;
  partnerName: string;
  /** Where DQE sends the shopper back after consent (the widget's `return_url`, already checked). */
  redirectUri?: string;
  /** How `number` and `user_infos.phone` are written (default `e164`). */
  numberFormat?: NumberFormat;
  /** The check's nonce, sent as `code_name`: DQE's retrieval echoes it, binding the consent to this check. */
  codeName?: string;
}

/**
 * The `/IDMOBILE/` form: `licence`, `token`, `number`, `mode=2`, `name`, `scope`, `user_infos` (JSON string),
 * plus `redirect_uri` and `code_name` when given and `country` (ISO-2) for numbers outside France.
 */
export function toMatchForm(request: MatchRequest, ctx: MatchFormContext): URLSearchParams {
  const form = new URLSearchParams();
  form.set('licence', ctx.licence);
  form.set('token', ctx.token);
  form.set('number', formatNumber(request.phone, ctx.numberFormat));
  form.set('mode', '2');
  form.set('name', ctx.partnerName);
  form.set('scope', MATCH_SCOPE);
  if (ctx.redirectUri) form.set('redirect_uri', ctx.redirectUri);
  if (ctx.codeName) form.set('code_name', ctx.codeName);
  const country = phoneCountry(request.phone);
  if (country !== '' && country !== 'FR') form.set('country', country);
  form.set('user_infos', JSON.stringify(toUserInfos(request, ctx.numberFormat)));
  return form;
}

/**
 * The `/GET/` query for a consent session token, as DQE's retrieval pages write it: `token`, `Licence` (capital
 * L) and `scope`. URL-encoded: the token is opaque and may hold any printable character.
 */
export function resultQuery(sessionToken: string, licence: string, scope: string): string {
  return new URLSearchParams({ token: sessionToken, Licence: licence, scope }).toString();
}
