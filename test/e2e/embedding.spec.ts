/**
 * Embedding proofs: the built IIFE by one <script> tag under a strict CSP, an ES-module import, React 19.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  ALL_INPUTS,
  CAMILLE,
  JEAN_PIERRE,
  expectNoAxeViolations,
  snap,
  toolReport,
  toolViolation,
  typeInto,
  watchErrors,
} from './helpers.js';

const IIFE = 'dist/idmobile-check.iife.js';

test.describe('one <script> tag under a strict Content-Security-Policy', () => {
  // one worker for the two tests: the build below runs once, not twice at the same time
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(() => {
    // CI builds before testing; a developer who has not built yet gets the build here, once
    if (!existsSync(IIFE)) {
      test.setTimeout(120_000);
      execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
    }
    expect(existsSync(IIFE), `${IIFE} is missing and npm run build did not produce it`).toBe(true);
  });

  /**
   * Collects every CSP violation: the DOM event (from the first script on) and Chromium's console report. Those
   * the test tool causes (Firefox: Playwright's screenshot style, helpers.ts `toolViolation`/`toolReport`) are
   * kept apart, in `byTool`.
   */
  async function watchCsp(page: Page): Promise<{ violations: string[]; byTool: string[] }> {
    const seen = { violations: [] as string[], byTool: [] as string[] };
    await page.exposeFunction(
      '__cspViolation',
      (v: { directive: string; blockedURI: string; sourceFile: string; line: number }) => {
        const text = `${v.directive} ${v.blockedURI} ${v.sourceFile}:${v.line}`;
        (toolViolation(page, v) ? seen.byTool : seen.violations).push(text);
      },
    );
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __cspViolation(v: unknown): void }).__cspViolation({
          directive: e.violatedDirective,
          blockedURI: e.blockedURI,
          sourceFile: e.sourceFile,
          line: e.lineNumber,
        });
      });
    });
    page.on('console', (m) => {
      if (/Content[ -]Security[ -]Policy/i.test(m.text()) && !toolReport(page, m.text())) {
        seen.violations.push(`console: ${m.text()}`);
      }
    });
    return seen;
  }

  test('every page of the demo works (npm start builds the IIFE first): both checkouts, strict CSP, ESM, React', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const iife = await page.request.get(`/${IIFE}`);
    expect(iife.status()).toBe(200);
    expect(iife.headers()['content-type']).toMatch(/javascript/);
    for (const path of ['/', ALL_INPUTS, '/demo/csp.html', '/demo/esm.html', '/demo/react.html']) {
      const answer = await page.goto(path);
      expect(answer?.status(), path).toBe(200);
      await expect(page.locator('idmobile-check'), path).toHaveAttribute('state', 'idle');
      expect(await page.evaluate(() => customElements.get('idmobile-check') !== undefined), path).toBe(true);
    }
    expect(errors).toEqual([]);
  });

  test('the page is served with the strict policy and the built widget works with zero violations', async ({
    page,
  }, testInfo) => {
    const seen = await watchCsp(page);
    const errors = watchErrors(page);
    const response = await page.goto('/demo/csp.html');
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/(^|;\s*)default-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|script-src|style-src|\*/);
    // served as files: no Vite client, no module script, only the IIFE and the page's own script
    expect(
      await page
        .locator('script')
        .evaluateAll((s) => s.map((x) => (x as HTMLScriptElement).src.replace(location.origin, ''))),
    ).toEqual([`/${IIFE}`, '/demo/csp-page.js']);

    const widget = page.locator('idmobile-check');
    await expect(widget).toHaveAttribute('state', 'idle');
    await widget.getByRole('textbox', { name: 'Mobile number' }).fill(CAMILLE.phone);
    await widget.getByRole('combobox', { name: 'Title' }).selectOption('F');
    await widget.getByRole('textbox', { name: 'First name' }).fill('Camille');
    await widget.getByRole('textbox', { name: 'Last name' }).fill('Martin');
    await widget.getByLabel('Date of birth').fill('1990-04-12');
    await widget.getByRole('button', { name: 'Verify my identity' }).click();
    await expect(widget).toHaveAttribute('state', 'result');
    await expect(widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', 'verified');
    // the gauges' fills are set through CSSOM: allowed under the policy
    await expect(widget.locator('[part="gauge"][data-band="match"]')).toHaveCount(3);
    await expect(page.locator('#outcome')).toHaveText('Verdict: verified (attestation received)');
    await expectNoAxeViolations(page, 'strict CSP page, result'); // axe is evaluated through DevTools: no violation from it
    await snap(page, testInfo, 'embed-csp-result');

    // a partial match and an error under the same policy
    await widget.getByRole('textbox', { name: 'Last name' }).fill('Nartin');
    await widget.getByRole('button', { name: 'Verify my identity' }).click();
    await expect(page.locator('#outcome')).toHaveText('Verdict: inconclusive (attestation received)');
    await expect(widget.locator('[part="gauge"][data-field="family_name"]')).toHaveAttribute('data-band', 'partial');
    await widget.getByRole('textbox', { name: 'Mobile number' }).fill('+33600000016');
    await widget.getByRole('button', { name: 'Verify my identity' }).click();
    await expect(widget.locator('[part="error"]')).toHaveAttribute('data-error-id', '16');

    // the page's own count: zero, but for the report of the one screenshot above in Firefox (byTool)
    expect(seen.byTool.length, 'reports caused by the screenshot').toBeLessThanOrEqual(1);
    await expect(page.locator('#violations')).toHaveAttribute('data-count', String(seen.byTool.length));
    expect(seen.violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test('ES module import: the class entry registered by the page, French from <html lang>, properties and events', async ({
  page,
}, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/demo/esm.html');
  const widget = page.locator('idmobile-check');
  await expect(widget).toHaveAttribute('state', 'idle');
  // prefilled by properties, in French: what the page gave is summarised, the phone stays an input
  await expect(widget.locator('[part="summary"]')).toContainText('Prénom');
  await expect(widget.locator('[part="summary"]')).toContainText('Jean-Pierre');
  await expect(widget.getByRole('textbox', { name: 'Numéro de mobile' })).toHaveValue('06 98 76 54 32');
  await widget.getByRole('button', { name: 'Vérifier mon identité' }).click();
  await expect(widget).toHaveAttribute('state', 'result');
  await expect(page.locator('#outcome')).toHaveAttribute('data-verdict', 'verified');
  await expect(page.locator('#outcome')).toHaveText('Verdict : verified (nom 100 %)');
  await expect(widget.locator('[part="gauge"][data-field="email"]')).toHaveAttribute('data-band', 'match');
  await expectNoAxeViolations(page, 'ES module page, result');
  await snap(page, testInfo, 'embed-esm-result');
  expect(errors).toEqual([]);
});

test('React 19: state flows in as properties, events come back through on<event> props', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/demo/react.html');
  const widget = page.locator('idmobile-check');
  await expect(widget).toHaveAttribute('state', 'idle');
  // properties, not attributes: React set them on the element
  expect(await widget.evaluate((el) => el.hasAttribute('identity') || el.hasAttribute('phone'))).toBe(false);
  // typed (helpers.ts typeInto): React ignores the untrusted input event of fill() in Firefox's BiDi mode
  await typeInto(page.getByLabel('Given name'), JEAN_PIERRE.given);
  await typeInto(page.getByLabel('Surname'), 'Dubois');
  await typeInto(page.getByLabel('Mobile', { exact: true }), JEAN_PIERRE.phone);
  // the page's own inputs are not asked again: the widget summarises them
  await expect(widget.locator('[part="summary"]')).toContainText('Jean-Pierre');
  await expect(widget.getByRole('textbox', { name: 'First name' })).toHaveCount(0);
  await expect(widget.getByRole('textbox', { name: 'Mobile number' })).toHaveValue(JEAN_PIERRE.phone);

  await widget.getByRole('button', { name: 'Verify my identity' }).click();
  await expect(page.locator('#outcome')).toHaveText('React got the verdict: verified');
  await expect(widget.locator('[part="gauge"][data-field="family_name"]')).toHaveAttribute('data-band', 'match');
  await expectNoAxeViolations(page, 'React page, result');
  await snap(page, testInfo, 'embed-react-result');

  // an error reaches React too
  await typeInto(page.getByLabel('Mobile', { exact: true }), '+33600000013');
  await widget.getByRole('button', { name: 'Verify my identity' }).click();
  await expect(page.locator('#outcome')).toHaveText('React got error 13');
  expect(errors).toEqual([]);
});
