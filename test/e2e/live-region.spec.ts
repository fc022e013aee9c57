/**
 * One live region (issue 23: "screen readers hear each status twice, widget and page"): while the demo's check runs
 * and once its verdict is in, the only live region with something to say is the widget's. The page's order status
 * stays on screen and describes "Place order", where the shopper acts.
 */
import { expect, test, type Page } from '@playwright/test';
import { CAMILLE, Checkout, literally } from './helpers.js';

/** The texts of every live region of the page, open shadow roots included, that has something to say. */
async function spokenRegions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const live = (el: Element) => {
      // an explicit aria-live wins over the role's implicit one (the demo's event log: role=log, aria-live=off)
      const ariaLive = el.getAttribute('aria-live');
      if (ariaLive !== null) return ariaLive !== 'off';
      return ['status', 'alert', 'log'].includes(el.getAttribute('role') ?? '');
    };
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (live(el) && el.textContent.trim()) found.push(`${el.localName}: ${el.textContent.trim()}`);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

test('the widget’s live region is the only one that speaks, while checking and after the verdict', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(
    '**/api/idmobile/match',
    async (route) => {
      await held;
      await route.continue();
    },
    { times: 1 },
  );
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  // the check alone (widget.submit(), as a page's own "check" control would): a verified press would place the order
  await c.widget.evaluate((el: HTMLElement & { submit(): void }) => el.submit());
  await expect(c.widget).toHaveAttribute('state', 'submitting');
  await expect.poll(() => spokenRegions(page)).toEqual(['p: Checking with your mobile operator…']);
  release();
  await expect(c.verdict).toHaveAttribute('data-verdict', 'verified');
  expect(await spokenRegions(page)).toEqual(['p: Identity confirmed by your mobile operator.']);
  // the page's status is still on screen, and describes the shopper's next action
  await expect(c.orderStatus).not.toBeEmpty();
  await expect(c.placeOrder).toHaveAccessibleDescription(literally((await c.orderStatus.textContent())!));
});
