/**
 * scripts/test-reports.mjs: `npm test`'s counts come from the runners' JSON reports, and a failure outside any
 * test is named apart instead of being counted as an invented failed test.
 */
import { expect, test } from '@playwright/test';
import { countPlaywrightReport, countWtrReport, summaryLine } from '../../../scripts/test-reports.mjs';
import { sessionReport } from '../../../scripts/wtr-json-reporter.mjs';

const session = (testFile: string, passed: boolean, tests: [number, number, number], errors: string[] = []) => ({
  testFile,
  browser: 'Chromium',
  passed,
  tests: { passed: tests[0], failed: tests[1], skipped: tests[2] },
  errors,
});

const wtrCases: Array<[string, unknown, { passed: number; failed: number; skipped: number; errors: string[] }]> = [
  [
    'all green',
    { sessions: [session('a.test.ts', true, [3, 0, 0]), session('b.test.ts', true, [2, 0, 1])] },
    { passed: 5, failed: 0, skipped: 1, errors: [] },
  ],
  [
    'two failed tests',
    { sessions: [session('a.test.ts', false, [1, 2, 0], ['x'])] },
    { passed: 1, failed: 2, skipped: 0, errors: [] },
  ],
  [
    'a file that did not load: named, not counted as a test',
    {
      sessions: [session('a.test.ts', true, [4, 0, 0]), session('b.test.ts', false, [0, 0, 0], ['SyntaxError: nope'])],
    },
    { passed: 4, failed: 0, skipped: 0, errors: ['b.test.ts (Chromium): SyntaxError: nope'] },
  ],
  ['no sessions', { sessions: [] }, { passed: 0, failed: 0, skipped: 0, errors: [] }],
];
for (const [name, report, expected] of wtrCases) {
  test(`Web Test Runner report: ${name}`, () => {
    expect(countWtrReport(report)).toMatchObject(expected);
  });
}

const stats = (expected: number, unexpected: number, flaky: number, skipped: number) => ({
  stats: { startTime: '', duration: 1, expected, unexpected, flaky, skipped },
  suites: [],
  errors: [],
});
const playwrightCases: Array<
  [string, unknown, { passed: number; failed: number; skipped: number; flaky: number; errors: string[] }]
> = [
  ['all green', stats(12, 0, 0, 0), { passed: 12, failed: 0, skipped: 0, flaky: 0, errors: [] }],
  ['failed and skipped', stats(10, 2, 0, 3), { passed: 10, failed: 2, skipped: 3, flaky: 0, errors: [] }],
  ['a flaky test passed on a retry', stats(4, 0, 1, 0), { passed: 5, failed: 0, skipped: 0, flaky: 1, errors: [] }],
  [
    'the web server did not start: no test ran, the error is named',
    { ...stats(0, 0, 0, 0), errors: [{ message: 'Error: Timed out waiting 60000ms from config.webServer.' }] },
    { passed: 0, failed: 0, skipped: 0, flaky: 0, errors: ['Error: Timed out waiting 60000ms from config.webServer.'] },
  ],
];
for (const [name, report, expected] of playwrightCases) {
  test(`Playwright report: ${name}`, () => {
    expect(countPlaywrightReport(report)).toEqual(expected);
  });
}

const notReports: unknown[] = [
  null,
  'text',
  {},
  { stats: { expected: '3' } },
  { sessions: [{ tests: { passed: -1 } }] },
];
for (const bad of notReports) {
  test(`not a report, refused: ${JSON.stringify(bad)}`, () => {
    expect(() => countPlaywrightReport(bad)).toThrow();
    expect(() => countWtrReport(bad)).toThrow();
  });
}

test('the closing line: skipped only when there are some', () => {
  expect(summaryLine('total', { passed: 5, failed: 0, skipped: 0, flaky: 0 })).toBe('total: 5 passed, 0 failed');
  expect(summaryLine('chromium', { passed: 5, failed: 1, skipped: 2, flaky: 0 })).toBe(
    'chromium: 5 passed, 1 failed, 2 skipped',
  );
});

test("the reporter counts a session's nested suites and tells skipped from failed", () => {
  const report = sessionReport({
    testFile: 'x.test.ts',
    browser: { name: 'Chromium' },
    passed: false,
    errors: [{ message: 'boom' }],
    testResults: {
      name: '',
      tests: [{ name: 'a', passed: true, skipped: false }],
      suites: [
        {
          name: 'inner',
          tests: [
            { name: 'b', passed: false, skipped: false },
            { name: 'c', passed: false, skipped: true },
          ],
          suites: [{ name: 'deeper', tests: [{ name: 'd', passed: true, skipped: false }], suites: [] }],
        },
      ],
    },
  } as unknown as Parameters<typeof sessionReport>[0]);
  expect(report).toEqual({
    testFile: 'x.test.ts',
    browser: 'Chromium',
    passed: false,
    tests: { passed: 2, failed: 1, skipped: 1 },
    errors: ['boom'],
  });
});
