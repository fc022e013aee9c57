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
 * Deterministic: countries are written in COUNTRIES order, the output only depends on the installed
 * libphonenumber-js version and that list. Run: `npm run phone-metadata` (after upgrading libphonenumber-js);
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
 * What the checker keeps of the formats mobiles use: [the digits written before the number (the national prefix,
 * or none), the format's pattern, its leading digits]; one `[digits]` when every mobile gets the same.
 * @typedef {[string, string?, string?]} NationalPrefix
 * @typedef {{ callingCode: string, pattern: string, lengths: number[], prefixForParsing?: string, prefix?: string,
 *   transform?: string, leadingDigits?: string, mobile?: string, mobileLengths?: number[], formats?: NationalPrefix[] }} Plan
 */

/**
 * The text of src/protocol/phone-metadata.ts generated from the installed libphonenumber-js, and what it holds.
 * @returns {{ text: string, plans: Record<string, Plan>, callingCodes: Record<string, string[]>, version: string,
 *   countries: number }}
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
    const usedFormats = nationalPrefixes(
      code,
      formatsUsedByMobiles(entry[PATTERN], mobile[0], mobile[1] || entry[LENGTHS], formats),
    );
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
  // The module rebuilds CALLING_CODES from the plans in COUNTRIES order: that order must list a shared calling
  // code's main country first, as the library does.
  for (const [callingCode, countries] of Object.entries(callingCodes)) {
    const inListOrder = COUNTRIES.filter((c) => plans[c]?.callingCode === callingCode);
    if (inListOrder.join() !== countries.join())
      throw new Error(
        `COUNTRIES must list +${callingCode}'s countries as libphonenumber-js does: ${countries.join(', ')}`,
      );
  }

  // One country per line keeps diffs readable after a libphonenumber-js upgrade.
  const lines = [
    `// Generated by scripts/phone-metadata.mjs from libphonenumber-js ${version} metadata.mobile.json. Do not edit.`,
    `// Countries: ${COUNTRIES.join(' ')}.`,
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
    '  /**',
    '   * The national spelling of a mobile is these digits then the national number: the first entry whose pattern',
    '   * and leading digits fit (absent: any) gives them, the national prefix or nothing; none fits: nothing.',
    '   */',
    '  formats?: Array<[string, string?, string?]>;',
    '}',
    '',
    '/** The fields of a plan, in the order DATA writes them. */',
    `const FIELDS = ${JSON.stringify(FIELDS).replaceAll('"', "'").replaceAll(',', ', ')} as const;`,
    '',
    '/**',
    " * One line per country, in COUNTRIES order: its ISO code, then its plan's FIELDS separated by `;` (empty: absent).",
    " * `D` stands for `\\d` in the fields; lengths are comma-separated; formats are separated by `&`, and a format's",
    " * digits, pattern and leading digits by `!`. A string rather than objects: the IIFE's size budget (0.3 KB gzip).",
    ' */',
    'const DATA = `',
    ...COUNTRIES.map((code) => encodePlan(code, plans[code])),
    '`;',
    '',
    'export const PLANS: Record<string, NumberingPlan> = {};',
    '/** Calling code -> countries, the main one first (COUNTRIES lists it first, the script checks). */',
    'export const CALLING_CODES: Record<string, string[]> = {};',
    "for (const line of DATA.trim().split('\\n')) {",
    "  const [country = '', ...values] = line.split(';');",
    '  const plan: Record<string, unknown> = {};',
    "  values.map((value) => value.replace(/D/g, '\\\\d')).forEach((value, i) => {",
    '    const field = FIELDS[i];',
    '    if (value && field) {',
    '      plan[field] =',
    "        field === 'formats'",
    "          ? value.split('&').map((format) => format.split('!'))",
    "          : field === 'lengths' || field === 'mobileLengths'",
    "            ? value.split(',').map(Number)",
    '            : value;',
    '    }',
    '  });',
    '  PLANS[country] = plan as unknown as NumberingPlan;',
    '  (CALLING_CODES[plan.callingCode as string] ??= []).push(country);',
    '}',
    '',
    '/** The countries whose mobile numbers are accepted, as the script lists them (France and its overseas first). */',
    'export const COUNTRIES: readonly string[] = Object.keys(PLANS);',
    '',
  ];
  return {
    text: lines.join('\n'),
    plans,
    callingCodes,
    version,
    countries: Object.keys(plans).length,
  };
}

/** A plan's fields, in the order of the generated DATA lines. */
const FIELDS = /** @type {const} */ ([
  'callingCode',
  'pattern',
  'lengths',
  'prefixForParsing',
  'prefix',
  'transform',
  'leadingDigits',
  'mobile',
  'mobileLengths',
  'formats',
]);

/**
 * One line of the generated DATA (see its comment there). Throws when a value holds a character the encoding
 * uses, so that a libphonenumber-js upgrade cannot produce a line that decodes to something else.
 * @param {string} code
 * @param {Plan | undefined} plan
 */
function encodePlan(code, plan) {
  if (!plan) throw new Error(`no plan for ${code}`);
  /** @param {string} text */
  const safe = (text) => {
    if (/[;!&D\n`]|\$\{|\\(?!d)/.test(text)) throw new Error(`${code}: ${JSON.stringify(text)} cannot be encoded`);
    return text.replaceAll('\\d', 'D');
  };
  const values = FIELDS.map((field) => {
    const value = plan[field];
    if (value === undefined) return '';
    if (field === 'formats')
      return /** @type {Format[]} */ (value).map((f) => f.map((p) => safe(p ?? '')).join('!')).join('&');
    if (Array.isArray(value)) return value.join(',');
    return safe(value);
  });
  return [code, ...values].join(';');
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
 * @returns {Format[] & { unmatched: boolean }} the formats chosen, and whether a mobile matched none
 */
function formatsUsedByMobiles(pattern, mobile, lengths, formats) {
  const matches = (/** @type {string} */ p, /** @type {string} */ s) => new RegExp(`^(?:${p})$`).test(s);
  /** @type {Set<Format | undefined>} */
  const used = new Set();
  for (const n of fc.sample(fc.stringMatching(new RegExp(`^(?:${mobile})$`)), { numRuns: 20_000, seed: 6 })) {
    if (!lengths.includes(n.length) || !matches(pattern, n)) continue;
    used.add(formats.find(([p, , leading]) => (!leading || n.search(leading) === 0) && matches(p, n)));
  }
  return Object.assign(
    formats.filter((f) => used.has(f)),
    { unmatched: used.has(undefined) },
  );
}

/**
 * The checker gives a mobile's national spelling as digits only (`0612345678`: the relay's DQE `national` format;
 * the widget shows what the shopper typed), so a format reduces to the digits it writes before the number. A
 * format that writes digits anywhere else cannot be reduced: the script throws. When every mobile gets the same
 * digits, one entry without pattern says so (most countries: the 0 prefix, or nothing at all).
 * @param {string} code
 * @param {Format[] & { unmatched?: boolean }} formats
 * @returns {NationalPrefix[]}
 */
function nationalPrefixes(code, formats) {
  const reduced = formats.map(([pattern, replacement, leading]) => {
    const literal = /^(\d*)(.*)$/.exec(replacement.replace(/[^\d$]/g, '')) ?? [];
    if ((literal[2] ?? '').replace(/\$\d/g, '') !== '')
      throw new Error(`${code}: national format ${replacement} writes digits inside the number`);
    /** @type {NationalPrefix} */
    const out = [literal[1] ?? '', pattern];
    if (leading) out.push(leading);
    return out;
  });
  const digits = new Set(reduced.map(([d]) => d));
  if (formats.unmatched) digits.add('');
  if (digits.size > 1) return reduced;
  const [only = ''] = digits;
  return only ? [[only]] : [];
}

// `node scripts/phone-metadata.mjs` writes the file; importing this module (the test does) writes nothing
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { text, version, countries, callingCodes } = generatePhoneMetadata();
  writeFileSync(TARGET, text);
  const codes = Object.keys(callingCodes).length;
  console.log(`wrote ${TARGET}: ${countries} countries, ${codes} calling codes (libphonenumber-js ${version})`);
}
