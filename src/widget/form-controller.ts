/**
 * The element's side of the page's form, as a Lit reactive controller (after Shoelace's FormControlController):
 * after each render, the value (the attestation under the element's `name`) and the validity it gives the form;
 * the form's disabled state; and, with `submit-with-form`, the page's submission: intercepted before a check has
 * completed (the check runs instead), held while it runs, and resumed once a `verified` outcome is rendered
 * (the form then carries the attestation). Any other outcome drops it: the shopper stays on the widget.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the controller reads of its element. */
interface FormHost extends ReactiveControllerHost {
  /** The form field name of the attestation. */
  readonly name: string;
  readonly submitWithForm: boolean;
  /** The outcome on show: once a check has completed, its attestation (none: `''`) is the form value. */
  readonly result: { attestation: string | null } | null;
}

interface FormOptions {
  /** Why the element is invalid until a check has completed, and the control the browser points at. */
  invalid(): { message: string; anchor: HTMLElement | undefined };
  /** Whether a check is in flight (a submission then waits for it). */
  busy(): boolean;
  /** Starts the check a submission stands for; false when none started (invalid input, cancelled…). */
  start(): boolean;
}

interface Submission {
  form: HTMLFormElement;
  /** The control that pressed it; not necessarily one `requestSubmit` accepts (see {@link resubmit}). */
  submitter: Element | null | undefined;
}

/**
 * Submits `form` as pressed by `submitter` when `requestSubmit` accepts it (a submit button of that form: it
 * throws before anything else otherwise), else without one.
 */
function resubmit({ form, submitter }: Submission): void {
  try {
    form.requestSubmit(submitter as HTMLElement | null);
  } catch {
    form.requestSubmit();
  }
}

export class FormController implements ReactiveController {
  /** Disabled by the page's form (a disabled `<fieldset>` or the host's `disabled` attribute). */
  disabled = false;
  #listened: HTMLFormElement | null = null;
  /** The page's submission the running check stands for. */
  #held: Submission | null = null;
  /** The submission to resume after the render that shows the verified outcome. */
  #resume: Submission | null = null;

  readonly #host: FormHost;
  readonly #internals: ElementInternals;
  readonly #options: FormOptions;

  constructor(host: FormHost, internals: ElementInternals, options: FormOptions) {
    this.#host = host;
    this.#internals = internals;
    this.#options = options;
    host.addController(this);
  }

  /** From the element's `formAssociatedCallback`. */
  associate(form: HTMLFormElement | null): void {
    this.#listened?.removeEventListener('submit', this.#onSubmit, true);
    this.#listened = form;
    form?.addEventListener('submit', this.#onSubmit, true);
  }

  /** From the element's `formDisabledCallback`. */
  setDisabled(disabled: boolean): void {
    this.disabled = disabled;
    this.#host.requestUpdate();
  }

  /** The check ended: a verified outcome resumes the held submission after the next render; others drop it. */
  settle(verified: boolean): void {
    if (verified && this.#held) this.#resume = this.#held;
    this.#held = null;
  }

  /** Whether a submission of the page's form waits for the running check (saved in the consent trip). */
  get holding(): boolean {
    return !!this.#held;
  }

  /**
   * Which of the form's controls pressed the held submission (its index in `form.elements`), so that the
   * submission resumed after the consent trip names the same button (`name=value`, `formaction`…).
   */
  get heldSubmitter(): number | undefined {
    const held = this.#held;
    const i = held ? [...held.form.elements].indexOf(held.submitter as Element) : -1;
    return i < 0 ? undefined : i;
  }

  /**
   * (v3) Back from consent, a submission had started the check: a verified outcome submits the form, pressed by
   * the same button when it is still the form's submit button at that index.
   */
  hold(submitter?: number): void {
    const form = this.#internals.form;
    if (form) this.#held = { form, submitter: form.elements[submitter ?? -1] };
  }

  /** The check was abandoned (reset, another number, details changed): the submission is forgotten. */
  drop(): void {
    this.#held = null;
    this.#resume = null;
  }

  hostUpdated(): void {
    const result = this.#host.result;
    const data = new FormData();
    if (result) data.append(this.#host.name || 'idmobile', result.attestation ?? '');
    this.#internals.setFormValue(result ? data : null);
    // with submit-with-form the page's submission is what starts the check: the browser must let it through
    // (all flags false: the message is dropped)
    const { message, anchor } = this.#options.invalid();
    this.#internals.setValidity({ customError: !result && !this.#host.submitWithForm }, message, anchor);
    const pending = this.#resume;
    this.#resume = null;
    // the page's own submission, resumed now that the form carries the attestation
    if (pending?.form === this.#internals.form) resubmit(pending);
  }

  #onSubmit = (e: SubmitEvent) => {
    if (!this.#host.submitWithForm || this.#host.result) return;
    e.preventDefault();
    e.stopImmediatePropagation(); // the page's own submit handlers wait for the verified outcome
    // the listened form (`currentTarget`) is the element's form owner (see associate)
    if (this.#options.busy() || this.#options.start())
      this.#held = { form: e.currentTarget as HTMLFormElement, submitter: e.submitter };
  };
}
