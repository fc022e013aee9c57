// @ts-check
/**
 * `npm test`: every suite, one after the other (never two browsers at once on a small machine), each browser
 * suite in every engine found; counts read from the runners' JSON reports (scripts/test-reports.mjs).
 *   node scripts/test.mjs              all suites
 *   node scripts/test.mjs unit [args]  browser unit + component tests (Web Test Runner)
 *   node scripts/test.mjs node [args]  relay and test-mode HTTP tests, script tests (Playwright runner, no browser)
 *   node scripts/test.mjs e2e [args]   end-to-end tests (Playwright, real browser)
 * Extra arguments go to the runner. Ends with one line per engine (`chromium: N passed, N failed`), one for
 * the engine-free suite (`node: …`) and `total: N passed, N failed[, N skipped]`; exits 1 when anything failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { NO_CHROMIUM, resolveChromium } from './chromium.mjs';
import { addCounts, countPlaywrightReport, countWtrReport, summaryLine, zero } from './test-reports.mjs';

const REPORTS = 'test-results/reports';

/**
 * Browser engines. An engine is found or skipped (named, with how to get it); a required one that is missing
 * fails the run. A new engine: its entry here, with the environment that makes web-test-runner.config.mjs and
 * playwright.config.ts launch it instead of Chromium.
 * @typedef {{ name: string, required: boolean, find: () => Promise<string | null>, howToGet: string,
 *   env: Record<string, string> }} Engine
 * @type {Engine[]}
 */
const ENGINES = [
  {
    name: 'chromium',
    required: true,
    find: async () => (await resolveChromium())?.description ?? null,
    howToGet: NO_CHROMIUM,
    env: {},
  },
];

/**
 * @typedef {{ name: string, browser: boolean, command: string, args: string[], report: 'wtr' | 'playwright' }} Suite
 * @type {Suite[]}
 */
const SUITES = [
  {
    name: 'unit',
    browser: true,
    command: 'web-test-runner',
    args: ['--config', 'web-test-runner.config.mjs'],
    report: 'wtr',
  },
  { name: 'node', browser: false, command: 'playwright', args: ['test', '--project=node'], report: 'playwright' },
  { name: 'e2e', browser: true, command: 'playwright', args: ['test', '--project=e2e'], report: 'playwright' },
];

const which = process.argv[2] ?? 'all';
const extra = process.argv.slice(3);
const suites = which === 'all' ? SUITES : SUITES.filter((s) => s.name === which);
if (!suites.length) {
  console.error(`unknown suite "${which}": use ${SUITES.map((s) => s.name).join(', ')} or nothing for all`);
  process.exit(2);
}

/** @type {string[]} */
const problems = [];
/** @type {Engine[]} */
const engines = [];
if (suites.some((s) => s.browser)) {
  for (const engine of ENGINES) {
    const found = await engine.find().catch((/** @type {unknown} */ e) => {
      problems.push(`${engine.name}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    });
    if (found) {
      console.log(`${engine.name} used: ${found}`);
      engines.push(engine);
    } else {
      console.log(`${engine.name} skipped: ${engine.howToGet}`);
      if (engine.required) problems.push(`${engine.name}: not found, its suites did not run`);
    }
  }
  process.env['IDMOBILE_CHROMIUM_SHOWN'] = '1'; // the configs would print the same line again
}

/** @type {Array<{ suite: string, engine: string | null, counts: import('./test-reports.mjs').Counts }>} */
const runs = [];
mkdirSync(REPORTS, { recursive: true });
for (const suite of suites) {
  for (const engine of suite.browser ? engines : [null]) {
    const label = engine ? `${suite.name} in ${engine.name}` : suite.name;
    const file = `${REPORTS}/${suite.name}${engine ? `-${engine.name}` : ''}.json`;
    rmSync(file, { force: true }); // a report left by an earlier run must not be read as this one's
    console.log(`\n▶ ${label}`);
    const env = { ...process.env, ...engine?.env };
    const args = [...suite.args];
    if (suite.report === 'wtr') env['IDMOBILE_WTR_REPORT'] = file;
    else {
      args.push('--reporter=list,json');
      env['PLAYWRIGHT_JSON_OUTPUT_FILE'] = file;
    }
    const status = await run('npx', ['--no-install', suite.command, ...args, ...extra], env);
    let counts;
    try {
      const report = /** @type {unknown} */ (JSON.parse(readFileSync(file, 'utf8')));
      counts = suite.report === 'wtr' ? countWtrReport(report) : countPlaywrightReport(report);
    } catch (e) {
      const why = existsSync(file) ? `unreadable report ${file}: ${/** @type {Error} */ (e).message}` : 'no report';
      problems.push(`${label}: ${suite.command} exited with status ${status} and left ${why}`);
      continue;
    }
    runs.push({ suite: suite.name, engine: engine?.name ?? null, counts });
    for (const error of counts.errors) problems.push(`${label}: failed outside any test: ${error}`);
    if (counts.flaky) console.log(`⚠ ${label}: ${counts.flaky} flaky (passed on a retry)`);
    if (status !== 0 && counts.failed === 0 && counts.errors.length === 0) {
      problems.push(`${label}: ${suite.command} exited with status ${status} without reporting a failure`);
    }
  }
}

// ---- summary: one line per run, per engine (and the engine-free suite), and the total last ----------------
console.log('\nsummary');
for (const r of runs) console.log(`  ${summaryLine(r.engine ? `${r.suite} in ${r.engine}` : r.suite, r.counts)}`);
for (const problem of problems) console.log(`✖ ${problem.trim().replace(/\n/g, '\n    ')}`);
/** @type {Map<string, import('./test-reports.mjs').Counts>} */
const byEngine = new Map();
for (const r of runs) {
  const key = r.engine ?? r.suite;
  byEngine.set(key, addCounts(byEngine.get(key) ?? zero(), r.counts));
}
for (const [name, counts] of byEngine) console.log(summaryLine(name, counts));
const total = runs.reduce((sum, r) => addCounts(sum, r.counts), zero());
console.log(summaryLine('total', total));
process.exit(total.failed > 0 || problems.length > 0 ? 1 : 0);

/**
 * Runs a runner with its output passed straight through; resolves to its exit status.
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('error', (e) => {
      console.error(`${command}: ${e.message}`);
      resolve(127);
    });
    child.on('close', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
}
