/**
 * Hardening (issue 7): the relay's request schemas against arbitrary input. `safeParse` never throws; what it
 * accepts always satisfies the contract's constraints (E.164 phone, lengths, no control characters, real dates,
 * http(s) return_url) and carries no key the schema does not know; prototypes are never polluted.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { LIMITS, MatchRequest, ResultRequest } from '../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import { assertNoPollution } from '../../fixtures/hostile-json.js';
import { anyBody, nearMatchBody } from '../../fixtures/hostile-requests.js';

const SEED = 7_0711;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkAccepted(data: MatchRequest): void {
  expect(['scope', 'phone', 'identity', 'return_url']).toEqual(expect.arrayContaining(Object.keys(data)));
  expect(data.scope).toBe('matching_notp');
  expect(data.phone).toMatch(/^\+[1-9]\d{6,14}$/);
  const id = data.identity as Record<string, unknown>;
  expect(Object.getPrototypeOf(id)).toBe(Object.prototype);
  expect(['gender', 'given_name', 'family_name', 'birthdate', 'email', 'address']).toEqual(
    expect.arrayContaining(Object.keys(id)),
  );
  if (id['gender'] !== undefined) expect(['M', 'F', '']).toContain(id['gender']);
  for (const [k, max] of [
    ['given_name', LIMITS.name],
    ['family_name', LIMITS.name],
    ['email', LIMITS.email],
  ] as const) {
    const v = id[k];
    if (v !== undefined) {
      expect(typeof v).toBe('string');
      expect((v as string).length).toBeLessThanOrEqual(max);
      expect(CONTROL.test(v as string)).toBe(false);
    }
  }
  if (id['birthdate'] !== undefined && id['birthdate'] !== '') {
    const d = new Date(`${id['birthdate'] as string}T00:00:00Z`);
    expect(d.toISOString().slice(0, 10)).toBe(id['birthdate']);
  }
  const a = id['address'] as Record<string, unknown> | undefined;
  if (a !== undefined) {
    for (const [k, v] of Object.entries(a)) {
      expect(['street_address', 'postal_code', 'locality', 'country']).toContain(k);
      expect(typeof v).toBe('string');
      expect(CONTROL.test(v as string)).toBe(false);
    }
    if (a['country'] !== undefined) expect(a['country'] as string).toMatch(/^([A-Z]{2})?$/);
  }
  if (data.v !== undefined) expect(data.v).toBe(3);
  if (data.return_url !== undefined) {
    expect(data.return_url.length).toBeLessThanOrEqual(LIMITS.url);
    expect(['http:', 'https:']).toContain(new URL(data.return_url).protocol);
  }
}

test('MatchRequest: never throws, accepts only what the contract allows', () => {
  let accepted = 0;
  fc.assert(
    fc.property(
      fc.oneof(
        nearMatchBody,
        anyBody.map((t) => {
          try {
            return JSON.parse(t) as unknown;
          } catch {
            return t;
          }
        }),
      ),
      (body) => {
        const r = MatchRequest.safeParse(body);
        if (r.success) {
          accepted++;
          checkAccepted(r.data);
        } else expect(r.error.issues.length).toBeGreaterThan(0);
        assertNoPollution();
      },
    ),
    { seed: SEED, numRuns: 3000 },
  );
  // the generator reaches the accepting side too, so the checks above ran on real successes
  expect(accepted).toBeGreaterThan(20);
});

test('MatchRequest: the valid contract example passes (the property is not vacuous)', () => {
  const ok = MatchRequest.safeParse(CONTRACT_MATCH_REQUEST);
  expect(ok.success).toBe(true);
});

test('ResultRequest: never throws; an accepted token is bounded printable ASCII', () => {
  const tokens = fc.oneof(
    fc.string({ maxLength: 2100 }),
    fc.stringMatching(/^[\w.~-]{0,2100}$/),
    fc.constantFrom('../../etc', 'a b', 'a&licence=x', 'a'.repeat(2048), 'a'.repeat(2049), ''),
    fc.anything(),
  );
  fc.assert(
    fc.property(
      fc.oneof(
        tokens.map((token) => ({ token })),
        fc.anything(),
        fc.record({ token: tokens, extra: fc.anything() }, { requiredKeys: [] }),
      ),
      (body) => {
        const r = ResultRequest.safeParse(body);
        if (r.success) {
          expect(Object.keys(r.data)).toStrictEqual(['token']);
          // a DQE consent token, or the relay's CIBA token (a compact JWE of at most 2048 characters)
          expect(r.data.token).toMatch(/^[\x21-\x7e]{1,2048}$/);
        }
        assertNoPollution();
      },
    ),
    { seed: SEED, numRuns: 2000 },
  );
});
