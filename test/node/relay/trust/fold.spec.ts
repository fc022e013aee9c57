/**
 * Folding for binding (src/relay/trust/fold.ts): property tests. The merchant's spelling of the same identity
 * must fold alike (case, accents, spacing and punctuation), folding is idempotent, and different names stay
 * different.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { foldField, foldText } from '../../../../src/relay/trust/fold.js';

const SEED = 11_2026;
const RUNS = { seed: SEED, numRuns: 500 };

const BASE = 'abcdefghijklmnopqrstuvwxyz';
/** Accented spellings of a base letter (precomposed); NFD forms are produced separately. */
const ACCENTED: Record<string, string[]> = {
  a: ['à', 'â', 'ä', 'á', 'ã', 'å'],
  c: ['ç'],
  e: ['é', 'è', 'ê', 'ë'],
  i: ['î', 'ï', 'í'],
  n: ['ñ'],
  o: ['ô', 'ö', 'ó', 'õ'],
  u: ['ù', 'û', 'ü', 'ú'],
  y: ['ÿ', 'ý'],
};
const SEPARATORS = [' ', '  ', '-', ' - ', "'", '’', '.', '. ', ',', ', ', '\t', '\u00a0', '--'];

const word = fc.string({ unit: fc.constantFrom(...BASE.split('')), minLength: 1, maxLength: 10 });
const words = fc.array(word, { minLength: 1, maxLength: 4 });

/** A plain name (lower-case ASCII words, single spaces): what folding must give back. */
const plain = words.map((w) => w.join(' '));

/** The same name written as a person or a shop system might: accents, capitals, other separators, padding. */
function spelling(ws: string[]) {
  return fc
    .tuple(
      fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
      fc.array(fc.constantFrom(...SEPARATORS), { minLength: ws.length, maxLength: ws.length }),
      fc.constantFrom('', ' ', '  ', '\u00a0'),
      fc.boolean(),
    )
    .map(([choices, seps, pad, nfd]) => {
      let k = 0;
      const pick = () => choices[k++ % choices.length]!;
      const styled = ws.map((w) =>
        Array.from(w, (ch) => {
          const variants = ACCENTED[ch];
          const accented = variants && pick() % 2 === 0 ? variants[pick() % variants.length]! : ch;
          return pick() % 3 === 0 ? accented.toUpperCase() : accented;
        }).join(''),
      );
      const text = pad + styled.map((w, i) => (i === 0 ? w : seps[i]! + w)).join('') + pad;
      return nfd ? text.normalize('NFD') : text;
    });
}

test('idempotent: folding a folded value changes nothing (any Unicode text)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      const once = foldText(s);
      expect(foldText(once)).toBe(once);
    }),
    RUNS,
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
      expect(foldText(foldText(s))).toBe(foldText(s));
    }),
    RUNS,
  );
});

test('case, accent, spacing and punctuation insensitive: every spelling folds to the plain name', () => {
  fc.assert(
    fc.property(
      words.chain((ws) => fc.tuple(fc.constant(ws.join(' ')), spelling(ws))),
      ([name, written]) => {
        expect(foldText(written)).toBe(name);
      },
    ),
    RUNS,
  );
});

test('different names stay different', () => {
  fc.assert(
    fc.property(plain, plain, (a, b) => {
      fc.pre(a !== b);
      expect(foldText(a)).not.toBe(foldText(b));
    }),
    RUNS,
  );
  // and through any spelling of each
  fc.assert(
    fc.property(
      words.chain((ws) => fc.tuple(fc.constant(ws.join(' ')), spelling(ws))),
      words.chain((ws) => fc.tuple(fc.constant(ws.join(' ')), spelling(ws))),
      ([a, writtenA], [b, writtenB]) => {
        fc.pre(a !== b);
        expect(foldText(writtenA)).not.toBe(foldText(writtenB));
      },
    ),
    RUNS,
  );
});

const same: Array<[string, string]> = [
  ['Léa', 'LEA'],
  ['Jean-Pierre', 'jean pierre'],
  ["O'Brien", 'o’brien'],
  ['Müller', 'MULLER'],
  ['Straße', 'STRASSE'],
  ['  Camille   Martin ', 'camille martin'],
  ['12, rue de la Paix', '12 rue de la paix'],
  ['ﬁrmin', 'firmin'], // compatibility ligature (NFKD)
  ['Zoë', 'Zoe\u0308'], // precomposed and combining
];
for (const [a, b] of same) {
  test(`${JSON.stringify(a)} folds like ${JSON.stringify(b)}`, () => expect(foldText(a)).toBe(foldText(b)));
}

const different: Array<[string, string]> = [
  ['Martin', 'Martine'],
  ['Anne', 'Anna'],
  ['Dubois', 'Dupont'],
  ['Jean Pierre', 'Jeanpierre'],
  ['Léa', 'Lia'],
];
for (const [a, b] of different) {
  test(`${JSON.stringify(a)} and ${JSON.stringify(b)} stay different`, () => expect(foldText(a)).not.toBe(foldText(b)));
}

test('exact fields: gender and country upper case, birth dates as YYYY-MM-DD', () => {
  expect(foldField('gender', ' f ')).toBe('F');
  expect(foldField('address.country', 'fr')).toBe('FR');
  expect(foldField('birthdate', '1990-4-2')).toBe('1990-04-02');
  expect(foldField('birthdate', ' 1990-04-12 ')).toBe('1990-04-12');
  expect(foldField('birthdate', '12/04/1990')).toBe('12/04/1990'); // another format never equals the check's
  expect(foldField('email', 'Camille.Martin@Example.FR')).toBe(foldField('email', 'camille.martin@example.fr'));
});
