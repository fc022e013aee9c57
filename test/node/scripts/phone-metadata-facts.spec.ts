/**
 * src/protocol/phone.ts takes shortcuts that hold only because of facts of libphonenumber-js's metadata;
 * scripts/phone-metadata.mjs checks each fact and throws when an upgrade breaks one, rather than generating plans
 * the checker would misread. Each case breaks one fact of France's real entry and expects the script's refusal.
 */
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';
import { planOf } from '../../../scripts/phone-metadata.mjs';

type Entry = unknown[];
const metadata = createRequire(import.meta.url)('libphonenumber-js/metadata.mobile.json') as {
  countries: Record<string, Entry>;
};
const FR = metadata.countries['FR']!;
/** France's entry with field `index` replaced. */
const frWith = (index: number, value: unknown): Record<string, Entry> => ({
  ...metadata.countries,
  FR: FR.map((field, i) => (i === index ? value : field)),
});
const mobile = (pattern: string, lengths?: number[]) => [0, lengths ? [pattern, lengths] : [pattern]];

test("France's real entry gives the plan the checker reads", () => {
  expect(planOf('FR', metadata.countries)).toEqual({
    country: 'FR',
    callingCode: '33',
    prefix: '0',
    lengths: [9],
    national: '',
    mobile: '(?:6(?:[0-24-8]\\d|3[0-8]|9[589])|7[3-9]\\d)\\d{6}',
  });
});

const broken: Array<[string, Record<string, Entry>, RegExp]> = [
  ['no entry', { ...metadata.countries, FR: undefined as unknown as Entry }, /no entry for FR/],
  ['another international call prefix', frWith(1, '011'), /international prefix 011 is not 00/],
  ['a national prefix transform rule', frWith(8, '$1'), /transform rule/],
  ['leading digits', frWith(10, '6'), /leading digits/],
  ['no MOBILE pattern', frWith(11, [0]), /no MOBILE pattern/],
  ['a MOBILE pattern longer than the mobile lengths', frWith(11, mobile('6\\d{9}', [9])), /allows 10 digits/],
  ['a mobile too short for E.164', frWith(11, mobile('6\\d{3}', [4])), /not E\.164/],
  ['a mobile that starts with the national prefix', frWith(11, mobile('0\\d{8}')), /starts with a national prefix/],
  ['a mobile libphonenumber-js does not read as one', frWith(11, mobile('1\\d{8}')), /does not read \+331/],
];
for (const [fact, countries, error] of broken) {
  test(`refused: ${fact}`, () => {
    expect(() => planOf('FR', countries)).toThrow(error);
  });
}
