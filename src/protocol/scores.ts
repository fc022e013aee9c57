/**
 * Score parsing, bands and verdict: pure logic shared by the widget (display) and the relay (attestation).
 */
import { ADDRESS_PARTS, FIELD_PATHS, type AddressPart, type FieldPath } from './fields.js';

/** `withheld`: the relay did not disclose the score to the browser (its disclosure policy). */
export type Band = 'match' | 'partial' | 'mismatch' | 'unverified' | 'withheld';
export type Verdict = 'verified' | 'rejected' | 'inconclusive';

/** Scores in the answer's nested shape: a number in [0,1], or `null` for "not compared". */
export interface Scores {
  gender: number | null;
  given_name: number | null;
  family_name: number | null;
  birthdate: number | null;
  email: number | null;
  address: Record<AddressPart, number | null>;
}

/** Bands in the same nested shape as {@link Scores}. */
export interface Bands {
  gender: Band;
  given_name: Band;
  family_name: Band;
  birthdate: Band;
  email: Band;
  address: Record<AddressPart, Band>;
}

export interface Thresholds {
  match: number;
  partial: number;
}

/** Scores with no field compared (a fresh copy each time: callers build on it). */
export const noScores = (): Scores => shapeOf(() => null);

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({ match: 0.9, partial: 0.6 });

const NUMERIC = /^\s*[+]?(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * Parses one score as DQE sends it: a number in [0,1] or a numeric string (`"0.78"`).
 * `""`, `null` and `undefined` mean "not compared". Anything else is also `null`, with `invalid: true`
 * so the caller can warn: never a throw.
 */
export function parseScore(raw: unknown): { score: number | null; invalid: boolean } {
  if (raw === '' || raw == null) return { score: null, invalid: false };
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMERIC.test(raw) ? Number(raw) : NaN;
  // NaN and the infinities fail the comparisons
  return n >= 0 && n <= 1 ? { score: n, invalid: false } : { score: null, invalid: true };
}

/** A JSON object: not `null`, not an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** An object's own property (never one it inherits), `undefined` for anything that is not an object. */
const own = (obj: unknown, key: string): unknown =>
  isPlainObject(obj) && Object.hasOwn(obj, key) ? obj[key] : undefined;

/**
 * Parses the scores shape (`{family_name, gender, …, address: {…}}`) leniently: unknown keys are ignored,
 * each leaf goes through {@link parseScore}. Returns the paths whose value was not a score, for a warning.
 */
export function parseScores(body: unknown): { scores: Scores; invalid: FieldPath[] } {
  const invalid: FieldPath[] = [];
  const rawAddress = own(body, 'address');
  const scores = shapeOf((path) => {
    const raw = path.startsWith('address.') ? own(rawAddress, path.slice(8)) : own(body, path);
    const { score, invalid: bad } = parseScore(raw);
    if (bad) invalid.push(path);
    return score;
  });
  if (rawAddress != null && rawAddress !== '' && !isPlainObject(rawAddress))
    invalid.push(...ADDRESS_PARTS.map((p) => `address.${p}` as const));
  return { scores, invalid };
}

/** The value at a field path of a {@link Scores} or {@link Bands} shape (one function: the IIFE's size). */
const at = <T>(shape: PerField<T>, path: FieldPath): T =>
  path.startsWith('address.') ? shape.address[path.slice(8) as AddressPart] : shape[path as TopPath];

/** The score at a field path. */
export const scoreAt: (scores: Scores, path: FieldPath) => number | null = at;

/** The band at a field path. */
export const bandAtPath: (bands: Bands, path: FieldPath) => Band = at;

/** The nested shape shared by {@link Scores} and {@link Bands}: one `T` per field path. */
type TopPath = Exclude<FieldPath, `address.${string}`>;
type PerField<T> = Record<TopPath, T> & { address: Record<AddressPart, T> };

/** Sets the value at a field path of a shape. */
function put<T>(shape: PerField<T>, path: FieldPath, value: T): void {
  // a new shape gets its `address` with the first address part (FIELD_PATHS order: the key comes last)
  if (path.startsWith('address.'))
    ((shape as Partial<PerField<T>>).address ??= {} as Record<AddressPart, T>)[path.slice(8) as AddressPart] = value;
  else shape[path as TopPath] = value;
}

/** A new shape with `value(path)` at every field path (in FIELD_PATHS order: `address` last). */
function shapeOf<T>(value: (path: FieldPath) => T): PerField<T> {
  const out = {} as PerField<T>;
  for (const path of FIELD_PATHS) put(out, path, value(path));
  return out;
}

/** A copy of `shape` with `value` at each of `paths`. */
export function replaceAt<S extends PerField<T>, T>(shape: S, paths: readonly FieldPath[], value: T): S {
  const out = { ...shape, address: { ...shape.address } };
  for (const path of paths) put(out, path, value);
  return out;
}

/** `bands` with the fields the relay withheld marked `withheld`. */
export function withholdBands(bands: Bands, withheld: readonly FieldPath[]): Bands {
  return replaceAt<Bands, Band>(bands, withheld, 'withheld');
}

const BANDS: readonly Band[] = ['match', 'partial', 'mismatch', 'unverified', 'withheld'];

/**
 * (v3) The `bands` of a relay's answer under `"disclosure":"bands"`: every field path a band name, in the scores'
 * nested shape; `null` when any is missing or not one (the answer is then unusable: `bad_response`).
 */
export function parseBands(raw: unknown): Bands | null {
  const bands =
    isPlainObject(raw) && isPlainObject(raw['address']) ? shapeOf((path) => at(raw as PerField<unknown>, path)) : null;
  return bands && FIELD_PATHS.every((path) => BANDS.includes(at(bands, path) as Band)) ? (bands as Bands) : null;
}

/** Band of one score; compared on the raw score: `>= match` is match, `>= partial` is partial. */
export function bandOf(score: number | null, t: Thresholds = DEFAULT_THRESHOLDS): Band {
  if (score === null) return 'unverified';
  if (score >= t.match) return 'match';
  if (score >= t.partial) return 'partial';
  return 'mismatch';
}

export const bandsOf = (scores: Scores, t: Thresholds = DEFAULT_THRESHOLDS): Bands =>
  shapeOf((path) => bandOf(scoreAt(scores, path), t));

/**
 * Verdict over the required field paths: `verified` when every required field was compared and is in
 * `match`; `rejected` when one is in `mismatch`; else `inconclusive`. With no required field at all, the
 * compared fields decide the same way (none compared: `inconclusive`), so an empty policy never
 * "verifies" nothing.
 */
export function verdictOf(bands: Bands, required: readonly FieldPath[]): Verdict {
  const bandAt = (p: FieldPath) => bandAtPath(bands, p);
  const compared = (p: FieldPath) => bandAt(p) !== 'unverified' && bandAt(p) !== 'withheld';
  const list = (required.length ? required : FIELD_PATHS.filter(compared)).map(bandAt);
  if (list.includes('mismatch')) return 'rejected';
  return list.length && list.every((b) => b === 'match') ? 'verified' : 'inconclusive';
}

/**
 * Validates a pair of thresholds (both in [0,1], partial <= match). Returns the defaults for any value
 * that is not usable, with a description of what was wrong.
 */
export function normaliseThresholds(match: unknown, partial: unknown): { thresholds: Thresholds; problems: string[] } {
  const problems: string[] = [];
  // a threshold reads like a score: unset (null, undefined, '') takes the default, a bad value is a problem
  const num = (v: unknown, name: string, fallback: number): number => {
    const { score, invalid } = parseScore(v);
    if (invalid) problems.push(`${name} must be a number between 0 and 1 (got ${JSON.stringify(v)})`);
    return score ?? fallback;
  };
  let m = num(match, 'match-threshold', DEFAULT_THRESHOLDS.match);
  let p = num(partial, 'partial-threshold', DEFAULT_THRESHOLDS.partial);
  if (p > m) {
    problems.push(`partial-threshold (${p}) must not be above match-threshold (${m})`);
    m = DEFAULT_THRESHOLDS.match;
    p = DEFAULT_THRESHOLDS.partial;
  }
  return { thresholds: { match: m, partial: p }, problems };
}
