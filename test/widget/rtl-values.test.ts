/**
 * Issue 23, right-to-left: in a right-to-left page (an Arabic or Hebrew shop embedding the widget), the phone
 * number, e-mail, postal code and date keep their own direction. The phone input is left to right; each value of
 * the read-only summary is isolated (`dir="auto"`), so that "06 12 34 56 78" is not shown as "78 56 34 12 06"
 * and "12 rue…" does not put its street number at the end. Checked on the layout itself: a value's first
 * character is drawn left of its last one.
 */
import { expect, fixture } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { CAMILLE, CAMILLE_TYPED_PHONE, q, qa } from './helpers.js';

/** The widget inside `<div dir="rtl" lang="ar">`, prefilled (phone and identity) when `prefilled`. */
async function mountRtl(attrs: string, prefilled: boolean): Promise<IdmobileCheck> {
  const page = await fixture<HTMLDivElement>(
    `<div dir="rtl" lang="ar"><idmobile-check relay-url="/r" lang="fr" ${attrs}></idmobile-check></div>`,
  );
  const el = page.querySelector<IdmobileCheck>('idmobile-check')!;
  if (prefilled) {
    el.phone = CAMILLE_TYPED_PHONE;
    el.identity = { ...CAMILLE, address: { ...CAMILLE.address } };
  }
  await el.updateComplete;
  return el;
}

/** Whether the text of `el` is drawn left to right: its first character's box starts left of its last one's. */
function drawnLeftToRight(el: Element): boolean {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, (n) =>
    n.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP,
  );
  const text = walker.nextNode() as Text;
  const start = text.data.search(/\S/);
  const end = text.data.trimEnd().length - 1;
  const box = (i: number) => {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    return range.getBoundingClientRect();
  };
  return box(start).left < box(end).left;
}

const ALL = 'fields="gender given_name family_name birthdate email address"';

describe('<idmobile-check> in a right-to-left page', () => {
  it('is accessible, with the summary', async () => {
    const el = await mountRtl(`${ALL} editable=""`, true);
    await expect(el).to.be.accessible();
  });

  it('is accessible, with the inputs', async () => {
    const el = await mountRtl(ALL, false);
    await expect(el).to.be.accessible();
  });

  it('the phone input is left to right (the page around it stays right to left)', async () => {
    const el = await mountRtl(ALL, false);
    const phone = q<HTMLInputElement>(el, 'input[name="phone"]')!;
    expect(getComputedStyle(el).direction).to.equal('rtl');
    // Chromium's own style sheet makes a tel input left to right, the others do not: the attribute does, everywhere
    expect(phone.dir).to.equal('ltr');
    expect(getComputedStyle(phone).direction).to.equal('ltr');
    expect(getComputedStyle(phone).textAlign, "aligned on the page's start side").to.equal('right');
  });

  it('every summary value keeps its own direction: phone, names, date, e-mail, address', async () => {
    const el = await mountRtl(`${ALL} editable=""`, true);
    const rows = qa(el, '[part="summary"] dl > div');
    const values = rows.map((row) => row.querySelector('dd')!);
    expect(rows.map((row) => row.querySelector<HTMLElement>('[data-field]')!.dataset['field'])).to.deep.equal([
      'phone',
      'gender',
      'given_name',
      'family_name',
      'birthdate',
      'email',
      'address',
    ]);
    expect(values[0]!.textContent.trim()).to.equal(CAMILLE_TYPED_PHONE);
    for (const dd of values) {
      expect(drawnLeftToRight(dd), dd.textContent).to.equal(true);
      expect(getComputedStyle(dd).unicodeBidi, dd.textContent).to.equal('isolate');
    }
  });
});
