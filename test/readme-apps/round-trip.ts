/**
 * The consent round trip of issue 22, driven as a shopper would on a README app: the shop's form typed, one
 * "Place order" press, the operator's consent page (the test mode's simulator), Accept, and back on a FRESHLY
 * LOADED page the widget restores its trip, fires `idmobile-restore` (the page refills its own form from it: it
 * keeps nothing itself), completes the check under the page's fresh session and submits the held order. The
 * page shows the backend's answer to the order (`POST /api/order`, after the relay's `/verify`).
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { toolReport } from '../e2e/helpers.js';
import { LEA_LINE, shopperOf, typedPhoneOf } from '../fixtures/subscribers.js';
import type { RunningApp } from './apps.js';

const LEA = shopperOf(LEA_LINE);

/**
 * What the README's pages show of the backend's answer to the order (`<pre id="answer">`): the same routes and
 * answers from shop/server.mjs and the Python and PHP backends; shop/server.mjs adds `path` and the `order` it
 * verified.
 */
export interface OrderAnswer {
  status: string;
  reference?: string;
  verdict?: string;
  path?: string;
  order?: unknown;
}
/** Léa's address as the shopper types it in the shop's form. */
const ADDRESS = { street_address: '3 place du Capitole', postal_code: '31000', locality: 'Toulouse' };

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

/** What a backend may do differently from shop/server.mjs. */
export interface RoundTripOptions {
  /**
   * Whether the backend prints a `{"event":"session","reference":…}` line per session it creates (shop/server.mjs
   * does): then a fresh session per page load is also asserted from them (default true).
   */
  sessionLines?: boolean;
}

/** The order's outcome the page shows once the backend answered. */
async function orderAnswer(page: Page): Promise<OrderAnswer> {
  await expect(page.locator('#outcome')).toHaveAttribute('data-status', /./, { timeout: 20_000 });
  return JSON.parse((await page.locator('#answer').textContent()) ?? '') as OrderAnswer;
}

/**
 * The shopper's way to the operator's consent page: the checkout opened, the shop's form typed, one "Place order"
 * press, the widget's notice, "Continue to Orange". Returns what the test watches on the way (errors and writes).
 */
async function toConsentPage(page: Page, app: RunningApp) {
  const errors: string[] = [];
  page.on('pageerror', (e) => {
    if (!toolReport(page, e.message)) errors.push(e.message); // Firefox's favicon request on the simulator's page
  });
  const writes = await recordStorageWrites(page);

  await page.goto(app.url);
  const widget = page.locator('idmobile-check');
  await expect(widget).toHaveAttribute('state', 'idle');
  await typeInto(shopField(page, 'First name'), LEA.given);
  await typeInto(shopField(page, 'Last name'), LEA.family);
  await typeInto(shopField(page, 'Mobile'), typedPhoneOf(LEA_LINE));
  await typeInto(shopField(page, 'Street'), ADDRESS.street_address);
  await typeInto(shopField(page, 'Postal code'), ADDRESS.postal_code);
  await typeInto(shopField(page, 'City'), ADDRESS.locality);
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
  const { errors, writes } = await toConsentPage(page, app);
  await page.getByRole('button', { name: 'Accept' }).click();

  // back on a freshly loaded checkout: restored, checked, and the held order sent without a second press
  const answer = await orderAnswer(page);
  const reference = new URL(page.url()).searchParams.get('order');
  expect(answer).toMatchObject({ status: 'placed', reference });
  expect(reference).toBeTruthy();
  if (answer.path !== undefined) expect(answer.path).toBe('consent');
  // the shop's fields as the shopper typed them (the phone back from idmobile-restore in E.164: the same number)
  if (answer.order !== undefined) {
    expect(answer.order).toEqual({
      reference,
      phone: LEA.phone,
      identity: { given_name: LEA.given, family_name: LEA.family, address: { ...ADDRESS, country: 'FR' } },
    });
  }

  // a fresh check session for the same reference on each page load: the first, and the return's
  if (options.sessionLines ?? true) {
    const sessions = app.backend
      .output()
      .split('\n')
      .filter((l) => l.includes('"event":"session"') && l.includes(`"${reference}"`));
    expect(sessions.length).toBeGreaterThanOrEqual(2);
  }
  await expectNothingKept(page, writes);
  expect(errors).toEqual([]);
}

/**
 * The shopper refuses on the operator's page: back on a freshly loaded checkout the page's form is refilled from
 * `idmobile-restore`, the widget says the consent was refused (with its next steps), and no order is sent.
 */
export async function expectRefusedRoundTrip(page: Page, app: RunningApp) {
  const { errors, writes, widget } = await toConsentPage(page, app);
  await page.getByRole('button', { name: 'Refuse' }).click();

  await expect(widget.locator('[part="error"]')).toHaveAttribute('data-error-id', 'consent_refused');
  await expect(page).toHaveURL((u) => !u.search.includes('idmobile_return') && u.searchParams.has('order'));
  await expect(shopField(page, 'First name')).toHaveValue(LEA.given);
  await expect(shopField(page, 'Last name')).toHaveValue(LEA.family);
  await expect(shopField(page, 'Mobile')).toHaveValue(LEA.phone);
  await expect(shopField(page, 'Postal code')).toHaveValue(ADDRESS.postal_code);
  await expect(page.locator('#outcome[data-status]')).toHaveCount(0);
  await expectNothingKept(page, writes);
  expect(errors).toEqual([]);
}
