/**
 * The test mode's numbers, in the drawer at the top of the demo checkout: the subscribers (a click fills the whole
 * shipping form with their details) and the magic numbers (a click puts the number in the phone field), read from
 * the test mode's own registry, never retyped.
 */
import { DQE_ERROR_TYPES, isIntegrationError, isPhoneError, isRetryable } from '../src/protocol/errors.js';
// the test mode's registry itself (src/testmode/index.ts re-exports it), imported directly so that the browser does
// not load the simulator's server side (hono, consent page) with it
import { MAGIC_NUMBERS, SUBSCRIBERS, type Subscriber } from '../src/testmode/registry.js';
import { t, type PageLang } from './copy.js';

export interface TestNumberActions {
  /** A subscriber was picked: fill the order with their details. */
  subscriber(s: Subscriber): void;
  /** A magic number was picked: put it in the phone field. */
  magic(phone: string): void;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
};

/** What the shopper sees for a magic number (the developer's table). */
function magicOutcome(id: string): string {
  if (id === '30') {
    return 'The relay renews its token and retries once; this number answers 30 again, so the shopper sees “service temporarily unavailable” (R502) with Try again.';
  }
  if (isIntegrationError(id)) return 'Integration error: a generic message for the shopper, details in the console.';
  if (isPhoneError(id)) return 'Shown on the phone field.';
  if (isRetryable(id)) return 'Temporary: the shopper gets a Try again button.';
  return 'The operator cannot check this number: a message and the next steps (edit, another number, the shop’s fallback).';
}

/** Renders the drawer's buttons in a language (again on every language change). */
export function renderTestNumbers(lang: PageLang, actions: TestNumberActions): void {
  document.getElementById('subscribers')?.replaceChildren(
    ...SUBSCRIBERS.map((s) => {
      const li = el('li');
      const button = el('button', 'fill');
      button.type = 'button';
      button.dataset['phone'] = s.phone;
      const notes = [s.operator, s.consent ? t(lang, 'consentNote') : '', s.holdsGender ? '' : t(lang, 'noGender')];
      button.append(
        el('span', 'who', `${s.record.firstname} ${s.record.lastname}`),
        el('span', 'num', s.phone),
        el('span', 'what', notes.filter(Boolean).join(' · ')),
      );
      button.addEventListener('click', () => actions.subscriber(s));
      li.append(button);
      return li;
    }),
  );
  document.getElementById('magic-numbers')?.replaceChildren(
    ...MAGIC_NUMBERS.map(({ phone, errorId }) => {
      const li = el('li');
      const button = el('button', 'chip');
      button.type = 'button';
      button.dataset['phone'] = phone;
      // named by its content (its visible id within "Use +336… (error 09)"), not by an aria-label that hides it
      const [before = '', after = ''] = t(lang, 'useNumber', { phone, id: '\u0000' }).split('\u0000');
      button.append(el('span', 'visually-hidden', before), errorId, el('span', 'visually-hidden', after));
      button.title = `${phone}: ${DQE_ERROR_TYPES[errorId].replace(' {op}', '')}`;
      button.addEventListener('click', () => actions.magic(phone));
      li.append(button);
      return li;
    }),
  );
  document.getElementById('magic-table')?.replaceChildren(
    ...MAGIC_NUMBERS.map(({ phone, errorId }) => {
      const tr = el('tr');
      const what = el('td');
      what.append(
        el('strong', '', `${errorId} · ${DQE_ERROR_TYPES[errorId].replace(' {op}', '')}`),
        el('br'),
        el('span', '', magicOutcome(errorId)),
      );
      const num = el('td');
      num.append(el('code', '', phone));
      tr.append(num, what);
      return tr;
    }),
  );
}
