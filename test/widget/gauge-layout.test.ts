/**
 * Issue 23, the gauges where shoppers read them: 200 % text zoom on a phone (values wrap, nothing scrolls
 * sideways), a right-to-left page (bars fill from the start side, values isolated), forced colours (the bar keeps
 * system colours instead of vanishing) and the track's contrast against the panel (3:1, WCAG 1.4.11).
 */
import { expect, fixture } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { IdmobileCheck, IdmobileGauge } from '../../src/widget/index.js';
import { clickSubmit, fillValid, q, waitState } from './helpers.js';
import { StubRelay } from './stub-relay.js';
import { contrast } from './contrast.js';

const SCORES = { given_name: 0.73, family_name: 1, gender: 1, address: { postal_code: 1 } };

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

/** The widget with its result shown, inside `wrapper` (HTML around the element). */
async function shown(wrapper = '<div>%</div>'): Promise<{ el: IdmobileCheck; gauge: IdmobileGauge }> {
  relay.reply({ json: SCORES });
  const host = await fixture<HTMLElement>(
    wrapper.replace('%', '<idmobile-check relay-url="/r" lang="en"></idmobile-check>'),
  );
  const el = host.querySelector('idmobile-check')!;
  await fillValid(el);
  await clickSubmit(el);
  await waitState(el, 'result');
  const gauge = q<IdmobileGauge>(el, '[part="gauge"][data-field="given_name"]')!;
  await gauge.updateComplete;
  return { el, gauge };
}

const part = (g: IdmobileGauge, name: string) => g.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`)!;

describe('<idmobile-gauge> where shoppers read it', () => {
  it('is accessible in a right-to-left page', async () => {
    const { el } = await shown('<div dir="rtl" lang="ar">%</div>');
    await expect(el).to.be.accessible();
  });

  it('200 % text on a 320 px phone: the values wrap, no gauge scrolls sideways', async () => {
    const { el } = await shown('<div style="width: 320px; font-size: 32px; overflow: hidden">%</div>');
    for (const g of el.shadowRoot!.querySelectorAll<IdmobileGauge>('[part="gauge"]')) {
      await g.updateComplete;
      const value = part(g, 'value');
      const right = el.getBoundingClientRect().right + 1;
      expect(value.getBoundingClientRect().right, `${g.dataset['field']}'s value`).to.be.at.most(right);
      expect(value.scrollWidth, `${g.dataset['field']}'s value`).to.be.at.most(value.clientWidth + 1);
    }
  });

  it('right to left: the bar fills from the start side (right), the value is isolated', async () => {
    const { gauge } = await shown('<div dir="rtl">%</div>');
    const fill = part(gauge, 'fill');
    expect(getComputedStyle(fill).transformOrigin).to.match(new RegExp(`^${fill.offsetWidth}px `));
    expect(getComputedStyle(part(gauge, 'value')).unicodeBidi).to.equal('isolate');
    const ltr = await shown();
    expect(getComputedStyle(part(ltr.gauge, 'fill')).transformOrigin).to.match(/^0px /);
  });

  it('the track stands 3:1 against the panel, in light and dark schemes', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      // light-dark() follows the used color-scheme, which the page sets here as a shop's dark theme would
      const { el, gauge } = await shown(`<div style="color-scheme: ${scheme}">%</div>`);
      const panel = getComputedStyle(q(el, '[part="result"]')!.closest('[part="container"]') ?? el).backgroundColor;
      const track = getComputedStyle(part(gauge, 'track')).backgroundColor;
      const background =
        panel === 'rgba(0, 0, 0, 0)' ? (scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(22, 24, 29)') : panel;
      expect(contrast(track, background), `${scheme}: ${track} on ${background}`).to.be.at.least(3);
    }
  });

  it('forced colours: the bar keeps a system colour and the track an outline', async function () {
    if (!navigator.userAgent.includes('Chrome')) this.skip(); // forced colours are emulated in Chromium only
    await emulateMedia({ forcedColors: 'active' });
    try {
      const { gauge } = await shown();
      expect(getComputedStyle(part(gauge, 'fill')).backgroundColor).not.to.equal('rgba(0, 0, 0, 0)');
      expect(getComputedStyle(part(gauge, 'track')).borderTopStyle).to.equal('solid');
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });
});
