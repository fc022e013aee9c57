/**
 * The widget sends what the form model builds without re-checking it at run time (the bundle carries no schema
 * library): this proves that every request built from values the form accepts is one the relay's schema
 * (MatchRequest) accepts, session and return URL included.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { IDENTITY_FIELDS, expandFields, type IdentityField } from '../../src/protocol/fields.js';
import { LIMITS, isOpaqueToken } from '../../src/protocol/limits.js';
import { MatchRequest, describeIssue } from '../../src/protocol/schemas.js';
import {
  buildMatchRequest,
  emptyValues,
  validateInput,
  type InputName,
  type Values,
} from '../../src/widget/form-model.js';
import { buildReturnUrl } from '../../src/widget/return-url.js';

const SEED = 7_1301;

const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: max + 5 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary-ascii', maxLength: 12 }), // control characters included
    fc.constantFrom(
      '',
      ' ',
      'Camille',
      'Léa-Marie',
      'O’Brien',
      ' Martin ',
      '12 rue de la Paix',
      'Cam\u0000ille',
      'a\u007fb',
      '75002',
      '\t',
      'é'.repeat(max),
    ),
  );
const values: fc.Arbitrary<Values> = fc
  .record({
    phone: fc.constantFrom('06 12 34 56 78', '+33 6 98 76 54 32', '0033756123456', '07 00 00 00 01', '+33612345678'),
    gender: fc.constantFrom('', 'F', 'M', 'X'),
    given_name: text(LIMITS.name),
    family_name: text(LIMITS.name),
    birthdate: fc.oneof(
      fc.constantFrom('', '1990-04-12', '1900-01-01', '2001-02-29', '2000-02-29'),
      fc
        .date({ min: new Date('1890-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    ),
    email: fc.oneof(fc.emailAddress(), text(LIMITS.email)),
    street: text(LIMITS.street),
    postal: text(LIMITS.postal),
    locality: text(LIMITS.locality),
    country: fc.constantFrom('', 'FR', 'BE', 'fr', 'XX1'),
  })
  .map((v) => ({
    ...emptyValues(),
    phone: v.phone,
    gender: v.gender,
    given_name: v.given_name,
    family_name: v.family_name,
    birthdate: v.birthdate,
    email: v.email,
    'address.street_address': v.street,
    'address.postal_code': v.postal,
    'address.locality': v.locality,
    'address.country': v.country,
  }));
const fields = fc.subarray<IdentityField>([...IDENTITY_FIELDS]);
const pages = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('https://shop.example/checkout?idmobile_return=1&token=x#pay', 'http://localhost:5173/'),
);
const sessions = fc.option(fc.stringMatching(/^[\x21-\x7e]{1,512}$/), { nil: undefined });

describe('buildMatchRequest: what the form accepts, the relay accepts (property)', () => {
  it('every request built from accepted values passes MatchRequest', () => {
    let built = 0;
    fc.assert(
      fc.property(values, fields, fields, pages, sessions, (v, shown, required, page, session) => {
        // the inputs the widget shows for `shown`, validated as it validates them (the phone always required)
        const names: InputName[] = ['phone', ...expandFields(shown)];
        const mandatory = new Set<InputName>(['phone', ...expandFields(required)]);
        fc.pre(names.every((n) => validateInput(n, v[n], mandatory.has(n), 'FR') === null));
        const returnUrl = buildReturnUrl(page);
        fc.pre(returnUrl.length <= LIMITS.url);
        if (session !== undefined) expect(isOpaqueToken(session)).to.equal(true);
        const request = { ...buildMatchRequest(v, names, 'FR', returnUrl), ...(session ? { session } : {}) };
        const parsed = MatchRequest.safeParse(request);
        if (!parsed.success) expect.fail(`${describeIssue(parsed.error)} in ${JSON.stringify(request)}`);
        expect(parsed.data).to.deep.equal(request); // nothing dropped or rewritten
        built++;
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(built, 'the property is not vacuous').to.be.above(200);
  });
});
