/**
 * Enter in any shop field runs the check, never the fallback (issue 23): the shop's fallback (slot `fallback`,
 * "continue, we will review your order") is a `type="button"`, so it is not the form's default button: Enter (a
 * phone keyboard's "Go") in any field of the shop's form is a "Place order" press, which runs the check and, once
 * verified, places the order; never an order sent to review unverified.
 */
import { expect, test } from '@playwright/test';
import { ALL_INPUTS, CAMILLE, Checkout, relayRequests, WAY_THROUGH_VIEWPORT } from './helpers.js';

// Chromium at desktop size, Firefox at a phone's (helpers.ts)
test.use(WAY_THROUGH_VIEWPORT);

const SHOP_FIELDS = ['given', 'family', 'email', 'phone', 'street', 'postal', 'city'] as const;

for (const id of SHOP_FIELDS) {
  test(`Enter in the shop's ${id} field runs the check and places the verified order`, async ({ page }) => {
    const requests = relayRequests(page);
    const c = new Checkout(page);
    await c.open();
    await c.fillShipping(CAMILLE);
    await expect(c.widget).toBeVisible();
    await page.locator(`#ship-${id}`).press('Enter');
    await expect(page).toHaveURL(/\/demo\/order$/);
    const order = page.locator('[data-order]');
    await expect(order).toHaveAttribute('data-order', 'placed');
    await expect(order).toHaveAttribute('data-verdict', 'verified');
    expect(requests.match).toHaveLength(1);
  });
}

test('the fallback is no default button: not a submit button', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await expect(c.next.fallback).toHaveAttribute('type', 'button');
});

test('comparison page: Enter in a shop field runs the widget’s check, never the review', async ({ page }) => {
  const requests = relayRequests(page);
  const c = new Checkout(page, ALL_INPUTS);
  await c.open();
  await c.fillShipping(CAMILLE);
  await page.locator('#ship-city').press('Enter');
  await expect(c.widget).toHaveAttribute('state', 'result');
  await expect(page).not.toHaveURL(/\/demo\/order$/);
  expect(requests.match).toHaveLength(1);
});
