// @ts-check
// DQE token requests per 100 concurrent checks: the built relay against an in-process upstream that counts
// /ACCESS_TOKEN/ calls (each token answer takes 20 ms, each match 5 ms, so the 100 checks truly overlap).
// Four bursts of 100 concurrent POST /match through relay.request(): cold (no token yet), warm (token cached),
// after the token's expiry (clock moved past expires_in), and after DQE starts refusing the cached token
// (error 30 on every match carrying it: renew once, retry).
import { BENCH_ORIGIN, CAMARA_MATCH, upstreamApp, SEED_SCORES } from './servers.mjs';
import { loadBuiltRelay } from './lib.mjs';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const QUIET = { debug() {}, info() {}, warn() {}, error() {}, addSecret() {} };
/** What every benchmarked relay shares: the bench origin, no check sessions, no limits, no logs. */
const RELAY_OPTIONS = /** @type {const} */ ({
  allowedOrigins: [BENCH_ORIGIN],
  attestationSecret: 'bench-attestation-secret-0123456789abcdef',
  requireSession: false,
  limits: { client: false, phoneCap: false },
  logger: () => {},
});
/** The DQE upstream every DQE measure talks to (the stand-in below), its logs off. */
const DQE_UPSTREAM = {
  baseUrl: 'http://upstream.bench.invalid',
  licence: 'bench-licence',
  clientSecret: 'bench-secret',
  partnerName: 'bench',
  logger: QUIET,
};
const CAMILLE = { given_name: 'Camille', family_name: 'Martin' };
const matchBody = (phone = '+33612345678') => JSON.stringify({ scope: 'matching_notp', phone, identity: CAMILLE });

/**
 * The stand-in upstream with counters: each token answer takes 20 ms and each match 5 ms (so the checks of a burst
 * truly overlap); `revoked` tokens are refused at the match, as DQE does (error 30) or as CAMARA does (401).
 * @template {{ token: number, match: number, authorize?: number }} C
 * @param {C} counts
 */
function countingUpstream(counts) {
  /** @type {Set<string | null>} */
  const revoked = new Set();
  const upstream = upstreamApp({
    token: async () => {
      counts.token++;
      await sleep(20);
    },
    match: async () => {
      counts.match++;
      await sleep(5);
    },
  });
  /** @type {(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>} */
  const fetch = async (input, init) => {
    const req = new Request(input, init);
    const path = new URL(req.url).pathname;
    if (path === '/IDMOBILE/' && revoked.has(new URLSearchParams(await req.clone().text()).get('token'))) {
      counts.match++;
      return Response.json({ status: 'error', error_type: 'Invalid token', error_id: 30 });
    }
    if (path === CAMARA_MATCH && revoked.has((req.headers.get('authorization') ?? '').slice(7))) {
      counts.match++;
      return Response.json({ status: 401, code: 'UNAUTHENTICATED', message: 'expired' }, { status: 401 });
    }
    if (path === '/oauth/bc-authorize') {
      counts.authorize = (counts.authorize ?? 0) + 1;
      await sleep(20);
      return Response.json({ auth_req_id: `req-${counts.authorize}`, expires_in: 120, interval: 0 });
    }
    return upstream.fetch(req);
  };
  return { revoked, fetch };
}

/**
 * One burst: `concurrency` concurrent POST /match spread over the relays in turn, the i-th with `bodyFor(i)`; how
 * many got the scores with an attestation, and by how much each upstream counter grew.
 * @param {{ label: string, relays: any[], concurrency: number, counts: { token: number, match: number, authorize?: number },
 *   bodyFor?: (i: number) => string }} o
 */
async function burst({ label, relays, concurrency, counts, bodyFor = () => matchBody() }) {
  const before = { ...counts };
  const t0 = performance.now();
  const answers = await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      relays[i % relays.length].request('/match', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
        body: bodyFor(i),
      }),
    ),
  );
  const wallMs = performance.now() - t0;
  let ok = 0;
  for (const a of answers) {
    const json = /** @type {any} */ (await a.json());
    if (a.status === 200 && json.family_name === SEED_SCORES.family_name && typeof json.attestation === 'string') ok++;
  }
  return {
    label,
    checks: concurrency,
    ok,
    tokenRequests: counts.token - before.token,
    ...(counts.authorize === undefined ? {} : { authorizeRequests: counts.authorize - (before.authorize ?? 0) }),
    matchCalls: counts.match - before.match,
    wallMs: Math.round(wallMs * 10) / 10,
  };
}

export async function measureTokens(concurrency = 100) {
  const { createRelay, createDqeUpstream } = await loadBuiltRelay();
  const counts = { token: 0, match: 0 };
  const upstream = countingUpstream(counts);
  let clock = Date.now();
  const relay = createRelay({
    ...RELAY_OPTIONS,
    mode: 'dqe',
    upstream: createDqeUpstream({ ...DQE_UPSTREAM, fetch: upstream.fetch, now: () => clock }),
    now: () => clock,
  });
  const run = (/** @type {string} */ label) => burst({ label, relays: [relay], concurrency, counts });
  const bursts = [];
  bursts.push(await run('cold: no token yet'));
  bursts.push(await run('warm: token cached'));
  clock += 301_000; // past expires_in (300 s)
  bursts.push(await run('after the token expired'));
  upstream.revoked.add(`bench-token-${counts.token}`); // DQE now answers error 30 to the cached token
  bursts.push(await run('cached token refused (error 30)'));
  return { concurrency, bursts };
}

// CAMARA KYC Match token requests per 100 concurrent checks, the same four bursts with client_credentials (one
// token for every check; 401 instead of error 30), then CIBA, whose tokens are per phone number: 100 concurrent
// checks of one number make one bc-authorize flow, of 100 numbers a hundred.
export async function measureCamaraTokens(concurrency = 100) {
  const { createRelay, createCamaraUpstream } = await loadBuiltRelay();
  const counts = { token: 0, authorize: 0, match: 0 };
  const upstream = countingUpstream(counts);
  let clock = Date.now();
  const relayFor = (/** @type {'ciba' | 'client_credentials'} */ auth) =>
    createRelay({
      ...RELAY_OPTIONS,
      mode: 'camara',
      upstream: createCamaraUpstream({
        apiRoot: 'http://upstream.bench.invalid/camara',
        tokenUrl: 'http://upstream.bench.invalid/oauth/token',
        authorizeUrl: 'http://upstream.bench.invalid/oauth/bc-authorize',
        clientId: 'bench',
        clientSecret: 'bench-secret',
        flows: [auth],
        fetch: upstream.fetch,
        now: () => clock,
        logger: QUIET,
      }),
      now: () => clock,
    });
  /** `distinctPhones` numbers starting with `prefix`, in turn */
  const run = (/** @type {any} */ relay, /** @type {string} */ label, distinctPhones = 1, prefix = '+336') =>
    burst({
      label,
      relays: [relay],
      concurrency,
      counts,
      bodyFor: (i) => matchBody(`${prefix}${String(10_000_000 + (i % distinctPhones)).padStart(8, '0')}`),
    });
  const bursts = [];
  const cc = relayFor('client_credentials');
  bursts.push(await run(cc, 'client_credentials, cold: no token yet'));
  bursts.push(await run(cc, 'client_credentials, warm: token cached'));
  clock += 301_000; // past expires_in (300 s)
  bursts.push(await run(cc, 'client_credentials, after the token expired'));
  upstream.revoked.add(`bench-camara-token-${counts.token}`); // the operator now answers 401 to the cached token
  bursts.push(await run(cc, 'client_credentials, cached token refused (401)'));
  const ciba = relayFor('ciba');
  // CIBA is asynchronous: /match sends bc-authorize and answers pending; no token request until /result polls
  bursts.push(await run(ciba, 'CIBA /match, one phone number (bc-authorize, pending)'));
  bursts.push(await run(ciba, `CIBA /match, ${concurrency} other numbers`, concurrency, '+337'));
  return { concurrency, bursts };
}

/**
 * A fleet's DQE token requests: three relay instances (in this process, each with its own store connection)
 * behind a round robin, 100 concurrent checks per burst, each instance's token cache alone (in-memory stores)
 * or shared through one Redis. Bursts: cold, warm, and the token everyone holds refused (error 30).
 * @param {string | undefined} redisUrl
 */
export async function measureFleetTokens(redisUrl, concurrency = 100) {
  const { createRelay, createDqeUpstream, createRedisStore, sharedToken, tokenKey } = await loadBuiltRelay();
  /** @type {Array<{ stores: string, bursts: any[] }>} */
  const fleets = [];
  for (const kind of redisUrl ? ['memory', 'redis'] : ['memory']) {
    const counts = { token: 0, match: 0 };
    const upstream = countingUpstream(counts);
    const prefix = `bench-fleet-${process.pid}-${Date.now()}:`;
    const stores = [0, 1, 2].map(() => (kind === 'redis' ? createRedisStore({ url: String(redisUrl), prefix }) : null));
    for (const s of stores) if (s && !(await s.ready(5000))) throw new Error('Redis did not answer');
    const relays = stores.map((store) =>
      createRelay({
        ...RELAY_OPTIONS,
        mode: 'dqe',
        upstream: createDqeUpstream({
          ...DQE_UPSTREAM,
          fetch: upstream.fetch,
          ...(store
            ? {
                tokenCache: (/** @type {string} */ name, /** @type {any} */ fetchToken) =>
                  sharedToken(store, tokenKey(name, 'bench', DQE_UPSTREAM.licence), fetchToken),
              }
            : {}),
        }),
        ...(store ? { store } : {}),
      }),
    );
    const run = (/** @type {string} */ label) => burst({ label, relays, concurrency, counts });
    const bursts = [];
    try {
      bursts.push(await run('cold fleet: no token yet'));
      bursts.push(await run('warm fleet'));
      for (let n = 1; n <= counts.token; n++) upstream.revoked.add(`bench-token-${n}`); // every token issued so far
      bursts.push(await run('the tokens held refused (error 30)'));
    } finally {
      await Promise.all(stores.map((s) => s?.close()));
    }
    fleets.push({ stores: kind, bursts });
  }
  return { instances: 3, concurrency, fleets };
}
