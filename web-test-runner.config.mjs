// @ts-check
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { fileURLToPath } from 'node:url';
import { configEngine } from './scripts/engines.mjs';
import { browserFor } from './scripts/wtr-browsers.mjs';
import { jsonReporter } from './scripts/wtr-json-reporter.mjs';
import { faultRelay } from './test/widget/fault-relay.mjs';

// one engine per run: IDMOBILE_ENGINE (chromium, firefox or webkit; scripts/test.mjs sets it), chromium by default;
// the binaries: scripts/engines.mjs (Chromium: scripts/chromium.mjs, system first, else the one npm install brought)
const browser = await browserFor(configEngine());
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
  reporters: report ? [defaultReporter(), jsonReporter(report)] : [defaultReporter()],
};
