/**
 * The consent round trip of issue 22, driven as a shopper would on a README app: the shop's form typed, one
 * "Place order" press, the operator's consent page (the test mode's simulator), Accept, and back on a FRESHLY
 * LOADED page the widget restores its trip, fires `idmobile-restore` (the page refills its own form from it: it
 * keeps nothing itself), completes the check under the page's fresh session and submits the held order. The
 * shop's backend answers the order with what it received and what the relay's `/verify` said (README Quickstart).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { toolReport } from '../e2e/helpers.js';
import { LEA_LINE, shopperOf, typedPhoneOf } from '../fixtures/subscribers.js';
import type { RunningApp } from './apps.js';

const LEA = shopperOf(LEA_LINE);

/** What the README's backend shows of an order: `<pre id="order">` (plain/server.mjs). */
export interface OrderReport {
  order: { reference: string; phone: string; given_name: string; family_name: string };
  attestation: boolean;
  verify: { success: boolean; path?: string; reference?: string; mode?: string; error_codes?: string[] };
}

/** Types as a person would, key by key (Playwright's `fill` does not reach React's onChange in Firefox's BiDi mode). */
async function typeInto(field: Locator, value: string): Promise<void> {
  await field.click();
  await field.pressSequentially(value);
  await expect(field).toHaveValue(value);
}

/**
 * The shop's own input labelled so (XPath does not enter shadow roots: never the widget's input of the same name,
 * which it shows while the shop's form is empty).
 */
function shopField(page: Page, label: string): Locator {
  return page.locator(`xpath=//label[normalize-space(text())="${label}"]//input`);
}

/**
 * Records every write the page makes to Web Storage (installed before any script, on every page it loads): the
 * key, announced on the console, which outlives the navigation to the operator.
 */
async function recordStorageWrites(page: Page): Promise<string[]> {
  const writes: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('[storage-write] ')) writes.push(text.slice(16));
  });
  await page.addInitScript(() => {
    const setItem = Object.getOwnPropertyDescriptor(Storage.prototype, 'setItem')!.value as Storage['setItem'];
    Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
      console.info(`[storage-write] ${this === window.localStorage ? 'local' : 'session'} ${key}`);
      setItem.call(this, key, value);
    };
  });
  return writes;
}

/** What an app may do differently from the Quickstart's (a backend in another language, another page). */
export interface RoundTripOptions {
  /** The checkout's path and query (default `/`). */
  path?: string;
  /** More of the shop's fields to type, by label, after the names and the phone (an address…). */
  extraFields?: ReadonlyArray<[label: string, value: string]>;
  /**
   * Waits for the order's outcome after the return and reads it (default: the Quickstart's order page,
   * `<pre id="order">`).
   */
  readOrder?: (page: Page) => Promise<OrderReport>;
  /**
   * Whether the backend prints a `{"event":"session","reference":…}` line per session it creates (the
   * Quickstart's does): then a fresh session per page load is asserted from them (default true).
   */
  sessionLines?: boolean;
}

/** The Quickstart's order page: "Order placed", and what the backend received and `/verify` said. */
async function quickstartOrder(page: Page): Promise<OrderReport> {
  await expect(page).toHaveURL(/\/order$/, { timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Order placed' })).toBeVisible();
  return JSON.parse((await page.locator('#order').textContent()) ?? '') as OrderReport;
}

/**
 * The shopper's way to the operator's consent page: the checkout opened, the shop's form typed, one "Place order"
 * press, the widget's notice, "Continue to Orange". Returns what the test watches on the way (errors and writes).
 */
async function toConsentPage(page: Page, app: RunningApp, options: RoundTripOptions) {
  const errors: string[] = [];
  page.on('pageerror', (e) => {
    if (!toolReport(page, e.message)) errors.push(e.message); // Firefox's favicon request on the simulator's page
  });
  const writes = await recordStorageWrites(page);

  await page.goto(app.url + (options.path ?? '/'));
  const widget = page.locator('idmobile-check');
  await expect(widget).toHaveAttribute('state', 'idle');
  await typeInto(shopField(page, 'First name'), LEA.given);
  await typeInto(shopField(page, 'Last name'), LEA.family);
  await typeInto(shopField(page, 'Mobile'), typedPhoneOf(LEA_LINE));
  for (const [label, value] of options.extraFields ?? []) await typeInto(shopField(page, label), value);
  // the widget shows what the shop's form holds (its read-only summary)
  await expect(widget.locator('[part="summary"]')).toContainText(LEA.family);

  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(widget).toHaveAttribute('state', 'consent');
  await widget.getByRole('button', { name: 'Continue to Orange' }).click();
  await expect(page).toHaveURL(/\/simulator\/consent\//);
  return { errors, writes, widget };
}

/** The page keeps nothing itself: the only writes are the widget's trip, deleted by the final outcome. */
async function expectNothingKept(page: Page, writes: string[]): Promise<void> {
  expect(writes.filter((w) => !/^session idmobile-check:/.test(w))).toEqual([]);
  expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([0, 0]);
}

/** Runs the round trip on a running app and checks every promise of issue 22's "Done when" along the way. */
export async function expectConsentRoundTrip(page: Page, app: RunningApp, options: RoundTripOptions = {}) {
  const { errors, writes } = await toConsentPage(page, app, options);
  await page.getByRole('button', { name: 'Accept' }).click();

  // back on a freshly loaded checkout: restored, checked, and the held order submitted without a second press
  const report = await (options.readOrder ?? quickstartOrder)(page);
  // the shop's fields as the shopper typed them (the phone back from idmobile-restore in E.164: the same number)
  expect(report.order).toMatchObject({ given_name: LEA.given, family_name: LEA.family, phone: LEA.phone });
  expect(report.attestation).toBe(true);
  expect(report.verify).toMatchObject({
    success: true,
    path: 'consent',
    mode: 'test',
    reference: report.order.reference,
  });

  // a fresh check session for the same reference on each page load: the first, and the return's
  if (options.sessionLines ?? true) {
    const sessions = app.backend
      .output()
      .split('\n')
      .filter((l) => l.includes('"event":"session"') && l.includes(report.order.reference));
    expect(sessions.length).toBeGreaterThanOrEqual(2);
  }
  await expectNothingKept(page, writes);
  expect(errors).toEqual([]);
}

/**
 * The shopper refuses on the operator's page: back on a freshly loaded checkout the page's form is refilled from
 * `idmobile-restore`, the widget says the consent was refused (with its next steps), and no order is sent.
 */
export async function expectRefusedRoundTrip(page: Page, app: RunningApp, options: RoundTripOptions = {}) {
  const { errors, writes, widget } = await toConsentPage(page, app, options);
  await page.getByRole('button', { name: 'Refuse' }).click();

  await expect(widget.locator('[part="error"]')).toHaveAttribute('data-error-id', 'consent_refused');
  await expect(page).toHaveURL((u) => !u.search.includes('idmobile_return') && !u.pathname.endsWith('/order'));
  await expect(shopField(page, 'First name')).toHaveValue(LEA.given);
  await expect(shopField(page, 'Last name')).toHaveValue(LEA.family);
  await expect(shopField(page, 'Mobile')).toHaveValue(LEA.phone);
  await expectNothingKept(page, writes);
  expect(errors).toEqual([]);
}
