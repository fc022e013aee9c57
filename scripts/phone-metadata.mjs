#!/usr/bin/env node
// @ts-check
/**
 * Writes src/protocol/phone-metadata.ts: the numbering plans of the countries the widget supports, taken from
 * libphonenumber-js's own `metadata.mobile.json` (the smallest metadata that still carries the MOBILE type
 * pattern) and reduced to what src/protocol/phone.ts reads. No download: the input is the installed package.
 *
 * libphonenumber-js stays the source of truth: this script resolves its metadata fallbacks (formats and
 * national-prefix formatting rules inherited from the calling code's main country, the national prefix for
 * parsing defaulting to the national prefix) at build time, so the bundled checker only reads plain fields;
 * test/protocol/phone.test.ts cross-checks the checker against libphonenumber-js itself.
 *
 * Deterministic: countries and calling codes are written in sorted order, the output only depends on the
 * installed libphonenumber-js version. Run: `npm run phone-metadata` (after upgrading libphonenumber-js);
 * test/node/scripts/phone-metadata.spec.ts fails while the committed file differs from what this script
 * generates from the installed package (`generatePhoneMetadata()` regenerates it in memory).
 *
 * A `.ts` module rather than a `.json` file: Web Test Runner's dev server does not turn JSON into a module, and
 * a TypeScript module works the same in every tool (Vite, esbuild, tsc, WTR).
 *
 * COUNTRIES below is the one list of supported countries: the generated module carries it, src/protocol/phone.ts
 * exports it as SUPPORTED_COUNTRIES, and the benchmark's plain form reads it from here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

/** The generated module, relative to the repository root. */
export const TARGET = fileURLToPath(new URL('../src/protocol/phone-metadata.ts', import.meta.url));

/** The countries whose mobile numbers the widget accepts: change them here, then run `npm run phone-metadata`. */
export const COUNTRIES = [
  // France and its overseas regions and collectivities with their own numbering plan
  'FR',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'BL',
  'MF',
  'NC',
  'PF',
  'WF',
  // Neighbours
  'BE',
  'CH',
  'LU',
  'MC',
  'DE',
  'ES',
  'IT',
  'GB',
  'PT',
  'NL',
  'AD',
];

// Positions in libphonenumber-js's compressed metadata (version 4), see its es6/metadata.js.
const CALLING_CODE = 0,
  IDD = 1,
  PATTERN = 2,
  LENGTHS = 3,
  FORMATS = 4,
  PREFIX = 5,
  PREFIX_RULE = 6;
const PREFIX_FOR_PARSING = 7,
  TRANSFORM = 8,
  LEADING_DIGITS = 10,
  TYPES = 11;

/**
 * A national format as written out: [pattern, format with the national prefix rule applied, leading digits].
 * @typedef {[string, string, string?]} Format
 * @typedef {{ callingCode: string, pattern: string, lengths: number[], prefixForParsing?: string, prefix?: string,
 *   transform?: string, leadingDigits?: string, mobile?: string, mobileLengths?: number[], formats?: Format[] }} Plan
 */

/**
 * The text of src/protocol/phone-metadata.ts generated from the installed libphonenumber-js, and what it holds.
 * @returns {{ text: string, version: string, countries: number, callingCodes: number }}
 */
export function generatePhoneMetadata() {
  const require = createRequire(import.meta.url);
  /** @type {{ version: number, countries: Record<string, any[]>, country_calling_codes: Record<string, string[]> }} */
  const source = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.mobile.json'), 'utf8'));
  const { version } = JSON.parse(readFileSync(require.resolve('libphonenumber-js/package.json'), 'utf8'));
  if (source.version !== 4) throw new Error(`unexpected libphonenumber-js metadata version ${source.version}`);

  const wanted = new Set(COUNTRIES);
  /**
   * The calling code's main country (the first listed), whose formats and rules the others inherit.
   * @param {string} callingCode
   * @returns {any[]}
   */
  const mainOf = (callingCode) => source.countries[source.country_calling_codes[callingCode]?.[0] ?? ''] ?? [];

  /** @type {Record<string, Plan>} */
  const plans = {};
  for (const code of [...wanted].sort()) {
    const entry = source.countries[code];
    if (!entry) throw new Error(`libphonenumber-js metadata has no entry for ${code}`);
    const main = mainOf(entry[CALLING_CODE]);
    // The checker relies on all supported countries dialling abroad with 00 (it strips `00` itself).
    if (entry[IDD] !== '00') throw new Error(`${code}: international prefix ${entry[IDD]} is not 00`);
    // Every kept country must carry a MOBILE pattern (types array, index 1), else mobile detection is impossible.
    const mobile = entry[TYPES]?.[1];
    if (!Array.isArray(mobile) || !mobile[0])
      throw new Error(`libphonenumber-js metadata for ${code} has no MOBILE pattern`);
    const countryRule = entry[PREFIX_RULE] || main[PREFIX_RULE];
    /** @type {Format[]} */
    const formats = (entry[FORMATS] || main[FORMATS] || []).map(
      (/** @type {[string, string, string[] | undefined, string | undefined]} */ [pattern, format, leading, rule]) => {
        const prefixRule = rule || countryRule;
        // libphonenumber-js only tests the last (most precise) leading-digits pattern of a format.
        /** @type {Format} */
        const out = [pattern, prefixRule ? format.replace(/(\$\d)/, prefixRule) : format];
        if (leading?.length) out.push(leading[leading.length - 1]);
        return out;
      },
    );
    /** @type {Plan} */
    const plan = { callingCode: entry[CALLING_CODE], pattern: entry[PATTERN], lengths: entry[LENGTHS] };
    const usedFormats = formatsUsedByMobiles(entry[PATTERN], mobile[0], mobile[1] || entry[LENGTHS], formats);
    const prefixForParsing = entry[PREFIX_FOR_PARSING] || entry[PREFIX];
    if (prefixForParsing) plan.prefixForParsing = prefixForParsing;
    if (entry[PREFIX]) plan.prefix = entry[PREFIX];
    if (entry[TRANSFORM]) plan.transform = entry[TRANSFORM];
    if (entry[LEADING_DIGITS]) plan.leadingDigits = entry[LEADING_DIGITS];
    plan.mobile = mobile[0];
    if (mobile[1]) plan.mobileLengths = mobile[1];
    if (usedFormats.length) plan.formats = usedFormats;
    plans[code] = plan;
  }

  /** @type {Record<string, string[]>} */
  const callingCodes = {};
  for (const [callingCode, countries] of Object.entries(source.country_calling_codes).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    // Keep the library's order within a calling code (the first country is the "main" one).
    const kept = countries.filter((c) => wanted.has(c));
    if (kept.length) callingCodes[callingCode] = kept;
  }

  // One country per line keeps diffs readable after a libphonenumber-js upgrade.
  const lines = [
    `// Generated by scripts/phone-metadata.mjs from libphonenumber-js ${version} metadata.mobile.json. Do not edit.`,
    `// Countries: ${Object.keys(plans).join(' ')}.`,
    '',
    "/** A country's numbering plan, as src/protocol/phone.ts reads it (patterns are regular expression sources). */",
    'export interface NumberingPlan {',
    '  callingCode: string;',
    '  /** Any valid national (significant) number. */',
    '  pattern: string;',
    '  /** Possible lengths of a national number, ascending. */',
    '  lengths: number[];',
    '  /** Matched at the start of a national number to remove the trunk prefix (and a carrier code), if any. */',
    '  prefixForParsing?: string;',
    '  /** The national (trunk) prefix itself, such as `0`. */',
    '  prefix?: string;',
    '  /** Replacement applied with prefixForParsing when the latter captures groups. */',
    '  transform?: string;',
    '  /** For a calling code shared by several countries: national numbers that belong to this one. */',
    '  leadingDigits?: string;',
    '  /** Mobile national numbers, and their lengths when narrower than `lengths`. */',
    '  mobile: string;',
    '  mobileLengths?: number[];',
    '  /** National formats: [pattern, replacement with the national prefix rule applied, leading digits]. */',
    '  formats?: Array<[string, string, string?]>;',
    '}',
    '',
    '/** The countries whose mobile numbers are accepted, as the script lists them (France and its overseas first). */',
    `export const COUNTRIES: readonly string[] = ${JSON.stringify(COUNTRIES)};`,
    '',
    '/** Calling code -> countries, the main one first. */',
    `export const CALLING_CODES: Record<string, string[]> = ${JSON.stringify(callingCodes)};`,
    '',
    'export const PLANS: Record<string, NumberingPlan> = {',
    ...Object.entries(plans).map(([code, plan]) => `  ${code}: ${JSON.stringify(plan)},`),
    '};',
    '',
  ];
  return {
    text: lines.join('\n'),
    version,
    countries: Object.keys(plans).length,
    callingCodes: Object.keys(callingCodes).length,
  };
}

/**
 * The checker only formats mobile numbers, and most national formats are for landlines or special numbers (only
 * 30 of 91 are ever picked for a mobile). A format is kept when libphonenumber-js's choice (the first format
 * whose last leading-digits pattern and pattern match) picks it for one of 20,000 numbers generated from the
 * country's MOBILE pattern (fast-check, fixed seed: deterministic). Dropping formats that are never chosen cannot
 * change the choice for any number; the cross-check test in test/protocol/phone.test.ts compares the national
 * format with libphonenumber-js's own.
 * @param {string} pattern  any valid national number
 * @param {string} mobile  mobile national numbers
 * @param {number[]} lengths  possible lengths of a mobile number
 * @param {Format[]} formats
 */
function formatsUsedByMobiles(pattern, mobile, lengths, formats) {
  const matches = (/** @type {string} */ p, /** @type {string} */ s) => new RegExp(`^(?:${p})$`).test(s);
  /** @type {Set<Format | undefined>} */
  const used = new Set();
  for (const n of fc.sample(fc.stringMatching(new RegExp(`^(?:${mobile})$`)), { numRuns: 20_000, seed: 6 })) {
    if (!lengths.includes(n.length) || !matches(pattern, n)) continue;
    used.add(formats.find(([p, , leading]) => (!leading || n.search(leading) === 0) && matches(p, n)));
  }
  return formats.filter((f) => used.has(f));
}

// `node scripts/phone-metadata.mjs` writes the file; importing this module (the test does) writes nothing
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { text, version, countries, callingCodes } = generatePhoneMetadata();
  writeFileSync(TARGET, text);
  console.log(`wrote ${TARGET}: ${countries} countries, ${callingCodes} calling codes (libphonenumber-js ${version})`);
}
