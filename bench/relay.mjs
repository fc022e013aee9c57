// @ts-check
// The relay's added latency and throughput against a bare hono pass-through to the same upstream, over
// loopback with autocannon. Three processes: the upstream (child), the server under test (child, started fresh
// for each side), and autocannon (this process), so the load generator never shares an event loop with the
// servers. Each side gets a warm-up, a 1-connection run (latency without queueing) and an N-connection run
// (throughput, latency under load, and the server's CPU time per request). Sides alternate; bounded by duration
// and connections. Sides: the bare pass-through, the relay on the in-memory store, the relay on Redis.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import http from 'node:http';
import { at, ratio, median, summary } from './lib.mjs';
import { BENCH_ORIGIN } from './servers.mjs';

const BODY = JSON.stringify({
  scope: 'matching_notp',
  phone: '+33612345678',
  identity: {
    gender: 'F',
    given_name: 'Camille',
    family_name: 'Martin',
    birthdate: '1990-04-12',
    email: 'camille.martin@example.fr',
    address: { street_address: '12 rue de la Paix', postal_code: '75002', locality: 'Paris', country: 'FR' },
  },
  return_url: `${BENCH_ORIGIN}/checkout?idmobile_return=1`,
});

/** Starts `bench/servers.mjs <role> [upstream kind [redis]]`; resolves with its base URL and a stop function. */
function startServer(/** @type {string} */ role, /** @type {string} */ upstream = '', kind = 'dqe', redis = '') {
  const child = spawn(
    process.execPath,
    [at('bench/servers.mjs'), role, upstream, upstream ? kind : '', redis].filter(Boolean),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) });
    rl.once('line', (line) => {
      const { port } = JSON.parse(line);
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        stop: () =>
          new Promise((r) => {
            child.once('exit', r);
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${role} server exited (${code}) before listening`)));
  });
}

/** The server process's CPU time so far (µs, user + system). */
async function cpuOf(/** @type {string} */ url) {
  const c = /** @type {{ user: number, system: number }} */ (await (await fetch(`${url}/__bench/cpu`)).json());
  return c.user + c.system;
}

/** @param {string} url @param {number} connections @param {number} seconds */
async function load(url, connections, seconds) {
  const cpuBefore = await cpuOf(url);
  const r = await autocannon({
    url: `${url}/match`,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
    body: BODY,
    connections,
    duration: seconds,
    pipelining: 1,
  });
  const bad = r.non2xx + r.errors + r.timeouts;
  const cpu = (await cpuOf(url)) - cpuBefore;
  return {
    /** the server's CPU time per request answered (µs) */
    cpuPerRequest: r.requests.total > 0 ? cpu / r.requests.total : NaN,
    connections,
    seconds,
    requests: r.requests.total,
    reqPerSec: r.requests.average,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max },
    failures: bad,
  };
}

/** Checks that a server answers the seed scores (the relay adds its attestation). */
async function smoke(/** @type {string} */ url) {
  const res = await fetch(`${url}/match`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
    body: BODY,
  });
  const json = await res.json();
  if (res.status !== 200 || (json.family_name !== 1 && json.familyNameMatch !== 'true'))
    throw new Error(`${url}/match answered ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Sequential requests over one keep-alive connection, timed with hrtime (µs resolution): latency without queueing. */
async function sequential(/** @type {string} */ url, /** @type {number} */ seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(`${url}/match`);
  const once = () =>
    new Promise((resolve, reject) => {
      const t0 = process.hrtime.bigint();
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(BODY),
            origin: BENCH_ORIGIN,
          },
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(Number(process.hrtime.bigint() - t0) / 1e6)
              : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(BODY);
    });
  /** @type {number[]} */
  const times = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) times.push(/** @type {number} */ (await once()));
  agent.destroy();
  return times;
}

/**
 * The bare pass-through, the relay on the in-memory store and, with `redisUrl`, the relay on the Redis store.
 * @param {{ rounds: number, seconds: number, latencySeconds: number, connections: number, warmupSeconds: number }} opts
 * @param {'dqe' | 'camara'} kind which operator API the relay and the pass-through speak to the stand-in
 * @param {string | undefined} redisUrl
 */
export async function measureRelay(opts, kind = 'dqe', redisUrl = undefined) {
  const upstream = /** @type {any} */ (await startServer('upstream'));
  const sides = ['bare', 'relay', ...(redisUrl ? ['relay-redis'] : [])];
  /** @type {Record<string, any>} */
  const servers = {};
  /** @type {Record<string, { single: number[], loaded: any[] }>} */
  const runs = Object.fromEntries(sides.map((side) => [side, { single: [], loaded: [] }]));
  try {
    for (const side of sides) {
      servers[side] = await startServer(side, upstream.url, kind, side === 'relay-redis' ? redisUrl : '');
      const answer = await smoke(servers[side].url);
      if (side !== 'bare' && typeof answer.attestation !== 'string')
        throw new Error(`${side} answer without attestation`);
      await load(servers[side].url, opts.connections, opts.warmupSeconds); // JIT, keep-alive pools, token fetched
    }
    // rotate the order round by round so a noisy neighbour hurts every side alike; figures are medians over rounds
    for (let round = 0; round < opts.rounds; round++) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length]);
      for (const side of order) {
        runs[side].single.push(...(await sequential(servers[side].url, opts.latencySeconds)));
        runs[side].loaded.push(await load(servers[side].url, opts.connections, opts.seconds));
      }
    }
  } finally {
    for (const s of Object.values(servers)) await s.stop();
    await upstream.stop();
  }
  const fold = (/** @type {{ single: number[], loaded: any[] }} */ r) => ({
    single: summary(r.single),
    loaded: {
      connections: opts.connections,
      secondsPerRound: opts.seconds,
      rounds: r.loaded.length,
      requests: r.loaded.reduce((a, l) => a + l.requests, 0),
      failures: r.loaded.reduce((a, l) => a + l.failures, 0),
      reqPerSec: median(r.loaded.map((l) => l.reqPerSec)),
      reqPerSecRounds: r.loaded.map((l) => l.reqPerSec),
      cpuPerRequest: median(r.loaded.map((l) => l.cpuPerRequest)),
      latency: { p50: median(r.loaded.map((l) => l.latency.p50)), p99: median(r.loaded.map((l) => l.latency.p99)) },
    },
  });
  const relay = fold(runs.relay);
  const bare = fold(runs.bare);
  const redis = runs['relay-redis'] ? fold(runs['relay-redis']) : null;
  return {
    upstream: kind,
    processes:
      'upstream, bare pass-through and each relay in its own child process (node); load generator in the parent',
    relay,
    bare,
    redis,
    added: {
      p50Single: relay.single.median - bare.single.median,
      p99Single: relay.single.p99 - bare.single.p99,
      p50Loaded: relay.loaded.latency.p50 - bare.loaded.latency.p50,
      p99Loaded: relay.loaded.latency.p99 - bare.loaded.latency.p99,
    },
    ratios: {
      throughput: ratio(relay.loaded.reqPerSec, bare.loaded.reqPerSec),
      /** requests per CPU-second, relay over bare: the throughput ratio on a machine of its own */
      capacity: ratio(bare.loaded.cpuPerRequest, relay.loaded.cpuPerRequest),
      p50Single: ratio(relay.single.median, bare.single.median),
      p50Loaded: ratio(relay.loaded.latency.p50, bare.loaded.latency.p50),
      ...(redis
        ? {
            redisThroughput: ratio(redis.loaded.reqPerSec, relay.loaded.reqPerSec),
            redisCapacity: ratio(relay.loaded.cpuPerRequest, redis.loaded.cpuPerRequest),
            redisP50Loaded: ratio(redis.loaded.latency.p50, relay.loaded.latency.p50),
            redisP99Loaded: ratio(redis.loaded.latency.p99, relay.loaded.latency.p99),
          }
        : {}),
    },
  };
}
