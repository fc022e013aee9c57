// @ts-check
// What the SIM-swap signal costs a check in latency (`RELAY_SIGNALS=sim_swap`): the relay in process on DQE and on
// CAMARA (client_credentials), against an operator stand-in that answers every call after `delayMs` (an operator's
// own latency; the access token is fetched before measuring). Three sides per upstream, checks run one after the
// other: the match alone; match and SIM swap as the relay makes them (in parallel: about one delay); and the same
// two calls with the stand-in answering one call at a time (what a serial relay would cost: about two delays).
//
// Run by bench/run.mjs as a child (`node --import tsx bench/signals.mjs`): the relay's sources are TypeScript.
import { median } from './lib.mjs';
import { CONTRACT_MATCH_REQUEST } from '../test/fixtures/contract-example.js';

const SECRET = 'bench-signals-secret-0123456789abcdef0123';
const ORIGIN = 'https://shop.example';
const SCORES = { family_name: 1, given_name: 1, gender: '', birthdate: 1, email: 1, address: {} };

/**
 * An operator stand-in as a `fetch`: token, match and SIM swap of DQE or CAMARA, each answered after `delayMs`;
 * `serial` answers one call at a time (a queue), as if the relay waited for one answer before the next call.
 * @param {number} delayMs @param {boolean} serial
 */
function operator(delayMs, serial) {
  let queue = Promise.resolve();
  const answer = (/** @type {string} */ url, /** @type {string} */ body) => {
    if (url.includes('ACCESS_TOKEN') || url.includes('/token'))
      return { access_token: 'bench-token-0123456789', token_type: 'Bearer', expires_in: 3600 };
    if (url.includes('sim-swap')) return { swapped: false };
    if (url.includes('kyc-match')) return { givenNameMatch: 'true', familyNameMatch: 'true' };
    return new URLSearchParams(body).get('scope') === 'simswap'
      ? { status: 'success', operator: 'Orange', swapped: 'false' }
      : SCORES;
  };
  /** @type {typeof fetch} */
  const f = async (input, init) => {
    const url = String(input);
    const body = typeof init?.body === 'string' ? init.body : '';
    const wait = () => new Promise((r) => setTimeout(r, delayMs));
    if (serial) {
      const turn = queue.then(wait);
      queue = turn;
      await turn;
    } else await wait();
    return Response.json(answer(url, body));
  };
  return f;
}

/**
 * Median and p90 wall time (ms) of `n` sequential checks through a relay on `upstream`.
 * @param {'dqe' | 'camara'} upstream @param {boolean} signal @param {boolean} serial @param {number} delayMs @param {number} n
 */
async function side(upstream, signal, serial, delayMs, n) {
  const { createRelay } = await import('../src/relay/app.js');
  const { createDqeUpstream } = await import('../src/relay/upstreams/dqe/client.js');
  const { createCamaraUpstream } = await import('../src/relay/upstreams/camara/client.js');
  const { createLogger } = await import('../src/relay/log.js');
  const fetch = operator(delayMs, serial);
  const logger = createLogger({ sink: () => {} });
  const up =
    upstream === 'dqe'
      ? createDqeUpstream({
          baseUrl: 'https://dqe.bench.invalid',
          licence: 'bench-licence',
          clientSecret: 'bench-secret',
          partnerName: 'Shop',
          fetch,
          logger,
          simSwap: signal ? { maxAgeHours: 168 } : null,
        })
      : createCamaraUpstream({
          apiRoot: 'https://camara.bench.invalid',
          tokenUrl: 'https://camara.bench.invalid/token',
          clientId: 'bench',
          clientSecret: 'bench-secret',
          flows: ['client_credentials'],
          fetch,
          logger,
          simSwap: signal ? { url: 'https://camara.bench.invalid/sim-swap/v2/check', maxAgeHours: 168 } : null,
        });
  const relay = createRelay({
    mode: upstream,
    upstream: up,
    allowedOrigins: [ORIGIN],
    attestationSecret: SECRET,
    requireSession: false,
    limits: { client: false, phoneClient: false, phoneReference: false, phoneCap: false },
    logger: () => {},
  });
  const body = JSON.stringify({ ...CONTRACT_MATCH_REQUEST, v: 3 });
  const check = async () => {
    const res = await relay.request('https://relay.bench.invalid/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body,
    });
    const json = await res.json();
    if (res.status !== 200 || typeof json.attestation !== 'string')
      throw new Error(`${upstream} check answered ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
  };
  await check(); // token fetched, code warm
  await check();
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await check();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const round = (/** @type {number} */ v) => Math.round(v * 10) / 10;
  return { median: round(median(times)), p90: round(times[Math.floor(times.length * 0.9)]), n };
}

export async function measureSignals(n = 40, delayMs = 50) {
  /** @type {Record<string, any>} */
  const out = { delayMs, n };
  for (const upstream of /** @type {const} */ (['dqe', 'camara'])) {
    out[upstream] = {
      matchOnly: await side(upstream, false, false, delayMs, n),
      parallel: await side(upstream, true, false, delayMs, n),
      serial: await side(upstream, true, true, delayMs, n),
    };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(
    `${JSON.stringify(await measureSignals(Number(process.argv[2] ?? 40), Number(process.argv[3] ?? 50)))}\n`,
  );
}
