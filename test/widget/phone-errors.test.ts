/**
 * An error about the phone number (the operator's 07, 09, 10, 11, or the widget's own validation) when the page
 * prefilled the phone and it sits in the read-only summary: the phone becomes an input (the mechanism of the edit
 * button and "use another number"), marked `aria-invalid="true"` and described by the message, with the number
 * kept for the shopper to correct; a non-retryable error takes the focus on its container, and the focus never
 * falls to `<body>`; the dead ends (09, 10) keep their next steps; the corrected number is sent again.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { clickSubmit, fill, mount, q, waitState } from './helpers.js';
import { SEED_SCORES, StubRelay, type Reply } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

const PREFILLED_PHONE = '06 99 88 77 66';
const error = (id: string): Reply => ({ json: { status: 'error', error_id: id, error_type: `type ${id}` } });

/** The phone and the names prefilled, nothing editable: everything in the summary. */
const SUMMARY_ONLY = 'relay-url="/r" lang="en" fields="given_name family_name" editable=""';
const prefill =
  (phone = PREFILLED_PHONE) =>
  (el: IdmobileCheck) => {
    el.phone = phone;
    el.identity = { given_name: 'Camille', family_name: 'Martin' };
  };

/** What has the focus, said as its part or name; `<body>` when the page's focus is not in the widget. */
const focused = (el: IdmobileCheck) => {
  if (document.activeElement === document.body) return 'body';
  const a = el.shadowRoot!.activeElement;
  return a ? (a.getAttribute('part') ?? a.getAttribute('name') ?? a.tagName) : 'outside the widget';
};

const phoneInput = (el: IdmobileCheck) => q<HTMLInputElement>(el, '[name="phone"]');
/** Whether the widget shows `selector` (a boolean: chai printing a shadow-DOM element in a failure can hang the page). */
const shows = (el: IdmobileCheck, selector: string) => q(el, selector) !== null;

/** The phone is an input marked invalid, described by `describer`, with `value` in it. */
function expectPhoneInvalid(el: IdmobileCheck, describer: HTMLElement, value: string) {
  const phone = phoneInput(el);
  expect(shows(el, '[name="phone"]'), 'the phone is an input').to.equal(true);
  expect(phone!.value).to.equal(value);
  expect(phone!.getAttribute('aria-invalid')).to.equal('true');
  expect(describer.id).to.not.equal('');
  expect(phone!.getAttribute('aria-describedby')!.split(' ')).to.include(describer.id);
}

describe('<idmobile-check> phone errors with the phone in the summary', () => {
  it('is accessible after a phone error turned the summary phone into an input', async () => {
    relay.reply(error('10'));
    const el = await mount(SUMMARY_ONLY, prefill());
    await clickSubmit(el);
    await waitState(el, 'error');
    await expect(el).to.be.accessible();
  });

  for (const id of ['07', '09', '10', '11']) {
    it(`error ${id}: the phone becomes an input, invalid, described by the message, its number kept, the error focused`, async () => {
      relay.reply(error(id));
      const el = await mount(SUMMARY_ONLY, prefill());
      expect(shows(el, '[name="phone"]'), 'in the summary before the check').to.equal(false);
      await clickSubmit(el);
      await waitState(el, 'error');
      const box = q(el, '[part="error"]')!;
      expect(box.dataset['errorId']).to.equal(id);
      expect(box.getAttribute('role')).to.equal('alert');
      expectPhoneInvalid(el, box, PREFILLED_PHONE);
      expect(q(el, '[part="summary"]')!.textContent, 'the phone left the summary').to.not.contain(PREFILLED_PHONE);
      // not retryable: the focus is on the error's container, never on <body>
      expect(shows(el, '[part="retry"]')).to.equal(false);
      expect(focused(el)).to.equal('error');
      await expect(el).to.be.accessible();
    });
  }

  for (const id of ['09', '10']) {
    it(`error ${id} keeps its next steps: "use another number" empties the phone input and focuses it`, async () => {
      relay.reply(error(id));
      const el = await mount(SUMMARY_ONLY, prefill());
      await clickSubmit(el);
      await waitState(el, 'error');
      expect(shows(el, '[part="next"] [part="edit"]')).to.equal(true);
      q<HTMLButtonElement>(el, '[part="next"] [part="other-number"]')!.click();
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('idle');
      expect(phoneInput(el)!.value).to.equal('');
      expect(phoneInput(el)!.getAttribute('aria-invalid')).to.equal('false');
      expect(focused(el)).to.equal('phone');
    });

    it(`error ${id}: "edit my details" shows every field as an input, the first detail focused`, async () => {
      relay.reply(error(id));
      const el = await mount(SUMMARY_ONLY, prefill());
      await clickSubmit(el);
      await waitState(el, 'error');
      q<HTMLButtonElement>(el, '[part="next"] [part="edit"]')!.click();
      await el.updateComplete;
      expect(shows(el, '[part="summary"]'), 'the summary is gone').to.equal(false);
      expect(phoneInput(el)!.value).to.equal(PREFILLED_PHONE);
      expect(focused(el)).to.equal('given_name');
    });
  }

  for (const id of ['07', '09', '10', '11']) {
    it(`error ${id}: the corrected number clears the error and is sent again`, async () => {
      relay.reply(error(id), { json: { ...SEED_SCORES, verdict: 'verified', attestation: 'a' } });
      const el = await mount(SUMMARY_ONLY, prefill());
      await clickSubmit(el);
      await waitState(el, 'error');
      await fill(el, 'phone', '06 12 34 56 78');
      expect(el.getAttribute('state'), 'the error about the old number is gone').to.equal('idle');
      expect(phoneInput(el)!.getAttribute('aria-invalid')).to.equal('false');
      await clickSubmit(el);
      await waitState(el, 'result');
      expect(relay.calls.map((c) => c.body['phone'])).to.deep.equal(['+33699887766', '+33612345678']);
      expect(relay.calls[1]!.body['identity']).to.deep.equal({ given_name: 'Camille', family_name: 'Martin' });
    });
  }

  it('the phone alone in the summary: the summary goes, the focus goes to the error, not to <body>', async () => {
    relay.reply(error('10'));
    const el = await mount('relay-url="/r" lang="en" fields="given_name" editable="given_name"', prefill());
    const edit = q<HTMLButtonElement>(el, '[part="summary"] [part="edit"]')!;
    // the focus inside the summary when the answer arrives (a page calling submit() from a key shortcut)
    edit.focus();
    el.submit();
    await waitState(el, 'error');
    expect(shows(el, '[part="summary"]'), 'the summary is gone').to.equal(false);
    expectPhoneInvalid(el, q(el, '[part="error"]')!, PREFILLED_PHONE);
    expect(focused(el)).to.equal('error');
  });

  it('submit-with-form: the page’s own submit button pressed, the phone error takes the focus in the widget', async () => {
    relay.reply(error('09'));
    const host = await mount(`${SUMMARY_ONLY} submit-with-form`, prefill());
    const form = document.createElement('form');
    const button = Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Place order' });
    host.replaceWith(form);
    form.append(host, button);
    let submitted = 0;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitted++;
    });
    try {
      button.focus();
      button.click();
      await waitState(host, 'error');
      expectPhoneInvalid(host, q(host, '[part="error"]')!, PREFILLED_PHONE);
      expect(focused(host)).to.equal('error');
      expect(submitted, 'the order is not sent').to.equal(0);
    } finally {
      form.remove();
    }
  });

  it('a number refused before any request (a landline): the phone becomes an input with its message, focused', async () => {
    const el = await mount(SUMMARY_ONLY, prefill('01 23 45 67 89'));
    await clickSubmit(el);
    expect(relay.calls).to.have.length(0);
    const message = q(el, '#f-phone-error')!;
    expect(message.textContent.trim()).to.contain('not a mobile number');
    expectPhoneInvalid(el, message, '01 23 45 67 89');
    expect(focused(el)).to.equal('phone');
    await fill(el, 'phone', '06 12 34 56 78');
    expect(phoneInput(el)!.getAttribute('aria-invalid')).to.equal('false');
    relay.reply({ json: { ...SEED_SCORES, attestation: 'a' } });
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(relay.calls.map((c) => c.body['phone'])).to.deep.equal(['+33612345678']);
  });
});
