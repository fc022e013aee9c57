/**
 * (v3) The shopper always has a way through (issue 23, DESIGN "the way through", "v3 precisions" 1): a retryable
 * error offers one retry, and when that retry (the retry control or a new press of the submit) fails again, the
 * next steps and the page's fallback instead of the same "try again" line; integration errors, 13 and a blocked
 * consent redirect repeat whatever the shopper does: next steps at once, never a retry. Honest copy (the page
 * loaded: a network failure is the service's, not "your internet connection"); one primary action while the
 * consent notice shows; "ask again" after a refused consent; "still checking" after 5 s on the element's clock.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import type { ErrorDetail } from '../../src/widget/events.js';
import { CAMILLE, clickSubmit, fillValid, mount, q, shownErrorId, waitState } from './helpers.js';
import { FakeClock, settle } from './fake-clock.js';
import { SEED_SCORES, StubRelay, type Reply } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => {
  relay.restore();
  sessionStorage.clear();
});

const error = (id: string, status = 200): Reply => ({
  json: { status: 'error', error_id: id, error_type: `type ${id}` },
  status,
});

/** Retryable failures, as the relay (or the network) gives them. */
const RETRYABLE: Array<[id: string, reply: Reply]> = [
  ['network', { network: true }],
  ['bad_response', { text: '<html><body>502 Bad Gateway</body></html>', status: 502 }],
  ['R502', error('R502', 502)],
  ['R503', error('R503', 503)],
  ['R504', error('R504', 504)],
  ['R429', { json: { status: 'error', error_id: 'R429', error_type: 'too many', retry_after: 30 }, status: 429 }],
  ['12', error('12')],
  ['16', error('16')],
  ['18', error('18')],
  ['99', error('99')],
];
/** Errors that repeat whatever the shopper does: next steps at once. */
const DEAD_ENDS = ['01', '02', '04', '05', '06', '13'];

async function withFallback(attrs = 'relay-url="/r" lang="en"') {
  const el = await mount(attrs, (e) => {
    const fallback = document.createElement('button');
    fallback.type = 'button';
    fallback.slot = 'fallback';
    fallback.textContent = 'Continue, we will review your order';
    e.append(fallback);
  });
  await fillValid(el);
  return el;
}

const errors = (el: IdmobileCheck) => {
  const seen: ErrorDetail[] = [];
  el.addEventListener('idmobile-error', (e) => seen.push(e.detail));
  return seen;
};

/** Waits for the `n`th error (a fast stub answers before any poll could see `submitting`). */
async function nthError(el: IdmobileCheck, seen: ErrorDetail[], n: number) {
  await waitUntil(() => seen.length >= n, `never ${n} errors (${seen.length})`, { timeout: 5000 });
  await el.updateComplete;
}

/** The way through on show: next steps with edit, other number and the page's fallback; no retry control. */
function expectWayThrough(el: IdmobileCheck) {
  expect(q(el, '[part="retry"]'), 'no retry loop').to.equal(null);
  expect(q(el, '[part="next"] [part="edit"]')).to.not.equal(null);
  expect(q(el, '[part="next"] [part="other-number"]')).to.not.equal(null);
  const slot = q<HTMLSlotElement>(el, '[part="next"] slot[name="fallback"]')!;
  expect(slot.assignedElements()[0]!.textContent).to.contain('review your order');
}

describe('<idmobile-check> a way through from every failure', () => {
  it('is accessible once a retry failed again, with its next steps', async () => {
    relay.reply({ network: true }, { network: true });
    const el = await withFallback();
    const seen = errors(el);
    await clickSubmit(el);
    await nthError(el, seen, 1);
    q(el, '[part="retry"]')!.click();
    await nthError(el, seen, 2);
    expectWayThrough(el);
    await expect(el).to.be.accessible();
  });

  for (const [id, reply] of RETRYABLE) {
    it(`${id}: one retry, then (failing again) the next steps and the fallback, never the same retry`, async () => {
      relay.reply(reply, reply);
      const el = await withFallback();
      const seen = errors(el);
      await clickSubmit(el);
      await nthError(el, seen, 1);
      expect(shownErrorId(el)).to.equal(id);
      expect(q(el, '[part="retry"]'), 'the first failure offers a retry').to.not.equal(null);
      expect(q(el, '[part="next"]')).to.equal(null);
      q(el, '[part="retry"]')!.click();
      await nthError(el, seen, 2);
      expect(shownErrorId(el)).to.equal(id);
      expectWayThrough(el);
      expect(q(el, '[part="next"]')!.textContent).to.contain('Try again later, or continue another way.');
      expect(seen.map((e) => e.retryable)).to.deep.equal([true, false]);
      expect(relay.calls).to.have.length(2);
    });
  }

  it('a new press of the submit counts as the retry too (a page’s "Place order" pressed again)', async () => {
    relay.reply(error('R502', 502), error('R502', 502));
    const el = await withFallback();
    const seen = errors(el);
    await clickSubmit(el);
    await nthError(el, seen, 1);
    await clickSubmit(el);
    await nthError(el, seen, 2);
    expectWayThrough(el);
  });

  it('timeout: a retry that times out again offers the next steps', async () => {
    relay.reply({ hang: true }, { hang: true });
    const el = await withFallback('relay-url="/r" lang="en" timeout="50"');
    const seen = errors(el);
    await clickSubmit(el);
    await nthError(el, seen, 1);
    expect(shownErrorId(el)).to.equal('timeout');
    q(el, '[part="retry"]')!.click();
    await nthError(el, seen, 2);
    expectWayThrough(el);
  });

  it('an answer between two failures starts the count again: the next failure offers its retry', async () => {
    relay.reply(error('R502', 502), { json: { ...SEED_SCORES, verdict: 'inconclusive' } }, error('R502', 502));
    const el = await withFallback();
    const seen = errors(el);
    await clickSubmit(el);
    await nthError(el, seen, 1);
    await clickSubmit(el);
    await waitState(el, 'result');
    await clickSubmit(el);
    await nthError(el, seen, 2);
    expect(q(el, '[part="retry"]')).to.not.equal(null);
    expect(q(el, '[part="next"]')).to.equal(null);
  });

  for (const id of DEAD_ENDS) {
    it(`${id} repeats whatever the shopper does: the next steps at once, never "try again"`, async () => {
      relay.reply(error(id), error(id));
      const el = await withFallback();
      await clickSubmit(el);
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal(id);
      expectWayThrough(el);
      expect(q(el, '[part="error"]')!.textContent).to.not.match(/try again/i);
    });
  }

  it('a network failure is the service’s: no "check your internet connection" (the page itself loaded)', async () => {
    for (const lang of ['en', 'fr']) {
      relay.reply({ network: true });
      const el = await withFallback(`relay-url="/r" lang="${lang}"`);
      await clickSubmit(el);
      await waitState(el, 'error');
      const text = q(el, '[part="error"]')!.textContent;
      expect(text).to.not.match(/internet/i);
      expect(text).to.match(lang === 'en' ? /cannot reach the verification service/ : /injoignable/);
    }
  });
});

describe('<idmobile-check> one primary action, ask again, still checking', () => {
  const consent = { json: { status: 'success', operator: 'Orange', url: 'https://op.example/consent' } };

  it('while the consent notice shows, a submit starts no new check: the focus goes to "Continue"', async () => {
    relay.reply(consent);
    const el = await mount('relay-url="/r" lang="en"', (e) => (e.environment = { navigate: () => undefined }));
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'consent');
    el.submit();
    await clickSubmit(el);
    await el.updateComplete;
    expect(relay.calls).to.have.length(1);
    expect(el.getAttribute('state')).to.equal('consent');
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('continue');
    // the notice's continue is the one primary-styled control: the submit is not filled in then
    const submit = getComputedStyle(q(el, '[part="submit"]')!).backgroundColor;
    const go = getComputedStyle(q(el, '[part="continue"]')!).backgroundColor;
    expect(submit).to.not.equal(go);
  });

  it('after a refused consent: "Ask again" runs the same check with the restored details', async () => {
    const original = window.location.href;
    const url = new URL(original);
    url.search = '?idmobile_return=1&status=error';
    sessionStorage.setItem(
      `idmobile-check:idmobile:${url.pathname}`,
      JSON.stringify({
        v: 1,
        saved_at: Date.now(),
        phone: '+33612345678',
        identity: { given_name: CAMILLE.given_name, family_name: CAMILLE.family_name },
        fields: null,
        session: null,
        submitted: false,
      }),
    );
    history.replaceState(null, '', url);
    try {
      relay.reply(consent);
      const el = await mount('relay-url="/r" lang="en"', (e) => (e.environment = { navigate: () => undefined }));
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal('consent_refused');
      const again = q(el, '[part="consent-again"]')!;
      expect(again.textContent.trim()).to.equal('Ask again');
      again.click();
      await waitState(el, 'consent');
      expect(relay.calls).to.have.length(1);
      expect(relay.calls[0]!.url).to.equal('/r/match');
      expect(relay.calls[0]!.body['phone']).to.equal('+33612345678');
    } finally {
      history.replaceState(null, '', original);
    }
  });

  it('"still checking" after 5 s on the element’s clock, said once in the live region; gone with the answer', async () => {
    const clock = new FakeClock();
    let answer!: (r: Reply) => void;
    relay.reply({ deferred: new Promise<Reply>((r) => (answer = r)) });
    const el = await mount('relay-url="/r" lang="en"', (e) => (e.environment = { clock }));
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'submitting');
    const live = () => q(el, '[role="status"]')!.textContent.trim();
    // the progress in the button from the start
    expect(q(el, '[part="submit"]')!.getAttribute('aria-disabled')).to.equal('true');
    expect(q(el, '[part="submit"] .spinner')).to.not.equal(null);
    await clock.advance(4999);
    await el.updateComplete;
    expect(live()).to.equal('Checking with your mobile operator…');
    expect(q(el, '.note')).to.equal(null);
    await clock.advance(1);
    await el.updateComplete;
    expect(live()).to.equal('Still checking…');
    expect(q(el, '.note')!.textContent).to.equal('Still checking…');
    expect(q(el, '.note')!.getAttribute('aria-hidden'), 'said once, by the live region').to.equal('true');
    answer({ json: { ...SEED_SCORES, verdict: 'verified' } });
    await settle();
    await waitState(el, 'result');
    expect(q(el, '.note')).to.equal(null);
    expect(clock.sleeping, 'no timer left asleep').to.equal(0);
  });
});
