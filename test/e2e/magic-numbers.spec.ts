/**
 * Every magic number of the test mode, through the demo's main checkout (one "Place order" press runs the check):
 * what the shopper sees for each DQE error.
 * Every +336000000XX is a well-formed French mobile, so the widget sends all of them (none is refused
 * client-side); error 30 never reaches the shopper as 30: the relay renews its token and retries once, the
 * magic number answers 30 again, and the relay reports an upstream failure (R502).
 */
import { expect, test } from '@playwright/test';
import { MAGIC_NUMBERS } from '../../src/testmode/index.js';
import {
  CAMILLE,
  Checkout,
  events,
  expectFocusKept,
  recordEvents,
  relayRequests,
  requestBodies,
  WAY_THROUGH_VIEWPORT,
} from './helpers.js';

// Chromium at desktop size, Firefox at a phone's (helpers.ts)
test.use(WAY_THROUGH_VIEWPORT);

interface Expected {
  /** `data-error-id` the shopper's widget shows. */
  shown: string;
  message: string;
  retryable: boolean;
  /** Shown on the phone field (aria-invalid). */
  phone?: boolean;
  /** A generic message, details for the developer in the console. */
  integration?: boolean;
  /** Ends the check for this number: next steps (next-steps.spec.ts). */
  deadEnd?: boolean;
}

const INTEGRATION = 'Verification is unavailable on this site right now.';
const EXPECTED: Record<string, Expected> = {
  '01': { shown: '01', message: INTEGRATION, retryable: false, integration: true },
  '02': { shown: '02', message: INTEGRATION, retryable: false, integration: true },
  '04': { shown: '04', message: INTEGRATION, retryable: false, integration: true },
  '05': { shown: '05', message: INTEGRATION, retryable: false, integration: true },
  '06': { shown: '06', message: INTEGRATION, retryable: false, integration: true },
  '07': {
    shown: '07',
    message: 'Your operator needs your mobile number to verify your identity.',
    retryable: false,
    phone: true,
  },
  '09': {
    shown: '09',
    message: 'This number cannot be verified: use a French mobile number.',
    retryable: false,
    phone: true,
    deadEnd: true,
  },
  '10': {
    shown: '10',
    message: 'This mobile number does not exist. Please check it.',
    retryable: false,
    phone: true,
    deadEnd: true,
  },
  '11': { shown: '11', message: 'Enter your mobile number.', retryable: false, phone: true },
  '12': { shown: '12', message: 'Your operator could not check the number.', retryable: true },
  '13': { shown: '13', message: 'We could not find the operator of this number.', retryable: false },
  '14': { shown: '14', message: 'Verification is not available for this number’s operator.', retryable: false },
  '15': { shown: '15', message: 'Verification is not available yet for this number’s operator.', retryable: false },
  '16': { shown: '16', message: 'Your operator is not responding right now.', retryable: true },
  '17': { shown: '17', message: 'Your operator does not offer this verification yet.', retryable: false },
  '30': { shown: 'R502', message: 'The verification service is temporarily unavailable.', retryable: true },
};

test('the table covers every magic number of the test mode', () => {
  expect(MAGIC_NUMBERS.map((m) => m.errorId).sort()).toEqual(Object.keys(EXPECTED).sort());
});

/**
 * One page per half of the table (a fresh page per number would spend most of the suite loading the page):
 * each number is a step, from the previous number's error, as a shopper trying one number after another.
 */
const halves = [MAGIC_NUMBERS.slice(0, 8), MAGIC_NUMBERS.slice(8)];
for (const numbers of halves) {
  test(`magic numbers ${numbers.map((m) => m.errorId).join(' ')}: the error the shopper sees`, async ({ page }) => {
    await recordEvents(page);
    const requests = relayRequests(page);
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    const c = new Checkout(page);
    await c.open();
    await c.fillShipping(CAMILLE);

    let sent = 0;
    for (const { phone, errorId } of numbers) {
      const want = EXPECTED[errorId]!;
      await test.step(`${phone}: error ${errorId} shows ${want.shown}`, async () => {
        await c.pickMagic(phone);
        await expect(c.shipping.getByLabel('Mobile phone')).toHaveValue(phone);
        await expect(c.summary).toContainText(phone); // a number the shop's form sets: in the widget's summary
        await expect(c.widget).toHaveAttribute('state', 'idle'); // a new number: the previous error is gone
        await c.placeOrder.click();
        await expect(c.widget).toHaveAttribute('state', 'error');
        sent++;
        expect(requests.match).toHaveLength(sent); // sent: no magic number is refused client-side
        if (requestBodies(page))
          expect((requests.match[sent - 1]!.postDataJSON() as { phone: string }).phone).toBe(phone);

        await expect(c.error).toHaveAttribute('data-error-id', want.shown);
        await expect(c.error).toHaveAttribute('role', 'alert');
        await expect(c.error).toContainText(want.message);
        await expect(c.widget.getByRole('button', { name: 'Try again' })).toHaveCount(want.retryable ? 1 : 0);
        // a phone error opens the number for correction in the widget (invalid, described by the error, the
        // number kept), with the dead ends' next steps too; any other error leaves it in the summary (a number the
        // shop's form sets afterwards goes back there too)
        if (want.phone) {
          await expect(c.field('phone')).toHaveValue(phone);
          await expect(c.field('phone')).toHaveAttribute('aria-invalid', 'true');
          if (want.deadEnd) await expect(c.next.otherNumber).toBeVisible();
        } else {
          await expect(c.field('phone')).toHaveCount(0);
          await expect(c.summary).toContainText(phone);
        }
        await expect(page).toHaveURL((u) => u.pathname === '/'); // no order placed
        await expect(c.orderStatus).toHaveAttribute('data-status', 'error');
        await expectFocusKept(page, `error ${want.shown}`);

        const all = await events(page);
        const error = all[all.length - 1];
        expect(error?.type).toBe('idmobile-error');
        expect(error?.detail).toMatchObject({ id: want.shown, retryable: want.retryable, message: want.message });
        if (errorId === '30') expect(error?.detail.errorType).toBe('upstream failed');
        const log = page.getByRole('log', { name: 'Widget events' });
        await expect(log.locator('[data-event="idmobile-error"]').first()).toContainText(`error ${want.shown}`);
        if (want.integration) expect(consoleErrors.some((t) => t.includes(`integration error ${errorId}`))).toBe(true);

        // (v3) a way through: the next steps and the shop's fallback, at once for an error that repeats whatever
        // the shopper does (01, 02, 04, 05, 06, 13, the dead ends), after the one retry for a retryable one; a
        // phone error the shopper corrects (07, 11) is its own way through
        if (want.phone && !want.deadEnd) return;
        if (want.retryable) {
          await c.placeOrder.click(); // the shopper's retry: the same answer
          sent++;
          await expect(c.next.panel).toBeVisible();
          await expect(c.widget.getByRole('button', { name: 'Try again' }), 'no retry loop').toHaveCount(0);
        }
        await expect(c.next.panel).toBeVisible();
        await expect(c.next.fallback).toBeVisible();
        await expect(c.error).not.toContainText(/try again/i);
        await expect(c.orderStatus).not.toContainText('Place order');
      });
    }
  });
}
