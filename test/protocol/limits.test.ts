/**
 * `realDate` (birth dates, widget and relay) in every engine: it reads the date's own ISO form, so the engines'
 * date parsing must agree on what a real `YYYY-MM-DD` is (no roll-over, no other layout, no extended year).
 */
import { expect } from '@open-wc/testing';
import { realDate } from '../../src/protocol/limits.js';

describe('realDate', () => {
  const real: Array<[string, number, number, number]> = [
    ['1900-01-01', 1900, 0, 1],
    ['2024-02-29', 2024, 1, 29],
    ['2000-02-29', 2000, 1, 29],
    ['1985-12-31', 1985, 11, 31],
    ['9999-12-31', 9999, 11, 31],
  ];
  for (const [value, y, m, d] of real) {
    it(`${value} is a real date, as a UTC date`, () => {
      expect(realDate(value)?.getTime()).to.equal(Date.UTC(y, m, d));
    });
  }
  const notReal = [
    '1899-12-31', // before the minimum
    '2023-02-29', // not a leap year: an engine may roll it over to 1 March
    '1900-02-29', // not a leap year either (century)
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-01-32',
    '2023-1-01',
    '2023-01-1',
    '2023',
    '2023-01',
    '2023-01-01T00:00',
    '2023-01-01 ',
    ' 2023-01-01',
    '2023/01/01',
    '01/02/2023',
    '+010000-01',
    '+010000-01-01',
    '-000001-01-01',
    '',
    'x',
  ];
  for (const value of notReal) {
    it(`${JSON.stringify(value)} is not`, () => expect(realDate(value)).to.equal(null));
  }
});
