// @ts-check
/**
 * `npm test`'s counts come from the runners' machine-readable reports, never from their text: Playwright's `json`
 * reporter (`stats`: expected, unexpected, flaky, skipped; `errors`: what failed outside any test), and the same
 * shape written for Web Test Runner by `wtrReporter` (it has no JSON reporter of its own). A failure outside any
 * test (a file that did not load, a web server that did not start) is named apart, never counted as a test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * @typedef {{ passed: number, failed: number, skipped: number, flaky: number }} Counts
 * @typedef {{ stats: { expected: number, unexpected: number, flaky: number, skipped: number },
 *   errors: Array<{ message: string }> }} Report
 */

/**
 * Playwright's report shape for a Web Test Runner run: one count per test, and a session (a test file in a
 * browser) that failed with no failed test named as an error.
 * @param {import('@web/test-runner').TestSession[]} sessions
 * @returns {Report}
 */
export function wtrStats(sessions) {
  const report = {
    stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 },
    errors: /** @type {Report['errors']} */ ([]),
  };
  /** @param {import('@web/test-runner').TestSuiteResult | undefined} suite */
  const count = (suite) => {
    let failed = 0;
    for (const test of suite?.tests ?? []) {
      const key = test.skipped ? 'skipped' : test.passed ? 'expected' : 'unexpected';
      report.stats[key]++;
      if (key === 'unexpected') failed++;
    }
    for (const child of suite?.suites ?? []) failed += count(child);
    return failed;
  };
  for (const session of sessions) {
    if (count(session.testResults) === 0 && session.passed !== true) {
      const why = session.errors.map((e) => e.message).join('; ') || 'failed outside any test';
      report.errors.push({ message: `${session.testFile} (${session.browser.name}): ${why}` });
    }
  }
  return report;
}

/**
 * A Web Test Runner reporter writing `wtrStats` of the run to `file`.
 * @param {string} file
 * @returns {import('@web/test-runner').Reporter}
 */
export const wtrReporter = (file) => ({
  stop({ sessions }) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(wtrStats(sessions), null, 2));
  },
});

/**
 * The counts of a report: flaky tests (passed on a retry) count as passed and are also counted apart.
 * @param {unknown} report
 * @returns {Counts & { errors: string[] }}
 */
export function countReport(report) {
  const { stats, errors } = /** @type {Partial<Report>} */ (typeof report === 'object' && report ? report : {});
  const n = /** @param {unknown} v */ (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : NaN);
  const [expected, unexpected, flaky, skipped] = [stats?.expected, stats?.unexpected, stats?.flaky, stats?.skipped].map(
    n,
  );
  if ([expected, unexpected, flaky, skipped].some(Number.isNaN)) throw new Error('not a test report');
  return {
    passed: Number(expected) + Number(flaky),
    failed: Number(unexpected),
    skipped: Number(skipped),
    flaky: Number(flaky),
    errors: (Array.isArray(errors) ? /** @type {unknown[]} */ (errors) : []).map((e) =>
      typeof e === 'object' && e && 'message' in e && typeof e.message === 'string' ? e.message : JSON.stringify(e),
    ),
  };
}

/**
 * `label: N passed, N failed[, N skipped]`: the closing-line format (the skipped part only when there are).
 * @param {string} label
 * @param {Counts} c
 */
export const summaryLine = (label, c) =>
  `${label}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
