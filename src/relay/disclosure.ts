/**
 * The relay's disclosure policy (`RELAY_DISCLOSE`): what of an operator's scores the BROWSER may see.
 *
 * Typing someone else's number must not turn the widget into an oracle on that line's subscriber. With
 * `on-name-match` (the default), unless both names reach the partial band, every other field's score is
 * withheld from the browser: its answer says `""` there and lists the field in `withheld`. The attestation,
 * which only the merchant's backend reads, keeps every score.
 *
 * Pure: no I/O, no state.
 */
import { FIELD_PATHS, type FieldPath } from '../protocol/fields.js';
import {
  bandsOf,
  replaceAt,
  scoreAt,
  verdictOf,
  withholdBands,
  type Scores,
  type Thresholds,
  type Verdict,
} from '../protocol/scores.js';

export const DISCLOSURE_POLICIES = ['on-name-match', 'all'] as const;
export type DisclosurePolicy = (typeof DISCLOSURE_POLICIES)[number];
export const DEFAULT_DISCLOSURE: DisclosurePolicy = 'on-name-match';

/** The fields whose result a browser always sees: they are what the shopper typed about themselves. */
const NAME_PATHS: readonly FieldPath[] = ['given_name', 'family_name'];

/** Every field withheld when the names do not match: all but the names, compared or not (no "has data" hint). */
const WITHHELD_PATHS: readonly FieldPath[] = FIELD_PATHS.filter((p) => !NAME_PATHS.includes(p));

export interface Disclosure {
  /** The scores the browser's answer carries (`null` where withheld). */
  shown: Scores;
  /** Field paths whose score was withheld, in display order; empty when everything is shown. */
  withheld: FieldPath[];
  /**
   * The verdict of the check, the same in the browser's answer and in the attestation: computed with the
   * withheld fields counted as not compared, so that the verdict cannot reveal what the scores would.
   */
  verdict: Verdict;
}

/** Whether both names reach the partial band: the line's subscriber is (probably) the shopper. */
export function namesMatch(scores: Scores, thresholds: Thresholds): boolean {
  return NAME_PATHS.every((p) => {
    const s = scoreAt(scores, p);
    return s !== null && s >= thresholds.partial;
  });
}

/** Applies the policy to one answer's scores. */
export function disclose(
  scores: Scores,
  policy: DisclosurePolicy,
  thresholds: Thresholds,
  required: readonly FieldPath[],
): Disclosure {
  const bands = bandsOf(scores, thresholds);
  if (policy === 'all' || namesMatch(scores, thresholds)) {
    return { shown: scores, withheld: [], verdict: verdictOf(bands, required) };
  }
  const withheld = [...WITHHELD_PATHS];
  const shown = replaceAt<Scores, number | null>(scores, withheld, null);
  return { shown, withheld, verdict: verdictOf(withholdBands(bands, withheld), required) };
}
