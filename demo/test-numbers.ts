/**
 * The test mode's numbers, in the drawer at the top of the demo checkout: the subscribers (a click fills the whole
 * shipping form with their details) and the magic numbers (a click puts the number in the phone field), read from
 * the test mode's own registry, never retyped.
 */
import { DQE_ERROR_TYPES, isIntegrationError, isPhoneError, isRetryable } from '../src/protocol/errors.js';
// the test mode's registry itself (src/testmode/index.ts re-exports it), imported directly so that the browser does
// not load the simulator's server side (hono, consent page) with it
import {
  CAMARA_SUBSCRIBERS,
  CAMARA_TEST_NUMBERS,
  MAGIC_NUMBERS,
  SUBSCRIBERS,
  type Subscriber,
} from '../src/testmode/registry.js';
import { t, type PageLang } from './copy.js';
import { camaraFlowOf, DEMO_UPSTREAM_NAMES, DEMO_UPSTREAMS, type DemoUpstream } from './flows.js';

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

/** The drawer's block (made once, first in the drawer's body) that `id` names. */
function block(id: string, tag: keyof HTMLElementTagNameMap, after: string | null): HTMLElement | null {
  const existing = document.getElementById(id);
  if (existing) return existing;
  const body = document.querySelector('#test-numbers .drawer-body');
  if (!body) return null;
  const made = el(tag);
  made.id = id;
  const anchor = after ? document.getElementById(after) : null;
  if (anchor) anchor.after(made);
  else body.prepend(made);
  return made;
}

/**
 * The four operator flows, as links to this page with `?upstream=<flow>` (the one on show marked current): one dev
 * server demos them all, each with its own relay and simulator.
 */
function renderFlows(lang: PageLang, flow: DemoUpstream): void {
  const nav = block('flows', 'nav', null);
  if (!nav) return;
  nav.className = 'flows';
  nav.setAttribute('aria-labelledby', 'flows-label');
  const label = el('p', 'small', t(lang, 'flowsLabel'));
  label.id = 'flows-label';
  const list = el('ul', 'flow-links');
  for (const name of DEMO_UPSTREAM_NAMES) {
    const li = el('li');
    const a = el('a', 'flow-link', name);
    a.href = `?upstream=${name}`;
    a.dataset['upstream'] = name;
    a.title = DEMO_UPSTREAMS[name].label;
    if (name === flow) a.setAttribute('aria-current', 'page');
    li.append(a);
    list.append(li);
  }
  const now = el('p', 'small', DEMO_UPSTREAMS[flow].label);
  now.lang = 'en';
  nav.replaceChildren(label, list, now);
}

/** What a CAMARA line does (its row of CAMARA_TEST_NUMBERS), without the subscriber's name it starts with. */
const camaraBehaviour = (behaviour: string) => behaviour.replace(/^[^:]*\): /, '');

/** CAMARA's test lines of a flow that are no subscriber (a number only): the rate-limited line, the refusing one. */
function renderCamaraNumbers(flow: DemoUpstream, actions: TestNumberActions): void {
  const camara = camaraFlowOf(flow);
  const rows = camara
    ? CAMARA_TEST_NUMBERS.filter(
        (n) => n.flows.includes(camara) && !CAMARA_SUBSCRIBERS.some((s) => s.phone === n.phone),
      )
    : [];
  const list = block('camara-numbers', 'ul', 'subscribers');
  if (!list) return;
  list.className = 'flow-links';
  list.hidden = rows.length === 0;
  list.replaceChildren(
    ...rows.map((n) => {
      const li = el('li');
      const button = el('button', 'flow-link', n.phone);
      button.type = 'button';
      button.dataset['phone'] = n.phone;
      button.title = n.behaviour;
      button.addEventListener('click', () => actions.magic(n.phone));
      li.append(button);
      return li;
    }),
  );
}

/** The subscribers the drawer offers: a CAMARA flow's own lines first, then DQE's (the CAMARA face knows them too). */
function subscribersOf(flow: DemoUpstream): Array<{ s: Subscriber; note: string }> {
  const camara = camaraFlowOf(flow);
  const own = camara
    ? CAMARA_TEST_NUMBERS.filter((n) => n.flows.includes(camara)).flatMap((n) => {
        const s = CAMARA_SUBSCRIBERS.find((c) => c.phone === n.phone);
        return s ? [{ s, note: camaraBehaviour(n.behaviour) }] : [];
      })
    : [];
  return [...own, ...SUBSCRIBERS.map((s) => ({ s, note: '' }))];
}

/** Renders the drawer's flows and buttons in a language (again on every language change). */
export function renderTestNumbers(lang: PageLang, actions: TestNumberActions, flow: DemoUpstream = 'dqe'): void {
  const camara = camaraFlowOf(flow) !== null;
  renderFlows(lang, flow);
  document.getElementById('subscribers')?.replaceChildren(
    ...subscribersOf(flow).map(({ s, note }) => {
      const li = el('li');
      const button = el('button', 'fill');
      button.type = 'button';
      button.dataset['phone'] = s.phone;
      const notes = [
        s.operator,
        s.consent && !camara ? t(lang, 'consentNote') : '',
        s.holdsGender ? '' : t(lang, 'noGender'),
      ];
      const what = el('span', 'what', notes.filter(Boolean).join(' · '));
      if (note) {
        const detail = el('span', '', ` · ${note}`);
        detail.lang = 'en';
        what.append(detail);
      }
      button.dataset['camara'] = String(note !== '');
      button.append(el('span', 'who', `${s.record.firstname} ${s.record.lastname}`), el('span', 'num', s.phone), what);
      button.addEventListener('click', () => actions.subscriber(s));
      li.append(button);
      return li;
    }),
  );
  renderCamaraNumbers(flow, actions);
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
