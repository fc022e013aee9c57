/**
 * The SIM-swap translation, pure: each documented answer (DQE "ID Mobile Simswap", CAMARA sim-swap.yaml 2.1.0;
 * fixtures/sim-swap.ts) read into answered / unknown, any other body unknown and never a throw; the request of
 * each; the scope that grants SimSwap's `check`.
 */
import { expect, test } from '@playwright/test';
import {
  camaraSimSwapBody,
  readCamaraSimSwap,
  withSimSwapScope,
} from '../../../../src/relay/signals/camara-sim-swap.js';
import { dqeSimSwapForm, readDqeSimSwap } from '../../../../src/relay/signals/dqe-sim-swap.js';
import { signalOf } from '../../../../src/relay/signals/sim-swap.js';
import * as S from '../../upstreams/fixtures/sim-swap.js';

const DQE: Array<[string, number, unknown, unknown]> = [
  ['"true"', 200, S.DQE_SWAPPED, { kind: 'answered', swapped: true }],
  ['"false"', 200, S.DQE_NOT_SWAPPED, { kind: 'answered', swapped: false }],
  ['" TRUE " (trimmed, any case)', 200, { ...S.DQE_SWAPPED, swapped: ' TRUE ' }, { kind: 'answered', swapped: true }],
  ['a boolean', 200, { ...S.DQE_SWAPPED, swapped: false }, { kind: 'answered', swapped: false }],
  ['error 17', 200, S.DQE_ERROR_17, { kind: 'unknown', reason: expect.stringContaining('17') }],
  ['error 30', 200, S.DQE_ERROR_30, { kind: 'token_rejected' }],
  ['error 17 on HTTP 400', 400, S.DQE_ERROR_17, { kind: 'unknown', reason: expect.stringContaining('17') }],
  ['"yes"', 200, { ...S.DQE_SWAPPED, swapped: 'yes' }, { kind: 'unknown', reason: expect.any(String) }],
  ['no swapped', 200, { status: 'success', operator: 'Orange' }, { kind: 'unknown', reason: expect.any(String) }],
  ['the match scores instead', 200, { family_name: 1 }, { kind: 'unknown', reason: expect.any(String) }],
  ['null', 200, null, { kind: 'unknown', reason: expect.any(String) }],
  ['an array', 200, [], { kind: 'unknown', reason: expect.any(String) }],
  ['HTTP 500 with a success body', 500, S.DQE_SWAPPED, { kind: 'unknown', reason: 'HTTP 500 without an error body' }],
];
for (const [name, status, body, expected] of DQE) {
  test(`DQE simswap answer ${name}`, () => expect(readDqeSimSwap(status, body)).toEqual(expected));
}

const CAMARA: Array<[string, number, unknown, unknown]> = [
  ['{swapped: true}', 200, S.CAMARA_SWAPPED, { kind: 'answered', swapped: true }],
  ['{swapped: false}', 200, S.CAMARA_NOT_SWAPPED, { kind: 'answered', swapped: false }],
  ['{swapped: "true"} (not the schema)', 200, { swapped: 'true' }, { kind: 'unknown', reason: expect.any(String) }],
  ['{} ', 200, {}, { kind: 'unknown', reason: expect.any(String) }],
  [
    '400 OUT_OF_RANGE',
    400,
    S.CAMARA_OUT_OF_RANGE,
    { kind: 'unknown', reason: expect.stringContaining('OUT_OF_RANGE') },
  ],
  [
    '422 SERVICE_NOT_APPLICABLE',
    422,
    S.CAMARA_SERVICE_NOT_APPLICABLE,
    { kind: 'unknown', reason: expect.stringContaining('SERVICE_NOT_APPLICABLE') },
  ],
  [
    '422 UNNECESSARY_IDENTIFIER',
    422,
    S.CAMARA_UNNECESSARY_IDENTIFIER,
    { kind: 'unknown', reason: 'HTTP 422 UNNECESSARY_IDENTIFIER' },
  ],
  ['403', 403, S.CAMARA_PERMISSION_DENIED, { kind: 'unknown', reason: expect.stringContaining('sim-swap:check') }],
  ['a code with odd characters', 409, { code: 'A<b>"c' }, { kind: 'unknown', reason: 'HTTP 409 Abc' }],
  ['503 without a body', 503, undefined, { kind: 'unknown', reason: 'HTTP 503' }],
];
for (const [name, status, body, expected] of CAMARA) {
  test(`CAMARA check answer ${name}`, () => expect(readCamaraSimSwap(status, body)).toEqual(expected));
}

test('DQE request: every documented field, period in hours', () => {
  const form = dqeSimSwapForm({
    licence: 'L',
    token: 'T',
    number: '+33612345678',
    partnerName: 'Shop',
    periodHours: 48,
  });
  expect(Object.fromEntries(form)).toEqual({
    licence: 'L',
    token: 'T',
    number: '+33612345678',
    name: 'Shop',
    scope: 'simswap',
    period: '48',
  });
});

test('CAMARA request: phoneNumber only when given (two-legged)', () => {
  expect(camaraSimSwapBody(168)).toEqual({ maxAge: 168 });
  expect(camaraSimSwapBody(24, '+33612345678')).toEqual({ phoneNumber: '+33612345678', maxAge: 24 });
});

const SCOPES: Array<[string, string]> = [
  [
    'openid dpv:FraudPreventionAndDetection kyc-match:match',
    'openid dpv:FraudPreventionAndDetection kyc-match:match sim-swap:check',
  ],
  ['kyc-match:match sim-swap:check', 'kyc-match:match sim-swap:check'],
  ['kyc-match:match sim-swap', 'kyc-match:match sim-swap'],
  ['kyc-match:match  sim-swap:retrieve-date', 'kyc-match:match sim-swap:retrieve-date sim-swap:check'],
];
for (const [scope, expected] of SCOPES) {
  test(`scope "${scope}" -> "${expected}"`, () => expect(withSimSwapScope(scope)).toBe(expected));
}

test('the signal: the answer with its window, or null', () => {
  expect(signalOf({ kind: 'answered', swapped: true }, 72)).toEqual({ swapped: true, max_age_hours: 72 });
  expect(signalOf({ kind: 'unknown', reason: 'x' }, 72)).toBeNull();
});
