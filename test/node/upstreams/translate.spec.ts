/**
 * The pure translation modules of both upstreams, table by table: DQE's answer parser and number formats,
 * CAMARA's request and OAuth mappings (its scores and errors: camara/scores.spec.ts, camara/errors.spec.ts). Plus properties: no body ever throws, nothing unparsed leaks.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { mapOAuthError } from '../../../src/relay/upstreams/camara/oauth.js';
import { toKycMatchBody } from '../../../src/relay/upstreams/camara/request.js';
import { parseDqeAnswer, parseTokenAnswer } from '../../../src/relay/upstreams/dqe/answers.js';
import { formatNumber, phoneCountry, resultQuery } from '../../../src/relay/upstreams/dqe/translate.js';
import type { MatchRequest } from '../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import * as D from './fixtures/dqe.js';

const request = (identity: MatchRequest['identity'], phone = '+33612345678'): MatchRequest => ({
  scope: 'matching_notp',
  phone,
  identity,
});

test.describe('DQE answers', () => {
  const cases: Array<[string, 'IDMOBILE' | 'GET', number, unknown, string]> = [
    ['bare scores on /IDMOBILE/', 'IDMOBILE', 200, D.MATCH_SCORES_EXAMPLE, 'scores'],
    ['consent on /IDMOBILE/', 'IDMOBILE', 200, D.CONSENT, 'consent'],
    ['consent on /GET/ is not a result', 'GET', 200, D.CONSENT, 'unknown'],
    ['pending on /GET/', 'GET', 200, D.RETRIEVAL_PENDING, 'pending'],
    ['pending without scope on /GET/', 'GET', 200, { status: 'pending' }, 'pending'],
    ['pending on /IDMOBILE/ is not an answer', 'IDMOBILE', 200, D.RETRIEVAL_PENDING, 'unknown'],
    ['wrapped under matching', 'GET', 200, D.RETRIEVAL_WRAPPED, 'scores'],
    ['wrapped under matching_notp', 'GET', 200, D.RETRIEVAL_WRAPPED_NOTP, 'scores'],
    [
      'success with a formfilling object only',
      'GET',
      200,
      { status: 'success', scope: 'formfilling', formfilling: {} },
      'unknown',
    ],
    ['wrapped with an empty matching', 'GET', 200, { status: 'success', matching: {} }, 'unknown'],
    ['error on HTTP 400', 'IDMOBILE', 400, D.TOKEN_ERROR_01, 'error'],
    ['error with a numeric id', 'GET', 200, { status: 'error', error_id: 21 }, 'error'],
    ['scores on HTTP 500', 'IDMOBILE', 500, D.MATCH_SCORES_EXAMPLE, 'unknown'],
    ['an array', 'IDMOBILE', 200, [D.MATCH_SCORES_EXAMPLE], 'unknown'],
    ['null', 'GET', 200, null, 'unknown'],
    ['an error with an unusable id', 'GET', 200, { status: 'error', error_id: { x: 1 } }, 'unknown'],
  ];
  for (const [name, endpoint, status, body, kind] of cases) {
    test(`${name}: ${kind}`, () => expect(parseDqeAnswer(endpoint, status, body).kind).toBe(kind));
  }

  test('a numeric error_id becomes two digits; error_type without control characters, at most 200 characters', () => {
    expect(parseDqeAnswer('GET', 200, { status: 'error', error_id: 21, error_type: 'a\nb' + 'x'.repeat(300) })).toEqual(
      {
        kind: 'error',
        id: '21',
        errorType: ('a b' + 'x'.repeat(300)).slice(0, 200),
      },
    );
  });

  test('property: any body parses to one outcome or unknown, never throws, never carries unknown keys', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('IDMOBILE' as const, 'GET' as const),
        fc.integer({ min: 100, max: 599 }),
        fc.anything(),
        (e, s, body) => {
          const a = parseDqeAnswer(e, s, body);
          const keys: Record<string, string[]> = {
            scores: ['kind', 'scores', 'invalid'],
            consent: ['kind', 'operator', 'url'],
            pending: ['kind'],
            error: ['kind', 'id', 'errorType'],
            unknown: ['kind', 'why'],
          };
          expect(Object.keys(a).sort()).toEqual(keys[a.kind]!.sort());
        },
      ),
      { numRuns: 3000 },
    );
  });

  const tokens: Array<[string, unknown, { token: string; expiresIn: number | null } | null]> = [
    ['documented (expires_in "300")', D.TOKEN_SUCCESS, { token: D.TOKEN_SUCCESS.access_token, expiresIn: 300 }],
    ['with status', D.TOKEN_SUCCESS_WITH_STATUS, { token: D.TOKEN_SUCCESS_WITH_STATUS.access_token, expiresIn: 600 }],
    ['numeric expires_in', { access_token: 'a*b', expires_in: 60 }, { token: 'a*b', expiresIn: 60 }],
    ['no expires_in', { access_token: 'abc' }, { token: 'abc', expiresIn: null }],
    ['a token with a space', { access_token: 'a b' }, null],
    ['an empty token', { access_token: '' }, null],
    ['no token', { expires_in: '300' }, null],
  ];
  for (const [name, body, expected] of tokens)
    test(`token answer ${name}`, () => expect(parseTokenAnswer(body)).toEqual(expected));

  const numbers: Array<[string, 'e164' | 'international' | 'national', string]> = [
    ['+33612345678', 'e164', '+33612345678'],
    ['+33612345678', 'international', '33612345678'],
    ['+33612345678', 'national', '0612345678'],
    ['+33756123456', 'national', '0756123456'],
    ['+32470123456', 'national', '0470123456'],
    ['+41791234567', 'international', '41791234567'],
    ['+590690123456', 'national', '0690123456'],
    ['+393123456789', 'national', '3123456789'],
    ['+14155550123', 'national', '+14155550123'], // a country outside the table: E.164 kept
  ];
  for (const [phone, format, expected] of numbers)
    test(`number ${phone} as ${format}: ${expected}`, () => expect(formatNumber(phone, format)).toBe(expected));

  const countries: Array<[string, string]> = [
    ['+33612345678', 'FR'],
    ['+590690123456', 'GP'],
    ['+262692123456', 'RE'],
    ['+32470123456', 'BE'],
    ['+352621123456', 'LU'],
    ['+14155550123', ''],
  ];
  for (const [phone, country] of countries)
    test(`country of ${phone}: ${country || '(unknown)'}`, () => expect(phoneCountry(phone)).toBe(country));

  test('the /GET/ query: token, Licence, scope, URL-encoded', () => {
    const q = new URLSearchParams(resultQuery('*a&b=c d', 'LIC', 'matching_notp'));
    expect([...q]).toEqual([
      ['token', '*a&b=c d'],
      ['Licence', 'LIC'],
      ['scope', 'matching_notp'],
    ]);
  });
});

test.describe('CAMARA request mapping', () => {
  test('the contract example: every field, gender FEMALE, street type kept', () => {
    expect(toKycMatchBody(CONTRACT_MATCH_REQUEST as MatchRequest)).toEqual({
      phoneNumber: '+33612345678',
      givenName: 'Camille',
      familyName: 'Martin',
      birthdate: '1990-04-12',
      email: 'camille.martin@example.fr',
      gender: 'FEMALE',
      streetName: 'rue de la Paix',
      streetNumber: '12',
      postalCode: '75002',
      locality: 'Paris',
      country: 'FR',
    });
  });
  const cases: Array<[string, MatchRequest['identity'], Record<string, string>]> = [
    ['nothing but the phone', {}, {}],
    [
      'empty and blank values are not sent',
      { given_name: ' ', family_name: '', gender: '', address: { country: '' } },
      {},
    ],
    ['gender M', { gender: 'M' }, { gender: 'MALE' }],
    [
      'a street without a number',
      { address: { street_address: 'place du Capitole' } },
      { streetName: 'place du Capitole' },
    ],
    ['a number only', { address: { street_address: '12' } }, { streetNumber: '12' }],
    [
      '12 bis',
      { address: { street_address: '12 bis, avenue Foch' } },
      { streetNumber: '12 bis', streetName: 'avenue Foch' },
    ],
    [
      'a German address',
      { address: { street_address: 'Bahnhofstrasse 12', country: 'DE' } },
      { streetNumber: '12', streetName: 'Bahnhofstrasse', country: 'DE' },
    ],
    ['trimmed', { given_name: '  Léa ', email: ' a@b.fr ' }, { givenName: 'Léa', email: 'a@b.fr' }],
  ];
  for (const [name, identity, expected] of cases) {
    test(name, () => expect(toKycMatchBody(request(identity))).toEqual({ phoneNumber: '+33612345678', ...expected }));
  }
});

// CAMARA scores and errors: camara/scores.spec.ts and camara/errors.spec.ts

test.describe('OAuth and CIBA errors', () => {
  const cases: Array<[string, string]> = [
    ['authorization_pending', 'pending'],
    ['slow_down', 'slow_down'],
    ['access_denied', 'error 21'],
    ['expired_token', 'expired'],
    ['invalid_client', 'error 03'],
    ['unauthorized_client', 'error 22'],
    ['unsupported_grant_type', 'error 31'],
    ['invalid_scope', 'error 04'],
    ['invalid_request', 'error 01'],
    ['unknown_user_id', 'error 10'],
    ['invalid_grant', 'failure R502'],
    ['server_error', 'failure R502'],
  ];
  for (const [code, expected] of cases) {
    test(`${code} -> ${expected}`, () => {
      const o = mapOAuthError(code);
      expect(o.kind === 'error' ? `error ${o.id}` : o.kind === 'failure' ? `failure ${o.id}` : o.kind).toBe(expected);
    });
  }
});
