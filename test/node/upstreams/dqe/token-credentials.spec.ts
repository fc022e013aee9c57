/**
 * DQE's token endpoint refusing the credentials. DQE's token pages (helpcenter.dqe.tech, "ID Mobile — Token"
 * 48305385361169 and "API - Description - IDMobile Token - Response" 34461082256657) answer a missing licence, an
 * incorrect licence ("400 Error (Invalid Client)"), a missing client secret and a wrong grant type with HTTP 400,
 * without showing a body; the older version of the response page answers its error ids (03 invalid client
 * secret…) in DQE's error body; a parameter typo answers 500. A 400/401 without DQE's body is error 03 (an
 * integration error), logged once with the settings to check; with DQE's body its id is kept; 5xx and silence
 * stay outages (R502/R504).
 */
import { expect, test } from '@playwright/test';
import { errorTypeFor } from '../../../../src/relay/error-types.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/dqe.js';
import type { Reply } from '../stand-in.js';
import { LICENCE, SECRET, setupDqe } from './setup.js';

const ERROR_03 = { status: 'error', error_id: '03', error_type: errorTypeFor('03') };

const BARE_BODIES: Array<[string, Omit<Reply, 'status'>]> = [
  ['no body', { text: '' }],
  ['the page’s words as text', { text: 'Invalid Client' }],
  ['an OAuth-style JSON error', { json: { error: 'invalid_client' } }],
  ['an HTML error page', { text: '<html><body><h1>400 Bad Request</h1></body></html>' }],
  ['JSON of no known shape', { json: { status: 'error' } }],
];

for (const status of [400, 401]) {
  for (const [name, reply] of BARE_BODIES) {
    test(`token HTTP ${status} with ${name}: error 03, /IDMOBILE/ never called, one log line naming the settings`, async () => {
      await using s = await setupDqe();
      s.dqe.on('/ACCESS_TOKEN/', () => ({ status, ...reply }));
      const { status: http, json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
      expect(http).toBe(200);
      expect(json).toEqual(ERROR_03);
      expect(s.dqe.to('/IDMOBILE/')).toHaveLength(0);
      // an answer, not an outage: never retried
      expect(s.dqe.to('/ACCESS_TOKEN/')).toHaveLength(1);
      const lines = s.events('dqe_credentials_refused');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'error', status, error_id: '03' });
      expect(JSON.stringify(lines[0])).toContain('check DQE_LICENCE and DQE_CLIENT_SECRET');
      // the settings are named, never their values
      const all = JSON.stringify(s.logs);
      expect(all).not.toContain(LICENCE);
      expect(all).not.toContain(SECRET);
      expect(s.events('upstream_failed')).toHaveLength(0);
    });
  }
}

test('each check asks again (no refusal is cached): the merchant’s fix takes effect at once', async () => {
  await using s = await setupDqe();
  s.dqe.queue('/ACCESS_TOKEN/', { status: 400, text: '' });
  expect((await s.relay.match(CONTRACT_MATCH_REQUEST)).json).toEqual(ERROR_03);
  const fixed = await s.relay.match(CONTRACT_MATCH_REQUEST);
  expect(fixed.status).toBe(200);
  expect(fixed.json['verdict']).toBe('verified');
  expect(s.dqe.to('/ACCESS_TOKEN/')).toHaveLength(2);
});

for (const e of F.TOKEN_ERROR_TABLE.filter((t) => t.id !== '30')) {
  for (const status of [400, 401]) {
    test(`token HTTP ${status} WITH DQE's error body ${e.id}: its id is kept, no credentials line`, async () => {
      await using s = await setupDqe();
      s.dqe.on('/ACCESS_TOKEN/', () => ({ status, json: F.errorBody(e) }));
      const { json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
      expect(json).toEqual({ status: 'error', error_id: e.id, error_type: errorTypeFor(e.id) });
      expect(s.events('dqe_credentials_refused')).toHaveLength(0);
      expect(s.events('token_refused')[0]).toMatchObject({ error_id: e.id, status });
    });
  }
}

const OUTAGES: Array<[string, Reply, string]> = [
  ['500 (a parameter typo, per the token page)', { status: 500, text: 'Internal Server Error' }, 'R502'],
  ['502 without a body', { status: 502, text: '' }, 'R502'],
  ['503 with JSON of no known shape', { status: 503, json: { error: 'unavailable' } }, 'R502'],
  ['403 without DQE’s body (not a credentials status)', { status: 403, text: '' }, 'R502'],
  ['no answer in time', { hang: true }, 'R504'],
];
for (const [name, reply, id] of OUTAGES) {
  test(`token endpoint ${name}: ${id}, no credentials line`, async () => {
    await using s = await setupDqe({ timeoutMs: 300, budgetMs: 900 });
    s.dqe.on('/ACCESS_TOKEN/', () => reply);
    const { json } = await s.relay.match(CONTRACT_MATCH_REQUEST);
    expect(json['error_id']).toBe(id);
    expect(s.events('dqe_credentials_refused')).toHaveLength(0);
  });
}
