/**
 * (v3) Edit where the shopper typed (issue 23, "v3 precisions" 7): on the main checkout the widget's summary is a
 * copy of the shop's form; its "Change" controls fire `idmobile-edit`, which the page cancels to focus its own field
 * (no second copy of the shop's form in the widget). An inconclusive result names the field to check, and its
 * control takes the shopper to that field of the shop's form.
 */
import { expect, test } from '@playwright/test';
import { CAMILLE, Checkout, events, recordEvents } from './helpers.js';

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

const ROWS: Array<[field: string, shopField: string]> = [
  ['phone', '#ship-phone'],
  ['given_name', '#ship-given'],
  ['family_name', '#ship-family'],
  ['email', '#ship-email'],
  ['address', '#ship-street'],
];

test('each summary row’s "Change" focuses the shop’s own field; the widget opens no input', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  for (const [field, shopField] of ROWS) {
    await c.summary.locator(`[part="edit-field"][data-field="${field}"]`).click();
    await expect(page.locator(shopField)).toBeFocused();
  }
  await expect(c.widget.locator('input, select')).toHaveCount(0);
  const seen = (await events(page)).filter((e) => e.type === 'idmobile-edit');
  expect(seen.map((e) => e.detail.field)).toEqual(ROWS.map(([f]) => f));
});

test('inconclusive: the field to check is named, and its control focuses that field of the shop’s form', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();
  await c.pickSubscriber('Jean-Pierre Dubois');
  await c.shipping.getByLabel('First name').fill('Jan-Pierre');
  await c.placeOrder.click();
  await expect(c.verdict).toHaveAttribute('data-verdict', 'inconclusive');
  await expect(c.widget.locator('[part="check-field"]')).toHaveText('Check “First name”: it does not quite match.');
  await c.widget.locator('[part="result"] [part="edit"][data-field="given_name"]').click();
  await expect(page.locator('#ship-given')).toBeFocused();
  // the shopper corrects it there: the outcome no longer holds, the next press checks again
  await page.locator('#ship-given').fill('Jean-Pierre');
  await expect(c.widget).toHaveAttribute('state', 'idle');
});
