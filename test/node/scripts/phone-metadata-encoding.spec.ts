/**
 * src/protocol/phone-metadata.ts carries the numbering plans as one compact string (the IIFE's size budget) and
 * decodes it when loaded: what it decodes must be exactly the plans scripts/phone-metadata.mjs derived from
 * libphonenumber-js, field by field, in COUNTRIES order (a shared calling code's main country first).
 */
import { expect, test } from '@playwright/test';
import { COUNTRIES, generatePhoneMetadata } from '../../../scripts/phone-metadata.mjs';
import { PLANS } from '../../../src/protocol/phone-metadata.js';

test('the decoded plans are the ones the script derived, in COUNTRIES order', () => {
  test.setTimeout(60_000);
  const { plans, callingCodes } = generatePhoneMetadata();
  expect(PLANS.map((plan) => plan.country)).toEqual(COUNTRIES);
  const decoded = PLANS.map((plan) => ({
    country: plan.country,
    callingCode: plan.callingCode,
    prefix: plan.prefix.source,
    lengths: Array.from(plan.lengths, (n) => parseInt(n, 36)),
    national: plan.national.source,
    mobile: plan.mobile.source,
  }));
  expect(decoded).toStrictEqual(
    plans.map((plan) => ({
      ...plan,
      prefix: `^(?:${plan.prefix})`,
      national: `^(?:${plan.national})`,
      mobile: `^(?:${plan.mobile})$`,
    })),
  );
  // the countries of each calling code, in the order the checker tries them: libphonenumber-js's
  for (const [callingCode, countries] of Object.entries(callingCodes)) {
    expect(
      PLANS.filter((plan) => plan.callingCode === callingCode).map((plan) => plan.country),
      callingCode,
    ).toEqual(countries);
  }
});

test('the plans decode to the regular expressions the checker relies on', () => {
  const plan = (country: string) => PLANS.find((p) => p.country === country)!;
  // `[]` matches nothing: Spain writes no 0; the empty pattern matches everything: France always writes it
  expect(plan('ES').national.test('612345678')).toBe(false);
  expect(plan('FR').national.test('612345678')).toBe(true);
  // Monaco writes the 0 before 4… and 6… mobiles, not before 3…
  expect(['45123456', '612345678', '31234567'].map((n) => plan('MC').national.test(n))).toEqual([true, true, false]);
  // the national prefix pattern removes 0 in France, nothing in Spain, a carrier code in Luxembourg
  expect('0612345678'.replace(plan('FR').prefix, '')).toBe('612345678');
  expect('0612345678'.replace(plan('ES').prefix, '')).toBe('0612345678');
  expect('15010621123456'.replace(plan('LU').prefix, '')).toBe('15010621123456');
  expect('15000621123456'.replace(plan('LU').prefix, '')).toBe('621123456');
  // a mobile pattern matches whole numbers only
  expect(plan('FR').mobile.test('612345678')).toBe(true);
  expect(plan('FR').mobile.test('6123456789')).toBe(false);
  expect(plan('FR').mobile.test('0612345678')).toBe(false);
});
