// @ts-check
/**
 * Counts from the test runners' machine-readable reports (never from their text), for scripts/test.mjs.
 *   Web Test Runner: the JSON file of scripts/wtr-json-reporter.mjs.
 *   Playwright: its `json` reporter's file (`stats`: expected, unexpected, flaky, skipped; `errors`: what failed
 *   outside any test, such as a web server that did not start or a file that did not load).
 * A failure outside any test is listed apart, by name, and never added to the failed-test count.
 */

/**
 * @typedef {{ passed: number, failed: number, skipped: number, flaky: number }} Counts
 * @typedef {Counts & { errors: string[] }} RunCounts  counts of one run, and what failed outside any test
 */

/** @returns {Counts} */
export const zero = () => ({ passed: 0, failed: 0, skipped: 0, flaky: 0 });

/**
 * @param {Counts} into
 * @param {Counts} more
 */
export function addCounts(into, more) {
  into.passed += more.passed;
  into.failed += more.failed;
  into.skipped += more.skipped;
  into.flaky += more.flaky;
  return into;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isObject = (value) => typeof value === 'object' && value !== null;

/** @param {unknown} n */
const count = (n) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null);

/**
 * scripts/wtr-json-reporter.mjs's report.
 * @param {unknown} report
 * @returns {RunCounts}
 */
export function countWtrReport(report) {
  if (!isObject(report) || !Array.isArray(report['sessions'])) throw new Error('not a Web Test Runner report');
  const totals = { ...zero(), errors: /** @type {string[]} */ ([]) };
  for (const s of /** @type {unknown[]} */ (report['sessions'])) {
    const tests = isObject(s) && isObject(s['tests']) ? s['tests'] : null;
    const passed = count(tests?.['passed']);
    const failed = count(tests?.['failed']);
    const skipped = count(tests?.['skipped']);
    if (!isObject(s) || passed === null || failed === null || skipped === null) {
      throw new Error('not a Web Test Runner report: a session without test counts');
    }
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += skipped;
    if (s['passed'] !== true && failed === 0) {
      const errors = Array.isArray(s['errors']) ? s['errors'].map(String) : [];
      totals.errors.push(
        `${String(s['testFile'])} (${String(s['browser'])}): ${errors.join('; ') || 'failed outside any test'}`,
      );
    }
  }
  return totals;
}

/**
 * Playwright's JSON report: `flaky` tests (passed on a retry) count as passed and are named apart.
 * @param {unknown} report
 * @returns {RunCounts}
 */
export function countPlaywrightReport(report) {
  const stats = isObject(report) && isObject(report['stats']) ? report['stats'] : null;
  const expected = count(stats?.['expected']);
  const unexpected = count(stats?.['unexpected']);
  const flaky = count(stats?.['flaky']);
  const skipped = count(stats?.['skipped']);
  if (!isObject(report) || expected === null || unexpected === null || flaky === null || skipped === null) {
    throw new Error('not a Playwright JSON report');
  }
  const errors = Array.isArray(report['errors'])
    ? report['errors'].map((e) => (isObject(e) && typeof e['message'] === 'string' ? e['message'] : String(e)))
    : [];
  return { passed: expected + flaky, failed: unexpected, skipped, flaky, errors };
}

/**
 * `label: N passed, N failed[, N skipped]`: the closing-line format (the skipped part only when there are).
 * @param {string} label
 * @param {Counts} c
 */
export function summaryLine(label, c) {
  return `${label}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
}
