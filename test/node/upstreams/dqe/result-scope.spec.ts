/**
 * The `/GET/` scope. DQE's pages disagree on it: the matching pages name `matching_notp`, the retrieval pages
 * (e.g. helpcenter.dqe.tech 34822144766993, `GET /GET/?token=…&Licence=…&scope={SCOPE}`) `client_idmobile`, and
 * the retrieval error table (34822047136017) answers 04 "invalid scope". Left unset, the relay asks with
 * `matching_notp`, tries `client_idmobile` once after a 04, keeps the scope that worked for later retrievals and
 * logs it once; a configured `DQE_RESULT_SCOPE` is used alone.
 */
import { expect, test } from '@playwright/test';
import { errorTypeFor } from '../../../../src/relay/error-types.js';
import { CHECK_NONCE } from '../../relay/fake-upstream.js';
import * as F from '../fixtures/dqe.js';
import type { Recorded, Reply } from '../stand-in.js';
import { setupDqe } from './setup.js';

const SCOPE_REFUSED = F.errorBody(F.RETRIEVAL_ERROR_TABLE.find((e) => e.id === '04')!);
const ERROR_04 = { status: 'error', error_id: '04', error_type: errorTypeFor('04') };

/** A DQE that knows only the `accepted` retrieval scopes: 04 for any other, else `answer` with that scope. */
const onlyScopes =
  (accepted: string[], answer: (scope: string) => Reply = (scope) => ({ json: { ...F.RETRIEVAL_PENDING, scope } })) =>
  (req: Recorded): Reply => {
    const scope = req.query.get('scope') ?? '';
    return accepted.includes(scope) ? answer(scope) : { json: SCOPE_REFUSED };
  };
const scopesAsked = (requests: Recorded[]) => requests.map((r) => r.query.get('scope'));

test('default, DQE refuses matching_notp: client_idmobile once, then kept; logged once', async () => {
  await using s = await setupDqe();
  s.dqe.on('/GET/', onlyScopes(['client_idmobile']));
  expect((await s.relay.result('tok-1')).json).toEqual({ status: 'pending' });
  expect(scopesAsked(s.dqe.to('/GET/'))).toEqual(['matching_notp', 'client_idmobile']);
  // the same session token both times
  expect(s.dqe.to('/GET/').map((r) => r.query.get('token'))).toEqual(['tok-1', 'tok-1']);
  expect((await s.relay.result('tok-2')).json).toEqual({ status: 'pending' });
  expect((await s.relay.result('tok-3')).json).toEqual({ status: 'pending' });
  expect(scopesAsked(s.dqe.to('/GET/'))).toEqual([
    'matching_notp',
    'client_idmobile',
    'client_idmobile',
    'client_idmobile',
  ]);
  expect(s.events('dqe_result_scope')).toEqual([
    expect.objectContaining({ level: 'info', scope: 'client_idmobile', fallback: true }),
  ]);
  expect(s.events('dqe_result_scope_fallback')).toHaveLength(1);
  expect(s.events('dqe_result_scope_refused')).toHaveLength(0);
});

test('default, the fallback answers the wrapped result echoing the check: served with an attestation', async () => {
  await using s = await setupDqe();
  s.dqe.on(
    '/GET/',
    onlyScopes(['client_idmobile'], (scope) => ({ json: { ...F.RETRIEVAL_WRAPPED, scope, code_name: CHECK_NONCE } })),
  );
  const { status, json } = await s.relay.result('tok');
  expect(status).toBe(200);
  expect(json['address']).toEqual({ street_address: 0.91, postal_code: 1, locality: 1, country: 1 });
  expect(json).toHaveProperty('attestation');
});

test('default, DQE takes matching_notp: asked alone, logged once', async () => {
  await using s = await setupDqe();
  s.dqe.on('/GET/', onlyScopes(['matching_notp']));
  await s.relay.result('a');
  await s.relay.result('b');
  expect(scopesAsked(s.dqe.to('/GET/'))).toEqual(['matching_notp', 'matching_notp']);
  expect(s.events('dqe_result_scope')).toEqual([
    expect.objectContaining({ level: 'info', scope: 'matching_notp', fallback: false }),
  ]);
  expect(s.events('dqe_result_scope_fallback')).toHaveLength(0);
});

test('default, DQE refuses both: 04 answered, an error line saying what to set, nothing kept', async () => {
  await using s = await setupDqe();
  s.dqe.on('/GET/', onlyScopes([]));
  expect((await s.relay.result('a')).json).toEqual(ERROR_04);
  expect(scopesAsked(s.dqe.to('/GET/'))).toEqual(['matching_notp', 'client_idmobile']);
  const refused = s.events('dqe_result_scope_refused');
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatchObject({ level: 'error', scopes: ['matching_notp', 'client_idmobile'] });
  expect(JSON.stringify(refused[0])).toContain('DQE_RESULT_SCOPE');
  expect(s.events('dqe_result_scope')).toHaveLength(0);
  expect(await s.upstream.result('b')).toMatchObject({ kind: 'error', id: '04' });
  expect(scopesAsked(s.dqe.to('/GET/'))).toEqual([
    'matching_notp',
    'client_idmobile',
    'matching_notp',
    'client_idmobile',
  ]);
});

test('default, another error (30) to matching_notp: no fallback, nothing settled', async () => {
  await using s = await setupDqe();
  s.dqe.on('/GET/', () => ({ json: F.errorBody({ id: '30', type: 'invalid or expired token' }) }));
  expect((await s.relay.result('a')).json['error_id']).toBe('30');
  expect(scopesAsked(s.dqe.to('/GET/'))).toEqual(['matching_notp']);
  expect(s.events('dqe_result_scope')).toHaveLength(0);
});

for (const configured of ['matching_notp', 'client_idmobile']) {
  test(`DQE_RESULT_SCOPE=${configured} configured and refused (04): answered 04, never another scope`, async () => {
    await using s = await setupDqe({ resultScope: configured });
    s.dqe.on('/GET/', onlyScopes([]));
    expect((await s.relay.result('a')).json).toEqual(ERROR_04);
    expect(await s.upstream.result('b')).toMatchObject({ kind: 'error', id: '04' });
    expect(scopesAsked(s.dqe.to('/GET/'))).toEqual([configured, configured]);
    expect(s.events('dqe_result_scope_fallback')).toHaveLength(0);
  });
}

test('the fallback spends the same time budget: a hanging second call is R504 within it', async () => {
  await using s = await setupDqe({ timeoutMs: 300, budgetMs: 600 });
  s.dqe.queue('/GET/', { json: SCOPE_REFUSED }, { hang: true });
  const started = Date.now();
  expect((await s.relay.result('a')).json['error_id']).toBe('R504');
  expect(Date.now() - started).toBeLessThan(2000);
});
