/**
 * src/protocol/phone-metadata.ts carries the numbering plans as one compact string (the IIFE's size budget) and
 * decodes it when loaded: what it decodes must be exactly the plans scripts/phone-metadata.mjs derived from
 * libphonenumber-js, field by field, and the calling codes with their main country first.
 */
import { expect, test } from '@playwright/test';
import { COUNTRIES as LISTED, generatePhoneMetadata } from '../../../scripts/phone-metadata.mjs';
import { CALLING_CODES, COUNTRIES, PLANS } from '../../../src/protocol/phone-metadata.js';

test('the decoded plans, calling codes and countries are the ones the script derived', () => {
  test.setTimeout(60_000);
  const { plans, callingCodes } = generatePhoneMetadata();
  expect(COUNTRIES).toEqual(LISTED);
  expect(Object.keys(PLANS)).toEqual(LISTED);
  for (const code of LISTED) {
    // toStrictEqual: an absent field stays absent (not `undefined`), numbers stay numbers
    expect(PLANS[code], code).toStrictEqual(plans[code]);
  }
  expect(CALLING_CODES).toStrictEqual(callingCodes);
});
