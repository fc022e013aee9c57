/** The x-correlator pattern of kyc-match v0.4.0 (r1.2), a new correlator per check, the answer's read for logs. */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  newCorrelator,
  readCorrelator,
  X_CORRELATOR_PATTERN,
} from '../../../../src/relay/upstreams/camara/correlator.js';
import { X_CORRELATOR } from '../fixtures/camara.js';

test('the pattern is the fixture’s (kyc-match.yaml r1.2, XCorrelator)', () => {
  expect(X_CORRELATOR_PATTERN.source.length).toBeGreaterThan(0);
  const samples = [
    'b4333c46-49c0-4f62-80d7-f0ef930f1c46',
    'a:b;c.d/e<f>{g}_h-i',
    '',
    'x'.repeat(256),
    'x'.repeat(257),
    'with space',
    'é',
    'a\nb',
    'a,b',
    '"quoted"',
  ];
  for (const s of samples) expect(X_CORRELATOR_PATTERN.test(s), s).toBe(X_CORRELATOR.test(s));
});

test('newCorrelator: unique, within the pattern of r1.2 and of older versions', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const c = newCorrelator();
    expect(c).toMatch(X_CORRELATOR);
    expect(c).toMatch(/^[a-zA-Z0-9-]{0,55}$/);
    seen.add(c);
  }
  expect(seen.size).toBe(100);
});

const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v).slice(0, 40));
const cases: Array<[string | null | undefined, string | null]> = [
  [null, null],
  [undefined, null],
  ['', null],
  ['   ', null],
  ['b4333c46-49c0-4f62-80d7-f0ef930f1c46', 'b4333c46-49c0-4f62-80d7-f0ef930f1c46'],
  [' abc-1 ', 'abc-1'],
  ['op:trace;1.2/x<y>{z}', 'op:trace;1.2/x<y>{z}'],
  ['x'.repeat(256), 'x'.repeat(256)],
  ['x'.repeat(257), null],
  ['inject\nlog line', null],
  ['"quote"', null],
  ['<script>alert(1)</script>', null],
];
for (const [header, expected] of cases) {
  test(`readCorrelator(${show(header)}) -> ${show(expected)}`, () => expect(readCorrelator(header)).toBe(expected));
}

test('property: readCorrelator never throws and returns null or a value of the pattern', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      const r = readCorrelator(s);
      return r === null || (r.length > 0 && X_CORRELATOR.test(r));
    }),
  );
});
