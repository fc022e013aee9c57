/**
 * The relay's final verdict (what `/verify` answers and `accept` applies to) and the reasons that explain it,
 * from EVERY score, the relay's thresholds and required fields, and the signals. The browser never sees it: its
 * verdict is computed from the bands it was shown (disclosure.ts), so that it never learns which check held an
 * order back. Pure.
 */
import type { FieldPath } from '../../protocol/fields.js';
import { bandAtPath, bandsOf, verdictOf, type Scores, type Thresholds, type Verdict } from '../../protocol/scores.js';
import type { ReasonCode, Signals } from './sealed.js';

const NAMES: readonly FieldPath[] = ['given_name', 'family_name'];

export function finalVerdict(
  scores: Scores,
  thresholds: Thresholds,
  required: readonly FieldPath[],
  signals: Signals,
): { verdict: Verdict; reasons: ReasonCode[] } {
  const bands = bandsOf(scores, thresholds);
  const reasons: ReasonCode[] = [];
  const nameBands = NAMES.map((p) => bandAtPath(bands, p));
  if (nameBands.every((b) => b === 'match')) reasons.push('names_match');
  if (nameBands.includes('mismatch')) reasons.push('names_mismatch');
  const others = required.map((p) => bandAtPath(bands, p));
  if (others.includes('partial')) reasons.push('partial_fields');
  if (required.some((p) => !NAMES.includes(p) && bandAtPath(bands, p) === 'mismatch')) {
    reasons.push('mismatched_fields');
  }
  if (others.includes('unverified')) reasons.push('unchecked_fields');
  let verdict = verdictOf(bands, required);
  if (signals.sim_swap === null) reasons.push('sim_swap_unknown');
  else if (signals.sim_swap?.swapped) {
    reasons.push('recent_sim_swap');
    if (verdict === 'verified') verdict = 'inconclusive';
  }
  return { verdict, reasons };
}
