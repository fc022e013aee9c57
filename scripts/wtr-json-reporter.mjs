// @ts-check
/**
 * A Web Test Runner reporter that writes the run's results as JSON, for scripts/test.mjs to read instead of
 * the runner's text. Web Test Runner has no machine-readable reporter of its own (only text and JUnit XML).
 *
 * The file: `{ sessions: [{ testFile, browser, passed, tests: { passed, failed, skipped }, errors: [message] }] }`,
 * one entry per test file and browser; `errors` are what failed outside any test (a file that did not load, an
 * uncaught error after the tests, a browser that crashed). scripts/test-reports.mjs counts it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * @typedef {import('@web/test-runner').TestSession} TestSession
 * @typedef {import('@web/test-runner').TestSuiteResult} TestSuiteResult
 * @typedef {{ passed: number, failed: number, skipped: number }} Counts
 * @typedef {{ testFile: string, browser: string, passed: boolean, tests: Counts, errors: string[] }} SessionReport
 * @typedef {{ sessions: SessionReport[] }} WtrReport
 */

/**
 * @param {TestSuiteResult | undefined} suite
 * @param {Counts} [counts]
 * @returns {Counts}
 */
export function countSuite(suite, counts = { passed: 0, failed: 0, skipped: 0 }) {
  if (!suite) return counts;
  for (const test of suite.tests) {
    if (test.skipped) counts.skipped++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite.suites) countSuite(child, counts);
  return counts;
}

/**
 * @param {TestSession} session
 * @returns {SessionReport}
 */
export function sessionReport(session) {
  return {
    testFile: session.testFile,
    browser: session.browser.name,
    passed: session.passed === true,
    tests: countSuite(session.testResults),
    errors: session.errors.map((e) => e.message),
  };
}

/**
 * @param {string} file where to write the report
 * @returns {import('@web/test-runner').Reporter}
 */
export function jsonReporter(file) {
  return {
    stop({ sessions }) {
      /** @type {WtrReport} */
      const report = { sessions: sessions.map(sessionReport) };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(report, null, 2));
    },
  };
}
