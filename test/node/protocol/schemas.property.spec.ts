/**
 * Hardening (issue 7): the relay's request schemas against arbitrary input. `safeParse` never throws; what it
 * accepts always satisfies the contract's constraints (E.164 phone, lengths, no control characters, real dates,
 * http(s) return_url) and carries no key the schema does not know; prototypes are never polluted.
 */
import { expect, test } from '@playwright/test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LIMITS, MatchRequest, ResultRequest } from '../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import { anyBody, assertNoPollution, nearMatchBody } from '../../fixtures/hostile-requests.js';

const SEED = 7_0711;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkAccepted(data: MatchRequest): void {
  assert.equal(
    Object.keys(data).every((k) => ['scope', 'phone', 'identity', 'return_url'].includes(k)),
    true,
  );
  assert.equal(data.scope, 'matching_notp');
  assert.match(data.phone, /^\+[1-9]\d{6,14}$/);
  const id = data.identity as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(id), Object.prototype);
  assert.equal(
    Object.keys(id).every((k) => ['gender', 'given_name', 'family_name', 'birthdate', 'email', 'address'].includes(k)),
    true,
  );
  if (id['gender'] !== undefined) assert.ok(['M', 'F', ''].includes(id['gender'] as string));
  for (const [k, max] of [
    ['given_name', LIMITS.name],
    ['family_name', LIMITS.name],
    ['email', LIMITS.email],
  ] as const) {
    const v = id[k];
    if (v !== undefined) {
      assert.equal(typeof v, 'string');
      assert.ok((v as string).length <= max);
      assert.equal(CONTROL.test(v as string), false);
    }
  }
  if (id['birthdate'] !== undefined && id['birthdate'] !== '') {
    const d = new Date(`${id['birthdate'] as string}T00:00:00Z`);
    assert.equal(d.toISOString().slice(0, 10), id['birthdate']);
  }
  const a = id['address'] as Record<string, unknown> | undefined;
  if (a !== undefined) {
    for (const [k, v] of Object.entries(a)) {
      assert.ok(['street_address', 'postal_code', 'locality', 'country'].includes(k));
      assert.equal(typeof v, 'string');
      assert.equal(CONTROL.test(v as string), false);
    }
    if (a['country'] !== undefined) assert.match(a['country'] as string, /^([A-Z]{2})?$/);
  }
  if (data.return_url !== undefined) {
    assert.ok(data.return_url.length <= LIMITS.url);
    assert.ok(['http:', 'https:'].includes(new URL(data.return_url).protocol));
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
        } else assert.ok(r.error.issues.length > 0);
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
    fc.string({ maxLength: 600 }),
    fc.stringMatching(/^[\w.~-]{0,600}$/),
    fc.constantFrom('../../etc', 'a b', 'a&licence=x', 'a'.repeat(512), 'a'.repeat(513), ''),
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
          assert.deepEqual(Object.keys(r.data), ['token']);
          assert.match(r.data.token, /^[\x21-\x7e]{1,512}$/);
        }
        assertNoPollution();
      },
    ),
    { seed: SEED, numRuns: 2000 },
  );
});
