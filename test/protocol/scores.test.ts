import { expect } from '@open-wc/testing';
import {
  bandOf,
  bandsOf,
  normaliseThresholds,
  parseScore,
  parseScores,
  verdictOf,
  withholdBands,
} from '../../src/protocol/scores.js';
import { expandFields } from '../../src/protocol/fields.js';

describe('parseScore', () => {
  const table: Array<[unknown, number | null, boolean]> = [
    [1, 1, false],
    [0, 0, false],
    [0.78, 0.78, false],
    ['0.78', 0.78, false],
    ['1.0', 1, false],
    [' 0.5 ', 0.5, false],
    ['', null, false],
    [null, null, false],
    [undefined, null, false],
    [1.5, null, true],
    [-0.1, null, true],
    ['abc', null, true],
    ['1e400', null, true],
    [true, null, true],
    [{}, null, true],
    [[0.5], null, true],
    ['NaN', null, true],
    ['-0.5', null, true],
    [Number.MAX_VALUE, null, true],
  ];
  for (const [raw, score, invalid] of table) {
    it(`${raw === undefined ? 'undefined' : JSON.stringify(raw)} -> ${score} ${invalid ? '(invalid)' : ''}`, () => {
      expect(parseScore(raw)).to.deep.equal({ score, invalid });
    });
  }
});

describe('parseScores', () => {
  it('parses the documented example (numbers, strings, "" for not compared)', () => {
    const { scores, invalid } = parseScores({
      family_name: 1.0,
      gender: '',
      birthdate: 1.0,
      given_name: 1.0,
      address: { country: 1.0, postal_code: '0.78', street_address: 0.56, locality: 0.44 },
      email: 1.0,
    });
    expect(invalid).to.deep.equal([]);
    expect(scores).to.deep.equal({
      gender: null,
      given_name: 1,
      family_name: 1,
      birthdate: 1,
      email: 1,
      address: { street_address: 0.56, postal_code: 0.78, locality: 0.44, country: 1 },
    });
  });
  it('ignores unknown keys and reports invalid leaves', () => {
    const { scores, invalid } = parseScores({ given_name: 'x', extra: 5, address: 'nope' });
    expect(scores.given_name).to.equal(null);
    expect(invalid).to.include('given_name').and.include('address.country');
  });
  it('does not read inherited keys', () => {
    const body: unknown = JSON.parse('{"__proto__": {"given_name": 1}}');
    expect(parseScores(body).scores.given_name).to.equal(null);
  });
});

describe('bands and verdict', () => {
  const t = { match: 0.9, partial: 0.6 };
  const table: Array<[number | null, string]> = [
    [1, 'match'],
    [0.9, 'match'],
    [0.8999, 'partial'],
    [0.6, 'partial'],
    [0.5999, 'mismatch'],
    [0, 'mismatch'],
    [null, 'unverified'],
  ];
  for (const [s, b] of table) it(`${s} -> ${b}`, () => expect(bandOf(s, t)).to.equal(b));

  const base = {
    gender: null,
    given_name: 1,
    family_name: 0.95,
    birthdate: null,
    email: null,
    address: { street_address: null, postal_code: null, locality: null, country: null },
  };
  it('verified when every required field matches', () => {
    expect(verdictOf(bandsOf(base, t), expandFields(['given_name', 'family_name']))).to.equal('verified');
  });
  it('rejected when a required field mismatches', () => {
    expect(verdictOf(bandsOf({ ...base, family_name: 0.2 }, t), expandFields(['given_name', 'family_name']))).to.equal(
      'rejected',
    );
  });
  it('inconclusive when a required field is partial or unverified', () => {
    expect(verdictOf(bandsOf({ ...base, family_name: 0.7 }, t), expandFields(['given_name', 'family_name']))).to.equal(
      'inconclusive',
    );
    expect(verdictOf(bandsOf(base, t), expandFields(['given_name', 'birthdate']))).to.equal('inconclusive');
  });
  it('address as a required field means its four parts', () => {
    expect(verdictOf(bandsOf(base, t), expandFields(['address']))).to.equal('inconclusive');
  });
  it('no required field: compared fields decide, none compared is inconclusive', () => {
    expect(verdictOf(bandsOf(base, t), [])).to.equal('verified');
    const none = { ...base, given_name: null, family_name: null };
    expect(verdictOf(bandsOf(none, t), [])).to.equal('inconclusive');
  });
  it('withheld fields are marked, the others untouched, and the input not mutated', () => {
    const bands = bandsOf({ ...base, birthdate: 0, address: { ...base.address, locality: 1 } }, t);
    const out = withholdBands(bands, ['birthdate', 'address.locality']);
    expect(out.birthdate).to.equal('withheld');
    expect(out.address.locality).to.equal('withheld');
    expect(out.given_name).to.equal('match');
    expect(bands.birthdate).to.equal('mismatch');
    expect(bands.address.locality).to.equal('match');
  });
  it('a withheld field is never a match: required, it makes the verdict inconclusive; not required, it is ignored', () => {
    const bands = withholdBands(bandsOf({ ...base, birthdate: 1 }, t), ['birthdate']);
    expect(verdictOf(bands, expandFields(['given_name', 'birthdate']))).to.equal('inconclusive');
    expect(verdictOf(bands, [])).to.equal('verified');
  });
});

describe('normaliseThresholds', () => {
  it('accepts valid pairs', () => {
    expect(normaliseThresholds('0.8', '0.5')).to.deep.equal({ thresholds: { match: 0.8, partial: 0.5 }, problems: [] });
  });
  it('falls back on bad values with a problem each', () => {
    const r = normaliseThresholds('2', 'x');
    expect(r.thresholds).to.deep.equal({ match: 0.9, partial: 0.6 });
    expect(r.problems).to.have.length(2);
  });
  it('refuses partial above match', () => {
    expect(normaliseThresholds(0.5, 0.7).problems).to.have.length(1);
  });
});
