/**
 * A CAMARA KYC Match answer (`KYC_MatchResponse`) as the relay's scores. Pure; never throws.
 *
 * Per field: `<field>Match` is `"true"`, `"false"` or `"not_available"`; `<field>MatchScore` (an integer 0..100,
 * 0..99 in some versions) comes only with `"false"`.
 * - `"true"` -> 1; `"false"` with a score s -> s/100; `"false"` without a score -> 0 (a score that is not a number
 *   in 0..100 counts as absent, and the field is reported invalid);
 * - `"not_available"`, missing, or anything else -> `null` (unverified; anything else is reported invalid);
 * - a field that was not sent is `null` whatever the answer says;
 * - `address.street_address` = the lower of the `streetName` and `streetNumber` scores available.
 */
import type { FieldPath } from '../../../protocol/fields.js';
import type { Scores } from '../../../protocol/scores.js';
import { isObject } from '../http.js';
import type { KycMatchBody, KycMatchField } from './request.js';

type Scored = Exclude<KycMatchField, 'phoneNumber'>;

/** One field of the answer: its score, and whether the answer's value was unexpected. */
export function fieldScore(answer: Record<string, unknown>, field: Scored): { score: number | null; invalid: boolean } {
  const match = answer[`${field}Match`];
  if (match === 'true') return { score: 1, invalid: false };
  if (match === 'false') {
    const raw = answer[`${field}MatchScore`];
    if (raw === undefined || raw === null) return { score: 0, invalid: false };
    if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 && raw <= 100)
      return { score: Math.round(raw * 100) / 10_000, invalid: false };
    return { score: 0, invalid: true };
  }
  if (match === 'not_available' || match === undefined) return { score: null, invalid: false };
  return { score: null, invalid: true };
}

const TOP: Array<[Exclude<FieldPath, `address.${string}`>, Scored]> = [
  ['gender', 'gender'],
  ['given_name', 'givenName'],
  ['family_name', 'familyName'],
  ['birthdate', 'birthdate'],
  ['email', 'email'],
];

export function fromKycMatchAnswer(answer: unknown, sent: KycMatchBody): { scores: Scores; invalid: FieldPath[] } {
  const body = isObject(answer) ? answer : {};
  const invalid: FieldPath[] = [];
  const read = (field: Scored, path: FieldPath): number | null => {
    if (sent[field] === undefined) return null;
    const { score, invalid: bad } = fieldScore(body, field);
    if (bad && !invalid.includes(path)) invalid.push(path);
    return score;
  };
  const top = Object.fromEntries(TOP.map(([path, field]) => [path, read(field, path)])) as Omit<Scores, 'address'>;
  const street = [read('streetName', 'address.street_address'), read('streetNumber', 'address.street_address')].filter(
    (s): s is number => s !== null,
  );
  return {
    scores: {
      ...top,
      address: {
        street_address: street.length > 0 ? Math.min(...street) : null,
        postal_code: read('postalCode', 'address.postal_code'),
        locality: read('locality', 'address.locality'),
        country: read('country', 'address.country'),
      },
    },
    invalid,
  };
}
