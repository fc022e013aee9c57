/**
 * The demo checkout (index.html): a shipping form that prefills <idmobile-check>, a "place order" button that
 * waits for the check's verdict, an event log, and the test mode's numbers with click-to-fill.
 *
 * What a merchant's page does with the widget is all here: set `identity` and `phone`, listen to the four
 * events, let the form carry the attestation (the widget is form-associated), verify it on the server.
 */
import '../src/widget/define.js';
import type {
  ConsentDetail,
  ErrorDetail,
  IdmobileCheck,
  Identity,
  ResultDetail,
  SubmitDetail,
} from '../src/widget/index.js';
import { DQE_ERROR_TYPES, isIntegrationError, isPhoneError, isRetryable } from '../src/protocol/errors.js';
// the test mode's own registry (re-exported by src/testmode/index.ts), imported directly so that the browser does
// not load the simulator's server side (hono, consent page) with it
import { MAGIC_NUMBERS, SUBSCRIBERS, type Subscriber } from '../src/testmode/registry.js';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
const $ = <T extends Element>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`demo: ${selector} missing from the page`);
  return el;
};

const form = $<HTMLFormElement>('#checkout');
const widget = $<IdmobileCheck>('#idcheck');
const placeOrder = $<HTMLButtonElement>('#place-order');
const orderStatus = $<HTMLParagraphElement>('#order-status');
const logList = $<HTMLOListElement>('#event-log');
const emptyLog = $<HTMLParagraphElement>('#empty-log');
/** The order's date of birth, as the shopper gave it in the widget (the server verifies the attestation against it). */
const orderBirthdate = $<HTMLInputElement>('#order-birthdate');

// ---- the shipping form, and the widget it prefills ----------------------------------------------------------

const SHIPPING_FIELDS = [
  'gender',
  'given_name',
  'family_name',
  'email',
  'phone',
  'street_address',
  'postal_code',
  'locality',
  'country',
] as const;
type ShippingField = (typeof SHIPPING_FIELDS)[number];
type Shipping = Record<ShippingField, string>;

const control = (name: ShippingField) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;

function readShipping(): Shipping {
  return Object.fromEntries(SHIPPING_FIELDS.map((f) => [f, control(f).value.trim()])) as Shipping;
}

function writeShipping(values: Partial<Shipping>): void {
  for (const f of SHIPPING_FIELDS) {
    const v = values[f];
    if (v !== undefined) control(f).value = v;
  }
}

/** The widget's `identity` from the shipping form; the date of birth is the shopper's to add in the widget. */
function identityFrom(s: Shipping, birthdate: string): Identity {
  return {
    gender: s.gender === 'F' || s.gender === 'M' ? s.gender : '',
    given_name: s.given_name,
    family_name: s.family_name,
    birthdate,
    email: s.email,
    address: { street_address: s.street_address, postal_code: s.postal_code, locality: s.locality, country: s.country },
  };
}

/** Copies the shipping form into the widget. A verdict about other details is stale: the check starts over. */
function prefillWidget(): void {
  const birthdate = widget.identity.birthdate ?? '';
  const state = widget.getAttribute('state');
  const stale = state === 'result' || state === 'consent' || state === 'error';
  const shipping = readShipping();
  widget.identity = identityFrom(shipping, birthdate);
  widget.phone = shipping.phone;
  if (stale) {
    widget.reset(); // back to the prefilled values: the ones just set
    setOrder('waiting', 'Your details changed: verify your identity again to place your order.');
  }
}

// ---- the "place order" button follows the check ------------------------------------------------------------

type OrderStatus = 'waiting' | 'checking' | 'consent' | 'verified' | 'inconclusive' | 'rejected' | 'error';

function setOrder(status: OrderStatus, text: string): void {
  // only a verdict the shop accepts enables the order; the server checks the attestation again anyway
  placeOrder.disabled = !(status === 'verified' || status === 'inconclusive');
  orderStatus.dataset['status'] = status;
  orderStatus.textContent = text;
}

const VERDICT_STATUS: Record<ResultDetail['verdict'], [OrderStatus, string]> = {
  verified: ['verified', 'Identity verified by your mobile operator. You can place your order.'],
  inconclusive: [
    'inconclusive',
    'Partly verified: some details could not be confirmed. You can place your order; we may review it before shipping.',
  ],
  rejected: [
    'rejected',
    'Your details do not match your mobile operator’s records. Check your name, address and number, then verify again.',
  ],
};

function errorStatus(e: ErrorDetail): string {
  if (isPhoneError(e.id)) return 'Check your mobile number, then verify again.';
  if (e.retryable) return 'The check did not complete. Try again to place your order.';
  return 'Your identity cannot be verified with this number right now: contact us to complete your order.';
}

// ---- the event log -----------------------------------------------------------------------------------------

interface LogEntry {
  time: string;
  type: string;
  summary: string;
  detail: string;
}
let log: LogEntry[] = [];

const short = (s: string | null, n = 24) => (s && s.length > n ? `${s.slice(0, n)}…` : s);

function describe(type: string, detail: unknown): string {
  switch (type) {
    case 'idmobile-submit': {
      const { request } = detail as SubmitDetail;
      const sent = Object.entries(request.identity).filter(
        ([, v]) => v && (typeof v === 'string' || Object.values(v).some(Boolean)),
      );
      return `sending ${request.phone} with ${sent.map(([k]) => k).join(', ') || 'no identity field'}`;
    }
    case 'idmobile-result': {
      const d = detail as ResultDetail;
      return `verdict ${d.verdict}${d.attestation ? ', with an attestation' : ''}`;
    }
    case 'idmobile-consent': {
      const d = detail as ConsentDetail;
      return `${d.operator} asks for consent`;
    }
    case 'idmobile-error': {
      const d = detail as ErrorDetail;
      return `error ${d.id}${d.retryable ? ' (retryable)' : ''}: ${d.errorType}`;
    }
    default:
      return '';
  }
}

function addLog(type: string, detail: unknown): void {
  const shown =
    type === 'idmobile-result'
      ? { ...(detail as ResultDetail), attestation: short((detail as ResultDetail).attestation, 32) }
      : detail;
  log = [
    {
      time: new Date().toLocaleTimeString('en-GB'),
      type,
      summary: describe(type, detail),
      detail: JSON.stringify(shown, null, 2),
    },
    ...log,
  ].slice(0, 30);
  renderLog();
}

function renderLog(): void {
  logList.replaceChildren(
    ...log.map((entry) => {
      const li = document.createElement('li');
      li.className = 'event';
      li.dataset['event'] = entry.type;
      const head = document.createElement('p');
      const time = document.createElement('time');
      time.textContent = entry.time;
      const name = document.createElement('code');
      name.textContent = entry.type;
      head.append(time, ' ', name);
      const summary = document.createElement('p');
      summary.className = 'event-summary';
      summary.textContent = entry.summary;
      const details = document.createElement('details');
      const label = document.createElement('summary');
      label.textContent = 'detail';
      const pre = document.createElement('pre');
      pre.tabIndex = 0; // may scroll: reachable by keyboard
      pre.textContent = entry.detail;
      details.append(label, pre);
      li.append(head, summary, details);
      return li;
    }),
  );
  emptyLog.hidden = log.length > 0;
  logList.parentElement!.hidden = log.length === 0;
}

// ---- the way to the operator's consent page and back ----------------------------------------------------------
// The consent page is a full navigation away: the shipping details (and the event log) are kept in sessionStorage
// for that trip only, written when the shopper leaves for the operator and removed as soon as they are back. The
// widget itself keeps nothing: it gets the scores from the relay with the token in the return URL.

const STORAGE_KEY = 'idmobile-demo-checkout';

function save(): void {
  try {
    sessionStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ shipping: readShipping(), birthdate: orderBirthdate.value, log }),
    );
  } catch {
    /* private mode or storage full: the demo simply forgets */
  }
}

function restore(): void {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as {
      shipping?: Partial<Shipping>;
      birthdate?: string;
      log?: LogEntry[];
    } | null;
    sessionStorage.removeItem(STORAGE_KEY);
    if (!saved) return;
    if (saved.shipping) writeShipping(saved.shipping);
    if (Array.isArray(saved.log)) log = saved.log.slice(0, 30);
    orderBirthdate.value = saved.birthdate ?? '';
    widget.identity = identityFrom(readShipping(), saved.birthdate ?? '');
    widget.phone = readShipping().phone;
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

// ---- the test mode's numbers, click to fill ------------------------------------------------------------------

const COUNTRY_CODES: Record<string, string> = {
  France: 'FR',
  Belgique: 'BE',
  Belgium: 'BE',
  Suisse: 'CH',
  Switzerland: 'CH',
};

function fillSubscriber(s: Subscriber): void {
  const r = s.record;
  writeShipping({
    gender: r.gender,
    given_name: r.firstname,
    family_name: r.lastname,
    email: r.email,
    phone: s.phone,
    street_address: r.street_address,
    postal_code: r.postal_code,
    locality: r.locality,
    country: COUNTRY_CODES[r.country] ?? 'FR',
  });
  prefillWidget();
}

function renderSubscribers(): void {
  $('#subscribers').replaceChildren(
    ...SUBSCRIBERS.map((s) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'fill';
      button.dataset['phone'] = s.phone;
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = `${s.record.firstname} ${s.record.lastname}`;
      const num = document.createElement('span');
      num.className = 'num';
      num.textContent = s.phone;
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = `${s.operator}${s.consent ? ' · asks for consent on its own page' : ''}${s.holdsGender ? '' : ' · does not hold gender'}`;
      button.append(who, num, what);
      button.addEventListener('click', () => fillSubscriber(s));
      li.append(button);
      return li;
    }),
  );
}

function magicOutcome(id: string): string {
  if (id === '30') {
    return 'The relay renews its token and retries once; this number answers 30 again, so the shopper sees “service temporarily unavailable” (R502) with Try again.';
  }
  if (isIntegrationError(id)) return 'Integration error: a generic message for the shopper, details in the console.';
  if (isPhoneError(id)) return 'Shown on the phone field.';
  if (isRetryable(id)) return 'Temporary: the shopper gets a Try again button.';
  return 'The operator cannot check this number: a message, no retry.';
}

function renderMagicNumbers(): void {
  $('#magic-numbers').replaceChildren(
    ...MAGIC_NUMBERS.map(({ phone, errorId }) => {
      const tr = document.createElement('tr');
      const numCell = document.createElement('td');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'fill-number';
      button.dataset['phone'] = phone;
      button.textContent = phone;
      button.setAttribute('aria-label', `Use ${phone} (error ${errorId})`);
      button.addEventListener('click', () => {
        writeShipping({ phone });
        if (!control('given_name').value) writeShipping({ given_name: 'Alex', family_name: 'Durand' });
        prefillWidget();
      });
      numCell.append(button);
      const what = document.createElement('td');
      const title = document.createElement('strong');
      title.textContent = `${errorId} · ${DQE_ERROR_TYPES[errorId].replace(' {op}', '')}`;
      const outcome = document.createElement('span');
      outcome.textContent = magicOutcome(errorId);
      what.append(title, document.createElement('br'), outcome);
      tr.append(numCell, what);
      return tr;
    }),
  );
}

// ---- wiring ----------------------------------------------------------------------------------------------------

widget.addEventListener('idmobile-submit', (e) => {
  orderBirthdate.value = e.detail.request.identity.birthdate ?? '';
  addLog(e.type, e.detail);
  setOrder('checking', 'Checking with your mobile operator…');
});
widget.addEventListener('idmobile-result', (e) => {
  addLog(e.type, e.detail);
  const [status, text] = VERDICT_STATUS[e.detail.verdict];
  setOrder(status, text);
});
widget.addEventListener('idmobile-consent', (e) => {
  addLog(e.type, e.detail);
  setOrder('consent', `${e.detail.operator} needs your consent on its own page; you will come back here afterwards.`);
});
// leaving for the operator's page (the consent notice is up): keep the shipping details for the way back
window.addEventListener('pagehide', () => {
  if (widget.getAttribute('state') === 'consent') save();
});
widget.addEventListener('idmobile-error', (e) => {
  addLog(e.type, e.detail);
  setOrder('error', errorStatus(e.detail));
});

form.addEventListener('input', (e) => {
  // the widget's own inputs live in its shadow root: their events reach here retargeted to the widget
  if (e.target !== widget) prefillWidget();
  else if (widget.getAttribute('state') === 'idle' && orderStatus.dataset['status'] !== 'waiting') {
    // editing a detail in the widget clears its outcome: the order waits for a new check
    setOrder('waiting', 'Your details changed: verify your identity again to place your order.');
  }
});
form.addEventListener('reset', () => {
  // the form resets its controls (and the widget, which is form-associated) after this event
  setTimeout(() => {
    widget.identity = identityFrom(readShipping(), '');
    widget.phone = '';
    widget.reset();
    setOrder('waiting', 'Verify your identity to place your order.');
    log = [];
    renderLog();
    sessionStorage.removeItem(STORAGE_KEY);
  });
});
form.addEventListener('submit', (e) => {
  const result = widget.result;
  if (!result || result.verdict === 'rejected') {
    e.preventDefault();
    return;
  }
  sessionStorage.removeItem(STORAGE_KEY);
});
$('#clear-log').addEventListener('click', () => {
  log = [];
  renderLog();
});

renderSubscribers();
renderMagicNumbers();
restore();
prefillWidget();
renderLog();
