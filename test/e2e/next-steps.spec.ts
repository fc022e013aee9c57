/**
 * Every dead end of the main checkout offers a next step (issue 13): after a rejection, a refused consent and the
 * errors that end the check for a number (09, 10, 14, 15, 17, 21), the widget offers "Edit my details" and "Use
 * another number", and the shop's fallback (its `fallback` slot): an order our team reviews by hand, which the demo
 * backend accepts as such, without an attestation, never as verified. After each step the focus is somewhere the
 * shopper can act or read, never on `<body>`.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  CAMILLE,
  Checkout,
  engineOf,
  expectFocusKept,
  expectNoAxeViolations,
  focused,
  recordEvents,
  relayRequests,
  requestBodies,
  WAY_THROUGH_VIEWPORT,
} from './helpers.js';

// Chromium at desktop size, Firefox at a phone's (helpers.ts)
test.use(WAY_THROUGH_VIEWPORT);

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

/** The next steps are on show and reachable; the focus is on the outcome. */
async function expectNextSteps(c: Checkout, when: string): Promise<void> {
  await expect(c.next.panel, when).toBeVisible();
  await expect(c.next.edit, when).toBeVisible();
  await expect(c.next.otherNumber, when).toBeVisible();
  await expect(c.next.fallback, when).toBeVisible();
  await expect(c.next.fallback).toHaveText('Continue — we’ll review your order by hand');
  await expect(c.placeOrder, `${when}: the order waits for a next step`).toHaveAttribute('aria-disabled', 'true');
  await expectFocusKept(c.page, when);
  expect(await focused(c.page), when).toMatch(/idmobile-check#idcheck > .*\[part=(result|error)\]/);
}

/**
 * The order the form would send, as the server receives it; `null` where the tool cannot show request bodies
 * (Firefox's BiDi mode, helpers.ts): the order page's `data-order` and `data-verdict` still prove what it took.
 */
async function sentOrder(page: Page, press: () => Promise<void>): Promise<URLSearchParams | null> {
  const request = page.waitForRequest((r) => new URL(r.url()).pathname === '/demo/order' && r.method() === 'POST');
  await press();
  const body = (await request).postData();
  return requestBodies(page) ? new URLSearchParams(body ?? '') : null;
}

const DEAD_END_NUMBERS = ['+33600000009', '+33600000010', '+33600000014', '+33600000015', '+33600000017'];

test('errors 09, 10, 14, 15, 17: next steps after each, another number focuses the phone input', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  for (const phone of DEAD_END_NUMBERS) {
    await test.step(phone, async () => {
      await c.pickMagic(phone);
      await expect(c.widget).toHaveAttribute('state', 'idle');
      await c.placeOrder.click();
      await expect(c.error).toHaveAttribute('data-error-id', phone.slice(-2));
      await expectNextSteps(c, `error ${phone.slice(-2)}`);
      await expect(c.orderStatus).toHaveAttribute('data-status', 'error');

      await c.next.otherNumber.click();
      await expect(c.field('phone')).toBeFocused();
      await expect(c.field('phone')).toHaveValue('');
      await expectFocusKept(page, `another number after ${phone}`);
    });
  }
  // then a number that works, typed in the widget's phone input: the order goes with it
  await c.field('phone').fill(CAMILLE.phone);
  await expect(c.shipping.getByLabel('Mobile phone')).toHaveValue(CAMILLE.phone);
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
});

test('rejected: the next steps, edit my details focuses the first detail to fix, and the fallback sends a review order without the attestation', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({ ...CAMILLE, given: 'Bernard', family: 'Lefèvre' });
  await c.placeOrder.click();
  await expect(c.verdict).toHaveAttribute('data-verdict', 'rejected');
  await expect(c.widget.locator('[part="next"] p')).toHaveText(
    'Is this line in someone else’s name, or under your birth name?',
  );
  await expectNextSteps(c, 'rejected');
  await expectNoAxeViolations(page, 'rejected with next steps');

  await c.next.edit.click();
  // the first detail that does not match, in the shop's own form (idmobile-edit): no second copy in the widget
  await expect(c.shipping.getByLabel('First name')).toBeFocused();
  await expect(c.field('given_name')).toHaveCount(0);
  await expectFocusKept(page, 'edit my details');
  // the fallback is still there while the outcome stands: the shopper may prefer it
  const order = await sentOrder(page, () => c.next.fallback.click());
  if (order) {
    expect(order.get('review')).toBe('1');
    expect(order.has('idmobile'), 'a review order carries no attestation').toBe(false);
    expect(order.get('given_name')).toBe('Bernard');
  }
  await expect(page).toHaveURL(/\/demo\/order$/);
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'review');
  await expect(page.locator('[data-order]')).toHaveAttribute('data-verdict', 'none');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('your order is received');
  await expectNoAxeViolations(page, 'order for review');
});

test('the backend never takes a review order for a verified one, even with a valid attestation in it', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'verified');
  const form = await page.evaluate(() => {
    const data = new FormData(document.querySelector<HTMLFormElement>('#checkout')!);
    return Object.fromEntries([...data].map(([k, v]) => [k, typeof v === 'string' ? v : v.name]));
  });
  expect(form['idmobile']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  const review = await page.request.post('/demo/order', { form: { ...form, review: '1' } });
  expect(review.status()).toBe(202);
  const html = await review.text();
  expect(html).toContain('data-order="review"');
  expect(html).not.toContain('data-verdict="verified"');
  // an order for review still needs a name and a mobile number
  await c.open();
  const empty = await page.request.post('/demo/order', { form: { review: '1', given_name: 'A', phone: '' } });
  expect(empty.status()).toBe(400);
  expect(await empty.text()).toContain('data-reason="incomplete"');
});

/** Léa's check, whose consent she refuses on the operator's page: back on the checkout, the refusal on show. */
async function refusedConsent(page: Page): Promise<Checkout> {
  const c = new Checkout(page);
  await c.open();
  await c.pickSubscriber('Léa Bernard');
  await c.placeOrder.click();
  await c.widget.getByRole('button', { name: 'Continue to Orange' }).click();
  await page.getByRole('button', { name: 'Refuse' }).click();
  await expect(c.error).toHaveAttribute('data-error-id', 'consent_refused');
  return c;
}

test('a refused consent: next steps, the outcome focused and in view after the return', async ({ page }) => {
  const c = await refusedConsent(page);
  await expect(c.error).toBeInViewport();
  await expectNextSteps(c, 'consent refused');
  await c.next.otherNumber.click();
  await expect(c.field('phone')).toBeFocused();
});

test('error 21 (the operator answers "access denied" when the result is fetched): next steps', async ({ page }) => {
  // the tool's route.fetch of the consent page's POST never completes in Firefox's BiDi mode (the widget is not
  // involved: the same error is shown from the same answer); the refused consent's own way through runs there
  test.skip(engineOf(page) === 'firefox', 'route.fetch of a POST does not complete in BiDi mode');
  const c = new Checkout(page);
  // the simulator answers 21 to a refused consent's token; the refusal's own redirect says status=error, which the
  // widget takes without asking: the way back from the operator's page is rewritten to fetch the result anyway
  await page.route(
    (url) => url.pathname.includes('/consent/'),
    async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const answer = await route.fetch({ maxRedirects: 0 });
      const back = new URL(answer.headers()['location'] ?? '/', route.request().url());
      expect(back.searchParams.get('status')).toBe('error');
      back.searchParams.set('status', 'success');
      return route.fulfill({ status: 303, headers: { location: back.href } });
    },
  );
  await c.open();
  await c.pickSubscriber('Léa Bernard');
  await c.placeOrder.click();
  await c.widget.getByRole('button', { name: 'Continue to Orange' }).click();
  await page.getByRole('button', { name: 'Refuse' }).click();
  await expect(c.error).toHaveAttribute('data-error-id', '21');
  await expect(c.error).toContainText('Without your consent');
  await expectNextSteps(c, 'error 21');
});

// ---- (v3) a way through from every failure (issue 23) ---------------------------------------------------------

const MATCH = (url: URL) => url.pathname.endsWith('/match');

/**
 * A failure that the shopper's one retry does not fix: the first shows its retry (the page says to use it), the
 * second the next steps, then the fallback sends the order for review.
 */
async function failsTwiceThenReview(c: Checkout, id: string, message: RegExp): Promise<void> {
  await c.placeOrder.click();
  await expect(c.error).toHaveAttribute('data-error-id', id);
  await expect(c.error).toContainText(message);
  await expect(c.error).not.toContainText(/internet/i); // the page itself loaded: honest words
  await expect(c.orderStatus).toHaveText('The check did not complete: press “Try again” above.');
  await c.widget.getByRole('button', { name: 'Try again' }).click();
  await expect(c.next.panel).toBeVisible();
  await expect(c.widget.getByRole('button', { name: 'Try again' }), 'no retry loop').toHaveCount(0);
  await expect(c.next.panel).toContainText('Try again later, or continue another way.');
  await expectNextSteps(c, `${id} failing again`);
  await expect(c.orderStatus).toHaveText('The check cannot be completed: choose one of the next steps above.');
  const order = await sentOrder(c.page, () => c.next.fallback.click());
  if (order) expect(order.get('review')).toBe('1');
  await expect(c.page.locator('[data-order]')).toHaveAttribute('data-order', 'review');
}

test('relay down: "we cannot reach the verification service", one retry, then the next steps and the fallback', async ({
  page,
}) => {
  await page.route(MATCH, (route) => route.abort('connectionrefused'));
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await failsTwiceThenReview(c, 'network', /We cannot reach the verification service right now/);
});

test('a 502 page from a proxy: the service is unavailable, one retry, then the next steps and the fallback', async ({
  page,
}) => {
  await page.route(MATCH, (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' }),
  );
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await failsTwiceThenReview(c, 'bad_response', /temporarily unavailable/);
});

test('the relay’s own R502: one retry, then the next steps and the fallback', async ({ page }) => {
  await page.route(MATCH, (route) =>
    route.fulfill({
      status: 502,
      contentType: 'application/json',
      body: JSON.stringify({ status: 'error', error_id: 'R502', error_type: 'upstream failed' }),
    }),
  );
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await failsTwiceThenReview(c, 'R502', /temporarily unavailable/);
});

test('a relay that does not answer: "still checking", then timeout, one retry, then the next steps', async ({
  page,
}) => {
  await page.route(MATCH, () => undefined); // never answered
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping(CAMILLE);
  await c.widget.evaluate((el: HTMLElement & { timeout: number }) => (el.timeout = 7000));
  await c.placeOrder.click();
  await expect(c.widget).toHaveAttribute('state', 'submitting');
  // on screen, and said once by the widget's live region
  await expect(c.widget.locator('p.note')).toHaveText('Still checking…', { timeout: 6500 });
  await expect(c.widget.getByRole('status')).toHaveText('Still checking…');
  await expect(c.error).toHaveAttribute('data-error-id', 'timeout', { timeout: 5000 });
  await c.widget.evaluate((el: HTMLElement & { timeout: number }) => (el.timeout = 300));
  await c.widget.getByRole('button', { name: 'Try again' }).click();
  await expect(c.next.panel).toBeVisible();
  await expectNextSteps(c, 'timeout failing again');
});

test('while the consent notice shows, "Continue to Orange" is the one action: "Place order" starts nothing', async ({
  page,
}) => {
  const c = new Checkout(page);
  const requests = relayRequests(page);
  await c.open();
  await c.pickSubscriber('Léa Bernard');
  await c.placeOrder.click();
  const go = c.widget.getByRole('button', { name: 'Continue to Orange' });
  await expect(go).toBeVisible();
  await expect(c.placeOrder).toHaveAttribute('aria-disabled', 'true');
  await c.placeOrder.click({ force: true }); // aria-disabled: Playwright waits for enabled
  await expect(go).toBeFocused();
  await expect(c.widget).toHaveAttribute('state', 'consent');
  expect(requests.match).toHaveLength(1);
});

test('a refused consent: "Ask again" asks the operator again with the details kept', async ({ page }) => {
  const c = await refusedConsent(page);
  await expect(c.orderStatus).toHaveText(
    'You did not give your consent: ask again above, or choose another next step.',
  );
  await c.widget.locator('[part="consent-again"]').click();
  await expect(c.widget).toHaveAttribute('state', 'consent');
  await c.widget.getByRole('button', { name: 'Continue to Orange' }).click();
  await page.getByRole('button', { name: 'Accept' }).click();
  // the widget's verdict, or the order page's (the order follows a verified check)
  await expect(page.locator('[data-verdict="verified"]').first()).toBeAttached();
});
