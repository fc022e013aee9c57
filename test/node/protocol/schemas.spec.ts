import { expect, test } from '@playwright/test';
import { MatchRequest, ResultRequest, describeIssue } from '../../../src/protocol/schemas.js';
import { classifyAnswer } from '../../../src/protocol/answer.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';

const valid = CONTRACT_MATCH_REQUEST;

test('the contract example is a valid match request', () => {
  expect(MatchRequest.safeParse(valid).success).toBe(true);
});

const invalid: Array<[string, unknown, string]> = [
  ['wrong scope', { ...valid, scope: 'other' }, 'scope'],
  ['national phone', { ...valid, phone: '0612345678' }, 'phone'],
  ['gender X', { ...valid, identity: { gender: 'X' } }, 'identity.gender'],
  ['impossible date', { ...valid, identity: { birthdate: '1990-02-30' } }, 'identity.birthdate'],
  ['lowercase country', { ...valid, identity: { address: { country: 'fr' } } }, 'identity.address.country'],
  ['control char in name', { ...valid, identity: { given_name: 'a\u0000b' } }, 'identity.given_name'],
  ['too long name', { ...valid, identity: { family_name: 'x'.repeat(101) } }, 'identity.family_name'],
  ['javascript return_url', { ...valid, return_url: 'javascript:alert(1)' }, 'return_url'],
  ['no identity', { scope: 'matching_notp', phone: valid.phone }, 'identity'],
];
for (const [name, body, path] of invalid) {
  test(`refused: ${name}, naming ${path}`, () => {
    const r = MatchRequest.safeParse(body);
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssue(r.error)).toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}:`));
  });
}

test('result request needs a token-like string', () => {
  expect(ResultRequest.safeParse({ token: 'abc-123_x.y~z' }).success).toBe(true);
  expect(ResultRequest.safeParse({ token: '' }).success).toBe(false);
  expect(ResultRequest.safeParse({ token: 'a b' }).success).toBe(false);
});

const answers: Array<[string, number, unknown, string]> = [
  ['seed scores', 200, { family_name: 1.0, gender: '', address: { country: 1.0 } }, 'scores'],
  ['consent', 200, { status: 'success', operator: 'Orange', url: 'https://op.example/x' }, 'consent'],
  ['error any status', 502, { status: 'error', error_id: 'R502', error_type: 'upstream failed' }, 'error:R502'],
  ['numeric error id', 200, { status: 'error', error_id: 7, error_type: 'x' }, 'error:07'],
  ['success without url', 200, { status: 'success' }, 'error:bad_response'],
  ['null', 200, null, 'error:bad_response'],
  ['array', 200, [1], 'error:bad_response'],
  ['scores with 500', 500, { family_name: 1 }, 'error:bad_response'],
  ['pending not allowed', 200, { status: 'pending' }, 'error:bad_response'],
  ['empty object', 200, {}, 'error:bad_response'],
];
for (const [name, status, body, expected] of answers) {
  test(`classify: ${name}`, () => {
    const a = classifyAnswer(status, body);
    expect(a.kind === 'error' ? `error:${a.id}` : a.kind).toBe(expected);
  });
}
test('classify: pending where allowed', () => {
  expect(classifyAnswer(200, { status: 'pending' }, { allowPending: true }).kind).toBe('pending');
});

// (v3) "v3 precisions" 12: identity.id_document, 1 to 40 characters [A-Za-z0-9 .-], sent after R428
const documents: Array<[string, string, boolean]> = [
  ['a passport number', '12AB34567', true],
  ['spaces, dots and dashes', 'AB 123.45-6', true],
  ['one character', 'X', true],
  ['40 characters', 'A'.repeat(40), true],
  ['empty', '', false],
  ['41 characters', 'A'.repeat(41), false],
  ['an underscore', 'AB_1', false],
  ['a letter outside ASCII', 'É123', false],
  ['a newline', 'AB\n12', false],
  ['a slash', 'AB/12', false],
];
for (const [name, id_document, ok] of documents) {
  test(`identity.id_document: ${name} is ${ok ? 'accepted' : 'refused'}`, () => {
    const r = MatchRequest.safeParse({ ...valid, identity: { ...valid.identity, id_document } });
    expect(r.success).toBe(ok);
    if (!r.success) expect(describeIssue(r.error)).toMatch(/^identity\.id_document:/);
  });
}

test('identity.id_document must be a string', () => {
  expect(MatchRequest.safeParse({ ...valid, identity: { id_document: 123456 } }).success).toBe(false);
});
