/**
 * `/result` after a retryable retrieval error leaves the consent token and the state usable: DQE's retrieval
 * error table (helpcenter.dqe.tech 34822047136017) lists 18 "failed to retrieve data from operator", 99
 * "internal server error" and 30 "invalid or expired token"; the widget's one retry must reach DQE again, not
 * meet R409. A final answer (scores, 21 access denied) marks both used: a replay is R409, DQE not asked.
 */
import { expect, test } from '@playwright/test';
import { CHECK_NONCE } from '../../relay/fake-upstream.js';
import * as F from '../fixtures/dqe.js';
import { setupDqe } from './setup.js';

const RESULT = { json: { ...F.RETRIEVAL_WRAPPED, code_name: CHECK_NONCE } };
const error = (id: string) => ({ json: F.errorBody(F.RETRIEVAL_ERROR_TABLE.find((e) => e.id === id)!) });

for (const id of ['18', '99', '30']) {
  test(`retrieval error ${id}, then the shopper retries: DQE asked again, the result served, then R409`, async () => {
    await using s = await setupDqe();
    s.dqe.queue('/GET/', error(id), RESULT);
    const first = await s.relay.result('tok');
    expect(first.json['error_id']).toBe(id);
    const retry = await s.relay.result('tok');
    expect(retry.status).toBe(200);
    expect(retry.json).toHaveProperty('attestation');
    expect(s.dqe.to('/GET/')).toHaveLength(2);
    // final now: the same token and state are refused without asking DQE
    expect((await s.relay.result('tok')).json['error_id']).toBe('R409');
    expect(s.dqe.to('/GET/')).toHaveLength(2);
  });
}

test('retrieval error 18 twice, then the result: still usable after each retryable error', async () => {
  await using s = await setupDqe();
  s.dqe.queue('/GET/', error('18'), error('18'), RESULT);
  expect((await s.relay.result('tok')).json['error_id']).toBe('18');
  expect((await s.relay.result('tok')).json['error_id']).toBe('18');
  expect((await s.relay.result('tok')).status).toBe(200);
});

for (const id of ['21', '01', '04']) {
  test(`final retrieval error ${id}: the retry is R409 and DQE is not asked again`, async () => {
    // a configured scope: no fallback after 04
    await using s = await setupDqe({ resultScope: 'matching_notp' });
    s.dqe.queue('/GET/', error(id), RESULT);
    expect((await s.relay.result('tok')).json['error_id']).toBe(id);
    expect((await s.relay.result('tok')).json['error_id']).toBe('R409');
    expect(s.dqe.to('/GET/')).toHaveLength(1);
  });
}

test('pending leaves them usable: polled until the result', async () => {
  await using s = await setupDqe();
  s.dqe.queue('/GET/', { json: F.RETRIEVAL_PENDING }, { json: F.RETRIEVAL_PENDING }, RESULT);
  expect((await s.relay.result('tok')).json).toEqual({ status: 'pending' });
  expect((await s.relay.result('tok')).json).toEqual({ status: 'pending' });
  expect((await s.relay.result('tok')).status).toBe(200);
  expect((await s.relay.result('tok')).json['error_id']).toBe('R409');
});
