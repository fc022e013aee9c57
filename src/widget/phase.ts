/**
 * What the widget shows, as one discriminated union (the host's `state` attribute is its `state`), and the
 * views of it the templates need. The one source of truth for the outcome: no flag says it a second time.
 */
import type { Answer } from '../protocol/answer.js';
import { isPhoneError, offersNextStepsAtOnce } from '../protocol/errors.js';
import type { FieldPath } from '../protocol/fields.js';
import { bandsOf, verdictOf, withholdBands, type Thresholds } from '../protocol/scores.js';
import type { ErrorDetail, ResultDetail } from './events.js';

export type Phase =
  | { state: 'idle' }
  /**
   * `retrying`: the error whose retry runs (its panel and retry control stay, so focus stays on the control);
   * (v3) `slow`: the check has run for a while, "still checking" is shown and said.
   */
  | { state: 'submitting'; retrying?: ErrorDetail | undefined; slow?: boolean }
  | { state: 'result'; detail: ResultDetail }
  /** `cancelled`: the page cancelled `idmobile-consent`; the notice shows, the widget never navigates. */
  | { state: 'consent'; operator: string; url: string; cancelled: boolean }
  /** (v3) Decoupled consent: the subscriber approves on their phone until `until` (clock milliseconds). */
  | { state: 'waiting'; operator: string; until: number }
  /** `again`: a retryable error that failed again after the shopper's retry (next steps instead of a retry). */
  | { state: 'error'; error: ErrorDetail; again?: boolean };

export const IDLE: Phase = { state: 'idle' };

/** The error panel on show: the error's, or, while its retry runs, the error being retried. */
export const shownError = (p: Phase): ErrorDetail | undefined =>
  p.state === 'error' ? p.error : p.state === 'submitting' ? p.retrying : undefined;

/**
 * Whether the outcome offers the next steps (edit, other number, the page's fallback): a rejection, an error that
 * ends the check for this number, (v3) an error that repeats whatever the shopper does (integration errors, 13,
 * a blocked consent redirect), and a retryable error that failed again after the shopper's retry.
 */
export const offersNextSteps = (p: Phase): boolean =>
  (p.state === 'result' && p.detail.verdict === 'rejected') ||
  (p.state === 'error' && (!!p.again || offersNextStepsAtOnce(p.error.id)));

/** Whether the operator refused the phone number (said on the phone input too). */
export const refusedPhone = (p: Phase): boolean => p.state === 'error' && isPhoneError(p.error.id);

/**
 * The result of a scores answer: the relay's bands (v3 `"disclosure":"bands"`), else bands from the thresholds with
 * the withheld fields marked; and the relay's verdict (the one its attestation carries), else ours from the bands
 * of the `required` fields (for relays that send none).
 */
export function resultOf(
  answer: Extract<Answer, { kind: 'scores' }>,
  thresholds: Thresholds,
  required: readonly FieldPath[],
): ResultDetail {
  const { withheld, disclosure } = answer;
  // the relay's bands when it sent them (its thresholds: the element's are then ignored)
  const bands = answer.bands ?? withholdBands(bandsOf(answer.scores, thresholds), withheld);
  const verdict = answer.verdict ?? verdictOf(bands, required);
  return { scores: answer.scores, bands, verdict, attestation: answer.attestation, withheld, disclosure };
}
