/**
 * The demo shop's checkout backend refuses the attacks of issue 11 (its order endpoint verifies the attestation
 * against the order's phone, identity and reference, once). The attacker is the shopper: after a verified check
 * of their own name, they change the order's name behind the widget's back (no input event, so the page does not
 * start the check over) and place the order.
 */
import { expect, test } from '@playwright/test';
import { CAMILLE, Checkout } from './helpers.js';

test('identity swap: a verified check of my own name does not place an order in another name', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await c.verifyAndWait('result');
  await expect(c.widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'verified');
  await expect(c.placeOrder).toBeEnabled();
  // the order now names someone else; the attestation in the form is still Camille's
  await page.locator('#ship-family').evaluate((input: HTMLInputElement) => (input.value = 'Dupont'));
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  await expect(page.getByRole('heading', { name: 'Order refused' })).toBeVisible();
  await expect(page.locator('[data-order]')).toHaveAttribute('data-reason', 'identity_mismatch');
  await expect(page.locator('[data-order]')).toContainText('family_name');
});

test('another phone on the order: refused (phone_mismatch)', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await c.verifyAndWait('result');
  await page.locator('#ship-phone').evaluate((input: HTMLInputElement) => (input.value = '+33698765432'));
  await c.placeOrder.click();
  await expect(page.locator('[data-order]')).toHaveAttribute('data-reason', 'phone_mismatch');
});
