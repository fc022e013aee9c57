/**
 * `submit-with-form`: one "Place order" press runs the check and, on `verified`, submits the page's form; any
 * other outcome keeps the shopper on the widget.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { CAMILLE, CAMILLE_TYPED_PHONE, fill, q, waitState } from './helpers.js';
import { SEED_SCORES, StubRelay, type Reply } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => {
  relay.restore();
  sessionStorage.clear(); // no consent trip left for the next test
});

async function checkout(attrs = 'submit-with-form') {
  const form = await fixture<HTMLFormElement>(
    `<form><label>Note <input name="note" value="n"></label>
      <idmobile-check relay-url="/r" lang="en" fields="given_name family_name" editable="phone" ${attrs}></idmobile-check>
      <button name="action" value="order">Place order</button></form>`,
  );
  const el = form.querySelector('idmobile-check') as IdmobileCheck;
  el.identity = { given_name: CAMILLE.given_name, family_name: CAMILLE.family_name };
  await el.updateComplete;
  await fill(el, 'phone', CAMILLE_TYPED_PHONE);
  // what the page would do on a real submission: record it (and stay on the test page)
  const submitted: Array<{ idmobile: FormDataEntryValue | null; action: FormDataEntryValue | null }> = [];
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form, e.submitter);
    submitted.push({ idmobile: data.get('idmobile'), action: data.get('action') });
  });
  const placeOrder = form.querySelector('button')!;
  return { form, el, submitted, placeOrder };
}

describe('<idmobile-check submit-with-form>', () => {
  it('is accessible in a checkout form', async () => {
    const { form } = await checkout();
    await expect(form).to.be.accessible();
  });

  it('one press: the check runs instead of the submission, and a verified outcome submits the form', async () => {
    relay.reply({ json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } });
    const { el, submitted, placeOrder } = await checkout();
    placeOrder.click();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('submitting');
    expect(submitted, 'held back while checking').to.deep.equal([]);
    await waitUntil(() => submitted.length === 1, 'the form was never submitted');
    expect(submitted).to.deep.equal([{ idmobile: 'att', action: 'order' }]); // the attestation, and the submitter
    expect(relay.calls).to.have.length(1);
  });

  const others: Array<[string, Reply, string]> = [
    ['rejected', { json: { given_name: 0.1, family_name: 0.1, verdict: 'rejected', attestation: 'a' } }, 'result'],
    [
      'inconclusive',
      { json: { given_name: 0.7, family_name: 1, verdict: 'inconclusive', attestation: 'a' } },
      'result',
    ],
    ['an error', { json: { status: 'error', error_id: '16', error_type: 'x' } }, 'error'],
    ['consent', { json: { status: 'success', operator: 'Orange', url: 'https://op.example/c' } }, 'consent'],
  ];
  for (const [name, reply, state] of others) {
    it(`${name}: the shopper stays on the widget, the form is not submitted`, async () => {
      relay.reply(reply);
      const { el, submitted, placeOrder } = await checkout();
      el.environment = { navigate: () => undefined };
      placeOrder.click();
      await waitState(el, state); // rendered: a verified outcome would have submitted in that update
      expect(submitted).to.deep.equal([]);
    });
  }

  it('once a check has completed, the form submits as usual', async () => {
    relay.reply({ json: { given_name: 0.7, family_name: 1, verdict: 'inconclusive', attestation: 'a' } });
    const { el, submitted, placeOrder } = await checkout();
    placeOrder.click();
    await waitState(el, 'result');
    placeOrder.click();
    expect(submitted).to.deep.equal([{ idmobile: 'a', action: 'order' }]);
    expect(relay.calls).to.have.length(1);
  });

  it('invalid inputs: nothing sent, nothing submitted, the first invalid input focused', async () => {
    const { el, submitted, placeOrder } = await checkout();
    await fill(el, 'phone', '01 23 45 67 89');
    placeOrder.click();
    await el.updateComplete;
    expect(relay.calls).to.have.length(0);
    expect(submitted).to.deep.equal([]);
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('phone');
    // and a later verified check started by the widget's own button does not submit the page's form
    relay.reply({ json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } });
    await fill(el, 'phone', CAMILLE_TYPED_PHONE);
    q<HTMLButtonElement>(el, '[part="submit"]')!.click();
    await waitState(el, 'result'); // rendered: a held submission would have been resumed in that update
    expect(submitted).to.deep.equal([]);
  });

  it('a second press while checking sends nothing more and submits once', async () => {
    let release!: (r: Reply) => void;
    relay.reply({ deferred: new Promise<Reply>((r) => (release = r)) });
    const { el, submitted, placeOrder } = await checkout();
    placeOrder.click();
    placeOrder.click();
    release({ json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } });
    await waitUntil(() => submitted.length === 1);
    await el.updateComplete; // the update that resumed the submission is over: nothing else is pending
    expect(submitted).to.have.length(1);
    expect(relay.calls).to.have.length(1);
  });

  it('without the attribute, the form stays invalid until a check has completed (the browser holds it)', async () => {
    const { form, submitted, placeOrder } = await checkout('');
    expect(form.checkValidity()).to.equal(false);
    placeOrder.click();
    expect(submitted).to.deep.equal([]);
    expect(relay.calls).to.have.length(0);
  });

  it('reset() forgets the pending submission', async () => {
    let release!: (r: Reply) => void;
    relay.reply({ deferred: new Promise<Reply>((r) => (release = r)) });
    const { el, submitted, placeOrder } = await checkout();
    placeOrder.click();
    el.reset();
    release({ json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } });
    await waitUntil(() => relay.settled === 1, 'the late answer never arrived');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    expect(submitted).to.deep.equal([]);
  });

  it('outside a form it is inert: no form is submitted, nothing breaks, it works as without the attribute', async () => {
    relay.reply(
      { json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } },
      { json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } },
    );
    // a form elsewhere on the page, which the widget does not belong to
    const page = await fixture<HTMLDivElement>(
      `<div><form><button>Place order</button></form>
        <idmobile-check relay-url="/r" submit-with-form fields="given_name family_name"></idmobile-check></div>`,
    );
    const el = page.querySelector('idmobile-check')!;
    const submits: Event[] = [];
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in e ? e.reason : e.error);
    const onSubmit = (e: Event) => void submits.push(e);
    document.addEventListener('submit', onSubmit, { capture: true });
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      await el.updateComplete;
      expect(el.form, 'in no form').to.equal(null);
      await fill(el, 'phone', CAMILLE_TYPED_PHONE);
      await fill(el, 'given_name', CAMILLE.given_name);
      await fill(el, 'family_name', CAMILLE.family_name);
      const results: Event[] = [];
      el.addEventListener('idmobile-result', (e) => results.push(e));
      el.submit();
      await waitState(el, 'result'); // rendered: inside a form, this update would have submitted it
      expect(submits, 'no form submitted').to.deep.equal([]);
      expect(errors, 'nothing thrown').to.deep.equal([]);
      expect(results).to.have.length(1);
      // and it keeps working as it does without the attribute: its own button checks again
      q<HTMLButtonElement>(el, '[part="submit"]')!.click();
      await waitUntil(() => results.length === 2, 'the second check never ended');
      await el.updateComplete;
      expect(relay.calls).to.have.length(2);
      expect(submits).to.deep.equal([]);
      expect(results).to.have.length(2);
      expect(errors).to.deep.equal([]);
    } finally {
      document.removeEventListener('submit', onSubmit, { capture: true });
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });
});
