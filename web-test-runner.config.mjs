// @ts-check
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import * as puppeteerCore from 'puppeteer-core';
import { fileURLToPath } from 'node:url';
import { configEngine, launchOptions, requireEngine } from './scripts/browsers.mjs';
import { wtrReporter } from './scripts/test-reports.mjs';
import { WebKitLauncher } from './scripts/webkit-driver.mjs';
import { faultRelay } from './test/widget/fault-relay.mjs';

// one engine per run: IDMOBILE_ENGINE (chromium, firefox or webkit; scripts/test.mjs sets it), chromium by default,
// found by scripts/browsers.mjs (or an error saying how to get it). Playwright drives Chromium and any browser from
// its own cache; a system Firefox runs through Puppeteer (WebDriver BiDi), WebKitGTK through WebKitWebDriver.
const engine = await requireEngine(configEngine());
const browser =
  engine.via === 'playwright'
    ? playwrightLauncher({ product: engine.engine, launchOptions: launchOptions(engine) })
    : engine.via === 'bidi'
      ? chromeLauncher({
          puppeteer: puppeteerCore,
          launchOptions: { browser: 'firefox', executablePath: engine.executablePath, headless: true },
        })
      : new WebKitLauncher(engine);
// `npm test` asks for a JSON report of the run (scripts/test.mjs reads its counts from it)
const report = process.env['IDMOBILE_WTR_REPORT'];

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: [
    'test/protocol/**/*.test.ts',
    'test/widget/**/*.test.ts',
    'test/scripts/**/*.test.ts',
    'test/setup/**/*.test.ts',
  ],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  concurrency: 1,
  // no progress bar redrawn in place when the output goes to a file or a CI log
  staticLogging: !process.stdout.isTTY,
  // a misbehaving relay over real HTTP for test/widget/faults.test.ts (answers /fault/… only)
  middleware: [faultRelay()],
  testFramework: { config: { timeout: 10000 } },
  // every test file after test/setup/readable-failures.ts (a failure about a DOM node is reported, not stalled)
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><body><script type="module" src="/test/setup/readable-failures.ts"></script><script type="module" src="${testFramework}"></script></body></html>`,
  plugins: [
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  browsers: [browser],
  reporters: report ? [defaultReporter(), wtrReporter(report)] : [defaultReporter()],
};
