/**
 * The form's pure logic: its inputs, per-input validation, and the relay request built from the values.
 */
import {
  ADDRESS_PARTS,
  FIELD_PATHS,
  type AddressPart,
  type FieldPath,
  type IdentityField,
  expandFields,
} from '../protocol/fields.js';
import { LIMITS } from '../protocol/limits.js';
import type { Identity, MatchRequest } from '../protocol/wire-types.js';
import { countryOptions, type MessageKey, type Messages } from './i18n.js';
import { checkPhone } from '../protocol/phone.js';
import { EMAIL_PATTERN, hasControlChars, realDate } from '../protocol/limits.js';
import { ID_DOCUMENT_MAX, ID_DOCUMENT_PATTERN } from '../protocol/id-document.js';

/**
 * Input names: `phone`, the field paths, and (v3) `id_document`, the identity document number asked after R428
 * (sent as `identity.id_document`; never prefilled, summarised, nor part of the `identity` property).
 */
export type InputName = 'phone' | FieldPath | 'id_document';
export type Values = Record<InputName, string>;

export const emptyValues = (): Values =>
  Object.fromEntries(['phone', ...FIELD_PATHS, 'id_document'].map((name) => [name, ''])) as Values;

/** How each input is rendered and bounded: the one table the template and the validation read. */
export interface InputDescriptor {
  /** The `autocomplete` token of the contract. */
  autocomplete:
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
  /** `type` of an `<input>`; absent for a `<select>`. */
  type?: 'tel' | 'email' | 'date' | 'text';
  /** The options of a `<select>`, in the shopper's language. */
  choices?: (m: Messages) => Array<{ code: string; label: string }>;
  /** The mobile keyboard, from the current values (the postal code is numeric in France only). */
  inputmode?: (values: Values) => 'tel' | 'email' | 'numeric' | undefined;
  /** Longest accepted value (trimmed). */
  max?: number;
  /** Spans both columns of the grid. */
  wide?: boolean;
}

export const INPUTS: Readonly<Record<InputName, InputDescriptor>> = {
  phone: { autocomplete: 'tel', type: 'tel', inputmode: () => 'tel', wide: true },
  gender: {
    autocomplete: 'honorific-prefix',
    choices: (m) => [
      { code: '', label: m.genderNone },
      { code: 'F', label: m.genderF },
      { code: 'M', label: m.genderM },
    ],
  },
  given_name: { autocomplete: 'given-name', type: 'text', max: LIMITS.name },
  family_name: { autocomplete: 'family-name', type: 'text', max: LIMITS.name },
  birthdate: { autocomplete: 'bday', type: 'date' },
  email: { autocomplete: 'email', type: 'email', inputmode: () => 'email', max: LIMITS.email, wide: true },
  'address.street_address': { autocomplete: 'street-address', type: 'text', max: LIMITS.street, wide: true },
  'address.postal_code': {
    autocomplete: 'postal-code',
    type: 'text',
    inputmode: (v) => (['', 'FR'].includes(v['address.country']) ? 'numeric' : undefined),
    max: LIMITS.postal,
  },
  'address.locality': { autocomplete: 'address-level2', type: 'text', max: LIMITS.locality },
  'address.country': {
    autocomplete: 'country',
    choices: (m) => [{ code: '', label: m.genderNone }, ...countryOptions(m.countries)],
  },
  // a document number is not the browser's to remember or suggest
  id_document: { autocomplete: 'off', type: 'text', max: ID_DOCUMENT_MAX, wide: true },
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
  const max = INPUTS[name].max;
  if (max !== undefined && v.length > max) return 'tooLong';
  if (name === 'email' && !EMAIL_PATTERN.test(v)) return 'emailInvalid';
  if (name === 'birthdate' && !isPlausibleBirthdate(v)) return 'dateInvalid';
  if (name === 'gender' && v !== 'F' && v !== 'M') return 'required';
  if (name === 'address.country' && !/^[A-Z]{2}$/.test(v)) return 'required';
  if (name === 'id_document' && !ID_DOCUMENT_PATTERN.test(v)) return 'idDocumentInvalid';
  return null;
}

/** A real YYYY-MM-DD date, from BIRTHDATE_MIN (1900-01-01) to today. */
function isPlausibleBirthdate(v: string, today = new Date()): boolean {
  const date = realDate(v);
  return date !== null && date.getTime() <= today.getTime();
}

/** The inputs shown for a `fields` list, phone first. */
export function inputsFor(fields: readonly IdentityField[]): InputName[] {
  return ['phone', ...expandFields(fields)];
}

/** Validates every shown input; returns the problems by input, in display order. */
export function validateAll(
  values: Values,
  fields: readonly IdentityField[],
  required: readonly FieldPath[],
  country: string,
): Map<InputName, MessageKey> {
  return validateInputs(values, inputsFor(fields), new Set<InputName>(['phone', ...required]), country);
}

/** Validates the inputs `names` (those in `required` must be filled); returns the problems, in that order. */
export function validateInputs(
  values: Values,
  names: readonly InputName[],
  required: ReadonlySet<InputName>,
  country: string,
): Map<InputName, MessageKey> {
  const problems = new Map<InputName, MessageKey>();
  for (const name of names) {
    const p = validateInput(name, values[name], required.has(name), country);
    if (p) problems.set(name, p);
  }
  return problems;
}

/** Builds the `/match` body from valid values: shown, non-empty fields only (omitted ones reach DQE as ""). */
export function buildMatchRequest(
  values: Values,
  fields: readonly IdentityField[],
  country: string,
  returnUrl: string,
): MatchRequest {
  const phone = checkPhone(values.phone, country);
  if (!phone.ok) throw new Error('buildMatchRequest needs a valid phone number');
  const identity: Identity = {};
  const shown = new Set(expandFields(fields));
  const get = (p: FieldPath) => (shown.has(p) ? values[p].trim() : '');
  if (get('gender') === 'F' || get('gender') === 'M') identity.gender = get('gender') as 'F' | 'M';
  for (const k of ['given_name', 'family_name', 'birthdate', 'email'] as const) {
    const v = get(k);
    if (v) identity[k] = v;
  }
  const address: Partial<Record<AddressPart, string>> = {};
  for (const part of ADDRESS_PARTS) {
    const v = get(`address.${part}`);
    if (v) address[part] = v;
  }
  if (Object.keys(address).length > 0) identity.address = address;
  return { scope: 'matching_notp', phone: phone.e164, identity, return_url: returnUrl };
}

/** Fills values from the `identity` property's shape (unknown keys and non-strings ignored). */
export function valuesFromIdentity(identity: unknown, into: Values): Values {
  const out = { ...into };
  if (!identity || typeof identity !== 'object') return out;
  const rec = identity as Record<string, unknown>;
  for (const k of ['gender', 'given_name', 'family_name', 'birthdate', 'email'] as const) {
    const v = rec[k];
    if (typeof v === 'string') out[k] = v;
  }
  const addr = rec['address'];
  if (addr && typeof addr === 'object') {
    for (const part of ADDRESS_PARTS) {
      const v = (addr as Record<string, unknown>)[part];
      if (typeof v === 'string') out[`address.${part}`] = part === 'country' ? v.toUpperCase() : v;
    }
  }
  return out;
}

/** The `identity` shape of the current values (all shown fields, empty ones included). */
export function identityFromValues(values: Values): Identity {
  const { gender, given_name, family_name, birthdate, email } = values;
  const address = Object.fromEntries(ADDRESS_PARTS.map((part) => [part, values[`address.${part}`]]));
  return { gender: gender === 'F' || gender === 'M' ? gender : '', given_name, family_name, birthdate, email, address };
}
