/**
 * DQE's SIM-swap signal (`RELAY_SIGNALS=sim_swap`) against a stand-in that answers DQE's "ID Mobile Simswap"
 * shapes (fixtures/sim-swap.ts), NOT the project's simulator: the request's form, the call made IN PARALLEL with
 * the match under one budget, and what each answer gives in the sealed verdict `/verify` opens (swapped, not
 * swapped, unknown, upstream errors), the browser's answer unchanged.
 */
import { expect, test } from '@playwright/test';
import { MatchRequest } from '../../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/dqe.js';
import * as S from '../fixtures/sim-swap.js';
import { LICENCE, setupDqe } from '../dqe/setup.js';
import { verifyAttestation } from '../../../../src/relay/trust/verify.js';
import { ATTESTATION_SECRET, claimsOf, type Recorded, type Reply } from '../stand-in.js';

const REQUEST = MatchRequest.parse(CONTRACT_MATCH_REQUEST);
const scopeOf = (r: Recorded) => new URLSearchParams(r.body).get('scope');
/** `/IDMOBILE/` answering the match's scores, and `simSwap` to the `simswap` scope. */
const idmobile =
  (simSwap: Reply, match: Reply = { json: F.MATCH_SCORES_EXAMPLE }) =>
  (r: Recorded): Reply =>
    scopeOf(r) === 'simswap' ? simSwap : match;

test('the simswap request carries licence, token, number, name, scope=simswap and period in hours', async () => {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 72 } });
  s.dqe.on('/IDMOBILE/', idmobile({ json: S.DQE_NOT_SWAPPED }));
  await s.upstream.match(REQUEST, undefined, { nonce: 'a'.repeat(32) });
  const sent = s.dqe.to('/IDMOBILE/').filter((r) => scopeOf(r) === 'simswap');
  expect(sent).toHaveLength(1);
  const form = new URLSearchParams(sent[0]!.body);
  expect([...form.keys()].sort()).toEqual([...S.DQE_SIM_SWAP_FIELDS].sort());
  expect(form.get('licence')).toBe(LICENCE);
  expect(form.get('token')).toBe(F.TOKEN_SUCCESS.access_token);
  expect(form.get('number')).toBe(CONTRACT_MATCH_REQUEST.phone);
  expect(form.get('name')).toBe('Shop');
  expect(form.get('period')).toBe('72');
  expect(sent[0]!.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
});

test('the number is written in DQE_NUMBER_FORMAT, as the match writes it', async () => {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 }, numberFormat: 'national' });
  s.dqe.on('/IDMOBILE/', idmobile({ json: S.DQE_NOT_SWAPPED }));
  await s.upstream.match(REQUEST, undefined);
  const numbers = s.dqe.to('/IDMOBILE/').map((r) => new URLSearchParams(r.body).get('number'));
  expect(numbers).toEqual(['0612345678', '0612345678']);
});

test('without RELAY_SIGNALS nothing but the match is asked, and the verdict has no signal', async () => {
  await using s = await setupDqe();
  const answer = await s.relay.match(CONTRACT_MATCH_REQUEST);
  expect(s.dqe.to('/IDMOBILE/').map(scopeOf)).toEqual(['matching_notp']);
  const v = await claimsOf(answer.json['attestation']);
  expect(v.signals).toEqual({});
  expect(v.reasons).toEqual(['names_match']);
});

test('parallel: the simswap request arrives before the match is answered, and the check takes one delay, not two', async () => {
  const DELAY = 400;
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } });
  const arrivals: Record<string, number> = {};
  s.dqe.on('/IDMOBILE/', (r) => {
    arrivals[scopeOf(r) ?? ''] = Date.now();
    return scopeOf(r) === 'simswap'
      ? { json: S.DQE_NOT_SWAPPED, delayMs: DELAY }
      : { json: F.MATCH_SCORES_EXAMPLE, delayMs: DELAY };
  });
  await s.upstream.tokens.get(); // the token first: the bound below measures the two calls only
  const started = Date.now();
  const a = await s.upstream.match(REQUEST, undefined);
  const took = Date.now() - started;
  expect(a.kind === 'scores' && a.signals).toEqual({ sim_swap: { swapped: false, max_age_hours: 168 } });
  const [first, second] = [arrivals['matching_notp']!, arrivals['simswap']!].sort((x, y) => x - y);
  // the second call was sent while the first was still unanswered
  expect(second! - first!).toBeLessThan(DELAY);
  // serial would take at least 2 × DELAY
  expect(took).toBeLessThan(2 * DELAY - 50);
});

test('one budget: a simswap that hangs ends with the match budget as an unknown signal, never a failed check', async () => {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 }, timeoutMs: 300, budgetMs: 600 });
  s.dqe.on('/IDMOBILE/', idmobile({ hang: true }));
  const started = Date.now();
  const answer = await s.relay.match(CONTRACT_MATCH_REQUEST);
  expect(Date.now() - started).toBeLessThan(2000);
  expect(answer.json['verdict']).toBe('verified');
  const v = await claimsOf(answer.json['attestation']);
  expect(v.signals).toEqual({ sim_swap: null });
  expect(v.reasons).toContain('sim_swap_unknown');
  expect(s.events('signal_unknown')[0]).toMatchObject({ signal: 'sim_swap', upstream: 'dqe' });
});

const OUTCOMES: Array<{
  name: string;
  reply: Reply;
  signal: unknown;
  verdict: string;
  reasons: string[];
  logged?: string;
}> = [
  {
    name: 'swapped "true" (a string, as DQE writes it)',
    reply: { json: S.DQE_SWAPPED },
    signal: { swapped: true, max_age_hours: 168 },
    verdict: 'inconclusive',
    reasons: ['names_match', 'recent_sim_swap'],
  },
  {
    name: 'swapped "false"',
    reply: { json: S.DQE_NOT_SWAPPED },
    signal: { swapped: false, max_age_hours: 168 },
    verdict: 'verified',
    reasons: ['names_match'],
  },
  {
    name: 'error 17 (the operator does not answer SIM swap)',
    reply: { json: S.DQE_ERROR_17 },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
    logged: 'DQE error 17',
  },
  {
    name: 'another DQE error (98, credits)',
    reply: { json: { status: 'error', error_type: 'Credits exhausted', error_id: '98' } },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
    logged: 'DQE error 98',
  },
  {
    name: 'swapped neither "true" nor "false"',
    reply: { json: { status: 'success', operator: 'Orange', swapped: 'maybe' } },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
    logged: 'swapped',
  },
  {
    name: 'HTTP 500 without a body',
    reply: { status: 500, text: '' },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
    logged: 'R502',
  },
  {
    name: 'not JSON',
    reply: { status: 200, text: '<html>' },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
    logged: 'R502',
  },
];
for (const o of OUTCOMES) {
  test(`simswap ${o.name}: sealed signal and reasons; the browser's answer unchanged`, async () => {
    await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } });
    s.dqe.on('/IDMOBILE/', idmobile(o.reply));
    const answer = await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(answer.status).toBe(200);
    // the public verdict: from the bands shown, never the signal
    expect(answer.json['verdict']).toBe('verified');
    expect(answer.json).not.toHaveProperty('signals');
    expect(answer.json).not.toHaveProperty('reasons');
    const v = await claimsOf(answer.json['attestation']);
    expect(v.signals).toEqual({ sim_swap: o.signal });
    expect(v.verdict).toBe(o.verdict);
    expect(v.reasons).toEqual(o.reasons);
    if (o.logged) expect(String(s.events('signal_unknown')[0]?.['reason'])).toContain(o.logged);
  });
}

test('a swapped line under the default accept (["verified"]): verdict_not_accepted, verdict inconclusive', async () => {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } });
  s.dqe.on('/IDMOBILE/', idmobile({ json: S.DQE_SWAPPED }));
  const answer = await s.relay.match(CONTRACT_MATCH_REQUEST);
  const r = await verifyAttestation(answer.json['attestation'], ATTESTATION_SECRET, {
    phone: CONTRACT_MATCH_REQUEST.phone,
    identity: CONTRACT_MATCH_REQUEST.identity,
    replay: false,
  });
  expect(r).toEqual({ success: false, error_codes: ['verdict_not_accepted'], verdict: 'inconclusive' });
});

test('require_signals: an unknown signal fails with signal_unavailable, an answered one passes', async () => {
  for (const [reply, ok] of [
    [{ json: S.DQE_ERROR_17 }, false],
    [{ json: S.DQE_NOT_SWAPPED }, true],
  ] as const) {
    await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } });
    s.dqe.on('/IDMOBILE/', idmobile(reply));
    const answer = await s.relay.match(CONTRACT_MATCH_REQUEST);
    const r = await verifyAttestation(answer.json['attestation'], ATTESTATION_SECRET, {
      phone: CONTRACT_MATCH_REQUEST.phone,
      identity: CONTRACT_MATCH_REQUEST.identity,
      requireSignals: ['sim_swap'],
      replay: false,
    });
    expect(r.success).toBe(ok);
    if (!r.success) expect(r.error_codes).toEqual(['signal_unavailable']);
  }
});

test('error 30 on simswap: the token is renewed once and the question asked again', async () => {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } });
  let simswaps = 0;
  s.dqe.on('/IDMOBILE/', (r) =>
    scopeOf(r) === 'simswap'
      ? { json: ++simswaps === 1 ? S.DQE_ERROR_30 : S.DQE_SWAPPED }
      : { json: F.MATCH_SCORES_EXAMPLE },
  );
  const a = await s.upstream.match(REQUEST, undefined);
  expect(a.kind === 'scores' && a.signals).toEqual({ sim_swap: { swapped: true, max_age_hours: 168 } });
  expect(simswaps).toBe(2);
  expect(s.dqe.to('/ACCESS_TOKEN/')).toHaveLength(2);
});

test('a match error is answered as before; the signal never turns it into anything else', async () => {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } });
  s.dqe.on('/IDMOBILE/', idmobile({ json: S.DQE_SWAPPED }, { json: F.errorBody({ id: '10', type: 'x' }) }));
  const answer = await s.relay.match(CONTRACT_MATCH_REQUEST);
  expect(answer.json).toMatchObject({ status: 'error', error_id: '10' });
  expect(answer.json).not.toHaveProperty('attestation');
});

test('consent path: the match answers consent; the signal is asked once, when /GET/ gives the result', async () => {
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } });
  s.dqe.on('/IDMOBILE/', idmobile({ json: S.DQE_SWAPPED }, { json: F.CONSENT }));
  s.dqe.queue('/GET/', { json: F.RETRIEVAL_PENDING });
  s.dqe.on('/GET/', () => ({ json: F.RETRIEVAL_WRAPPED }));
  const consent = await s.upstream.match(REQUEST, 'https://shop.example/back', { nonce: 'b'.repeat(32) });
  expect(consent.kind).toBe('consent');
  const binding = { nonce: 'b'.repeat(32), phone: REQUEST.phone };
  expect((await s.upstream.result('tok', binding)).kind).toBe('pending');
  const before = s.dqe.to('/IDMOBILE/').filter((r) => scopeOf(r) === 'simswap').length;
  const done = await s.upstream.result('tok', binding);
  expect(done.kind === 'scores' && done.signals).toEqual({ sim_swap: { swapped: true, max_age_hours: 168 } });
  // a pending poll asks nothing; the final result asks once
  expect(s.dqe.to('/IDMOBILE/').filter((r) => scopeOf(r) === 'simswap').length).toBe(before + 1);
});

test('consent path through the relay: /result asks the signal for the number its sealed state holds', async () => {
  // DQE_CONSENT_BINDING=off: the documented wrapped result (code_name "") is signed consent-unbound
  await using s = await setupDqe({ simSwap: { maxAgeHours: 168 } }, { consentBinding: 'off' });
  s.dqe.on('/GET/', () => ({ json: F.RETRIEVAL_WRAPPED }));
  s.dqe.on('/IDMOBILE/', idmobile({ json: S.DQE_SWAPPED }));
  const answer = await s.relay.result('session-token-1');
  expect(answer.status).toBe(200);
  expect(answer.json).not.toHaveProperty('signals');
  const [asked] = s.dqe.to('/IDMOBILE/').filter((r) => scopeOf(r) === 'simswap');
  expect(new URLSearchParams(asked!.body).get('number')).toBe(CONTRACT_MATCH_REQUEST.phone);
  const v = await claimsOf(answer.json['attestation'], { acceptUnboundConsent: true });
  expect(v.signals).toEqual({ sim_swap: { swapped: true, max_age_hours: 168 } });
  expect(v.reasons).toContain('recent_sim_swap');
});
