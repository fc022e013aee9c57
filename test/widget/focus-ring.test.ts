/**
 * Issue 23, a visible focus ring on the outcome. After a check the widget moves focus to the result (or error)
 * panel (src/widget/focus-controller.ts): a keyboard or screen-magnifier user must see where it went, whether the
 * check started from a pointer click or the keyboard. `:focus-visible` alone is not enough: after a click, the
 * browsers' heuristics do not show it on a panel focused by script. The ring: at least 2 px, 3:1 against the
 * panel's background in light and dark schemes (WCAG 2.4.7, 1.4.11), and still drawn in forced colours.
 */
import { expect, fixture } from '@open-wc/testing';
import { emulateMedia, resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/widget/define.js';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { fillValid, q, waitState } from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';
import { contrast } from './contrast.js';

let relay: StubRelay;
beforeEach(() => (relay = new StubRelay().install()));
afterEach(() => relay.restore());

/** The widget in a page that declares `scheme` and paints its background in it, as a shop's page would. */
async function inScheme(scheme: 'light' | 'dark'): Promise<{ el: IdmobileCheck; background: string }> {
  const wrapper = await fixture<HTMLDivElement>(
    `<div style="color-scheme: ${scheme}; background: Canvas; color: CanvasText; padding: 8px"><idmobile-check relay-url="/r" lang="en"></idmobile-check></div>`,
  );
  const el = wrapper.querySelector<IdmobileCheck>('idmobile-check')!;
  await el.updateComplete;
  return { el, background: getComputedStyle(wrapper).backgroundColor };
}

/** A real pointer click (not `element.click()`): what the browsers' focus-visible heuristics see. */
async function pointerClick(target: HTMLElement): Promise<void> {
  target.scrollIntoView({ block: 'center' }); // earlier fixtures may have scrolled the page
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
  await resetMouse();
}

/** The focused outcome panel `part` draws a ring: at least 2 px, solid, 3:1 against `background` when given. */
function expectRing(el: IdmobileCheck, part: string, background?: string): void {
  const panel = q(el, `[part="${part}"]`)!;
  expect(el.shadowRoot!.activeElement, 'focus is on the outcome').to.equal(panel);
  const style = getComputedStyle(panel);
  const what = `${part}: outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
  expect(style.outlineStyle, what).to.not.equal('none');
  expect(parseFloat(style.outlineWidth), what).to.be.at.least(2);
  if (background) expect(contrast(style.outlineColor, background), `${what} on ${background}`).to.be.at.least(3);
}

describe('<idmobile-check> focus ring on the outcome', () => {
  it('is accessible with its result focused', async () => {
    relay.reply({ json: SEED_SCORES });
    const { el } = await inScheme('light');
    await fillValid(el);
    el.submit();
    await waitState(el, 'result');
    await expect(el).to.be.accessible();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`a pointer click on the button: the focused result shows its ring (${scheme})`, async () => {
      relay.reply({ json: SEED_SCORES });
      const { el, background } = await inScheme(scheme);
      await fillValid(el);
      await pointerClick(q(el, 'button[part="submit"]')!);
      await waitState(el, 'result');
      expectRing(el, 'result', background);
    });
  }

  it('the keyboard (Enter in a field): the focused result shows its ring', async () => {
    relay.reply({ json: SEED_SCORES });
    const { el, background } = await inScheme('light');
    await fillValid(el);
    q(el, '[name="family_name"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitState(el, 'result');
    expectRing(el, 'result', background);
  });

  it('an error without a retry, after a pointer click: the focused error panel shows its ring', async () => {
    relay.reply({ json: { status: 'error', error_id: '15', error_type: 'operator [Orange] not supported yet' } });
    const { el, background } = await inScheme('dark');
    await fillValid(el);
    await pointerClick(q(el, 'button[part="submit"]')!);
    await waitState(el, 'error');
    expectRing(el, 'error', background);
  });

  it('forced colours: the ring is still drawn', async function () {
    if (!navigator.userAgent.includes('Chrome')) this.skip(); // forced colours are emulated in Chromium only
    await emulateMedia({ forcedColors: 'active' });
    try {
      relay.reply({ json: SEED_SCORES });
      const { el, background } = await inScheme('light');
      await fillValid(el);
      await pointerClick(q(el, 'button[part="submit"]')!);
      await waitState(el, 'result');
      expectRing(el, 'result', background); // the ring takes a system colour that stands against the system's
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });
});
