/**
 * The widget's events, typed in one place. All are `CustomEvent`s that bubble and cross shadow roots.
 */
import type { Identity, MatchRequest } from '../protocol/wire-types.js';
import type { FieldPath } from '../protocol/fields.js';
import type { Bands, Scores, Verdict } from '../protocol/scores.js';

export interface SubmitDetail {
  /** The body about to be POSTed to `{relay-url}/match`. */
  request: MatchRequest;
}

export interface ResultDetail {
  /**
   * The answer's nested shape: a score in [0,1] per field, `null` when not compared or withheld. Under
   * `"disclosure":"bands"` each is its band's level (match 1, partial the relay's partial threshold, mismatch 0).
   */
  scores: Scores;
  /** Same shape, with band names: the relay's under `"disclosure":"bands"`, else from the element's thresholds. */
  bands: Bands;
  /** The fields the relay did not disclose to the browser (its disclosure policy). */
  withheld: FieldPath[];
  /** (v3) `bands`: the relay showed bands only, no percentages; `scores`: the scores themselves. */
  disclosure: 'bands' | 'scores';
  /** For display only: the relay's attestation carries the verdict the server trusts. */
  verdict: Verdict;
  /** The relay's signed attestation, or `null` when it sent none. */
  attestation: string | null;
}

export interface ConsentDetail {
  operator: string;
  /** The checked, normalised consent URL. */
  url: string;
}

export interface ErrorDetail {
  /**
   * Two-digit DQE id (`"07"`), `R4xx`/`R5xx` relay id, or the widget's own: `network`, `timeout`, `bad_response`,
   * `consent_url`, `consent_refused`, `config` (the element is misconfigured: no `relay-url`; nothing was sent);
   * (v3) the relay's `line_mismatch` (the number is not the line the device is connected with).
   */
  id: string;
  /** DQE's `error_type`, or ours. */
  errorType: string;
  /** The message shown to the shopper, in their language. */
  message: string;
  retryable: boolean;
}

/** (v3) Decoupled consent began: the operator asks the line's subscriber to approve on their phone. */
export interface PendingDetail {
  operator: string;
  /** Seconds the subscriber has to approve. */
  expiresIn: number;
}

/**
 * (v3) Why the widget went back to `idle`, dropping what it showed or waited for: the shopper's details changed
 * (an input, or the `phone`/`identity` properties set to other values), `reset()`, the shopper cancelled the
 * wait for their approval, or chose to use another number.
 */
export interface ResetDetail {
  reason: 'details-changed' | 'reset' | 'cancelled' | 'other-number';
}

/**
 * (v3) Back on a freshly loaded page (from the operator's consent page, or a reload while waiting): the widget
 * restored what it was checking from its trip; refill the page's own form from it.
 */
export interface RestoreDetail {
  /** E.164. */
  phone: string;
  identity: Identity;
}

/**
 * (v3) The shopper asked to change one detail ("v3 precisions" 7): a summary row's control (`part="edit-field"`),
 * the outcome's control for the field to check, or "Edit my details" (the first detail to fix). Cancel it to focus
 * the page's own field (then set `identity` or `phone`); not cancelled, the widget shows that detail (for "Edit my
 * details": every checked field) as an input and focuses it.
 */
export interface EditDetail {
  /** `phone`, an identity field (`given_name`), an address part (`address.postal_code`), or `address` (its row). */
  field: string;
}

export interface IdmobileEventMap {
  'idmobile-submit': CustomEvent<SubmitDetail>;
  'idmobile-result': CustomEvent<ResultDetail>;
  'idmobile-consent': CustomEvent<ConsentDetail>;
  'idmobile-error': CustomEvent<ErrorDetail>;
  'idmobile-pending': CustomEvent<PendingDetail>;
  'idmobile-reset': CustomEvent<ResetDetail>;
  'idmobile-restore': CustomEvent<RestoreDetail>;
  'idmobile-edit': CustomEvent<EditDetail>;
}

/** Dispatches one of the widget's events from `target`; returns false when a cancelable event was cancelled. */
export function emit<K extends keyof IdmobileEventMap>(
  target: EventTarget,
  type: K,
  detail: IdmobileEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends IdmobileEventMap {}
}
