/**
 * (v3) The shopper's trip across the consent redirect (DESIGN "Widget contract → The trip" and "v3 precisions"
 * 13): saved in `sessionStorage` under `idmobile-check:<name>:<pathname>` before the widget leaves for the
 * operator (never the identity document number), restored on the return before `/result` with
 * `idmobile-restore`, the page's `session` winning; ignored and deleted once older than 30 minutes; deleted on a
 * final outcome, `reset()`, another number, leaving the notice without navigating; a storage error never blocks
 * the navigation; a reload while waiting resumes the wait; `submit-with-form` finishes the submission.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import type { Environment } from '../../src/widget/environment.js';
import type { IdmobileCheck, RestoreDetail } from '../../src/widget/index.js';
import type { Trip } from '../../src/widget/trip.js';
import { FakeClock, settle } from './fake-clock.js';
import { CAMILLE, CAMILLE_PHONE, clickSubmit, fill, fillValid, mount, q, shownErrorId, waitState } from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';

const PAGE = 'https://shop.example/checkout?cart=42';
const KEY = 'idmobile-check:idmobile:/checkout';
const BACK = `${PAGE}&idmobile_return=1&token=tok-1&status=success&idmobile_state=st`;
const CONSENT = { json: { status: 'success', operator: 'Orange', url: 'https://op.example/consent' } };
const VERIFIED = { json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } };
const NOW = 1_800_000_000_000;
const NAMES = { given_name: CAMILLE.given_name, family_name: CAMILLE.family_name };

/** A `sessionStorage` stand-in. */
class MemoryStore {
  map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
  trip = () => (this.map.has(KEY) ? (JSON.parse(this.map.get(KEY)!) as Trip) : null);
}

let relay: StubRelay;
let store: MemoryStore;
let navigations: string[];
let warnings: string[];
let clock: FakeClock;
beforeEach(() => {
  relay = new StubRelay().install();
  store = new MemoryStore();
  navigations = [];
  warnings = [];
  clock = new FakeClock();
});
afterEach(() => relay.restore());

/** The page's I/O at `href`: the store above, navigations and warnings recorded, time at `now`. */
function environment(href: string, now = NOW): Partial<Environment> {
  return {
    href: () => href,
    replaceHref: (h) => void (href = h),
    navigate: (url) => void navigations.push(url),
    storage: () => store,
    clock: { now: () => now, sleep: (ms, signal) => clock.sleep(ms, signal) },
    poll: { firstDelayMs: 10, maxDelayMs: 40, deadlineMs: 60_000 },
    console: { warn: (m: string) => void warnings.push(m), error: () => undefined },
  };
}

const savedTrip = (over: Partial<Trip> = {}): Trip => ({
  v: 1,
  saved_at: NOW - 60_000,
  phone: CAMILLE_PHONE,
  identity: NAMES,
  fields: 'given_name family_name',
  session: 'trip-session',
  submitted: false,
  ...over,
});

/** Back from the operator with `trip` saved; the page sets its own values first (as a fresh page load does). */
async function back(trip: Trip | null, attrs = '', setup?: (el: IdmobileCheck) => void) {
  if (trip) store.setItem(KEY, JSON.stringify(trip));
  const restores: Array<{ detail: RestoreDetail; callsBefore: number }> = [];
  const el = await mount(`relay-url="/r" lang="en" ${attrs}`, (e) => {
    e.environment = environment(BACK);
    e.addEventListener('idmobile-restore', (ev) =>
      restores.push({ detail: ev.detail, callsBefore: relay.calls.length }),
    );
    setup?.(e);
  });
  return { el, restores };
}

const results = () => relay.calls.filter((c) => c.url === '/r/result');

describe('<idmobile-check> the trip across the consent redirect', () => {
  it('is accessible once restored', async () => {
    relay.reply(VERIFIED);
    const { el } = await back(savedTrip());
    await waitState(el, 'result');
    await expect(el).to.be.accessible();
  });

  it('is saved before navigating to the operator, under the documented key, without the document number', async () => {
    relay.reply({ json: { status: 'error', error_id: 'R428', error_type: 'x', field: 'id_document' }, status: 428 });
    relay.reply(CONSENT);
    let atNavigation: Trip | null = null;
    const el = await mount('relay-url="/r" lang="en" consent="auto" session="s-1"', (e) => {
      e.environment = { ...environment(PAGE), navigate: () => void (atNavigation = store.trip()) };
    });
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'error');
    await fill(el, 'id_document', 'AB123456');
    await clickSubmit(el);
    await waitUntil(() => atNavigation !== null, 'never navigated');
    expect(relay.calls[1]!.body['identity']).to.have.property('id_document'); // sent, but never stored
    expect(atNavigation).to.deep.equal({
      v: 1,
      saved_at: NOW,
      phone: CAMILLE_PHONE,
      identity: NAMES,
      fields: null,
      session: 's-1',
      submitted: false,
    });
    expect(JSON.stringify(store.map.get(KEY))).to.not.contain('AB123456');
  });

  it('is saved when the page cancels idmobile-consent (it navigates itself)', async () => {
    relay.reply(CONSENT);
    const el = await mount('relay-url="/r" lang="en"', (e) => {
      e.environment = environment(PAGE);
      e.addEventListener('idmobile-consent', (ev) => ev.preventDefault());
    });
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'consent');
    expect(navigations).to.deep.equal([]);
    expect(store.trip()?.phone).to.equal(CAMILLE_PHONE);
  });

  it('on return: restored before /result, idmobile-restore fired first, the page’s earlier values replaced', async () => {
    relay.reply(VERIFIED);
    const { el, restores } = await back(savedTrip(), '', (e) => {
      e.phone = '0700000000';
      e.identity = { given_name: 'Page', family_name: 'Default' };
    });
    await waitState(el, 'result');
    expect(restores).to.deep.equal([{ detail: { phone: CAMILLE_PHONE, identity: NAMES }, callsBefore: 0 }]);
    expect(el.phone).to.equal(CAMILLE_PHONE);
    expect(el.identity.given_name).to.equal(CAMILLE.given_name);
    expect(el.fields).to.equal('given_name family_name');
    expect(results()[0]!.body).to.deep.equal({ token: 'tok-1', state: 'st', session: 'trip-session' });
    expect(store.trip(), 'deleted on the final outcome').to.equal(null);
  });

  it('the page’s session, when set (a fresh one per page load), wins over the trip’s', async () => {
    relay.reply(VERIFIED);
    const { el } = await back(savedTrip(), 'session="page-session"');
    await waitState(el, 'result');
    expect(results()[0]!.body['session']).to.equal('page-session');
  });

  const ignored: Array<[string, string | null]> = [
    ['older than 30 minutes', JSON.stringify(savedTrip({ saved_at: NOW - 30 * 60_000 - 1 }))],
    ['from the future', JSON.stringify(savedTrip({ saved_at: NOW + 60_000 }))],
    ['not JSON', '{'],
    ['another version', JSON.stringify({ ...savedTrip(), v: 2 })],
    [
      'with a damaged wait',
      JSON.stringify(
        savedTrip({ pending: { token: 't', state: 's', operator: 'O', until: 'x', interval: 2 } as never }),
      ),
    ],
  ];
  for (const [name, raw] of ignored) {
    it(`a trip ${name} is ignored and deleted: v2’s return, no idmobile-restore`, async () => {
      store.map.set(KEY, raw!);
      relay.reply(VERIFIED);
      const { el, restores } = await back(null);
      await waitState(el, 'result');
      expect(restores).to.deep.equal([]);
      expect(store.map.has(KEY)).to.equal(false);
      expect(results()[0]!.body).to.deep.equal({ token: 'tok-1', state: 'st' });
    });
  }

  it('no trip: v2’s behaviour, no idmobile-restore', async () => {
    relay.reply(VERIFIED);
    const { el, restores } = await back(null);
    await waitState(el, 'result');
    expect(restores).to.deep.equal([]);
  });

  it('consent refused: restored (for “ask again”), then deleted', async () => {
    store.setItem(KEY, JSON.stringify(savedTrip()));
    const el = await mount('relay-url="/r" lang="en"', (e) => {
      e.environment = environment(`${PAGE}&idmobile_return=1&status=error`);
    });
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('consent_refused');
    expect(el.phone).to.equal(CAMILLE_PHONE);
    expect(store.trip()).to.equal(null);
    expect(relay.calls).to.deep.equal([]);
  });

  it('deleted on reset() and on leaving the consent notice without navigating', async () => {
    relay.reply(CONSENT, CONSENT);
    const el = await mount('relay-url="/r" lang="en"', (e) => {
      e.environment = environment(PAGE);
      e.addEventListener('idmobile-consent', (ev) => ev.preventDefault());
    });
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'consent');
    expect(store.trip()).to.not.equal(null);
    el.reset();
    expect(store.trip(), 'reset()').to.equal(null);
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'consent');
    expect(store.trip()).to.not.equal(null);
    await fill(el, 'given_name', 'Other');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(store.trip(), 'details changed').to.equal(null);
  });

  it('deleted on “use another number”', async () => {
    relay.reply({ json: { given_name: 1, family_name: 0.1, verdict: 'rejected', attestation: 'a' } });
    const { el } = await back(savedTrip());
    await waitState(el, 'result');
    store.setItem(KEY, JSON.stringify(savedTrip())); // as if still there
    q<HTMLButtonElement>(el, '[part="other-number"]')!.click();
    expect(store.trip()).to.equal(null);
  });

  it('a storage that throws never blocks the navigation: a console warning instead', async () => {
    relay.reply(CONSENT);
    const el = await mount('relay-url="/r" lang="en" consent="auto"', (e) => {
      e.environment = {
        ...environment(PAGE),
        storage: () => {
          throw new DOMException('storage disabled', 'SecurityError');
        },
      };
    });
    await fillValid(el);
    await clickSubmit(el);
    await waitUntil(() => navigations.length === 1, 'never navigated');
    expect(navigations).to.deep.equal(['https://op.example/consent']);
    expect(warnings.some((w) => w.includes('sessionStorage'))).to.equal(true);
  });

  it('a setItem that throws (quota) never blocks the navigation either', async () => {
    relay.reply(CONSENT);
    const el = await mount('relay-url="/r" lang="en"', (e) => {
      e.environment = {
        ...environment(PAGE),
        storage: () => ({
          getItem: store.getItem,
          removeItem: store.removeItem,
          setItem: () => {
            throw new DOMException('full', 'QuotaExceededError');
          },
        }),
      };
    });
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'consent');
    q<HTMLButtonElement>(el, '[part="continue"]')!.click();
    expect(navigations).to.deep.equal(['https://op.example/consent']);
    expect(warnings).to.have.length(1);
  });

  it('a reload while waiting resumes the wait: polling goes on with the same token', async () => {
    const PENDING = {
      status: 'pending',
      operator: 'Orange',
      token: 'ciba.tok-1',
      state: 'st-1',
      expires_in: 120,
      interval: 2,
    };
    relay.reply({ json: PENDING });
    const first = await mount('relay-url="/r" lang="en" session="s-1"', (e) => (e.environment = environment(PAGE)));
    await fillValid(first);
    await clickSubmit(first);
    await settle();
    await waitState(first, 'waiting');
    const saved = store.trip()!;
    expect(saved.pending).to.deep.equal({
      token: 'ciba.tok-1',
      state: 'st-1',
      operator: 'Orange',
      until: NOW + 120_000,
      interval: 2,
    });
    first.remove(); // the page reloads
    relay.reply(VERIFIED);
    const restores: RestoreDetail[] = [];
    const again = await mount('relay-url="/r" lang="en" session="s-2"', (e) => {
      e.environment = environment(PAGE, NOW + 10_000);
      e.addEventListener('idmobile-restore', (ev) => restores.push(ev.detail));
    });
    await settle();
    expect(again.getAttribute('state')).to.equal('waiting');
    expect(restores).to.have.length(1);
    await clock.advance(5_000);
    await waitState(again, 'result');
    expect(results().at(-1)!.body).to.deep.equal({ token: 'ciba.tok-1', state: 'st-1', session: 's-2' });
    expect(store.trip()).to.equal(null);
  });
});

describe('<idmobile-check submit-with-form> across the consent redirect', () => {
  async function checkout(href: string) {
    const host = await fixture<HTMLDivElement>('<div></div>');
    host.innerHTML = `<form><input name="note" value="n">
        <idmobile-check relay-url="/r" lang="en" fields="given_name family_name" submit-with-form></idmobile-check>
        <button name="action" value="save">Save for later</button>
        <button name="action" value="order">Place order</button></form>`;
    const form = host.querySelector('form')!;
    const el = form.querySelector('idmobile-check')!;
    el.environment = environment(href); // before its first update, where the return is read
    await el.updateComplete;
    const submitted: Array<FormDataEntryValue | null> = [];
    const actions: Array<FormDataEntryValue | null> = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitted.push(new FormData(form).get('idmobile'));
      actions.push(new FormData(form, e.submitter).get('action'));
    });
    const placeOrder = form.querySelector<HTMLButtonElement>('button[value="order"]')!;
    return { form, el, submitted, actions, placeOrder };
  }

  it('the press that left for the operator is remembered in the trip', async () => {
    relay.reply(CONSENT);
    const { form, el, placeOrder } = await checkout(PAGE);
    await fillValid(el);
    placeOrder.click();
    await waitState(el, 'consent');
    q<HTMLButtonElement>(el, '[part="continue"]')!.click();
    expect(navigations).to.have.length(1);
    expect(store.trip()?.submitted).to.equal(true);
    // which button: its place among the form's controls, nothing of its text or value
    expect(store.trip()?.submitter).to.equal(Array.prototype.indexOf.call(form.elements, placeOrder));
    expect(JSON.stringify(store.trip())).not.to.include('order');
  });

  it('a verified return finishes the submission, without a second press', async () => {
    store.setItem(KEY, JSON.stringify(savedTrip({ submitted: true })));
    relay.reply(VERIFIED);
    const { el, submitted, actions } = await checkout(BACK);
    await waitUntil(() => submitted.length === 1, 'the form was never submitted');
    expect(submitted).to.deep.equal(['att']);
    expect(actions, 'none saved: no submitter, as requestSubmit() without one').to.deep.equal([null]);
    expect(el.getAttribute('state')).to.equal('result');
  });

  it('the submission resumed after the return is pressed by the same button as before leaving', async () => {
    const PLACE_ORDER = 3; // note, the element, "Save for later", "Place order"
    store.setItem(KEY, JSON.stringify(savedTrip({ submitted: true, submitter: PLACE_ORDER })));
    relay.reply(VERIFIED);
    const { submitted, actions } = await checkout(BACK);
    await waitUntil(() => submitted.length === 1, 'the form was never submitted');
    expect(actions).to.deep.equal(['order']);
  });

  for (const [name, submitter] of [
    ['not a submit button (the text input)', 0],
    ['past the form’s controls', 99],
    ['not an index', 'x' as unknown as number],
  ] as const)
    it(`a saved submitter ${name}: the form is submitted without one`, async () => {
      store.setItem(KEY, JSON.stringify(savedTrip({ submitted: true, submitter })));
      relay.reply(VERIFIED);
      const { submitted, actions } = await checkout(BACK);
      await waitUntil(() => submitted.length === 1, 'the form was never submitted');
      expect(actions).to.deep.equal([null]);
    });

  it('without a press before leaving, a verified return does not submit', async () => {
    store.setItem(KEY, JSON.stringify(savedTrip()));
    relay.reply(VERIFIED);
    const { el, submitted } = await checkout(BACK);
    await waitState(el, 'result');
    expect(submitted).to.deep.equal([]);
  });
});
