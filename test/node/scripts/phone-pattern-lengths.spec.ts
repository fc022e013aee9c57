/**
 * scripts/phone-metadata.mjs keeps no length list for mobiles: the checker trusts the MOBILE pattern's own lengths,
 * which the script computes with patternLengths and compares with libphonenumber-js's. These pin that reader.
 */
import { expect, test } from '@playwright/test';
import { patternLengths } from '../../../scripts/phone-metadata.mjs';

const cases: Array<[string, number[]]> = [
  ['6\\d{8}', [9]],
  ['\\d', [1]],
  ['[2-9]\\d{5}', [6]],
  ['3[2-9]\\d{7,8}|(?:31|43)\\d{8}', [9, 10]],
  ['(?:6[1-58]|970\\d)\\d{7}', [9, 11]],
  ['4\\d{5}(?:\\d{2})?|8\\d{7,8}', [6, 8, 9]],
  ['(15(?:0[06]|1[12])\\d)', [5]],
  ['1(?:6[023]|7\\d)\\d{7,8}|15(?:[0-25-9]\\d\\d|3(?:10|33)|410)\\d{6}', [10, 11]],
  ['(?:\\d{2}){0,2}', [0, 2, 4]],
];

for (const [pattern, lengths] of cases) {
  test(`${pattern} matches numbers of ${lengths.join(', ')} digits`, () => {
    expect(patternLengths(pattern)).toEqual(lengths);
  });
}

for (const pattern of ['\\d+', '6\\d*', '[0-9', '(?:6\\d', '6\\d)', 'a', '\\s', '6{2,}']) {
  test(`${JSON.stringify(pattern)} is refused, not misread`, () => {
    expect(() => patternLengths(pattern)).toThrow();
  });
}
