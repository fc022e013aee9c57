/**
 * End-to-end helpers: the demo checkout driven as a shopper would, through the real widget, relay and test mode.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, type Locator, type Page, type Request, type TestInfo } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CAMILLE = {
  phone: '+33612345678',
  given: 'Camille',
  family: 'Martin',
  email: 'camille.martin@example.fr',
  street: '12 rue de la Paix',
  postal: '75002',
  city: 'Paris',
};
export const JEAN_PIERRE = { phone: '+33698765432', given: 'Jean-Pierre', family: 'Dubois' };
export const LEA = { phone: '+33756123456', given: 'Léa', family: 'Bernard' };

/** Records what the page's widget emitted (installed before any page script, on every navigation). */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __events: Array<{ type: string; detail: unknown }> };
    w.__events = [];
    for (const type of ['idmobile-submit', 'idmobile-result', 'idmobile-consent', 'idmobile-error']) {
      document.addEventListener(type, (e) => w.__events.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
}

/** What the e2e specs read of an event's detail (the union of the four events' fields). */
export interface SeenDetail {
  attestation?: string | null;
  verdict?: string;
  id?: string;
  errorType?: string;
  message?: string;
  retryable?: boolean;
  request?: { phone?: string };
}

export function events(page: Page): Promise<Array<{ type: string; detail: SeenDetail }>> {
  return page.evaluate(() => (window as unknown as { __events: Array<{ type: string; detail: SeenDetail }> }).__events);
}

/** Counts the requests the page sends to the relay's endpoints. */
export function relayRequests(page: Page): { match: Request[]; result: Request[] } {
  const seen = { match: [] as Request[], result: [] as Request[] };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/idmobile/match') seen.match.push(r);
    if (path === '/api/idmobile/result') seen.result.push(r);
  });
  return seen;
}

/** Page errors and console errors that are not the widget's own integration-error logs. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('[idmobile-check]')) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The demo checkout, as the shopper sees it. */
export class Checkout {
  readonly widget: Locator;
  readonly shipping: Locator;
  readonly placeOrder: Locator;
  readonly orderStatus: Locator;

  constructor(readonly page: Page) {
    this.widget = page.locator('idmobile-check');
    this.shipping = page.getByRole('region', { name: 'Shipping details' });
    this.placeOrder = page.getByRole('button', { name: /Place order/ });
    this.orderStatus = page.locator('#order-status');
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.widget).toHaveAttribute('state', 'idle');
  }

  /** The widget's own input for a field path (inside its open shadow root). */
  field(name: string): Locator {
    return this.widget.locator(`[name="${name}"]`);
  }

  get verify(): Locator {
    return this.widget.getByRole('button', { name: 'Verify my identity' });
  }

  gauge(field: string): Locator {
    return this.widget.locator(`[part="gauge"][data-field="${field}"]`);
  }

  get error(): Locator {
    return this.widget.locator('[part="error"]');
  }

  /** Types the shipping details, as a shopper would; the page copies them into the widget. */
  async fillShipping(d: {
    given?: string;
    family?: string;
    email?: string;
    phone?: string;
    street?: string;
    postal?: string;
    city?: string;
  }) {
    const s = this.shipping;
    if (d.given !== undefined) await s.getByLabel('First name').fill(d.given);
    if (d.family !== undefined) await s.getByLabel('Last name').fill(d.family);
    if (d.email !== undefined) await s.getByLabel('Email').fill(d.email);
    if (d.phone !== undefined) await s.getByLabel('Mobile phone').fill(d.phone);
    if (d.street !== undefined) await s.getByLabel('Street address').fill(d.street);
    if (d.postal !== undefined) await s.getByLabel('Postal code').fill(d.postal);
    if (d.city !== undefined) await s.getByLabel('City').fill(d.city);
  }

  /** Clicks a test subscriber in the "numbers to try" panel. */
  async pickSubscriber(name: string): Promise<void> {
    await this.page
      .locator('#subscribers')
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
  }

  /** Puts a magic number in the phone field through the magic-number table. */
  async pickMagic(phone: string): Promise<void> {
    const table = this.page.locator('details.magic');
    if (!(await table.evaluate((d) => (d as HTMLDetailsElement).open))) await table.locator('summary').click();
    await this.page.getByRole('button', { name: new RegExp(`^Use \\${phone} `) }).click();
  }

  async verifyAndWait(state: 'result' | 'error' | 'consent'): Promise<void> {
    await this.verify.click();
    await expect(this.widget).toHaveAttribute('state', state);
  }
}

/** Runs axe-core on the page (the widget's open shadow root included); fails on any violation. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  // evaluated through the DevTools protocol rather than page.addScriptTag: an inline <script> would itself be a
  // violation on the strict-CSP page
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = await page.evaluate(async () => {
    interface AxeViolation {
      id: string;
      impact?: string;
      help: string;
      nodes: Array<{ target: unknown; failureSummary?: string }>;
    }
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const r = await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
  expect(violations, `axe violations in state "${label}":\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Saves a full-page screenshot under test-results/screenshots/ and attaches it to the report. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
