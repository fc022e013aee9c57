/**
 * CAMARA KYC Match answers as scores (kyc-match v0.4.0, r1.2; `MatchResult`, `MatchScoreResult`): table by table,
 * and properties: a field answered "false" is never in the match band; every score is null or in [0, 1].
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { bandOf } from '../../../../src/protocol/scores.js';
import { falseCeiling, fieldScore, fromKycMatchAnswer } from '../../../../src/relay/upstreams/camara/scores.js';
import { toKycMatchBody } from '../../../../src/relay/upstreams/camara/request.js';
import type { MatchRequest } from '../../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/camara.js';

const T = { matchThreshold: 0.9 };

test.describe('one field', () => {
  const cases: Array<[string, Record<string, unknown>, number | null, boolean]> = [
    ['"true"', { givenNameMatch: 'true' }, 1, false],
    ['"false" with 87', { givenNameMatch: 'false', givenNameMatchScore: 87 }, 0.87, false],
    ['"false" with "87" (a string of digits)', { givenNameMatch: 'false', givenNameMatchScore: '87' }, 0.87, false],
    ['"false" with " 60 "', { givenNameMatch: 'false', givenNameMatchScore: ' 60 ' }, 0.6, false],
    ['"false" with 0', { givenNameMatch: 'false', givenNameMatchScore: 0 }, 0, false],
    ['"false" with 89', { givenNameMatch: 'false', givenNameMatchScore: 89 }, 0.89, false],
    ['"false" with 95: capped under the match band', { givenNameMatch: 'false', givenNameMatchScore: 95 }, 0.89, false],
    ['"false" with 99 (r1.2’s maximum): capped', { givenNameMatch: 'false', givenNameMatchScore: 99 }, 0.89, false],
    ['"false" with 100 (older versions): capped', { givenNameMatch: 'false', givenNameMatchScore: 100 }, 0.89, false],
    ['"false" with "100": capped', { givenNameMatch: 'false', givenNameMatchScore: '100' }, 0.89, false],
    ['"false" with 87.5', { givenNameMatch: 'false', givenNameMatchScore: 87.5 }, 0.875, false],
    ['"false" without a score', { givenNameMatch: 'false' }, 0, false],
    ['"false" with a null score', { givenNameMatch: 'false', givenNameMatchScore: null }, 0, false],
    ['"false" with 101: unverified', { givenNameMatch: 'false', givenNameMatchScore: 101 }, null, true],
    ['"false" with "101": unverified', { givenNameMatch: 'false', givenNameMatchScore: '101' }, null, true],
    ['"false" with -1: unverified', { givenNameMatch: 'false', givenNameMatchScore: -1 }, null, true],
    ['"false" with "-1": unverified', { givenNameMatch: 'false', givenNameMatchScore: '-1' }, null, true],
    ['"false" with "high": unverified', { givenNameMatch: 'false', givenNameMatchScore: 'high' }, null, true],
    ['"false" with "": unverified', { givenNameMatch: 'false', givenNameMatchScore: '' }, null, true],
    ['"false" with "8e1": unverified', { givenNameMatch: 'false', givenNameMatchScore: '8e1' }, null, true],
    ['"false" with NaN: unverified', { givenNameMatch: 'false', givenNameMatchScore: NaN }, null, true],
    ['"false" with Infinity', { givenNameMatch: 'false', givenNameMatchScore: Infinity }, null, true],
    ['"false" with true', { givenNameMatch: 'false', givenNameMatchScore: true }, null, true],
    ['"false" with [87]', { givenNameMatch: 'false', givenNameMatchScore: [87] }, null, true],
    [
      '"true" with a score: 1 (the score only comes with "false")',
      { givenNameMatch: 'true', givenNameMatchScore: 3 },
      1,
      false,
    ],
    ['"not_available"', { givenNameMatch: 'not_available' }, null, false],
    ['missing', {}, null, false],
    ['boolean true (not the specification)', { givenNameMatch: true }, null, true],
    ['"TRUE"', { givenNameMatch: 'TRUE' }, null, true],
  ];
  for (const [name, answer, score, invalid] of cases) {
    test(`${name} -> ${score}${invalid ? ' (invalid)' : ''}`, () =>
      expect(fieldScore(answer, 'givenName', T)).toEqual({ score, invalid }));
  }
});

test('the ceiling follows the match threshold', () => {
  const answer = { familyNameMatch: 'false', familyNameMatchScore: 97 };
  expect(fieldScore(answer, 'familyName', { matchThreshold: 0.95 }).score).toBe(0.94);
  expect(fieldScore(answer, 'familyName', { matchThreshold: 1 }).score).toBe(0.97);
  expect(fieldScore(answer, 'familyName', { matchThreshold: 0.5 }).score).toBe(0.49);
  expect(falseCeiling(0)).toBe(0);
  expect(falseCeiling(NaN)).toBe(0);
  expect(falseCeiling(0.9)).toBe(0.89);
});

test('a field not sent is null whatever the answer; street = the lower of name and number', () => {
  const sent = { phoneNumber: '+33612345678', streetName: 'rue X', streetNumber: '3' };
  const r = fromKycMatchAnswer(
    { givenNameMatch: 'true', streetNameMatch: 'false', streetNameMatchScore: 40, streetNumberMatch: 'true' },
    sent,
    T,
  );
  expect(r.scores.given_name).toBeNull();
  expect(r.scores.address.street_address).toBe(0.4);
  expect(
    fromKycMatchAnswer({ streetNameMatch: 'not_available', streetNumberMatch: 'true' }, sent, T).scores.address
      .street_address,
  ).toBe(1);
  expect(fromKycMatchAnswer({}, sent, T).scores.address.street_address).toBeNull();
});

test('invalid answers are listed by path, once', () => {
  const sent = { phoneNumber: '+33612345678', streetName: 'rue X', streetNumber: '3', email: 'a@b.fr' };
  const r = fromKycMatchAnswer(
    {
      streetNameMatch: 'yes',
      streetNumberMatch: 'false',
      streetNumberMatchScore: 'x',
      emailMatch: 'false',
      emailMatchScore: 300,
    },
    sent,
    T,
  );
  expect(r.invalid).toEqual(['email', 'address.street_address']);
  expect(r.scores.email).toBeNull();
  expect(r.idDocumentInvalid).toBe(false);
});

test.describe('idDocument (sent as idDocument, answered as idDocumentMatch), returned beside the scores', () => {
  const sent = { phoneNumber: '+34629255833', idDocument: '66666666q', givenName: 'Federica' };
  const cases: Array<[string, Record<string, unknown>, number | null, boolean]> = [
    ['"true"', { idDocumentMatch: 'true' }, 1, false],
    ['"false"', { idDocumentMatch: 'false' }, 0, false],
    ['"false" with 98 (capped)', { idDocumentMatch: 'false', idDocumentMatchScore: 98 }, 0.89, false],
    ['"not_available"', { idDocumentMatch: 'not_available' }, null, false],
    ['missing', {}, null, false],
    ['unexpected', { idDocumentMatch: 1 }, null, true],
  ];
  for (const [name, answer, score, invalid] of cases) {
    test(`${name} -> ${score}`, () => {
      const r = fromKycMatchAnswer(answer, sent, T);
      expect(r.idDocument).toBe(score);
      expect(r.idDocumentInvalid).toBe(invalid);
      expect(r.invalid).toEqual([]);
      expect(Object.keys(r.scores)).not.toContain('id_document');
    });
  }
  test('not sent: null whatever the answer', () => {
    const r = fromKycMatchAnswer({ idDocumentMatch: 'true' }, { phoneNumber: '+34629255833', givenName: 'F' }, T);
    expect(r.idDocument).toBeNull();
  });
});

test('the documented 200 example (kyc-match.yaml r1.2, KYC_Match200Example)', () => {
  const sent = { ...toKycMatchBody(CONTRACT_MATCH_REQUEST as MatchRequest), idDocument: '66666666q' };
  const all = {
    ...sent,
    gender: 'FEMALE',
    streetName: 'x',
    streetNumber: '1',
    postalCode: '1',
    locality: 'x',
    country: 'FR',
  };
  const r = fromKycMatchAnswer(F.MATCH_200_EXAMPLE, all, T);
  expect(r.scores).toEqual(F.MATCH_200_PARSED);
  expect(r.idDocument).toBe(1);
  expect(r.invalid).toEqual([]);
});

const FIELDS = ['givenName', 'familyName', 'email', 'streetName', 'streetNumber', 'locality', 'idDocument'] as const;
const sentAll = {
  phoneNumber: '+33612345678',
  givenName: 'a',
  familyName: 'b',
  email: 'c',
  streetName: 'd',
  streetNumber: '1',
  locality: 'e',
  idDocument: 'f',
};
const matchValue = fc.oneof(
  fc.constantFrom('true', 'false', 'not_available', 'TRUE', ''),
  fc.anything({ maxDepth: 1 }),
);
const scoreValue = fc.oneof(
  fc.integer({ min: -10, max: 200 }),
  fc.double(),
  fc.integer({ min: -10, max: 200 }).map(String),
  fc.string({ maxLength: 5 }),
  fc.anything({ maxDepth: 1 }),
);
const answerArb = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.record(
    Object.fromEntries(
      FIELDS.flatMap((f) => [
        [`${f}Match`, matchValue],
        [`${f}MatchScore`, scoreValue],
      ]),
    ),
    { requiredKeys: [] },
  ),
);
const thresholdArb = fc.integer({ min: 1, max: 100 }).map((n) => n / 100);

function every(r: ReturnType<typeof fromKycMatchAnswer>): Array<number | null> {
  const s = r.scores;
  return [s.gender, s.given_name, s.family_name, s.birthdate, s.email, ...Object.values(s.address), r.idDocument];
}

test('property: never throws; every score null or in [0, 1]', () => {
  fc.assert(
    fc.property(answerArb, thresholdArb, (a, t) =>
      every(fromKycMatchAnswer(a, sentAll, { matchThreshold: t })).every((v) => v === null || (v >= 0 && v <= 1)),
    ),
    { numRuns: 2000 },
  );
});

test('property: no field answered "false" is ever in the match band, whatever its score', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FIELDS), scoreValue, thresholdArb, (field, score, t) => {
      const r = fieldScore({ [`${field}Match`]: 'false', [`${field}MatchScore`]: score }, field, { matchThreshold: t });
      return r.score === null || (r.score < t && bandOf(r.score, { match: t, partial: Math.min(t, 0.6) }) !== 'match');
    }),
    { numRuns: 2000 },
  );
});

test('property: a whole answer with every field "false" has nothing in the match band', () => {
  fc.assert(
    fc.property(
      fc.array(scoreValue, { minLength: FIELDS.length, maxLength: FIELDS.length }),
      thresholdArb,
      (scores, t) => {
        const answer = Object.fromEntries(
          FIELDS.flatMap((f, i) => [
            [`${f}Match`, 'false'],
            [`${f}MatchScore`, scores[i]],
          ]),
        );
        return every(fromKycMatchAnswer(answer, sentAll, { matchThreshold: t })).every((v) => v === null || v < t);
      },
    ),
    { numRuns: 1000 },
  );
});
