import { fixture, waitUntil } from '@open-wc/testing';
import '../../src/widget/define.js';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { CAMILLE_LINE, identityOf, typedPhoneOf } from '../fixtures/subscribers.js';

/** Camille Martin (the test mode's SFR line) as the widget's `identity`, her number as a shopper types it, and in E.164. */
export const CAMILLE = identityOf(CAMILLE_LINE);
export const CAMILLE_TYPED_PHONE = typedPhoneOf(CAMILLE_LINE);
export const CAMILLE_PHONE = CAMILLE_LINE.phone;

export async function mount(attrs = 'relay-url="/relay"', setup?: (el: IdmobileCheck) => void): Promise<IdmobileCheck> {
  if (!setup) return fixture<IdmobileCheck>(`<idmobile-check ${attrs}></idmobile-check>`);
  const host = await fixture<HTMLDivElement>('<div></div>');
  host.innerHTML = `<idmobile-check ${attrs}></idmobile-check>`;
  const el = host.firstElementChild as IdmobileCheck;
  setup(el);
  await el.updateComplete;
  return el;
}

/** The first element of the widget's shadow root matching `selector`, typed as the caller says (like querySelector<T>). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the type it queried
export const q = <T extends HTMLElement = HTMLElement>(el: IdmobileCheck, selector: string): T | null =>
  el.shadowRoot!.querySelector<T>(selector);
export const qa = (el: IdmobileCheck, selector: string): HTMLElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(selector),
];

/** The id of the error shown (`data-error-id` of the error panel), null when none is shown. */
export const shownErrorId = (el: IdmobileCheck): string | null => q(el, '[part="error"]')?.dataset['errorId'] ?? null;

export async function fill(el: IdmobileCheck, name: string, value: string): Promise<void> {
  const input = q<HTMLInputElement>(el, `[name="${name}"]`);
  if (!input) throw new Error(`no input ${name}`);
  input.value = value;
  input.dispatchEvent(
    new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }),
  );
  await el.updateComplete;
}

/** Fills the phone and the default required fields with Camille Martin's record. */
export async function fillValid(el: IdmobileCheck): Promise<void> {
  await fill(el, 'phone', CAMILLE_TYPED_PHONE);
  await fill(el, 'given_name', CAMILLE.given_name);
  await fill(el, 'family_name', CAMILLE.family_name);
}

export async function clickSubmit(el: IdmobileCheck): Promise<void> {
  q<HTMLButtonElement>(el, 'button[part="submit"]')!.click();
  await el.updateComplete;
}

export async function waitState(el: IdmobileCheck, state: string): Promise<void> {
  await waitUntil(
    () => el.getAttribute('state') === state,
    `state never became ${state} (is ${el.getAttribute('state')})`,
    { timeout: 5000 },
  );
  await el.updateComplete;
}

export function nextEvent<T = unknown>(target: EventTarget, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as CustomEvent<T>), { once: true }));
}

/** Captures console output of one kind during a test. */
export function captureConsole(kind: 'warn' | 'error') {
  const original = console[kind].bind(console);
  const lines: string[] = [];
  console[kind] = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  return { lines, restore: () => void (console[kind] = original) };
}
