import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Answer } from '../protocol/answer.js';
import { isIntegrationError, isPhoneError, isRetryable } from '../protocol/errors.js';
import {
  DEFAULT_REQUIRED,
  EXACT_PATHS,
  IDENTITY_FIELDS,
  expandFields,
  parseFieldList,
  type FieldPath,
  type IdentityField,
} from '../protocol/fields.js';
import { MatchRequest, ResultRequest, describeIssue, type Identity } from '../protocol/schemas.js';
import {
  bandAtPath,
  bandsOf,
  normaliseThresholds,
  scoreAt,
  verdictOf,
  withholdBands,
  type Thresholds,
} from '../protocol/scores.js';
import { CheckController, DEFAULT_POLL, type Operation, type PollSchedule } from './check-controller.js';
import { checkConsentUrl, parseOriginList } from './consent-url.js';
import { emit, type ErrorDetail, type ResultDetail } from './events.js';
import {
  INPUTS,
  buildMatchRequest,
  emptyValues,
  identityFromValues,
  inputsFor,
  validateAll,
  validateInput,
  valuesFromIdentity,
  type InputName,
  type Values,
} from './form-model.js';
import { catalogue, errorMessageKey, format, resolveLang, type MessageKey, type Messages } from './i18n.js';
import type { IdmobileGauge } from './idmobile-gauge.js';
import { styles } from './idmobile-check.styles.js';
import { DEFAULT_TIMEOUT_MS } from './relay-client.js';
import { buildReturnUrl, readReturnParams, stripReturnParams } from './return-url.js';

/** What the widget shows: the host's `state` attribute reflects `state`. The one source of truth for the outcome. */
type Phase =
  | { state: 'idle' }
  | { state: 'submitting' }
  | { state: 'result'; detail: ResultDetail }
  | { state: 'consent'; operator: string; url: string; cancelled: boolean }
  | { state: 'error'; error: ErrorDetail };

type ParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };

/** An input's label is the message named after its field (`address.locality` -> `locality`). */
const labelKey = (name: InputName) => name.replace('address.', '') as MessageKey;
const PHONE_ERROR_KEY: Partial<Record<string, MessageKey>> = {
  '07': 'err_07',
  '09': 'err_09',
  '10': 'err_10',
  '11': 'err_11',
};
const idFor = (name: InputName) => `f-${name.replace('.', '-')}`;

/**
 * Identity check for checkout pages: the shopper's phone number and identity are compared by their mobile
 * operator (DQE IDMobile, Matching without OTP) through the merchant's relay; one gauge per field shows how
 * well each matches. Form-associated: inside a `<form>` it submits the relay's attestation under `name`.
 * The host's `state` attribute reflects what it is doing: `idle | submitting | result | consent | error`.
 * Editing a field after a result (or a consent notice) clears it: the state goes back to `idle` and the form is
 * invalid again; the inputs' `input` events reach the page (composed), retargeted to the host.
 *
 * @tag idmobile-check
 * @attr lang - `fr` or `en`; else the closest ancestor's `lang` (crossing shadow roots), else `<html lang>`
 *
 * @fires idmobile-submit - cancelable; `{request}` about to be sent. Cancel it and nothing is sent.
 * @fires idmobile-result - `{scores, bands, verdict, attestation}` once the operator has answered.
 * @fires idmobile-consent - cancelable; `{operator, url}` when the operator needs the shopper's consent. Cancel it to navigate yourself.
 * @fires idmobile-error - `{id, errorType, message, retryable}`.
 *
 * @csspart form - the inner form
 * @csspart submit - the submit button
 * @csspart field-error - a field's validation message
 * @csspart result - the result panel (verdict and gauges)
 * @csspart verdict - the overall verdict line
 * @csspart gauge - one field's gauge (`data-field`, `data-band`)
 * @csspart error - the error message (`data-error-id`)
 * @csspart retry - the retry button of a retryable error
 * @csspart consent - the operator-consent notice (`data-operator`)
 * @csspart continue - the button that goes to the operator's consent page
 *
 * @cssprop --idmobile-font - font shorthand (default: inherited)
 * @cssprop --idmobile-text - text colour
 * @cssprop --idmobile-background - input background
 * @cssprop --idmobile-accent - buttons, focus ring, consent notice
 * @cssprop --idmobile-accent-text - text on accent buttons
 * @cssprop --idmobile-border - input and panel borders
 * @cssprop --idmobile-muted - hints and secondary text
 * @cssprop --idmobile-error - error colour
 * @cssprop --idmobile-radius - corner radius
 * @cssprop --idmobile-gap - spacing between fields
 * @cssprop --idmobile-match - gauge colour of a match
 * @cssprop --idmobile-partial - gauge colour of a partial match
 * @cssprop --idmobile-mismatch - gauge colour of a mismatch
 * @cssprop --idmobile-unverified - gauge colour of a field not compared
 * @cssprop --idmobile-track - gauge track colour
 */
export class IdmobileCheck extends LitElement {
  static override styles = styles;
  static formAssociated = true;

  /** Base URL of the merchant's relay (required); `/match` and `/result` are joined to it. */
  @property({ attribute: 'relay-url' }) relayUrl = '';
  /** Identity fields shown, space-separated: `gender given_name family_name birthdate email address`. */
  @property() fields: string | null = null;
  /** Fields that must be filled (`address` means its four parts); the phone is always required. */
  @property() required: string | null = null;
  /** Default country of phone numbers (ISO-2). */
  @property() country = 'FR';
  /** Score bands, compared on the raw score. */
  @property({ attribute: 'match-threshold' }) matchThreshold: string | number | null = null;
  @property({ attribute: 'partial-threshold' }) partialThreshold: string | number | null = null;
  /** `button`: show the operator notice with a continue button; `auto`: go to the operator at once. */
  @property() consent: 'button' | 'auto' = 'button';
  /** Origins the consent redirect may go to (space-separated); empty: any origin the safety rules allow. */
  @property({ attribute: 'operator-origins' }) operatorOrigins = '';
  /** Form field name of the attestation. */
  @property() name = 'idmobile';
  /**
   * The check session your server created for this order (`POST /sessions` on the relay), sent with every
   * `/match` and `/result`; absent: no session (test mode, or a relay that does not require one).
   */
  @property() session: string | null = null;
  /** Milliseconds to wait for the relay before the `timeout` error. */
  @property({ type: Number }) timeout = DEFAULT_TIMEOUT_MS;
  /** Partial overrides of the shopper-facing strings of the current language. */
  @property({ attribute: false }) messages: Partial<Record<MessageKey, string>> | null = null;

  /** @internal polling schedule after consent (tests shorten it). */
  pollSchedule: PollSchedule = { ...DEFAULT_POLL };

  @state() private values: Values = emptyValues();
  @state() private problems = new Map<InputName, MessageKey>();
  @state() private phase: Phase = { state: 'idle' };
  /** Disabled by the page's form (a disabled `<fieldset>` or the host's `disabled` attribute). */
  @state() private formDisabled = false;

  private internals: ElementInternals;
  private check = new CheckController(this, () => ({
    relayUrl: this.relayUrl,
    timeoutMs: this.timeout,
    poll: this.pollSchedule,
  }));
  private defaults: Values = emptyValues();
  private touched = new Set<InputName>();
  private focusAfterRender: 'first-invalid' | 'result' | 'continue' | 'error' | null = null;
  private m: Messages = catalogue('en');
  /** Percentages in the shopper's language (`89 %` with a narrow no-break space in French, `89%` in English). */
  private percent = new Intl.NumberFormat('en', { style: 'percent' });

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  /** The phone number (prefill). */
  get phone(): string {
    return this.values.phone;
  }
  set phone(value: string) {
    const v = typeof value === 'string' ? value : '';
    this.values = { ...this.values, phone: v };
    this.defaults = { ...this.defaults, phone: v };
  }

  /** The identity, in the request's `identity` shape (prefill). */
  get identity(): Identity {
    return identityFromValues(this.values);
  }
  set identity(value: Identity) {
    this.values = valuesFromIdentity(value, this.values);
    this.defaults = valuesFromIdentity(value, this.defaults);
  }

  /** The outcome on show: `{scores, bands, verdict, attestation}`, or `null` when none (or an error) is shown. */
  get result(): ResultDetail | null {
    return this.phase.state === 'result' ? this.phase.detail : null;
  }

  /** Checks the phone and identity with the operator. Does nothing while a check is in flight. */
  submit(): void {
    this.startMatch();
  }

  /** Stops any check in flight and clears the outcome; inputs go back to their prefilled values. */
  reset(): void {
    this.check.forget();
    this.values = { ...this.defaults };
    this.problems = new Map();
    this.touched.clear();
    this.phase = { state: 'idle' };
  }

  /** Focuses the first invalid input, else the phone input. */
  override focus(options?: FocusOptions): void {
    const first = [...this.problems.keys()][0] ?? 'phone';
    this.inputEl(first)?.focus(options);
  }

  /** The form this element belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** Validity for the page's form: invalid until a check has completed. */
  get validity(): ValidityState {
    return this.internals.validity;
  }

  /** Why the element is invalid, in the shopper's language ("" when valid). */
  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** @internal goes to the operator's consent page (tests replace it). */
  navigate(url: string): void {
    window.location.assign(url);
  }

  /** @internal */
  formResetCallback(): void {
    this.reset();
  }

  /** @internal */
  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  protected override firstUpdated(): void {
    // after the first render rather than on connect: properties set right after creation are in place
    this.resumeAfterConsent();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the check controller aborts what is in flight
    if (this.phase.state === 'submitting') this.phase = { state: 'idle' };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const lang = resolveLang(this);
    this.m = catalogue(lang, this.messages);
    if (this.percent.resolvedOptions().locale !== lang)
      this.percent = new Intl.NumberFormat(lang, { style: 'percent' });
    if (changed.has('fields') && this.fields !== null) this.warnUnknown('fields', this.fields);
    if (changed.has('required') && this.required !== null) this.warnUnknown('required', this.required);
    if (changed.has('matchThreshold') || changed.has('partialThreshold')) {
      for (const p of normaliseThresholds(this.matchThreshold, this.partialThreshold).problems)
        console.warn(`[idmobile-check] ${p}`);
    }
  }

  protected override updated(): void {
    this.setAttribute('state', this.phase.state);
    this.syncForm();
    const target = this.focusAfterRender;
    this.focusAfterRender = null;
    if (target === 'first-invalid') this.focus();
    else if (target === 'result') this.renderRoot.querySelector<HTMLElement>('[part="result"]')?.focus();
    else if (target === 'continue') this.renderRoot.querySelector<HTMLElement>('[part="continue"]')?.focus();
    else if (target === 'error') {
      // keep the keyboard where the shopper can act: the retry button, or the phone field for a phone error
      const retry = this.renderRoot.querySelector<HTMLElement>('[part="retry"]');
      if (retry) retry.focus();
      else if (this.phase.state === 'error' && isPhoneError(this.phase.error.id)) this.inputEl('phone')?.focus();
    }
  }

  // ---- configuration, parsed -------------------------------------------------------------------------

  private get shownFields(): IdentityField[] {
    return parseFieldList(this.fields, IDENTITY_FIELDS).fields;
  }

  /** Required leaves among those shown. */
  private get requiredPaths(): FieldPath[] {
    const shown = new Set(expandFields(this.shownFields));
    return expandFields(parseFieldList(this.required, DEFAULT_REQUIRED).fields).filter((p) => shown.has(p));
  }

  private isRequired(name: InputName): boolean {
    return name === 'phone' || this.requiredPaths.includes(name);
  }

  private get thresholds(): Thresholds {
    return normaliseThresholds(this.matchThreshold, this.partialThreshold).thresholds;
  }

  private get phoneCountry(): string {
    return (this.country || 'FR').toUpperCase();
  }

  private warnUnknown(attr: string, value: string) {
    const { unknown } = parseFieldList(value, []);
    if (unknown.length) console.warn(`[idmobile-check] ${attr}: unknown field(s) ignored: ${unknown.join(', ')}`);
  }

  // ---- the flows -----------------------------------------------------------------------------------------

  private startMatch(): void {
    if (this.check.busy) return;
    const fields = this.shownFields;
    const problems = validateAll(this.values, fields, this.requiredPaths, this.phoneCountry);
    inputsFor(fields).forEach((n) => this.touched.add(n));
    this.problems = problems;
    if (problems.size > 0) {
      this.focusAfterRender = 'first-invalid';
      return;
    }
    if (!this.relayUrl) {
      // `config`: an integration error, logged by showError with this explanation for the developer
      this.showError({
        kind: 'error',
        id: 'config',
        errorType: 'the relay-url attribute is required: set it to your relay’s base URL',
      });
      return;
    }
    const request = buildMatchRequest(this.values, fields, this.phoneCountry, buildReturnUrl(window.location.href));
    const checked = this.validRequest(MatchRequest, { ...request, ...this.sessionField });
    if (!checked) return;
    if (!emit(this, 'idmobile-submit', { request: checked }, true)) return;
    this.run({ kind: 'match', request: checked });
  }

  /** `{session}` when one is set. */
  private get sessionField(): { session?: string } {
    return this.session ? { session: this.session } : {};
  }

  /**
   * The body if the relay would accept it; else an `R400` shown (an integration error, e.g. a malformed
   * `session`) and nothing sent. The form's own checks make this unreachable for the shopper's input.
   */
  private validRequest<T>(schema: { safeParse(v: unknown): ParseResult<T> }, body: unknown): T | null {
    const checked = schema.safeParse(body);
    if (checked.success) return checked.data;
    this.showError({
      kind: 'error',
      id: 'R400',
      errorType: `request refused before sending: ${describeIssue(checked.error)}`,
    });
    return null;
  }

  /** Runs one operation; its answer is shown unless a newer operation or a reset overtook it. */
  private run(op: Operation): void {
    this.phase = { state: 'submitting' };
    this.check.run(op).then(
      (answer) => {
        if (answer) this.handleAnswer(answer);
      },
      (e: unknown) => {
        // not an abort: a bug. Never leave the shopper in "submitting"; let the page's error reporting see it.
        this.showError({ kind: 'error', id: 'bad_response', errorType: 'internal error' });
        reportError(e);
      },
    );
  }

  private handleAnswer(answer: Answer): void {
    switch (answer.kind) {
      case 'scores': {
        if (answer.invalid.length)
          console.warn(`[idmobile-check] not a score, shown as not verified: ${answer.invalid.join(', ')}`);
        const bands = withholdBands(bandsOf(answer.scores, this.thresholds), answer.withheld);
        const detail: ResultDetail = {
          scores: answer.scores,
          bands,
          // the relay's verdict is the one its attestation carries; ours is only for relays that send none
          verdict: answer.verdict ?? verdictOf(bands, this.requiredPaths),
          attestation: answer.attestation,
        };
        this.phase = { state: 'result', detail };
        this.focusAfterRender = 'result';
        emit(this, 'idmobile-result', detail);
        return;
      }
      case 'consent': {
        const origins = parseOriginList(this.operatorOrigins);
        if (origins.invalid.length)
          console.warn(`[idmobile-check] operator-origins: not origins, ignored: ${origins.invalid.join(' ')}`);
        const safe = checkConsentUrl(answer.url, origins.origins);
        if (!safe.ok) {
          console.error(`[idmobile-check] consent URL refused: ${safe.reason}`);
          this.showError({ kind: 'error', id: 'consent_url', errorType: safe.reason });
          return;
        }
        const cancelled = !emit(this, 'idmobile-consent', { operator: answer.operator, url: safe.href }, true);
        this.phase = { state: 'consent', operator: answer.operator, url: safe.href, cancelled };
        if (!cancelled && this.consent === 'auto') this.navigate(safe.href);
        else if (!cancelled) this.focusAfterRender = 'continue';
        return;
      }
      case 'pending':
        this.showError({ kind: 'error', id: 'bad_response', errorType: 'pending answer to a match request' });
        return;
      case 'error':
        this.showError(answer);
    }
  }

  private showError(answer: Extract<Answer, { kind: 'error' }>): void {
    const id = answer.id;
    const retryable = isRetryable(id) && this.check.lastOperation !== null;
    const message = this.m[errorMessageKey(id)];
    if (isIntegrationError(id)) {
      console.error(
        `[idmobile-check] integration error ${id} (${answer.errorType}): check the relay’s configuration and logs.`,
      );
    }
    const error: ErrorDetail = { id, errorType: answer.errorType, message, retryable };
    this.phase = { state: 'error', error };
    this.focusAfterRender = 'error';
    emit(this, 'idmobile-error', error);
  }

  /** Back from the operator's consent page: fetch the result, and clean the address bar in every case. */
  private resumeAfterConsent(): void {
    const params = readReturnParams(window.location.href);
    if (!params) return;
    history.replaceState(history.state, '', stripReturnParams(window.location.href));
    if (params.kind === 'refused')
      this.showError({ kind: 'error', id: 'consent_refused', errorType: 'the shopper refused consent' });
    else if (params.kind === 'invalid')
      this.showError({ kind: 'error', id: 'bad_response', errorType: 'return from consent without token' });
    else if (!this.relayUrl)
      this.showError({
        kind: 'error',
        id: 'config',
        errorType: 'back from consent, but the relay-url attribute is not set',
      });
    else {
      const { token, state } = params;
      const request = this.validRequest(ResultRequest, { token, ...(state ? { state } : {}), ...this.sessionField });
      if (request) this.run({ kind: 'result', request });
    }
  }

  private retry = () => {
    const op = this.check.lastOperation;
    if (op && !this.check.busy) this.run(op);
  };

  // ---- form association ------------------------------------------------------------------------------

  private syncForm() {
    const result = this.result;
    const data = new FormData();
    if (result) data.append(this.name || 'idmobile', result.attestation ?? '');
    this.internals.setFormValue(result ? data : null);
    if (result) this.internals.setValidity({});
    else this.internals.setValidity({ customError: true }, this.m.formIncomplete, this.inputEl('phone') ?? undefined);
  }

  // ---- inputs ------------------------------------------------------------------------------------------

  private inputEl(name: InputName): HTMLInputElement | HTMLSelectElement | null {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);
  }

  private onInput = (e: Event) => {
    const target = e.target as HTMLInputElement | HTMLSelectElement;
    const name = target.name as InputName;
    // a `change` fired by focus leaving an unedited field is no edit: the outcome still holds
    if (target.value === this.values[name]) return;
    this.values = { ...this.values, [name]: target.value };
    if (this.phase.state === 'result' || this.phase.state === 'consent') {
      // the outcome was about the details as they were: it no longer holds (and the form must not submit it)
      this.check.forget();
      this.phase = { state: 'idle' };
    }
    if (this.touched.has(name) || this.problems.has(name)) this.revalidate(name);
    if (name === 'phone' && this.phase.state === 'error' && isPhoneError(this.phase.error.id))
      this.phase = { state: 'idle' };
  };

  private onBlur = (e: Event) => {
    const name = (e.target as HTMLInputElement).name as InputName;
    if (this.values[name] === '' && !this.touched.has(name)) return; // don't scold a field just tabbed through
    this.touched.add(name);
    this.revalidate(name);
  };

  private revalidate(name: InputName) {
    const problem = validateInput(name, this.values[name], this.isRequired(name), this.phoneCountry);
    const next = new Map(this.problems);
    if (problem) next.set(name, problem);
    else next.delete(name);
    this.problems = next;
  }

  private onSubmit = (e: Event) => {
    e.preventDefault();
    this.submit();
  };

  // ---- rendering ---------------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const m = this.m;
    const busy = this.phase.state === 'submitting';
    const inputs = expandFields(this.shownFields);
    const top = inputs.filter((p) => !p.startsWith('address.'));
    const address = inputs.filter((p) => p.startsWith('address.'));
    const last = inputs[inputs.length - 1] ?? 'phone';
    return html`<form part="form" novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${this.onSubmit}>
      ${this.renderInput('phone', last)}
      <div class="grid">${top.map((p) => this.renderInput(p, last))}</div>
      ${
        address.length
          ? html`<fieldset>
              <legend>${m.address}</legend>
              <div class="grid">${address.map((p) => this.renderInput(p, last))}</div>
            </fieldset>`
          : nothing
      }
      <div class="actions">
        <button type="submit" part="submit" ?disabled=${busy || this.formDisabled}>
          <span class="stack"
            ><span ?hidden=${busy}>${m.submit}</span
            ><span ?hidden=${!busy}><span class="spinner" aria-hidden="true"></span>${m.submitting}</span></span
          >
        </button>
      </div>
      <p class="status ${this.phase.state === 'result' ? 'announce-only' : ''}" role="status">
        ${busy ? m.checking : this.phase.state === 'result' ? m[`verdict_${this.phase.detail.verdict}`] : ''}
      </p>
      ${this.renderOutcome()}
    </form>`;
  }

  private renderOutcome(): TemplateResult | typeof nothing {
    const m = this.m;
    const p = this.phase;
    if (p.state === 'result') {
      const shown = expandFields(this.shownFields);
      return html`<section part="result" tabindex="-1" aria-label=${m.resultTitle}>
        <p part="verdict" data-verdict=${p.detail.verdict}>${m[`verdict_${p.detail.verdict}`]}</p>
        <div class="gauges">${shown.map((path) => this.renderGauge(path, p.detail))}</div>
      </section>`;
    }
    if (p.state === 'consent') {
      const op = { operator: p.operator };
      return html`<div part="consent" data-operator=${p.operator}>
        <p class="title">${format(m.consentTitle, op)}</p>
        <p>${format(m.consentText, op)}</p>
        ${
          this.consent === 'button' && !p.cancelled
            ? html`<div class="actions">
                <button type="button" part="continue" @click=${() => this.navigate(p.url)}>
                  ${format(m.continue, op)}
                </button>
              </div>`
            : nothing
        }
      </div>`;
    }
    if (p.state === 'error') {
      return html`<div role="alert" part="error" data-error-id=${p.error.id}>
        <p>${p.error.message}</p>
        ${
          p.error.retryable
            ? html`<div class="actions">
                <button type="button" part="retry" @click=${this.retry}>${m.retry}</button>
              </div>`
            : nothing
        }
      </div>`;
    }
    return nothing;
  }

  private renderGauge(path: FieldPath, detail: ResultDetail) {
    const score = scoreAt(detail.scores, path);
    const band = bandAtPath(detail.bands, path); // the bands the result event carried
    const label = this.m[labelKey(path)];
    const bandText = this.m[`band_${band}`];
    const meter = band !== 'unverified' && band !== 'withheld' && score !== null;
    const exact = EXACT_PATHS.includes(path);
    const percent = Math.round((score ?? 0) * 100);
    // French typography: a narrow no-break space before `%` (some ICU data still gives a wide one)
    const percentText = this.percent.format(percent / 100).replace('\u00a0', '\u202f');
    return html`<idmobile-gauge
      part="gauge"
      data-field=${path}
      data-band=${band}
      role=${meter ? 'meter' : nothing}
      aria-label=${meter ? label : nothing}
      aria-valuemin=${meter ? '0' : nothing}
      aria-valuemax=${meter ? '100' : nothing}
      aria-valuenow=${meter ? String(percent) : nothing}
      aria-valuetext=${meter ? (exact ? bandText : `${percentText}, ${bandText}`) : nothing}
      ?exact=${exact}
      .label=${label}
      .score=${score}
      .band=${band}
      .bandText=${bandText}
      .percentText=${percentText}
    ></idmobile-gauge>`;
  }

  private renderInput(name: InputName, last: InputName): TemplateResult {
    const m = this.m;
    const d = INPUTS[name];
    const id = idFor(name);
    const problem = this.problems.get(name);
    const serverPhone =
      name === 'phone' && this.phase.state === 'error' ? PHONE_ERROR_KEY[this.phase.error.id] : undefined;
    const message = problem ? m[problem] : serverPhone ? m[serverPhone] : '';
    const invalid = message !== '';
    const required = this.isRequired(name);
    const describedBy = [name === 'phone' ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
    // inputs stay enabled while a check is in flight: disabling them would drop the keyboard user's focus
    const control = d.choices
      ? html`<select
          id=${id}
          name=${name}
          autocomplete=${d.autocomplete}
          aria-required=${required ? 'true' : 'false'}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          ?disabled=${this.formDisabled}
          @change=${this.onInput}
          @blur=${this.onBlur}
        >
          ${d.choices(m).map((o) => html`<option value=${o.code} .selected=${this.values[name] === o.code}>${o.label}</option>`)}
        </select>`
      : html`<input
          id=${id}
          name=${name}
          type=${d.type ?? 'text'}
          autocomplete=${d.autocomplete}
          inputmode=${d.inputmode?.(this.values) ?? nothing}
          enterkeyhint=${name === last ? 'send' : 'next'}
          aria-required=${required ? 'true' : 'false'}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          ?disabled=${this.formDisabled}
          autocapitalize=${d.type === 'email' || d.type === 'tel' ? 'off' : nothing}
          spellcheck="false"
          max=${d.type === 'date' ? new Date().toISOString().slice(0, 10) : nothing}
          min=${d.type === 'date' ? '1900-01-01' : nothing}
          .value=${live(this.values[name])}
          @input=${this.onInput}
          @change=${this.onInput}
          @blur=${this.onBlur}
        />`;
    return html`<div class="field ${d.wide ? 'wide' : ''}">
      <label for=${id}
        >${m[labelKey(name)]}${required ? nothing : html` <span class="optional">(${m.optional})</span>`}</label
      >
      ${control} ${name === 'phone' ? html`<p class="hint" id="${id}-hint">${m.phoneHint}</p>` : nothing}
      <p class="field-error" part="field-error" id="${id}-error">${message}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'idmobile-check': IdmobileCheck;
    'idmobile-gauge': IdmobileGauge;
  }
}
