// @ts-check
// DQE token requests per 100 concurrent checks: the built relay against an in-process upstream that counts
// /ACCESS_TOKEN/ calls (each token answer takes 20 ms, each match 5 ms, so the 100 checks truly overlap).
// Four bursts of 100 concurrent POST /match through relay.request(): cold (no token yet), warm (token cached),
// after the token's expiry (clock moved past expires_in), and after DQE starts refusing the cached token
// (error 30 on every match carrying it: renew once, retry).
import { BENCH_ORIGIN, CAMARA_MATCH, upstreamApp, SEED_SCORES } from './servers.mjs';
import { loadBuiltRelay } from './lib.mjs';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

export async function measureTokens(concurrency = 100) {
  const { createRelay, createDqeUpstream } = await loadBuiltRelay();
  const counts = { token: 0, match: 0 };
  /** token values refused with error 30 */
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
  const upstreamFetch = async (/** @type {RequestInfo | URL} */ input, /** @type {RequestInit | undefined} */ init) => {
    const req = new Request(input, init);
    if (new URL(req.url).pathname === '/IDMOBILE/') {
      const form = new URLSearchParams(await req.clone().text());
      if (revoked.has(form.get('token'))) {
        counts.match++;
        return Response.json({ status: 'error', error_type: 'Invalid token', error_id: 30 });
      }
    }
    return upstream.fetch(req);
  };
  let clock = Date.now();
  const relay = createRelay({
    mode: 'dqe',
    upstream: createDqeUpstream({
      baseUrl: 'http://upstream.bench.invalid',
      licence: 'bench-licence',
      clientSecret: 'bench-secret',
      partnerName: 'bench',
      fetch: upstreamFetch,
      now: () => clock,
      logger: { debug() {}, info() {}, warn() {}, error() {}, addSecret() {} },
    }),
    allowedOrigins: [BENCH_ORIGIN],
    attestationSecret: 'bench-attestation-secret-0123456789abcdef',
    requireSession: false,
    limits: { client: false, phone: false },
    logger: () => {},
    now: () => clock,
  });
  const body = JSON.stringify({
    scope: 'matching_notp',
    phone: '+33612345678',
    identity: { given_name: 'Camille', family_name: 'Martin' },
  });
  let lastToken = '';
  const burst = async (/** @type {string} */ label) => {
    const before = { ...counts };
    const t0 = performance.now();
    const answers = await Promise.all(
      Array.from({ length: concurrency }, () =>
        relay.request('/match', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
          body,
        }),
      ),
    );
    const wallMs = performance.now() - t0;
    let ok = 0;
    for (const a of answers) {
      const json = /** @type {any} */ (await a.json());
      if (a.status === 200 && json.family_name === SEED_SCORES.family_name && typeof json.attestation === 'string')
        ok++;
    }
    lastToken = `bench-token-${counts.token}`;
    return {
      label,
      checks: concurrency,
      ok,
      tokenRequests: counts.token - before.token,
      matchCalls: counts.match - before.match,
      wallMs: Math.round(wallMs * 10) / 10,
    };
  };
  const bursts = [];
  bursts.push(await burst('cold: no token yet'));
  bursts.push(await burst('warm: token cached'));
  clock += 301_000; // past expires_in (300 s)
  bursts.push(await burst('after the token expired'));
  revoked.add(lastToken); // DQE now answers error 30 to the cached token
  bursts.push(await burst('cached token refused (error 30)'));
  return { concurrency, bursts };
}

// CAMARA KYC Match token requests per 100 concurrent checks, the same four bursts with client_credentials (one
// token for every check; 401 instead of error 30), then CIBA, whose tokens are per phone number: 100 concurrent
// checks of one number make one bc-authorize flow, of 100 numbers a hundred.
export async function measureCamaraTokens(concurrency = 100) {
  const { createRelay, createCamaraUpstream } = await loadBuiltRelay();
  const counts = { token: 0, authorize: 0, match: 0 };
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
  const upstreamFetch = async (/** @type {RequestInfo | URL} */ input, /** @type {RequestInit | undefined} */ init) => {
    const req = new Request(input, init);
    const path = new URL(req.url).pathname;
    if (path === '/oauth/bc-authorize') {
      counts.authorize++;
      await sleep(20);
      return Response.json({ auth_req_id: `req-${counts.authorize}`, expires_in: 120, interval: 0 });
    }
    if (path === CAMARA_MATCH && revoked.has((req.headers.get('authorization') ?? '').slice(7))) {
      counts.match++;
      return Response.json({ status: 401, code: 'UNAUTHENTICATED', message: 'expired' }, { status: 401 });
    }
    return upstream.fetch(req);
  };
  let clock = Date.now();
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, addSecret() {} };
  const relayFor = (/** @type {'ciba' | 'client_credentials'} */ auth) =>
    createRelay({
      mode: 'camara',
      upstream: createCamaraUpstream({
        apiRoot: 'http://upstream.bench.invalid/camara',
        tokenUrl: 'http://upstream.bench.invalid/oauth/token',
        authorizeUrl: 'http://upstream.bench.invalid/oauth/bc-authorize',
        clientId: 'bench',
        clientSecret: 'bench-secret',
        auth,
        fetch: upstreamFetch,
        now: () => clock,
        sleep: () => Promise.resolve(),
        logger: quiet,
      }),
      allowedOrigins: [BENCH_ORIGIN],
      attestationSecret: 'bench-attestation-secret-0123456789abcdef',
      requireSession: false,
      limits: { client: false, phone: false },
      logger: () => {},
      now: () => clock,
    });
  const bodyFor = (/** @type {string} */ phone) =>
    JSON.stringify({ scope: 'matching_notp', phone, identity: { given_name: 'Camille', family_name: 'Martin' } });
  let lastToken = '';
  const burst = async (/** @type {any} */ relay, /** @type {string} */ label, distinctPhones = 1, prefix = '+336') => {
    const before = { ...counts };
    const t0 = performance.now();
    const answers = await Promise.all(
      Array.from({ length: concurrency }, (_, i) =>
        relay.request('/match', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
          body: bodyFor(`${prefix}${String(10_000_000 + (i % distinctPhones)).padStart(8, '0')}`),
        }),
      ),
    );
    const wallMs = performance.now() - t0;
    let ok = 0;
    for (const a of answers) {
      const json = /** @type {any} */ (await a.json());
      if (a.status === 200 && json.family_name === 1 && typeof json.attestation === 'string') ok++;
    }
    lastToken = `bench-camara-token-${counts.token}`;
    return {
      label,
      checks: concurrency,
      ok,
      tokenRequests: counts.token - before.token,
      authorizeRequests: counts.authorize - before.authorize,
      matchCalls: counts.match - before.match,
      wallMs: Math.round(wallMs * 10) / 10,
    };
  };
  const bursts = [];
  const cc = relayFor('client_credentials');
  bursts.push(await burst(cc, 'client_credentials, cold: no token yet'));
  bursts.push(await burst(cc, 'client_credentials, warm: token cached'));
  clock += 301_000; // past expires_in (300 s)
  bursts.push(await burst(cc, 'client_credentials, after the token expired'));
  revoked.add(lastToken); // the operator now answers 401 to the cached token
  bursts.push(await burst(cc, 'client_credentials, cached token refused (401)'));
  const ciba = relayFor('ciba');
  bursts.push(await burst(ciba, 'CIBA, one phone number, cold'));
  bursts.push(await burst(ciba, 'CIBA, the same number again (token per phone, cached)'));
  bursts.push(await burst(ciba, `CIBA, ${concurrency} other numbers`, concurrency, '+337'));
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
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, addSecret() {} };
  const body = JSON.stringify({
    scope: 'matching_notp',
    phone: '+33612345678',
    identity: { given_name: 'Camille', family_name: 'Martin' },
  });
  /** @type {Array<{ stores: string, bursts: any[] }>} */
  const fleets = [];
  for (const kind of redisUrl ? ['memory', 'redis'] : ['memory']) {
    const counts = { token: 0, match: 0 };
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
    const upstreamFetch = async (
      /** @type {RequestInfo | URL} */ input,
      /** @type {RequestInit | undefined} */ init,
    ) => {
      const req = new Request(input, init);
      if (new URL(req.url).pathname === '/IDMOBILE/') {
        const form = new URLSearchParams(await req.clone().text());
        if (revoked.has(form.get('token'))) {
          counts.match++;
          return Response.json({ status: 'error', error_type: 'Invalid token', error_id: 30 });
        }
      }
      return upstream.fetch(req);
    };
    const prefix = `bench-fleet-${process.pid}-${Date.now()}:`;
    const stores = [0, 1, 2].map(() => (kind === 'redis' ? createRedisStore({ url: String(redisUrl), prefix }) : null));
    for (const s of stores) if (s && !(await s.ready(5000))) throw new Error('Redis did not answer');
    const relays = stores.map((store) =>
      createRelay({
        mode: 'dqe',
        upstream: createDqeUpstream({
          baseUrl: 'http://upstream.bench.invalid',
          licence: 'bench-licence',
          clientSecret: 'bench-secret',
          partnerName: 'bench',
          fetch: upstreamFetch,
          logger: quiet,
          ...(store
            ? {
                tokenCache: (/** @type {string} */ name, /** @type {any} */ fetchToken) =>
                  sharedToken(store, tokenKey(name, 'bench', 'bench-licence'), fetchToken),
              }
            : {}),
        }),
        allowedOrigins: [BENCH_ORIGIN],
        attestationSecret: 'bench-attestation-secret-0123456789abcdef',
        requireSession: false,
        limits: { client: false, phone: false },
        ...(store ? { store } : {}),
        logger: () => {},
      }),
    );
    const burst = async (/** @type {string} */ label) => {
      const before = { ...counts };
      const t0 = performance.now();
      const answers = await Promise.all(
        Array.from({ length: concurrency }, (_, i) =>
          relays[i % relays.length].request('/match', {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
            body,
          }),
        ),
      );
      const wallMs = performance.now() - t0;
      let ok = 0;
      for (const a of answers) {
        const json = /** @type {any} */ (await a.json());
        if (a.status === 200 && json.family_name === SEED_SCORES.family_name) ok++;
      }
      return {
        label,
        checks: concurrency,
        ok,
        tokenRequests: counts.token - before.token,
        matchCalls: counts.match - before.match,
        wallMs: Math.round(wallMs * 10) / 10,
      };
    };
    const bursts = [];
    try {
      bursts.push(await burst('cold fleet: no token yet'));
      bursts.push(await burst('warm fleet'));
      for (let n = 1; n <= counts.token; n++) revoked.add(`bench-token-${n}`); // every token issued so far
      bursts.push(await burst('the tokens held refused (error 30)'));
    } finally {
      await Promise.all(stores.map((s) => s?.close()));
    }
    fleets.push({ stores: kind, bursts });
  }
  return { instances: 3, concurrency, fleets };
}
