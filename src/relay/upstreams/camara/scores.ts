/**
 * A CAMARA KYC Match answer (`KYC_MatchResponse`) as the relay's scores. Pure; never throws.
 *
 * Per field: `<field>Match` is `"true"`, `"false"` or `"not_available"`; `<field>MatchScore` comes only with
 * `"false"` (kyc-match v0.4.0, r1.2: an integer 0..99, "a perfect match with a score of 100 is indicated by
 * `match` being 'true'"; 0..100 in older versions and some providers).
 * - `"true"` -> 1;
 * - `"false"` with a score s -> s/100, capped at `matchThreshold - 0.01`: a field the operator answered `"false"`
 *   is never in the match band, whatever its score (an operator answering `"false"` with 99 or 100 has said it
 *   does not match);
 * - a score written as a string of digits (`"87"`) is read like the number;
 * - a score outside 0..100, or that is not a number, makes the field unverified (`null`) and is reported invalid
 *   (the operator said `"false"` but its score cannot be trusted: neither a match nor a measured mismatch);
 * - `"false"` without a score -> 0;
 * - `"not_available"` or missing -> `null` (unverified); anything else -> `null`, reported invalid;
 * - a field that was not sent is `null` whatever the answer says;
 * - `address.street_address` = the lower of the `streetName` and `streetNumber` scores available;
 * - `idDocumentMatch` (sent as `idDocument`) is returned apart, as `idDocument`, by the same rules.
 */
import type { FieldPath } from '../../../protocol/fields.js';
import type { KycMatchField } from './request.js';
import type { Scores } from '../../../protocol/scores.js';
import { isObject } from '../http.js';

/** The request fields whose answer is read (`idDocument` included, though the relay's Scores have no key for it). */
export type ScoredField = Exclude<KycMatchField, 'phoneNumber'> | 'idDocument';

/** What was sent: only the fields present are read from the answer. */
export type SentFields = Partial<Record<KycMatchField | 'idDocument', string>>;

export interface ScoreOptions {
  /** The relay's match threshold (0..1): a `"false"` field scores at most this minus 0.01. */
  matchThreshold: number;
}

/** The highest score a `"false"` field may have: just under the match band (never below 0). */
export function falseCeiling(matchThreshold: number): number {
  const t = Number.isFinite(matchThreshold) ? matchThreshold : 0;
  return Math.max(0, Math.round((t - 0.01) * 100) / 100);
}

/** A `<field>MatchScore` as a number 0..100, or `null` when it is not one (a digit string counts as a number). */
function scoreValue(raw: unknown): number | null {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^\s*\d{1,3}(\.\d{1,6})?\s*$/.test(raw)) n = Number(raw);
  else return null;
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

/** One field of the answer: its score, and whether the answer's value was unexpected. */
export function fieldScore(
  answer: Record<string, unknown>,
  field: ScoredField,
  options: ScoreOptions,
): { score: number | null; invalid: boolean } {
  const match = answer[`${field}Match`];
  if (match === 'true') return { score: 1, invalid: false };
  if (match === 'false') {
    const raw = answer[`${field}MatchScore`];
    if (raw === undefined || raw === null) return { score: 0, invalid: false };
    const s = scoreValue(raw);
    if (s === null) return { score: null, invalid: true };
    return { score: Math.min(Math.round(s * 100) / 10_000, falseCeiling(options.matchThreshold)), invalid: false };
  }
  if (match === 'not_available' || match === undefined) return { score: null, invalid: false };
  return { score: null, invalid: true };
}

const TOP: Array<[Exclude<FieldPath, `address.${string}`>, Exclude<ScoredField, 'idDocument'>]> = [
  ['gender', 'gender'],
  ['given_name', 'givenName'],
  ['family_name', 'familyName'],
  ['birthdate', 'birthdate'],
  ['email', 'email'],
];

export interface KycMatchScores {
  scores: Scores;
  /** The `id_document` score (`idDocumentMatch`), `null` when not sent or not compared. */
  idDocument: number | null;
  /** Paths whose answer was unexpected (for the log). */
  invalid: FieldPath[];
  /** Whether `idDocumentMatch` (or its score) was unexpected. */
  idDocumentInvalid: boolean;
}

export function fromKycMatchAnswer(answer: unknown, sent: SentFields, options: ScoreOptions): KycMatchScores {
  const body = isObject(answer) ? answer : {};
  const invalid: FieldPath[] = [];
  const read = (field: Exclude<ScoredField, 'idDocument'>, path: FieldPath): number | null => {
    if (sent[field] === undefined) return null;
    const { score, invalid: bad } = fieldScore(body, field, options);
    if (bad && !invalid.includes(path)) invalid.push(path);
    return score;
  };
  const document =
    sent.idDocument === undefined ? { score: null, invalid: false } : fieldScore(body, 'idDocument', options);
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
    idDocument: document.score,
    invalid,
    idDocumentInvalid: document.invalid,
  };
}
