// The address's country list in each of the six languages: named by Intl.DisplayNames (no list in the catalogues,
// the IIFE's size), France first, then sorted by Intl.Collator in that language; `messages.countries` overrides it.
import { expect, test } from '@playwright/test';
import { addCatalogue, catalogue, countryOptions, type Lang } from '../../../src/widget/i18n.js';
import { SUPPORTED_COUNTRIES } from '../../../src/protocol/phone.js';
import de from '../../../src/widget/i18n/de.js';
import es from '../../../src/widget/i18n/es.js';
import it from '../../../src/widget/i18n/it.js';
import nl from '../../../src/widget/i18n/nl.js';

for (const [lang, messages] of Object.entries({ de, es, it, nl }) as Array<[Lang, typeof de]>)
  addCatalogue(lang, messages);

const EXPECTED: Array<[Lang, string, string]> = [
  ['fr', 'DE', 'Allemagne'],
  ['en', 'NL', 'Netherlands'],
  ['de', 'CH', 'Schweiz'],
  ['es', 'GB', 'Reino Unido'],
  ['it', 'DE', 'Germania'],
  ['nl', 'BE', 'België'],
];

for (const [lang, code, name] of EXPECTED) {
  test(`${lang}: every supported country, France first, then by name in ${lang}`, () => {
    const options = countryOptions(catalogue(lang).countries);
    expect(options.map((o) => o.code).sort()).toEqual([...SUPPORTED_COUNTRIES].sort());
    expect(options[0]?.code).toBe('FR');
    const labels = options.slice(1).map((o) => o.label);
    const collator = new Intl.Collator(lang);
    expect(labels).toEqual([...labels].sort((a, b) => collator.compare(a, b)));
    expect(options.find((o) => o.code === code)?.label).toBe(name);
    expect(catalogue(lang).countries).not.toMatch(/\s\||\|\s/);
  });
}

test('an integrator’s list replaces the names, in any language; a non-string is ignored', () => {
  expect(countryOptions(catalogue('de', { countries: 'FR France|LU Luxembourg' }).countries)).toEqual([
    { code: 'FR', label: 'France' },
    { code: 'LU', label: 'Luxembourg' },
  ]);
  expect(catalogue('de', { countries: null }).countries).toBe(catalogue('de').countries);
  // the keys of a catalogue stay the messages: the list is not one of them
  expect(Object.keys(catalogue('en'))).not.toContain('countries');
});
