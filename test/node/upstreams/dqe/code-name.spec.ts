/**
 * `code_name`, DQE's "optional field containing a code associated with name" (helpcenter.dqe.tech 34461300138769,
 * "Matching Notp - POST"), which the retrieval answer echoes ("code_name: contains the code name previously
 * sent", 34821890674577; wrapped result of 16950758357265): the relay sends the check's nonce with a consent
 * request and passes the echo on as `codeName`, which `/result` compares with the state's nonce.
 */
import { expect, test } from '@playwright/test';
import { MatchRequest } from '../../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/dqe.js';
import { setupDqe } from './setup.js';

const NONCE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const REQUEST = MatchRequest.parse(CONTRACT_MATCH_REQUEST);
const REDIRECT = 'https://shop.example/checkout?step=2';

test('a consent request sends the check nonce as code_name on /IDMOBILE/', async () => {
  await using s = await setupDqe();
  s.dqe.on('/IDMOBILE/', () => ({ json: F.CONSENT }));
  expect(await s.upstream.match(REQUEST, REDIRECT, { nonce: NONCE })).toEqual({
    kind: 'consent',
    operator: F.CONSENT.operator,
    url: F.CONSENT.url,
  });
  const form = new URLSearchParams(s.dqe.to('/IDMOBILE/')[0]!.body);
  expect(form.get('code_name')).toBe(NONCE);
  expect(form.get('redirect_uri')).toBe(REDIRECT);
});

test('without a way back (no redirect_uri) no code_name is sent: nothing to bind', async () => {
  await using s = await setupDqe();
  await s.upstream.match(REQUEST, undefined, { nonce: NONCE });
  const form = new URLSearchParams(s.dqe.to('/IDMOBILE/')[0]!.body);
  expect(form.has('code_name')).toBe(false);
  expect(form.has('redirect_uri')).toBe(false);
});

test('through the relay: /match sends a fresh 32-hex nonce per check as code_name', async () => {
  await using s = await setupDqe();
  await s.relay.match(CONTRACT_MATCH_REQUEST);
  await s.relay.match(CONTRACT_MATCH_REQUEST);
  const sent = s.dqe.to('/IDMOBILE/').map((r) => new URLSearchParams(r.body).get('code_name'));
  for (const c of sent) expect(c).toMatch(/^[0-9a-f]{32}$/);
  expect(sent[0]).not.toBe(sent[1]);
});

const ECHOES: Array<[string, unknown, string | null | undefined]> = [
  ['the wrapped result echoing the nonce', { ...F.RETRIEVAL_WRAPPED, code_name: NONCE }, NONCE],
  ['under matching_notp', { ...F.RETRIEVAL_WRAPPED_NOTP, code_name: NONCE }, NONCE],
  ['as documented, code_name ""', F.RETRIEVAL_WRAPPED, ''],
  ['code_name not a string', { ...F.RETRIEVAL_WRAPPED, code_name: 42 }, null],
  ['code_name missing from the wrapped result', { status: 'success', matching: F.RETRIEVAL_WRAPPED.matching }, null],
  ['the bare scores (nothing echoed)', F.RETRIEVAL_WRAPPED.matching, undefined],
];
for (const [name, body, codeName] of ECHOES) {
  test(`/GET/ ${name}: codeName ${JSON.stringify(codeName)}`, async () => {
    await using s = await setupDqe();
    s.dqe.on('/GET/', () => ({ json: body }));
    const a = await s.upstream.result('tok', { nonce: NONCE });
    expect(a.kind).toBe('scores');
    expect(a.kind === 'scores' && a.codeName).toBe(codeName === undefined ? undefined : codeName);
    if (codeName === undefined) expect(a).not.toHaveProperty('codeName');
  });
}
