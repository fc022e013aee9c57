/**
 * The demo's main checkout (`/`), end to end, as a shopper: real widget, real relay, real test mode (nothing
 * stubbed). The shopper types their details once, in the shop's form; the widget shows them as its read-only
 * summary and one "Place order" press runs the check and places the order once it is verified (issue 13).
 * The dead ends and their next steps are in next-steps.spec.ts; the comparison page in all-inputs.spec.ts; the
 * screenshots of every state in screenshots.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  CAMILLE,
  Checkout,
  JEAN_PIERRE,
  LEA,
  events,
  expectFocusKept,
  expectNoAxeViolations,
  focused,
  recordEvents,
  relayRequests,
  requestBodies,
  watchErrors,
} from './helpers.js';

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

/**
 * Counts the form controls that received the shopper's input, wherever they are (the page's own writes fire no
 * input event; every event counts, not only trusted ones: Playwright's fill() is untrusted in Firefox's BiDi mode).
 */
async function countTyping(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const typed = new Set<string>();
    (window as unknown as { __typed: Set<string> }).__typed = typed;
    document.addEventListener(
      'input',
      (e) => {
        const el = e.composedPath()[0] as HTMLInputElement;
        const inWidget = el.getRootNode() !== document;
        typed.add(`${inWidget ? 'widget' : 'page'}:${el.name || el.id}`);
      },
      true,
    );
  });
}
const typed = (page: Page) => page.evaluate(() => [...(window as unknown as { __typed: Set<string> }).__typed].sort());

/** The order page's outcome: `data-order` and the verdict of the attestation the server verified. */
async function orderOutcome(page: Page): Promise<{ order: string | null; verdict: string | null }> {
  const p = page.locator('[data-order]');
  return { order: await p.getAttribute('data-order'), verdict: await p.getAttribute('data-verdict') };
}

/**
 * Sends the checkout form as it stands (the widget's attestation included) to the shop's backend without leaving
 * the page, and reads the verdict of the attestation the server verified (a held order has no button to do it).
 */
async function backendVerdict(page: Page): Promise<string | null> {
  const body = await page.evaluate(() => {
    const form = document.querySelector<HTMLFormElement>('#checkout')!;
    return [...new FormData(form)].map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : v.name]);
  });
  const answer = await page.request.post('/demo/order', { form: Object.fromEntries(body) as Record<string, string> });
  return /data-verdict="(\w+)"/.exec(await answer.text())?.[1] ?? null;
}

test('nothing asked twice: the details typed once in the shop form, one "Place order" press verifies and places the order', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const requests = relayRequests(page);
  await countTyping(page);
  const c = new Checkout(page);
  await c.open();
  // before the details are there, no widget form to fill: a line says what will happen
  await expect(c.widget).toBeHidden();
  await expect(page.locator('#identity-wait')).toBeVisible();
  await expect(c.placeOrder).toBeEnabled();

  await c.fillShipping(CAMILLE);
  // the widget shows the details as its read-only summary: not one input of its own, no button of its own to press
  await expect(c.widget).toBeVisible();
  await expect(c.widget.locator('input, select')).toHaveCount(0);
  await expect(c.verify).toBeHidden();
  for (const value of [CAMILLE.phone, CAMILLE.given, CAMILLE.family, CAMILLE.email, CAMILLE.street, CAMILLE.city]) {
    await expect(c.summary).toContainText(value);
  }
  expect(requests.match).toHaveLength(0);
  // what the shopper typed: the seven details of the shop's form, once each, and nothing in the widget
  expect(await typed(page)).toEqual(
    [
      'page:email',
      'page:family_name',
      'page:given_name',
      'page:locality',
      'page:phone',
      'page:postal_code',
      'page:street_address',
    ].sort(),
  );

  await c.placeOrder.click(); // the one press
  await expect(page).toHaveURL(/\/demo\/order$/);
  expect(await orderOutcome(page)).toEqual({ order: 'placed', verdict: 'verified' });
  await expect(page.getByRole('heading', { name: 'Thank you, Camille Martin!' })).toBeVisible();
  expect(requests.match).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('every checked field has its gauge, and the widget shows no input for any of them', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'verified');
  for (const f of ['given_name', 'family_name', 'email', 'address.street_address', 'address.locality']) {
    await expect(c.gauge(f), f).toHaveAttribute('data-band', 'match');
  }
  // only what the shop's form holds is checked: no title given, no date of birth asked
  await expect(c.gauge('gender')).toHaveCount(0);
  await expect(c.gauge('birthdate')).toHaveCount(0);
  await expect(c.widget.locator('input, select')).toHaveCount(0);
});

test('the verdict shown is the verdict the backend verified: inconclusive (a second press: review, never placed), rejected (held)', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();

  // inconclusive: a typo near the start of the first name
  await c.pickSubscriber('Jean-Pierre Dubois');
  await c.shipping.getByLabel('First name').fill('Jan-Pierre');
  await c.placeOrder.click();
  await expect(c.widget).toHaveAttribute('state', 'result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'inconclusive');
  await expect(c.gauge('given_name')).toHaveAttribute('data-band', 'partial');
  // bands (the relay's default): with a name only partly matched, the other details are not disclosed
  await expect(c.gauge('gender')).toHaveAttribute('data-band', 'withheld');
  await expect(c.gauge('given_name')).not.toContainText('%');
  await expect(page).toHaveURL((u) => u.pathname === '/'); // kept on the page: not verified
  await expect(c.orderStatus).toHaveAttribute('data-status', 'inconclusive');
  await expectFocusKept(page, 'an inconclusive outcome');
  // the shopper reads it and presses again: the order goes with the attestation of that check, and the backend
  // (accept: verified only) takes it for a review by hand, never as placed
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  expect(await orderOutcome(page)).toEqual({ order: 'review', verdict: 'inconclusive' });

  // rejected: another name on Camille's line; "Place order" is held, the backend says rejected too
  await c.open();
  await c.fillShipping({ ...CAMILLE, given: 'Bernard', family: 'Lefèvre' });
  await c.placeOrder.click();
  await expect(c.verdict).toHaveAttribute('data-verdict', 'rejected');
  await expect(c.placeOrder).toHaveAttribute('aria-disabled', 'true');
  await expect(c.orderStatus).toHaveAttribute('data-status', 'rejected');
  expect(await backendVerdict(page)).toBe('rejected');
});

test('a held "Place order" sends nothing; a corrected detail in the shop form makes it a new check', async ({
  page,
}) => {
  const requests = relayRequests(page);
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({ ...CAMILLE, given: 'Bernard', family: 'Lefèvre' });
  await c.placeOrder.click();
  await expect(c.verdict).toHaveAttribute('data-verdict', 'rejected');
  await c.placeOrder.click({ force: true }); // aria-disabled: a press does nothing (Playwright waits for enabled)
  // the press has been handled and rendered (two frames): a check it started would show, and its request be seen
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await expect(c.verdict).toHaveAttribute('data-verdict', 'rejected');
  expect(requests.match).toHaveLength(1);
  await expect(page).toHaveURL((u) => u.pathname === '/');

  await c.shipping.getByLabel('First name').fill('Camille');
  await c.shipping.getByLabel('Last name').fill('Martin');
  await expect(c.widget).toHaveAttribute('state', 'idle');
  await expect(c.placeOrder).toHaveAttribute('aria-disabled', 'false');
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  expect(await orderOutcome(page)).toEqual({ order: 'placed', verdict: 'verified' });
  expect(requests.match).toHaveLength(2);
});

test('while the check runs, "Place order" keeps the focus and a second press sends no second request', async ({
  page,
}) => {
  const requests = relayRequests(page);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/idmobile/match', async (route) => {
    await held;
    await route.continue();
  });
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await c.placeOrder.click();
  await expect(c.widget).toHaveAttribute('state', 'submitting');
  await expect(c.placeOrder).toBeFocused();
  await expect(c.placeOrder).toHaveAttribute('aria-disabled', 'true');
  await expect(c.orderStatus).toHaveText('Checking with your mobile operator…');
  // aria-disabled, still a button the shopper can press (Playwright would wait for it to be enabled)
  await c.placeOrder.click({ force: true });
  await c.placeOrder.press('Enter');
  await expect(c.placeOrder).toBeFocused();
  release();
  await expect(page).toHaveURL(/\/demo\/order$/);
  expect(requests.match).toHaveLength(1);
});

test('an invalid number typed in the shop form: the widget shows it as an input, the fix goes back to the order', async ({
  page,
}) => {
  const requests = relayRequests(page);
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({ ...CAMILLE, phone: '01 45 67 89 01' }); // a Paris landline
  await c.placeOrder.click();
  await expect(c.field('phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(c.field('phone')).toBeFocused();
  await expect(c.widget.locator('#f-phone-error')).toHaveText(
    'This is not a mobile number: enter your mobile line’s number.',
  );
  expect(requests.match).toHaveLength(0);
  await expect(page).toHaveURL((u) => u.pathname === '/');

  // fixed in the widget: the shop's order gets the same number (the server binds the check to it)
  await c.field('phone').fill('06 12 34 56 78');
  await expect(c.shipping.getByLabel('Mobile phone')).toHaveValue('06 12 34 56 78');
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  expect(await orderOutcome(page)).toEqual({ order: 'placed', verdict: 'verified' });
});

test('edit my details: the shop’s own field to fix is focused, no second copy of its form', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({ ...JEAN_PIERRE, given: 'Jan-Pierre' });
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'inconclusive');
  await c.summary.locator('[part="edit"]').click();
  // the widget names the detail to fix (idmobile-edit), the page focuses its own field
  await expect(c.shipping.getByLabel('First name')).toBeFocused();
  await expect(c.field('given_name'), 'no second copy of the shop’s form').toHaveCount(0);
  await c.shipping.getByLabel('First name').fill(JEAN_PIERRE.given);
  await expect(c.widget).toHaveAttribute('state', 'idle');
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  expect(await orderOutcome(page)).toEqual({ order: 'placed', verdict: 'verified' });
});

test('the backend binds the check to the order: a name or a phone changed behind the widget is refused', async ({
  page,
}) => {
  const c = new Checkout(page);
  for (const [selector, value, reason] of [
    ['#ship-family', 'Dupont', 'identity_mismatch'],
    ['#ship-phone', JEAN_PIERRE.phone, 'phone_mismatch'],
  ] as const) {
    await c.open();
    await c.fillShipping(CAMILLE);
    // changed without an input event: the page does not pass it to the widget, which checks Camille's details
    await page.locator(selector).evaluate((input: HTMLInputElement, v) => (input.value = v), value);
    await c.placeOrder.click();
    await expect(page).toHaveURL(/\/demo\/order$/);
    await expect(page.getByRole('heading', { name: 'Order refused' })).toBeVisible();
    await expect(page.locator('[data-order]')).toHaveAttribute('data-reason', reason);
  }
});

test('keyboard only: the shop form, then Enter on "Place order" verifies and orders', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the checkout form' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(c.shipping.getByLabel('Title')).toBeFocused();
  for (const value of [
    CAMILLE.given,
    CAMILLE.family,
    CAMILLE.email,
    '06 12 34 56 78',
    CAMILLE.street,
    CAMILLE.postal,
    CAMILLE.city,
  ]) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Tab'); // country
  // the summary: each row's "Change" (it focuses the shop's own field), then "Edit my details"
  for (const field of ['phone', 'given_name', 'family_name', 'email', 'address']) {
    await page.keyboard.press('Tab');
    await expect(c.summary.locator(`[part="edit-field"][data-field="${field}"]`)).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(c.summary.locator('[part="edit"]')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(c.placeOrder).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/demo\/order$/);
  expect(await orderOutcome(page)).toEqual({ order: 'placed', verdict: 'verified' });
});

for (const choice of ['Accept', 'Refuse'] as const) {
  test(`consent round trip from the one press: ${choice.toLowerCase()}`, async ({ page }) => {
    const errors = watchErrors(page);
    const requests = relayRequests(page);
    const c = new Checkout(page);
    await c.open();
    await c.pickSubscriber('Léa Bernard');
    await expect(c.summary).toContainText(LEA.given);
    await c.placeOrder.click();
    await expect(c.widget).toHaveAttribute('state', 'consent');
    const go = c.widget.getByRole('button', { name: 'Continue to Orange' });
    await expect(go).toBeFocused();
    await expect(c.orderStatus).toHaveAttribute('data-status', 'consent');
    await go.click();
    await expect(page).toHaveURL(/\/simulator\/consent\//);
    await page.getByRole('button', { name: choice }).click();

    if (choice === 'Accept') {
      // back on the checkout, the widget restores the trip, checks, and finishes the held submission (issue 22):
      // no second press
      await expect(page).toHaveURL(/\/demo\/order$/);
      expect(await orderOutcome(page)).toEqual({ order: 'placed', verdict: 'verified' });
      expect(requests.result.length).toBeGreaterThanOrEqual(2); // polled: pending once, then the scores
    } else {
      // back on the checkout: the address bar cleaned, the details back, the outcome in view and focused
      await expect(page).toHaveURL(
        (u) => u.pathname === '/' && !u.search.includes('token') && !u.search.includes('idmobile_return'),
      );
      await expect(c.shipping.getByLabel('First name')).toHaveValue('Léa');
      await expect(c.error).toHaveAttribute('data-error-id', 'consent_refused');
      await expect(c.error).toBeFocused();
      await expect(c.error).toBeInViewport();
      await expect(c.next.fallback).toBeVisible();
      expect(requests.result).toHaveLength(0);
      await expectNoAxeViolations(page, 'consent refused on the main page');
    }
    expect(errors).toEqual([]);
    if (requestBodies(page)) expect(requests.match).toHaveLength(1);
  });
}

test('back from consent with the trip’s storage gone: the outcome is shown and focused all the same', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();
  await c.pickSubscriber('Léa Bernard');
  await c.placeOrder.click();
  await c.widget.getByRole('button', { name: 'Continue to Orange' }).click();
  await expect(page).toHaveURL(/\/simulator\/consent\//);
  await page.evaluate(() => sessionStorage.clear()); // same origin: the demo's saved details are gone
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect(c.widget).toHaveAttribute('state', 'result');
  await expect(c.shipping.getByLabel('First name')).toHaveValue('');
  await expect(c.widget).toBeVisible();
  await expect(c.widget.locator('[part="result"]')).toBeFocused();
  await expectFocusKept(page, 'the return from consent');
});

test('the event log shows what the page receives, and the widget stays valid in the page’s form', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  // submit-with-form: the element never blocks the form's own validation
  expect(await c.widget.evaluate((el: HTMLElement & { checkValidity(): boolean }) => el.checkValidity())).toBe(true);
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(await page.locator('[style]').count()).toBe(0);
  await c.pickSubscriber('Camille Martin');
  await c.verifyAndWait('result');
  const log = page.getByRole('log', { name: 'Widget events' });
  await expect(log.locator('[data-event="idmobile-result"]')).toContainText('verdict verified, with an attestation');
  await expect(log.locator('[data-event="idmobile-submit"]')).toContainText('sending +33612345678');
  expect((await events(page)).map((e) => e.type)).toEqual(['idmobile-submit', 'idmobile-result']);
  expect(await focused(page)).toContain('[part=result]');
});
