/**
 * (v3) Editing where the shopper typed ("v3 precisions" 7, issue 23): each summary row has its own "Change"
 * control (`part="edit-field"`, `data-field`) firing the cancelable `idmobile-edit` `{field}`. Cancelled (the page
 * focuses its own field), the widget does nothing more; not cancelled, that row becomes an input and takes the
 * focus. An inconclusive result names the field to check, and its edit control does the same for that field.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { CAMILLE, CAMILLE_TYPED_PHONE, clickSubmit, mount, q, qa, waitState } from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

/** Camille's details prefilled by the page: every checked field in the summary, the phone too. */
async function prefilled(attrs = 'relay-url="/r" lang="en" fields="given_name family_name address" editable=""') {
  return mount(attrs, (el) => {
    el.identity = CAMILLE;
    el.phone = CAMILLE_TYPED_PHONE;
  });
}

const edits = (el: IdmobileCheck, cancel = false) => {
  const seen: string[] = [];
  el.addEventListener('idmobile-edit', (e) => {
    seen.push(e.detail.field);
    if (cancel) e.preventDefault();
  });
  return seen;
};
const focusedName = (el: IdmobileCheck) => el.shadowRoot!.activeElement?.getAttribute('name') ?? null;
const control = (el: IdmobileCheck, field: string) => q(el, `[part="edit-field"][data-field="${field}"]`)!;

describe('<idmobile-check> change one detail', () => {
  it('is accessible with a "Change" control per summary row', async () => {
    const el = await prefilled();
    await expect(el).to.be.accessible();
  });

  it('one control per row, named after its detail', async () => {
    const el = await prefilled();
    expect(qa(el, '[part="edit-field"]').map((b) => b.dataset['field'])).to.deep.equal([
      'phone',
      'given_name',
      'family_name',
      'address',
    ]);
    expect(control(el, 'given_name').getAttribute('aria-label')).to.equal('Change First name');
    expect(control(el, 'address').getAttribute('aria-label')).to.equal('Change Address');
  });

  const rows: Array<[field: string, input: string]> = [
    ['given_name', 'given_name'],
    ['phone', 'phone'],
    ['address', 'address.street_address'],
  ];
  for (const [field, input] of rows) {
    it(`not cancelled: "${field}" becomes an input (${input}), focused; the other rows stay in the summary`, async () => {
      const el = await prefilled();
      const seen = edits(el);
      control(el, field).click();
      await el.updateComplete;
      expect(seen).to.deep.equal([field]);
      expect(focusedName(el)).to.equal(input);
      expect(q<HTMLInputElement>(el, `[name="${input}"]`)!.value).to.not.equal('');
      expect(q(el, '[part="edit-field"][data-field="family_name"]')).to.not.equal(null);
      expect(q(el, '[name="family_name"]')).to.equal(null);
    });
  }

  it('cancelled: the widget does nothing more (the page focuses its own field)', async () => {
    const el = await prefilled();
    const seen = edits(el, true);
    control(el, 'family_name').click();
    await el.updateComplete;
    expect(seen).to.deep.equal(['family_name']);
    expect(q(el, '[name="family_name"]')).to.equal(null);
    expect(el.getAttribute('state')).to.equal('idle');
  });

  it('an inconclusive result names the field to check; its control fires idmobile-edit and focuses that field', async () => {
    relay.reply({ json: { ...SEED_SCORES, verdict: 'inconclusive' } });
    const el = await prefilled();
    const seen = edits(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    const toCheck = qa(el, '[part="gauge"]').find((g) => /partial|mismatch/.test(g.dataset['band'] ?? ''))!;
    const field = toCheck.dataset['field']!;
    const line = q(el, '[part="result"] [part="check-field"]')!;
    expect(line.textContent).to.contain('Check “').and.contain('it does not quite match');
    const edit = q(el, `[part="result"] [part="edit"][data-field="${field}"]`)!;
    expect(edit.getAttribute('aria-describedby')).to.equal(line.id);
    // the field to check comes before the gauges
    expect(line.compareDocumentPosition(toCheck) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    edit.click();
    await el.updateComplete;
    expect(seen).to.deep.equal([field]);
    expect(focusedName(el)).to.equal(field);
  });

  // "Edit my details" (a rejection's next step): the first detail to fix, named to the page like a row's "Change"
  it('"Edit my details" fires idmobile-edit with the first mismatch; cancelled, no second copy of the form', async () => {
    relay.reply({ json: { given_name: 1, family_name: 0, verdict: 'rejected' } });
    const el = await prefilled();
    const seen = edits(el, true);
    await clickSubmit(el);
    await waitState(el, 'result');
    q<HTMLButtonElement>(el, '[part="next"] [part="edit"]')!.click();
    await el.updateComplete;
    expect(seen).to.deep.equal(['family_name']);
    expect(qa(el, 'input:not([type="hidden"]), select').map((i) => i.getAttribute('name'))).to.not.include.members([
      'given_name',
      'family_name',
    ]);
  });

  it('"Edit my details" not cancelled: every checked field an input, the first mismatch focused', async () => {
    relay.reply({ json: { given_name: 1, family_name: 0, verdict: 'rejected' } });
    const el = await prefilled();
    const seen = edits(el);
    await clickSubmit(el);
    await waitState(el, 'result');
    q<HTMLButtonElement>(el, '[part="next"] [part="edit"]')!.click();
    await el.updateComplete;
    expect(seen).to.deep.equal(['family_name']);
    expect(q(el, '[name="given_name"]')).to.not.equal(null);
    expect(focusedName(el)).to.equal('family_name');
  });

  it('verified and rejected name no field to check', async () => {
    relay.reply(
      { json: { ...SEED_SCORES, verdict: 'verified' } },
      { json: { given_name: 1, family_name: 0, verdict: 'rejected' } },
    );
    const el = await prefilled();
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(q(el, '[part="check-field"]')).to.equal(null);
    await clickSubmit(el);
    await waitState(el, 'result');
    expect(q(el, '[part="check-field"]')).to.equal(null);
  });
});
