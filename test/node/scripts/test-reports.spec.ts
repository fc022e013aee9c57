/**
 * scripts/test-reports.mjs: `npm test`'s counts come from the runners' JSON reports (Web Test Runner's written in
 * Playwright's shape), and a failure outside any test is named apart instead of being counted as a failed test.
 */
import { expect, test } from '@playwright/test';
import { countReport, summaryLine, wtrStats } from '../../../scripts/test-reports.mjs';

type Sessions = Parameters<typeof wtrStats>[0];
const t = (passed: boolean, skipped = false) => ({ name: 'x', passed, skipped });
const session = (testFile: string, passed: boolean, tests: ReturnType<typeof t>[], errors: string[] = []) => ({
  testFile,
  browser: { name: 'Chromium' },
  passed,
  errors: errors.map((message) => ({ message })),
  testResults: { name: '', tests: tests.slice(0, 1), suites: [{ name: 'inner', tests: tests.slice(1), suites: [] }] },
});

const wtrCases: Array<[string, unknown[], Record<string, unknown>]> = [
  [
    'all green, nested suites counted',
    [session('a', true, [t(true), t(true), t(false, true)])],
    { passed: 2, skipped: 1 },
  ],
  ['failed tests', [session('a', false, [t(true), t(false), t(false)], ['x'])], { passed: 1, failed: 2, errors: [] }],
  [
    'a file that did not load: named, not counted as a test',
    [session('a', true, [t(true)]), session('b.test.ts', false, [], ['SyntaxError: nope'])],
    { passed: 1, failed: 0, errors: ['b.test.ts (Chromium): SyntaxError: nope'] },
  ],
  ['no sessions', [], { passed: 0, failed: 0, skipped: 0, flaky: 0, errors: [] }],
];
for (const [name, sessions, expected] of wtrCases) {
  test(`Web Test Runner run: ${name}`, () => {
    expect(countReport(JSON.parse(JSON.stringify(wtrStats(sessions as Sessions))))).toMatchObject(expected);
  });
}

const stats = (expected: number, unexpected: number, flaky: number, skipped: number, errors: object[] = []) => ({
  stats: { startTime: '', duration: 1, expected, unexpected, flaky, skipped },
  suites: [],
  errors,
});
const playwrightCases: Array<[string, unknown, Record<string, unknown>]> = [
  ['failed and skipped', stats(10, 2, 0, 3), { passed: 10, failed: 2, skipped: 3, flaky: 0, errors: [] }],
  ['a flaky test passed on a retry', stats(4, 0, 1, 0), { passed: 5, failed: 0, flaky: 1 }],
  [
    'the web server did not start: no test ran, the error is named',
    stats(0, 0, 0, 0, [{ message: 'Error: Timed out waiting 60000ms from config.webServer.' }]),
    { passed: 0, failed: 0, errors: ['Error: Timed out waiting 60000ms from config.webServer.'] },
  ],
];
for (const [name, report, expected] of playwrightCases) {
  test(`Playwright run: ${name}`, () => {
    expect(countReport(report)).toMatchObject(expected);
  });
}

test('not a report, refused', () => {
  for (const bad of [null, 'text', {}, { stats: { expected: '3' } }, { stats: { expected: -1 } }]) {
    expect(() => countReport(bad)).toThrow('not a test report');
  }
});

test('the closing line: skipped only when there are some', () => {
  expect(summaryLine('total', { passed: 5, failed: 0, skipped: 0, flaky: 0 })).toBe('total: 5 passed, 0 failed');
  expect(summaryLine('chromium', { passed: 5, failed: 1, skipped: 2, flaky: 0 })).toBe(
    'chromium: 5 passed, 1 failed, 2 skipped',
  );
});
