import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/widget/define.js';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { CAMILLE, CAMILLE_TYPED_PHONE, clickSubmit, fill, fillValid, q, shownErrorId, waitState } from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

async function inForm(attrs = '') {
  const form = await fixture<HTMLFormElement>(
    `<form><label>Order note <input name="note" value="n"></label><idmobile-check relay-url="/r" lang="en" ${attrs}></idmobile-check><button>Pay</button></form>`,
  );
  const el = form.querySelector('idmobile-check') as IdmobileCheck;
  await el.updateComplete;
  return { form, el };
}

describe('<idmobile-check> in a form', () => {
  it('is accessible inside a form', async () => {
    const { form } = await inForm();
    await expect(form).to.be.accessible();
  });

  it('is invalid, and says why, until a check has completed', async () => {
    const { form, el } = await inForm();
    expect(form.checkValidity()).to.equal(false);
    expect(el.checkValidity()).to.equal(false);
    expect(el.validity.customError).to.equal(true);
    expect(el.validationMessage).to.equal('Verify your identity before continuing.');
    expect([...new FormData(form).keys()]).to.deep.equal(['note']);
  });

  it('submits the attestation under name="idmobile" once checked', async () => {
    relay.reply({ json: { ...SEED_SCORES, attestation: 'header.payload.sig' } });
    const { form, el } = await inForm();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(form.checkValidity()).to.equal(true);
    expect(el.validationMessage).to.equal('');
    expect(new FormData(form).get('idmobile')).to.equal('header.payload.sig');
  });

  it('uses the name attribute', async () => {
    relay.reply({ json: { ...SEED_SCORES, attestation: 'att' } });
    const { form, el } = await inForm('name="identity_proof"');
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(new FormData(form).get('identity_proof')).to.equal('att');
    expect(new FormData(form).has('idmobile')).to.equal(false);
  });

  it('form reset clears the outcome and makes it invalid again', async () => {
    relay.reply({ json: { ...SEED_SCORES, attestation: 'att' } });
    const { form, el } = await inForm();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    form.reset();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    expect(form.checkValidity()).to.equal(false);
    expect(new FormData(form).has('idmobile')).to.equal(false);
  });

  it('an error leaves it invalid', async () => {
    relay.reply({ json: { status: 'error', error_id: '16', error_type: 'x' } });
    const { form, el } = await inForm();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('16');
    expect(form.checkValidity()).to.equal(false);
  });

  it("the widget's own submit never submits the page's form", async () => {
    relay.reply({ json: SEED_SCORES });
    const { form, el } = await inForm();
    let submitted = 0;
    form.addEventListener('submit', (e) => {
      submitted++;
      e.preventDefault();
    });
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(submitted).to.equal(0);
  });
});

describe('<idmobile-check> after a result', () => {
  it('editing a field clears the stale outcome: idle, no gauges, invalid again, the page hears the input', async () => {
    relay.reply({ json: { ...SEED_SCORES, attestation: 'att' } });
    const { form, el } = await inForm();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    const heard: EventTarget[] = [];
    form.addEventListener('input', (e) => heard.push(e.target!));
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('[name="family_name"]')!;
    input.value = `${CAMILLE.family_name}s`;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.result).to.equal(null);
    expect(el.shadowRoot!.querySelector('[part="gauge"]')).to.equal(null);
    expect(form.checkValidity()).to.equal(false);
    expect(new FormData(form).has('idmobile')).to.equal(false);
    expect(heard).to.deep.equal([el]);
  });

  it('a change event from a field whose value did not change keeps the result', async () => {
    relay.reply({ json: { ...SEED_SCORES, attestation: 'att' } });
    const { form, el } = await inForm();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    for (const name of ['family_name', 'gender', 'address.country']) {
      q(el, `[name="${name}"]`)!.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      await el.updateComplete;
      expect(el.getAttribute('state'), name).to.equal('result');
    }
    expect(el.result?.attestation).to.equal('att');
    expect(new FormData(form).get('idmobile')).to.equal('att');
  });

  it('the page calling submit() while the cursor is still in the last field: the result stays', async () => {
    relay.reply({ json: { ...SEED_SCORES, attestation: 'att' } });
    const { form, el } = await inForm();
    await fill(el, 'phone', CAMILLE_TYPED_PHONE);
    await fill(el, 'given_name', CAMILLE.given_name);
    const last = q<HTMLInputElement>(el, '[name="family_name"]')!;
    last.focus();
    await sendKeys({ type: CAMILLE.family_name }); // real typing: leaving the field will fire a real `change`
    await el.updateComplete;
    el.submit();
    await waitState(el, 'result'); // the result panel takes focus: the field fires `change` as it blurs
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('result');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('result');
    expect(new FormData(form).get('idmobile')).to.equal('att');
  });

  it('a real edit after the result still clears it, select included', async () => {
    relay.reply({ json: { ...SEED_SCORES, attestation: 'att' } });
    const { el } = await inForm();
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    await fill(el, 'gender', 'F');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.result).to.equal(null);
  });
});

describe('<idmobile-check> disabled by its form', () => {
  it('a disabled fieldset disables its controls, without marking the host', async () => {
    const form = await fixture<HTMLFormElement>(
      '<form><fieldset><legend>Identity</legend><idmobile-check relay-url="/r" lang="en"></idmobile-check></fieldset></form>',
    );
    const el = form.querySelector('idmobile-check') as IdmobileCheck;
    await el.updateComplete;
    form.querySelector('fieldset')!.disabled = true;
    await el.updateComplete;
    expect(q<HTMLButtonElement>(el, '[part="submit"]')!.disabled).to.equal(true);
    expect(q<HTMLInputElement>(el, '[name="phone"]')!.disabled).to.equal(true);
    expect(el.getAttributeNames().filter((n) => n.startsWith('data-'))).to.deep.equal([]);
    form.querySelector('fieldset')!.disabled = false;
    await el.updateComplete;
    expect(q<HTMLButtonElement>(el, '[part="submit"]')!.disabled).to.equal(false);
  });
});
