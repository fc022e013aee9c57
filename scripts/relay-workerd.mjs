// @ts-check
// `npm run relay:workerd`: the relay's hono app on Cloudflare's workerd (the `workerd` devDependency), in test mode
// unless DQE credentials are set, on PORT (8787) and HOST (all interfaces). Validates the configuration as
// `npm run relay` does (one line per problem, exit 1), bundles src/relay/workerd.ts into one module (Vite), writes a
// workerd configuration next to it (the environment's relay variables as text bindings, file mode 0600: they may
// hold secrets) and runs `workerd serve`. Built under node_modules/.cache/idmobile-check/workerd/.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'node_modules/.cache/idmobile-check/workerd');
const RELAY_VARIABLES = /^(PORT|HOST|NODE_ENV|ATTESTATION_SECRET|RELAY_\w+|DQE_\w+|CAMARA_\w+)$/;

/** @type {import('../src/relay/standalone.ts')} */
const standalone = await tsImport('../src/relay/standalone.ts', import.meta.url);
/** @type {import('../src/relay/config.ts')} */
const { ConfigError } = await tsImport('../src/relay/config.ts', import.meta.url);

/** @type {Record<string, string>} */
const env = {};
for (const [k, v] of Object.entries(process.env)) if (RELAY_VARIABLES.test(k) && v !== undefined) env[k] = v;
const port = Number(env['PORT'] || 8787);
let config;
try {
  config = standalone.createStandaloneRelay(env, port, { memoryOnly: 'workerd' }).config;
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  for (const line of standalone.configErrorLines(e)) console.error(line);
  process.exit(1);
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const CONTROL = /[\u0000-\u001f\u007f]/g;
/** A Cap'n Proto text literal (control characters written as \xHH). */
const capnpText = (/** @type {string} */ s) =>
  `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;

mkdirSync(out, { recursive: true });
await build({
  configFile: false,
  logLevel: 'warn',
  root,
  resolve: { conditions: ['workerd', 'worker', 'browser', 'import', 'default'] },
  ssr: { target: 'webworker', noExternal: true },
  build: {
    outDir: out,
    emptyOutDir: false,
    target: 'es2022',
    ssr: 'src/relay/workerd.ts',
    minify: false,
    rolldownOptions: {
      // the Redis store is Node's (refused on workerd): its client is never loaded
      external: ['redis'],
      output: { format: 'es', entryFileNames: 'worker.js' },
    },
  },
});

const bindings = Object.entries({ ...env, PORT: String(port) }).map(
  ([name, value]) => `(name = ${capnpText(name)}, text = ${capnpText(value)})`,
);
const address = `${config.host ?? '*'}:${port}`;
const capnp = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "relay", worker = .relay) ],
  sockets = [ (name = "http", address = ${capnpText(address)}, http = (), service = "relay") ],
);

const relay :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2026-01-01",
  bindings = [ ${bindings.join(',\n    ')} ],
);
`;
const configFile = join(out, 'relay.capnp');
writeFileSync(configFile, capnp, { mode: 0o600 });

const workerd = createRequire(import.meta.url).resolve('workerd/bin/workerd');
const child = spawn(workerd, ['serve', configFile], { stdio: ['ignore', 'inherit', 'inherit'] });
if (config.mode === 'test') console.error(standalone.testModeBanner(config, port));
for (const w of config.warnings) console.error(`warning: ${w}`);
console.log(standalone.listeningLine(config, port, 'workerd'));
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
