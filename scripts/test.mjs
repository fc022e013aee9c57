// @ts-check
/**
 * `npm test`: every suite, one after the other (never two browsers at once on a small machine), each browser
 * suite in every engine found (scripts/browsers.mjs: chromium, firefox, webkit); counts read from the runners'
 * JSON reports (scripts/test-reports.mjs).
 *   node scripts/test.mjs              all suites
 *   node scripts/test.mjs unit [args]  browser tests: test/protocol, test/widget, test/scripts (Web Test Runner)
 *   node scripts/test.mjs node [args]  test/node: protocol, relay, upstreams, test mode, scale, scripts (Playwright runner, no browser)
 *   node scripts/test.mjs e2e [args]   end-to-end tests (Playwright; WebKitGTK through WebDriver), with the README's
 *                                      apps rebuilt from it (test/readme-apps) in Chromium and Firefox
 *   node scripts/test.mjs browser      both browser suites (unit and e2e): `npm run test:firefox` and the like
 *   --engine firefox[,webkit]          only these engines (also IDMOBILE_ENGINES=firefox,webkit); an engine named
 *                                      so is required: missing, it fails the run
 * Without a choice every engine found runs: Chromium is required, a missing Firefox or WebKit is skipped with one
 * line naming it and how to get it on this OS. Extra arguments go to the runner. Ends with one line per
 * run with its time, one per engine (`chromium: N passed, N failed`), one for the engine-free suite
 * (`node: …`) and `total: N passed, N failed[, N skipped]`; exits 1 when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ENGINE_NAMES, findEngine, requestedEngines } from './browsers.mjs';
import { countReport, summaryLine } from './test-reports.mjs';

const REPORTS = 'test-results/reports';

/**
 * @typedef {import('./browsers.mjs').EngineName} EngineName
 * @typedef {{ name: string, browser: boolean, command: string, args: (engine: EngineName | null) => string[] }} Suite
 * @type {Suite[]}
 */
const SUITES = [
  { name: 'unit', browser: true, command: 'web-test-runner', args: () => ['--config', 'web-test-runner.config.mjs'] },
  { name: 'node', browser: false, command: 'playwright', args: () => ['test', '--project=node'] },
  // the end-to-end projects of each engine (playwright.config.ts): e2e, e2e-firefox, e2e-webkit; and the README's
  // apps rebuilt and driven through the consent round trip (readme-apps, readme-apps-firefox; none in WebKit,
  // whose WebKitGTK smoke runs through WebDriver)
  {
    name: 'e2e',
    browser: true,
    command: 'playwright',
    args: (engine) => {
      const suffix = !engine || engine === 'chromium' ? '' : `-${engine}`;
      const readmeApps = engine === 'webkit' ? [] : [`--project=readme-apps${suffix}`];
      return ['test', `--project=e2e${suffix}`, ...readmeApps];
    },
  },
];

const argv = process.argv.slice(2);
/** @type {EngineName[] | null} */
let requested;
try {
  requested = requestedEngines(argv); // removes --engine from argv
} catch (e) {
  console.error(/** @type {Error} */ (e).message);
  process.exit(2);
}
const which = argv[0] && !argv[0].startsWith('-') ? /** @type {string} */ (argv.shift()) : 'all';
const extra = argv;
const suites =
  which === 'all'
    ? SUITES
    : which === 'browser'
      ? SUITES.filter((s) => s.browser)
      : SUITES.filter((s) => s.name === which);
if (!suites.length) {
  console.error(`unknown suite "${which}": use ${SUITES.map((s) => s.name).join(', ')}, browser, or nothing for all`);
  process.exit(2);
}

/** @type {string[]} */
const problems = [];
/** @type {EngineName[]} */
const engines = [];
/** @type {string[]} */
const notRun = []; // engines not found: named again in the summary, with how to get them
if (suites.some((s) => s.browser)) {
  for (const name of requested ?? ENGINE_NAMES) {
    const required = requested !== null || name === 'chromium';
    const where = await findEngine(name).catch((/** @type {unknown} */ e) => {
      problems.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    });
    if (where?.found) {
      console.log(`${name} used: ${where.description}`);
      engines.push(name);
    } else if (where) {
      console.log(`${name} skipped: ${where.missing}`);
      notRun.push(`${name}: not run: ${where.missing}`);
      if (required) problems.push(`${name}: not found, its suites did not run`);
    }
  }
  process.env['IDMOBILE_ENGINES_SHOWN'] = '1'; // the configs would print the same lines again
}

/** @typedef {import('./test-reports.mjs').Counts} Counts */
/** @type {Array<{ suite: string, engine: string | null, counts: Counts, ms: number }>} */
const runs = [];
mkdirSync(REPORTS, { recursive: true });
for (const suite of suites) {
  for (const engine of suite.browser ? engines : [null]) {
    const label = engine ? `${suite.name} in ${engine}` : suite.name;
    const file = `${REPORTS}/${suite.name}${engine ? `-${engine}` : ''}.json`;
    rmSync(file, { force: true }); // a report left by an earlier run must not be read as this one's
    console.log(`\n▶ ${label}`);
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, ...(engine ? { IDMOBILE_ENGINE: engine } : {}) };
    const args = suite.args(engine);
    if (suite.command === 'web-test-runner') env['IDMOBILE_WTR_REPORT'] = file;
    else {
      args.push('--reporter=list,json');
      env['PLAYWRIGHT_JSON_OUTPUT_FILE'] = file;
    }
    const started = Date.now();
    const child = spawnSync('npx', ['--no-install', suite.command, ...args, ...extra], { stdio: 'inherit', env });
    const ms = Date.now() - started;
    if (child.error) console.error(`npx: ${child.error.message}`);
    const status = child.status ?? 1;
    let counts;
    try {
      counts = countReport(JSON.parse(readFileSync(file, 'utf8')));
    } catch (e) {
      const why = existsSync(file) ? `unreadable report ${file}: ${/** @type {Error} */ (e).message}` : 'no report';
      problems.push(`${label}: ${suite.command} exited with status ${status} and left ${why}`);
      continue;
    }
    runs.push({ suite: suite.name, engine, counts, ms });
    for (const error of counts.errors) problems.push(`${label}: failed outside any test: ${error}`);
    if (counts.flaky) console.log(`⚠ ${label}: ${counts.flaky} flaky (passed on a retry)`);
    if (status !== 0 && counts.failed === 0 && counts.errors.length === 0) {
      problems.push(`${label}: ${suite.command} exited with status ${status} without reporting a failure`);
    }
  }
}

// ---- summary: one line per run with its time, one per engine (and the engine-free suite), the total last ------
console.log('\nsummary');
for (const r of runs) {
  console.log(`  ${summaryLine(r.engine ? `${r.suite} in ${r.engine}` : r.suite, r.counts)} (${seconds(r.ms)})`);
}
for (const problem of problems) console.log(`✖ ${problem.trim().replace(/\n/g, '\n    ')}`);
/** @type {(a: Counts, b: Counts) => Counts} */
const add = (a, b) => ({
  passed: a.passed + b.passed,
  failed: a.failed + b.failed,
  skipped: a.skipped + b.skipped,
  flaky: a.flaky + b.flaky,
});
const zero = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
/** @type {Map<string, { counts: Counts, ms: number }>} */
const byEngine = new Map();
for (const r of runs) {
  const key = r.engine ?? r.suite;
  const sum = byEngine.get(key) ?? { counts: zero, ms: 0 };
  byEngine.set(key, { counts: add(sum.counts, r.counts), ms: sum.ms + r.ms });
}
for (const [name, { counts, ms }] of byEngine) console.log(`${summaryLine(name, counts)} (${seconds(ms)})`);
for (const line of notRun) console.log(line);
const total = runs.reduce((sum, r) => add(sum, r.counts), zero);
console.log(`${summaryLine('total', total)} (${seconds(runs.reduce((sum, r) => sum + r.ms, 0))})`);
process.exit(total.failed > 0 || problems.length > 0 ? 1 : 0);

/** @param {number} ms */
function seconds(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
