/**
 * CAMARA KYC Match errors (kyc-match v0.4.0 r1.2, `Generic400/401/403/404/422`) to the relay's outcomes, per token
 * flow, as the contract's table (v3) fixes them; and `Retry-After` (RFC 9110 §10.2.3) read into `retry_after`.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  mapCamaraError,
  retryAfterSeconds,
  type CamaraErrorOutcome,
  type CamaraTokenFlow,
} from '../../../../src/relay/upstreams/camara/errors.js';
import * as F from '../fixtures/camara.js';

const FLOWS: CamaraTokenFlow[] = ['ciba', 'authorization_code', 'client_credentials'];
const short = (o: CamaraErrorOutcome) =>
  o.kind === 'error' ? `error ${o.id}` : o.kind === 'failure' ? `failure ${o.id}` : o.kind;

/** [status, body, outcome with ciba, with authorization_code, with client_credentials] */
const table: Array<[number, unknown, string, string, string]> = [
  [400, F.ERRORS.INVALID_ARGUMENT, 'error 01', 'error 01', 'error 01'],
  [400, F.ERRORS.INVALID_PARAM_COMBINATION, 'error 01', 'error 01', 'error 01'],
  [400, 'not json', 'error 01', 'error 01', 'error 01'],
  [401, F.ERRORS.UNAUTHENTICATED, 'failure R502', 'failure R502', 'renew'],
  [401, undefined, 'failure R502', 'failure R502', 'renew'],
  [403, F.ERRORS.PERMISSION_DENIED, 'error 14', 'error 14', 'error 14'],
  [403, F.ERRORS.INVALID_TOKEN_CONTEXT, 'error 01', 'error line_mismatch', 'error 01'],
  [403, F.ERRORS.ID_DOCUMENT_REQUIRED, 'failure R428', 'failure R428', 'failure R428'],
  [403, { code: 'ID_DOCUMENT_REQUIRED' }, 'failure R428', 'failure R428', 'failure R428'],
  [403, F.ERRORS.ID_DOCUMENT_MISMATCH, 'id_document_mismatch', 'id_document_mismatch', 'id_document_mismatch'],
  [403, { code: 'ID_DOCUMENT_MISMATCH' }, 'id_document_mismatch', 'id_document_mismatch', 'id_document_mismatch'],
  [400, { code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED' }, 'failure R428', 'failure R428', 'failure R428'],
  [403, { code: 'OTHER' }, 'error 01', 'error 01', 'error 01'],
  [403, undefined, 'error 01', 'error 01', 'error 01'],
  [404, F.ERRORS.IDENTIFIER_NOT_FOUND, 'error 10', 'error 10', 'error 10'],
  [404, F.ERRORS.NOT_FOUND, 'failure R502', 'failure R502', 'failure R502'],
  [422, F.ERRORS.SERVICE_NOT_APPLICABLE, 'error 09', 'error 09', 'error 09'],
  [422, F.ERRORS.MISSING_IDENTIFIER, 'error 01', 'error 01', 'error 01'],
  [422, { code: 'UNSUPPORTED_IDENTIFIER' }, 'error 01', 'error 01', 'error 01'],
  [429, { code: 'TOO_MANY_REQUESTS' }, 'failure R429', 'failure R429', 'failure R429'],
  [409, { code: 'CONFLICT' }, 'failure R502', 'failure R502', 'failure R502'],
  [500, { code: 'INTERNAL' }, 'failure R502', 'failure R502', 'failure R502'],
  [503, { code: 'UNAVAILABLE' }, 'failure R502', 'failure R502', 'failure R502'],
  [200, {}, 'failure R502', 'failure R502', 'failure R502'],
];
for (const [status, body, ...expected] of table) {
  const code = (body as { code?: string } | undefined)?.code ?? JSON.stringify(body);
  test(`${status} ${code}: ${expected.join(' / ')}`, () => {
    expect(FLOWS.map((flow) => short(mapCamaraError(status, body, { flow })))).toEqual(expected);
  });
}

test('the documented errors with a CIBA token match the fixture’s ERROR_OUTCOMES', () => {
  for (const [name, id] of F.ERROR_OUTCOMES) {
    const e = F.ERRORS[name];
    const o = mapCamaraError(e.status, e, { flow: 'ciba' });
    expect(o.kind === 'error' || o.kind === 'failure' ? o.id : o.kind, name).toBe(id);
  }
});

test('error_type names the status and the code, never the message; a code outside the alphabet is not echoed', () => {
  const o = mapCamaraError(403, F.ERRORS.PERMISSION_DENIED, { flow: 'ciba' });
  expect(o).toEqual({ kind: 'error', id: '14', errorType: 'CAMARA 403 PERMISSION_DENIED' });
  expect(JSON.stringify(o)).not.toContain(F.ERRORS.PERMISSION_DENIED.message);
  expect(mapCamaraError(403, { code: '<script>PERMISSION_DENIED' }, { flow: 'ciba' })).toEqual({
    kind: 'error',
    id: '01',
    errorType: 'CAMARA 403 without a code',
  });
  expect(mapCamaraError(403, F.ERRORS.INVALID_TOKEN_CONTEXT, { flow: 'authorization_code' })).toEqual({
    kind: 'error',
    id: 'line_mismatch',
    errorType: 'CAMARA 403 INVALID_TOKEN_CONTEXT',
  });
});

test('429: retryAfterSeconds from Retry-After, 60 without it', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const r = (retryAfter?: string | null) => mapCamaraError(429, {}, { flow: 'ciba', retryAfter, now });
  expect(r('120')).toMatchObject({ kind: 'failure', id: 'R429', retryAfterSeconds: 120 });
  expect(r(null)).toMatchObject({ retryAfterSeconds: 60 });
  expect(r()).toMatchObject({ retryAfterSeconds: 60 });
  expect(r('Mon, 07 Dec 2026 12:05:00 GMT')).toMatchObject({ retryAfterSeconds: 300 });
});

test.describe('retryAfterSeconds (RFC 9110 §10.2.3)', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const cases: Array<[string | null, number]> = [
    [null, 60],
    ['', 60],
    ['  ', 60],
    ['0', 1],
    ['1', 1],
    ['30', 30],
    [' 45 ', 45],
    ['3600', 3600],
    ['3601', 3600],
    ['999999999999', 3600],
    ['9999999999999999999999', 60],
    ['-5', 60],
    ['1.5', 60],
    ['soon', 60],
    ['1e3', 60],
    ['Mon, 07 Dec 2026 12:00:30 GMT', 30],
    ['Mon, 07 Dec 2026 11:00:00 GMT', 1],
    ['Tue, 08 Dec 2026 12:00:00 GMT', 3600],
    ['Monday, 07-Dec-26 12:01:00 GMT', 60],
    ['Mon Dec  7 12:00:10 2026', 10],
    ['Mon, 07 Dec 2026 12:00:30 +0000', 60],
    ['2026-12-07T12:00:30Z', 60],
    ['Mon, 99 Dec 2026 12:00:30 GMT', 60],
  ];
  for (const [header, seconds] of cases) {
    test(`${JSON.stringify(header)} -> ${seconds}`, () => expect(retryAfterSeconds(header, now)).toBe(seconds));
  }
  test('property: always a whole number in 1..3600, never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.integer().map(String),
          fc.date().map((d) => d.toUTCString()),
        ),
        (h) => {
          const s = retryAfterSeconds(h, now);
          return Number.isInteger(s) && s >= 1 && s <= 3600;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

test('property: never throws, whatever the status and body', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 999 }),
      fc.anything({ maxDepth: 2 }),
      fc.constantFrom(...FLOWS),
      fc.option(fc.string()),
      (status, body, flow, retryAfter) => {
        const o = mapCamaraError(status, body, { flow, retryAfter });
        return ['error', 'renew', 'failure', 'id_document_mismatch'].includes(o.kind);
      },
    ),
    { numRuns: 2000 },
  );
});
