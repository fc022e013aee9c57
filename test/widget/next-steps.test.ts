/**
 * A next step after every outcome that ends the check for this number (a rejection; errors 09, 10, 14, 15, 17,
 * 21, consent_refused): edit the details, use another number, or the page's own fallback; and the focus rules
 * (never on <body>): a retry keeps focus on its control, a non-retryable error takes focus on its container,
 * the outcome is scrolled into view and focused after the return from consent.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { CAMILLE, CAMILLE_TYPED_PHONE, clickSubmit, fillValid, mount, q, shownErrorId, waitState } from './helpers.js';
import { SEED_SCORES, StubRelay, type Reply } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

const REJECTED = { json: { given_name: 1, family_name: 0.1, verdict: 'rejected', attestation: 'a' } };
const error = (id: string): Reply => ({ json: { status: 'error', error_id: id, error_type: `type ${id}` } });
/** What has the focus inside the widget, said as its part or name (comparing elements would make a failure hard to read). */
const focused = (el: IdmobileCheck) => {
  const a = el.shadowRoot!.activeElement;
  return a ? (a.getAttribute('part') ?? a.getAttribute('name') ?? a.tagName) : 'nothing (body)';
};

async function withFallback(attrs = 'relay-url="/r" lang="en"') {
  const el = await mount(attrs, (e) => {
    const fallback = document.createElement('p');
    fallback.slot = 'fallback';
    fallback.innerHTML = '<a href="#review">Continue, we will review your order</a>';
    e.append(fallback);
  });
  await fillValid(el);
  return el;
}

describe('<idmobile-check> next steps', () => {
  it('is accessible after a rejection, with its next steps', async () => {
    relay.reply(REJECTED);
    const el = await withFallback();
    await clickSubmit(el);
    await waitState(el, 'result');
    await expect(el).to.be.accessible();
  });

  it('rejected: guidance, edit, other number and the page’s fallback', async () => {
    relay.reply(REJECTED);
    const el = await withFallback();
    await clickSubmit(el);
    await waitState(el, 'result');
    const next = q(el, '[part="result"] [part="next"]')!;
    expect(next.textContent).to.contain('birth name');
    expect(next.querySelector('[part="edit"]')).to.not.equal(null);
    expect(next.querySelector('[part="other-number"]')).to.not.equal(null);
    const slot = next.querySelector<HTMLSlotElement>('slot[name="fallback"]')!;
    expect(slot.assignedElements()[0]!.textContent).to.contain('review your order');
  });

  it('verified and inconclusive offer no next steps', async () => {
    relay.reply(
      { json: { ...SEED_SCORES, verdict: 'verified' } },
      { json: { ...SEED_SCORES, verdict: 'inconclusive' } },
    );
    const el = await withFallback();
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(q(el, '[part="next"]')).to.equal(null);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(q(el, '[part="next"]')).to.equal(null);
  });

  for (const id of ['09', '10', '14', '15', '17', '21']) {
    it(`error ${id} ends the check for this number: next steps, the error container focused`, async () => {
      relay.reply(error(id));
      const el = await withFallback();
      await clickSubmit(el);
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal(id);
      expect(q(el, '[part="next"] [part="edit"]')).to.not.equal(null);
      expect(q(el, '[part="next"] [part="other-number"]')).to.not.equal(null);
      expect(q(el, '[part="next"] slot[name="fallback"]')).to.not.equal(null);
      expect(q(el, '[part="retry"]')).to.equal(null);
      expect(focused(el)).to.equal('error');
    });
  }

  it('a first retryable error (16) offers its retry, no next steps yet', async () => {
    relay.reply(error('16'));
    const el = await withFallback();
    await clickSubmit(el);
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('16');
    expect(q(el, '[part="retry"]')).to.not.equal(null);
    expect(q(el, '[part="next"]')).to.equal(null);
  });

  for (const id of ['13', '01']) {
    it(`(v3) error ${id} repeats whatever the shopper does: next steps, never a retry`, async () => {
      relay.reply(error(id));
      const el = await withFallback();
      await clickSubmit(el);
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal(id);
      expect(q(el, '[part="next"] [part="other-number"]')).to.not.equal(null);
      expect(q(el, '[part="retry"]')).to.equal(null);
    });
  }

  it('"use another number": outcome cleared, an empty phone input focused, the rest kept', async () => {
    relay.reply(error('10'));
    const el = await withFallback();
    await clickSubmit(el);
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('10');
    q<HTMLButtonElement>(el, '[part="other-number"]')!.click();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    const phone = q<HTMLInputElement>(el, '[name="phone"]')!;
    expect(phone.value).to.equal('');
    expect(focused(el)).to.equal('phone');
    expect(phone.getAttribute('aria-invalid')).to.equal('false');
    expect(q<HTMLInputElement>(el, '[name="given_name"]')!.value).to.equal(CAMILLE.given_name);
  });

  it('"use another number" makes a phone from the summary editable', async () => {
    relay.reply(REJECTED);
    const el = await mount('relay-url="/r" fields="given_name family_name" editable=""', (e) => {
      e.phone = CAMILLE_TYPED_PHONE;
      e.identity = { given_name: CAMILLE.given_name, family_name: CAMILLE.family_name };
    });
    expect(q(el, '[name="phone"]')).to.equal(null);
    await clickSubmit(el);
    await waitState(el, 'result');
    q<HTMLButtonElement>(el, '[part="other-number"]')!.click();
    await el.updateComplete;
    expect(focused(el)).to.equal('phone');
  });

  it('"edit my details" after a rejection focuses the field that does not match', async () => {
    relay.reply(REJECTED);
    const el = await mount('relay-url="/r" fields="given_name family_name" editable=""', (e) => {
      e.phone = CAMILLE_TYPED_PHONE;
      e.identity = { given_name: CAMILLE.given_name, family_name: 'Nartin' };
    });
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(q(el, '[part="summary"] [part="edit"]'), 'one edit control at a time').to.equal(null);
    q<HTMLButtonElement>(el, '[part="next"] [part="edit"]')!.click();
    await el.updateComplete;
    expect(focused(el)).to.equal('family_name');
  });
});

describe('<idmobile-check> focus rules', () => {
  it('a retry keeps focus on the retry control while it runs; failing again, the error with its next steps', async () => {
    let release!: (r: Reply) => void;
    relay.reply(error('16'), { deferred: new Promise<Reply>((r) => (release = r)) });
    const el = await withFallback();
    await clickSubmit(el);
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('16');
    const retry = q<HTMLButtonElement>(el, '[part="retry"]')!;
    expect(focused(el)).to.equal('retry');
    retry.click();
    await el.updateComplete;
    // observed while the retry runs, asserted once it is over (a test never ends with a request pending)
    const during = {
      state: el.getAttribute('state'),
      sameControl: q(el, '[part="retry"]') === retry,
      ariaDisabled: retry.getAttribute('aria-disabled'),
      focus: focused(el),
    };
    retry.click(); // ignored while busy
    release(error('16'));
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('16');
    expect(during).to.deep.equal({ state: 'submitting', sameControl: true, ariaDisabled: 'true', focus: 'retry' });
    // (v3) the shopper's one retry failed too: no retry loop, the next steps (see way-through.test.ts)
    expect(focused(el)).to.equal('error');
    expect(q(el, '[part="next"]')).to.not.equal(null);
    expect(relay.calls).to.have.length(2);
  });

  it('a non-retryable error takes focus on its container (phone errors included), described by the phone input', async () => {
    relay.reply(error('10'));
    const el = await withFallback();
    await clickSubmit(el);
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('10');
    const box = q(el, '[part="error"]')!;
    expect(focused(el)).to.equal('error');
    const phone = q(el, '[name="phone"]')!;
    expect(phone.getAttribute('aria-invalid')).to.equal('true');
    expect(phone.getAttribute('aria-describedby')!.split(' ')).to.include(box.id);
    // said once: in the error panel, not again under the field
    expect(q(el, '#f-phone-error')!.textContent.trim()).to.equal('');
  });

  it('after the return from consent the outcome is scrolled into view and focused', async () => {
    const original = window.location.href;
    const url = new URL(original);
    url.search = '?idmobile_return=1&token=t&status=success&idmobile_state=s';
    history.replaceState(null, '', url);
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.body.prepend(spacer);
    try {
      relay.reply({ json: { ...SEED_SCORES, attestation: 'a' } });
      const el = await mount('relay-url="/r"');
      await waitState(el, 'result');
      const panel = q(el, '[part="result"]')!;
      expect(focused(el)).to.equal('result');
      const box = panel.getBoundingClientRect();
      expect(box.top).to.be.below(window.innerHeight);
      expect(box.bottom).to.be.above(0);
    } finally {
      spacer.remove();
      history.replaceState(null, '', original);
    }
  });

  it('a refused consent: the error is scrolled into view and focused, with its next steps', async () => {
    const original = window.location.href;
    const url = new URL(original);
    url.search = '?idmobile_return=1&status=error';
    history.replaceState(null, '', url);
    try {
      const el = await mount('relay-url="/r"');
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal('consent_refused');
      expect(focused(el)).to.equal('error');
      expect(q(el, '[part="next"] [part="other-number"]')).to.not.equal(null);
    } finally {
      history.replaceState(null, '', original);
    }
  });
});
