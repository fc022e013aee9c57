/**
 * src/protocol/phone-metadata.ts is generated from the installed libphonenumber-js by scripts/phone-metadata.mjs.
 * This fails as soon as the two differ (libphonenumber-js upgraded, the file edited by hand, the script changed
 * without regenerating): run `npm run phone-metadata` and commit the result.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test } from '@playwright/test';
import { COUNTRIES, TARGET, generatePhoneMetadata } from '../../../scripts/phone-metadata.mjs';

test('the committed phone metadata is what the installed libphonenumber-js generates', () => {
  test.setTimeout(60_000);
  const generated = generatePhoneMetadata();
  const { version } = createRequire(import.meta.url)('libphonenumber-js/package.json') as { version: string };
  expect(generated.version).toBe(version);
  expect(generated.countries).toBe(COUNTRIES.length);
  const committed = readFileSync(TARGET, 'utf8');
  expect(
    committed === generated.text,
    `src/protocol/phone-metadata.ts differs from what libphonenumber-js ${version} generates: run npm run phone-metadata`,
  ).toBe(true);
});
