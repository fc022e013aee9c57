// `npm test`: every suite, one after the other (never two browsers at once on a small machine).
//   node scripts/test.mjs            all suites
//   node scripts/test.mjs unit       browser unit + component tests (Web Test Runner)
//   node scripts/test.mjs node       relay and test-mode HTTP tests (Playwright runner, no browser)
//   node scripts/test.mjs e2e        end-to-end tests (Playwright, real browser)
import { spawnSync } from 'node:child_process';
import { findChromium, NO_CHROMIUM } from './chromium.mjs';

const which = process.argv[2] ?? 'all';
const needsBrowser = which === 'all' || which === 'unit' || which === 'e2e';
if (needsBrowser) {
  const chrome = await findChromium();
  if (!chrome) {
    console.error(NO_CHROMIUM);
    process.exit(1);
  }
  process.env.CHROME_PATH = chrome;
}

const suites = {
  unit: ['web-test-runner', ['--config', 'web-test-runner.config.mjs']],
  node: ['playwright', ['test', '--project=node']],
  e2e: ['playwright', ['test', '--project=e2e']],
};
const order = which === 'all' ? ['unit', 'node', 'e2e'] : [which];
for (const name of order) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite "${name}": use unit, node or e2e`);
    process.exit(2);
  }
  console.log(`\n▶ ${name} tests`);
  const r = spawnSync('npx', ['--no-install', suite[0], ...suite[1], ...process.argv.slice(3)], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`✖ ${name} tests failed`);
    process.exit(r.status ?? 1);
  }
}
