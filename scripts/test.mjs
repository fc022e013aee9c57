// `npm test`: every suite, one after the other (never two browsers at once on a small machine).
//   node scripts/test.mjs            all suites
//   node scripts/test.mjs unit       browser unit + component tests (Web Test Runner)
//   node scripts/test.mjs node       relay and test-mode HTTP tests (Playwright runner, no browser)
//   node scripts/test.mjs e2e        end-to-end tests (Playwright, real browser)
import { spawn } from 'node:child_process';
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
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const name of order) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite "${name}": use unit, node or e2e`);
    process.exit(2);
  }
  console.log(`\n▶ ${name} tests`);
  const { status, tail } = await run('npx', ['--no-install', suite[0], ...suite[1], ...process.argv.slice(3)]);
  count(name, tail);
  if (status !== 0) {
    console.error(`✖ ${name} tests failed`);
    console.log(`\ntotal: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
    process.exit(status || 1);
  }
}
console.log(
  `\ntotal: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);

/** Runs a suite, its output passed through as it comes; keeps the end of it to read the counts. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['inherit', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    let tail = '';
    const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-20_000));
    child.stdout.on('data', (c) => (process.stdout.write(c), keep(c)));
    child.stderr.on('data', (c) => (process.stderr.write(c), keep(c)));
    child.on('close', (status) => resolve({ status, tail }));
  });
}

/** Adds a suite's counts: Web Test Runner's "N passed, N failed" or Playwright's "N passed / N failed / N skipped". */
function count(name, tail) {
  const plain = tail.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  const last = (re) => [...plain.matchAll(re)].map((m) => Number(m[1])).pop() ?? 0;
  if (name === 'unit') {
    const m = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
    if (m) {
      totals.passed += Number(m[1]);
      totals.failed += Number(m[2]);
    }
    return;
  }
  totals.passed += last(/^\s*(\d+) passed/gm);
  totals.failed += last(/^\s*(\d+) failed/gm);
  totals.skipped += last(/^\s*(\d+) skipped/gm);
}
