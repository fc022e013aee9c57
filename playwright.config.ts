import { defineConfig } from '@playwright/test';
import { chooseChromium, launchOptions } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 5199);

function onlyNodeProject(): boolean {
  const args = process.argv;
  const i = args.indexOf('--project');
  const projects = [
    ...args.filter((a) => a.startsWith('--project=')).map((a) => a.slice(10)),
    ...(i >= 0 ? [args[i + 1]] : []),
  ];
  return projects.length > 0 && projects.every((p) => p === 'node');
}

// Which Chromium: scripts/chromium.mjs (system first, else the one npm install brought; IDMOBILE_CHROMIUM forces).
// A run of the node project alone needs none. Playwright loads this file again in every worker process, whose
// command line names no project: the main process decides, and the workers inherit its decision.
process.env['IDMOBILE_PLAYWRIGHT_BROWSER'] ??= onlyNodeProject() ? 'none' : 'chromium';
const chromium = process.env['IDMOBILE_PLAYWRIGHT_BROWSER'] === 'chromium' ? await chooseChromium() : null;

export default defineConfig({
  // scripts/test.mjs adds `--reporter=list,json` and reads its counts from the JSON file
  reporter: 'list',
  workers: 2,
  projects: [
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
      use: {
        baseURL: `http://127.0.0.1:${port}`,
        ...(chromium ? { launchOptions: launchOptions(chromium) } : {}),
        locale: 'en-GB',
        screenshot: 'only-on-failure',
        trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off', // tracing every test costs a third of the run on 2 cores
      },
    },
  ],
  // every run that may include the e2e project needs the dev server: all but `--project=node` / `--project node`
  webServer: !onlyNodeProject()
    ? {
        command: `npx vite --port ${port} --strictPort --host 127.0.0.1`,
        url: `http://127.0.0.1:${port}/`,
        reuseExistingServer: false,
        timeout: 60_000,
      }
    : undefined,
});
