// @ts-check
// `npm run bench`: performance figures of idmobile-check from one run on this machine.
//
//   node bench/run.mjs [--build] [--quick] [--only=sizes,browser,relay,tokens,camara,attestation,signals] [--update-doc]
//
//   camara: the CAMARA KYC Match path (token requests per 100 concurrent checks, relay overhead vs a bare
//   pass-through), the counterpart of `tokens` and `relay` for DQE
//
//   attestation: CPU per check of signing and verifying an attestation, v3 (sealed scores, salted digests)
//   against v2 (bench/attestation.mjs, run with tsx: the relay's sources)
//
//   signals: a check's latency with the SIM-swap signal (RELAY_SIGNALS=sim_swap) against the match alone, on DQE
//   and CAMARA, the two calls in parallel as the relay makes them and one at a time as a serial relay would
//   (bench/signals.mjs, run with tsx)
//
//   --build       rebuild dist/ first (default: build only when dist/ is missing)
//   --quick       fewer iterations and shorter loads (a smoke run; figures are rougher)
//   --only=…      run some parts only
//   --update-doc  rewrite the figures block of BENCHMARKS.md with this run's table
//
// Prints a table, writes bench/results.json. Runs the browser part in headless Chromium (see
// scripts/browsers.mjs); on a shared machine wrap the run in the browser lock yourself:
//   flock /tmp/idmobile-browser.lock npm run bench
import { existsSync, readFileSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { at, kb, ms, x, table, mdTable } from './lib.mjs';

const args = process.argv.slice(2);
const flag = (/** @type {string} */ name) => args.includes(`--${name}`);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wants = (/** @type {string} */ part) => !only || only.includes(part);
const quick = flag('quick');
const started = performance.now();

const CONFIG = quick
  ? {
      loadRuns: 3,
      renderIterations: 15,
      gaugeIterations: 10,
      relay: { rounds: 1, seconds: 2, latencySeconds: 1, connections: 20, warmupSeconds: 1 },
    }
  : {
      loadRuns: 9,
      renderIterations: 60,
      gaugeIterations: 40,
      relay: { rounds: 3, seconds: 3, latencySeconds: 1.5, connections: 20, warmupSeconds: 2 },
    };

// ---- dist/ ----------------------------------------------------------------------------------------------
const NEEDED = ['dist/idmobile-check.iife.js', 'dist/idmobile-check.js', 'dist/define.js', 'dist/relay/index.js'];
/** @type {string[]} */
const notes = [];
if (flag('build') || NEEDED.some((f) => !existsSync(at(f)))) {
  console.error('building dist/ (node scripts/build.mjs)…');
  const r = spawnSync(process.execPath, [at('scripts/build.mjs')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0) {
    const budgetOnly = /size budget exceeded/.test(r.stderr ?? '') && NEEDED.every((f) => existsSync(at(f)));
    if (!budgetOnly) {
      console.error('✖ the build failed: no figures');
      process.exit(1);
    }
    notes.push('the build exited 1 on its size budget (the IIFE over its gzip budget); its dist/ files were used');
  }
}
/** Newest modification time under a folder. */
function newest(/** @type {string} */ dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath ?? /** @type {any} */ (e).path, e.name)).mtimeMs);
  }
  return t;
}
if (newest(at('src')) > statSync(at('dist/idmobile-check.iife.js')).mtimeMs) {
  const msg = 'dist/ is older than src/: figures are of the last build (run with --build for the current sources)';
  notes.push(msg);
  console.error(`⚠ ${msg}`);
}

// ---- the parts --------------------------------------------------------------------------------------------
const machine = {
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  /** @type {string | null} */
  chromium: null,
  /** @type {number[]} */
  loadAverageAtEnd: [],
};
/** @type {Record<string, any>} */
const results = { date: new Date().toISOString(), quick, machine, config: CONFIG, notes };

const step = async (/** @type {string} */ name, /** @type {() => Promise<any>} */ fn) => {
  const t = performance.now();
  process.stderr.write(`… ${name}\n`);
  const r = await fn();
  process.stderr.write(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  return r;
};
if (wants('sizes')) results.sizes = await step('sizes', async () => (await import('./sizes.mjs')).measureSizes());
// a redis-server for the Redis rows (relay on the Redis store, the fleet's shared token), when installed
const needsRedis = wants('relay') || wants('tokens');
const redis = needsRedis ? await (await import('./redis.mjs')).startBenchRedis() : null;
const redisUrl = redis && 'url' in redis ? redis.url : undefined;
if (redis && 'missing' in redis) {
  notes.push(redis.missing);
  console.error(`⚠ ${redis.missing}`);
}
if (wants('attestation')) {
  results.attestation = await step('attestation', async () => {
    const n = quick ? 300 : 2000;
    const r = spawnSync(process.execPath, ['--import', 'tsx', at('bench/attestation.mjs'), String(n)], {
      encoding: 'utf8',
      cwd: at('.'),
    });
    if (r.status !== 0) throw new Error(`bench/attestation.mjs failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
}
if (wants('signals')) {
  results.signals = await step('signals', async () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', at('bench/signals.mjs'), quick ? '15' : '60', '50'], {
      encoding: 'utf8',
      cwd: at('.'),
    });
    if (r.status !== 0) throw new Error(`bench/signals.mjs failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
}
if (wants('tokens')) {
  results.tokens = await step('tokens', async () => (await import('./tokens.mjs')).measureTokens(100));
  results.fleetTokens = await step('fleet tokens', async () =>
    (await import('./tokens.mjs')).measureFleetTokens(redisUrl, 100),
  );
}
if (wants('browser')) {
  try {
    results.browser = await step('browser', async () => (await import('./render.mjs')).measureBrowser(CONFIG));
    machine.chromium = results.browser.chromium;
  } catch (e) {
    // no Chromium here (or it failed): the other parts still report
    const msg = `browser part not run: ${e instanceof Error ? e.message : String(e)}`;
    notes.push(msg);
    console.error(`✖ ${msg}`);
  }
}
try {
  if (wants('relay'))
    results.relay = await step('relay', async () =>
      (await import('./relay.mjs')).measureRelay(CONFIG.relay, 'dqe', redisUrl),
    );
  if (wants('camara')) {
    results.camaraTokens = await step('camara tokens', async () =>
      (await import('./tokens.mjs')).measureCamaraTokens(100),
    );
    results.camaraRelay = await step('camara relay', async () =>
      (await import('./relay.mjs')).measureRelay(CONFIG.relay, 'camara'),
    );
  }
} finally {
  if (redis && 'stop' in redis) await redis.stop();
}
machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
results.seconds = Math.round((performance.now() - started) / 100) / 10;

// ---- report -----------------------------------------------------------------------------------------------
/** @type {string[][]} */
const rows = [['figure', 'idmobile-check', 'reference', 'ratio']];
const section = (/** @type {string} */ title) => rows.push([`**${title}**`, '', '', '']);
const s = results.sizes;
if (s) {
  section('Transfer size, gzip -9 / brotli 11 (each file compressed on its own)');
  const pair = (/** @type {any} */ g) => `${kb(g.gzip)} / ${kb(g.brotli)}`;
  if (s.peer) {
    rows.push([
      'IIFE (one script tag, Lit included) vs intl-tel-input JS + utils',
      pair(s.ours.iife),
      pair(s.peer.js),
      `${x(s.ratios.iifeVsPeerJs.gzip)} / ${x(s.ratios.iifeVsPeerJs.brotli)}`,
    ]);
    rows.push([
      'IIFE vs intl-tel-input JS + utils + CSS',
      pair(s.ours.iife),
      pair(s.peer.jsCss),
      `${x(s.ratios.iifeVsPeerJsCss.gzip)} / ${x(s.ratios.iifeVsPeerJsCss.brotli)}`,
    ]);
    rows.push([
      'ESM entry + chunk (Lit external) vs intl-tel-input JS + utils',
      pair(s.ours.esm),
      pair(s.peer.js),
      `${x(s.ratios.esmVsPeerJs.gzip)} / ${x(s.ratios.esmVsPeerJs.brotli)}`,
    ]);
  } else {
    rows.push(['IIFE (one script tag, Lit included)', pair(s.ours.iife), 'intl-tel-input not installed', '']);
    rows.push(['ESM entry + chunk (Lit external)', pair(s.ours.esm), '', '']);
  }
}
const b = results.browser;
if (b) {
  section(`Browser: headless Chromium ${b.chromium}, medians`);
  const e = b.scriptEvaluation;
  rows.push([
    `script evaluation, fresh context (n=${e.ours.n}) vs intlTelInputWithUtils.min.js`,
    ms(e.ours.median, 1),
    ms(e.peer.median, 1),
    x(e.ratio),
  ]);
  const f = b.firstRender;
  rows.push([
    `first render to laid-out form (n=${f.widget.n}) vs plain HTML form, same fields`,
    ms(f.widget.median),
    ms(f.plain.median),
    x(f.ratio),
  ]);
  rows.push(['· p90 of the same', ms(f.widget.p90), ms(f.plain.p90), '']);
  rows.push([
    '· first instance in the page (templates prepared, ICU data loaded)',
    ms(f.widgetFirstInstance, 1),
    ms(f.plainFirstInstance, 1),
    '',
  ]);
  const g = b.answerToGauges;
  rows.push([`relay answer to 9 gauges in the DOM (n=${g.dom.n})`, ms(g.dom.median), '', '']);
  rows.push(['· … laid out', ms(g.layout.median), '', '']);
  rows.push(['· … painted (two animation frames later)', ms(g.painted.median, 1), '', '']);
}
const a = results.attestation;
if (a) {
  section(`Attestation, CPU per check in process (median of ${a.n}; v3 against v2)`);
  rows.push([
    'relay: sign (digests, sealed scores, JWS)',
    `${a.signUs.v3} µs`,
    `${a.signUs.v2} µs`,
    x(a.signUs.v3 / a.signUs.v2),
  ]);
  rows.push([
    'merchant: verifyAttestation (signature, digests, sealed)',
    `${a.verifyUs.v3} µs`,
    `${a.verifyUs.v2} µs`,
    x(a.verifyUs.v3 / a.verifyUs.v2),
  ]);
  rows.push(['token length', `${a.tokenLength.v3} B`, `${a.tokenLength.v2} B`, x(a.tokenLength.v3 / a.tokenLength.v2)]);
}
const r = results.relay;
if (r) {
  const c = r.relay.loaded.connections;
  section(`Relay vs bare hono pass-through, loopback, same upstream (${r.relay.loaded.rounds} alternating rounds)`);
  rows.push([
    `latency p50, 1 connection, sequential (n=${r.relay.single.n} / ${r.bare.single.n})`,
    ms(r.relay.single.median),
    ms(r.bare.single.median),
    `+${ms(r.added.p50Single)}`,
  ]);
  rows.push(['latency p99, 1 connection', ms(r.relay.single.p99), ms(r.bare.single.p99), `+${ms(r.added.p99Single)}`]);
  rows.push([
    `throughput, ${c} connections (autocannon, ${r.relay.loaded.secondsPerRound} s per round)`,
    `${Math.round(r.relay.loaded.reqPerSec)} req/s`,
    `${Math.round(r.bare.loaded.reqPerSec)} req/s`,
    x(r.ratios.throughput),
  ]);
  rows.push([
    `latency p50 / p99, ${c} connections`,
    `${r.relay.loaded.latency.p50} / ${r.relay.loaded.latency.p99} ms`,
    `${r.bare.loaded.latency.p50} / ${r.bare.loaded.latency.p99} ms`,
    x(r.ratios.p50Loaded),
  ]);
  rows.push([
    'server CPU per request, same load (requests per CPU-second: throughput on a quiet machine)',
    `${Math.round(r.relay.loaded.cpuPerRequest)} µs`,
    `${Math.round(r.bare.loaded.cpuPerRequest)} µs`,
    `${x(r.ratios.capacity)} capacity`,
  ]);
  rows.push([
    'failed requests (non-2xx, errors, timeouts)',
    String(r.relay.loaded.failures),
    String(r.bare.loaded.failures),
    '',
  ]);
  if (r.redis) {
    const d = r.redis;
    section(`Relay on the Redis store vs on the in-memory store (limits counted, token shared; ${c} connections)`);
    rows.push([
      'throughput (autocannon)',
      `${Math.round(d.loaded.reqPerSec)} req/s`,
      `${Math.round(r.relay.loaded.reqPerSec)} req/s`,
      x(r.ratios.redisThroughput),
    ]);
    rows.push([
      'latency p50 / p99 under load',
      `${d.loaded.latency.p50} / ${d.loaded.latency.p99} ms`,
      `${r.relay.loaded.latency.p50} / ${r.relay.loaded.latency.p99} ms`,
      `${x(r.ratios.redisP50Loaded)} / ${x(r.ratios.redisP99Loaded)}`,
    ]);
    rows.push([
      `latency p50 / p99, 1 connection (n=${d.single.n} / ${r.relay.single.n})`,
      `${ms(d.single.median)} / ${ms(d.single.p99)}`,
      `${ms(r.relay.single.median)} / ${ms(r.relay.single.p99)}`,
      '',
    ]);
    rows.push([
      'relay CPU per request (redis-server not counted)',
      `${Math.round(d.loaded.cpuPerRequest)} µs`,
      `${Math.round(r.relay.loaded.cpuPerRequest)} µs`,
      `${x(r.ratios.redisCapacity)} capacity`,
    ]);
    rows.push(['failed requests', String(d.loaded.failures), String(r.relay.loaded.failures), '']);
  }
}
/** Rows of a relay-vs-bare comparison. @param {any} r @param {string} title */
function relayRows(r, title) {
  const c = r.relay.loaded.connections;
  section(title);
  rows.push([
    `latency p50, 1 connection`,
    ms(r.relay.single.median),
    ms(r.bare.single.median),
    `+${ms(r.added.p50Single)}`,
  ]);
  rows.push([`latency p99, 1 connection`, ms(r.relay.single.p99), ms(r.bare.single.p99), `+${ms(r.added.p99Single)}`]);
  rows.push([
    `throughput, ${c} connections`,
    `${Math.round(r.relay.loaded.reqPerSec)} req/s`,
    `${Math.round(r.bare.loaded.reqPerSec)} req/s`,
    x(r.ratios.throughput),
  ]);
  rows.push(['failed requests', String(r.relay.loaded.failures), String(r.bare.loaded.failures), '']);
}
if (results.camaraRelay)
  relayRows(results.camaraRelay, 'CAMARA KYC Match: relay vs bare hono pass-through, loopback, same upstream');
const ct = results.camaraTokens;
if (ct) {
  section(`CAMARA token requests per ${ct.concurrency} concurrent checks`);
  for (const burst of ct.bursts)
    rows.push([
      burst.label,
      `${burst.tokenRequests} token, ${burst.authorizeRequests} bc-authorize (${burst.ok}/${burst.checks} answered, ${burst.matchCalls} match calls)`,
      '',
      '',
    ]);
}
const sg = results.signals;
if (sg) {
  section(
    `SIM-swap signal: check latency, operator answering each call in ${sg.delayMs} ms (median / p90 of ${sg.n} sequential checks; reference: the match alone)`,
  );
  for (const [name, label] of [
    ['dqe', 'DQE (simswap scope)'],
    ['camara', 'CAMARA (SimSwap check)'],
  ]) {
    const u = sg[name];
    const f = (/** @type {{ median: number, p90: number }} */ v) => `${ms(v.median)} / ${ms(v.p90)}`;
    rows.push([
      `${label}: match + SIM swap, in parallel (the relay)`,
      f(u.parallel),
      f(u.matchOnly),
      x(u.parallel.median / u.matchOnly.median),
    ]);
    rows.push([
      `${label}: the same two calls one at a time (a serial relay)`,
      f(u.serial),
      f(u.matchOnly),
      x(u.serial.median / u.matchOnly.median),
    ]);
  }
}
const t = results.tokens;
if (t) {
  section(`DQE token requests per ${t.concurrency} concurrent checks`);
  for (const burst of t.bursts)
    rows.push([
      burst.label,
      `${burst.tokenRequests} (${burst.ok}/${burst.checks} answered, ${burst.matchCalls} match calls)`,
      '',
      '',
    ]);
}

const ft = results.fleetTokens;
if (ft) {
  section(
    `A fleet of ${ft.instances} relays: DQE token requests per ${ft.concurrency} concurrent checks (round robin)`,
  );
  const shared = ft.fleets.find((/** @type {any} */ f) => f.stores === 'redis');
  const alone = ft.fleets.find((/** @type {any} */ f) => f.stores === 'memory');
  alone.bursts.forEach((/** @type {any} */ b, /** @type {number} */ i) => {
    const s = shared?.bursts[i];
    rows.push([
      `${b.label}: Redis (shared) vs in-memory stores (each alone)`,
      s ? `${s.tokenRequests} (${s.ok}/${s.checks} answered)` : 'not run',
      `${b.tokenRequests} (${b.ok}/${b.checks} answered)`,
      '',
    ]);
  });
}

const plainRows = rows.map((row) => row.map((v) => v.replace(/\*\*/g, '')));
const header =
  `idmobile-check bench: ${results.date}, node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ` +
  `Chromium ${machine.chromium ?? 'not run'}, load average ${machine.loadAverageAtStart.join(' ')} at start, ${results.seconds} s${quick ? ' (--quick)' : ''}`;
console.log(`\n${header}\n`);
console.log(table(plainRows));
for (const n of notes) console.log(`note: ${n}`);
if (b?.pageErrors?.length) console.log(`page errors: ${b.pageErrors.join(' | ')}`);

writeFileSync(at('bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwrote bench/results.json');

if (flag('update-doc')) {
  const doc = at('BENCHMARKS.md');
  const text = readFileSync(doc, 'utf8');
  const block = `<!-- bench:begin (written by \`npm run bench -- --update-doc\`) -->\n${header}\n\n${mdTable(rows)}\n${notes.map((n) => `\nNote: ${n}.`).join('')}\n<!-- bench:end -->`;
  const next = text.replace(/<!-- bench:begin[\s\S]*?<!-- bench:end -->/, block);
  if (next === text && !text.includes('<!-- bench:begin'))
    throw new Error('BENCHMARKS.md has no bench:begin/bench:end block');
  writeFileSync(doc, next);
  console.log('updated BENCHMARKS.md');
}
