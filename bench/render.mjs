// @ts-check
// Browser figures in headless Chromium (Playwright, the machine's Chromium): the IIFE's one-off load cost
// (against intl-tel-input with utils), the widget's time to first render against a plain HTML form with the
// same fields (same page, same run, interleaved), and the time from the relay's answer to gauges on screen.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from '@playwright/test';
import { launchOptions, requireEngine } from '../scripts/browsers.mjs';
// the widget's 23 countries (its address list, the supported phone countries), for the plain form's static markup
import { COUNTRIES } from '../scripts/phone-metadata.mjs';
import { at, summary, ratio } from './lib.mjs';

const ORIGIN = 'http://bench.test';

/**
 * @param {{ renderIterations: number, gaugeIterations: number, loadRuns: number }} opts
 */
export async function measureBrowser(opts) {
  const found = await requireEngine('chromium'); // prints which Chromium; throws when there is none
  const require = createRequire(import.meta.url);
  const itiDir = dirname(require.resolve('intl-tel-input/package.json'));
  const files = {
    '/idmobile-check.iife.js': readFileSync(at('dist/idmobile-check.iife.js')),
    '/intl-tel-input.js': readFileSync(join(itiDir, 'dist/js/intlTelInputWithUtils.min.js')),
    '/page.js': readFileSync(at('bench/page.js')),
  };
  const regions = new Intl.DisplayNames(['fr'], { type: 'region' });
  const countryNames = Object.fromEntries(COUNTRIES.map((c) => [c, regions.of(c) ?? c]));
  /** A page that times one external script from its arrival to the end of its evaluation. */
  const loadPage = (/** @type {string} */ src, withBench = false) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>bench</title></head><body>
<script>window.__t0 = performance.now();</script>
<script src="${src}"></script>
<script>window.__t1 = performance.now();</script>
<div id="stage"></div>
${withBench ? `<script>window.__COUNTRY_NAMES = ${JSON.stringify(countryNames)};</script><script src="/page.js"></script>` : ''}
</body></html>`;

  const browser = await chromium.launch({ ...launchOptions(found), headless: true });
  try {
    const version = browser.version();
    /** @param {import('@playwright/test').BrowserContext} context */
    const serve = (context) =>
      context.route(`${ORIGIN}/**`, (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/' || url.pathname === '/index.html') {
          const which = url.searchParams.get('script') ?? '/idmobile-check.iife.js';
          return route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            body: loadPage(which, url.searchParams.has('bench')),
          });
        }
        const body = files[/** @type {keyof typeof files} */ (url.pathname)];
        if (!body) return route.fulfill({ status: 404, body: 'not found' });
        return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body });
      });

    // 1. one-off cost of evaluating each script, in fresh contexts (no code cache), alternating ours and the peer
    /** @type {Record<string, number[]>} */
    const load = { ours: [], peer: [] };
    for (let i = 0; i < opts.loadRuns; i++) {
      for (const [key, src] of /** @type {const} */ ([
        ['ours', '/idmobile-check.iife.js'],
        ['peer', '/intl-tel-input.js'],
      ])) {
        const context = await browser.newContext();
        await serve(context);
        const page = await context.newPage();
        await page.goto(`${ORIGIN}/?script=${encodeURIComponent(src)}`);
        const t = await page.evaluate((s) => {
          const w = /** @type {any} */ (window);
          const entry = /** @type {PerformanceResourceTiming | undefined} */ (
            performance.getEntriesByName(new URL(s, location.href).href)[0]
          );
          // from the script's last byte (or the parser reaching it, whichever is later) to the end of its evaluation
          return w.__t1 - Math.max(w.__t0, entry ? entry.responseEnd : w.__t0);
        }, src);
        load[key].push(t);
        await context.close();
      }
    }

    // 2. and 3. in one page of one context
    const context = await browser.newContext();
    await serve(context);
    const page = await context.newPage();
    /** @type {string[]} */
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`console.${m.type()}: ${m.text()}`);
    });
    await page.goto(`${ORIGIN}/?bench`);
    await page.waitForFunction(() => /** @type {any} */ (window).__bench && customElements.get('idmobile-check'));
    const render = await page.evaluate(
      (n) => /** @type {any} */ (window).__bench.firstRender(n),
      opts.renderIterations,
    );
    const gauges = await page.evaluate(
      (n) => /** @type {any} */ (window).__bench.answerToGauges(n),
      opts.gaugeIterations,
    );
    await context.close();

    const widget = summary(render.widget);
    const plain = summary(render.plain);
    const oursLoad = summary(load.ours);
    const peerLoad = summary(load.peer);
    return {
      chromium: version,
      scriptEvaluation: { ours: oursLoad, peer: peerLoad, ratio: ratio(oursLoad.median, peerLoad.median) },
      firstRender: {
        widget,
        plain,
        ratio: ratio(widget.median, plain.median),
        widgetFirstInstance: render.widgetFirst,
        plainFirstInstance: render.plainFirst,
      },
      answerToGauges: { dom: summary(gauges.dom), layout: summary(gauges.layout), painted: summary(gauges.painted) },
      pageErrors,
    };
  } finally {
    await browser.close();
  }
}
