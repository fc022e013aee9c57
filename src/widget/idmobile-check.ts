import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { Answer } from '../protocol/answer.js';
import { isDeadEnd, isIntegrationError, isPhoneError, isRetryable } from '../protocol/errors.js';
import {
  DEFAULT_REQUIRED,
  EXACT_PATHS,
  IDENTITY_FIELDS,
  expandFields,
  parseFieldList,
  type FieldPath,
  type IdentityField,
} from '../protocol/fields.js';
import { isOpaqueToken } from '../protocol/limits.js';
import type { Identity } from '../protocol/schemas.js';
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
import { checkConsentUrl, parseOriginList } from '../protocol/consent-url.js';
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
import {
  catalogue,
  countryOptions,
  errorMessageKey,
  format,
  resolveLang,
  type Lang,
  type MessageKey,
  type Messages,
} from './i18n.js';
import { LangController } from './lang-controller.js';
import type { IdmobileGauge } from './idmobile-gauge.js';
import { styles } from './idmobile-check.styles.js';
import { DEFAULT_TIMEOUT_MS } from './relay-client.js';
import { buildReturnUrl, readReturnParams, stripReturnParams } from './return-url.js';
import { BIRTHDATE_MIN } from '../protocol/limits.js';

/** What the widget shows: the host's `state` attribute reflects `state`. The one source of truth for the outcome. */
type Phase =
  | { state: 'idle' }
  /** `retrying`: the error whose retry runs (its panel and retry control stay, so focus stays on the control). */
  | { state: 'submitting'; retrying?: ErrorDetail }
  | { state: 'result'; detail: ResultDetail }
  | { state: 'consent'; operator: string; url: string; cancelled: boolean }
  | { state: 'error'; error: ErrorDetail };

/** An input's label is the message named after its field (`address.locality` -> `locality`). */
const labelKey = (name: InputName) => name.replace('address.', '') as MessageKey;
/** The outcome panel's id (prefixed: test tools that pierce shadow roots must not confuse it with the page's). */
const OUTCOME_ID = 'idmobile-outcome';
const idFor = (name: InputName) => `f-${name.replace('.', '-')}`;

/**
 * Identity check for checkout pages: the shopper's phone number and identity are compared by their mobile
 * operator (DQE IDMobile, Matching without OTP) through the merchant's relay; one gauge per checked field shows
 * how well each matches. Form-associated: inside a `<form>` it submits the relay's attestation under `name`.
 * The host's `state` attribute reflects what it is doing: `idle | submitting | result | consent | error`.
 * Fields the page prefilled and that are not `editable` are shown in a read-only summary with an edit button.
 * Editing a field after a result (or a consent notice) clears it: the state goes back to `idle` and the form is
 * invalid again; the inputs' `input` events reach the page (composed), retargeted to the host.
 *
 * @tag idmobile-check
 * @attr lang - `fr` or `en`; else the closest ancestor's `lang` (crossing shadow roots), else `<html lang>`; followed live
 *
 * @fires idmobile-submit - cancelable; `{request}` about to be sent. Cancel it and nothing is sent.
 * @fires idmobile-result - `{scores, bands, verdict, attestation}` once the operator has answered.
 * @fires idmobile-consent - cancelable; `{operator, url}` when the operator needs the shopper's consent. Cancel it to navigate yourself.
 * @fires idmobile-error - `{id, errorType, message, retryable}`.
 *
 * @slot privacy - after the line saying why the shop asks (e.g. a link to your privacy policy)
 * @slot fallback - offered with the next steps when the check cannot succeed with this number (e.g. "continue, we will review your order")
 *
 * @csspart form - the inner form
 * @csspart intro - the line saying why the shop asks and that nothing is stored
 * @csspart summary - the read-only summary of the prefilled fields that are not editable
 * @csspart edit - the button that turns the summary into inputs (also a next step)
 * @csspart submit - the submit button
 * @csspart field-error - a field's validation message
 * @csspart result - the result panel (verdict and gauges)
 * @csspart verdict - the overall verdict line (`data-verdict`)
 * @csspart gauge - one checked field's gauge (`data-field`, `data-band`)
 * @csspart withheld-note - says why some results are not shown (the relay withheld them: the names did not match)
 * @csspart error - the error message (`data-error-id`)
 * @csspart retry - the retry button of a retryable error
 * @csspart next - the next steps after a rejection or an error that ends the check for this number
 * @csspart other-number - the next step that starts again with another phone number
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
 * @cssprop --idmobile-unverified - gauge colour of a field not compared or withheld
 * @cssprop --idmobile-track - gauge track colour
 */
export class IdmobileCheck extends LitElement {
  static override styles = styles;
  static formAssociated = true;

  /** Base URL of the merchant's relay (required); `/match` and `/result` are joined to it. */
  @property({ attribute: 'relay-url' }) relayUrl = '';
  /** Identity fields CHECKED (sent to the operator), space-separated: `gender given_name family_name birthdate email address`. */
  @property() fields: string | null = null;
  /**
   * Fields the shopper sees as inputs (the names of `fields`, plus `phone`), or `all`. Default: every checked
   * field the page did not prefill, and the phone. A prefilled checked field that is not editable is shown in
   * the read-only summary.
   */
  @property() editable: string | null = null;
  /**
   * Inside a `<form>`: submitting that form before a check has completed runs the check instead, and a
   * `verified` outcome then submits the form; any other outcome keeps the shopper on the widget.
   */
  @property({ type: Boolean, attribute: 'submit-with-form' }) submitWithForm = false;
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
  /** Summary fields the shopper chose to edit (the edit button, or "use another number" for the phone). */
  @state() private unlocked = new Set<InputName>();

  private internals: ElementInternals;
  private check = new CheckController(this, () => ({
    relayUrl: this.relayUrl,
    timeoutMs: this.timeout,
    poll: this.pollSchedule,
  }));
  /** Follows `lang` changes on the host, its ancestors and `<html>`: each one re-renders. */
  private langWatch = new LangController(this);
  private defaults: Values = emptyValues();
  private touched = new Set<InputName>();
  private focusAfterRender: 'first-invalid' | 'result' | 'continue' | 'error' | InputName | null = null;
  /** Back from consent: the outcome is scrolled into view when it arrives. */
  private scrollToOutcome = false;
  /** `submit-with-form`: the page's form submission that the running check stands in for. */
  private formSubmission: { form: HTMLFormElement; submitter: HTMLElement | null } | null = null;
  private submitFormAfterRender = false;
  private listenedForm: HTMLFormElement | null = null;
  private m: Messages = catalogue('en');
  private language: Lang = 'en';
  /** Percentages in the shopper's language (`89 %` in French, `89%` in English). */
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
    this.formSubmission = null;
    this.values = { ...this.defaults };
    this.problems = new Map();
    this.touched.clear();
    this.unlocked = new Set();
    this.phase = { state: 'idle' };
  }

  /** Focuses the first invalid input, else the phone input (else the first control). */
  override focus(options?: FocusOptions): void {
    const first = [...this.problems.keys()][0] ?? 'phone';
    (this.inputEl(first) ?? this.renderRoot.querySelector<HTMLElement>('input, select, button'))?.focus(options);
  }

  /** The form this element belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  /** Validity for the page's form: invalid until a check has completed (with `submit-with-form`: see there). */
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
  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.listenedForm?.removeEventListener('submit', this.onFormSubmit, true);
    this.listenedForm = form;
    form?.addEventListener('submit', this.onFormSubmit, true);
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
    // after the first update rather than on connect: properties set right after creation are in place, and
    // the outcome it shows gets its own update (and its focus)
    void this.updateComplete.then(() => this.resumeAfterConsent());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the check controller aborts what is in flight
    if (this.phase.state === 'submitting') this.phase = { state: 'idle' };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const lang = resolveLang(this);
    this.m = catalogue(lang, this.messages);
    if (lang !== this.language) {
      this.language = lang;
      this.percent = new Intl.NumberFormat(lang, { style: 'percent' });
    }
    if (changed.has('fields') && this.fields !== null) this.warnUnknown('fields', this.fields);
    if (changed.has('editable') && this.editable !== null)
      this.warnUnknown('editable', this.editable.replace(/\b(phone|all)\b/g, ''));
    if (changed.has('required') && this.required !== null) this.warnUnknown('required', this.required);
    if (changed.has('matchThreshold') || changed.has('partialThreshold')) {
      for (const p of normaliseThresholds(this.matchThreshold, this.partialThreshold).problems)
        console.warn(`[idmobile-check] ${p}`);
    }
  }

  protected override updated(): void {
    this.setAttribute('state', this.phase.state);
    this.syncForm();
    if (this.submitFormAfterRender) {
      this.submitFormAfterRender = false;
      const pending = this.formSubmission;
      this.formSubmission = null;
      // the page's own submission, resumed now that the form carries the attestation
      if (pending && pending.form === this.form) {
        const submitter = pending.submitter as HTMLButtonElement | null;
        pending.form.requestSubmit(submitter?.form === pending.form ? submitter : null);
      }
    }
    const target = this.focusAfterRender;
    this.focusAfterRender = null;
    if (!target) return;
    const part = (name: string) => this.renderRoot.querySelector<HTMLElement>(`[part="${name}"]`);
    let el: HTMLElement | null;
    if (target === 'first-invalid') {
      this.focus();
      return;
    } else if (target === 'result' || target === 'continue') el = part(target);
    else if (target === 'error')
      el = part('retry') ?? part('error'); // where the shopper can act, else the message
    else el = this.inputEl(target);
    if (this.scrollToOutcome && (target === 'result' || target === 'error')) {
      this.scrollToOutcome = false;
      el?.scrollIntoView({ block: 'center' });
      el?.focus({ preventScroll: true });
    } else el?.focus();
  }

  // ---- configuration, parsed -------------------------------------------------------------------------

  /** The checked fields. */
  private get checkedFields(): IdentityField[] {
    return parseFieldList(this.fields, IDENTITY_FIELDS).fields;
  }

  /** The checked leaves, with the phone first. */
  private get checkedInputs(): InputName[] {
    return inputsFor(this.checkedFields);
  }

  /** Whether a checked input is shown as an input (else it is in the summary). */
  private isInput(name: InputName): boolean {
    // nothing to summarise, or the shopper asked to edit it
    if (this.defaults[name] === '' || this.unlocked.has(name)) return true;
    if (this.editable === null) return name === 'phone';
    const list = this.editable.split(/[\s,]+/);
    return list.includes('all') || list.includes(name) || list.includes(name.replace(/\..*/, ''));
  }

  /** Required leaves among those checked. */
  private get requiredPaths(): FieldPath[] {
    const checked = new Set(expandFields(this.checkedFields));
    return expandFields(parseFieldList(this.required, DEFAULT_REQUIRED).fields).filter((p) => checked.has(p));
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

  /** Starts a check; false when none started (in flight already, invalid input, misconfigured, cancelled). */
  private startMatch(): boolean {
    if (this.check.busy) return false;
    const fields = this.checkedFields;
    const problems = validateAll(this.values, fields, this.requiredPaths, this.phoneCountry);
    this.checkedInputs.forEach((n) => this.touched.add(n));
    this.problems = problems;
    if (problems.size > 0) {
      // a prefilled field in the summary that is not valid: shown as an input, with its message
      this.unlock(problems.keys());
      this.focusAfterRender = 'first-invalid';
      return false;
    }
    if (!this.relayUrl) {
      // `config`: an integration error, logged by showError with this explanation for the developer
      this.showError({
        kind: 'error',
        id: 'config',
        errorType: 'the relay-url attribute is required: set it to your relay’s base URL',
      });
      return false;
    }
    if (!this.sessionOk) return false;
    // the form model only builds what the relay accepts (a property test proves it against MatchRequest)
    const request = {
      ...buildMatchRequest(this.values, fields, this.phoneCountry, buildReturnUrl(window.location.href)),
      ...this.sessionField,
    };
    if (!emit(this, 'idmobile-submit', { request }, true)) return false;
    this.run({ kind: 'match', request });
    return true;
  }

  /** `{session}` when one is set. */
  private get sessionField(): { session?: string } {
    return this.session ? { session: this.session } : {};
  }

  /** A session the relay could accept, or none; else an integration error (`R400`) and nothing sent. */
  private get sessionOk(): boolean {
    if (!this.session || isOpaqueToken(this.session)) return true;
    this.showError({
      kind: 'error',
      id: 'R400',
      errorType: 'request refused before sending: the session attribute must be 1 to 512 printable ASCII characters',
    });
    return false;
  }

  /**
   * Runs one operation; its answer is shown unless a newer operation or a reset overtook it. A retry keeps the
   * error panel (and the focus on its retry control) while it runs.
   */
  private run(op: Operation, retry = false): void {
    const p = this.phase;
    this.phase = retry && p.state === 'error' ? { state: 'submitting', retrying: p.error } : { state: 'submitting' };
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
    const submission = this.formSubmission;
    this.formSubmission = null;
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
        if (submission && detail.verdict === 'verified') {
          // submit-with-form: the page's submission goes on once the form carries the attestation
          this.formSubmission = submission;
          this.submitFormAfterRender = true;
        }
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
    // the operator refused the number: a phone from the summary becomes an input (marked invalid, described by
    // the error panel, its value kept) for the shopper to correct; the focus still goes to the error panel
    if (isPhoneError(id)) this.unlock(['phone']);
    this.phase = { state: 'error', error };
    this.focusAfterRender = 'error';
    emit(this, 'idmobile-error', error);
  }

  /** Back from the operator's consent page: fetch the result, and clean the address bar in every case. */
  private resumeAfterConsent(): void {
    const params = readReturnParams(window.location.href);
    if (!params) return;
    history.replaceState(history.state, '', stripReturnParams(window.location.href));
    // the page reloaded at its top: the outcome, wherever it is, is brought into view
    this.scrollToOutcome = true;
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
      if (this.sessionOk)
        this.run({ kind: 'result', request: { token, ...(state ? { state } : {}), ...this.sessionField } });
    }
  }

  private retry = () => {
    const op = this.check.lastOperation;
    if (op && !this.check.busy) this.run(op, true);
  };

  /** Next step "edit my details": every checked field as an input, the first one to fix focused. */
  private edit = () => {
    const result = this.result;
    this.unlock(this.checkedInputs);
    const mismatch =
      result && this.checkedInputs.find((n) => n !== 'phone' && bandAtPath(result.bands, n) === 'mismatch');
    this.focusAfterRender = mismatch || this.checkedInputs.find((n) => n !== 'phone') || 'phone';
  };

  /** Next step "use another number": the outcome no longer holds; an empty phone input, focused. */
  private otherNumber = () => {
    this.check.forget();
    this.unlock(['phone']);
    this.values = { ...this.values, phone: '' };
    this.problems = new Map();
    this.phase = { state: 'idle' };
    this.focusAfterRender = 'phone';
  };

  /**
   * Shows summary fields as inputs until the next reset: the edit button, "use another number", a prefilled
   * value that is not valid, and an operator's error about the phone all go through here.
   */
  private unlock(names: Iterable<InputName>): void {
    this.unlocked = new Set([...this.unlocked, ...names]);
  }

  /** `submit-with-form`: the page's form is submitted before a check has completed: run the check instead. */
  private onFormSubmit = (e: SubmitEvent) => {
    if (!this.submitWithForm || this.result || !this.form) return;
    e.preventDefault();
    e.stopImmediatePropagation(); // the page's own submit handlers wait for the verified outcome
    const submission = { form: this.form, submitter: e.submitter };
    if (this.check.busy || this.startMatch()) this.formSubmission = submission;
  };

  // ---- form association ------------------------------------------------------------------------------

  private syncForm() {
    const result = this.result;
    const data = new FormData();
    if (result) data.append(this.name || 'idmobile', result.attestation ?? '');
    this.internals.setFormValue(result ? data : null);
    // with submit-with-form the page's submission is what starts the check: the browser must let it through
    if (result || this.submitWithForm) this.internals.setValidity({});
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
    const p = this.phase;
    const busy = p.state === 'submitting';
    const checked = this.checkedInputs;
    const inputs = checked.filter((n) => this.isInput(n));
    const summary = checked.filter((n) => !this.isInput(n));
    const top = inputs.filter((n) => n !== 'phone' && !n.startsWith('address.'));
    const address = inputs.filter((n) => n.startsWith('address.'));
    const last = inputs[inputs.length - 1] ?? 'phone';
    return html`<form part="form" novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${this.onSubmit}>
        <p part="intro" class="intro">${m.intro} <slot name="privacy"></slot></p>
        ${summary.length ? this.renderSummary(summary) : nothing}
        ${inputs.includes('phone') ? this.renderInput('phone', last) : nothing}
        ${top.length ? html`<div class="grid">${top.map((n) => this.renderInput(n, last))}</div>` : nothing}
        ${
          address.length
            ? html`<fieldset>
                <legend>${m.address}</legend>
                <div class="grid">${address.map((n) => this.renderInput(n, last))}</div>
              </fieldset>`
            : nothing
        }
        <div class="actions">
          <button type="submit" part="submit" aria-disabled=${busy ? 'true' : 'false'} ?disabled=${this.formDisabled}>
            <span class="stack"
              ><span ?hidden=${busy}>${m.submit}</span
              ><span ?hidden=${!busy}><span class="spinner" aria-hidden="true"></span>${m.submitting}</span></span
            >
          </button>
        </div>
        ${this.renderOutcome()}
      </form>
      <p class="status" role="status">
        ${busy ? m.checking : p.state === 'result' ? m[`verdict_${p.detail.verdict}`] : ''}
      </p>`;
  }

  private renderSummary(names: InputName[]): TemplateResult {
    const m = this.m;
    const v = this.values;
    const text = (n: InputName): string =>
      n === 'gender'
        ? v.gender === 'F'
          ? m.genderF
          : m.genderM
        : n === 'address.country'
          ? (countryOptions(m.countries).find((o) => o.code === v[n])?.label ?? v[n])
          : v[n];
    const address = names.filter((n) => n.startsWith('address.'));
    const rows: Array<[string, string]> = names
      .filter((n) => !n.startsWith('address.'))
      .map((n) => [m[labelKey(n)], text(n)]);
    if (address.length) rows.push([m.address, address.map(text).join(', ')]);
    return html`<div part="summary" class="summary">
      <dl>
        ${rows.map(
          ([label, value]) =>
            html`<div>
              <dt>${label}</dt>
              <dd>${value}</dd>
            </div>`,
        )}
      </dl>
      ${this.nextSteps ? nothing : html`<button type="button" part="edit" @click=${this.edit}>${m.edit}</button>`}
    </div>`;
  }

  /** Whether the outcome ends the check for this number (a rejection, a dead-end error): next steps are offered. */
  private get nextSteps(): boolean {
    const p = this.phase;
    return (p.state === 'result' && p.detail.verdict === 'rejected') || (p.state === 'error' && isDeadEnd(p.error.id));
  }

  private renderNextSteps(guidance: string): TemplateResult {
    const m = this.m;
    return html`<div part="next" class="next">
      ${guidance ? html`<p>${guidance}</p>` : nothing}
      <div class="actions">
        <button type="button" part="edit" @click=${this.edit}>${m.edit}</button>
        <button type="button" part="other-number" @click=${this.otherNumber}>${m.otherNumber}</button>
      </div>
      <slot name="fallback"></slot>
    </div>`;
  }

  private renderOutcome(): TemplateResult | typeof nothing {
    const m = this.m;
    const p = this.phase;
    if (p.state === 'result') {
      const checked = expandFields(this.checkedFields);
      return html`<section part="result" id=${OUTCOME_ID} tabindex="-1" aria-label=${m.resultTitle}>
        <p part="verdict" data-verdict=${p.detail.verdict}>${m[`verdict_${p.detail.verdict}`]}</p>
        <div class="gauges">${checked.map((path) => this.renderGauge(path, p.detail))}</div>
        ${
          checked.some((path) => bandAtPath(p.detail.bands, path) === 'withheld')
            ? html`<p part="withheld-note" class="note">${m.withheldNote}</p>`
            : nothing
        }
        ${this.nextSteps ? this.renderNextSteps(m.nextRejected) : nothing}
      </section>`;
    }
    if (p.state === 'consent') {
      const op = { operator: p.operator };
      return html`<div part="consent" data-operator=${p.operator}>
        <p class="title">${format(m.consentTitle, op)}</p>
        <p id="idmobile-consent-text">${format(m.consentText, op)}</p>
        ${
          this.consent === 'button' && !p.cancelled
            ? html`<div class="actions">
                <button
                  type="button"
                  part="continue"
                  aria-describedby="idmobile-consent-text"
                  @click=${() => this.navigate(p.url)}
                >
                  ${format(m.continue, op)}
                </button>
              </div>`
            : nothing
        }
      </div>`;
    }
    const error = p.state === 'error' ? p.error : p.state === 'submitting' ? p.retrying : undefined;
    if (!error) return nothing;
    // while a retry runs its panel stays, the retry control keeps the focus and says it is busy
    const busy = p.state === 'submitting';
    return html`<div role="alert" part="error" id=${OUTCOME_ID} tabindex="-1" data-error-id=${error.id}>
        <p>${error.message}</p>
        ${
          error.retryable
            ? html`<div class="actions">
                <button type="button" part="retry" aria-disabled=${busy ? 'true' : 'false'} @click=${this.retry}>
                  ${m.retry}
                </button>
              </div>`
            : nothing
        }
      </div>
      ${this.nextSteps ? this.renderNextSteps('') : nothing}`;
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
      .role=${meter ? 'meter' : null}
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
    const message = problem ? format(m[problem], { max: String(d.max) }) : '';
    // an error about the phone from the operator is said once, in the error panel, which the input points to
    const serverPhone = name === 'phone' && this.phase.state === 'error' && isPhoneError(this.phase.error.id);
    const invalid = message !== '' || serverPhone;
    const describedBy = [
      name === 'phone' ? `${id}-hint` : '',
      message ? `${id}-error` : '',
      serverPhone ? OUTCOME_ID : '',
    ]
      .filter(Boolean)
      .join(' ');
    const required = this.isRequired(name);
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
          ${d
            .choices(m)
            .map((o) => html`<option value=${o.code} .selected=${this.values[name] === o.code}>${o.label}</option>`)}
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
          min=${d.type === 'date' ? BIRTHDATE_MIN : nothing}
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
