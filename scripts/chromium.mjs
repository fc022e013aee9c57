// @ts-check
/**
 * The one place that decides which Chromium the browser suites, the e2e tests and the benchmark launch.
 *
 * Order: `CHROME_PATH` (a path that must exist), a system Chromium (Debian's package, other common paths),
 * Playwright's own browser cache (a developer laptop that ran `npx playwright install`), and last the Chromium
 * that `npm install` brought: `@sparticuz/chromium`, a devDependency that ships a headless Chromium inside its
 * package and unpacks it into the temp folder on first use (about 2 s), with the NSS libraries it links against.
 *
 * `IDMOBILE_CHROMIUM` forces a choice: `system` (CHROME_PATH, a system one or Playwright's cache, else fail) or
 * `bundled` (the npm one even when a system one exists: how the fresh-machine path is tested on any machine).
 *
 * Used by web-test-runner.config.mjs, playwright.config.ts, bench/render.mjs and scripts/test.mjs.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Flags for every Chromium we launch: no network chatter on a closed network, no GPU, small /dev/shm. */
export const CHROMIUM_ARGS = [
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
];

/**
 * `@sparticuz/chromium`'s own `chromium.args` are tuned for AWS Lambda; the bundled Chromium runs the suites
 * with CHROMIUM_ARGS above instead (checked: every suite passes with them). These of its flags must never
 * reach a test browser, because they switch off what our suites test (test/node/scripts/chromium.spec.ts):
 * - web security: `--disable-web-security` (CORS and the same-origin policy: the relay's origin checks seen
 *   from a page), `--allow-running-insecure-content` (mixed content), `--disable-site-isolation-trials` and
 *   `--disable-features=IsolateOrigins,site-per-process` (the process model the consent redirect relies on),
 *   `--enable-features=SharedArrayBuffer` (a platform feature pages do not have by default);
 * - process model: `--single-process` and `--no-zygote` (needed on Lambda only; one renderer crash would take
 *   the whole run down, and the memory test measures one page's heap);
 * - `--headless='shell'` (Playwright passes its own headless flag) and the GPU flags (`--use-gl=angle`,
 *   `--use-angle=swiftshader`, `--enable-unsafe-swiftshader`, `--in-process-gpu`; we pass `--disable-gpu`).
 * `--no-sandbox` is added by Playwright itself when it runs as root.
 */
export const REFUSED_BUNDLED_ARGS = [
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--disable-features=AudioServiceOutOfProcess,IsolateOrigins,site-per-process',
  '--enable-features=SharedArrayBuffer',
  '--single-process',
  '--no-zygote',
  "--headless='shell'",
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--in-process-gpu',
];

export const NO_CHROMIUM = [
  'No Chromium found: install one (Debian/Ubuntu: apt-get install -y chromium) or set CHROME_PATH to a',
  'Chrome/Chromium binary; `npm install` also brings one (@sparticuz/chromium, a devDependency): reinstall',
  'the devDependencies if it is missing.',
].join(' ');

/** Common install paths of a system Chromium or Chrome (Debian's package first). */
export const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * @typedef {'CHROME_PATH' | 'system' | 'playwright' | 'bundled'} ChromiumSource
 * @typedef {{ path: string, source: ChromiumSource }} Candidate
 * @typedef {object} Chromium
 * @property {string} executablePath
 * @property {string[]} args  launch flags
 * @property {Record<string, string>} [env]  extra environment for the browser process (merged over the parent's)
 * @property {ChromiumSource} source
 * @property {string} description  one line for humans: which Chromium and why
 * @typedef {() => Promise<{ executablePath: string, env: Record<string, string> } | null>} BundledLoader
 * @typedef {object} ResolveOptions
 * @property {Record<string, string | undefined>} [env]  environment to read (default process.env)
 * @property {Candidate[]} [candidates]  system candidates in order (default: systemCandidates(env))
 * @property {(path: string) => boolean} [exists]  file test (default fs.existsSync)
 * @property {BundledLoader} [bundled]  unpacks the npm Chromium (default: loadBundledChromium)
 */

/** CHROME_PATH, the system paths and Playwright's cache, in that order. */
export async function systemCandidates(env = process.env) {
  /** @type {Candidate[]} */
  const list = [];
  if (env['CHROME_PATH']) list.push({ path: env['CHROME_PATH'], source: 'CHROME_PATH' });
  for (const path of SYSTEM_PATHS) list.push({ path, source: 'system' });
  try {
    const { chromium } = await import('playwright');
    list.push({ path: chromium.executablePath(), source: 'playwright' });
  } catch {
    /* no playwright package: no cache to look in */
  }
  return list;
}

/**
 * Unpacks `@sparticuz/chromium` (once per machine: it reuses `<tmp>/chromium`) and the NSS libraries it needs
 * (`libnss3`, `libnspr4`: present wherever a system Chromium was installed, absent on a minimal machine), and
 * points the browser at its bundled fonts when the machine has no fontconfig configuration.
 * @type {BundledLoader}
 */
export async function loadBundledChromium() {
  /** @type {typeof import('@sparticuz/chromium')} */
  let mod;
  try {
    mod = await import('@sparticuz/chromium');
  } catch {
    return null; // installed without devDependencies
  }
  const { default: sparticuz, inflate } = mod;
  const executablePath = await sparticuz.executablePath();
  // the package unpacks its libraries by itself on Amazon Linux only; it unpacks them into <tmp>/al2023/lib
  const libs = join(tmpdir(), 'al2023', 'lib');
  if (!existsSync(join(libs, 'libnss3.so'))) {
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium'); // <package>/build/index.js
    await inflate(join(dirname(entry), '..', 'bin', 'al2023.tar.br'));
  }
  /** @type {Record<string, string>} */
  const env = {
    LD_LIBRARY_PATH: [libs, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':'),
  };
  // its fonts (Open Sans) are unpacked with the binary into <tmp>/fonts, with a fonts.conf naming them
  if (!existsSync('/etc/fonts/fonts.conf')) env['FONTCONFIG_PATH'] = join(tmpdir(), 'fonts');
  return { executablePath, env };
}

/**
 * Which Chromium to launch. Never throws for a missing browser: returns null (print NO_CHROMIUM); throws
 * only on a setting that is wrong (an unknown IDMOBILE_CHROMIUM, a CHROME_PATH that does not exist).
 * @param {ResolveOptions} [options]
 * @returns {Promise<Chromium | null>}
 */
export async function resolveChromium(options = {}) {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const mode = env['IDMOBILE_CHROMIUM'] || 'auto';
  if (mode !== 'auto' && mode !== 'system' && mode !== 'bundled') {
    throw new Error(`IDMOBILE_CHROMIUM=${mode}: use system, bundled, or leave it unset (system first, then bundled)`);
  }
  if (mode !== 'bundled') {
    const candidates = options.candidates ?? (await systemCandidates(env));
    for (const { path, source } of candidates) {
      if (exists(path)) {
        return { executablePath: path, args: [...CHROMIUM_ARGS], source, description: `${path} (${DESCRIBE[source]})` };
      }
      if (source === 'CHROME_PATH') throw new Error(`CHROME_PATH=${path}: no such file`);
    }
    if (mode === 'system') return null;
  }
  const bundled = await (options.bundled ?? loadBundledChromium)();
  if (!bundled) return null;
  return {
    executablePath: bundled.executablePath,
    args: [...CHROMIUM_ARGS],
    env: bundled.env,
    source: 'bundled',
    description: `${bundled.executablePath} (${mode === 'bundled' ? DESCRIBE.forced : DESCRIBE.bundled})`,
  };
}

/** @type {Record<ChromiumSource | 'forced', string>} */
const DESCRIBE = {
  CHROME_PATH: 'from CHROME_PATH',
  system: 'system Chromium',
  playwright: "Playwright's browser cache",
  bundled: 'no system Chromium found: the one npm install brought, @sparticuz/chromium',
  forced: 'IDMOBILE_CHROMIUM=bundled: the one npm install brought, @sparticuz/chromium',
};

/**
 * Playwright launch options for a resolved Chromium (the environment merged over this process's: Playwright
 * replaces the whole environment when `env` is given).
 * @param {Chromium} chromium
 */
export function launchOptions(chromium) {
  return {
    executablePath: chromium.executablePath,
    args: chromium.args,
    ...(chromium.env ? { env: { ...stringEnv(process.env), ...chromium.env } } : {}),
  };
}

/** @param {NodeJS.ProcessEnv} env */
function stringEnv(env) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * For the configs: resolves, prints which Chromium once per run (scripts/test.mjs prints it itself and sets
 * IDMOBILE_CHROMIUM_SHOWN for its children; Playwright's worker processes stay quiet), throws NO_CHROMIUM when
 * there is none.
 */
export async function chooseChromium() {
  const chromium = await resolveChromium();
  if (!chromium) throw new Error(NO_CHROMIUM);
  if (!process.env['IDMOBILE_CHROMIUM_SHOWN'] && !process.env['TEST_WORKER_INDEX']) {
    console.log(`chromium: ${chromium.description}`);
    process.env['IDMOBILE_CHROMIUM_SHOWN'] = '1';
  }
  return chromium;
}
