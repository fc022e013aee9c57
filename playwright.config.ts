import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestProject } from '@playwright/test';
import { findEngine, launchOptions, requireEngine, type EngineName, type Found } from './scripts/browsers.mjs';

const port = Number(process.env.E2E_PORT ?? 5199);

/** The projects named on the command line (`--project=x`, `--project x`), none when all run. */
function namedProjects(): string[] {
  const args = process.argv;
  return args.flatMap((a, i) => {
    const next = args[i + 1];
    return a.startsWith('--project=') ? [a.slice(10)] : a === '--project' && next ? [next] : [];
  });
}

/** The engine a project runs in: `node` none; `e2e`, `readme-apps` Chromium; `…-firefox`, `…-webkit` those. */
const engineOfProject = (p: string): string[] =>
  p === 'node' ? [] : [/-(firefox|webkit)$/.exec(p)?.[1] ?? 'chromium'];

// Which engines this run needs: those of the projects named (`e2e`: chromium, `e2e-firefox`, `e2e-webkit`), else
// every engine found (a project whose engine is missing is then left out; named, it fails with how to get the
// engine). Playwright loads this file again in every worker process, whose command line names no project: the
// main process decides, the workers inherit it.
if (process.env['IDMOBILE_PLAYWRIGHT_ENGINES'] === undefined) {
  const named = namedProjects();
  const engines = named.length ? [...new Set(named.flatMap(engineOfProject))] : ['chromium'];
  for (const e of named.length ? [] : (['firefox', 'webkit'] as const)) {
    const where = await findEngine(e);
    if (where.found) engines.push(e);
    else console.log(`${e}: not run: ${where.missing}`); // never a project left out without a word
  }
  process.env['IDMOBILE_PLAYWRIGHT_ENGINES'] = engines.join(',');
}
const wanted = new Set(process.env['IDMOBILE_PLAYWRIGHT_ENGINES'].split(',').filter(Boolean));
const engines: Partial<Record<EngineName, Found>> = {};
for (const e of wanted as Set<EngineName>) engines[e] = await requireEngine(e); // throws with how to get it
process.env['IDMOBILE_ENGINES_SHOWN'] = '1';

const e2eUse = {
  baseURL: `http://127.0.0.1:${port}`,
  locale: 'en-GB',
  screenshot: 'only-on-failure',
  trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off', // tracing every test costs a third of the run on 2 cores
} as const;

const projects: PlaywrightTestProject[] = [
  // separate output folders: Playwright empties a project's outputDir when it starts, and the suites may run
  // at the same time (an e2e run must not lose its traces because a node run started)
  { name: 'node', testDir: 'test/node', outputDir: 'test-results/node' },
  {
    // the demo checkout driven as a shopper would, against the real widget, relay and test mode (Vite dev server)
    name: 'e2e',
    testDir: 'test/e2e',
    outputDir: 'test-results/e2e',
    fullyParallel: true,
    timeout: 30_000,
    expect: { timeout: 7_000 },
    use: { ...e2eUse, ...(engines.chromium ? { launchOptions: launchOptions(engines.chromium) } : {}) },
  },
];
// the checkout flows, the embedding proofs, the magic numbers, the ways through every failure (issue 23: at a phone's
// size there, test/e2e/helpers.ts WAY_THROUGH_VIEWPORT), privacy and the order endpoint's refusals in Firefox
// (test/e2e/helpers.ts adapts what the tool does differently in WebDriver BiDi mode: no axe, no request bodies, typed
// input for React, the CSP reports Playwright causes); the state gallery (axe on every state, colour schemes) and
// the memory spec (DevTools counters) stay Chromium's. WebKit from Playwright's cache runs the same files.
const OTHER_ENGINES_E2E = [
  'checkout.spec.ts',
  'embedding.spec.ts',
  'enter-key.spec.ts', // issue 23: at a phone's size there (WAY_THROUGH_VIEWPORT)
  'next-steps.spec.ts', // issue 23: every failure path's way through, at a phone's size there
  'magic-numbers.spec.ts',
  'privacy.spec.ts',
  'trust.spec.ts',
];
const { chromium, firefox, webkit } = engines;
// Playwright's own Firefox as it is; a system Firefox in WebDriver BiDi mode, through
// scripts/firefox-bidi-shim.mjs (which answers the one command Firefox ESR lacks)
const firefoxUse = firefox
  ? ({
      browserName: 'firefox',
      ...(firefox.via === 'playwright'
        ? { launchOptions: launchOptions(firefox) }
        : {
            channel: 'moz-firefox',
            launchOptions: {
              executablePath: fileURLToPath(new URL('./scripts/firefox-bidi-shim.mjs', import.meta.url)),
            },
          }),
    } as const)
  : null;
if (firefoxUse) {
  projects.push({
    name: 'e2e-firefox',
    testDir: 'test/e2e',
    testMatch: OTHER_ENGINES_E2E,
    outputDir: 'test-results/e2e-firefox',
    fullyParallel: true,
    timeout: 45_000,
    expect: { timeout: 10_000 },
    use: { ...e2eUse, ...firefoxUse },
  });
}
// the README's apps (the Quickstart's plain page, React, Vue; in front of its Python and PHP backends) rebuilt from
// the README alone, with their backend and the relay's command, through the consent round trip (test/readme-apps);
// no dev server: each app serves itself
const readmeApps = { testDir: 'test/readme-apps', fullyParallel: false, timeout: 60_000, expect: { timeout: 10_000 } };
const readmeUse = { locale: 'en-GB', screenshot: 'only-on-failure', trace: e2eUse.trace } as const;
projects.push({
  ...readmeApps,
  name: 'readme-apps',
  outputDir: 'test-results/readme-apps',
  use: { ...readmeUse, ...(chromium ? { launchOptions: launchOptions(chromium) } : {}) },
});
if (firefoxUse) {
  projects.push({
    ...readmeApps,
    name: 'readme-apps-firefox',
    outputDir: 'test-results/readme-apps-firefox',
    use: { ...readmeUse, ...firefoxUse },
  });
}
if (webkit?.via === 'playwright') {
  projects.push({
    name: 'e2e-webkit',
    testDir: 'test/e2e',
    testMatch: OTHER_ENGINES_E2E,
    outputDir: 'test-results/e2e-webkit',
    fullyParallel: true,
    timeout: 45_000,
    expect: { timeout: 10_000 },
    use: { ...e2eUse, browserName: 'webkit', launchOptions: launchOptions(webkit) },
  });
} else if (webkit) {
  projects.push({
    // WebKitGTK through WebDriver (webdriverio): the checkout's happy path and the consent round trip
    name: 'e2e-webkit',
    testDir: 'test/e2e-webkit',
    outputDir: 'test-results/e2e-webkit',
    timeout: 90_000,
    use: { baseURL: e2eUse.baseURL },
  });
}

/** Whether the projects named are only `readme-apps*` (and `node`): then the demo's dev server is not needed. */
function onlyReadmeApps(): boolean {
  const named = namedProjects();
  return (
    named.some((p) => p.startsWith('readme-apps')) && named.every((p) => p === 'node' || p.startsWith('readme-apps'))
  );
}

export default defineConfig({
  // scripts/test.mjs adds `--reporter=list,json` and reads its counts from the JSON file
  reporter: 'list',
  workers: 2,
  projects,
  // the demo's dev server, for the e2e projects: every run with a browser project but those naming only `node`
  // and `readme-apps*` (whose apps serve themselves)
  webServer:
    wanted.size && !onlyReadmeApps()
      ? {
          command: `npx vite --port ${port} --strictPort --host 127.0.0.1`,
          url: `http://127.0.0.1:${port}/`,
          reuseExistingServer: false,
          timeout: 60_000,
        }
      : undefined,
});
