#!/usr/bin/env node
// @ts-check
/**
 * Writes src/protocol/phone-metadata.ts: the numbering plans of the countries the widget supports, taken from
 * libphonenumber-js's own `metadata.mobile.json` (the smallest metadata that still carries the MOBILE type
 * pattern) and reduced to what src/protocol/phone.ts needs to tell a mobile number, and nothing more. No
 * download: the input is the installed package.
 *
 * What a plan keeps, and why that is enough (src/protocol/phone.ts says how the checker reads it):
 * - the calling code, and the national (trunk) prefix as libphonenumber-js removes it when parsing;
 * - the MOBILE pattern. Its own lengths are the lengths of a mobile (checked here: {@link patternLengths}), and
 *   each mobile is a valid number of the country (checked here on numbers drawn from the pattern, which
 *   libphonenumber-js must read back as a mobile of that country): the checker needs neither the type's lengths
 *   nor the pattern of any valid number to accept exactly the mobiles;
 * - the possible lengths of any number: a number of such a length that is not a mobile is "not a mobile" (a
 *   landline, mostly), any other is "invalid";
 * - the lengths of the mobiles whose national spelling starts with the national prefix `0` (libphonenumber-js's
 *   own `formatNational`, asked here for each length: the national formats themselves are not kept).
 * The checker's shortcuts rest on facts of the metadata this script asserts, and throws when an upgrade of
 * libphonenumber-js breaks one: every country dials abroad with 00; no mobile starts with what the national
 * prefix pattern removes; countries sharing a calling code share their national prefix; calling codes are
 * prefix-free; no national prefix transform rule and no leading digits are used; a mobile's E.164 has 7 to 15
 * digits; the national spelling of a mobile adds `0` or nothing, the same for all mobiles of one length.
 *
 * Deterministic: countries are written in COUNTRIES order, numbers are drawn with a fixed seed; the output only
 * depends on the installed libphonenumber-js version and that list. Run: `npm run phone-metadata` (after
 * upgrading libphonenumber-js); test/node/scripts/phone-metadata.spec.ts fails while the committed file differs
 * from what this script generates from the installed package (`generatePhoneMetadata()` regenerates it in
 * memory), and test/protocol/phone.test.ts cross-checks the checker against libphonenumber-js itself.
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
import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

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
  LENGTHS = 3,
  PREFIX = 5,
  PREFIX_FOR_PARSING = 7,
  TRANSFORM = 8,
  LEADING_DIGITS = 10,
  TYPES = 11;

/** Numbers drawn from each MOBILE pattern (fast-check, fixed seed: deterministic). */
const SAMPLES = 3_000;

/**
 * What the checker keeps of a country, before encoding.
 * @typedef {{ country: string, callingCode: string, prefix: string, lengths: number[], national: string,
 *   mobile: string }} Plan
 */

/**
 * The text of src/protocol/phone-metadata.ts generated from the installed libphonenumber-js, and what it holds.
 * @returns {{ text: string, plans: Plan[], callingCodes: Record<string, string[]>, version: string,
 *   countries: number }}
 */
export function generatePhoneMetadata() {
  const require = createRequire(import.meta.url);
  /** @type {{ version: number, countries: Record<string, any[]>, country_calling_codes: Record<string, string[]> }} */
  const source = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.mobile.json'), 'utf8'));
  const { version } = JSON.parse(readFileSync(require.resolve('libphonenumber-js/package.json'), 'utf8'));
  if (source.version !== 4) throw new Error(`unexpected libphonenumber-js metadata version ${source.version}`);

  /** @type {Plan[]} */
  const plans = COUNTRIES.map((code) => planOf(code, source.countries));

  /** @type {Record<string, string[]>} */
  const callingCodes = {};
  for (const [callingCode, countries] of Object.entries(source.country_calling_codes).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    // Keep the library's order within a calling code (the first country is the "main" one).
    const kept = countries.filter((c) => COUNTRIES.includes(c));
    if (kept.length) callingCodes[callingCode] = kept;
  }
  for (const [callingCode, countries] of Object.entries(callingCodes)) {
    const sharing = plans.filter((p) => p.callingCode === callingCode);
    // The checker gives a number of a shared calling code to the first plan (in COUNTRIES order) whose MOBILE
    // pattern matches: libphonenumber-js tries them in its own order, main country first.
    if (sharing.map((p) => p.country).join() !== countries.join())
      throw new Error(
        `COUNTRIES must list +${callingCode}'s countries as libphonenumber-js does: ${countries.join(', ')}`,
      );
    // The checker removes each country's own national prefix; libphonenumber-js the main country's.
    if (new Set(sharing.map((p) => p.prefix)).size > 1)
      throw new Error(`+${callingCode}: its countries have different national prefixes`);
    // The checker takes the calling code of an international number as the first one it starts with.
    for (const other of Object.keys(callingCodes))
      if (other !== callingCode && other.startsWith(callingCode))
        throw new Error(`calling codes +${callingCode} and +${other} are not prefix-free`);
  }

  // One country per line keeps diffs readable after a libphonenumber-js upgrade.
  const lines = [
    `// Generated by scripts/phone-metadata.mjs from libphonenumber-js ${version} metadata.mobile.json. Do not edit.`,
    `// Countries: ${COUNTRIES.join(' ')}.`,
    '',
    "/** A country's numbering plan, reduced to what src/protocol/phone.ts needs to tell a mobile number. */",
    'export interface NumberingPlan {',
    '  /** ISO-2 code. */',
    '  country: string;',
    '  callingCode: string;',
    '  /** Removes the national (trunk) prefix, and a carrier code, from the start of a national number. */',
    '  prefix: RegExp;',
    '  /** Possible lengths of any national (significant) number, as base-36 digits (`9`, `ab` for 10 and 11). */',
    '  lengths: string;',
    "  /** Matches the start of the mobiles whose national spelling is `0` then the number; other mobiles': the number. */",
    '  national: RegExp;',
    '  /** Mobile national numbers, whole (its lengths are the lengths of a mobile). */',
    '  mobile: RegExp;',
    '}',
    '',
    '/**',
    ' * One line per country, in COUNTRIES order: ISO code, calling code, national prefix pattern, lengths, mobiles',
    " * written with a `0` (`[]`: none), MOBILE pattern, separated by `;`. A string rather than objects: the IIFE's",
    ' * size budget.',
    ' */',
    'const DATA = String.raw`',
    ...plans.map(encodePlan),
    '`;',
    '',
    '/** The plans of the countries whose mobile numbers are accepted, in COUNTRIES order (France and its overseas first). */',
    'export const PLANS: NumberingPlan[] = DATA.trim()',
    "  .split('\\n')",
    '  .map((line) => {',
    "    const [country = '', callingCode = '', prefix, lengths = '', national = '', mobile] = line.split(';');",
    '    return {',
    '      country,',
    '      callingCode,',
    '      prefix: RegExp(`^(?:${prefix})`),',
    '      lengths,',
    '      national: RegExp(`^(?:${national})`),',
    '      mobile: RegExp(`^(?:${mobile})$`),',
    '    };',
    '  });',
    '',
  ];
  return { text: lines.join('\n'), plans, callingCodes, version, countries: plans.length };
}

/**
 * A country's plan, from its entry in libphonenumber-js's metadata, with the facts the checker relies on checked.
 * @param {string} code
 * @param {Record<string, any[]>} countries  the metadata's countries
 * @returns {Plan}
 */
export function planOf(code, countries) {
  const entry = countries[code];
  if (!entry) throw new Error(`libphonenumber-js metadata has no entry for ${code}`);
  const fail = (/** @type {string} */ why) => new Error(`${code}: ${why}`);
  // The checker relies on all supported countries dialling abroad with 00 (it strips `00` itself).
  if (entry[IDD] !== '00') throw fail(`international prefix ${entry[IDD]} is not 00`);
  if (entry[TRANSFORM]) throw fail('a national prefix transform rule: the checker does not apply them');
  if (entry[LEADING_DIGITS]) throw fail('leading digits: the checker does not read them');
  // Every kept country must carry a MOBILE pattern (types array, index 1), else mobile detection is impossible.
  const [mobile, mobileLengths = entry[LENGTHS]] = entry[TYPES]?.[1] ?? [];
  if (!mobile) throw fail('no MOBILE pattern');
  /** @type {string} */
  const callingCode = entry[CALLING_CODE];
  /** The country the checker gives a mobile to: the first of its calling code's whose MOBILE pattern matches. */
  const countryOf = (/** @type {string} */ n) =>
    COUNTRIES.find((c) => {
      const other = countries[c];
      return other?.[CALLING_CODE] === callingCode && new RegExp(`^(?:${String(other[TYPES][1][0])})$`).test(n);
    });
  const prefix = entry[PREFIX_FOR_PARSING] || entry[PREFIX] || '';

  const lengths = patternLengths(mobile);
  for (const n of lengths) {
    if (!mobileLengths.includes(n)) throw fail(`the MOBILE pattern allows ${n} digits, mobiles have ${mobileLengths}`);
    if (callingCode.length + n < 7 || callingCode.length + n > 15) throw fail(`a mobile of ${n} digits is not E.164`);
  }
  /** Mobiles drawn from the pattern, and whether their national spelling starts with 0. */
  /** @type {Array<[string, boolean]>} */
  const drawn = [];
  const startsWithPrefix = new RegExp(`^(?:${prefix})`);
  for (const n of fc.sample(fc.stringMatching(new RegExp(`^(?:${mobile})$`)), { numRuns: SAMPLES, seed: 6 })) {
    if (prefix && startsWithPrefix.test(n)) throw fail(`the mobile ${n} starts with a national prefix`);
    const phone = parsePhoneNumberFromString(`+${callingCode}${n}`);
    const type = phone?.getType();
    if (
      !phone ||
      phone.country !== countryOf(n) ||
      phone.nationalNumber !== n ||
      (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE')
    )
      throw fail(`libphonenumber-js does not read +${callingCode}${n} as a mobile of ${countryOf(n)}`);
    const national = phone.formatNational().replace(/\D/g, '');
    if (national !== n && national !== `0${n}`)
      throw fail(`the national spelling of ${n} is ${national}: not 0 or nothing before the number`);
    drawn.push([n, national !== n]);
  }
  for (const n of lengths)
    if (!drawn.some(([m]) => m.length === n)) throw fail(`no mobile of ${n} digits drawn from the pattern`);
  return {
    country: code,
    callingCode,
    prefix,
    lengths: entry[LENGTHS],
    national: nationalZero(code, drawn),
    mobile,
  };
}

/**
 * Which mobiles the national spelling writes with a leading 0, as the shortest rule that fits all the mobiles
 * drawn: a pattern matched at the start of the national number. All (most countries with a national prefix):
 * the empty pattern; none: `[]`, which matches nothing; else the first digits (`[467]`), or the lengths (`\d{6}$`).
 * @param {string} code
 * @param {Array<[string, boolean]>} drawn  mobiles, and whether they are written with a 0
 * @returns {string}
 */
function nationalZero(code, drawn) {
  /** @param {(n: string) => string} key  @returns {string[] | undefined} the keys written with 0, when the key decides */
  const decidedBy = (key) => {
    const zero = new Map(drawn.map(([n, z]) => [key(n), z]));
    if (drawn.some(([n, z]) => zero.get(key(n)) !== z)) return undefined;
    return [...zero]
      .filter(([, z]) => z)
      .map(([k]) => k)
      .sort();
  };
  if (drawn.every(([, z]) => z)) return '';
  if (drawn.every(([, z]) => !z)) return '[]';
  const digits = decidedBy((n) => n.charAt(0));
  if (digits) return `[${digits.join('')}]`;
  const lengths = decidedBy((n) => String(n.length));
  if (lengths) return lengths.map((n) => `\\d{${n}}$`).join('|');
  throw new Error(`${code}: no rule tells which mobiles are written with a 0`);
}

/**
 * The lengths of the strings a libphonenumber-js pattern matches, ascending. Reads the subset of regular
 * expressions its metadata uses (digits, `\d`, classes, groups, `|`, `?`, `{n}`, `{n,m}`); throws on anything else.
 * @param {string} pattern
 * @returns {number[]}
 */
export function patternLengths(pattern) {
  let i = 0;
  /** @param {Set<number>} a @param {Set<number>} b */
  const sums = (a, b) => new Set([...a].flatMap((x) => [...b].map((y) => x + y)));
  /** @returns {Set<number>} */
  const alternatives = () => {
    let out = sequence();
    while (pattern[i] === '|') {
      i++;
      out = new Set([...out, ...sequence()]);
    }
    return out;
  };
  /** @returns {Set<number>} */
  const sequence = () => {
    let out = new Set([0]);
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      /** @type {Set<number>} */
      let atom;
      const c = pattern[i];
      if (c === '(') {
        i += pattern.startsWith('(?:', i) ? 3 : 1;
        atom = alternatives();
        if (pattern[i++] !== ')') throw new Error(`unbalanced group in ${pattern}`);
      } else if (c === '[') {
        const end = pattern.indexOf(']', i);
        if (end < 0) throw new Error(`unbalanced class in ${pattern}`);
        i = end + 1;
        atom = new Set([1]);
      } else if (c === '\\' && pattern[i + 1] === 'd') {
        i += 2;
        atom = new Set([1]);
      } else if (c && /\d/.test(c)) {
        i++;
        atom = new Set([1]);
      } else throw new Error(`unexpected ${JSON.stringify(c)} in ${pattern}`);
      const quantifier = /^(?:\?|\{(\d+)(?:,(\d+))?\})/.exec(pattern.slice(i));
      if (quantifier) {
        i += quantifier[0].length;
        const [min, max] = quantifier[1] ? [Number(quantifier[1]), Number(quantifier[2] ?? quantifier[1])] : [0, 1];
        /** @type {Set<number>} */
        const repeated = new Set();
        let times = new Set([0]);
        for (let k = 0; k <= max; k++) {
          if (k >= min) for (const n of times) repeated.add(n);
          times = sums(times, atom);
        }
        atom = repeated;
      }
      out = sums(out, atom);
    }
    return out;
  };
  const out = alternatives();
  if (i !== pattern.length) throw new Error(`unexpected ${JSON.stringify(pattern[i])} in ${pattern}`);
  return [...out].sort((a, b) => a - b);
}

/**
 * One line of the generated DATA (see its comment there). Throws when a value holds a character the encoding
 * uses, so that a libphonenumber-js upgrade cannot produce a line that decodes to something else.
 * @param {Plan} plan
 */
function encodePlan(plan) {
  /** @param {number[]} lengths */
  const fields = [
    plan.country,
    plan.callingCode,
    plan.prefix,
    plan.lengths.map((n) => n.toString(36)).join(''),
    plan.national,
    plan.mobile,
  ];
  for (const field of fields)
    if (/[;\n`]|\$\{/.test(field)) throw new Error(`${plan.country}: ${JSON.stringify(field)} cannot be encoded`);
  return fields.join(';');
}

// `node scripts/phone-metadata.mjs` writes the file; importing this module (the test does) writes nothing
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { text, version, countries, callingCodes } = generatePhoneMetadata();
  writeFileSync(TARGET, text);
  const codes = Object.keys(callingCodes).length;
  console.log(`wrote ${TARGET}: ${countries} countries, ${codes} calling codes (libphonenumber-js ${version})`);
}
