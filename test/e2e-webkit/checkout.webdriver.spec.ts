/**
 * The demo checkout in WebKit (WebKitGTK's MiniBrowser), driven through W3C WebDriver with webdriverio:
 * Playwright cannot drive WebKit on this kind of machine (its own WebKit build cannot be downloaded, MiniBrowser
 * refuses its inspector pipe), so Playwright's runner only hosts these tests and starts the demo server.
 * A smoke of the demo's main checkout, not the whole e2e folder: the one "Place order" press to a placed order, the
 * consent round trip through the operator's page (accept and refuse), and the checkout on a phone-sized window; a
 * screenshot of each end state under test-results/screenshots/ (the component suite runs every widget test in WebKit).
 *
 * One driver and one browser for the file (serial): starting MiniBrowser costs seconds on two cores.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { remote } from 'webdriverio';
import { requireEngine } from '../../scripts/browsers.mjs';
import { startWebKitDriver, webkitCapabilities, type RunningDriver } from '../../scripts/webkit-driver.mjs';
import { CAMILLE, LEA } from '../e2e/helpers.js';

type Browser = Awaited<ReturnType<typeof remote>>;

test.describe.configure({ mode: 'serial' });

let driver: RunningDriver | undefined;
let browser: Browser | undefined;
let baseURL = '';

test.beforeAll(async () => {
  baseURL = String(test.info().project.use.baseURL);
  const webkit = await requireEngine('webkit');
  driver = await startWebKitDriver(webkit);
  browser = await remote({
    hostname: driver.hostname,
    port: driver.port,
    logLevel: 'error',
    capabilities: webkitCapabilities(webkit),
  });
  await browser.setWindowSize(1280, 900);
});

test.afterAll(async () => {
  try {
    await browser?.deleteSession();
  } finally {
    await driver?.stop();
  }
});

function b(): Browser {
  if (!browser) throw new Error('no WebDriver session');
  return browser;
}

/** Reads from the page: the widget's attributes and what is inside its open shadow root. */
const read = {
  state: () => b().execute(() => document.querySelector('idmobile-check')?.getAttribute('state') ?? null),
  inWidget: (selector: string, attribute: string | null) =>
    b().execute(
      (sel, attr) => {
        const el = document.querySelector('idmobile-check')?.shadowRoot?.querySelector(sel);
        if (!el) return null;
        return attr === null ? (el as HTMLInputElement).value : el.getAttribute(attr);
      },
      selector,
      attribute,
    ),
  path: () => b().execute(() => location.pathname + location.search),
  /**
   * Does the widget show this prefilled value for a field: in the field's input, or in the read-only summary
   * (where a page that does not make the field `editable` shows it)?
   */
  prefilled: (name: string, value: string) =>
    b().execute(
      (n, v) => {
        const root = document.querySelector('idmobile-check')?.shadowRoot;
        const input = root?.querySelector<HTMLInputElement>(`[name="${n}"]`);
        if (input) return input.value === v;
        return root?.querySelector('[part="summary"]')?.textContent.includes(v) ?? false;
      },
      name,
      value,
    ),
};

async function until(what: string, check: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  await b().waitUntil(check, { timeout, interval: 100, timeoutMsg: `timed out waiting for ${what}` });
}

async function waitForState(state: string): Promise<void> {
  await until(`the widget in state "${state}"`, async () => (await read.state()) === state);
}

async function open(path = '/'): Promise<void> {
  await b().url(new URL(path, baseURL).href);
  await waitForState('idle');
}

/** Types into a field of the page as a person would (WebDriver key events). */
async function type(selector: string, value: string): Promise<void> {
  await b().$(selector).setValue(value);
}

/** Clicks an element inside the widget's shadow root. */
async function clickInWidget(selector: string): Promise<void> {
  await b().$('idmobile-check').shadow$(selector).click();
}

/**
 * Saves a screenshot of the window (WebDriver has no full-page one), after scrolling `showing` into view and
 * letting two frames paint: a screenshot taken at once can show the frame before the last change.
 */
async function snap(name: string, showing?: string): Promise<void> {
  if (showing) await b().$(showing).scrollIntoView({ block: 'center' });
  // W3C Execute Script waits for a returned promise
  await b().execute(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  mkdirSync('test-results/screenshots', { recursive: true });
  const path = `test-results/screenshots/${name}.png`;
  await b().saveScreenshot(path);
  await test.info().attach(name, { path, contentType: 'image/png' });
}

test('one press: the details typed once in the shop form, "Place order" verifies and places the order', async () => {
  await open();
  await type('#ship-given', CAMILLE.given);
  await type('#ship-family', CAMILLE.family);
  await type('#ship-email', CAMILLE.email);
  await type('#ship-phone', CAMILLE.phone);
  await type('#ship-street', CAMILLE.street);
  await type('#ship-postal', CAMILLE.postal);
  await type('#ship-city', CAMILLE.city);
  // the page copies the shipping details into the widget, which shows them as its read-only summary
  await until('the prefilled city', () => read.prefilled('address.locality', CAMILLE.city));
  expect(await read.prefilled('given_name', CAMILLE.given)).toBe(true);
  expect(await read.prefilled('phone', CAMILLE.phone)).toBe(true);
  expect(
    await b().execute(() => document.querySelector('idmobile-check')?.shadowRoot?.querySelectorAll('input').length),
  ).toBe(0);
  // nothing overflows sideways at desktop width
  expect(await b().execute(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);

  await b().$('#place-order').click();
  await until('the order page', async () => (await read.path()) === '/demo/order');
  const order = b().$('[data-order]');
  expect(await order.getAttribute('data-order')).toBe('placed');
  expect(await order.getAttribute('data-verdict')).toBe('verified');
  await snap('webkit-order-placed');
});

for (const choice of ['accept', 'refuse'] as const) {
  test(`consent round trip through the operator page: ${choice}`, async () => {
    await open();
    await b().$('#test-numbers > summary').click();
    await b().$('#subscribers').$(`button*=${LEA.given} ${LEA.family}`).click();
    await until('Léa prefilled', () => read.prefilled('given_name', LEA.given));
    await b().$('#place-order').click();
    await waitForState('consent');
    expect(await read.inWidget('[part="consent"]', 'data-operator')).toBe('Orange');

    await clickInWidget('[part="continue"]');
    await until('the operator page', async () => (await read.path()).startsWith('/simulator/consent/'));
    await b().$(`button[value="${choice}"]`).click();

    if (choice === 'accept') {
      // back on the checkout, the widget restores its trip, checks, and finishes the held order (no second press)
      await until('the order page', async () => (await read.path()) === '/demo/order');
      expect(await b().$('[data-order]').getAttribute('data-order')).toBe('placed');
      expect(await b().$('[data-order]').getAttribute('data-verdict')).toBe('verified');
      await snap('webkit-after-consent');
    } else {
      // back on the checkout: return parameters gone from the address bar, the shipping details restored
      await until(
        'back on the checkout',
        async () => (await read.path()).startsWith('/') && !(await read.path()).includes('simulator'),
      );
      await waitForState('error');
      const path = await read.path();
      expect(path).not.toContain('token');
      expect(path).not.toContain('idmobile_return');
      expect(await b().$('#ship-given').getValue()).toBe(LEA.given);
      expect(await read.inWidget('[part="error"]', 'data-error-id')).toBe('consent_refused');
      // the next steps, the shop's review fallback among them; "Place order" waits for one
      expect(await read.inWidget('[part="other-number"]', 'part')).toBe('other-number');
      expect(await b().$('#review-order').isDisplayed()).toBe(true);
      expect(await b().$('#place-order').getAttribute('aria-disabled')).toBe('true');
      await snap('webkit-consent-refused', 'idmobile-check');
    }
  });
}

test('a phone-sized window: nothing overflows sideways, the check still completes', async () => {
  await b().setWindowSize(390, 844);
  try {
    await open();
    // MiniBrowser keeps a minimum window width: the page is laid out at about 450 px, a large phone's width
    expect(await b().execute(() => innerWidth)).toBeLessThanOrEqual(480);
    expect(await b().execute(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
      0,
    );
    await b().$('#test-numbers > summary').click();
    await b().$('#subscribers').$(`button*=${CAMILLE.given} ${CAMILLE.family}`).click();
    await until('Camille prefilled', () => read.prefilled('given_name', CAMILLE.given));
    expect(await b().execute(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(
      0,
    );
    await snap('webkit-phone-summary', 'idmobile-check');
    await b().$('#place-order').click();
    await until('the order page', async () => (await read.path()) === '/demo/order');
    expect(await b().$('[data-order]').getAttribute('data-order')).toBe('placed');
  } finally {
    await b().setWindowSize(1280, 900);
  }
});
