/**
 * Every state of the widget on the demo's main checkout (issues 13 and 23): a screenshot of the order card (widget,
 * status, "Place order") for each, saved under test-results/screenshots/ (git-ignored) and attached to the report,
 * to be looked at; before each, a phrase of the state in the page's language, from the widget's own catalogue (the
 * right language on show, nothing left in English); an axe scan of each state (contrast included, so dark mode is
 * checked) on the desktop viewport; nothing overflowing sideways on the phone.
 *
 * Two walks, each one page going from state to state as a shopper trying the test numbers would:
 * - `main`: the summary, submitting, the order placed, verified, inconclusive (the field to check), rejected (next
 *   steps), the consent notice, errors 16, 14 and 13, a landline; every outcome in bands (the relay's default
 *   disclosure: no percentage on show);
 * - `v3` (issue 23, DESIGN v3): "still checking…" (the `/match` held past 5 s on a fake clock), then the relay
 *   down → "Try again" → the next steps; the decoupled `waiting` state with its countdown (CIBA); the identity
 *   document asked (`R428`); the device on another line (`line_mismatch`);
 * - `refused`: a consent refused on the operator's page, back on the checkout with "Ask again".
 *
 * The matrix, kept within about a minute of CI on two workers: English and French walk `main` in every
 * scheme × viewport (eight pages, as since issue 13); the v3 states (`v3` and `refused`) run on one look per
 * language, so that each scheme × viewport sees them once or twice: English desktop-light, French phone-dark
 * (the longest lines on the narrowest screen), German and Italian phone-light, Spanish and Dutch desktop-dark
 * (axe in both schemes); German, Spanish, Italian and Dutch walk `main` on that look too. The layout and contrast
 * of a state do not change with the scheme × viewport a language is shown in, only with its words.
 * The demo's own copy is English and French only: for the four others `?lang=` gives the widget its `lang`
 * attribute (an English shop embedding the widget in the shopper's language, as the contract's `lang` allows),
 * kept across the trip to the operator's page.
 */
import { expect, test, type Page, type Route, type TestInfo } from '@playwright/test';
import { catalogue, format, type Lang, type Messages } from '../../src/widget/i18n.js';
import de from '../../src/widget/i18n/de.js';
import es from '../../src/widget/i18n/es.js';
import it from '../../src/widget/i18n/it.js';
import nl from '../../src/widget/i18n/nl.js';
import { CAMILLE, Checkout, JEAN_PIERRE, expectNoAxeViolations, snap } from './helpers.js';

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
type Viewport = keyof typeof VIEWPORTS;
type Scheme = 'light' | 'dark';
type Walk = 'main' | 'v3' | 'refused';

/** The widget's words per language: each state is checked for some of them before its screenshot. */
const WORDS: Record<Lang, Messages> = { en: catalogue('en'), fr: catalogue('fr'), de, es, it, nl };

/** The demo's own languages (`?lang=`); the others go to the widget's `lang` attribute. */
const PAGE_LANGS: readonly Lang[] = ['en', 'fr'];

interface Look {
  lang: Lang;
  scheme: Scheme;
  viewport: Viewport;
  walks: readonly Walk[];
}

const LOOKS: readonly Look[] = [
  ...(['en', 'fr'] as const).flatMap((lang) =>
    (['light', 'dark'] as const).flatMap((scheme) =>
      (['desktop', 'phone'] as const).map((viewport): Look => {
        // the v3 states: English on the desktop in light, French on the phone in dark
        const v3 =
          lang === 'en' ? scheme === 'light' && viewport === 'desktop' : scheme === 'dark' && viewport === 'phone';
        return { lang, scheme, viewport, walks: v3 ? ['main', 'v3', 'refused'] : ['main'] };
      }),
    ),
  ),
  { lang: 'de', scheme: 'light', viewport: 'phone', walks: ['main', 'v3', 'refused'] },
  { lang: 'es', scheme: 'dark', viewport: 'desktop', walks: ['main', 'v3', 'refused'] },
  { lang: 'it', scheme: 'light', viewport: 'phone', walks: ['main', 'v3', 'refused'] },
  { lang: 'nl', scheme: 'dark', viewport: 'desktop', walks: ['main', 'v3', 'refused'] },
];

/** The relay's `/match`, on every flow's relay. */
const MATCH = (url: URL) => url.pathname.endsWith('/match');

/** The relay's `/result` (the consent path's scores), on every flow's relay. */
const RESULT = (url: URL) => url.pathname.endsWith('/result');

/** Holds the next request to `url` until released. */
async function holdNext(page: Page, url: (url: URL) => boolean): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const handler = async (route: Route) => {
    await released;
    await route.continue();
  };
  await page.route(url, handler, { times: 1 }); // gone once used
  return release;
}

/** One page of the matrix: the checkout in a language, and each state checked, scanned and saved. */
class Gallery {
  readonly c: Checkout;
  readonly m: Messages;
  readonly name: string;
  #n = 0;

  constructor(
    readonly page: Page,
    readonly testInfo: TestInfo,
    readonly look: Look,
    walk: Walk,
  ) {
    this.c = new Checkout(page);
    this.m = WORDS[look.lang];
    this.name = `${look.lang}-${look.scheme}-${look.viewport}${walk === 'main' ? '' : `-${walk}`}`;
  }

  /** The checkout (of a CAMARA flow when given), in the look's language. */
  async open(upstream?: string): Promise<void> {
    const { lang } = this.look;
    const params = new URLSearchParams({
      ...(upstream ? { upstream } : {}),
      ...(lang !== 'en' ? { lang } : {}),
    }).toString();
    await this.c.open(params ? `/?${params}` : '/');
    if (PAGE_LANGS.includes(lang)) await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
    else await expect(this.c.widget).toHaveAttribute('lang', lang);
  }

  /** A phrase of the widget's, on show (whitespace as Playwright normalises it: no-break spaces included). */
  async shows(text: string, timeout?: number): Promise<void> {
    await expect(this.c.widget.getByText(text).first(), `${this.name}: “${text}” on show`).toBeVisible({ timeout });
  }

  /**
   * A state: its phrases on show in the look's language, then axe (desktop) or no sideways overflow (phone), then
   * the screenshot of the order card.
   */
  async state(name: string, phrases: readonly string[]): Promise<void> {
    // the state's first phrase may wait for its render; the others come with it (one render)
    for (const [i, text] of phrases.entries()) await this.shows(text, i ? 2000 : undefined);
    const label = `${this.name} ${name}`;
    if (this.look.viewport === 'desktop') await expectNoAxeViolations(this.page, label);
    else
      expect(
        await this.page.evaluate(() => document.documentElement.scrollWidth - innerWidth),
        `${label}: nothing overflows sideways`,
      ).toBeLessThanOrEqual(0);
    const card = this.page.locator('section.place-order');
    await card.scrollIntoViewIfNeeded();
    await snap(this.page, this.testInfo, `${this.name}-${String(++this.#n).padStart(2, '0')}-${name}`, card);
  }

  /** (v3) Bands only, the relay's default disclosure: no percentage, no figure, on screen or said. */
  async expectBandsOnly(): Promise<void> {
    const gauges = this.c.widget.locator('[part="gauge"]');
    await expect(gauges.first()).toBeVisible();
    const shown = await gauges.evaluateAll((els) =>
      els.map((g) => ({
        value: g.shadowRoot?.querySelector('[part="value"]')?.textContent ?? '',
        said: g.getAttribute('aria-valuetext') ?? '',
      })),
    );
    for (const { value, said } of shown) {
      expect(value, `${this.name}: a band, no percentage`).not.toMatch(/[%\d]/);
      expect(said, `${this.name}: a band said, no percentage`).not.toMatch(/[%\d]/);
    }
  }
}

/** The states every language walks (issue 13's gallery, with v3's bands and field to check). */
async function walkMain(g: Gallery): Promise<void> {
  const { c, m, page } = g;
  // the demo's own languages walk it all; the four others (the page around the widget English) leave out what
  // their `v3` walk shows in the same panels (submitting: still checking; errors 16 and 13: the relay down, its
  // retry and next steps) and the demo's English pages (its top, the order placed)
  const full = PAGE_LANGS.includes(g.look.lang);
  await g.open();
  if (full) {
    // the top of the page, the test numbers open: what a developer sees first
    await c.openTestNumbers();
    await page.screenshot({ path: `test-results/screenshots/${g.name}-00-top.png`, animations: 'disabled' });
  }
  await c.fillShipping(CAMILLE);
  await expect(c.summary).toBeVisible();
  await g.state('idle-summary', [m.change]);

  if (full) {
    const release = await holdNext(page, MATCH);
    await c.placeOrder.click();
    await expect(c.widget).toHaveAttribute('state', 'submitting');
    await expect(c.widget.getByRole('status')).toHaveText(m.checking); // the live region, in the language
    await g.state('submitting', []);
    release();
    await expect(page).toHaveURL(/\/demo\/order$/); // verified: the one press placed the order
    await snap(page, g.testInfo, `${g.name}-order-placed`);
    await g.open();
  }

  // the outcomes, checked without placing the order (the widget's submit())
  await c.pickSubscriber('Camille Martin');
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'verified');
  await g.expectBandsOnly();
  await g.state('result-verified-bands', [m.verdict_verified, m.band_match]);

  await c.pickSubscriber('Jean-Pierre Dubois');
  await c.fillShipping({ given: `Jan-${JEAN_PIERRE.given.split('-')[1]}` });
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'inconclusive');
  await g.expectBandsOnly();
  // the field to check named, with its own "Change"
  await expect(c.widget.locator('[part="result"] [part="edit"]')).toHaveAttribute('data-field', 'given_name');
  await g.state('result-inconclusive-field-to-check', [
    m.verdict_inconclusive,
    format(m.checkField, { field: m.given_name }),
    m.band_partial,
  ]);

  // a stranger's number: the names do not match; the relay withholds the other fields (data-band="withheld")
  await c.fillShipping({ ...CAMILLE, given: 'Bernard', family: 'Lefèvre' });
  await c.verifyAndWait('result');
  await expect(c.verdict).toHaveAttribute('data-verdict', 'rejected');
  await expect(c.next.fallback).toBeVisible();
  await expect(c.widget.locator('[part="gauge"][data-band="withheld"]')).not.toHaveCount(0);
  await g.state('result-rejected-withheld-next-steps', [
    m.verdict_rejected,
    m.nextRejected,
    m.band_withheld,
    m.withheldNote,
    m.edit,
    m.otherNumber,
  ]);

  await c.pickSubscriber('Léa Bernard');
  await c.verifyAndWait('consent');
  await expect(c.widget.locator('[part="continue"]')).toBeVisible();
  await g.state('consent-notice', [
    format(m.consentTitle, { operator: 'Orange' }),
    format(m.continue, { operator: 'Orange' }),
  ]);

  await c.pickSubscriber('Camille Martin');
  if (full) {
    await c.pickMagic('+33600000016');
    await c.verifyAndWait('error');
    await expect(c.widget.locator('[part="retry"]')).toBeVisible();
    await g.state('error-retryable', [m.err_16, m.retry]);
  }

  await c.pickMagic('+33600000014');
  await c.verifyAndWait('error');
  await expect(c.next.panel).toBeVisible();
  await g.state('error-dead-end-next-steps', [m.err_14, m.edit, m.otherNumber]);

  if (full) {
    await c.pickMagic('+33600000013');
    await c.verifyAndWait('error');
    await expect(c.error).toHaveAttribute('data-error-id', '13');
    await g.state('error-not-retryable', [m.err_13]);
  }

  // a landline in the shop's form: the widget shows the number as an input, with why
  await c.fillShipping({ phone: '01 45 67 89 01' });
  await c.placeOrder.click();
  await expect(c.field('phone')).toHaveAttribute('aria-invalid', 'true');
  await g.state('phone-invalid', [m.phoneNotMobile]);
}

/** Issue 23's states (DESIGN v3). The page's clock is Playwright's (installed before the page loads). */
async function walkV3(g: Gallery): Promise<void> {
  const { c, m, page } = g;
  const accept = /^(Accept|Accepter)$/; // the simulator's pages, in the browser's language (en-GB)

  // "still checking…" after 5 s, then the relay down: one retry, then the next steps
  await g.open();
  await c.fillShipping(CAMILLE);
  let down!: () => void;
  const relayDown = new Promise<void>((r) => (down = r));
  await page.route(MATCH, async (route) => {
    await relayDown;
    await route.abort('connectionrefused');
  });
  await c.placeOrder.click();
  await expect(c.widget).toHaveAttribute('state', 'submitting');
  await page.clock.fastForward(5_100);
  await expect(c.widget.locator('p.note')).toHaveText(m.stillChecking);
  await expect(c.widget.getByRole('status')).toHaveText(m.stillChecking);
  await g.state('still-checking', [m.stillChecking]);
  down();
  await expect(c.error).toHaveAttribute('data-error-id', 'network');
  await expect(c.widget.locator('[part="retry"]')).toBeVisible();
  await g.state('relay-down-retry', [m.err_network, m.retry]);
  await c.widget.locator('[part="retry"]').click();
  await expect(c.next.panel).toBeVisible();
  await expect(c.widget.locator('[part="retry"]'), 'no retry loop').toHaveCount(0);
  await g.state('relay-down-next-steps', [m.err_network, m.nextAgain, m.edit, m.otherNumber]);
  await page.unroute(MATCH);

  // decoupled consent (CIBA): the subscriber who never answers, the wait with its countdown, then cancelled
  await g.open('camara-ciba');
  await c.pickSubscriber('Thomas Petit');
  await c.placeOrder.click();
  await expect(c.widget).toHaveAttribute('state', 'waiting');
  await expect(c.widget.locator('[part="countdown"]')).toHaveText(/\d+:\d\d/);
  await g.state('waiting-countdown', [m.waitingTitle, m.timeLeft.split('{time}')[0]!.trim(), m.cancel]);
  await c.widget.locator('[part="cancel"]').click();
  await expect(c.widget).toHaveAttribute('state', 'idle');

  // the operator needs the identity document: the widget asks for it
  await g.open('camara-basic');
  await c.pickSubscriber('Lucas Roux');
  await c.placeOrder.click();
  await expect(c.error).toHaveAttribute('data-error-id', 'R428');
  await expect(c.field('id_document')).toBeFocused();
  await g.state('identity-document-R428', [m.err_R428, m.id_document]);

  // the device on another line (authorization code): the phone error, with its next steps
  await g.open('camara-code');
  await c.pickSubscriber('Inès Moreau');
  await c.placeOrder.click();
  await c.widget.locator('[part="continue"]').click();
  // back from the operator's page, the result is fetched once the widget speaks the language again (a language
  // loaded on demand arrives after the first render: see walkRefused for what an error shown before shows)
  const release = await holdNext(page, RESULT);
  await page.getByRole('button', { name: accept }).click();
  await g.shows(m.change);
  release();
  await expect(c.error).toHaveAttribute('data-error-id', 'line_mismatch');
  await expect(c.next.otherNumber).toBeVisible();
  await g.state('line-mismatch-next-steps', [m.err_line_mismatch, m.nextLineMismatch, m.otherNumber]);
}

/**
 * A refused consent on the operator's page: back on the checkout, the refusal and its "Ask again". The refusal is
 * shown as soon as the page is back, before a language loaded on demand (German, Spanish, Italian, Dutch) arrives.
 */
async function walkRefused(g: Gallery): Promise<void> {
  const { c, m, page } = g;
  // a refused consent on the operator's page: back on the checkout, "Ask again"
  await g.open();
  await c.pickSubscriber('Léa Bernard');
  await c.placeOrder.click();
  await c.widget.locator('[part="continue"]').click();
  await page.getByRole('button', { name: /^(Refuse|Refuser)$/ }).click();
  await expect(c.error).toHaveAttribute('data-error-id', 'consent_refused');
  await expect(c.widget.locator('[part="consent-again"]')).toBeVisible();
  // the refusal's message last: back from the operator's page it is shown before a language loaded on demand
  // (de, es, it, nl) arrives, and must follow it (it stayed in English when the panel kept the event's message)
  await g.state('consent-refused-ask-again', [m.consentAgain, m.otherNumber, m.err_consent_refused]);
  await c.widget.locator('[part="consent-again"]').click();
  await expect(c.widget).toHaveAttribute('state', 'consent');
}

const TITLES: Record<Walk, string> = {
  main: 'every state of the widget',
  v3: 'the states of issue 23',
  refused: 'a refused consent and "Ask again"',
};

const WALKS: Record<Walk, (g: Gallery) => Promise<void>> = { main: walkMain, v3: walkV3, refused: walkRefused };

for (const look of LOOKS) {
  const { lang, scheme, viewport } = look;
  test.describe(`${lang}-${scheme}-${viewport}`, () => {
    test.use({
      viewport: VIEWPORTS[viewport],
      colorScheme: scheme,
      reducedMotion: 'reduce',
      isMobile: viewport === 'phone',
      hasTouch: viewport === 'phone',
    });
    for (const walk of look.walks) {
      test(`${TITLES[walk]} (${lang}-${scheme}-${viewport})`, async ({ page }, testInfo) => {
        test.slow(); // ten states, a screenshot each (and an axe scan on the desktop)
        if (walk === 'v3') await page.clock.install();
        await WALKS[walk](new Gallery(page, testInfo, look, walk));
      });
    }
  });
}
