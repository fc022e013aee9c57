/**
 * The demo checkout (index.html), in its two integrations (`<html data-integration>`):
 *
 * - `one-press` (`/`, the main one): the shopper types their details once, in the shop's form. The page copies them
 *   into `<idmobile-check>` (`identity`, `phone`), which shows them as a read-only summary (`fields` names what is
 *   checked, `editable=""` keeps every prefilled detail out of the inputs) and, with `submit-with-form`, turns the
 *   one "Place order" press into the check, then the order once the operator has `verified` it. After a rejection
 *   or a dead end, the widget offers its next steps and the shop's fallback (slot `fallback`): an order that our
 *   team reviews by hand, sent without an attestation.
 * - `all-inputs` (`/demo/all-inputs.html`, for comparison): every detail again as an input in the widget
 *   (`editable="all"`), its own Verify button, then "Place order".
 *
 * What a merchant's page does with the widget is all here: set `identity` and `phone`, listen to the four events,
 * let the form carry the attestation (the widget is form-associated), verify it on the server.
 */
import '../src/widget/define.js';
import type { ErrorDetail, IdmobileCheck, Identity, ResultDetail } from '../src/widget/index.js';
import { isPhoneError } from '../src/protocol/errors.js';
import { checkPhone } from '../src/protocol/phone.js';
import type { Subscriber } from '../src/testmode/registry.js';
import { t, type CopyKey } from './copy.js';
import { addLog, clearLog, logEntries, restoreLog, setUpLog } from './event-log.js';
import { demoUpstream, type DemoUpstream } from './flows.js';
import { onPreferences, preferences, setUpPreferences } from './preferences.js';
import { renderTestNumbers } from './test-numbers.js';

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
const $ = <T extends Element>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`demo: ${selector} missing from the page`);
  return el;
};

const onePress = document.documentElement.dataset['integration'] !== 'all-inputs';
const form = $<HTMLFormElement>('#checkout');
const widget = $<IdmobileCheck>('#idcheck');
const placeOrder = $<HTMLButtonElement>('#place-order');
const orderStatus = $<HTMLParagraphElement>('#order-status');
const identityWait = $<HTMLParagraphElement>('#identity-wait');
const reviewButton = $<HTMLButtonElement>('#review-order');
const startOverDialog = $<HTMLDialogElement>('#start-over-dialog');
/** The order's date of birth, as the shopper gave it in the widget (comparison page; the server checks it). */
const orderBirthdate = $<HTMLInputElement>('#order-birthdate');
const orderLang = $<HTMLInputElement>('#order-lang');
/** The operator flow this page demos (`?upstream=`, rendered by the server) and its simulator's base path. */
const flow: DemoUpstream = (() => {
  try {
    return demoUpstream(document.documentElement.dataset['upstream'], 'data-upstream');
  } catch {
    return 'dqe';
  }
})();
const simulatorPath = document.documentElement.dataset['simulator'] ?? '/simulator';

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

/** The widget's `identity` from the shipping form (the date of birth is only asked on the comparison page). */
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

/** The details the main integration checks: what the shop's form holds (the title only when the shopper gave one). */
function checkedFields(s: Shipping): string {
  return `${s.gender ? 'gender ' : ''}given_name family_name email address`;
}

/**
 * The shop's required details: every shipping field but the title (optional) and the country (a select that always
 * has one). The widget appears once they are all there, as a summary with nothing to type.
 */
const REQUIRED: readonly ShippingField[] = SHIPPING_FIELDS.filter((f) => f !== 'gender' && f !== 'country');
let revealed = !onePress;

/** The widget appears once the details are complete, or as soon as it has an outcome to show (focus goes there). */
function revealWhenComplete(s: Shipping): void {
  const state = widget.getAttribute('state');
  const outcome = state !== null && state !== 'idle';
  if (!revealed && (outcome || REQUIRED.every((f) => s[f] !== ''))) revealed = true;
  widget.hidden = !revealed;
  identityWait.hidden = revealed;
}

/** Copies the shipping form into the widget. A verdict about other details is stale: the check starts over. */
function prefillWidget(): void {
  const state = widget.getAttribute('state');
  const stale = state === 'result' || state === 'consent' || state === 'error';
  const shipping = readShipping();
  widget.identity = identityFrom(shipping, widget.identity.birthdate ?? '');
  widget.phone = shipping.phone;
  if (onePress) {
    widget.fields = checkedFields(shipping);
    revealWhenComplete(shipping);
  }
  if (stale) {
    widget.reset(); // back to the prefilled values: the ones just set
    setOrder('waiting', onePress ? 'statusChanged' : 'statusChangedAll');
  }
}

/**
 * The other way: a detail the shopper corrected in the widget (its edit button, "use another number") is the
 * order's detail too, so that the server finds on the order what the operator checked.
 */
function syncFromWidget(): void {
  fillShipping(widget.identity, widget.phone);
}

/** The shipping form from an identity and a phone: the widget's, or the trip it restored (`idmobile-restore`). */
function fillShipping(i: Identity, phone: string): void {
  const a = i.address ?? {};
  writeShipping({
    gender: i.gender ?? '',
    given_name: i.given_name ?? '',
    family_name: i.family_name ?? '',
    email: i.email ?? '',
    phone,
    street_address: a.street_address ?? '',
    postal_code: a.postal_code ?? '',
    locality: a.locality ?? '',
    country: a.country || 'FR',
  });
}

// ---- "Place order" and the status line follow the check ----------------------------------------------------

type OrderStatus =
  'waiting' | 'checking' | 'approval' | 'consent' | 'verified' | 'inconclusive' | 'rejected' | 'error' | 'review';

/** The status on show, kept to say it again in the other language. */
let status: { status: OrderStatus; key: CopyKey; values: Record<string, string> } = {
  status: 'waiting',
  key: onePress ? 'statusWaiting' : 'statusWaitingAll',
  values: {},
};

function renderStatus(): void {
  orderStatus.dataset['status'] = status.status;
  orderStatus.textContent = t(preferences().lang, status.key, status.values);
}

/**
 * One press: "Place order" stays focusable and is only `aria-disabled` while the check runs or when the order
 * cannot go on with this outcome (the next steps are in the widget). The comparison page disables it until a
 * verdict the shop accepts, as integrations without `submit-with-form` do.
 */
function setOrder(next: OrderStatus, key: CopyKey, values: Record<string, string> = {}, held = false): void {
  status = { status: next, key, values };
  // one primary action per state: while checking, waiting for the approval or showing the consent notice (whose
  // "Continue to <operator>" is the action), "Place order" starts nothing
  if (onePress)
    placeOrder.setAttribute(
      'aria-disabled',
      String(next === 'checking' || next === 'approval' || next === 'consent' || held),
    );
  else placeOrder.disabled = !(next === 'verified' || next === 'inconclusive');
  renderStatus();
}

/** A "Place order" press is what started the running check (then a verified outcome places the order). */
let pressed = false;

function onResult(detail: ResultDetail): void {
  if (detail.verdict === 'verified') setOrder('verified', onePress && pressed ? 'statusPlacing' : 'statusVerified');
  else if (detail.verdict === 'inconclusive')
    setOrder('inconclusive', onePress ? 'statusInconclusive' : 'statusInconclusiveAll');
  else setOrder('rejected', 'statusRejected', {}, true);
  pressed = false;
}

async function onError(e: ErrorDetail): Promise<void> {
  pressed = false;
  await widget.updateComplete;
  // the widget offers its next steps (and the shop's fallback) when the check cannot succeed with this number
  const deadEnd = widget.shadowRoot?.querySelector('[part="next"]') != null;
  if (e.id === 'consent_refused' || e.id === '21') setOrder('error', 'statusRefused', {}, true);
  else if (deadEnd) setOrder('error', 'statusDeadEnd', {}, true);
  else if (isPhoneError(e.id)) setOrder('error', 'statusPhone');
  else setOrder('error', onePress ? 'statusRetry' : 'statusRetryAll');
}

// ---- the subscriber's phone: CIBA's approval, in the simulator ------------------------------------------------
// While the widget waits for the subscriber's approval (`idmobile-pending`), the page links to the simulator's
// "subscriber's phone" for the number checked, in a new tab: the demo user approves or refuses there (or lets the
// simulated subscriber answer by itself after a few seconds).

const phoneLink = Object.assign(document.createElement('p'), { id: 'subscriber-phone', hidden: true });
phoneLink.className = 'small';
const phoneAnchor = Object.assign(document.createElement('a'), { target: '_blank', rel: 'noopener' });
phoneLink.append(phoneAnchor);
orderStatus.after(phoneLink);

/** The simulator's phone page for the number being checked. */
function phonePageHref(): string {
  const shipping = readShipping();
  const phone = checkPhone(widget.phone, shipping.country || 'FR');
  const number = phone.ok ? phone.e164 : widget.phone;
  return `${simulatorPath}/camara/phone?${new URLSearchParams({ number, lang: preferences().lang }).toString()}`;
}

function showPhoneLink(show: boolean): void {
  phoneLink.hidden = !show;
  if (show) phoneAnchor.href = phonePageHref();
  phoneAnchor.textContent = t(preferences().lang, 'phoneLink');
}

// ---- the fallback: an order our team reviews by hand --------------------------------------------------------

const reviewField = Object.assign(document.createElement('input'), { type: 'hidden', name: 'review', value: '' });
form.append(reviewField);
/** A review is being sent (set before the submission, which the capture listener below lets past the widget). */
let reviewing = false;
let reviewSent = false;

/**
 * The shop's fallback after a dead end: the order goes to the shop without an attestation (a disabled
 * form-associated element submits nothing) and marked for review; the server never takes it for verified.
 */
function sendForReview(): void {
  reviewing = true;
  reviewSent = false;
  reviewField.value = '1';
  widget.toggleAttribute('disabled', true);
  form.requestSubmit(); // the shop's own checks of its form still apply
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the submit listener that requestSubmit runs
  if (reviewSent) setOrder('review', 'statusReview', {}, true);
  else undoReview(); // the form is not valid: the browser says why
}

function undoReview(): void {
  reviewing = false;
  reviewField.value = '';
  widget.toggleAttribute('disabled', false);
}

// ---- the way to the operator's consent page and back ----------------------------------------------------------
// The consent page is a full navigation away, and the page keeps none of the shop's details itself: the widget
// keeps its trip and, back on a freshly loaded page, gives the details back (`idmobile-restore`), which refill the
// shipping form (what a merchant's page does). Only the demo's event log, which is not the shop's, is kept in
// sessionStorage for the trip, and removed as soon as the shopper is back.

const LOG_KEY = 'idmobile-demo-log';

function saveLog(): void {
  try {
    sessionStorage.setItem(LOG_KEY, JSON.stringify(logEntries()));
  } catch {
    /* private mode or storage full: the demo simply forgets */
  }
}

function restoreSavedLog(): void {
  try {
    const saved = sessionStorage.getItem(LOG_KEY);
    sessionStorage.removeItem(LOG_KEY);
    if (saved) restoreLog(JSON.parse(saved));
  } catch {
    /* unreadable: the log starts empty */
  }
}

// ---- the test mode's numbers ---------------------------------------------------------------------------------

const COUNTRY_CODES: Record<string, string> = {
  France: 'FR',
  Belgique: 'BE',
  Belgium: 'BE',
  Suisse: 'CH',
  Switzerland: 'CH',
};

/** A fictional shopper, for a magic number tried on an empty form (the number decides the outcome, not the name). */
const SAMPLE_SHOPPER: Partial<Shipping> = {
  given_name: 'Alex',
  family_name: 'Durand',
  email: 'alex.durand@example.fr',
  street_address: '1 rue de Rivoli',
  postal_code: '75001',
  locality: 'Paris',
  country: 'FR',
};

const testNumbers = {
  subscriber(s: Subscriber): void {
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
  },
  magic(phone: string): void {
    const s = readShipping();
    // the rest of the order stays as it is; an empty one gets a sample shopper
    const empty = Object.fromEntries(
      Object.entries(SAMPLE_SHOPPER).filter(([k]) => s[k as ShippingField] === '' || k === 'country'),
    );
    writeShipping({ ...(s.given_name ? {} : empty), phone });
    prefillWidget();
  },
};

// ---- start over, after a confirmation ------------------------------------------------------------------------

async function startOver(): Promise<void> {
  form.reset(); // the shop's fields, and the widget (form-associated: its formResetCallback)
  widget.identity = identityFrom(readShipping(), '');
  widget.phone = '';
  widget.reset();
  orderBirthdate.value = '';
  await widget.updateComplete; // its state says idle again: no outcome to show
  revealed = !onePress;
  prefillWidget();
  setOrder('waiting', onePress ? 'statusWaiting' : 'statusWaitingAll');
  clearLog();
}

$('#start-over').addEventListener('click', () => {
  startOverDialog.returnValue = '';
  startOverDialog.showModal();
});
startOverDialog.addEventListener('close', () => {
  if (startOverDialog.returnValue === 'confirm') void startOver();
});

// ---- wiring ----------------------------------------------------------------------------------------------------

widget.addEventListener('idmobile-submit', (e) => {
  orderBirthdate.value = e.detail.request.identity.birthdate ?? '';
  addLog(e.type, e.detail);
  setOrder('checking', 'statusChecking');
});
widget.addEventListener('idmobile-result', (e) => {
  addLog(e.type, e.detail);
  onResult(e.detail);
});
widget.addEventListener('idmobile-consent', (e) => {
  addLog(e.type, e.detail);
  pressed = false;
  setOrder('consent', 'statusConsent', { operator: e.detail.operator });
});
widget.addEventListener('idmobile-pending', (e) => {
  addLog(e.type, e.detail);
  setOrder('approval', 'statusApproval', { operator: e.detail.operator });
  showPhoneLink(true);
});
// back from the operator's page on a freshly loaded page: the widget gives back the details it was checking
widget.addEventListener('idmobile-restore', (e) => {
  fillShipping(e.detail.identity, e.detail.phone);
  orderBirthdate.value = e.detail.identity.birthdate ?? '';
  addLog(e.type, e.detail);
  if (onePress) revealWhenComplete(readShipping());
});
// "Change" on a detail the shop's form holds: the shopper edits it there (no second copy of the shop's form in the
// widget); the page's input events give the widget the new value. A detail only the widget asks for stays its own.
const SHOP_FIELD_OF: Record<string, string> = {
  gender: '#ship-gender',
  given_name: '#ship-given',
  family_name: '#ship-family',
  email: '#ship-email',
  phone: '#ship-phone',
  address: '#ship-street',
  'address.street_address': '#ship-street',
  'address.postal_code': '#ship-postal',
  'address.locality': '#ship-city',
  'address.country': '#ship-country',
};
widget.addEventListener('idmobile-edit', (e) => {
  addLog(e.type, e.detail);
  const selector = SHOP_FIELD_OF[e.detail.field];
  const field = selector ? document.querySelector<HTMLElement>(selector) : null;
  if (!field) return;
  e.preventDefault();
  field.focus();
});
widget.addEventListener('idmobile-reset', (e) => {
  addLog(e.type, e.detail);
});
widget.addEventListener('idmobile-error', (e) => {
  addLog(e.type, e.detail);
  void onError(e.detail);
});
// back to idle (the shopper edited a detail, or chose another number): the order waits for a new check
// an outcome without the details on the page (back from the operator's consent page with the trip's storage gone):
// the widget shows it all the same
new MutationObserver(() => {
  if (widget.getAttribute('state') !== 'waiting') showPhoneLink(false);
  if (widget.getAttribute('state') === 'idle' && status.status !== 'waiting' && status.status !== 'review')
    setOrder('waiting', onePress ? 'statusChanged' : 'statusChangedAll');
  if (onePress) revealWhenComplete(readShipping());
}).observe(widget, { attributes: true, attributeFilter: ['state'] });

// leaving for the operator's page (the consent notice is up): keep the event log for the way back
window.addEventListener('pagehide', () => {
  if (widget.getAttribute('state') === 'consent') saveLog();
});
// back from the order page through the history: the page as it was, minus a review that did not go through
window.addEventListener('pageshow', (e) => {
  if (e.persisted && reviewing) {
    undoReview();
    setOrder('waiting', 'statusWaiting');
  }
});

form.addEventListener('input', (e) => {
  // the widget's own inputs live in its shadow root: their events reach here retargeted to the widget
  if (e.target === widget) syncFromWidget();
  else prefillWidget();
});
// before the widget sees the submission (capture, on the document): a held "Place order" does nothing, and the
// review fallback goes past the widget's check-on-submit
document.addEventListener(
  'submit',
  (e) => {
    if (e.target !== form) return;
    if (reviewing) {
      reviewSent = true;
      e.stopPropagation();
      return;
    }
    if (e.submitter === placeOrder && placeOrder.getAttribute('aria-disabled') === 'true') {
      e.preventDefault();
      e.stopPropagation();
      // the consent notice or the wait for approval: the widget moves the focus to its one action (continue, cancel)
      const state = widget.getAttribute('state');
      if (state === 'consent' || state === 'waiting') widget.submit();
      return;
    }
    // a press that the widget turns into a check (submit-with-form: no outcome yet)
    if (onePress && !widget.result) pressed = true;
  },
  true,
);
form.addEventListener('submit', (e) => {
  const result = widget.result;
  if (!result || result.verdict === 'rejected') {
    e.preventDefault();
  }
});
// the fallback is a plain button (`type="button"`): a submit button there would be the form's default button, and
// Enter in any shop field would send the order to review unverified; sendForReview submits the form itself
reviewButton.addEventListener('click', sendForReview);
// the comparison page: "Place order" waits for a verified outcome (disabled, so no default button): Enter in a shop
// field runs the check, as the main page's "Place order" does
if (!onePress)
  form.addEventListener('keydown', (e) => {
    const field = e.target;
    if (e.key !== 'Enter' || !(field instanceof HTMLInputElement) || !placeOrder.disabled) return;
    e.preventDefault();
    widget.submit();
  });

onPreferences((prefs) => {
  orderLang.value = prefs.lang;
  document.title = t(prefs.lang, onePress ? 'documentTitle' : 'documentTitleAll');
  renderTestNumbers(prefs.lang, testNumbers, flow);
  renderStatus();
  showPhoneLink(widget.getAttribute('state') === 'waiting');
});
setUpPreferences();
setUpLog();
restoreSavedLog();
prefillWidget();
setOrder(status.status, status.key);
