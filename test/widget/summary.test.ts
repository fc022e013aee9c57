/**
 * Checked fields (`fields`) versus fields shown as inputs (`editable`): what the page prefilled and the shopper
 * need not retype is shown in a read-only summary with an edit button; every checked field still gets its gauge.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import {
  CAMILLE,
  CAMILLE_PHONE,
  CAMILLE_TYPED_PHONE,
  captureConsole,
  clickSubmit,
  fill,
  mount,
  q,
  qa,
  waitState,
} from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

const prefill = (phone?: string) => (el: IdmobileCheck) => {
  el.identity = { ...CAMILLE, address: { ...CAMILLE.address } };
  if (phone) el.phone = phone;
};
const inputNames = (el: IdmobileCheck) => qa(el, 'input[name], select[name]').map((i) => i.getAttribute('name') ?? '');

describe('<idmobile-check> checked and editable fields', () => {
  it('is accessible with a summary', async () => {
    const el = await mount('relay-url="/r" lang="en" fields="gender given_name family_name email address"', prefill());
    await expect(el).to.be.accessible();
  });

  it('by default: prefilled checked fields in the summary, the phone and the fields left empty as inputs', async () => {
    const el = await mount('relay-url="/r" lang="en" fields="given_name family_name birthdate email"', (e) => {
      e.identity = { given_name: CAMILLE.given_name, family_name: CAMILLE.family_name };
    });
    expect(inputNames(el)).to.deep.equal(['phone', 'birthdate', 'email']);
    const summary = q(el, '[part="summary"]')!;
    expect(summary.textContent)
      .to.contain(CAMILLE.given_name)
      .and.contain(CAMILLE.family_name)
      .and.contain('First name');
    expect(q(el, '[part="summary"] [part="edit"]')).to.not.equal(null);
  });

  it('the summary says civility and country in words and the address on one line', async () => {
    const el = await mount('relay-url="/r" lang="fr" fields="gender given_name family_name address"', prefill());
    const text = q(el, '[part="summary"]')!.textContent.replace(/\s+/g, ' ');
    expect(text).to.contain('Madame');
    const { street_address, postal_code, locality } = CAMILLE.address;
    expect(text).to.contain(`${street_address}, ${postal_code}, ${locality}, France`);
    expect(text).to.not.contain('FR,');
  });

  const table: Array<[string, string, string[]]> = [
    [
      'editable="all"',
      'all',
      [
        'phone',
        'gender',
        'given_name',
        'family_name',
        'email',
        'address.street_address',
        'address.postal_code',
        'address.locality',
        'address.country',
      ],
    ],
    ['editable="" with the phone prefilled: no input at all', '', []],
    ['editable="phone"', 'phone', ['phone']],
    [
      'editable="address": its four parts',
      'address',
      ['address.street_address', 'address.postal_code', 'address.locality', 'address.country'],
    ],
    ['editable="email given_name"', 'email given_name', ['given_name', 'email']],
  ];
  for (const [name, editable, inputs] of table) {
    it(name, async () => {
      const el = await mount(
        `relay-url="/r" lang="en" fields="gender given_name family_name email address" editable="${editable}"`,
        prefill(CAMILLE_TYPED_PHONE),
      );
      expect(inputNames(el)).to.deep.equal(inputs);
      expect(!!q(el, '[part="summary"]')).to.equal(inputs.length < 9);
    });
  }

  it('a checked field nobody prefilled is an input even when not editable (there is nothing to summarise)', async () => {
    const el = await mount('relay-url="/r" fields="given_name family_name" editable=""', (e) => {
      e.identity = { given_name: CAMILLE.given_name };
    });
    expect(inputNames(el)).to.deep.equal(['phone', 'family_name']);
  });

  it('an editable name that is not a field is ignored, with a warning', async () => {
    const c = captureConsole('warn');
    try {
      await mount('relay-url="/r" editable="phone shoe_size all"');
      expect(c.lines.join('\n')).to.contain('shoe_size');
      expect(c.lines.join('\n')).to.not.contain('phone,');
    } finally {
      c.restore();
    }
  });

  it('the edit button turns the summary into inputs, focuses the first one, and the values are kept', async () => {
    const el = await mount('relay-url="/r" lang="en" fields="given_name family_name"', prefill(CAMILLE_PHONE));
    q<HTMLButtonElement>(el, '[part="edit"]')!.click();
    await el.updateComplete;
    expect(inputNames(el)).to.deep.equal(['phone', 'given_name', 'family_name']);
    expect(q(el, '[part="summary"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.getAttribute('name')).to.equal('given_name');
    expect(q<HTMLInputElement>(el, '[name="family_name"]')!.value).to.equal(CAMILLE.family_name);
    await expect(el).to.be.accessible();
  });

  it('summary fields are sent and get gauges like the others', async () => {
    relay.reply({ json: SEED_SCORES });
    const el = await mount('relay-url="/r" fields="given_name family_name email" editable="phone"', prefill());
    await fill(el, 'phone', CAMILLE_TYPED_PHONE);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(relay.calls[0]!.body['identity']).to.deep.equal({
      given_name: CAMILLE.given_name,
      family_name: CAMILLE.family_name,
      email: CAMILLE.email,
    });
    expect(qa(el, '[part="gauge"]').map((g) => g.dataset['field'])).to.deep.equal([
      'given_name',
      'family_name',
      'email',
    ]);
  });

  it('a prefilled value that is not valid is shown as an input with its message, not sent', async () => {
    const el = await mount('relay-url="/r" lang="en" fields="given_name family_name email" editable="phone"', (e) => {
      e.identity = { given_name: CAMILLE.given_name, family_name: CAMILLE.family_name, email: 'not-an-email' };
    });
    await fill(el, 'phone', CAMILLE_TYPED_PHONE);
    await clickSubmit(el);
    const email = q<HTMLInputElement>(el, '[name="email"]')!;
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(email);
    expect(relay.calls).to.have.length(0);
  });

  it('reset() puts the edited fields back in the summary', async () => {
    const el = await mount('relay-url="/r" fields="given_name family_name"', prefill());
    q<HTMLButtonElement>(el, '[part="edit"]')!.click();
    await el.updateComplete;
    el.reset();
    await el.updateComplete;
    expect(inputNames(el)).to.deep.equal(['phone']);
  });
});
