/**
 * scripts/ensure-build.mjs (`npm start`'s prestart): the library is built when its IIFE is missing or older than
 * the widget's sources, and not otherwise.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { INPUTS, OUTPUT, staleness } from '../../../scripts/ensure-build.mjs';

/** A repository copy with the IIFE built at `builtAt` (seconds) and one widget source written at `editedAt`. */
function repo(builtAt: number | null, editedAt: number) {
  const base = mkdtempSync(join(tmpdir(), 'ensure-build-'));
  mkdirSync(join(base, 'src/widget/deep'), { recursive: true });
  mkdirSync(join(base, 'dist'));
  const source = join(base, 'src/widget/deep/x.ts');
  writeFileSync(source, 'x');
  utimesSync(source, editedAt, editedAt);
  if (builtAt !== null) {
    writeFileSync(join(base, OUTPUT), 'built');
    utimesSync(join(base, OUTPUT), builtAt, builtAt);
  }
  return base;
}

const cases: Array<[string, number | null, number, RegExp | null]> = [
  ['a fresh clone (no dist/): build', null, 1000, /missing/],
  ['a source edited after the build (in a subfolder): build', 1000, 2000, /src\/widget changed/],
  ['the build newer than every source: nothing to do', 2000, 1000, null],
];
for (const [name, builtAt, editedAt, expected] of cases) {
  test(name, () => {
    const base = repo(builtAt, editedAt);
    try {
      const why = staleness(base);
      if (expected) expect(why).toMatch(expected);
      else expect(why).toBeNull();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
}

test('the inputs are what the IIFE is built from', () => {
  expect(INPUTS).toEqual(expect.arrayContaining(['src/widget', 'src/protocol', 'scripts/build.mjs']));
  expect(OUTPUT).toBe('dist/idmobile-check.iife.js');
});
