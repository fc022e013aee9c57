/**
 * The outcomes the element shows, as pure template functions of what they show (no element state): the result
 * panel (verdict, one gauge per checked field, the withheld note), the error panel, the operator's consent
 * notice, (v3) the wait for the subscriber's approval on their phone, and the next steps offered when the
 * check cannot succeed with this number.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { EXACT_PATHS, type FieldPath } from '../protocol/fields.js';
import { bandAtPath, scoreAt } from '../protocol/scores.js';
import type { ErrorDetail, ResultDetail } from './events.js';
import { shownError, type Phase } from './phase.js';
import { errorMessageKey, format, type MessageKey, type Messages } from './i18n.js';
import { clockText } from './countdown.js';
import './idmobile-gauge.js'; // <idmobile-gauge>: defined with the element (register.ts)

/** The outcome panel's id (prefixed: test tools that pierce shadow roots must not confuse it with the page's). */
export const OUTCOME_ID = 'idmobile-outcome';

/** A field's label is the message named after it (`address.locality` -> `locality`). */
export const labelKey = (name: string) => name.replace('address.', '') as MessageKey;

/** The next steps' controls; `null` where the outcome offers none. */
interface NextStepActions {
  edit: () => void;
  otherNumber: () => void;
}

/** One checked field's gauge; `percent` formats in the shopper's language (`89 %`, `89%`). */
function gauge(m: Messages, percent: Intl.NumberFormat, path: FieldPath, detail: ResultDetail): TemplateResult {
  const score = scoreAt(detail.scores, path);
  const band = bandAtPath(detail.bands, path); // the bands the result event carried
  // (v3) under `"disclosure":"bands"` the score is its band's level: the meter stands there, without a percentage;
  // French typography: a narrow no-break space before `%` (some ICU data still gives a wide one)
  const percentText = detail.disclosure === 'bands' ? '' : percent.format(score ?? 0).replace('\u00a0', '\u202f');
  // the gauge gives itself the meter's role, name and values (idmobile-gauge.ts)
  return html`<idmobile-gauge
    part="gauge"
    data-field=${path}
    data-band=${band}
    ?exact=${EXACT_PATHS.includes(path)}
    .label=${m[labelKey(path)]}
    .score=${score}
    .band=${band}
    .bandText=${m[`band_${band}`]}
    .percentText=${percentText}
  ></idmobile-gauge>`;
}

/**
 * The result panel: the verdict, (v3) for an inconclusive one the field to check with its edit control, the gauges
 * of the checked paths, why some are withheld, the next steps.
 */
function resultPanel(m: Messages, percent: Intl.NumberFormat, detail: ResultDetail, c: OutcomeContext): TemplateResult {
  const { paths, steps } = c;
  const withheld = paths.some((path) => bandAtPath(detail.bands, path) === 'withheld');
  const check =
    detail.verdict === 'inconclusive'
      ? paths.find((path) => /partial|mismatch/.test(bandAtPath(detail.bands, path)))
      : undefined;
  // the verdict heads the panel: a screen reader's heading navigation finds it (level 2: never skips one)
  return html`<section part="result" id=${OUTCOME_ID} tabindex="-1" aria-label=${m.resultTitle}>
    <h2 part="verdict" data-verdict=${detail.verdict}>${m[`verdict_${detail.verdict}`]}</h2>
    ${
      check
        ? html`<p part="check-field" id="idmobile-check-field">
              ${format(m.checkField, { field: m[labelKey(check)] })}
            </p>
            <div class="actions">
              <button
                type="button"
                part="edit"
                data-field=${check}
                aria-describedby="idmobile-check-field"
                @click=${() => c.editField(check)}
              >
                ${m.change}
              </button>
            </div>`
        : nothing
    }
    <div class="gauges">${paths.map((path) => gauge(m, percent, path, detail))}</div>
    ${withheld ? html`<p part="withheld-note" class="note">${m.withheldNote}</p>` : nothing}
    ${steps ? nextSteps(m, m.nextRejected, steps) : nothing}
  </section>`;
}

/** Edit the details, use another number, and the page's own fallback (slot `fallback`). */
function nextSteps(m: Messages, guidance: string, steps: NextStepActions): TemplateResult {
  return html`<div part="next" class="next">
    ${guidance ? html`<p>${guidance}</p>` : nothing}
    <div class="actions">
      <button type="button" part="edit" @click=${steps.edit}>${m.edit}</button>
      <button type="button" part="other-number" @click=${steps.otherNumber}>${m.otherNumber}</button>
    </div>
    <slot name="fallback"></slot>
  </div>`;
}

/** The error panel's one action: retry a retryable error, (v3) ask again after a refused consent; else none. */
function errorAction(
  m: Messages,
  error: ErrorDetail,
  busy: boolean,
  c: OutcomeContext,
): TemplateResult | typeof nothing {
  const [part, label, act] = error.retryable
    ? ['retry', m.retry, c.retry]
    : error.id === 'consent_refused' || error.id === '21'
      ? ['consent-again', m.consentAgain, c.askAgain]
      : [];
  return part
    ? html`<div class="actions">
        <button type="button" part=${part} aria-disabled=${busy ? 'true' : 'false'} @click=${act}>${label}</button>
      </div>`
    : nothing;
}

/**
 * The error panel, with its action (see {@link errorAction}); `busy` while that action runs (the panel and the
 * control stay, so the focus stays on it). `again`: a retryable error failed again: the next steps say so. The
 * message is read from the catalogue on show, not the event's: it follows a change of language (and a catalogue
 * that arrives after the error, back from the operator's page).
 */
function errorPanel(m: Messages, error: ErrorDetail, busy: boolean, again: boolean, c: OutcomeContext): TemplateResult {
  const guidance = error.id === 'line_mismatch' ? m.nextLineMismatch : again ? m.nextAgain : '';
  return html`<div role="alert" part="error" id=${OUTCOME_ID} tabindex="-1" data-error-id=${error.id}>
      <p>${m[errorMessageKey(error.id)]}</p>
      ${errorAction(m, error, busy, c)}
    </div>
    ${c.steps ? nextSteps(m, guidance, c.steps) : nothing}`;
}

/**
 * (v3) The wait for the subscriber's approval on their phone: the operator, what to do, the time left (on screen
 * only: the live region says it sparingly), and the cancel control.
 */
function waitingPanel(m: Messages, operator: string, left: number, cancel: () => void): TemplateResult {
  const op = { operator };
  return html`<div part="waiting" data-operator=${operator} id=${OUTCOME_ID}>
    <p class="title">${m.waitingTitle}</p>
    <p id="idmobile-waiting-text">${format(m.waitingText, op)}</p>
    <p part="countdown">${format(m.timeLeft, { time: clockText(left) })}</p>
    <div class="actions">
      <button type="button" part="cancel" aria-describedby="idmobile-waiting-text" @click=${cancel}>${m.cancel}</button>
    </div>
  </div>`;
}

/** The operator's consent notice, naming it as text; with a continue control when `go` is given. */
function consentNotice(m: Messages, operator: string, go: (() => void) | null): TemplateResult {
  const op = { operator };
  return html`<div part="consent" data-operator=${operator}>
    <p class="title">${format(m.consentTitle, op)}</p>
    <p id="idmobile-consent-text">${format(m.consentText, op)}</p>
    ${
      go
        ? html`<div class="actions">
            <button type="button" part="continue" aria-describedby="idmobile-consent-text" @click=${go}>
              ${format(m.continue, op)}
            </button>
          </div>`
        : nothing
    }
  </div>`;
}

/** What an outcome's controls do, and which fields its gauges show. */
interface OutcomeContext {
  /** The checked fields, in display order. */
  paths: readonly FieldPath[];
  /** The next steps, when the outcome offers them. */
  steps: NextStepActions | null;
  retry: () => void;
  /** (v3) After a refused consent: the same check again, the operator asking again. */
  askAgain: () => void;
  /** (v3) Change one detail (`idmobile-edit`). */
  editField: (field: string) => void;
  /** Goes to the operator's consent page; null: no continue control. */
  go: (() => void) | null;
  /** (v3) Stops waiting for the subscriber's approval. */
  cancel: () => void;
  /** (v3) Whole seconds the subscriber has left to approve. */
  left: number;
}

/** The outcome of a phase: the result panel, the consent notice, the error panel (kept while its retry runs). */
export function outcome(m: Messages, percent: Intl.NumberFormat, p: Phase, c: OutcomeContext) {
  if (p.state === 'result') return resultPanel(m, percent, p.detail, c);
  if (p.state === 'consent') return consentNotice(m, p.operator, c.go);
  if (p.state === 'waiting') return waitingPanel(m, p.operator, c.left, c.cancel);
  const error = shownError(p);
  const slow = p.state === 'submitting' && p.slow;
  // on screen only: the live region says it once (see `status`)
  const still = slow ? html`<p class="note" aria-hidden="true">${m.stillChecking}</p>` : nothing;
  return html`${error ? errorPanel(m, error, p.state === 'submitting', p.state === 'error' && !!p.again, c) : nothing}${still}`;
}

/**
 * The live region: what is happening, then the verdict. While waiting, the time left as `spoken` says it (a
 * coarse amount that changes a few times, not every second).
 */
export const status = (m: Messages, p: Phase, spoken: () => string): TemplateResult =>
  html`<p class="status" role="status">
    ${
      p.state === 'submitting'
        ? p.slow
          ? m.stillChecking
          : m.checking
        : p.state === 'result'
          ? m[`verdict_${p.detail.verdict}`]
          : p.state === 'waiting'
            ? format(m.waitingStatus, { operator: p.operator, time: spoken() })
            : ''
    }
  </p>`;
