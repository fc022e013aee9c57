/**
 * Every main state of the demo checkout, on a desktop and a phone, in light and dark: an axe scan of each
 * (contrast included, so dark mode is checked too) and a full-page screenshot saved under
 * test-results/screenshots/ (git-ignored) and attached to the report: what a shopper sees.
 */
import { expect, test } from '@playwright/test';
import { CAMILLE, Checkout, expectNoAxeViolations, snap } from './helpers.js';

const LOOKS = [
  { name: 'desktop-light', viewport: { width: 1280, height: 900 }, colorScheme: 'light', isMobile: false },
  { name: 'desktop-dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark', isMobile: false },
  { name: 'phone-light', viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true },
  { name: 'phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true },
] as const;

for (const look of LOOKS) {
  test.describe(look.name, () => {
    test.use({
      viewport: look.viewport,
      colorScheme: look.colorScheme,
      isMobile: look.isMobile,
      hasTouch: look.isMobile,
    });

    test(`every state of the checkout (${look.name})`, async ({ page }, testInfo) => {
      test.slow(); // seven states, an axe scan and a screenshot each
      const c = new Checkout(page);
      const state = async (n: number, name: string) => {
        await expectNoAxeViolations(page, `${look.name} ${name}`);
        await snap(page, testInfo, `${look.name}-${n}-${name}`);
      };
      // nothing may overflow sideways on a phone
      const noHorizontalScroll = async () =>
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        ).toBeLessThanOrEqual(0);

      await c.open();
      await noHorizontalScroll();
      await state(1, 'idle');

      await c.verify.click();
      await expect(c.field('phone')).toHaveAttribute('aria-invalid', 'true');
      await state(2, 'validation-errors');

      await c.pickSubscriber('Camille Martin');
      await c.field('birthdate').fill('1990-04-12');
      await c.verifyAndWait('result');
      await expect(c.placeOrder).toBeEnabled();
      await noHorizontalScroll();
      await state(3, 'full-match');

      await c.shipping.getByLabel('Last name').fill('Nartin');
      await c.verifyAndWait('result');
      await expect(c.gauge('family_name')).toHaveAttribute('data-band', 'partial');
      await state(4, 'partial-match');

      await c.fillShipping({ family: CAMILLE.family, phone: '+33600000016' });
      await c.verifyAndWait('error');
      await expect(c.widget.getByRole('button', { name: 'Try again' })).toBeVisible();
      await state(5, 'error-retry');

      await c.pickSubscriber('Léa Bernard');
      await c.verifyAndWait('consent');
      await state(6, 'consent-notice');

      await c.widget.getByRole('button', { name: 'Continue to Orange' }).click();
      await page.getByRole('button', { name: 'Accept' }).click();
      await expect(c.widget).toHaveAttribute('state', 'result');
      await expect(c.placeOrder).toBeEnabled();
      await noHorizontalScroll();
      await state(7, 'after-consent');
    });
  });
}
