import { expect, fixture } from '@open-wc/testing';
import '../../src/widget/define.js';
import type { IdmobileCheck } from '../../src/widget/index.js';

/** The widget inside a wrapper that declares `scheme` and paints its background in it, as a shop's page would. */
async function inScheme(scheme: string): Promise<IdmobileCheck> {
  const wrapper = await fixture<HTMLDivElement>(
    `<div style="color-scheme: ${scheme}; background: Canvas; color: CanvasText"><idmobile-check relay-url="/r" lang="en"></idmobile-check></div>`,
  );
  const el = wrapper.querySelector<IdmobileCheck>('idmobile-check')!;
  await el.updateComplete;
  return el;
}

const LIGHT_TEXT = 'rgb(31, 35, 40)'; // #1f2328
const DARK_TEXT = 'rgb(230, 230, 230)'; // #e6e6e6

describe('<idmobile-check> colour scheme', () => {
  it('is accessible in a dark page', async () => {
    const el = await inScheme('dark');
    await expect(el).to.be.accessible();
  });

  it("follows the page's declared scheme, whatever the shopper's setting: dark", async () => {
    const el = await inScheme('dark');
    expect(getComputedStyle(el).color).to.equal(DARK_TEXT);
  });

  it("follows the page's declared scheme, whatever the shopper's setting: light", async () => {
    const el = await inScheme('light');
    expect(getComputedStyle(el).color).to.equal(LIGHT_TEXT);
  });

  it('a page that declares no scheme gets the light one (the browser default)', async () => {
    const el = await inScheme('normal');
    expect(getComputedStyle(el).color).to.equal(LIGHT_TEXT);
  });
});
