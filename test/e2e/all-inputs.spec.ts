/**
 * The demo's comparison page (`/demo/all-inputs.html`): the same checkout with every detail again as an input in
 * the widget (`editable="all"`, the date of birth added), its own Verify button, then "Place order". Kept to show
 * what the main integration saves the shopper; it must keep working end to end.
 */
import { expect, test } from '@playwright/test';
import { ALL_INPUTS, CAMILLE, Checkout, LEA, expectNoAxeViolations, relayRequests } from './helpers.js';

test('linked from the main checkout and back; every detail shown again as an input in the widget', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await page.getByRole('link', { name: 'Every detail as an input in the widget' }).click();
  await expect(page).toHaveURL(ALL_INPUTS);
  await expect(c.widget).toHaveAttribute('editable', 'all');
  await expect(c.widget).not.toHaveAttribute('submit-with-form');
  // the phone, the title, both names, the date of birth, the e-mail and the four parts of the address
  await expect(c.widget.locator('input, select')).toHaveCount(10);
  await expect(c.verify).toBeVisible();
  await expect(c.placeOrder).toBeDisabled();
  await expectNoAxeViolations(page, 'comparison page');
  await page.getByRole('link', { name: /One “Place order” press/ }).click();
  await expect(page).toHaveURL('/');
});

test('verify, then place order: the backend verifies the attestation against the order and the date of birth', async ({
  page,
}) => {
  const requests = relayRequests(page);
  const c = new Checkout(page, ALL_INPUTS);
  await c.open();
  await c.fillShipping(CAMILLE);
  // copied into the widget's own inputs
  await expect(c.field('given_name')).toHaveValue(CAMILLE.given);
  await expect(c.field('phone')).toHaveValue(CAMILLE.phone);
  await c.field('birthdate').fill('1990-04-12');
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'verified');
  await expect(c.gauge('birthdate')).toHaveAttribute('data-band', 'match');
  await expect(c.placeOrder).toBeEnabled();
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
  await expect(page.locator('[data-order]')).toHaveAttribute('data-verdict', 'verified');
  expect(requests.match).toHaveLength(1);
});

test('a first-name typo and a wrong date of birth: the verdict shown is the one the backend verified', async ({
  page,
}) => {
  const c = new Checkout(page, ALL_INPUTS);
  await c.open();
  await c.pickSubscriber('Jean-Pierre Dubois');
  await c.shipping.getByLabel('First name').fill('Jean-Piere');
  await c.field('birthdate').fill('1979-11-03');
  await c.verifyAndWait('result');
  await expect(c.gauge('birthdate')).toHaveAttribute('data-band', 'mismatch');
  const shown = await c.verdict.getAttribute('data-verdict');
  // the backend's verdict, from the attestation it verified (a rejected order is held)
  const form = await page.evaluate(() => {
    const data = new FormData(document.querySelector<HTMLFormElement>('#checkout')!);
    return Object.fromEntries([...data].map(([k, v]) => [k, typeof v === 'string' ? v : v.name]));
  });
  const answer = await page.request.post('/demo/order', { form });
  expect(/data-verdict="(\w+)"/.exec(await answer.text())?.[1]).toBe(shown);
});

test('consent round trip with the date of birth given in the widget', async ({ page }) => {
  const c = new Checkout(page, ALL_INPUTS);
  await c.open();
  await c.pickSubscriber('Léa Bernard');
  await expect(c.field('given_name')).toHaveValue(LEA.given);
  await c.field('birthdate').fill('2001-02-28');
  await c.verifyAndWait('consent');
  await c.widget.getByRole('button', { name: 'Continue to Orange' }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(page).toHaveURL((u) => u.pathname === ALL_INPUTS && !u.search.includes('token'));
  await expect(c.widget).toHaveAttribute('state', 'result');
  await expect(c.gauge('birthdate')).toHaveAttribute('data-band', 'match');
  await expect(c.placeOrder).toBeEnabled();
  await c.placeOrder.click();
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
});
