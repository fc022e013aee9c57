/**
 * Every state of the widget on the demo's main checkout, in both languages, both colour schemes and both
 * viewports (issue 13): a screenshot of the order card (widget, status, "Place order") for each, saved under
 * test-results/screenshots/ (git-ignored) and attached to the report, to be looked at; an axe scan of each state
 * (contrast included, so dark mode is checked) on the desktop viewport; nothing overflowing sideways on the phone.
 *
 * One page per language × scheme × viewport, going from state to state as a shopper trying the test numbers would:
 * eight pages, each a few seconds.
 */
import { expect, test, type Page, type Route } from '@playwright/test';
import { CAMILLE, Checkout, JEAN_PIERRE, expectNoAxeViolations, snap } from './helpers.js';

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** What the states say, per language: enough to know the right state is on show before the screenshot. */
const SAYS = {
  en: { verified: 'Identity confirmed', retry: 'Try again', continue: 'Continue to Orange' },
  fr: { verified: 'Identité confirmée', retry: 'Réessayer', continue: 'Continuer vers Orange' },
} as const;

/** Holds the next `/match` request until released (the "submitting" state stays on show). */
async function holdNextMatch(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const handler = async (route: Route) => {
    await released;
    await route.continue();
  };
  await page.route('**/api/idmobile/match', handler, { times: 1 }); // gone once used
  return release;
}

for (const lang of ['en', 'fr'] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      const look = `${lang}-${colorScheme}-${viewportName}`;
      test.describe(look, () => {
        test.use({
          viewport,
          colorScheme,
          reducedMotion: 'reduce',
          isMobile: viewportName === 'phone',
          hasTouch: viewportName === 'phone',
        });

        test(`every state of the widget (${look})`, async ({ page }, testInfo) => {
          test.slow(); // ten states, a screenshot each (and an axe scan on the desktop)
          const c = new Checkout(page, lang === 'fr' ? '/?lang=fr' : '/');
          const card = page.locator('section.place-order');
          const says = SAYS[lang];
          let n = 0;
          const state = async (name: string) => {
            n += 1;
            if (viewportName === 'desktop') await expectNoAxeViolations(page, `${look} ${name}`);
            else
              expect(
                await page.evaluate(() => document.documentElement.scrollWidth - innerWidth),
                `${name}: nothing overflows sideways`,
              ).toBeLessThanOrEqual(0);
            await card.scrollIntoViewIfNeeded();
            await snap(page, testInfo, `${look}-${String(n).padStart(2, '0')}-${name}`, card);
          };

          await c.open();
          await expect(page.locator('html')).toHaveAttribute('lang', lang);
          // the top of the page, the test numbers open: what a developer sees first
          await c.openTestNumbers();
          await page.screenshot({
            path: `test-results/screenshots/${look}-00-top.png`,
            animations: 'disabled',
          });
          await c.fillShipping(CAMILLE);
          await expect(c.summary).toBeVisible();
          await state('idle-summary');

          const release = await holdNextMatch(page);
          await c.placeOrder.click();
          await expect(c.widget).toHaveAttribute('state', 'submitting');
          await state('submitting');
          release();
          await expect(page).toHaveURL(/\/demo\/order$/); // verified: the one press placed the order
          await snap(page, testInfo, `${look}-${String(++n).padStart(2, '0')}-order-placed`);

          // the outcomes, checked without placing the order (the widget's submit())
          await c.open();
          await c.pickSubscriber('Camille Martin');
          await c.verifyAndWait('result');
          await expect(c.verdict).toContainText(says.verified);
          await state('result-verified');

          await c.pickSubscriber('Jean-Pierre Dubois');
          await c.fillShipping({ given: `Jan-${JEAN_PIERRE.given.split('-')[1]}` });
          await c.verifyAndWait('result');
          await expect(c.verdict).toHaveAttribute('data-verdict', 'inconclusive');
          await state('result-partial');

          // a stranger's number: the names do not match; the relay's disclosure policy, where it is on, withholds
          // the other fields' results (data-band="withheld")
          await c.fillShipping({ ...CAMILLE, given: 'Bernard', family: 'Lefèvre' });
          await c.verifyAndWait('result');
          await expect(c.verdict).toHaveAttribute('data-verdict', 'rejected');
          await expect(c.next.fallback).toBeVisible();
          const withheld = await c.widget.locator('[part="gauge"][data-band="withheld"]').count();
          await state(withheld ? 'result-rejected-withheld-next-steps' : 'result-rejected-next-steps');

          await c.pickSubscriber('Léa Bernard');
          await c.verifyAndWait('consent');
          await expect(c.widget.getByRole('button', { name: says.continue })).toBeVisible();
          await state('consent-notice');

          await c.pickSubscriber('Camille Martin');
          await c.pickMagic('+33600000016');
          await c.verifyAndWait('error');
          await expect(c.widget.getByRole('button', { name: says.retry })).toBeVisible();
          await state('error-retryable');

          await c.pickMagic('+33600000014');
          await c.verifyAndWait('error');
          await expect(c.next.panel).toBeVisible();
          await state('error-dead-end-next-steps');

          await c.pickMagic('+33600000013');
          await c.verifyAndWait('error');
          await expect(c.error).toHaveAttribute('data-error-id', '13');
          await state('error-not-retryable');

          // a landline in the shop's form: the widget shows the number as an input, with why
          await c.fillShipping({ phone: '01 45 67 89 01' });
          await c.placeOrder.click();
          await expect(c.field('phone')).toHaveAttribute('aria-invalid', 'true');
          await state('phone-invalid');
        });
      });
    }
  }
}
