import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkPhone, SUPPORTED_COUNTRIES, type PhoneCheck } from '../../src/protocol/phone.js';
import { parsePhoneNumberFromString as parseWithMax } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { PLANS, type NumberingPlan } from '../../src/protocol/phone-metadata.js';
import { oracleCheckPhone } from './phone-reference.js';

const FR_MOBILE: PhoneCheck = { ok: true, e164: '+33612345678', country: 'FR', national: '0612345678' };
const ok = (e164: string, country: string, national: string): PhoneCheck => ({ ok: true, e164, country, national });
const no = (reason: 'empty' | 'invalid' | 'not_mobile' | 'unsupported_country'): PhoneCheck => ({ ok: false, reason });
const planOf = (country: string): NumberingPlan => PLANS.find((plan) => plan.country === country)!;

describe('checkPhone', () => {
  // [input, default country (undefined = FR), expected]
  const table: Array<[string, string | undefined, PhoneCheck]> = [
    // What people type for a French mobile
    ['06 12 34 56 78', undefined, FR_MOBILE],
    ['0612345678', undefined, FR_MOBILE],
    ['06.12.34.56.78', undefined, FR_MOBILE],
    ['06-12-34-56-78', undefined, FR_MOBILE],
    ['06/12/34/56/78', undefined, FR_MOBILE],
    ['(06) 12 34 56 78', undefined, FR_MOBILE],
    ['+33 6 12 34 56 78', undefined, FR_MOBILE],
    ['+33612345678', undefined, FR_MOBILE],
    ['+33 (0)6 12 34 56 78', undefined, FR_MOBILE],
    ['+33 06 12 34 56 78', undefined, FR_MOBILE],
    ['0033 6 12 34 56 78', undefined, FR_MOBILE],
    ['0033 (0)6 12 34 56 78', undefined, FR_MOBILE],
    ['33612345678', undefined, FR_MOBILE],
    ['33 6 12 34 56 78', undefined, FR_MOBILE],
    ['612345678', undefined, FR_MOBILE],
    ['  06 12 34 56 78  ', undefined, FR_MOBILE],
    ['06 12 34 56 78\n', undefined, FR_MOBILE],
    ['+33 7 56 12 34 56', undefined, ok('+33756123456', 'FR', '0756123456')],
    // Autofill and copy-paste artefacts
    ['０６ １２ ３４ ５６ ７８', undefined, FR_MOBILE],
    ['＋３３６１２３４５６７８', undefined, FR_MOBILE],
    ['06\u00a012\u00a034\u00a056\u00a078', undefined, FR_MOBILE],
    ['06\u202f12\u202f34\u202f56\u202f78', undefined, FR_MOBILE],
    ['06\u201112\u201134\u201156\u201178', undefined, FR_MOBILE],
    ['\u202a+33 6 12 34 56 78\u202c', undefined, FR_MOBILE],
    ['\u200b0612345678', undefined, FR_MOBILE],
    ['tel:+33612345678', undefined, FR_MOBILE],
    ['TEL:+33-6-12-34-56-78', undefined, FR_MOBILE],
    ['tel:0612345678', undefined, FR_MOBILE],
    // Default country
    ['0612345678', 'XX', FR_MOBILE],
    ['0612345678', '', FR_MOBILE],
    ['0470 12 34 56', 'BE', ok('+32470123456', 'BE', '0470123456')],
    ['0470 12 34 56', 'be', ok('+32470123456', 'BE', '0470123456')],
    // a possible length in Belgium (9 digits), not a Belgian mobile
    ['0612345678', 'BE', no('not_mobile')],
    ['+33612345678', 'BE', FR_MOBILE],
    ['33612345678', 'BE', no('invalid')],
    ['07400 123456', 'GB', ok('+447400123456', 'GB', '07400123456')],
    ['0151 23456789', 'DE', ok('+4915123456789', 'DE', '015123456789')],
    ['312 345 6789', 'IT', ok('+393123456789', 'IT', '3123456789')],
    // The French numbering plan covers the overseas departments
    ['0690 12 34 56', undefined, ok('+590690123456', 'GP', '0690123456')],
    ['0696 12 34 56', undefined, ok('+596696123456', 'MQ', '0696123456')],
    ['0692 12 34 56', undefined, ok('+262692123456', 'RE', '0692123456')],
    ['06 12 34 56 78', 'GP', FR_MOBILE],
    ['0690 12 34 56', 'GP', ok('+590690123456', 'GP', '0690123456')],
    // Other supported countries, international form
    ['+32 470 12 34 56', undefined, ok('+32470123456', 'BE', '0470123456')],
    ['+41 78 123 45 67', undefined, ok('+41781234567', 'CH', '0781234567')],
    ['+352 621 123 456', undefined, ok('+352621123456', 'LU', '621123456')],
    ['+377 6 12 34 56 78', undefined, ok('+377612345678', 'MC', '0612345678')],
    ['+34 612 34 56 78', undefined, ok('+34612345678', 'ES', '612345678')],
    ['+351 912 345 678', undefined, ok('+351912345678', 'PT', '912345678')],
    ['+31 6 12345678', undefined, ok('+31612345678', 'NL', '0612345678')],
    ['+376 312 345', undefined, ok('+376312345', 'AD', '312345')],
    ['+262 639 01 23 45', undefined, ok('+262639012345', 'YT', '0639012345')],
    ['+594 694 12 34 56', undefined, ok('+594694123456', 'GF', '0694123456')],
    ['+687 75 12 34', undefined, ok('+687751234', 'NC', '751234')],
    ['+689 87 12 34 56', undefined, ok('+68987123456', 'PF', '87123456')],
    ['+681 82 12 34', undefined, ok('+681821234', 'WF', '821234')],
    ['+508 55 12 34', undefined, ok('+508551234', 'PM', '0551234')],
    ['00 44 7400 123456', undefined, ok('+447400123456', 'GB', '07400123456')],
    // Not mobile numbers
    ['01 23 45 67 89', undefined, no('not_mobile')],
    ['+33 1 23 45 67 89', undefined, no('not_mobile')],
    ['0033 1 23 45 67 89', undefined, no('not_mobile')],
    ['09 12 34 56 78', undefined, no('not_mobile')],
    ['05 12 34 56 78', undefined, no('not_mobile')],
    ['08 00 12 34 56', undefined, no('not_mobile')],
    ['+44 20 7946 0018', undefined, no('not_mobile')],
    ['02 123 45 67', 'BE', no('not_mobile')],
    // not a mobile, and a possible length for the country (Andorra: 6, 8 or 9 digits), though no valid number:
    // still `not_mobile` (the checker keeps no pattern of valid landlines); another length is `invalid`
    ['+376 31148363', undefined, no('not_mobile')],
    ['+376 3114836', undefined, no('invalid')],
    ['0612', undefined, no('invalid')],
    // Unsupported countries
    ['+1 212 555 0100', undefined, no('unsupported_country')],
    ['+7 912 345 67 89', undefined, no('unsupported_country')],
    ['0049 30 123456', 'BE', no('not_mobile')],
    ['001 212 555 0100', undefined, no('unsupported_country')],
    // Garbage
    ['06 12 34 56 7a', undefined, no('invalid')],
    ['O6 12 34 56 78', undefined, no('invalid')],
    ['call 0612345678', undefined, no('invalid')],
    ['0612345678 ext. 12', undefined, no('invalid')],
    ['06 12 34', undefined, no('invalid')],
    ['06 12 34 56 7', undefined, no('invalid')],
    ['06 12 34 56 78 9', undefined, no('invalid')],
    ['+33 6 12 34 56 78 9', undefined, no('invalid')],
    ['++33612345678', undefined, no('invalid')],
    ['+33 6 12 34 56 78 +', undefined, no('invalid')],
    ['06+12345678', undefined, no('invalid')],
    ['+0033612345678', undefined, no('invalid')],
    ['+', undefined, no('invalid')],
    ['+33', undefined, no('invalid')],
    ['()', undefined, no('invalid')],
    ['-', undefined, no('invalid')],
    ['٠٦١٢٣٤٥٦٧٨', undefined, FR_MOBILE],
    ['06\u000012345678', undefined, no('invalid')],
    ['06;12;34;56;78', undefined, no('invalid')],
    ['<script>', undefined, no('invalid')],
    ['0'.repeat(30), undefined, no('invalid')],
    ['0612345678'.repeat(100), undefined, no('invalid')],
    ['x'.repeat(1_000_000), undefined, no('invalid')],
    // Empty
    ['', undefined, no('empty')],
    ['   ', undefined, no('empty')],
    ['\u00a0\t', undefined, no('empty')],
    ['tel:', undefined, no('empty')],
  ];
  for (const [input, country, expected] of table) {
    const label = JSON.stringify(input.length > 40 ? `${input.slice(0, 20)}…(${input.length})` : input);
    it(`${label}${country === undefined ? '' : ` in ${JSON.stringify(country)}`} -> ${expected.ok ? expected.e164 : expected.reason}`, () => {
      expect(checkPhone(input, country)).to.deep.equal(expected);
    });
  }

  it('refuses non-strings without throwing', () => {
    expect(checkPhone(undefined)).to.deep.equal(no('empty'));
    expect(checkPhone(null)).to.deep.equal(no('empty'));
    expect(checkPhone(612345678)).to.deep.equal(no('invalid'));
    expect(checkPhone({})).to.deep.equal(no('invalid'));
    expect(checkPhone('0612345678', 33 as unknown as string)).to.deep.equal(FR_MOBILE);
  });
});

describe('SUPPORTED_COUNTRIES and the generated metadata', () => {
  it('lists exactly the countries of the metadata', () => {
    expect(SUPPORTED_COUNTRIES).to.deep.equal(PLANS.map((plan) => plan.country));
    expect(new Set(SUPPORTED_COUNTRIES).size).to.equal(PLANS.length);
  });
  it('has a MOBILE pattern for every country (else mobile detection silently stops)', () => {
    for (const { country, mobile } of PLANS) {
      expect(mobile.source, country).to.not.equal('^(?:)$');
      expect(mobile.test(''), country).to.equal(false);
    }
  });
  it("accepts libphonenumber-js's example mobile number of every supported country", () => {
    const examples = mobileExamples as unknown as Record<string, string>;
    for (const country of SUPPORTED_COUNTRIES) {
      const r = checkPhone(`+${planOf(country).callingCode}${examples[country]}`);
      expect(r.ok, country).to.equal(true);
    }
  });
});

/**
 * The bundled checker reads numbers with a small part of libphonenumber-js's metadata (size budget, see
 * src/protocol/phone.ts); what it promises is proven against libphonenumber-js (test/protocol/phone-reference.ts:
 * its own API, none of our control flow):
 * - every number libphonenumber-js reads as a mobile of a supported country is accepted, with the same E.164,
 *   country and national spelling's digits;
 * - every number accepted is a mobile of its country: libphonenumber-js reads its E.164 as a mobile of that country,
 *   with the same national spelling's digits.
 * Numbers are generated around each country's example mobile number (same prefix, random tail, length ±2) and at
 * random, in the spellings libphonenumber-js reads itself, national ones in their own country.
 */
describe('checkPhone agrees with libphonenumber-js', () => {
  const FRENCH_PLAN = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'BL', 'MF'];
  const examples = mobileExamples as unknown as Record<string, string>;
  /** [input, default country] in each spelling both read the same way. */
  const spellings = (country: string, cc: string, national: string): Array<[string, string | undefined]> => [
    [`+${cc}${national}`, undefined],
    [`+${cc} ${national}`, 'DE'],
    [`00${cc} ${national}`, 'FR'],
    [`00${cc}${national}`, country === 'GB' ? 'BE' : 'GB'],
    [`0${national}`, country],
    [national, country],
    [`(0${national.slice(0, 2)}) ${national.slice(2)}`, country],
  ];
  const numbers = fc
    .tuple(
      fc.constantFrom(...SUPPORTED_COUNTRIES),
      fc.nat(7), // digits of the example replaced by random ones
      fc.stringMatching(/^\d{0,8}$/),
      fc.integer({ min: -2, max: 2 }), // length change
      fc.option(fc.stringMatching(/^\d{1,13}$/), { freq: 4 }), // or a random national number
      fc.nat(6),
    )
    .map(([country, replaced, tail, delta, random, spelling]) => {
      const example = examples[country]!;
      const national = (random ?? example.slice(0, Math.max(1, example.length - replaced - 1)) + tail).slice(
        0,
        Math.max(1, example.length + delta),
      );
      return spellings(country, planOf(country).callingCode, national)[spelling]!;
    });
  const answerOf = (r: PhoneCheck) => (r.ok ? r : { ok: false });

  it('accepts every mobile libphonenumber-js reads, with its E.164, country and national digits', () => {
    let mobiles = 0;
    fc.assert(
      fc.property(numbers, ([input, country]) => {
        const theirs = oracleCheckPhone(input, country);
        if (!theirs.ok) return;
        mobiles++;
        expect(answerOf(checkPhone(input, country)), `${input} in ${String(country)}`).to.deep.equal(theirs);
      }),
      { numRuns: 6000 },
    );
    expect(mobiles, 'mobiles among the numbers drawn').to.be.greaterThan(100);
  });

  it('accepts only mobiles: libphonenumber-js reads the E.164 of what it accepts as the same mobile', () => {
    let accepted = 0;
    let agreed = 0;
    fc.assert(
      fc.property(numbers, ([input, country]) => {
        const ours = checkPhone(input, country);
        if (!ours.ok) return;
        accepted++;
        expect(oracleCheckPhone(ours.e164), `${input} in ${String(country)}`).to.deep.equal(ours);
        // where libphonenumber-js reads the input itself as something else, only the widget's own readings may
        // differ: a number of the French plan dialled from another of its members, a calling code without `+`
        const theirs = oracleCheckPhone(input, country);
        if (theirs.ok) agreed++;
        else {
          const digits = input.replace(/\D/g, '');
          const otherPlanMember = ours.country !== country && FRENCH_PLAN.includes(ours.country);
          expect(
            otherPlanMember || digits.startsWith(planOf(country ?? 'FR').callingCode),
            `${input} in ${String(country)}: accepted as ${ours.e164}, libphonenumber-js reads no mobile`,
          ).to.equal(true);
        }
      }),
      { numRuns: 6000 },
    );
    expect(agreed, 'accepted numbers libphonenumber-js reads the same').to.be.greaterThan(accepted * 0.9);
  });

  it('reads every kind of mobile number in every spelling as libphonenumber-js does, national digits included (numbers generated from the MOBILE patterns)', () => {
    // scripts/phone-metadata.mjs keeps one rule for the national spelling's 0 per country: this draws fresh mobiles
    const mobiles = fc.oneof(
      ...SUPPORTED_COUNTRIES.map((country) =>
        fc
          .tuple(fc.stringMatching(planOf(country).mobile), fc.nat(6))
          .map(([national, spelling]) => spellings(country, planOf(country).callingCode, national)[spelling]!),
      ),
    );
    fc.assert(
      fc.property(mobiles, ([input, country]) => {
        // `0` then the number, in a country without a national prefix: no mobile for either
        expect(answerOf(checkPhone(input, country)), `${input} in ${String(country)}`).to.deep.equal(
          oracleCheckPhone(input, country),
        );
      }),
      { numRuns: 6000 },
    );
  });

  it("agrees with libphonenumber-js's max build: same E.164, same mobile-or-not", () => {
    fc.assert(
      fc.property(numbers, ([input]) => {
        const international = `+${input.replace(/\D/g, '')}`;
        const ours = checkPhone(international);
        const theirs = parseWithMax(international);
        const type = theirs?.getType();
        const mobile =
          !!theirs?.country &&
          SUPPORTED_COUNTRIES.includes(theirs.country) &&
          (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE');
        expect(
          ours.ok,
          `${international}: ${JSON.stringify(ours)} vs ${theirs?.number} ${theirs?.country} ${type}`,
        ).to.equal(mobile);
        if (ours.ok) expect([ours.e164, ours.country]).to.deep.equal([theirs!.number, theirs!.country]);
      }),
      { numRuns: 4000 },
    );
  });
});

describe('checkPhone properties', () => {
  const phoneish = fc.stringMatching(/^(\+|00|tel:)?[0-9 .()-]{0,24}$/);
  const countries = fc.constantFrom(undefined, 'FR', 'BE', 'GB', 'DE', 'GP', 'XX', '');

  it('never throws, always answers one of the documented shapes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), phoneish), countries, (input, country) => {
        const r = checkPhone(input, country);
        if (r.ok) expect(Object.keys(r).sort()).to.deep.equal(['country', 'e164', 'national', 'ok']);
        else expect(['empty', 'invalid', 'not_mobile', 'unsupported_country']).to.include(r.reason);
      }),
      { numRuns: 2000 },
    );
  });

  it('ok results are E.164 of a supported country', () => {
    fc.assert(
      fc.property(phoneish, countries, (input, country) => {
        const r = checkPhone(input, country);
        if (r.ok) {
          expect(r.e164).to.match(/^\+[1-9]\d{6,14}$/);
          expect(SUPPORTED_COUNTRIES).to.include(r.country);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('checking the E.164 output again gives the same E.164, whatever the default country', () => {
    // Mostly valid mobiles: a supported mobile prefix followed by random digits.
    const mobiles = fc
      .tuple(
        fc.constantFrom(
          '06',
          '07',
          '+336',
          '+337',
          '+32 47',
          '+41 7',
          '+44 74',
          '+49 15',
          '+590 690',
          '+34 6',
          '+39 3',
          '0690',
          '0033 6',
        ),
        fc.stringMatching(/^\d{6,9}$/),
      )
      .map(([prefix, rest]) => prefix + rest);
    fc.assert(
      fc.property(fc.oneof(mobiles, phoneish), countries, countries, (input, c1, c2) => {
        const first = checkPhone(input, c1);
        if (!first.ok) return;
        expect(checkPhone(first.e164, c2)).to.deep.equal(first);
        expect(checkPhone(first.national, first.country)).to.deep.equal(first);
      }),
      { numRuns: 3000 },
    );
  });
});
