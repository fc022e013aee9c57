/**
 * The shopper's details, kept for the element (each change updates it): the attributes that shape them
 * (`fields`, `required`, `editable`, `country`), the values, the page's prefill (what `reset()` restores and the
 * summary shows), the validation messages (an input is validated as it changes once the shopper has left it or
 * submitted), and which checked fields are inputs and which are in the read-only summary.
 */
import type { ReactiveControllerHost } from 'lit';
import {
  DEFAULT_REQUIRED,
  IDENTITY_FIELDS,
  expandFields,
  parseFieldList,
  type FieldPath,
  type IdentityField,
} from '../protocol/fields.js';
import type { Identity } from '../protocol/wire-types.js';
import * as model from './form-model.js';
import type { FieldsView } from './form-templates.js';
import type { MessageKey } from './i18n.js';

type InputName = model.InputName;

/** The element's attributes, as set. */
interface FieldsConfig {
  fields: string | null;
  required: string | null;
  editable: string | null;
  country: string;
}

export class FieldsController {
  values: model.Values = model.emptyValues();
  /** Each invalid input's message, in display order. */
  problems = new Map<InputName, MessageKey>();
  #defaults: model.Values = model.emptyValues();
  readonly #touched = new Set<InputName>();
  /** Summary fields the shopper chose to edit (the edit button, "use another number", an error about them). */
  readonly #unlocked = new Set<InputName>();
  /** (v3) `id_document` once the operator asked for it (R428): its input is shown and required. */
  #asked: InputName[] = [];

  readonly #host: ReactiveControllerHost;
  readonly #config: () => FieldsConfig;
  readonly #changed: (name: InputName) => void;

  /** `changed`: the shopper edited `name` (its value is new). */
  constructor(host: ReactiveControllerHost, config: () => FieldsConfig, changed: (name: InputName) => void) {
    this.#host = host;
    this.#config = config;
    this.#changed = changed;
  }

  /** The checked fields. */
  get checked(): IdentityField[] {
    return parseFieldList(this.#config().fields, IDENTITY_FIELDS).fields;
  }

  /** The checked inputs, the phone first, then (after R428) the identity document number. */
  get inputs(): InputName[] {
    return ['phone', ...expandFields(this.checked), ...this.#asked];
  }

  /** The required leaves among those checked (the phone is always required besides). */
  get required(): FieldPath[] {
    const checked = this.checked;
    return expandFields(
      parseFieldList(this.#config().required, DEFAULT_REQUIRED).fields.filter((f) => checked.includes(f)),
    );
  }

  /** The phone numbers' default country. */
  get country(): string {
    return (this.#config().country || 'FR').toUpperCase();
  }

  /** Unknown names in the field-list attributes among `changed` (they are ignored), for the developer. */
  unknownNames(changed: ReadonlyMap<PropertyKey, unknown>): string[] {
    const config = this.#config();
    return (['fields', 'editable', 'required'] as const).flatMap((attr) => {
      // `editable` may also name the phone, or all
      const value = changed.has(attr) ? config[attr]?.replace(attr === 'editable' ? /\b(phone|all)\b/g : '', '') : null;
      const { unknown } = parseFieldList(value, []);
      return unknown.length ? [`${attr}: unknown field(s) ignored: ${unknown.join(', ')}`] : [];
    });
  }

  /** The first invalid input, else the phone. */
  get firstInvalid(): InputName {
    return [...this.problems.keys()][0] ?? 'phone';
  }

  /** Prefills the phone (what `reset()` restores); true when that changed its value. */
  prefillPhone(value: string): boolean {
    return this.#prefill((v) => ({ ...v, phone: value }));
  }

  /** Prefills the identity (unknown keys and non-strings ignored); true when that changed a value. */
  prefillIdentity(identity: Identity): boolean {
    return this.#prefill((v) => model.valuesFromIdentity(identity, v));
  }

  /** (v3) Back from consent: the trip's phone and identity replace the page's values and prefill. */
  restore(phone: string, identity: Identity): void {
    this.#prefill(() => model.valuesFromIdentity(identity, { ...model.emptyValues(), phone }));
  }

  /** Validates every checked input (an invalid one from the summary becomes an input); true when all are valid. */
  validate(): boolean {
    this.problems = new Map();
    for (const n of this.inputs) {
      this.#touched.add(n);
      this.#revalidate(n);
    }
    this.unlock(this.problems.keys());
    return !this.problems.size;
  }

  /** (v3) R428: the identity document number's input is shown, required, until {@link reset}. */
  askIdDocument(): void {
    this.#asked = ['id_document'];
    this.#host.requestUpdate();
  }

  /** The `/match` body of the valid values (see `buildMatchRequest`), with the document number once asked. */
  request(returnUrl: string) {
    return model.buildMatchRequest(this.values, this.inputs, this.country, returnUrl);
  }

  /** "Edit my details": every checked field as an input; returns the one to fix first (its band `mismatch`). */
  editAll(mismatch: (path: FieldPath) => boolean): InputName {
    this.unlock(this.inputs);
    const names = expandFields(this.checked);
    return names.find(mismatch) ?? names[0] ?? 'phone';
  }

  /** Shows summary fields as inputs until the next reset. */
  unlock(names: Iterable<InputName>): void {
    for (const n of names) this.#unlocked.add(n);
    this.#host.requestUpdate();
  }

  /** "Use another number": an empty phone input, no messages. */
  clearPhone(): void {
    this.unlock(['phone']);
    this.#set({ ...this.values, phone: '' });
    this.problems = new Map();
  }

  /** Back to the prefill, nothing touched, every prefilled field in the summary again, no document number. */
  reset(): void {
    this.#set({ ...this.#defaults });
    this.problems = new Map();
    this.#touched.clear();
    this.#unlocked.clear();
    this.#asked = [];
  }

  /** The checked inputs shown as inputs, and those in the summary (prefilled, not editable, not unlocked). */
  layout(): { shown: InputName[]; summarised: InputName[] } {
    const inputs = this.inputs;
    return { shown: inputs.filter((n) => this.#isInput(n)), summarised: inputs.filter((n) => !this.#isInput(n)) };
  }

  /** What the inputs' templates need. */
  view(shown: InputName[], page: { refusedPhone: boolean; disabled: boolean }): FieldsView {
    const { values, problems } = this;
    const required = this.#requiredInputs();
    return { ...page, values, problems, required, last: shown.at(-1), onInput: this.#onInput, onBlur: this.#onBlur };
  }

  /** The inputs that must be filled: the phone, the required fields, the document number once asked. */
  #requiredInputs(): Set<InputName> {
    return new Set<InputName>(['phone', ...this.required, ...this.#asked]);
  }

  #isInput(name: InputName): boolean {
    // nothing to summarise, the shopper asked to edit it, or `editable` names it (by default: the phone)
    const list = (this.#config().editable ?? 'phone').split(/[\s,]+/);
    return (
      this.#defaults[name] === '' ||
      this.#unlocked.has(name) ||
      ['all', name, name.replace(/\..*/, '')].some((n) => list.includes(n))
    );
  }

  #onInput = (e: Event) => {
    const { name, value } = e.target as HTMLInputElement & { name: InputName };
    // a `change` fired by focus leaving an unedited field is no edit
    if (value === this.values[name]) return;
    this.#set({ ...this.values, [name]: value });
    if (this.#touched.has(name) || this.problems.has(name)) this.#revalidate(name);
    this.#changed(name);
  };

  #onBlur = (e: Event) => {
    const name = (e.target as HTMLInputElement).name as InputName;
    if (this.values[name] === '' && !this.#touched.has(name)) return; // don't scold a field just tabbed through
    this.#touched.add(name);
    this.#revalidate(name);
  };

  /** Validates `name` again: its message, if any, in {@link problems}. */
  #revalidate(name: InputName): void {
    const problem = model.validateInput(name, this.values[name], this.#requiredInputs().has(name), this.country);
    if (problem) this.problems.set(name, problem);
    else this.problems.delete(name);
    this.#host.requestUpdate();
  }

  /** Applies `fill` to the values and the prefill; true when that changed a value. */
  #prefill(fill: (values: model.Values) => model.Values): boolean {
    const next = fill(this.values);
    const changed = (Object.keys(next) as InputName[]).some((k) => next[k] !== this.values[k]);
    this.#defaults = fill(this.#defaults);
    this.#set(next);
    return changed;
  }

  #set(values: model.Values): void {
    this.values = values;
    this.#host.requestUpdate();
  }
}
