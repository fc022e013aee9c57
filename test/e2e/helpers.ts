/**
 * End-to-end helpers: the demo checkout driven as a shopper would, through the real widget, relay and test mode.
 *
 * The same specs run in Chromium (project `e2e`) and in Firefox ESR through Playwright's WebDriver BiDi mode
 * (project `e2e-firefox`). Where the TOOL behaves differently in that mode (never where the widget does), the
 * helpers below adapt, each in one place:
 * - no axe there (`expectNoAxeViolations` notes the skip): the components are axe-scanned in every engine by the
 *   component suite, and repeated axe runs in one page crashed Firefox's content process;
 * - `request.postData()` is always null there: `requestBodies(page)` says whether bodies can be asserted;
 * - `fill()` sends an untrusted `input` event that React ignores: `typeInto` types instead;
 * - every Playwright screenshot injects a `<style>body {}</style>` from an evaluated script, which a strict CSP
 *   blocks and reports, and Firefox reports the `/favicon.ico` it requests on a `default-src 'none'` page:
 *   `toolReport` recognises exactly these two, for the error and CSP watchers to leave out.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page, type Request, type TestInfo } from '@playwright/test';
import { CAMILLE_LINE, JEAN_PIERRE_LINE, LEA_LINE, shopperOf } from '../fixtures/subscribers.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CAMILLE = shopperOf(CAMILLE_LINE);
export const JEAN_PIERRE = shopperOf(JEAN_PIERRE_LINE);
export const LEA = shopperOf(LEA_LINE);

/** The engine a page runs in. */
export function engineOf(page: Page): 'chromium' | 'firefox' | 'webkit' {
  return (page.context().browser()?.browserType().name() ?? 'chromium') as 'chromium' | 'firefox' | 'webkit';
}

/** Can this engine's requests show their bodies? Not in Playwright's Firefox BiDi mode (postData() is null). */
export function requestBodies(page: Page): boolean {
  return engineOf(page) !== 'firefox';
}

/** The base64 SHA-256 of `body {}`, the style Playwright's screenshots inject (CSP messages quote it). */
const SCREENSHOT_STYLE_HASH = 'sha256-YjaKGiklmzC6wjXA513HAMmzus8VE61XCOT+SmwNZWA=';

/**
 * Is this message a CSP report caused by the test tool rather than the page, in Firefox: the style a Playwright
 * screenshot injects (quoted by its hash), or the `/favicon.ico` Firefox requests by itself?
 */
export function toolReport(page: Page, message: string): boolean {
  if (engineOf(page) !== 'firefox') return false;
  return (
    (message.includes('(style-src-elem)') && message.includes(SCREENSHOT_STYLE_HASH)) ||
    /\(img-src\) at https?:\/\/[^/\s]+\/favicon\.ico because/.test(message)
  );
}

/**
 * A `securitypolicyviolation` event caused by the test tool, in Firefox: an inline style inserted by an evaluated
 * script (`… > eval`), which the strict pages themselves cannot run (their policy has no 'unsafe-eval'):
 * Playwright's screenshot style.
 */
export function toolViolation(page: Page, v: { directive: string; blockedURI: string; sourceFile: string }): boolean {
  return (
    engineOf(page) === 'firefox' &&
    v.directive === 'style-src-elem' &&
    v.blockedURI === 'inline' &&
    /%20%3E%20eval$| > eval$/.test(v.sourceFile)
  );
}

/**
 * Types into an input as a person would. Playwright's `fill` is enough in Chromium; in Firefox's BiDi mode its
 * `input` event is untrusted and React ignores it, so the text is typed key by key there.
 */
export async function typeInto(field: Locator, value: string): Promise<void> {
  if (engineOf(field.page()) !== 'firefox') return field.fill(value);
  await field.click();
  await field.press('ControlOrMeta+a');
  if (value) await field.pressSequentially(value);
  else await field.press('Delete');
}

/** Records what the page's widget emitted (installed before any page script, on every navigation). */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __events: Array<{ type: string; detail: unknown }> };
    w.__events = [];
    for (const type of ['idmobile-submit', 'idmobile-result', 'idmobile-consent', 'idmobile-error', 'idmobile-edit']) {
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
  /** `idmobile-edit`'s field. */
  field?: string;
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

/**
 * Page errors and console errors that are not the widget's own integration-error logs (nor, in Firefox, the CSP
 * reports the test tool causes: `toolReport`).
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => {
    if (!toolReport(page, e.message)) errors.push(`pageerror: ${e.message}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('[idmobile-check]') && !toolReport(page, m.text())) {
      errors.push(`console: ${m.text()}`);
    }
  });
  return errors;
}

/** A page holding the widget and nothing else (`lang="en"`), served by the test server (test/e2e/pages). */
export const WIDGET_ONLY = '/test/e2e/pages/widget-only.html';

/** The demo's comparison page: every detail again as an input in the widget (`editable="all"`). */
export const ALL_INPUTS = '/demo/all-inputs.html';

/**
 * The demo checkout, as the shopper sees it: by default the main page (`/`: details typed once in the shop's form,
 * the widget's read-only summary, one "Place order" press), or the comparison page (`ALL_INPUTS`).
 */
export class Checkout {
  readonly widget: Locator;
  readonly shipping: Locator;
  readonly placeOrder: Locator;
  readonly orderStatus: Locator;

  constructor(
    readonly page: Page,
    readonly path = '/',
  ) {
    this.widget = page.locator('idmobile-check');
    // by id: the same in both of the page's languages (the English names are checked where it matters)
    this.shipping = page.locator('section[aria-labelledby="shipping-title"]');
    this.placeOrder = page.locator('#place-order');
    this.orderStatus = page.locator('#order-status');
  }

  /** The main page: one "Place order" press runs the check (`submit-with-form`). */
  get onePress(): boolean {
    return this.path !== ALL_INPUTS;
  }

  async open(path = this.path): Promise<void> {
    await this.page.goto(path);
    await expect(this.widget).toHaveAttribute('state', 'idle');
    // the page's script has run (it renders the test numbers)
    await expect(this.page.locator('#subscribers button')).not.toHaveCount(0);
  }

  /** The widget's own input for a field path (inside its open shadow root). */
  field(name: string): Locator {
    return this.widget.locator(`[name="${name}"]`);
  }

  /** The widget's Verify button (the comparison page shows it; the main page hides it: "Place order" runs the check). */
  get verify(): Locator {
    return this.widget.getByRole('button', { name: 'Verify my identity' });
  }

  get summary(): Locator {
    return this.widget.locator('[part="summary"]');
  }

  get verdict(): Locator {
    return this.widget.locator('[part="verdict"]');
  }

  gauge(field: string): Locator {
    return this.widget.locator(`[part="gauge"][data-field="${field}"]`);
  }

  get error(): Locator {
    return this.widget.locator('[part="error"]');
  }

  /** The next steps after a rejection or a dead end: the widget's own, and the shop's fallback (slot). */
  get next(): { panel: Locator; edit: Locator; otherNumber: Locator; fallback: Locator } {
    return {
      panel: this.widget.locator('[part="next"]'),
      edit: this.widget.locator('[part="next"] [part="edit"]'),
      otherNumber: this.widget.locator('[part="other-number"]'),
      fallback: this.page.locator('#review-order'),
    };
  }

  /** Types the shipping details, as a shopper would; the page copies them into the widget. */
  async fillShipping(d: {
    gender?: string;
    given?: string;
    family?: string;
    email?: string;
    phone?: string;
    street?: string;
    postal?: string;
    city?: string;
  }) {
    const field = (id: string) => this.page.locator(`#ship-${id}`);
    if (d.gender !== undefined) await field('gender').selectOption(d.gender);
    if (d.given !== undefined) await field('given').fill(d.given);
    if (d.family !== undefined) await field('family').fill(d.family);
    if (d.email !== undefined) await field('email').fill(d.email);
    if (d.phone !== undefined) await field('phone').fill(d.phone);
    if (d.street !== undefined) await field('street').fill(d.street);
    if (d.postal !== undefined) await field('postal').fill(d.postal);
    if (d.city !== undefined) await field('city').fill(d.city);
  }

  /** Opens the test mode's drawer at the top of the page (if closed). */
  async openTestNumbers(): Promise<void> {
    const drawer = this.page.locator('#test-numbers');
    if (!(await drawer.evaluate((d) => (d as HTMLDetailsElement).open))) await drawer.locator('> summary').click();
  }

  /** Clicks a test subscriber in the drawer: the whole shipping form is filled with their details. */
  async pickSubscriber(name: string): Promise<void> {
    await this.openTestNumbers();
    await this.page
      .locator('#subscribers button')
      .filter({ has: this.page.locator('.who', { hasText: new RegExp(`^${name}$`) }) })
      .click();
  }

  /** Puts a magic number in the phone field through the drawer (an empty order gets a sample shopper). */
  async pickMagic(phone: string): Promise<void> {
    await this.openTestNumbers();
    await this.page.locator(`#magic-numbers [data-phone="${phone}"]`).click();
  }

  /**
   * Runs the check without placing the order: the comparison page's Verify button; on the main page, the
   * widget's `submit()` (what a page's own "check" control would call), the order staying on the page.
   */
  async verifyAndWait(state: 'result' | 'error' | 'consent'): Promise<void> {
    if (this.onePress) await this.widget.evaluate((el: HTMLElement & { submit(): void }) => el.submit());
    else await this.verify.click();
    await expect(this.widget).toHaveAttribute('state', state);
  }
}

/** What has the focus, through open shadow roots (`body` when nothing does). */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    const path: string[] = [];
    while (el) {
      const part = el.getAttribute('part');
      path.push(`${el.localName}${el.id ? `#${el.id}` : ''}${part ? `[part=${part}]` : ''}`);
      el = el.shadowRoot?.activeElement ?? null;
    }
    return path.join(' > ') || 'nothing';
  });
}

/** Focus is somewhere the shopper can act or read, never dropped to `<body>`. */
export async function expectFocusKept(page: Page, when: string): Promise<void> {
  await expect.poll(() => focused(page), `focus after ${when}`).not.toMatch(/^(body|nothing)$/);
}

/**
 * Runs axe-core on the page (the widget's open shadow root included); fails on any violation. Not in Firefox's
 * BiDi mode (see the top of this file): the skip is noted in the test's annotations.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  if (engineOf(page) === 'firefox') {
    test.info().annotations.push({ type: 'no axe in firefox', description: label });
    return;
  }
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

/**
 * Saves a screenshot under test-results/screenshots/ (git-ignored) and attaches it to the report: the full page,
 * or only `target` (an element) when given.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string, target?: Locator): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  const path = `test-results/screenshots/${name}.png`;
  const options = { path, animations: 'disabled', caret: 'hide' } as const;
  if (target) await target.screenshot(options);
  else await page.screenshot({ ...options, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * Issue 23: the shopper's ways through run in Chromium at desktop size and in the other engines (Firefox on CI) at
 * a phone's size (390 × 844), so each failure path is proven in both engines and at both sizes without running the
 * whole matrix twice. `test.use(WAY_THROUGH_VIEWPORT)` in a spec listed in playwright.config.ts's other engines.
 */
export const WAY_THROUGH_VIEWPORT = {
  viewport: async (
    { browserName }: { browserName: string },
    use: (v: { width: number; height: number }) => Promise<void>,
  ) => use(browserName === 'chromium' ? { width: 1280, height: 720 } : { width: 390, height: 844 }),
};

/** A pattern that matches `text` literally (an accessible description or name that contains it). */
export const literally = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
