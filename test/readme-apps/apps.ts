/**
 * Apps rebuilt from the README alone, run as a shop runs them: each app's files (`<!-- file: <app>/… -->`) written
 * into a temporary folder whose `node_modules` links the package under test (this checkout, built) and the few
 * libraries the app imports; a Vite app built with Vite's JS API and served by `vite preview`; the shop's backend
 * and the relay's command (`idmobile-relay`, test mode, server API on, sessions required) as child processes.
 * Everything listens on 127.0.0.1, every wait is bounded, and `stop()` ends every process and removes the folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INPUTS, staleness } from '../../scripts/ensure-build.mjs';
import { startRelayProcess } from '../node/relay/relay-process.js';
import { appFiles } from '../readme/readme-files.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The relay's server API key in these tests (32 characters at least, as the relay requires). */
const API_KEY = 'readme-apps-server-api-key-0123456789';

/**
 * Why a README app cannot run here, or null: the README gives no `<app>/<file>`, or `command` (an interpreter)
 * does not answer `--version` (`install` says how to get it).
 */
export function cannotRun(app: string, file: string, command: string, install: string): string | null {
  if (!appFilesOrNone(app).has(file)) return `README.md gives no ${app}/${file}`;
  return spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 10_000 }).status === 0
    ? null
    : `${command} is not installed (${install})`;
}

function appFilesOrNone(app: string): Map<string, string> {
  try {
    return appFiles(app);
  } catch {
    return new Map();
  }
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** What the apps take from dist/, and the sources each is built from. */
const BUILT: Array<[output: string, inputs: string[]]> = [
  ['dist/idmobile-check.iife.js', INPUTS],
  ['dist/define.js', INPUTS],
  ['dist/relay/node.js', ['src/relay', 'src/protocol', 'src/testmode', 'scripts/build.mjs']],
];

/**
 * The package is built (`npm run build`) and newer than its sources: the IIFE, the ES entries and the relay's
 * command all come from dist/. One build at a time across the workers (a lock folder), none when up to date.
 */
export async function ensureBuilt(): Promise<void> {
  const stale = () => BUILT.map(([output, inputs]) => staleness(ROOT, output, inputs)).find((why) => why !== null);
  if (!stale()) return;
  const lock = join(ROOT, 'test-results', '.readme-apps-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const until = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > until) throw new Error(`${lock}: another build held it for 3 minutes (remove it if stale)`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!stale()) return; // another worker built it meanwhile
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
    if (built.status !== 0) throw new Error('npm run build failed: the README apps need the built package');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Writes the README's files of `app` under `dir` and links `node_modules/<name>` for each module named to this
 * checkout's (`idmobile-check` to the checkout itself, as `npm install idmobile-check` would give it).
 */
export function writeApp(app: string, dir: string, modules: readonly string[] = []): void {
  for (const [path, content] of appFiles(app)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const name of ['idmobile-check', ...modules]) {
    const link = join(dir, 'node_modules', name);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(name === 'idmobile-check' ? ROOT : join(ROOT, 'node_modules', name), link, 'dir');
  }
}

export interface Child {
  /** What it printed so far (stdout and stderr). */
  output(): string;
  stop(): void;
}

/** A command's arguments, or a function of the port it is to listen on (`php -S 127.0.0.1:<port> …`). */
export type Args = string[] | ((port: number) => string[]);

/**
 * Runs a command with only the given environment (and PATH) and resolves once `http://127.0.0.1:<port>/` answers
 * anything (within 20 s), as a shop's server would be started: `PORT` and `HOST=127.0.0.1` are set.
 */
export async function startServer(
  command: string,
  args: Args,
  cwd: string,
  env: Record<string, string>,
): Promise<Child & { url: string }> {
  const port = await freePort();
  const argv = typeof args === 'function' ? args(port) : args;
  const child = spawn(command, argv, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const running: Child & { url: string } = {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: () => void child.kill('SIGTERM'),
  };
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${argv.join(' ')} exited ${child.exitCode}:\n${out}`);
    const answered = await fetch(`${running.url}/`, { signal: AbortSignal.timeout(2_000) }).then(
      () => true,
      () => false,
    );
    if (answered) return running;
    if (Date.now() > until) {
      running.stop();
      throw new Error(`${command} ${argv.join(' ')}: nothing answered on port ${port} within 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Relay extends Child {
  /** Where the browser and the shop's backend reach it. */
  url: string;
  apiKey: string;
}

/**
 * `npx idmobile-relay` from the app's folder, in test mode with its simulator, the server API on and sessions
 * required (as in production: a check without the order's session is refused with R401).
 */
export async function startRelay(cwd: string): Promise<Relay> {
  const port = await freePort();
  const relay = await startRelayProcess(join('node_modules', 'idmobile-check', 'bin', 'idmobile-relay.mjs'), cwd, {
    RELAY_MODE: 'test',
    RELAY_API_KEY: API_KEY,
    RELAY_REQUIRE_SESSION: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  return { url: `http://127.0.0.1:${relay.port}`, apiKey: API_KEY, output: relay.stderr, stop: relay.stop };
}

/**
 * Builds the Vite app in `dir` with its own `vite.config.ts` (the relay's URL given as `VITE_RELAY_URL`, as a
 * shop's build would) and serves the build with `vite preview` on 127.0.0.1, its proxy pointing at `backend`
 * (`SHOP_BACKEND`).
 */
export async function buildAndPreview(dir: string, relayUrl: string, backend: string) {
  const vite = await import('vite');
  process.env['VITE_RELAY_URL'] = relayUrl; // read by loadEnv during the build (this worker's process only)
  process.env['SHOP_BACKEND'] = backend; // read by the app's vite.config.ts
  const configFile = join(dir, 'vite.config.ts');
  await vite.build({ root: dir, configFile, logLevel: 'warn', build: { outDir: join(dir, 'dist') } });
  const port = await freePort();
  const server = await vite.preview({
    root: dir,
    configFile,
    logLevel: 'warn',
    build: { outDir: join(dir, 'dist') },
    preview: { host: '127.0.0.1', port, strictPort: true },
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => void server.close() };
}

/** A README app running: the page the shopper opens, and what the shop's backend printed. */
export interface RunningApp {
  /** The checkout page's URL. */
  url: string;
  relay: Relay;
  backend: Child;
  stop(): void;
}

export interface AppSpec {
  /** The README app whose page the shopper opens (`plain`, `react`, `vue`, `python-backend`…). */
  app: string;
  /** Modules the app imports, linked from this checkout's node_modules. */
  modules?: readonly string[];
  /**
   * The backend: a README app (written into its own folder, or the app's own when it is the same app), its
   * command run there, any environment it needs beyond the relay's URL and key, and empty folders the README
   * tells to make (PHP's built-in server needs its `public/`).
   */
  backend: { app: string; command: string; args: Args; env?: Record<string, string>; folders?: string[] };
  /** `vite`: the app is built and previewed, proxying to the backend; else the backend serves the page. */
  build?: 'vite';
}

/**
 * Writes, builds and starts a README app with its backend and the relay. The backend gets `PORT`, `HOST`,
 * `RELAY_URL` (also as `IDMOBILE_RELAY_URL`, the Python and PHP backends' name) and `RELAY_API_KEY`, then its own
 * `env`.
 */
export async function launchApp(spec: AppSpec): Promise<RunningApp> {
  await ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), `readme-${spec.app}-`));
  const stops: Array<() => void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = () => {
    for (const s of stops.reverse()) {
      try {
        s();
      } catch {
        /* the others still stop */
      }
    }
  };
  try {
    const backendDir = spec.backend.app === spec.app ? dir : join(dir, '.backend');
    writeApp(spec.backend.app, backendDir);
    for (const folder of spec.backend.folders ?? []) mkdirSync(join(backendDir, folder), { recursive: true });
    if (backendDir !== dir) writeApp(spec.app, dir, spec.modules);
    const relay = await startRelay(backendDir);
    stops.push(() => relay.stop());
    const backend = await startServer(spec.backend.command, spec.backend.args, backendDir, {
      RELAY_URL: relay.url,
      IDMOBILE_RELAY_URL: relay.url,
      RELAY_API_KEY: relay.apiKey,
      ...spec.backend.env,
    });
    stops.push(() => backend.stop());
    let url = backend.url;
    if (spec.build === 'vite') {
      const preview = await buildAndPreview(dir, relay.url, backend.url);
      stops.push(() => preview.stop());
      url = preview.url;
    }
    return { url, relay, backend, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
