/**
 * The relay's disclosure policy (`RELAY_DISCLOSE`): what of an operator's scores the BROWSER may see.
 *
 * Typing someone else's number must not turn the widget into an oracle on that line's subscriber:
 * - `bands`: unless both names are in the MATCH band, every other field is withheld (its answer says `""` there
 *   and lists the field in `withheld`); every score shown is REDUCED to its band (match -> 1, partial -> the
 *   partial threshold, mismatch -> 0), and the answer carries the bands themselves: exact percentages are a
 *   gradient a stranger can climb one guess at a time, bands are not;
 * - `on-name-match` (v2's behaviour): unless both names reach the partial band, every other field is withheld;
 *   raw scores otherwise;
 * - `all`: every raw score.
 * The attestation's sealed claim, which only the merchant's verifier opens, keeps every score.
 *
 * Pure: no I/O, no state.
 */
import { FIELD_PATHS, type FieldPath } from '../protocol/fields.js';
import {
  bandAtPath,
  bandsOf,
  replaceAt,
  scoreAt,
  verdictOf,
  withholdBands,
  type Band,
  type Bands,
  type Scores,
  type Thresholds,
  type Verdict,
} from '../protocol/scores.js';

export const DISCLOSURE_POLICIES = ['bands', 'on-name-match', 'all'] as const;
export type DisclosurePolicy = (typeof DISCLOSURE_POLICIES)[number];
export const DEFAULT_DISCLOSURE: DisclosurePolicy = 'bands';

/** The fields whose result a browser always sees: they are what the shopper typed about themselves. */
const NAME_PATHS: readonly FieldPath[] = ['given_name', 'family_name'];

/** Every field withheld when the names do not match: all but the names, compared or not (no "has data" hint). */
const WITHHELD_PATHS: readonly FieldPath[] = FIELD_PATHS.filter((p) => !NAME_PATHS.includes(p));

export interface Disclosure {
  /** The scores the browser's answer carries (`null` where withheld; reduced to bands under `bands`). */
  shown: Scores;
  /** Field paths whose score was withheld, in display order; empty when everything is shown. */
  withheld: FieldPath[];
  /** The answer's `disclosure`: `bands` (scores reduced to bands) or `scores`. */
  disclosure: 'bands' | 'scores';
  /** Under `bands`: the bands of the answer (withheld fields `withheld`). */
  bands?: Bands;
  /**
   * The browser's verdict, the same in its answer and in the attestation's clear claims: computed from what it
   * was shown, withheld fields counted as not compared, so that the verdict cannot reveal what the scores would.
   */
  verdict: Verdict;
}

/** Whether both names are at least in `band` (`partial` or `match`). */
export function namesAtLeast(scores: Scores, thresholds: Thresholds, band: 'partial' | 'match'): boolean {
  const floor = band === 'match' ? thresholds.match : thresholds.partial;
  return NAME_PATHS.every((p) => {
    const s = scoreAt(scores, p);
    return s !== null && s >= floor;
  });
}

/** The score a band stands for in a `bands` answer. */
function bandScore(band: Band, thresholds: Thresholds): number | null {
  if (band === 'match') return 1;
  if (band === 'partial') return thresholds.partial;
  if (band === 'mismatch') return 0;
  return null;
}

/** Applies the policy to one answer's scores. */
export function disclose(
  scores: Scores,
  policy: DisclosurePolicy,
  thresholds: Thresholds,
  required: readonly FieldPath[],
): Disclosure {
  const all = bandsOf(scores, thresholds);
  const open = policy === 'all' || namesAtLeast(scores, thresholds, policy === 'bands' ? 'match' : 'partial');
  const withheld = open ? [] : [...WITHHELD_PATHS];
  const bands = withholdBands(all, withheld);
  const verdict = verdictOf(bands, required);
  if (policy !== 'bands') {
    return { shown: replaceAt<Scores, number | null>(scores, withheld, null), withheld, disclosure: 'scores', verdict };
  }
  let shown = scores;
  for (const path of FIELD_PATHS) {
    shown = replaceAt<Scores, number | null>(shown, [path], bandScore(bandAtPath(bands, path), thresholds));
  }
  return { shown, withheld, disclosure: 'bands', bands, verdict };
}
