/**
 * The demo checkout on each CAMARA KYC Match flow (issue 21: "npm start demos each flow"), picked per page with
 * `?upstream=<flow>` (each flow its own relay and simulator, mounted by demo/test-mode-plugin.ts): real widget,
 * relay and simulator, nothing stubbed.
 * - CIBA (`camara-ciba`): "Place order" → the widget waits, with the operator and a countdown; the page links to the
 *   simulator's "subscriber's phone", where the subscriber approves or refuses (or the simulated subscriber
 *   answers by itself after 4 s); verified → the order is placed and the shop's server verifies the attestation.
 * - authorization code (`camara-code`): the shopper goes to the operator's page, accepts or refuses, and comes back;
 *   the line_mismatch number shows the phone error with its next steps.
 * - R428 (every flow): the operator needs the identity document; typed in the widget, the check verifies.
 * - client_credentials (`camara-basic`): an answer at once, as DQE's direct flow.
 */
import { expect, test, type Page } from '@playwright/test';
import { CAMARA_SUBSCRIBERS, CIBA_REFUSING_NUMBER } from '../../src/testmode/index.js';
import { Checkout, expectNoAxeViolations, watchErrors } from './helpers.js';

// Each CIBA test its own line: the tests run in parallel on one simulator, and the phone page lists every request
// pending for a number (DQE's subscribers approve after 4 s on the CAMARA face too).
const HUGO = 'Hugo Lefebvre'; // +33740000001: approves the CIBA request (after 4 s, or at once on the phone page)
const CHLOE = 'Chloé Garnier'; // +33740000002: refuses the CIBA request after a few seconds
const INES = 'Inès Moreau'; // +33740000004: the device is on another line (authorization code: line_mismatch)
const LUCAS = 'Lucas Roux'; // +33740000005: the operator requires the identity document
const lucasDocument = CAMARA_SUBSCRIBERS.find((s) => s.phone === '+33740000005')?.idDocument ?? '';

/** The order page's outcome: `data-order` and the verdict of the attestation the shop's server verified. */
async function expectOrderPlaced(page: Page, path: 'consent' | 'direct' = 'consent'): Promise<void> {
  await expect(page).toHaveURL(/\/demo\/order$/, { timeout: 15_000 });
  const p = page.locator('[data-order]');
  await expect(p).toHaveAttribute('data-order', 'placed');
  await expect(p).toHaveAttribute('data-verdict', 'verified');
  // the attestation's path, as the server verified it: `consent` when the scores came through /result
  await expect(page.locator('details pre')).toContainText(`"path": "${path}"`);
}

/** The checkout of a flow, with a CAMARA line (or any subscriber) picked in the drawer. */
async function openFlow(page: Page, flow: string, who: string): Promise<Checkout> {
  const c = new Checkout(page, `/?upstream=${flow}`);
  await c.open();
  await expect(page.locator('#flows [aria-current="page"]')).toHaveAttribute('data-upstream', flow);
  await expect(c.widget).toHaveAttribute('relay-url', `/flows/${flow}/api/idmobile`);
  await c.pickSubscriber(who);
  return c;
}

/** Counts the requests a page sends to a flow's relay. */
function relayRequests(page: Page, relay: string): { match: number; result: number } {
  const seen = { match: 0, result: 0 };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === `${relay}/match`) seen.match++;
    if (path === `${relay}/result`) seen.result++;
  });
  return seen;
}

const phoneLink = (page: Page) => page.getByRole('link', { name: /Open the subscriber.s phone \(simulator\)/ });

/** The subscriber answers on their phone: the page's link opens the simulator's phone page in a new tab. */
async function answerOnPhone(page: Page, decision: 'Approve' | 'Refuse'): Promise<void> {
  const [phone] = await Promise.all([page.context().waitForEvent('page'), phoneLink(page).click()]);
  await phone.getByRole('button', { name: decision }).click();
  await expect(phone.getByRole('status')).toHaveText(`You ${decision.toLowerCase()}d the request.`);
  await phone.close();
}

test.describe('CIBA: the subscriber approves on their phone', () => {
  test('approved on the phone page: verified, the order placed', async ({ page }) => {
    const errors = watchErrors(page);
    const c = await openFlow(page, 'camara-ciba', HUGO);
    await expect(phoneLink(page)).toBeHidden();
    await c.placeOrder.click();
    await expect(c.widget).toHaveAttribute('state', 'waiting');
    await expect(c.widget.locator('[part="waiting"]')).toHaveAttribute('data-operator', /\S/);
    await expect(c.widget.locator('[part="countdown"]')).toBeVisible();
    await expect(c.widget.locator('[part="cancel"]')).toBeVisible();
    await expect(c.orderStatus).toHaveAttribute('data-status', 'approval');
    await expect(c.placeOrder).toHaveAttribute('aria-disabled', 'true');
    const log = page.getByRole('log', { name: 'Widget events' });
    await expect(log.locator('[data-event="idmobile-pending"]')).toContainText('approve on their phone');

    const link = phoneLink(page);
    await expect(link).toHaveAttribute('target', '_blank');
    await c.openTestNumbers(); // the drawer's flows and CAMARA lines too
    await expectNoAxeViolations(page, 'CIBA waiting, the link to the subscriber’s phone');
    await expect(link).toHaveAttribute(
      'href',
      '/flows/camara-ciba/simulator/camara/phone?number=%2B33740000001&lang=en',
    );
    await answerOnPhone(page, 'Approve');

    await expectOrderPlaced(page);
    expect(errors).toEqual([]);
  });

  test('nobody answers: the simulated subscriber approves by itself after 4 s', async ({ page }) => {
    const c = await openFlow(page, 'camara-ciba', 'Camille Martin');
    await c.placeOrder.click();
    await expect(c.widget).toHaveAttribute('state', 'waiting');
    await expectOrderPlaced(page);
  });

  test('refused on the phone page: the refusal, no order', async ({ page }) => {
    const c = await openFlow(page, 'camara-ciba', 'Jean-Pierre Dubois');
    await c.placeOrder.click();
    await expect(c.widget).toHaveAttribute('state', 'waiting');
    await answerOnPhone(page, 'Refuse');
    await expect(c.widget).toHaveAttribute('state', 'error', { timeout: 10_000 });
    await expect(c.error).toHaveAttribute('data-error-id', '21');
    await expect(phoneLink(page)).toBeHidden();
    await expect(page).toHaveURL(/\?upstream=camara-ciba$/);
    // the page's event log, newest first
    const log = page.getByRole('log', { name: 'Widget events' });
    await expect(log.locator('[data-event]')).toHaveCount(3);
    expect(
      await log.locator('[data-event]').evaluateAll((li) => li.map((e) => (e as HTMLElement).dataset['event'])),
    ).toEqual(['idmobile-error', 'idmobile-pending', 'idmobile-submit']);
  });

  test('the subscriber who refuses by themselves after a few seconds', async ({ page }) => {
    const c = await openFlow(page, 'camara-ciba', CHLOE);
    await c.placeOrder.click();
    await expect(c.widget).toHaveAttribute('state', 'waiting');
    await expect(c.error).toHaveAttribute('data-error-id', '21', { timeout: 12_000 });
  });

  test('the number that refuses at once (picked in the drawer’s CAMARA numbers)', async ({ page }) => {
    const c = await openFlow(page, 'camara-ciba', 'Nathan Faure');
    await page.locator(`#camara-numbers [data-phone="${CIBA_REFUSING_NUMBER}"]`).click();
    await expect(c.shipping.getByLabel('Mobile phone')).toHaveValue(CIBA_REFUSING_NUMBER);
    await c.placeOrder.click();
    await expect(c.error).toHaveAttribute('data-error-id', '21', { timeout: 10_000 });
  });

  test('cancelled while waiting: back to idle, the page told (idmobile-reset)', async ({ page }) => {
    const c = await openFlow(page, 'camara-ciba', 'Léa Bernard');
    await c.placeOrder.click();
    await expect(c.widget).toHaveAttribute('state', 'waiting');
    await c.widget.locator('[part="cancel"]').click();
    await expect(c.widget).toHaveAttribute('state', 'idle');
    await expect(phoneLink(page)).toBeHidden();
    const log = page.getByRole('log', { name: 'Widget events' });
    await expect(log.locator('[data-event="idmobile-reset"]')).toContainText('cancelled');
  });
});

test.describe('authorization code: the operator’s page', () => {
  for (const choice of ['Accept', 'Refuse'] as const) {
    test(`the shopper goes to the operator's page and ${choice.toLowerCase()}s`, async ({ page }) => {
      const errors = watchErrors(page);
      const c = await openFlow(page, 'camara-code', 'Camille Martin');
      await c.placeOrder.click();
      await expect(c.widget).toHaveAttribute('state', 'consent');
      await c.widget.getByRole('button', { name: /^Continue to / }).click();
      await expect(page).toHaveURL(/\/flows\/camara-code\/simulator\/camara\/authorize/);
      await page.getByRole('button', { name: choice }).click();

      if (choice === 'Accept') {
        // back on the checkout, the widget restores the trip, checks and finishes the held order: no second press
        await expectOrderPlaced(page);
      } else {
        // back on the checkout of the same flow, the address bar cleaned, the details back
        await expect(page).toHaveURL((u) => u.pathname === '/' && u.search === '?upstream=camara-code');
        await expect(c.shipping.getByLabel('First name')).toHaveValue('Camille');
        await expect(c.widget).toHaveAttribute('state', 'error');
        await expect(c.error).toHaveAttribute('data-error-id', /^(consent_refused|21)$/);
        await expect(c.next.fallback).toBeVisible();
      }
      expect(errors).toEqual([]);
    });
  }

  test('the device on another line: the phone error, with its next steps', async ({ page }) => {
    const c = await openFlow(page, 'camara-code', INES);
    await c.placeOrder.click();
    await c.widget.getByRole('button', { name: /^Continue to / }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page).toHaveURL((u) => u.pathname === '/' && u.search === '?upstream=camara-code');
    await expect(c.error).toHaveAttribute('data-error-id', 'line_mismatch');
    await expect(c.error).toContainText('Your phone is not connected through this number’s line.');
    const phone = c.field('phone');
    await expect(phone).toBeVisible();
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    await expect(c.next.panel).toBeVisible();
    await expect(c.next.otherNumber).toBeVisible();
  });
});

for (const flow of ['camara-ciba', 'camara-code', 'camara-basic'] as const) {
  test(`R428 (${flow}): the identity document asked, typed, verified`, async ({ page }) => {
    expect(lucasDocument).not.toBe('');
    const c = await openFlow(page, flow, LUCAS);
    // the first check ends in R428 whatever the flow's way to the token
    await c.placeOrder.click();
    if (flow === 'camara-code') {
      await c.widget.getByRole('button', { name: /^Continue to / }).click();
      await page.getByRole('button', { name: 'Accept' }).click();
    } else if (flow === 'camara-ciba') {
      await expect(c.widget).toHaveAttribute('state', 'waiting');
      await answerOnPhone(page, 'Approve');
    }
    await expect(c.error).toHaveAttribute('data-error-id', 'R428', { timeout: 12_000 });
    const document = c.field('id_document');
    await expect(document).toBeVisible();
    await expect(document).toBeFocused();
    await document.fill(lucasDocument);
    await c.placeOrder.click();
    if (flow === 'camara-code') {
      await c.widget.getByRole('button', { name: /^Continue to / }).click();
      // the held order is finished after the verified return (the trip never holds the document number)
      await page.getByRole('button', { name: 'Accept' }).click();
    } else if (flow === 'camara-ciba') {
      await expect(c.widget).toHaveAttribute('state', 'waiting');
      await answerOnPhone(page, 'Approve');
    }
    await expectOrderPlaced(page, flow === 'camara-basic' ? 'direct' : 'consent');
  });
}

test('client_credentials: an answer at once, like DQE’s direct flow', async ({ page }) => {
  const errors = watchErrors(page);
  const c = await openFlow(page, 'camara-basic', 'Camille Martin');
  const requests = relayRequests(page, '/flows/camara-basic/api/idmobile');
  await c.placeOrder.click();
  await expectOrderPlaced(page, 'direct');
  expect(requests).toEqual({ match: 1, result: 0 }); // no polling: the scores came with the match answer
  expect(errors).toEqual([]);
});

test('an unknown ?upstream= is refused with the flows it takes', async ({ page }) => {
  const answer = await page.request.get('/?upstream=nope');
  expect(answer.status()).toBe(400);
  expect(await answer.text()).toContain('?upstream= must be one of dqe, camara-ciba, camara-code, camara-basic');
});

test('the drawer switches flows: each page its own relay, the default one at /api/idmobile', async ({ page }) => {
  const c = new Checkout(page);
  await c.open();
  await expect(c.widget).toHaveAttribute('relay-url', '/api/idmobile');
  await c.openTestNumbers();
  await page.locator('#flows a[data-upstream="camara-ciba"]').click();
  await expect(page).toHaveURL(/\?upstream=camara-ciba$/);
  await expect(c.widget).toHaveAttribute('relay-url', '/flows/camara-ciba/api/idmobile');
  await c.openTestNumbers();
  await expect(page.locator('#subscribers button[data-camara="true"] .who')).toContainText([HUGO, CHLOE]);
  await expect(page.locator(`#camara-numbers [data-phone="${CIBA_REFUSING_NUMBER}"]`)).toBeVisible();
  await page.locator('#flows a[data-upstream="dqe"]').click();
  await expect(c.widget).toHaveAttribute('relay-url', '/api/idmobile');
  await expect(page.locator('#camara-numbers')).toBeHidden();
});
