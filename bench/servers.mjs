// @ts-check
// Child process for the relay benchmark: one server on 127.0.0.1, port chosen by the OS, printed as one JSON
// line on stdout once listening. Roles:
//   upstream                    a stand-in answering at once: DQE (/ACCESS_TOKEN/, /IDMOBILE/, seed scores) and
//                               CAMARA KYC Match (/oauth/token client_credentials, /camara/kyc-match/v0.4/match)
//   relay <upstream> [camara]   the built relay (dist/relay) against the upstream (DQE, or CAMARA with
//                               client_credentials), limits counted in the in-memory store, no logs
//   relay-redis <upstream> <kind> <redis-url>   the same on the Redis store (limits and the token in Redis)
//   bare <upstream> [camara]    a bare hono pass-through: POST /match forwards the JSON body to the upstream's match
import { Hono } from 'hono';
import { loadBuiltRelay } from './lib.mjs';
import { serve } from '@hono/node-server';

export const BENCH_ORIGIN = 'http://shop.bench.test';
export const SEED_SCORES = {
  family_name: 1.0,
  gender: '',
  birthdate: 1.0,
  given_name: 1.0,
  address: { country: 1.0, postal_code: '0.78', street_address: '0.56', locality: '0.44' },
  email: 1.0,
};

/** The DQE stand-in; `hooks` count calls and may delay answers (token benchmark). */
export function upstreamApp(hooks = { token: async () => {}, match: async () => {} }) {
  const app = new Hono();
  let n = 0;
  app.post('/ACCESS_TOKEN/', async (c) => {
    await c.req.text();
    await hooks.token();
    return c.json({
      access_token: `bench-token-${++n}`,
      token_type: 'Bearer',
      expires_in: 300,
      refresh_token: 'bench-refresh',
    });
  });
  app.post('/IDMOBILE/', async (c) => {
    await c.req.text();
    await hooks.match();
    return c.json(SEED_SCORES);
  });
  app.post('/oauth/token', async (c) => {
    await c.req.text();
    await hooks.token();
    return c.json({ access_token: `bench-camara-token-${++n}`, token_type: 'Bearer', expires_in: 300 });
  });
  app.post(CAMARA_MATCH, async (c) => {
    await c.req.text();
    await hooks.match();
    return c.json(CAMARA_ANSWER);
  });
  return app;
}

export const CAMARA_MATCH = '/camara/kyc-match/v0.4/match';
/** Every field sent matches but the e-mail (87/100) and the locality (not available): a realistic answer. */
export const CAMARA_ANSWER = {
  givenNameMatch: 'true',
  familyNameMatch: 'true',
  birthdateMatch: 'true',
  emailMatch: 'false',
  emailMatchScore: 87,
  genderMatch: 'true',
  streetNameMatch: 'true',
  streetNumberMatch: 'true',
  postalCodeMatch: 'true',
  localityMatch: 'not_available',
  countryMatch: 'true',
};

/** The bare pass-through the relay is compared with: same upstream, same body in, same answer out. */
export function bareApp(/** @type {string} */ upstream, kind = 'dqe') {
  const app = new Hono();
  app.post('/match', async (c) => {
    const body = await c.req.text();
    const r = await fetch(`${upstream}${kind === 'camara' ? CAMARA_MATCH : '/IDMOBILE/'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return c.body(await r.text(), /** @type {200} */ (r.status), { 'content-type': 'application/json' });
  });
  return app;
}

/**
 * The built relay against `upstream` (DQE, or CAMARA with client_credentials), as a merchant runs it: no session
 * required, the per-client and per-phone limits counted (maxima the load never reaches) in the in-memory store,
 * or in Redis with `redisUrl` (the access token then shared through it too).
 */
export async function relayApp(
  /** @type {string} */ upstream,
  kind = 'dqe',
  /** @type {string | undefined} */ redisUrl = undefined,
) {
  const { createRelay, createDqeUpstream, createCamaraUpstream, createRedisStore, sharedToken, tokenKey } =
    await loadBuiltRelay();
  const logger = { debug() {}, info() {}, warn() {}, error() {}, addSecret() {} };
  const store = redisUrl ? createRedisStore({ url: redisUrl, prefix: `bench-${process.pid}:` }) : undefined;
  if (store && !(await store.ready(5000))) throw new Error(`Redis at ${redisUrl} did not answer`);
  /** @type {import('../src/relay/index.js').TokenCacheFactory | undefined} */
  const tokenCache = store
    ? (name, fetchToken) => sharedToken(store, tokenKey(name, upstream, 'bench'), fetchToken)
    : undefined;
  return createRelay({
    mode: kind === 'camara' ? 'camara' : 'dqe',
    upstream:
      kind === 'camara'
        ? createCamaraUpstream({
            apiRoot: `${upstream}/camara`,
            tokenUrl: `${upstream}/oauth/token`,
            clientId: 'bench',
            clientSecret: 'bench-secret',
            flows: ['client_credentials'],
            logger,
            tokenCache,
          })
        : createDqeUpstream({
            baseUrl: upstream,
            licence: 'bench-licence',
            clientSecret: 'bench-secret',
            partnerName: 'bench',
            logger,
            tokenCache,
          }),
    allowedOrigins: [BENCH_ORIGIN],
    attestationSecret: 'bench-attestation-secret-0123456789abcdef',
    // the bench measures the relay's pipeline: no session to create; limits counted, never reached
    requireSession: false,
    limits: {
      client: { max: 1e9, windowMs: 3_600_000 },
      phoneClient: { max: 1e9, windowMs: 3_600_000 },
      phoneReference: { max: 1e9, windowMs: 3_600_000 },
      phoneCap: { max: 1e9, windowMs: 3_600_000 },
    },
    ...(store ? { store } : {}),
    logger: () => {},
  });
}

const isMain = process.argv[1] && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  const [role, upstream, kind = 'dqe', redisUrl] = process.argv.slice(2);
  /** @type {{ fetch: (r: Request) => Response | Promise<Response> }} */
  let app;
  if (role === 'upstream') app = upstreamApp();
  else if (role === 'bare') app = bareApp(String(upstream), kind);
  else if (role === 'relay') app = await relayApp(String(upstream), kind);
  else if (role === 'relay-redis') app = await relayApp(String(upstream), kind, String(redisUrl));
  else throw new Error(`unknown role ${role}`);
  // the process's CPU time, read before and after a load: CPU per request, steadier than req/s on a busy machine
  const fetch = (/** @type {Request} */ req) =>
    new URL(req.url).pathname === '/__bench/cpu' ? Response.json(process.cpuUsage()) : app.fetch(req);
  const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}
