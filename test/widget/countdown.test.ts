/**
 * (v3) The countdown's pure parts: whole seconds left, `m:ss` on screen, and the coarse amount the live region
 * says (it changes at each minute, at 30 s and at 10 s: a screen reader is not told every second).
 */
import { expect } from '@open-wc/testing';
import { clockText, secondsLeft, spokenLeft } from '../../src/widget/countdown.js';

describe('countdown', () => {
  const left: Array<[number, number, number]> = [
    [120_000, 0, 120],
    [120_000, 1, 120],
    [120_000, 999, 120],
    [120_000, 1000, 119],
    [1000, 1000, 0],
    [1000, 5000, 0],
  ];
  for (const [until, now, s] of left)
    it(`secondsLeft(${until}, ${now}) = ${s}`, () => expect(secondsLeft(until, now)).to.equal(s));

  const text: Array<[number, string]> = [
    [125, '2:05'],
    [60, '1:00'],
    [59, '0:59'],
    [0, '0:00'],
    [3600, '60:00'],
  ];
  for (const [s, t] of text) it(`clockText(${s}) = ${t}`, () => expect(clockText(s)).to.equal(t));

  it('the live region’s amount changes only at each minute, at 30 s and at 10 s', () => {
    const said = new Set<string>();
    for (let s = 300; s >= 1; s--) {
      const { unit, n } = spokenLeft(s);
      said.add(`${n} ${unit}`);
    }
    expect([...said]).to.deep.equal([
      '5 minute',
      '4 minute',
      '3 minute',
      '2 minute',
      '1 minute',
      '30 second',
      '10 second',
    ]);
    expect(spokenLeft(31)).to.deep.equal({ unit: 'minute', n: 1 });
    expect(spokenLeft(30)).to.deep.equal({ unit: 'second', n: 30 });
    expect(spokenLeft(11)).to.deep.equal({ unit: 'second', n: 30 });
    expect(spokenLeft(10)).to.deep.equal({ unit: 'second', n: 10 });
  });
});
