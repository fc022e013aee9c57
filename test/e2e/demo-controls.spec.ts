/**
 * The demo as a developer's first impression (issue 13): the FR/EN and light/dark switches, the test numbers
 * within reach on a phone, "Start over" behind a real confirmation (every page of the demo working: embedding.spec.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { MAGIC_NUMBERS, SUBSCRIBERS } from '../../src/testmode/index.js';
import { CAMILLE, Checkout, expectNoAxeViolations, focused } from './helpers.js';

/** The computed value of a CSS property on an element of the page, or inside the widget's shadow root. */
function computed(page: Page, selector: string, property: string, inWidget = false): Promise<string> {
  return page.evaluate(
    ([sel, prop, shadow]) => {
      const root = shadow ? document.querySelector('idmobile-check')!.shadowRoot! : document;
      return getComputedStyle(root.querySelector(sel)!).getPropertyValue(prop);
    },
    [selector, property, inWidget] as const,
  );
}

test('the language switch: the page and the widget in French, live, kept in the address and over a reload', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();
  await c.pickSubscriber('Camille Martin');
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveText('Identity confirmed by your mobile operator.');

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page).toHaveURL(/[?&]lang=fr/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paiement');
  await expect(page.getByRole('button', { name: /^Commander/ })).toHaveText(/Commander · 176,90\s€/);
  // the widget follows <html lang> live, its outcome included
  await expect(c.verdict).toHaveText('Identité confirmée par votre opérateur.');
  await expect(c.widget.locator('[part="intro"]')).toContainText('votre opérateur mobile confirme');
  await expect(c.gauge('given_name')).toHaveAttribute('aria-valuetext', /Correspond/);
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle(/Paiement/);
  await expectNoAxeViolations(page, 'French');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('region', { name: 'Adresse de livraison' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).not.toHaveURL(/lang=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout');
});

test('the colour scheme switch: the page and the widget follow it, whatever the system says', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const c = new Checkout(page);
  await c.open();
  await c.pickSubscriber('Camille Martin');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const lightPage = await computed(page, 'body', 'background-color');
  const lightWidget = await computed(page, '[part="intro"]', 'color', true);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'dark');
  await expect(page).toHaveURL(/[?&]scheme=dark/);
  expect(await computed(page, 'body', 'background-color')).toBe('rgb(18, 17, 15)');
  expect(await computed(page, 'body', 'background-color')).not.toBe(lightPage);
  // inside the widget too (it declares both schemes for itself: the page's choice must reach it)
  expect(await computed(page, '[part="intro"]', 'color', true)).not.toBe(lightWidget);
  expect(await computed(page, 'idmobile-check', 'color-scheme')).toBe('dark');
  await expectNoAxeViolations(page, 'dark by the switch');

  // with a dark system, the switch turns the page light
  await page.emulateMedia({ colorScheme: 'dark' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await computed(page, 'body', 'background-color')).toBe(lightPage);
  expect(await computed(page, '[part="intro"]', 'color', true)).toBe(lightWidget);
});

test('start over asks first: keep my details keeps the order, clear and start over wipes it', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await c.verifyAndWait('result');
  const startOver = page.getByRole('button', { name: 'Start over' });
  const dialog = page.getByRole('dialog', { name: 'Start over?' });

  await startOver.click();
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(/Your details and the identity check are cleared/);
  await expect(dialog.getByRole('button', { name: 'Keep my details' })).toBeFocused(); // the safe choice first
  await expectNoAxeViolations(page, 'start over dialog');
  await dialog.getByRole('button', { name: 'Keep my details' }).click();
  await expect(dialog).toBeHidden();
  await expect(startOver).toBeFocused();
  await expect(c.shipping.getByLabel('First name')).toHaveValue(CAMILLE.given);
  await expect(c.widget).toHaveAttribute('state', 'result');

  // Escape is "keep" too
  await startOver.click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(c.shipping.getByLabel('Email')).toHaveValue(CAMILLE.email);

  await startOver.click();
  await dialog.getByRole('button', { name: 'Clear and start over' }).click();
  await expect(dialog).toBeHidden();
  for (const label of ['First name', 'Last name', 'Email', 'Mobile phone', 'Street address', 'City']) {
    await expect(c.shipping.getByLabel(label)).toHaveValue('');
  }
  await expect(c.widget).toHaveAttribute('state', 'idle');
  await expect(c.widget).toBeHidden();
  await expect(page.locator('#event-log li')).toHaveCount(0);
  expect(await focused(page)).toBe('button#start-over');
  // and a new order goes through
  await c.fillShipping(CAMILLE);
  await c.placeOrder.click();
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
});

test.describe('on a 390×844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the test numbers are within reach without scrolling, and fill the phone field', async ({ page }) => {
    const c = new Checkout(page);
    await c.open();
    const drawer = page.locator('#test-numbers > summary');
    await expect(drawer).toBeInViewport();
    await drawer.tap();
    expect(await page.evaluate(() => scrollY)).toBe(0);
    const buttons = [
      ...SUBSCRIBERS.map((s) => page.locator(`#subscribers [data-phone="${s.phone}"]`)),
      ...MAGIC_NUMBERS.map((m) => page.locator(`#magic-numbers [data-phone="${m.phone}"]`)),
    ];
    expect(buttons).toHaveLength(SUBSCRIBERS.length + MAGIC_NUMBERS.length);
    for (const b of buttons) await expect(b).toBeInViewport({ ratio: 1 });
    // nothing overflows sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);

    await page.locator('#magic-numbers [data-phone="+33600000014"]').tap();
    await expect(c.shipping.getByLabel('Mobile phone')).toHaveValue('+33600000014');
    await page.locator(`#subscribers [data-phone="${CAMILLE.phone}"]`).tap();
    await expect(c.shipping.getByLabel('Mobile phone')).toHaveValue(CAMILLE.phone);
    await expect(c.shipping.getByLabel('First name')).toHaveValue(CAMILLE.given);
    expect(await page.evaluate(() => scrollY)).toBe(0);
  });
});
