/**
 * The form's parts, as pure template functions: one labelled input (or select) with its hint and message, and
 * the read-only summary of the prefilled fields the shopper does not edit.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { BIRTHDATE_MIN } from '../protocol/limits.js';
import { INPUTS, type AutocompleteToken, type InputName, type Values } from './form-model.js';
import { format, type MessageKey, type Messages } from './i18n.js';
import { OUTCOME_ID, labelKey } from './outcome-templates.js';

/** What the inputs' templates need, for all of them. */
export interface FieldsView {
  values: Values;
  /** The invalid inputs' messages. */
  problems: ReadonlyMap<InputName, MessageKey>;
  required: ReadonlySet<InputName>;
  /** The operator refused the phone number: said once, in the error panel, which the input points to. */
  refusedPhone: boolean;
  disabled: boolean;
  /** The last input shown (its `enterkeyhint` sends). */
  last: InputName | undefined;
  onInput: (e: Event) => void;
  onBlur: (e: Event) => void;
}

/** One input with its label (optional ones marked), the phone's hint, and its validation message. */
function field(m: Messages, name: InputName, v: FieldsView): TemplateResult {
  const d = INPUTS[name];
  const id = `f-${name.replace('.', '-')}`;
  const problem = v.problems.get(name);
  const message = problem ? format(m[problem], { max: String(d.max) }) : '';
  const required = v.required.has(name);
  const refused = name === 'phone' && v.refusedPhone;
  const invalid = !!message || refused;
  // the phone and e-mail keyboards (`type` says it too), a numeric one for a French postal code
  // the contract's `autocomplete` token: the table's, else the path's last part with `-` for `_` (`postal-code`)
  const autocomplete = d.autocomplete ?? (name.replace(/.*\./, '').replace('_', '-') as AutocompleteToken);
  const keyboard = d.type === 'tel' || d.type === 'email' ? d.type : undefined;
  // its message (empty when none), the phone's hint, the error panel when the operator refused the number
  const describedBy = `${id}-error${name === 'phone' ? ` ${id}-hint` : ''}${refused ? ` ${OUTCOME_ID}` : ''}`;
  // inputs stay enabled while a check is in flight: disabling them would drop the keyboard user's focus; the
  // attributes both controls share come first, in the same order (one run for gzip)
  const control = d.choices
    ? html`<select
        id=${id}
        name=${name}
        autocomplete=${autocomplete}
        aria-required=${required}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
        ?disabled=${v.disabled}
        @change=${v.onInput}
        @blur=${v.onBlur}
      >
        ${[{ code: '', label: m.genderNone }, ...d.choices(m)].map(
          (o) => html`<option value=${o.code} .selected=${v.values[name] === o.code}>${o.label}</option>`,
        )}
      </select>`
    : html`<input
        id=${id}
        name=${name}
        autocomplete=${autocomplete}
        aria-required=${required}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
        ?disabled=${v.disabled}
        @change=${v.onInput}
        @blur=${v.onBlur}
        @input=${v.onInput}
        type=${d.type ?? 'text'}
        dir=${name === 'phone' ? 'ltr' : nothing}
        inputmode=${
          keyboard ??
          (name === 'address.postal_code' && ['', 'FR'].includes(v.values['address.country']) ? 'numeric' : nothing)
        }
        enterkeyhint=${name === v.last ? 'send' : 'next'}
        autocapitalize=${keyboard ? 'off' : nothing}
        spellcheck="false"
        max=${d.type === 'date' ? new Date().toISOString().slice(0, 10) : nothing}
        min=${d.type === 'date' ? BIRTHDATE_MIN : nothing}
        .value=${v.values[name]}
      />`;
  return html`<div class="field ${d.wide ? 'wide' : ''}">
    <label for=${id}
      >${m[labelKey(name)]}${required ? nothing : html` <span class="optional">(${m.optional})</span>`}</label
    >
    ${control} ${name === 'phone' ? html`<p class="hint" id="${id}-hint">${m.phoneHint}</p>` : nothing}
    <p class="field-error" part="field-error" id="${id}-error">${message}</p>
  </div>`;
}

/** The inputs `names`: the phone, the other fields in a grid, the address's parts in a fieldset of their own. */
export function inputs(m: Messages, names: InputName[], v: FieldsView): TemplateResult {
  const one = (name: InputName) => field(m, name, v);
  const top = names.filter((n) => n !== 'phone' && !n.startsWith('address.'));
  const address = names.filter((n) => n.startsWith('address.'));
  return html`${names.includes('phone') ? one('phone') : nothing}
  ${top.length ? html`<div class="grid">${top.map(one)}</div>` : nothing}
  ${
    address.length
      ? html`<fieldset>
          <legend>${m.address}</legend>
          <div class="grid">${address.map(one)}</div>
        </fieldset>`
      : nothing
  }`;
}

/** The submit button: `aria-disabled` (not `disabled`: the focus stays) and saying so while a check runs. */
export const submitButton = (m: Messages, busy: boolean, disabled: boolean): TemplateResult =>
  html`<div class="actions">
    <button type="submit" part="submit" aria-disabled=${busy} ?disabled=${disabled}>
      <span class="stack"
        ><span ?hidden=${busy}>${m.submit}</span
        ><span ?hidden=${!busy}><span class="spinner" aria-hidden="true"></span>${m.submitting}</span></span
      >
    </button>
  </div>`;

/**
 * The read-only summary of `names` (the address on one line), each row with its own "change" control
 * (`part="edit-field"`, `data-field`: the field, or `address`); with the edit control when `edit` is given.
 */
export function summary(
  m: Messages,
  values: Values,
  names: InputName[],
  edit: (() => void) | null,
  editField: (field: string) => void,
): TemplateResult {
  // a choice (civility, country) in words
  const text = (n: InputName): string => INPUTS[n].choices?.(m).find((o) => o.code === values[n])?.label ?? values[n];
  const address = names.filter((n) => n.startsWith('address.'));
  // the control's name says which detail: "Change First name"
  const row = (field: string, label: string, value: string) =>
    html`<div>
      <dt>${label}</dt>
      <dd dir="auto">${value}</dd>
      <dd>
        <button
          type="button"
          part="edit-field"
          class="link"
          data-field=${field}
          aria-label="${m.change} ${label}"
          @click=${() => editField(field)}
        >
          ${m.change}
        </button>
      </dd>
    </div>`;
  return html`<div part="summary" class="summary">
    <dl>
      ${names.filter((n) => !n.startsWith('address.')).map((n) => row(n, m[labelKey(n)], text(n)))}
      ${address.length ? row('address', m.address, address.map(text).join(', ')) : nothing}
    </dl>
    ${edit ? html`<button type="button" part="edit" @click=${edit}>${m.edit}</button>` : nothing}
  </div>`;
}
