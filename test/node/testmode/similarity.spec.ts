/** Folding and similarity: table cases and properties (fast-check). */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { fold, jaroWinkler, round2, similarity } from '../../../src/testmode/similarity.js';

test('folding removes case, accents, ligatures, punctuation and spacing', () => {
  const cases: Array<[string, string]> = [
    ['Léa', 'lea'],
    ['JEAN-PIERRE', 'jeanpierre'],
    ['  Jean   Pierre ', 'jeanpierre'],
    ["d'Artagnan", 'dartagnan'],
    ['Œuvre Ægir Straße', 'oeuvreaegirstrasse'],
    ['5, avenue Jean Jaurès', '5avenuejeanjaures'],
    ['Ñúñez Çà', 'nunezca'],
    ['—…!?', ''],
  ];
  for (const [input, folded] of cases) expect(fold(input), input).toBe(folded);
});

test('Jaro-Winkler reference values', () => {
  // classic examples from Winkler's papers
  expect(round2(jaroWinkler('martha', 'marhta'))).toBe(0.96);
  expect(round2(jaroWinkler('dwayne', 'duane'))).toBe(0.84);
  expect(round2(jaroWinkler('dixon', 'dicksonx'))).toBe(0.81);
  expect(jaroWinkler('abc', 'xyz')).toBe(0);
  expect(jaroWinkler('same', 'same')).toBe(1);
});

test('"Camile Martin" lands strictly between a perfect match and an unrelated name', () => {
  const perfect = similarity('Camille Martin', 'Camille Martin');
  const typo = similarity('Camile Martin', 'Camille Martin');
  const unrelated = similarity('Jean-Pierre Dubois', 'Camille Martin');
  expect(perfect).toBe(1);
  expect(typo).toBeLessThan(perfect);
  expect(typo).toBeGreaterThan(unrelated);
  expect(round2(typo)).toBeLessThan(1);
  expect(round2(typo)).toBeGreaterThanOrEqual(0.9);
  expect(round2(unrelated)).toBeLessThan(0.6);
  // and for the first name alone
  expect(round2(similarity('Camile', 'Camille'))).toBeLessThan(1);
  expect(similarity('Camile', 'Camille')).toBeGreaterThan(similarity('Bernard', 'Camille'));
});

test('names that differ are never scored 1', () => {
  for (const [a, b] of [
    ['Martin', 'Martine'],
    ['Dubois', 'Dubos'],
    ['Lea', 'Leah'],
    ['Paris', 'Pari'],
  ]) {
    expect(similarity(a!, b!), `${a} / ${b}`).toBeLessThan(1);
  }
});

test('an empty side scores 0', () => {
  expect(similarity('', 'Martin')).toBe(0);
  expect(similarity('Martin', '   ')).toBe(0);
  expect(similarity('', '')).toBe(0);
});

const text = fc.string({
  unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzéèàçôüAEIOUZ -'".split('')),
  minLength: 0,
  maxLength: 24,
});
const word = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')),
  minLength: 1,
  maxLength: 10,
});

test('property: identical strings with something to compare score 1', () => {
  fc.assert(
    fc.property(text, (s) => {
      expect(similarity(s, s)).toBe(fold(s) === '' ? 0 : 1);
    }),
  );
});

test('property: similarity is in [0, 1] and symmetric', () => {
  fc.assert(
    fc.property(text, text, (a, b) => {
      const ab = similarity(a, b);
      expect(ab).toBeGreaterThanOrEqual(0);
      expect(ab).toBeLessThanOrEqual(1);
      expect(similarity(b, a)).toBe(ab);
    }),
  );
});

test('property: case, accents, punctuation and spacing do not matter', () => {
  const accent: Record<string, string> = { a: 'à', e: 'é', i: 'î', o: 'ô', u: 'ü', c: 'ç', n: 'ñ' };
  const disguise = (words: string[], seps: string[]) =>
    words.map((w, i) => (i % 2 ? w.toUpperCase() : w.replace(/[aeioucn]/g, (ch) => accent[ch]!))).join(seps[0] ?? ' ');
  fc.assert(
    fc.property(
      fc.array(word, { minLength: 1, maxLength: 4 }),
      text,
      fc.array(fc.constantFrom(' ', '  ', '-', ' - ', "'", '.', ', '), { minLength: 1, maxLength: 1 }),
      (words, other, seps) => {
        const plain = words.join(' ');
        const disguised = `  ${disguise(words, seps)} `;
        expect(similarity(disguised, other)).toBe(similarity(plain, other));
        expect(similarity(disguised, plain)).toBe(1);
      },
    ),
  );
});

test('property: a one-letter typo in a word of 5+ letters stays a partial-or-better match, below 1', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')), minLength: 5, maxLength: 12 }),
      fc.nat(),
      (w, n) => {
        const i = 1 + (n % (w.length - 1));
        const typo = w.slice(0, i) + w.slice(i + 1); // one letter dropped, first kept
        const s = similarity(w, typo);
        expect(s).toBeLessThan(1);
        expect(s).toBeGreaterThanOrEqual(0.6);
      },
    ),
  );
});

test('property: round2 gives at most 2 decimals', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => {
      const r = round2(x);
      expect(Math.abs(r * 100 - Math.round(r * 100))).toBeLessThan(1e-9);
      expect(Math.abs(r - x)).toBeLessThanOrEqual(0.005 + 1e-12);
    }),
  );
});
