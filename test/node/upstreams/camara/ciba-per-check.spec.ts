/**
 * Issue 19, CIBA: a token obtained with the subscriber's approval serves the one check it was approved for (no
 * per-phone cache: a later check of the same number, by anyone, asks the subscriber again; a 401 with that token is
 * R502, never a renewal), and prompts are limited per number (3 per hour, 10 per day by default), counted in the
 * relay's store under a digest, never the number. Against the stand-in operator (a real HTTP server).
 */
import { expect, test } from '@playwright/test';
import { createRelayFromEnv } from '../../../../src/relay/from-env.js';
import { createLogger } from '../../../../src/relay/log.js';
import { createMemoryStore } from '../../../../src/relay/store/memory.js';
import type { RelayStore } from '../../../../src/relay/store/types.js';
import { createCamaraUpstream, type CamaraUpstreamOptions } from '../../../../src/relay/upstreams/camara/client.js';
import { createPromptGate } from '../../../../src/relay/upstreams/prompt-gate.js';
import { UpstreamError } from '../../../../src/relay/upstreams/upstream-error.js';
import { MatchRequest } from '../../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/camara.js';
import { newNonce } from '../../../../src/relay/trust/state.js';
import { checkThrough, manualClock, startRelay, startStandIn, type StandIn } from '../stand-in.js';

const MATCH = '/camara/kyc-match/v0.4/match';
const PHONE = CONTRACT_MATCH_REQUEST.phone;
/** The contract's request as the upstream receives it (validated). */
const REQUEST = MatchRequest.parse(CONTRACT_MATCH_REQUEST);
const OTHER = '+33698765432';

/** A stand-in operator that issues a new access token for every CIBA approval. */
async function operator(): Promise<StandIn> {
  const op = await startStandIn();
  let issued = 0;
  op.on('/oauth/bc-authorize', () => ({ json: { ...F.CIBA_ACK, interval: 0.01 } }));
  op.on('/oauth/token', () => ({ json: { ...F.ACCESS_TOKEN, access_token: `approved-token-${++issued}` } }));
  op.on(MATCH, () => ({ json: { givenNameMatch: 'true', familyNameMatch: 'true' } }));
  return op;
}

const clock = manualClock();

function upstreamOn(op: StandIn, options: Partial<CamaraUpstreamOptions> = {}) {
  return createCamaraUpstream({
    apiRoot: `${op.url}/camara`,
    tokenUrl: `${op.url}/oauth/token`,
    authorizeUrl: `${op.url}/oauth/bc-authorize`,
    clientId: 'app',
    clientSecret: 'secret-ciba-per-check',
    timeoutMs: 1500,
    budgetMs: 10_000,
    now: clock.now,
    logger: createLogger({ sink: () => {} }),
    ...options,
  });
}

const bearers = (op: StandIn) => op.to(MATCH).map((r) => r.headers.get('authorization'));

test('the approval for one check does not serve a later check of the same number, whoever asks', async () => {
  const op = await operator();
  const relay = await startRelay(upstreamOn(op));
  try {
    expect((await checkThrough(relay, CONTRACT_MATCH_REQUEST, clock)).json['verdict']).toBe('verified');
    // a stranger checks the same number a moment later: the subscriber is asked again, a new token is used
    expect((await checkThrough(relay, CONTRACT_MATCH_REQUEST, clock)).json['verdict']).toBe('verified');
    expect(op.to('/oauth/bc-authorize')).toHaveLength(2);
    expect(bearers(op)).toEqual(['Bearer approved-token-1', 'Bearer approved-token-2']);
  } finally {
    await relay.close();
    await op.close();
  }
});

test('a 401 with a token approved for this check: R502, no renewal, no second prompt; the retry reuses it', async () => {
  const op = await operator();
  const relay = await startRelay(upstreamOn(op));
  try {
    op.queue(MATCH, { status: 401, json: F.ERRORS.UNAUTHENTICATED });
    const answer = await checkThrough(relay, CONTRACT_MATCH_REQUEST, clock);
    expect(answer.status).toBe(502);
    expect(answer.json['error_id']).toBe('R502');
    expect(op.to('/oauth/bc-authorize')).toHaveLength(1);
    expect(op.to('/oauth/token')).toHaveLength(1);
    expect(op.to(MATCH)).toHaveLength(1);
    // R502 is not final: the shopper's retry with the same token and state is served with the same approval
    const { token, state } = answer.pending as { token: string; state: string };
    const retry = await fetch(`${relay.url}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify({ token, state }),
    });
    expect(((await retry.json()) as Record<string, unknown>)['verdict']).toBe('verified');
    expect(op.to('/oauth/token')).toHaveLength(1);
    expect(bearers(op)).toEqual(['Bearer approved-token-1', 'Bearer approved-token-1']);
  } finally {
    await relay.close();
    await op.close();
  }
});

/** A store that records every key it is asked about. */
function recording(store: RelayStore): { store: RelayStore; keys: string[] } {
  const keys: string[] = [];
  return {
    keys,
    store: {
      ...store,
      increment: (key, windowMs) => {
        keys.push(key);
        return store.increment(key, windowMs);
      },
    },
  };
}

test.describe('CIBA prompts per number', () => {
  test('3 per hour by number: the 4th check answers R429 without prompting; another number is not affected', async () => {
    const op = await operator();
    const { store, keys } = recording(createMemoryStore());
    const gate = createPromptGate({
      store,
      limits: { perHour: 3, perDay: 10 },
      keyOf: (phone) => Promise.resolve(`digest-of-${phone.length}-${phone.endsWith('8') ? 'a' : 'b'}`),
      log: createLogger({ sink: () => {} }),
    });
    const upstream = upstreamOn(op, { promptGate: gate });
    try {
      const binding = () => ({ nonce: newNonce() });
      for (let i = 0; i < 3; i++) expect((await upstream.match(REQUEST, undefined, binding())).kind).toBe('pending');
      const refused = await upstream.match(REQUEST, undefined, binding()).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UpstreamError);
      expect((refused as UpstreamError).id).toBe('R429');
      expect((refused as UpstreamError).retryAfterSeconds).toBeGreaterThan(3000);
      expect(op.to('/oauth/bc-authorize')).toHaveLength(3);
      expect((await upstream.match({ ...REQUEST, phone: OTHER }, undefined, binding())).kind).toBe('pending');
      expect(op.to('/oauth/bc-authorize')).toHaveLength(4);
      expect(keys.join(' ')).not.toContain(PHONE.slice(1));
    } finally {
      await op.close();
    }
  });

  test("per (number, client) and per (number, order): a stranger's prompts do not use up the owner's", async () => {
    const store = createMemoryStore();
    const gate = createPromptGate({
      store,
      limits: { perHour: 3, perDay: 10 },
      keyOf: (text) => Promise.resolve(`k:${text.length}:${text}`.replace(/\+?\d{6,}/g, '#')),
      log: createLogger({ sink: () => {} }),
    });
    const stranger = { client: 'ip4:203.0.113.66', reference: 'order-stranger' };
    const asked: boolean[] = [];
    for (let i = 0; i < 5; i++) asked.push((await gate(PHONE, stranger)).allowed);
    expect(asked).toEqual([true, true, true, false, false]);
    // the owner, from their own phone and their own order, is still prompted
    expect((await gate(PHONE, { client: 'ip4:198.51.100.7', reference: 'order-owner' })).allowed).toBe(true);
    // another client on the stranger's order: the order's bucket is used up
    expect((await gate(PHONE, { client: 'ip4:192.0.2.9', reference: 'order-stranger' })).allowed).toBe(false);
    // without a session (no reference) only the client's bucket counts
    expect((await gate(PHONE, { client: 'ip4:192.0.2.10', reference: null })).allowed).toBe(true);
  });

  test('10 per day by number, whatever the hour', async () => {
    let t = Date.parse('2026-12-07T00:00:00Z');
    const store = createMemoryStore({ now: () => t });
    const gate = createPromptGate({
      store,
      limits: { perHour: 3, perDay: 10 },
      keyOf: () => Promise.resolve('k'),
      log: createLogger({ sink: () => {} }),
    });
    const allowed: boolean[] = [];
    for (let hour = 0; hour < 5; hour++) {
      for (let i = 0; i < 3; i++) allowed.push((await gate(PHONE)).allowed);
      t += 3_600_000 + 1000;
    }
    // 3 + 3 + 3 + 1 allowed over four hours, then nothing for the rest of the day
    expect(allowed.filter(Boolean)).toHaveLength(10);
    expect(allowed.slice(-3)).toEqual([false, false, false]);
  });

  test('wired from the environment: CAMARA_CIBA_PROMPTS_PER_HOUR counted in the relay store under a digest', async () => {
    const op = await operator();
    const logs: Record<string, unknown>[] = [];
    const { store, keys } = recording(createMemoryStore());
    const { relay } = createRelayFromEnv(
      {
        RELAY_MODE: 'camara',
        CAMARA_API_ROOT: `${op.url}/camara`,
        CAMARA_TOKEN_URL: `${op.url}/oauth/token`,
        CAMARA_AUTHORIZE_URL: `${op.url}/oauth/bc-authorize`,
        CAMARA_CLIENT_ID: 'app',
        CAMARA_CLIENT_SECRET: 'secret-ciba-per-check',
        CAMARA_CIBA_PROMPTS_PER_HOUR: '2',
        ATTESTATION_SECRET: 'a'.repeat(40),
        RELAY_ALLOWED_ORIGINS: 'https://shop.example',
        RELAY_REQUIRE_SESSION: '0',
        RELAY_RATE_LIMIT_MAX: '0',
        RELAY_PHONE_CAP: '0',
      },
      { store, logger: (e) => logs.push(e) },
    );
    try {
      const match = () =>
        relay.request('http://relay.test/match', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
          body: JSON.stringify({ ...CONTRACT_MATCH_REQUEST, return_url: undefined }),
        });
      expect((await match()).status).toBe(200);
      expect((await match()).status).toBe(200);
      const refused = await match();
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { error_id: string; retry_after: number };
      expect(body.error_id).toBe('R429');
      expect(body.retry_after).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBe(body.retry_after);
      expect(op.to('/oauth/bc-authorize')).toHaveLength(2);
      expect(logs.some((l) => l['event'] === 'rate_limited' && l['limit'] === 'ciba_prompts_per_hour')).toBe(true);
      const cibaKeys = keys.filter((k) => k.startsWith('limit:ciba:'));
      expect(cibaKeys.length).toBeGreaterThan(0);
      expect(cibaKeys.join(' ')).not.toContain(PHONE.slice(1));
    } finally {
      await op.close();
    }
  });
});
