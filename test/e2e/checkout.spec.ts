/**
 * The demo checkout, end to end, as a shopper: real widget, real relay, real test mode (nothing stubbed).
 * The axe scans of the checkout's main states are in states.spec.ts (every state, four looks); here, those of the
 * pages and states only these flows reach.
 */
import { expect, test } from '@playwright/test';
import {
  CAMILLE,
  Checkout,
  JEAN_PIERRE,
  LEA,
  events,
  expectNoAxeViolations,
  recordEvents,
  relayRequests,
  requestBodies,
  snap,
  watchErrors,
} from './helpers.js';

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('the checkout opens with place order disabled and the widget invalid in the form', async ({ page }) => {
  const errors = watchErrors(page);
  const c = new Checkout(page);
  await c.open();
  await expect(page.getByRole('heading', { name: 'Checkout', level: 1 })).toBeVisible();
  await expect(c.placeOrder).toBeDisabled();
  await expect(c.orderStatus).toHaveText('Verify your identity to place your order.');
  // form-associated: invalid until a check has completed
  expect(await c.widget.evaluate((el: HTMLElement & { checkValidity(): boolean }) => el.checkValidity())).toBe(false);
  // the page itself is CSP-friendly: no inline script, no style attribute
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(await page.locator('[style]').count()).toBe(0);
  // the magic numbers are explained, all sixteen
  await expect(page.locator('#magic-numbers tr')).toHaveCount(16);
  expect(errors).toEqual([]);
});

test('full match: the shipping form prefills the widget, gauges all match, the order is placed and verified by the server', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  const requests = relayRequests(page);
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  // prefilled through the identity/phone properties
  await expect(c.field('given_name')).toHaveValue('Camille');
  await expect(c.field('phone')).toHaveValue(CAMILLE.phone);
  await expect(c.field('address.locality')).toHaveValue('Paris');
  await expect(c.field('address.country')).toHaveValue('FR');

  await c.verifyAndWait('result');
  expect(requests.match).toHaveLength(1);
  await expect(c.widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'verified');
  for (const f of [
    'given_name',
    'family_name',
    'email',
    'address.street_address',
    'address.postal_code',
    'address.locality',
    'address.country',
  ]) {
    await expect(c.gauge(f), f).toHaveAttribute('data-band', 'match');
    await expect(c.gauge(f)).toHaveAttribute('role', 'meter');
    await expect(c.gauge(f)).toHaveAttribute('aria-valuenow', '100');
  }
  // SFR does not hold the gender; the date of birth was not given
  await expect(c.gauge('gender')).toHaveAttribute('data-band', 'unverified');
  await expect(c.gauge('birthdate')).toHaveAttribute('data-band', 'unverified');

  await expect(c.placeOrder).toBeEnabled();
  await expect(c.orderStatus).toHaveAttribute('data-status', 'verified');
  const log = page.getByRole('log', { name: 'Widget events' });
  await expect(log.locator('[data-event="idmobile-result"]')).toContainText('verdict verified, with an attestation');
  await expect(log.locator('[data-event="idmobile-submit"]')).toContainText('sending +33612345678');
  const seen = await events(page);
  expect(seen.map((e) => e.type)).toEqual(['idmobile-submit', 'idmobile-result']);
  expect(seen[1]!.detail.attestation).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(await c.widget.evaluate((el: HTMLElement & { checkValidity(): boolean }) => el.checkValidity())).toBe(true);

  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  await expect(page.getByRole('heading', { name: 'Thank you, Camille Martin!' })).toBeVisible();
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
  await expect(page.locator('[data-order]')).toHaveAttribute('data-verdict', 'verified');
  await expectNoAxeViolations(page, 'order placed');
  await snap(page, testInfo, 'order-placed');
  expect(errors).toEqual([]);
});

test('partial match: a typo in the name gives partial gauges and an inconclusive verdict; the order stays possible', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();
  await c.pickSubscriber('Jean-Pierre Dubois');
  await expect(c.field('phone')).toHaveValue(JEAN_PIERRE.phone);
  // a typo near the start of the name: Jaro-Winkler forgives most one-letter typos ("Jean-Piere" scores 0.98,
  // a match), not this one
  await c.shipping.getByLabel('First name').fill('Jan-Pierre');
  await expect(c.field('given_name')).toHaveValue('Jan-Pierre');
  await c.verifyAndWait('result');
  await expect(c.gauge('given_name')).toHaveAttribute('data-band', 'partial');
  const meter = c.gauge('given_name');
  await expect(meter).toHaveAttribute('role', 'meter');
  const now = Number(await meter.getAttribute('aria-valuenow'));
  expect(now).toBeGreaterThanOrEqual(60);
  expect(now).toBeLessThan(90);
  await expect(meter).toHaveAttribute('aria-valuetext', /Partly matches/);
  await expect(c.gauge('family_name')).toHaveAttribute('data-band', 'match');
  await expect(c.gauge('gender')).toHaveAttribute('data-band', 'match'); // Bouygues holds the gender
  await expect(c.widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'inconclusive');
  await expect(c.orderStatus).toHaveAttribute('data-status', 'inconclusive');
  await expect(c.placeOrder).toBeEnabled();
  await c.placeOrder.click();
  await expect(page.locator('[data-order]')).toHaveAttribute('data-verdict', 'inconclusive');
});

test('mismatch: another name is rejected and place order stays disabled; editing the shipping form starts over', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({ ...CAMILLE, given: 'Bernard', family: 'Lefèvre' });
  await c.verifyAndWait('result');
  await expect(c.widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'rejected');
  await expect(c.gauge('family_name')).toHaveAttribute('data-band', 'mismatch');
  await expect(c.placeOrder).toBeDisabled();
  await expect(c.orderStatus).toHaveAttribute('data-status', 'rejected');
  // the shopper corrects the name: the stale verdict goes, the check starts over with the new details
  await c.shipping.getByLabel('First name').fill('Camille');
  await c.shipping.getByLabel('Last name').fill('Martin');
  await expect(c.widget).toHaveAttribute('state', 'idle');
  await expect(c.placeOrder).toBeDisabled();
  await expect(c.field('family_name')).toHaveValue('Martin');
  await c.verifyAndWait('result');
  await expect(c.widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'verified');
  await expect(c.placeOrder).toBeEnabled();
});

test('retry after error 16: Try again sends the check again; then another number goes through', async ({ page }) => {
  const requests = relayRequests(page);
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({ given: 'Camille', family: 'Martin' });
  await c.pickMagic('+33600000016');
  await c.verifyAndWait('error');
  await expect(c.error).toHaveAttribute('data-error-id', '16');
  await expect(c.error).toHaveAttribute('role', 'alert');
  await expect(c.error).toContainText('Your operator is not responding right now.');
  const retry = c.widget.getByRole('button', { name: 'Try again' });
  await expect(retry).toBeFocused(); // the keyboard is where the shopper can act
  await expect(c.placeOrder).toBeDisabled();

  await retry.click();
  // the magic number answers 16 every time: the retry is a real second request with the same outcome
  await expect.poll(() => requests.match.length).toBe(2);
  await expect(c.widget).toHaveAttribute('state', 'error');
  await expect(c.error).toHaveAttribute('data-error-id', '16');
  if (requestBodies(page)) expect(requests.match[1]!.postDataJSON()).toEqual(requests.match[0]!.postDataJSON());

  // the operator is back (another number): the check completes
  await c.shipping.getByLabel('Mobile phone').fill(CAMILLE.phone);
  await expect(c.widget).toHaveAttribute('state', 'idle');
  await c.verifyAndWait('result');
  await expect(c.placeOrder).toBeEnabled();
  const types = (await events(page)).map((e) => e.type);
  expect(types).toEqual(['idmobile-submit', 'idmobile-error', 'idmobile-error', 'idmobile-submit', 'idmobile-result']);
});

test('an invalid number and a landline are refused before any request', async ({ page }) => {
  const requests = relayRequests(page);
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({ given: 'Camille', family: 'Martin', phone: '06 12 34' });
  await c.verify.click();
  await expect(c.field('phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(c.widget.locator('#f-phone-error')).toHaveText('This phone number is not valid.');
  await expect(c.field('phone')).toBeFocused();
  await expect(c.widget).toHaveAttribute('state', 'idle');

  await c.shipping.getByLabel('Mobile phone').fill('01 45 67 89 01'); // a Paris landline
  await c.verify.click();
  await expect(c.widget.locator('#f-phone-error')).toHaveText(
    'This is not a mobile number: enter your mobile line’s number.',
  );
  await expect(c.field('phone')).toHaveAttribute('aria-invalid', 'true');

  // required names missing too: every problem is shown, still nothing sent
  await c.shipping.getByLabel('First name').fill('');
  await c.verify.click();
  await expect(c.field('given_name')).toHaveAttribute('aria-invalid', 'true');
  expect(requests.match).toHaveLength(0);
  expect(await events(page)).toEqual([]);
  await expect(c.placeOrder).toBeDisabled();
});

test('keyboard only: fill, verify and place the order without a pointer', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  // from the top of the page, Tab reaches the skip link, then the shipping form
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the checkout form' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab'); // Title
  await expect(c.shipping.getByLabel('Title')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Camille');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Martin');
  await page.keyboard.press('Tab');
  await page.keyboard.type(CAMILLE.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type('06 12 34 56 78');
  await page.keyboard.press('Tab');
  await page.keyboard.type(CAMILLE.street);
  await page.keyboard.press('Tab');
  await page.keyboard.type(CAMILLE.postal);
  await page.keyboard.press('Tab');
  await page.keyboard.type(CAMILLE.city);
  await expect(c.field('address.locality')).toHaveValue('Paris');
  // on into the widget: its phone field is next, prefilled; Enter submits the widget's own form
  await page.keyboard.press('Tab'); // country select
  await page.keyboard.press('Tab');
  await expect(c.field('phone')).toBeFocused();
  await expect(c.field('phone')).toHaveValue('06 12 34 56 78');
  await page.keyboard.press('Enter');
  await expect(c.widget).toHaveAttribute('state', 'result');
  await expect(c.widget.locator('[part="result"]')).toBeFocused();
  await expect(c.widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'verified');
  // Tab leaves the widget for "Place order"
  await page.keyboard.press('Tab');
  await expect(c.placeOrder).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
});

for (const choice of ['Accept', 'Refuse'] as const) {
  test(`consent round trip through the operator page: ${choice.toLowerCase()}`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    const requests = relayRequests(page);
    const c = new Checkout(page);
    await c.open();
    await c.pickSubscriber('Léa Bernard');
    await expect(c.field('given_name')).toHaveValue(LEA.given);
    await c.field('birthdate').fill('2001-02-28');
    await c.verifyAndWait('consent');
    const notice = c.widget.locator('[part="consent"]');
    await expect(notice).toHaveAttribute('data-operator', 'Orange');
    await expect(notice).toContainText('Orange asks for your consent');
    const go = c.widget.getByRole('button', { name: 'Continue to Orange' });
    await expect(go).toBeFocused();
    await expect(c.orderStatus).toHaveAttribute('data-status', 'consent');

    await go.click();
    await expect(page).toHaveURL(/\/simulator\/consent\//);
    await expect(page.getByRole('heading', { name: /Orange/ })).toBeVisible();
    await expectNoAxeViolations(page, 'operator consent page');
    if (choice === 'Accept') await snap(page, testInfo, 'operator-consent-page');
    await page.getByRole('button', { name: choice }).click();

    // back on the checkout: the address bar is cleaned, the shipping details are back
    await expect(page).toHaveURL(
      (u) => u.pathname === '/' && !u.search.includes('token') && !u.search.includes('idmobile_return'),
    );
    await expect(c.shipping.getByLabel('First name')).toHaveValue('Léa');
    if (choice === 'Accept') {
      await expect(c.widget).toHaveAttribute('state', 'result');
      await expect(c.widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'verified');
      for (const f of ['gender', 'given_name', 'family_name', 'birthdate', 'email', 'address.locality']) {
        await expect(c.gauge(f), f).toHaveAttribute('data-band', 'match');
      }
      // the result was polled: /GET/ answers pending once, then the scores
      expect(requests.result.length).toBeGreaterThanOrEqual(2);
      await expect(c.placeOrder).toBeEnabled();
      // the event log survived the trip to the operator
      const log = page.getByRole('log', { name: 'Widget events' });
      await expect(log.locator('[data-event="idmobile-consent"]')).toHaveCount(1);
      await expect(log.locator('[data-event="idmobile-result"]')).toHaveCount(1);
      await c.placeOrder.click();
      await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
    } else {
      await expect(c.widget).toHaveAttribute('state', 'error');
      await expect(c.error).toHaveAttribute('data-error-id', 'consent_refused');
      await expect(c.error).toContainText('You did not give your consent');
      expect(requests.result).toHaveLength(0);
      await expect(c.placeOrder).toBeDisabled();
      await expectNoAxeViolations(page, 'consent refused');
      await snap(page, testInfo, 'consent-refused');
    }
    expect(errors).toEqual([]);
  });
}

test('start over clears the form, the widget and the log', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.pickSubscriber('Camille Martin');
  await c.verifyAndWait('result');
  await expect(c.placeOrder).toBeEnabled();
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(c.widget).toHaveAttribute('state', 'idle');
  await expect(c.shipping.getByLabel('First name')).toHaveValue('');
  await expect(c.field('given_name')).toHaveValue('');
  await expect(c.field('phone')).toHaveValue('');
  await expect(c.placeOrder).toBeDisabled();
  await expect(page.locator('#event-log li')).toHaveCount(0);
});
