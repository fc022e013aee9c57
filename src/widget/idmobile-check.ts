import { WIRE_VERSION } from '../protocol/wire.js';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Answer, Decoupled, MatchAnswer } from '../protocol/answer.js';
import { asksIdDocument, isIntegrationError, isPhoneError, isRetryable } from '../protocol/errors.js';
import { bandAtPath, normaliseThresholds } from '../protocol/scores.js';
import { isOpaqueToken } from '../protocol/limits.js';
import { expandFields } from '../protocol/fields.js';
import type { Identity, MatchRequest } from '../protocol/wire-types.js';
import { CheckController, type Operation } from './check-controller.js';
import { ConsentController } from './consent-controller.js';
import { CountdownController, spokenLeft } from './countdown.js';
import { browserEnvironment, type Environment } from './environment.js';
import { emit, type ErrorDetail, type ResetDetail, type ResultDetail } from './events.js';
import { deleteTrip, loadTrip, saveTrip, type Trip } from './trip.js';
import { FieldsController } from './fields-controller.js';
import { FocusController } from './focus-controller.js';
import { FormController } from './form-controller.js';
import { identityFromValues as identityOf, type InputName } from './form-model.js';
import { inputs, submitButton, summary } from './form-templates.js';
import { errorMessageKey, type MessageKey } from './i18n.js';
import { styles } from './idmobile-check.styles.js';
import { LangController } from './lang-controller.js';
import { outcome, status } from './outcome-templates.js';
import { IDLE, offersNextSteps, refusedPhone, resultOf, shownError, type Phase } from './phase.js';
import { DEFAULT_TIMEOUT_MS } from './relay-client.js';
import type { ReturnParams } from './return-url.js';

/** The version of the widget's wire format, sent with every `/match` (a relay answers a body without it R502). */
/** `{session}` when one is set. */
const sessionOf = (session: string | null) => (session ? { session } : {});
/** (v3) Milliseconds of checking after which the shopper is told it still runs. */
const STILL_CHECKING_MS = 5000;
const BAD_SESSION = 'nothing sent: the session attribute must be 1 to 512 printable ASCII characters';
const NO_RELAY = 'nothing sent: the relay-url attribute is required (your relay’s base URL)';

/**
 * Identity check for checkout pages: the shopper's phone number and identity are compared by their mobile
 * operator (DQE IDMobile, Matching without OTP) through the merchant's relay; one gauge per checked field shows
 * how well each matches. Form-associated: inside a `<form>` it submits the relay's attestation under `name`.
 * The host's `state` attribute reflects what it is doing: `idle | submitting | result | consent | waiting | error`
 * (`waiting`: the operator asks the line's subscriber to approve on their phone; `/result` is polled meanwhile).
 * Fields the page prefilled and that are not `editable` are shown in a read-only summary with an edit button.
 * Editing a field after a result (or a consent notice) clears it: the state goes back to `idle` and the form is
 * invalid again; the inputs' `input` events reach the page (composed), retargeted to the host.
 *
 * @tag idmobile-check
 * @attr lang - `fr`, `en`, `de`, `es`, `it` or `nl` (a region is ignored); else the closest ancestor's `lang` (crossing shadow roots), else `<html lang>`; `en` when none of the six; followed live
 *
 * @fires idmobile-submit - cancelable; `{request}` about to be sent. Cancel it and nothing is sent.
 * @fires idmobile-result - `{scores, bands, verdict, attestation}` once the operator has answered.
 * @fires idmobile-consent - cancelable; `{operator, url}` when the operator needs the shopper's consent. Cancel it to navigate yourself.
 * @fires idmobile-error - `{id, errorType, message, retryable}`.
 * @fires idmobile-pending - `{operator, expiresIn}` when the operator asks the subscriber to approve on their phone (state `waiting`).
 * @fires idmobile-restore - `{phone, identity}` when the widget restored what it was checking on a fresh page load (back from the operator's consent page, or a reload while waiting): refill your form from it.
 * @fires idmobile-edit - cancelable; `{field}` when the shopper asks to change one detail (a summary row's `edit-field`, the outcome's control for the field to check, or "Edit my details": the first detail to fix). Cancel it and focus your own field; else the widget shows it (for "Edit my details": every checked field) as an input, focused.
 * @fires idmobile-reset - `{reason}` (`details-changed`, `reset`, `cancelled`, `other-number`) when what was shown or awaited is dropped.
 *
 * @slot privacy - after the line saying why the shop asks (e.g. a link to your privacy policy)
 * @slot fallback - offered with the next steps when the check cannot succeed (e.g. "continue, we will review your order"). Use `<button type="button">` (or a link) and submit from its handler: a submit button here comes before your "Place order" in the form, so it would be the form's default button and Enter in any shop field would send the order to review, unverified.
 *
 * @csspart form - the inner form
 * @csspart intro - the line saying why the shop asks and that nothing is stored
 * @csspart summary - the read-only summary of the prefilled fields that are not editable
 * @csspart edit - the button that turns the summary into inputs (also a next step; with `data-field`, the outcome's control for the field to check)
 * @csspart edit-field - a summary row's "change" control (`data-field`: the field, or `address`): fires `idmobile-edit`
 * @csspart check-field - the line of an inconclusive result that names the field to check
 * @csspart submit - the submit button
 * @csspart field-error - a field's validation message
 * @csspart result - the result panel (verdict and gauges)
 * @csspart verdict - the overall verdict line, an `<h2>` that heading navigation finds (`data-verdict`)
 * @csspart gauge - one checked field's gauge (`data-field`, `data-band`)
 * @csspart withheld-note - says why some results are not shown (the relay withheld them: the names did not match)
 * @csspart error - the error message (`data-error-id`)
 * @csspart retry - the retry button of a retryable error (offered once: a retry that fails again offers the next steps)
 * @csspart consent-again - after a refused consent, the button that asks the operator again (the same details)
 * @csspart next - the next steps (edit, other number, the `fallback` slot) after a rejection, an error that ends the check or repeats whatever the shopper does, or a retry that failed again
 * @csspart other-number - the next step that starts again with another phone number
 * @csspart consent - the operator-consent notice (`data-operator`)
 * @csspart continue - the button that goes to the operator's consent page
 * @csspart waiting - the wait for the subscriber's approval on their phone (`data-operator`)
 * @csspart countdown - how long the subscriber has left to approve
 * @csspart cancel - the button that stops waiting for the approval
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
  // declared here rather than with `@property()`: the decorator helpers cost 0.4 KB gzip in the IIFE (size budget);
  // a getter, the form lit-analyzer reads (it does not see a static field)
  static override get properties() {
    return {
      relayUrl: { attribute: 'relay-url' },
      fields: {},
      editable: {},
      submitWithForm: { type: Boolean, attribute: 'submit-with-form' },
      required: {},
      country: {},
      matchThreshold: { attribute: 'match-threshold' },
      partialThreshold: { attribute: 'partial-threshold' },
      consent: {},
      operatorOrigins: { attribute: 'operator-origins' },
      name: {},
      session: {},
      timeout: { type: Number },
      messages: { attribute: false },
    };
  }

  /** Base URL of the merchant's relay (required); `/match` and `/result` are joined to it. */
  relayUrl = '';
  /** Identity fields CHECKED (sent to the operator), space-separated: `gender given_name family_name birthdate email address`. */
  fields: string | null = null;
  /**
   * Fields the shopper sees as inputs (the names of `fields`, plus `phone`), or `all`. Default: every checked
   * field the page did not prefill, and the phone. A prefilled checked field that is not editable is shown in
   * the read-only summary.
   */
  editable: string | null = null;
  /**
   * Inside a `<form>`: submitting that form before a check has completed runs the check instead, and a
   * `verified` outcome then submits the form; any other outcome keeps the shopper on the widget.
   */
  submitWithForm = false;
  /** Fields that must be filled (`address` means its four parts); the phone is always required. */
  required: string | null = null;
  /** Default country of phone numbers (ISO-2). */
  country = 'FR';
  /** Score bands, compared on the raw score. */
  matchThreshold: string | number | null = null;
  partialThreshold: string | number | null = null;
  /** `button`: show the operator notice with a continue button; `auto`: go to the operator at once. */
  consent: 'button' | 'auto' = 'button';
  /** Origins the consent redirect may go to (space-separated); empty: any origin the safety rules allow. */
  operatorOrigins = '';
  /** Form field name of the attestation. */
  name = 'idmobile';
  /**
   * The check session your server created for this order (`POST /sessions` on the relay), sent with every
   * `/match` and `/result`; absent: no session (test mode, or a relay that does not require one).
   */
  session: string | null = null;
  /** Milliseconds to wait for the relay before the `timeout` error. */
  timeout = DEFAULT_TIMEOUT_MS;
  /** Partial overrides of the shopper-facing strings of the current language. */
  messages: Partial<Record<MessageKey, string>> | null = null;

  /** @internal the page's I/O (address, navigation, clock, polling, console): the browser's, but what is set here. */
  environment: Partial<Environment> = {};

  /** What is on show: internal reactive state, changed by {@link #enter} only. */
  #phase: Phase = IDLE;
  #enter(value: Phase): void {
    this.#phase = value;
    this.#slow?.abort(); // "still checking" belongs to the phase it was started in
    this.requestUpdate();
  }

  /** Retryable errors in a row (the shopper's retry of one that fails again offers the next steps instead). */
  #failures = 0;
  /** (v3) The wait of a check for `STILL_CHECKING_MS` (then `slow`: the shopper is told it still runs). */
  #slow: AbortController | null = null;

  #internals = this.attachInternals();
  #check = new CheckController(this, () => ({ ...this.#env, relayUrl: this.relayUrl, timeoutMs: this.timeout }));
  #language = new LangController(this, () => this.messages);
  // the element's attributes shape the details; an edit makes the outcome stale
  #details = new FieldsController(
    this,
    () => this,
    (name) => this.#edited(name),
  );
  #formControl = new FormController(this, this.#internals, {
    invalid: () => ({ message: this.#language.messages.formIncomplete, anchor: this.#focusing.input('phone', false) }),
    busy: () => this.#check.busy,
    start: () => this.#startMatch(),
  });
  #consentTrip = new ConsentController(
    this,
    () => this.#env,
    (params) => this.#returned(params),
    () => this.#saveTrip(),
  );
  #focusing = new FocusController(this);
  #countdown = new CountdownController(this, () => this.#env.clock);

  /** The phone number (prefill). */
  get phone(): string {
    return this.#details.values.phone;
  }
  set phone(value: string) {
    if (this.#details.prefillPhone(typeof value === 'string' ? value : '')) this.#staled();
  }

  /** The identity, in the request's `identity` shape (prefill). */
  get identity(): Identity {
    return identityOf(this.#details.values);
  }
  set identity(value: Identity) {
    if (this.#details.prefillIdentity(value)) this.#staled();
  }

  /** The outcome on show: `{scores, bands, verdict, attestation}`, or `null` when none (or an error) is shown. */
  get result(): ResultDetail | null {
    return this.#phase.state === 'result' ? this.#phase.detail : null;
  }

  /** Checks the phone and identity with the operator. Does nothing while a check is in flight. */
  submit(): void {
    this.#startMatch();
  }

  /** Stops any check in flight and clears the outcome; inputs go back to their prefilled values. */
  reset(): void {
    this.#abandon('reset');
    this.#details.reset();
  }

  /** Focuses the first invalid input, else the phone input (else the first control). */
  override focus(options?: FocusOptions): void {
    this.#focusing.input(this.#details.firstInvalid)?.focus(options);
  }

  /** The form this element belongs to, if any. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  /** Validity for the page's form: invalid until a check has completed (with `submit-with-form`: see there). */
  get validity(): ValidityState {
    return this.#internals.validity;
  }

  /** Why the element is invalid, in the shopper's language ("" when valid). */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** @internal */
  formAssociatedCallback(owner: HTMLFormElement | null): void {
    this.#formControl.associate(owner);
  }

  /** @internal */
  formResetCallback(): void {
    this.reset();
  }

  /** @internal */
  formDisabledCallback(disabled: boolean): void {
    this.#formControl.setDisabled(disabled);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the check controller aborts what is in flight, the countdown stops
    if (this.#phase.state === 'submitting' || this.#phase.state === 'waiting') this.#enter(IDLE);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.setAttribute('state', this.#phase.state);
    this.#countdown.follow(this.#phase.state === 'waiting' ? this.#phase.until : null);
    const warn = (problem: string) => this.#env.console.warn(`[idmobile-check] ${problem}`);
    this.#details.unknownNames(changed).forEach(warn);
    if (changed.has('matchThreshold') || changed.has('partialThreshold'))
      normaliseThresholds(this.matchThreshold, this.partialThreshold).problems.forEach(warn);
  }

  get #env(): Environment {
    return { ...browserEnvironment, ...this.environment };
  }

  /** Starts a check; false when none started (in flight already, invalid input, misconfigured, cancelled). */
  #startMatch(): boolean {
    if (this.#phase.state === 'waiting' || this.#continueUrl()) {
      this.#focusing.toPart(['cancel', 'continue']); // the one action of the wait, or of the notice
      this.requestUpdate();
      return false;
    }
    if (this.#check.busy) return false;
    if (!this.#details.validate()) {
      this.#focusing.toInput(this.#details.firstInvalid);
      return false;
    }
    if (!this.#canSend()) return false;
    const request = this.#matchRequest();
    if (!emit(this, 'idmobile-submit', { request }, true)) return false;
    this.#run({ kind: 'match', request });
    return true;
  }

  /** The consent page the notice's continue control goes to; null when none is shown (cancelled, `auto`). */
  #continueUrl(): string | null {
    const p = this.#phase;
    return p.state === 'consent' && !p.cancelled && this.consent === 'button' ? p.url : null;
  }

  /** The `/match` body of the (valid) values. */
  #matchRequest() {
    return { ...this.#details.request(this.#consentTrip.returnUrl()), ...sessionOf(this.session), v: WIRE_VERSION };
  }

  /** Whether a request can be sent: a `relay-url` (else `config`), a valid session or none (else `R400`). */
  #canSend(): boolean {
    if (!this.relayUrl) this.#showError('config', NO_RELAY);
    else if (this.session && !isOpaqueToken(this.session)) this.#showError('R400', BAD_SESSION);
    else return true;
    return false;
  }

  /**
   * Runs one operation and shows its answer, unless overtaken; a retry keeps its error panel while it runs.
   * Waiting for the subscriber's approval is its own state; a submission of the page's form stays held across it.
   */
  #run(op: Operation, retry = false): void {
    const p = this.#phase;
    if (op.kind === 'wait') {
      this.#enter({ state: 'waiting', operator: op.operator, until: op.until });
      this.#focusing.toPart(['cancel']);
    } else {
      const submitting: Phase = { state: 'submitting', retrying: retry && p.state === 'error' ? p.error : undefined };
      this.#enter(submitting);
      // (v3) after `STILL_CHECKING_MS` in this phase (the element's clock: tests move it), "still checking"
      if (op.kind === 'match') {
        const slow = (this.#slow = new AbortController());
        this.#env.clock.sleep(STILL_CHECKING_MS, slow.signal).then(
          () => this.#phase === submitting && this.#enter({ ...submitting, slow: true }),
          () => undefined, // stopped: the phase changed
        );
      }
    }
    this.#check.run(op).then(
      (answer) => {
        if (!answer) return;
        this.#show(answer, op);
        // a submission stays held across a consent notice too: the trip says so, the return resumes it
        if (answer.kind !== 'decoupled' && answer.kind !== 'consent')
          this.#formControl.settle(this.result?.verdict === 'verified');
      },
      (e: unknown) => {
        // not an abort: a bug. Never leave the shopper in "submitting"; let the page's error reporting see it.
        this.#showError('bad_response', 'internal error');
        reportError(e);
      },
    );
  }

  /** Shows the answer to `op`. */
  #show(answer: Answer | MatchAnswer, op: Operation): void {
    if (answer.kind !== 'error') this.#failures = 0;
    if (answer.kind === 'scores') {
      if (answer.invalid.length)
        this.#env.console.warn(`[idmobile-check] not a score, shown as not verified: ${answer.invalid.join(', ')}`);
      const { thresholds } = normaliseThresholds(this.matchThreshold, this.partialThreshold);
      const detail = resultOf(answer, thresholds, this.#details.required);
      this.#enter({ state: 'result', detail });
      deleteTrip(this.#env, this.name);
      this.#focusing.toPart(['result'], true);
      emit(this, 'idmobile-result', detail);
    } else if (answer.kind === 'consent') {
      const offer = this.#consentTrip.offer(answer.operator, answer.url);
      if (typeof offer === 'string') this.#showError('consent_url', offer);
      else {
        this.#enter(offer);
        this.#focusing.toPart(['continue']); // when shown (not in `auto` mode, nor cancelled)
      }
    } else if (answer.kind === 'error') this.#showError(answer.id, answer.errorType);
    // decoupled consent answers `/match` only; a `pending` one never leaves the polling of `/result`
    else if (answer.kind === 'pending' || op.kind !== 'match')
      this.#showError('bad_response', `${answer.kind} answer to a ${op.kind} request`);
    else this.#wait(answer, op.request);
  }

  /** (v3) The operator asks the subscriber to approve on their phone: wait, polling `/result`, until `expiresIn`. */
  #wait(answer: Decoupled, match: MatchRequest): void {
    const { operator, token, state, expiresIn, interval } = answer;
    emit(this, 'idmobile-pending', { operator, expiresIn });
    const pending = { token, state, operator, until: this.#env.clock.now() + expiresIn * 1000, interval };
    this.#resume(pending, match);
    this.#saveTrip(pending); // a reload resumes the wait
  }

  /** Waits for the subscriber's approval (polling `/result` with the pending answer's token) until `until`. */
  #resume({ token, state, operator, until, interval }: NonNullable<Trip['pending']>, match: MatchRequest): void {
    const request = { token, state, ...sessionOf(this.session) };
    this.#run({ kind: 'wait', request, operator, until, intervalMs: interval * 1000, match });
  }

  /** (v3) Saves the trip of the check in flight (see `trip.ts`), before the page is left or may be reloaded. */
  #saveTrip(pending?: Trip['pending']): void {
    const op = this.#check.lastOperation;
    const request = op?.kind === 'match' ? op.request : op?.kind === 'wait' ? op.match : null;
    if (!request) return;
    const { phone, identity } = request;
    const { fields, session } = this;
    const form = this.#formControl;
    const { holding: submitted, heldSubmitter: submitter } = form;
    saveTrip(this.#env, this.name, { phone, identity, fields, session, submitted, submitter, pending });
  }

  #showError(id: string, errorType: string): void {
    // (v3) the shopper's one retry failed too: no "try again" loop, the next steps and the page's fallback instead
    const retryable = isRetryable(id);
    const again = retryable && this.#failures > 0;
    this.#failures = retryable ? this.#failures + 1 : 0;
    if (isIntegrationError(id))
      this.#env.console.error(
        `[idmobile-check] integration error ${id} (${errorType}): check the relay’s configuration and logs.`,
      );
    const error: ErrorDetail = {
      id,
      errorType,
      message: this.#language.messages[errorMessageKey(id)],
      retryable: retryable && !again && !!this.#check.lastOperation,
    };
    // the operator refused the number: a phone from the summary becomes an input (marked invalid, described by
    // the error panel, its value kept) for the shopper to correct; the focus still goes to the error panel
    if (isPhoneError(id)) this.#details.unlock(['phone']);
    this.#enter({ state: 'error', error, again });
    deleteTrip(this.#env, this.name);
    if (asksIdDocument(id)) {
      // R428: the operator needs the identity document number; the shopper types it and checks again
      this.#details.askIdDocument();
      this.#focusing.toInput('id_document');
    } else this.#focusing.toPart(['retry', 'error'], true); // where the shopper can act, else the message
    emit(this, 'idmobile-error', error);
  }

  /**
   * After the first update: back from the operator's consent page (the address bar already cleaned), the trip
   * restored, fetch the result; or, reloaded while waiting for the subscriber's approval, wait again.
   */
  #returned(params: ReturnParams | null): void {
    const trip = loadTrip(this.#env, this.name);
    if (trip && (params || trip.pending)) {
      this.#details.restore(trip.phone, trip.identity);
      if (typeof trip.fields === 'string') this.fields = trip.fields;
      this.session ||= trip.session; // the page's, when set, wins
      if (trip.submitted) this.#formControl.hold(trip.submitter);
      emit(this, 'idmobile-restore', { phone: trip.phone, identity: trip.identity });
    }
    if (!params) {
      if (trip?.pending && this.#details.validate()) this.#resume(trip.pending, this.#matchRequest());
      return;
    }
    this.#focusing.scrollNextOutcome(); // the page reloaded at its top: the outcome is brought into view
    if (params.kind !== 'token')
      // the shopper refused; the relay's error (its id); parameters without a token
      this.#showError(
        params.kind === 'error' ? params.id : params.kind === 'refused' ? 'consent_refused' : 'bad_response',
        `back from consent: ${params.kind}`,
      );
    else if (this.#canSend()) {
      // an absent `state` is left out of the body (JSON has no `undefined`)
      const { token, state } = params;
      this.#run({ kind: 'result', request: { token, state, ...sessionOf(this.session) } });
    }
  }

  /** The shopper edited a field: an outcome about the details as they were no longer holds. */
  #edited(name: InputName): void {
    if (!this.#staled() && name === 'phone' && refusedPhone(this.#phase)) this.#enter(IDLE);
  }

  /**
   * The details changed (the shopper's input, or the page setting `phone` or `identity` to other values): an
   * outcome, a consent notice or a wait for approval about the details as they were is dropped. True if one was.
   */
  #staled(): boolean {
    this.#failures = 0; // other details: a failure of theirs gets its own retry
    const s = this.#phase.state;
    if (s !== 'result' && s !== 'consent' && s !== 'waiting') return false;
    this.#abandon('details-changed');
    return true;
  }

  /**
   * Repeats the last operation; after a wait for approval, the wait itself while its time runs (the same token:
   * a network failure or R429/R502/R504 is not final for it), else, once it timed out, a new check (the
   * subscriber is asked again).
   */
  #retry(): void {
    const op = this.#check.lastOperation;
    if (!op || this.#check.busy) return;
    const over = op.kind === 'wait' && (this.#env.clock.now() >= op.until || shownError(this.#phase)?.id === 'timeout');
    this.#run(over ? { kind: 'match', request: op.match } : op, true);
  }

  /** Stops waiting for the subscriber's approval: back to `idle`, the focus on the submit button. */
  #cancel(): void {
    this.#abandon('cancelled');
    this.#focusing.toPart(['submit']);
  }

  /**
   * "Edit my details" (a next step, or the summary's control): `idmobile-edit` with the first detail to fix (band
   * `mismatch`, else `partial`, else the first checked); cancelled, the page focuses its own field (no second copy
   * of its form); else every checked field becomes an input, that detail focused.
   */
  #edit(): void {
    const bands = this.result?.bands;
    const paths = expandFields(this.#details.checked);
    const first = (band: string) => paths.find((n) => bands && bandAtPath(bands, n) === band);
    const field = first('mismatch') ?? first('partial') ?? paths[0];
    if (field && !emit(this, 'idmobile-edit', { field }, true)) return;
    this.#focusing.toInput(this.#details.editAll((n) => n === field));
  }

  /**
   * (v3) Change one detail ("v3 precisions" 7): `idmobile-edit` `{field}`; cancelled, the page focuses its own field;
   * else that detail (the address row: its parts) becomes an input, focused.
   */
  #editField = (field: string) => {
    if (!emit(this, 'idmobile-edit', { field }, true)) return;
    const names = this.#details.inputs.filter((n) => n === field || n.startsWith(`${field}.`));
    this.#details.unlock(names);
    this.#focusing.toInput(names[0] ?? field);
  };

  /** Next step "use another number": the outcome no longer holds; an empty phone input, focused. */
  #otherNumber(): void {
    this.#abandon('other-number');
    this.#details.clearPhone();
    this.#focusing.toInput('phone');
  }

  /**
   * The outcome no longer holds: nothing in flight, nothing to retry, no submission held, back to `idle`, and the
   * page told why (`idmobile-reset`).
   */
  #abandon(reason: ResetDetail['reason']): void {
    this.#failures = 0;
    this.#check.forget();
    this.#formControl.drop();
    this.#enter(IDLE);
    deleteTrip(this.#env, this.name);
    emit(this, 'idmobile-reset', { reason });
  }

  #onSubmit(e: Event): void {
    e.preventDefault();
    this.#startMatch();
  }

  // the controls' listeners below are methods, not arrow functions: Lit calls a template's listener with the
  // element as `this` (its render options' `host`)
  protected override render(): TemplateResult {
    const { messages: m, percent } = this.#language;
    const p = this.#phase;
    const busy = p.state === 'submitting' || p.state === 'waiting';
    const disabled = this.#formControl.disabled;
    const { shown, summarised } = this.#details.layout();
    const url = this.#continueUrl();
    const steps = offersNextSteps(p) ? { edit: this.#edit, otherNumber: this.#otherNumber } : null;
    return html`<form part="form" novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${this.#onSubmit}>
        <p part="intro" class="intro">${m.intro} <slot name="privacy"></slot></p>
        ${
          summarised.length
            ? summary(m, this.#details.values, summarised, steps ? null : this.#edit, this.#editField)
            : nothing
        }
        ${inputs(m, shown, this.#details.view(shown, { refusedPhone: refusedPhone(p), disabled }))}
        ${submitButton(m, busy, disabled)}
        ${outcome(m, percent, p, {
          paths: expandFields(this.#details.checked),
          steps,
          retry: this.#retry,
          askAgain: this.#startMatch, // (v3) after a refused consent: the same check, the operator asks again
          editField: this.#editField,
          go: url ? () => this.#consentTrip.go(url) : null,
          cancel: this.#cancel,
          left: this.#countdown.left,
        })}
      </form>
      ${status(m, p, () => this.#language.spoken(spokenLeft(this.#countdown.left)))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'idmobile-check': IdmobileCheck;
  }
}
