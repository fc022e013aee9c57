// German, Spanish, Italian and Dutch with the one-tag IIFE: the page that asks for one gets it from the file
// beside the script (dist/i18n/<lang>.js), under the demo's strict Content-Security-Policy (same-origin scripts).
import { expect, test } from '@playwright/test';
import de from '../../src/widget/i18n/de.js';
import nl from '../../src/widget/i18n/nl.js';

test('a German page that embeds only the IIFE shows German, loaded under the strict CSP', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy/i.test(m.text())) violations.push(m.text());
  });
  const loaded: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/i18n/')) loaded.push(new URL(r.url()).pathname);
  });
  await page.goto('/demo/csp.html');
  const widget = page.locator('idmobile-check');
  await expect(widget).toHaveAttribute('state', 'idle');
  await expect(widget.getByRole('button', { name: 'Verify my identity' })).toBeVisible();
  expect(loaded).toEqual([]); // English: no language file fetched

  await page.evaluate(() => document.documentElement.setAttribute('lang', 'de-DE'));
  await expect(widget.getByRole('button', { name: de.submit })).toBeVisible();
  await expect(widget.getByRole('textbox', { name: de.phone })).toBeVisible();
  await page.evaluate(() => document.documentElement.setAttribute('lang', 'nl'));
  await expect(widget.getByRole('button', { name: nl.submit })).toBeVisible();
  expect(loaded).toEqual(['/dist/i18n/de.js', '/dist/i18n/nl.js']);
  expect(violations).toEqual([]);
});

test('the demo shows the widget in German, Spanish, Italian or Dutch from ?lang=, its own copy in English', async ({
  page,
}) => {
  await page.goto('/?lang=de');
  const widget = page.locator('idmobile-check#idcheck');
  await expect(widget).toHaveAttribute('lang', 'de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en'); // the demo's copy: French or English only
  await expect(widget.locator('[part="intro"]')).toContainText(de.intro);
  // the French/English switch takes the widget back to the page's language, and the address says so
  await page.locator('#lang-toggle').click();
  await expect(widget).not.toHaveAttribute('lang', /./);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page).toHaveURL(/[?&]lang=fr\b/);
  await page.goto('/?lang=nl');
  await expect(widget.locator('[part="intro"]')).toContainText(nl.intro);
});
