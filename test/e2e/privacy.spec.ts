/**
 * Hardening (issue 7), privacy: after a full flow with the consent round trip (the simulator's Accept button and
 * back), no personal data is left in localStorage, sessionStorage, cookies, the console, the page URL or any
 * URL the browser requested or navigated to.
 *
 * Three pages: one holding only the widget (what the product itself does, nothing else on the page), and the demo's
 * two checkouts (the widget in a realistic page: the main one-press checkout at `/`, and the comparison page with
 * every input in the widget). The demo pages keep none of the shopper's details themselves: they refill the shipping
 * form from the widget's `idmobile-restore`; only the demo's event log is kept in sessionStorage while the shopper is
 * away on the operator's page (demo/checkout.ts), removed on return: after the flow nothing may be left there either.
 */
import { expect, test, type Page } from '@playwright/test';
import { ALL_INPUTS, Checkout, WIDGET_ONLY } from './helpers.js';

const LEA = {
  phone: '07 56 12 34 56',
  gender: 'F',
  given_name: 'Léa',
  family_name: 'Bernard',
  birthdate: '2001-02-28',
  email: 'lea.bernard@example.org',
  street: '3 place du Capitole',
  postal: '31000',
  city: 'Toulouse',
};
const PII = [
  'Léa',
  'L%C3%A9a',
  'Bernard',
  'lea.bernard',
  'example.org',
  '2001-02-28',
  '28/02/2001',
  'Capitole',
  '31000',
  'Toulouse',
  '756123456',
  '0756123456',
  '07 56 12 34 56',
  '07%2056',
];
const DEMO_KEY = 'idmobile-demo-log';

interface Seen {
  console: string[];
  urls: string[];
}

function watch(page: Page): Seen {
  const seen: Seen = { console: [], urls: [] };
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => seen.urls.push(r.url()));
  page.on('framenavigated', (f) => seen.urls.push(f.url()));
  return seen;
}

async function fullFlow(page: Page): Promise<void> {
  const widget = page.locator('idmobile-check');
  await expect(widget).toHaveAttribute('state', 'idle');
  // the demo page prefills the widget from its shipping form once its script has run: fill after that
  await page.waitForLoadState('networkidle');
  const field = (name: string) => widget.locator(`[name="${name}"]`);
  await field('phone').fill(LEA.phone);
  await field('gender').selectOption(LEA.gender);
  await field('given_name').fill(LEA.given_name);
  await field('family_name').fill(LEA.family_name);
  await field('birthdate').fill(LEA.birthdate);
  await field('email').fill(LEA.email);
  await field('address.street_address').fill(LEA.street);
  await field('address.postal_code').fill(LEA.postal);
  await field('address.locality').fill(LEA.city);
  await field('address.country').selectOption('FR');
  await widget.locator('[part="submit"]').click();
  await expect(widget).toHaveAttribute('state', 'consent');
  await widget.locator('[part="continue"]').click();
  await page.waitForURL(/\/simulator\/consent\//);
  await page.locator('button[value="accept"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/simulator'));
  await expect(page.locator('idmobile-check')).toHaveAttribute('state', 'result', { timeout: 15_000 });
  await expect(page.locator('idmobile-check [part="gauge"]').first()).toBeVisible();
  // the address bar is cleaned of the return parameters
  await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false);
}

async function storage(
  page: Page,
): Promise<{ local: Record<string, string>; session: Record<string, string>; cookies: string; docCookie: string }> {
  const { local, session, docCookie } = await page.evaluate(() => {
    const dump = (s: Storage) =>
      Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k) ?? '']));
    return { local: dump(localStorage), session: dump(sessionStorage), docCookie: document.cookie };
  });
  const cookies = JSON.stringify(await page.context().cookies());
  return { local, session, cookies, docCookie };
}

function expectNoPii(where: string, text: string): void {
  for (const needle of PII) expect(text, `${where} holds "${needle}"`).not.toContain(needle);
}

test('widget only: no personal data left anywhere after a full flow with consent', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${WIDGET_ONLY}?cart=7`);
  await fullFlow(page);
  // back on the page that holds only the widget (served by the test server: the operator's redirect lands there)
  await expect(page).toHaveTitle('The widget alone');
  expect(new URL(page.url()).pathname).toBe(WIDGET_ONLY);
  expect(new URL(page.url()).searchParams.get('cart')).toBe('7');
  const s = await storage(page);
  expect(s.local).toEqual({});
  expect(s.session).toEqual({});
  expect(s.docCookie).toBe('');
  expectNoPii('cookies', s.cookies);
  expectNoPii('the console', seen.console.join('\n'));
  expectNoPii('a URL', seen.urls.join('\n'));
  expectNoPii('the page URL', page.url());
});

/** The main checkout: the shopper types the details once in the shop's form and presses "Place order". */
async function onePressFlow(page: Page): Promise<void> {
  const c = new Checkout(page);
  await c.open();
  await c.fillShipping({
    gender: LEA.gender,
    given: LEA.given_name,
    family: LEA.family_name,
    email: LEA.email,
    phone: LEA.phone,
    street: LEA.street,
    postal: LEA.postal,
    city: LEA.city,
  });
  await c.placeOrder.click();
  await expect(c.widget).toHaveAttribute('state', 'consent');
  await c.widget.locator('[part="continue"]').click();
  await page.waitForURL(/\/simulator\/consent\//);
  await page.locator('button[value="accept"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/simulator'));
  // the widget restores the trip, checks, and finishes the held submission: the order is placed
  await page.waitForURL(/\/demo\/order$/, { timeout: 15_000 });
}

const DEMO_PAGES = [
  { name: 'the main checkout (one press)', flow: onePressFlow },
  {
    name: 'the comparison page (every input in the widget)',
    flow: async (page: Page) => {
      await page.goto(ALL_INPUTS);
      await fullFlow(page);
    },
  },
];

for (const demo of DEMO_PAGES) {
  test(`demo, ${demo.name}: no personal data in storage, cookies, console or URLs`, async ({ page }) => {
    const seen = watch(page);
    await demo.flow(page);
    const s = await storage(page);
    expectNoPii('localStorage', JSON.stringify(s.local));
    expectNoPii('sessionStorage', JSON.stringify(s.session));
    expect(Object.keys(s.session), `the demo page removes ${DEMO_KEY} once back from the operator`).not.toContain(
      DEMO_KEY,
    );
    expectNoPii('cookies', s.cookies + s.docCookie);
    expectNoPii('the console', seen.console.join('\n'));
    expectNoPii('a URL', seen.urls.join('\n'));
  });
}
