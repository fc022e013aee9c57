/**
 * CAMARA SimSwap's `check` next to KYC Match (`RELAY_SIGNALS=sim_swap`), against a stand-in operator written from
 * camaraproject/SimSwap sim-swap.yaml (2.1.0) and KYC Match's kyc-match.yaml (v0.4), NOT the project's simulator:
 * the identifier rule of each YAML (SimSwap: `phoneNumber` with a two-legged token only, 422
 * `UNNECESSARY_IDENTIFIER` with a three-legged one; KYC Match: `phoneNumber` allowed with a three-legged token,
 * compared with the token's line), one approval for both calls (`sim-swap:check` in the scope), the two calls in
 * parallel, and the verdict and reasons of every answer (swapped, not swapped, unknown, errors).
 */
import { expect, test } from '@playwright/test';
import { createLogger } from '../../../../src/relay/log.js';
import { createMemoryStore } from '../../../../src/relay/store/memory.js';
import { createUpstreamVault } from '../../../../src/relay/trust/vault.js';
import { createCamaraUpstream, type CamaraUpstreamOptions } from '../../../../src/relay/upstreams/camara/client.js';
import { MatchRequest } from '../../../../src/protocol/schemas.js';
import { CONTRACT_MATCH_REQUEST } from '../../../fixtures/contract-example.js';
import * as F from '../fixtures/camara.js';
import * as S from '../fixtures/sim-swap.js';
import {
  ATTESTATION_SECRET,
  SHOP,
  checkThrough,
  claimsOf,
  manualClock,
  startRelay,
  startStandIn,
  type Recorded,
  type Reply,
  type StandIn,
} from '../stand-in.js';

const MATCH = '/camara/kyc-match/v0.4/match';
const CHECK = S.CAMARA_CHECK_PATH;
const REQUEST = MatchRequest.parse(CONTRACT_MATCH_REQUEST);
const THREE_LEGGED = 'approved-three-legged-token';
const TWO_LEGGED = F.ACCESS_TOKEN.access_token;
const clock = manualClock();

const bodyOf = (r: Recorded) => JSON.parse(r.body) as Record<string, unknown>;

/**
 * The stand-in operator. Its SimSwap `check` applies sim-swap.yaml's identifier rule: a three-legged token with
 * `phoneNumber` is 422 `UNNECESSARY_IDENTIFIER`; a two-legged one without it 422 `MISSING_IDENTIFIER`; otherwise
 * `simSwap` (default: not swapped).
 */
async function operator(simSwap: Reply = { json: S.CAMARA_NOT_SWAPPED }): Promise<StandIn> {
  const op = await startStandIn();
  op.on('/oauth/bc-authorize', () => ({ json: { ...F.CIBA_ACK, interval: 0.01 } }));
  op.on('/oauth/token', (r) =>
    new URLSearchParams(r.body).get('grant_type') === 'client_credentials'
      ? { json: F.ACCESS_TOKEN }
      : { json: { ...F.ACCESS_TOKEN, access_token: THREE_LEGGED } },
  );
  op.on(MATCH, () => ({ json: { givenNameMatch: 'true', familyNameMatch: 'true' } }));
  op.on(CHECK, (r) => {
    const threeLegged = r.headers.get('authorization') === `Bearer ${THREE_LEGGED}`;
    const hasPhone = bodyOf(r)['phoneNumber'] !== undefined;
    if (threeLegged && hasPhone) return { status: 422, json: S.CAMARA_UNNECESSARY_IDENTIFIER };
    if (!threeLegged && !hasPhone)
      return {
        status: 422,
        json: { status: 422, code: 'MISSING_IDENTIFIER', message: 'The device cannot be identified.' },
      };
    return simSwap;
  });
  return op;
}

function upstreamOn(op: StandIn, options: Partial<CamaraUpstreamOptions> = {}) {
  return createCamaraUpstream({
    apiRoot: `${op.url}/camara`,
    tokenUrl: `${op.url}/oauth/token`,
    authorizeUrl: `${op.url}/oauth/bc-authorize`,
    clientId: 'app',
    clientSecret: 'secret-sim-swap-spec',
    timeoutMs: 1500,
    budgetMs: 10_000,
    now: clock.now,
    logger: createLogger({ sink: () => {} }),
    simSwap: { url: `${op.url}${CHECK}`, maxAgeHours: 168 },
    ...options,
  });
}

test('CIBA (three-legged): one approval whose scope has sim-swap:check; check without phoneNumber, KYC Match with it', async () => {
  const op = await operator();
  const relay = await startRelay(upstreamOn(op));
  try {
    const answer = await checkThrough(relay, CONTRACT_MATCH_REQUEST, clock);
    expect(answer.json['verdict']).toBe('verified');
    expect(op.to('/oauth/bc-authorize')).toHaveLength(1);
    const scope = new URLSearchParams(op.to('/oauth/bc-authorize')[0]!.body).get('scope')!.split(' ');
    expect(scope).toEqual(expect.arrayContaining(['openid', 'kyc-match:match', 'sim-swap:check']));
    const [check] = op.to(CHECK);
    expect(bodyOf(check!)).toEqual({ maxAge: 168 });
    expect(check!.headers.get('authorization')).toBe(`Bearer ${THREE_LEGGED}`);
    // kyc-match.yaml allows phoneNumber with a three-legged token (it must match the token's line)
    expect(bodyOf(op.to(MATCH)[0]!)['phoneNumber']).toBe(CONTRACT_MATCH_REQUEST.phone);
    expect(check!.headers.get('x-correlator')).toBe(op.to(MATCH)[0]!.headers.get('x-correlator'));
    const v = await claimsOf(answer.json['attestation']);
    expect(v.signals).toEqual({ sim_swap: { swapped: false, max_age_hours: 168 } });
  } finally {
    await relay.close();
    await op.close();
  }
});

test('client_credentials (two-legged): check carries phoneNumber and maxAge; the token scope has sim-swap:check', async () => {
  const op = await operator({ json: S.CAMARA_SWAPPED });
  const up = upstreamOn(op, { flows: ['client_credentials'] });
  const a = await up.match(REQUEST, undefined);
  expect(a.kind === 'scores' && a.signals).toEqual({ sim_swap: { swapped: true, max_age_hours: 168 } });
  expect(bodyOf(op.to(CHECK)[0]!)).toEqual({ phoneNumber: CONTRACT_MATCH_REQUEST.phone, maxAge: 168 });
  expect(op.to(CHECK)[0]!.headers.get('authorization')).toBe(`Bearer ${TWO_LEGGED}`);
  expect(new URLSearchParams(op.to('/oauth/token')[0]!.body).get('scope')!.split(' ')).toContain('sim-swap:check');
  await op.close();
});

test('a CAMARA_SCOPE that already grants sim-swap (or sim-swap:check) is not extended', async () => {
  const op = await operator();
  await upstreamOn(op, {
    flows: ['client_credentials'],
    scope: 'dpv:FraudPreventionAndDetection kyc-match:match sim-swap',
  }).match(REQUEST, undefined);
  expect(new URLSearchParams(op.to('/oauth/token')[0]!.body).get('scope')).toBe(
    'dpv:FraudPreventionAndDetection kyc-match:match sim-swap',
  );
  await op.close();
});

test('without the signal: no check, no sim-swap scope', async () => {
  const op = await operator();
  await upstreamOn(op, { flows: ['client_credentials'], simSwap: null }).match(REQUEST, undefined);
  expect(op.to(CHECK)).toHaveLength(0);
  expect(new URLSearchParams(op.to('/oauth/token')[0]!.body).get('scope')).not.toContain('sim-swap');
  await op.close();
});

test('parallel: check arrives before KYC Match answers; one delay, not two', async () => {
  const DELAY = 400;
  const op = await operator();
  const arrivals: Record<string, number> = {};
  op.on(MATCH, () => {
    arrivals['match'] = Date.now();
    return { json: { givenNameMatch: 'true', familyNameMatch: 'true' }, delayMs: DELAY };
  });
  op.on(CHECK, () => {
    arrivals['check'] = Date.now();
    return { json: S.CAMARA_NOT_SWAPPED, delayMs: DELAY };
  });
  const up = upstreamOn(op, { flows: ['client_credentials'] });
  const started = Date.now();
  const a = await up.match(REQUEST, undefined);
  const took = Date.now() - started;
  expect(a.kind).toBe('scores');
  expect(Math.abs(arrivals['match']! - arrivals['check']!)).toBeLessThan(DELAY);
  // the token request is in `took` too: still well under two delays
  expect(took).toBeLessThan(2 * DELAY - 50);
  await op.close();
});

const OUTCOMES: Array<{ name: string; reply: Reply; signal: unknown; verdict: string; reasons: string[] }> = [
  {
    name: '200 {swapped: true}',
    reply: { json: S.CAMARA_SWAPPED },
    signal: { swapped: true, max_age_hours: 168 },
    verdict: 'inconclusive',
    reasons: ['names_match', 'recent_sim_swap'],
  },
  {
    name: '200 {swapped: false}',
    reply: { json: S.CAMARA_NOT_SWAPPED },
    signal: { swapped: false, max_age_hours: 168 },
    verdict: 'verified',
    reasons: ['names_match'],
  },
  {
    name: '400 OUT_OF_RANGE (the operator refuses the window)',
    reply: { status: 400, json: S.CAMARA_OUT_OF_RANGE },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
  },
  {
    name: '422 SERVICE_NOT_APPLICABLE',
    reply: { status: 422, json: S.CAMARA_SERVICE_NOT_APPLICABLE },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
  },
  {
    name: '403 PERMISSION_DENIED (no sim-swap:check in the token)',
    reply: { status: 403, json: S.CAMARA_PERMISSION_DENIED },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
  },
  {
    name: '503 without a body',
    reply: { status: 503, text: '' },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
  },
  {
    name: '200 with swapped a string',
    reply: { json: { swapped: 'true' } },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
  },
  {
    name: 'no answer in time',
    reply: { hang: true },
    signal: null,
    verdict: 'verified',
    reasons: ['names_match', 'sim_swap_unknown'],
  },
];
for (const o of OUTCOMES) {
  test(`check ${o.name}: sealed signal, verdict and reasons; the browser's answer unchanged`, async () => {
    const op = await operator(o.reply);
    const logs: Record<string, unknown>[] = [];
    const up = upstreamOn(op, {
      flows: ['client_credentials'],
      timeoutMs: 400,
      budgetMs: 1200,
      logger: createLogger({ sink: (e) => logs.push(e) }),
    });
    const relay = await startRelay(up);
    try {
      const answer = await relay.match(CONTRACT_MATCH_REQUEST);
      expect(answer.status).toBe(200);
      expect(answer.json['verdict']).toBe('verified');
      expect(answer.json).not.toHaveProperty('signals');
      expect(answer.json).not.toHaveProperty('reasons');
      const v = await claimsOf(answer.json['attestation']);
      expect(v.signals).toEqual({ sim_swap: o.signal });
      expect(v.verdict).toBe(o.verdict);
      expect(v.reasons).toEqual(o.reasons);
      if (o.signal === null) expect(logs.some((l) => l['event'] === 'signal_unknown')).toBe(true);
    } finally {
      await relay.close();
      await op.close();
    }
  });
}

test('OUT_OF_RANGE is logged with what to do (lower RELAY_SIM_SWAP_MAX_AGE_HOURS)', async () => {
  const op = await operator({ status: 400, json: S.CAMARA_OUT_OF_RANGE });
  const logs: Record<string, unknown>[] = [];
  await upstreamOn(op, { flows: ['client_credentials'], logger: createLogger({ sink: (e) => logs.push(e) }) }).match(
    REQUEST,
    undefined,
  );
  const line = logs.find((l) => l['event'] === 'signal_unknown')!;
  expect(line).toMatchObject({ signal: 'sim_swap', upstream: 'camara' });
  expect(String(line['reason'])).toContain('RELAY_SIM_SWAP_MAX_AGE_HOURS');
  await op.close();
});

test('authorization code (three-legged): scope with sim-swap:check in the URL; the callback asks both, the signal kept for /result', async () => {
  const op = await operator({ json: S.CAMARA_SWAPPED });
  const store = createMemoryStore();
  const up = upstreamOn(op, {
    flows: ['authorization_code'],
    authorizationUrl: 'https://auth.operator.example/authorize',
    callbackUrl: 'https://relay.shop.example/callback',
    vault: createUpstreamVault(store, ATTESTATION_SECRET),
  });
  const relay = await startRelay(up, [], 'camara', { store, operatorOrigins: ['https://auth.operator.example'] });
  try {
    const consent = await relay.match(CONTRACT_MATCH_REQUEST);
    const url = new URL(String(consent.json['url']));
    expect(url.searchParams.get('scope')!.split(' ')).toContain('sim-swap:check');
    const back = await fetch(
      `${relay.url}/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=${url.searchParams.get('state')}`,
      {
        redirect: 'manual',
      },
    );
    const landing = new URL(back.headers.get('location') ?? '');
    const res = await fetch(`${relay.url}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify({
        token: landing.searchParams.get('token'),
        state: landing.searchParams.get('idmobile_state'),
      }),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer['verdict']).toBe('verified');
    expect(answer).not.toHaveProperty('signals');
    expect(bodyOf(op.to(CHECK)[0]!)).toEqual({ maxAge: 168 });
    const v = await claimsOf(answer['attestation']);
    expect(v.signals).toEqual({ sim_swap: { swapped: true, max_age_hours: 168 } });
    expect(v.verdict).toBe('inconclusive');
    expect(v.path).toBe('consent');
  } finally {
    await relay.close();
    await op.close();
  }
});
