/**
 * The per-client limit on `/result` does not count `pending` answers: a widget polling a CIBA check while the
 * subscriber approves asks every few seconds, and those polls must not use up the client's budget; final answers
 * still count, and past the limit `/result` answers R429 before asking the upstream.
 */
import { expect, test } from '@playwright/test';
import { createRelay } from '../../../src/relay/app.js';
import { sealState } from '../../../src/relay/trust/state.js';
import type { Upstream, UpstreamAnswer } from '../../../src/relay/upstreams/types.js';
import { ATTESTATION_SECRET, CHECK_NONCE } from './fake-upstream.js';

const SHOP = 'https://shop.example';

function relayAnswering(next: () => UpstreamAnswer) {
  let calls = 0;
  const upstream: Upstream = {
    mode: 'camara',
    match: () => Promise.reject(new Error('not used')),
    result: () => {
      calls++;
      return Promise.resolve(next());
    },
  };
  const app = createRelay({
    mode: 'camara',
    upstream,
    allowedOrigins: [SHOP],
    attestationSecret: ATTESTATION_SECRET,
    requireSession: false,
    limits: { client: { max: 3, windowMs: 60_000 } },
    logger: () => {},
  });
  const result = async (token: string) => {
    const state = await sealState(
      { nonce: CHECK_NONCE, ref: null, phone: '+33612345678', identity: {} },
      ATTESTATION_SECRET,
    );
    const res = await app.request(`${SHOP}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify({ token, state }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { result, calls: () => calls };
}

test('pending polls are not counted: 20 polls on a limit of 3 are all served', async () => {
  const r = relayAnswering(() => ({ kind: 'pending', retryAfter: 2 }));
  for (let i = 0; i < 20; i++) expect((await r.result(`t${i}`)).json).toEqual({ status: 'pending', retry_after: 2 });
  expect(r.calls()).toBe(20);
});

test('final answers count: past the limit, R429 with retry_after and the upstream not asked', async () => {
  const r = relayAnswering(() => ({ kind: 'error', id: '18', errorType: 'no data' }));
  for (let i = 0; i < 4; i++) expect((await r.result(`t${i}`)).status).toBe(200);
  const refused = await r.result('t9');
  expect(refused.status).toBe(429);
  expect(refused.json['retry_after']).toBeGreaterThan(0);
  expect(r.calls()).toBe(4);
});
