/**
 * The form's pure logic: its inputs, per-input validation, and the relay request built from the values.
 */
import { FIELD_PATHS, type FieldPath } from '../protocol/fields.js';
import type { Identity, MatchRequest } from '../protocol/wire-types.js';
import { countryOptions, type MessageKey, type Messages } from './i18n.js';
import { checkPhone } from '../protocol/phone.js';
import { EMAIL_PATTERN, LIMITS, hasControlChars, realDate } from '../protocol/limits.js';
import { ID_DOCUMENT_MAX, ID_DOCUMENT_PATTERN } from '../protocol/id-document.js';

/**
 * Input names: `phone`, the field paths, and (v3) `id_document`, the identity document number asked after R428
 * (sent as `identity.id_document`; never prefilled, summarised, nor part of the `identity` property).
 */
export type InputName = 'phone' | FieldPath | 'id_document';
export type Values = Record<InputName, string>;

export const emptyValues = (): Values => Object.fromEntries(Object.keys(INPUTS).map((name) => [name, ''])) as Values;

/** The `autocomplete` tokens of the contract. */
export type AutocompleteToken =
  | 'tel'
  | 'honorific-prefix'
  | 'given-name'
  | 'family-name'
  | 'bday'
  | 'email'
  | 'street-address'
  | 'postal-code'
  | 'address-level2'
  | 'country'
  | 'off';

/** How each input is rendered and bounded: the one table the template and the validation read. */
export interface InputDescriptor {
  /**
   * The `autocomplete` token of the contract, when it is not the path's last part with `-` for `_` (`given-name`,
   * `email`, `street-address`, `postal-code`, `country`).
   */
  autocomplete?: AutocompleteToken;
  /** `type` of an `<input>` (`text` when absent); a `<select>` has `choices` instead. */
  type?: 'tel' | 'email' | 'date';
  /** The options of a `<select>` (after its empty one), in the shopper's language. */
  choices?: (m: Messages) => Array<{ code: string; label: string }>;
  /** Longest accepted value (trimmed). */
  max?: number;
  /** Spans both columns of the grid. */
  wide?: boolean;
}

export const INPUTS: Readonly<Record<InputName, InputDescriptor>> = {
  phone: { autocomplete: 'tel', type: 'tel', wide: true },
  gender: {
    autocomplete: 'honorific-prefix',
    choices: (m) => (['F', 'M'] as const).map((code) => ({ code, label: m[`gender${code}`] })),
  },
  given_name: { max: LIMITS.name },
  family_name: { max: LIMITS.name },
  birthdate: { autocomplete: 'bday', type: 'date' },
  email: { type: 'email', max: LIMITS.email, wide: true },
  'address.street_address': { max: LIMITS.street, wide: true },
  'address.postal_code': { max: LIMITS.postal },
  'address.locality': { autocomplete: 'address-level2', max: LIMITS.locality },
  'address.country': { choices: (m) => countryOptions(m.countries) },
  // a document number is not the browser's to remember or suggest
  id_document: { autocomplete: 'off', max: ID_DOCUMENT_MAX, wide: true },
};

/** Checks one input; returns the message key of its problem, or null. */
export function validateInput(name: InputName, value: string, required: boolean, country: string): MessageKey | null {
  const v = value.trim();
  if (name === 'phone') {
    const r = checkPhone(value, country);
    if (r.ok) return null;
    return (
      {
        empty: 'phoneEmpty',
        invalid: 'phoneInvalid',
        not_mobile: 'phoneNotMobile',
        unsupported_country: 'phoneUnsupported',
      } as const
    )[r.reason];
  }
  if (v === '') return required ? 'required' : null;
  if (hasControlChars(v)) return 'invalidText';
  if (v.length > (INPUTS[name].max ?? v.length)) return 'tooLong';
  if (name === 'email' && !EMAIL_PATTERN.test(v)) return 'emailInvalid';
  // a real YYYY-MM-DD date, from BIRTHDATE_MIN (1900-01-01) to today
  if (name === 'birthdate' && !(+(realDate(v) ?? NaN) <= Date.now())) return 'dateInvalid';
  if (name === 'gender' && v !== 'F' && v !== 'M') return 'required';
  if (name === 'address.country' && !/^[A-Z]{2}$/.test(v)) return 'required';
  if (name === 'id_document' && !ID_DOCUMENT_PATTERN.test(v)) return 'idDocumentInvalid';
  return null;
}

/**
 * The `identity` shape of the inputs `names` (the phone left out; `address.<part>` nested, a gender other than
 * `F` or `M` as `''`): every one of them, or, for the relay (`sent`), the non-empty ones, trimmed.
 */
function identityOf(values: Values, names: readonly InputName[], sent = false): Identity {
  const identity: Record<string, Record<string, string> | string> = {};
  for (const name of names) {
    let v = sent ? values[name].trim() : values[name];
    if (name === 'gender' && v !== 'F' && v !== 'M') v = '';
    const [key, part] = name.split('.') as [string, string?];
    if (name === 'phone' || (sent && !v)) continue;
    if (part) ((identity[key] ??= {}) as Record<string, string>)[part] = v;
    else identity[key] = v;
  }
  return identity;
}

/**
 * Builds the `/match` body from valid values: the inputs `names` (the phone, the checked fields' paths, the
 * document number once asked), non-empty ones only (omitted ones reach DQE as "").
 */
export function buildMatchRequest(
  values: Values,
  names: readonly InputName[],
  country: string,
  returnUrl: string,
): MatchRequest {
  const phone = checkPhone(values.phone, country);
  if (!phone.ok) throw new Error('buildMatchRequest: invalid phone');
  return {
    scope: 'matching_notp',
    phone: phone.e164,
    identity: identityOf(values, names, true),
    return_url: returnUrl,
  };
}

/** Fills values from the `identity` property's shape (unknown keys and non-strings ignored). */
export function valuesFromIdentity(identity: unknown, into: Values): Values {
  const out = { ...into };
  for (const path of FIELD_PATHS) {
    const v = path
      .split('.')
      .reduce<unknown>(
        (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
        identity,
      );
    if (typeof v === 'string') out[path] = path === 'address.country' ? v.toUpperCase() : v;
  }
  return out;
}

/** The `identity` shape of the current values (all shown fields, empty ones included). */
export const identityFromValues = (values: Values): Identity => identityOf(values, FIELD_PATHS);
