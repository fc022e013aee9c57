// @ts-check
/**
 * The Web Test Runner browser launcher for each engine (scripts/engines.mjs finds the binaries):
 *   chromium  Playwright, with the Chromium scripts/chromium.mjs chooses
 *   firefox   Puppeteer (`@web/test-runner-chrome`'s launcher with puppeteer-core, WebDriver BiDi underneath)
 *   webkit    WebKitWebDriver + MiniBrowser (scripts/wtr-webkit-launcher.mjs)
 * One browser per run: scripts/test.mjs runs the suite once per engine, never two browsers at once.
 */
import { chromeLauncher } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import * as puppeteerCore from 'puppeteer-core';
import { chooseChromium, launchOptions } from './chromium.mjs';
import { HOW_TO_GET, resolveFirefox, resolveWebKit } from './engines.mjs';
import { webkitLauncher } from './wtr-webkit-launcher.mjs';

/**
 * Prints which browser once per run (scripts/test.mjs prints it itself and sets IDMOBILE_CHROMIUM_SHOWN).
 * @param {string} line
 */
function show(line) {
  if (!process.env['IDMOBILE_CHROMIUM_SHOWN']) console.log(line);
}

/**
 * @param {import('./engines.mjs').EngineName} engine
 * @returns {Promise<import('@web/test-runner').BrowserLauncher>}
 */
export async function browserFor(engine) {
  if (engine === 'chromium') {
    const chromium = await chooseChromium();
    return playwrightLauncher({ product: 'chromium', launchOptions: launchOptions(chromium) });
  }
  if (engine === 'firefox') {
    const firefox = resolveFirefox();
    if (!firefox) throw new Error(HOW_TO_GET.firefox);
    show(`firefox: ${firefox.description}`);
    return chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: firefox.executablePath, headless: true },
    });
  }
  const webkit = resolveWebKit();
  if ('missing' in webkit) throw new Error(webkit.missing);
  show(`webkit: ${webkit.description}`);
  return webkitLauncher(webkit);
}
