/**
 * `POST /verify` FAILS CLOSED (DESIGN.md "Server API", "v3 precisions" 10 and 14): whatever the attestation binds
 * must be given and must agree, only the verdicts the shop accepts succeed (`verified` by default), its policy
 * fields are checked against the SEALED scores, and every code that applies is listed. One row per rule, over HTTP,
 * each with the exact answer: a row fails when its rule is removed. Each rule's counterpart (the same check with
 * what the rule asks for) succeeds, so no row passes for another reason.
 */
import { expect, test } from '@playwright/test';
import { ATTESTATION_SECRET, CAMILLE_SCORES, MATCH_BODY, RELAY_URL, harness } from './fake-upstream.js';

const API_KEY = 'verify-api-key-0123456789abcdef0123456789';
type Json = Record<string, unknown>;

/** The checks the rows verify: the contract example's, and variants of it. */
type CheckKind = 'plain' | 'session' | 'rejected' | 'inconclusive' | 'other-issuer' | 'no-identity';

/** Scores of a check whose given name is only in the partial band (0.75): `inconclusive` by the relay's policy. */
const PARTIAL_NAME = { ...CAMILLE_SCORES, given_name: 0.75 };
/** Scores of a check whose family name is in the mismatch band: `rejected`. */
const WRONG_NAME = { ...CAMILLE_SCORES, family_name: 0.2 };
const OTHER_ISSUER = 'https://other-relay.example';
const REFERENCE = 'order-1234';

/** A relay with the server API; `issuer` its RELAY_ISSUER (the same secret either way). */
function relay(issuer?: string) {
  const h = harness({ apiKey: API_KEY, ...(issuer !== undefined && { issuer }) });
  const call = async (path: string, body: unknown) => {
    const res = await h.relay.request(`${RELAY_URL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  return { ...h, call };
}

/** Runs a check of `kind` and answers its attestation, and the relay whose `/verify` the rows call. */
async function check(kind: CheckKind) {
  const verifier = relay();
  const signer = kind === 'other-issuer' ? relay(OTHER_ISSUER) : verifier;
  if (kind === 'rejected') signer.upstream.script.IDMOBILE.push({ json: WRONG_NAME });
  if (kind === 'inconclusive') signer.upstream.script.IDMOBILE.push({ json: PARTIAL_NAME });
  let body: Json = MATCH_BODY;
  if (kind === 'session') {
    const created = await signer.call('/sessions', { reference: REFERENCE });
    expect(created.status).toBe(201);
    body = { ...MATCH_BODY, session: created.json['session'] };
  }
  if (kind === 'no-identity') body = { ...MATCH_BODY, identity: {} };
  const res = await signer.match(body);
  expect(res.status).toBe(200);
  const { attestation } = (await res.json()) as { attestation: string };
  expect(attestation).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return { attestation, verifier, signer };
}

/** What the shop's order says (the contract example's): the rows leave out or change what their rule needs. */
const ORDER_BODY = { phone: MATCH_BODY.phone, identity: MATCH_BODY.identity };

interface Row {
  name: string;
  kind: CheckKind;
  body: Json;
  /** The exact answer (200). */
  expected: Json;
  /** The same check verified with what the rule asks for: a success (with these fields). */
  counterpart?: { body: Json; expected: Json };
}

const ROWS: Row[] = [
  {
    name: 'missing_phone: the phone is required',
    kind: 'plain',
    body: { identity: MATCH_BODY.identity },
    expected: { success: false, error_codes: ['missing_phone'] },
    counterpart: { body: ORDER_BODY, expected: { success: true } },
  },
  {
    name: 'missing_phone: an empty phone is a missing phone',
    kind: 'plain',
    body: { ...ORDER_BODY, phone: '' },
    expected: { success: false, error_codes: ['missing_phone'] },
  },
  {
    name: 'missing_identity: required when the attestation binds identity fields',
    kind: 'plain',
    body: { phone: MATCH_BODY.phone },
    expected: { success: false, error_codes: ['missing_identity'] },
    counterpart: { body: ORDER_BODY, expected: { success: true } },
  },
  {
    name: 'missing_identity: not asked when the attestation binds none',
    kind: 'no-identity',
    body: { phone: MATCH_BODY.phone, accept: ['verified', 'inconclusive', 'rejected'] },
    expected: { success: true, checked: ['phone'] },
  },
  {
    name: 'missing_reference: required when the attestation carries one (a session)',
    kind: 'session',
    body: ORDER_BODY,
    expected: { success: false, error_codes: ['missing_reference'] },
    counterpart: { body: { ...ORDER_BODY, reference: REFERENCE }, expected: { success: true, reference: REFERENCE } },
  },
  {
    name: 'missing_reference: an empty reference counts as none, like an empty phone',
    kind: 'session',
    body: { ...ORDER_BODY, reference: '' },
    expected: { success: false, error_codes: ['missing_reference'] },
  },
  {
    name: 'every missing part is listed together',
    kind: 'session',
    body: {},
    expected: { success: false, error_codes: ['missing_phone', 'missing_identity', 'missing_reference'] },
  },
  {
    name: "wrong_issuer: another relay's attestation, signed with the same secret",
    kind: 'other-issuer',
    body: ORDER_BODY,
    expected: { success: false, error_codes: ['wrong_issuer'] },
  },
  {
    name: 'verdict_not_accepted: only verified by default, the verdict named (rejected)',
    kind: 'rejected',
    body: ORDER_BODY,
    expected: { success: false, error_codes: ['verdict_not_accepted'], verdict: 'rejected' },
    counterpart: { body: { ...ORDER_BODY, accept: ['rejected'] }, expected: { success: true, verdict: 'rejected' } },
  },
  {
    name: 'verdict_not_accepted: an inconclusive check by default',
    kind: 'inconclusive',
    body: ORDER_BODY,
    expected: { success: false, error_codes: ['verdict_not_accepted'], verdict: 'inconclusive' },
  },
  {
    name: 'accept ["verified","inconclusive"]: an inconclusive check succeeds, its verdict said',
    kind: 'inconclusive',
    body: { ...ORDER_BODY, accept: ['verified', 'inconclusive'] },
    expected: { success: true, verdict: 'inconclusive', reasons: ['partial_fields'] },
  },
  {
    name: 'accept ["inconclusive"]: a verified check is then not accepted',
    kind: 'plain',
    body: { ...ORDER_BODY, accept: ['inconclusive'] },
    expected: { success: false, error_codes: ['verdict_not_accepted'], verdict: 'verified' },
  },
  {
    name: 'require_checked: unchecked_fields naming the fields the operator did not compare',
    kind: 'plain',
    body: { ...ORDER_BODY, require_checked: ['gender', 'given_name', 'address'] },
    expected: { success: false, error_codes: ['unchecked_fields'], unchecked: ['gender'] },
    counterpart: {
      body: { ...ORDER_BODY, require_checked: ['given_name', 'family_name', 'address'] },
      expected: { success: true },
    },
  },
  {
    name: 'require_match: unmatched_fields naming the fields not in the match band (sealed thresholds)',
    kind: 'plain',
    body: { ...ORDER_BODY, require_match: ['email', 'address.postal_code', 'birthdate'] },
    expected: { success: false, error_codes: ['unmatched_fields'], unmatched: ['email'] },
    counterpart: { body: { ...ORDER_BODY, require_match: ['address', 'birthdate'] }, expected: { success: true } },
  },
  {
    name: 'require_match: a field not compared is not matched',
    kind: 'plain',
    body: { ...ORDER_BODY, require_match: ['gender'] },
    expected: { success: false, error_codes: ['unmatched_fields'], unmatched: ['gender'] },
  },
  {
    name: 'policy codes are listed together with the verdict',
    kind: 'inconclusive',
    body: { ...ORDER_BODY, require_checked: ['gender'], require_match: ['given_name'] },
    expected: {
      success: false,
      error_codes: ['verdict_not_accepted', 'unchecked_fields', 'unmatched_fields'],
      verdict: 'inconclusive',
      unchecked: ['gender'],
      unmatched: ['given_name'],
    },
  },
];

test.describe('POST /verify fails closed', () => {
  for (const row of ROWS) {
    test(row.name, async () => {
      const { attestation, verifier } = await check(row.kind);
      const res = await verifier.call('/verify', { attestation, ...row.body });
      expect(res.status).toBe(200);
      if (row.expected['success'] === false) expect(res.json).toEqual(row.expected);
      else expect(res.json).toMatchObject(row.expected);
      if (row.counterpart) {
        // a refusal does not use the attestation up: the same attestation, given what the rule asks for, verifies
        const ok = await verifier.call('/verify', { attestation, ...row.counterpart.body });
        expect(ok.status).toBe(200);
        expect(ok.json).toMatchObject(row.counterpart.expected);
      }
    });
  }

  test("wrong_issuer is the verifier's issuer: the relay that signed verifies its own", async () => {
    const { attestation, signer } = await check('other-issuer');
    const res = await signer.call('/verify', { attestation, ...ORDER_BODY });
    expect(res.json).toMatchObject({ success: true, issuer: OTHER_ISSUER });
  });

  test('only a success marks the attestation used: a second success is duplicate', async () => {
    const { attestation, verifier } = await check('plain');
    expect((await verifier.call('/verify', { attestation })).json['success']).toBe(false);
    expect((await verifier.call('/verify', { attestation, ...ORDER_BODY })).json['success']).toBe(true);
    expect((await verifier.call('/verify', { attestation, ...ORDER_BODY })).json).toEqual({
      success: false,
      error_codes: ['duplicate'],
    });
  });
});

test.describe('POST /verify refuses an unknown policy name (400 invalid_request naming the field)', () => {
  // the field is the body's path to the name at fault (the list's index)
  const bad: Array<[string, Json, string]> = [
    ['require_checked', { require_checked: ['given_name', 'shoe_size'] }, 'require_checked.1'],
    ['require_match', { require_match: ['address.planet'] }, 'require_match.0'],
    ['accept', { accept: ['maybe'] }, 'accept.0'],
    ['require_checked (not a list)', { require_checked: 'given_name' }, 'require_checked'],
  ];
  for (const [name, policy, field] of bad) {
    test(name, async () => {
      const { attestation, verifier } = await check('plain');
      const res = await verifier.call('/verify', { attestation, ...ORDER_BODY, ...policy });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ success: false, error_codes: ['invalid_request'], field });
      // nothing was verified: the attestation is still unused
      expect((await verifier.call('/verify', { attestation, ...ORDER_BODY })).json['success']).toBe(true);
    });
  }
});

test('the secret is shared, the issuer is not: the same attestation verifies only where its iss is expected', async () => {
  // the two relays share ATTESTATION_SECRET: the signature alone would accept each other's attestations
  expect(ATTESTATION_SECRET.length).toBeGreaterThanOrEqual(32);
  const { attestation } = await check('plain');
  const other = relay(OTHER_ISSUER);
  expect((await other.call('/verify', { attestation, ...ORDER_BODY })).json).toEqual({
    success: false,
    error_codes: ['wrong_issuer'],
  });
});
