// @ts-check
/**
 * The one place that says which browser engines the suites run in, and where each engine's binaries are.
 *
 *   chromium  scripts/chromium.mjs (system, Playwright's cache, else the one npm install brought)
 *   firefox   Firefox ESR (Debian: firefox-esr): Puppeteer for the component suite, Playwright's WebDriver BiDi
 *             mode for the end-to-end project (scripts/firefox-bidi-shim.mjs)
 *   webkit    WebKitGTK's MiniBrowser driven by WebKitWebDriver (Debian: webkit2gtk-driver, which brings
 *             MiniBrowser through libwebkit2gtk-4.1-0), under `xvfb-run -a` (Debian: xvfb) where no display exists
 *
 * `FIREFOX_PATH`, `WEBKIT_WEBDRIVER_PATH` and `WEBKIT_MINIBROWSER_PATH` name other binaries (a path that does not
 * exist is an error, never a silent fallback). Lookups never throw for a missing engine: they say what is missing
 * and which Debian package brings it, in one line.
 *
 * Used by scripts/test.mjs (which engines run), web-test-runner.config.mjs, playwright.config.ts, the WebKit
 * launcher and the Firefox BiDi shim.
 */
import { existsSync, readdirSync } from 'node:fs';
import { NO_CHROMIUM, resolveChromium } from './chromium.mjs';

/** @typedef {'chromium' | 'firefox' | 'webkit'} EngineName */

/** Every engine, in the order the suites run in. */
export const ENGINE_NAMES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);

/**
 * @param {string} name
 * @returns {name is EngineName}
 */
export const isEngineName = (name) => /** @type {readonly string[]} */ (ENGINE_NAMES).includes(name);

/** Firefox binaries, Debian's ESR first. */
export const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
export const WEBKIT_WEBDRIVER_PATHS = ['/usr/bin/WebKitWebDriver', '/usr/libexec/webkit2gtk-4.1/WebKitWebDriver'];
export const XVFB_RUN_PATHS = ['/usr/bin/xvfb-run'];

/**
 * Where MiniBrowser lives: Debian and Ubuntu put it in the multiarch folder (`/usr/lib/<triplet>/webkit2gtk-4.1/`),
 * Fedora in `/usr/libexec/webkit2gtk-4.1/`.
 * @param {(dir: string) => string[]} [list]
 */
export function miniBrowserCandidates(list = listDir) {
  const paths = [];
  for (const triplet of list('/usr/lib')) {
    for (const api of ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0']) {
      paths.push(`/usr/lib/${triplet}/${api}/MiniBrowser`);
    }
  }
  paths.push('/usr/libexec/webkit2gtk-4.1/MiniBrowser', '/usr/libexec/webkitgtk-6.0/MiniBrowser');
  return paths;
}

/** @param {string} dir */
function listDir(dir) {
  try {
    return readdirSync(dir).filter((name) => name.includes('-linux-'));
  } catch {
    return [];
  }
}

/** How to get each engine: one line, naming the Debian package. */
export const HOW_TO_GET = {
  chromium: NO_CHROMIUM,
  firefox: 'Firefox not found: install Firefox ESR (Debian/Ubuntu: apt-get install -y firefox-esr) or set FIREFOX_PATH',
  webkit:
    'WebKitWebDriver and MiniBrowser not found: install WebKitGTK’s driver (Debian/Ubuntu: apt-get install -y webkit2gtk-driver)',
  xvfb: 'no display and no xvfb-run to make one: install Xvfb (Debian/Ubuntu: apt-get install -y xvfb) or set DISPLAY',
};

/**
 * @typedef {object} LookupOptions
 * @property {Record<string, string | undefined>} [env]  environment to read (default process.env)
 * @property {(path: string) => boolean} [exists]  file test (default fs.existsSync)
 * @property {string[]} [miniBrowsers]  MiniBrowser candidates (default miniBrowserCandidates())
 * @typedef {{ executablePath: string, description: string }} Firefox
 * @typedef {object} WebKit
 * @property {string} driver  WebKitWebDriver
 * @property {string} browser  MiniBrowser
 * @property {string | null} xvfbRun  `xvfb-run`, when there is no display to show MiniBrowser on
 * @property {string} description
 * @typedef {{ found: true, description: string } | { found: false, missing: string }} Lookup
 */

/**
 * The first existing path: an override from the environment (which must exist), else the first candidate.
 * @param {string | undefined} override
 * @param {string} variable  the override's name, for the error
 * @param {string[]} candidates
 * @param {(path: string) => boolean} exists
 */
function firstExisting(override, variable, candidates, exists) {
  if (override) {
    if (!exists(override)) throw new Error(`${variable}=${override}: no such file`);
    return override;
  }
  return candidates.find((p) => exists(p)) ?? null;
}

/**
 * Firefox for both runners, or null when none is installed.
 * @param {LookupOptions} [options]
 * @returns {Firefox | null}
 */
export function resolveFirefox(options = {}) {
  const env = options.env ?? process.env;
  const path = firstExisting(env['FIREFOX_PATH'], 'FIREFOX_PATH', FIREFOX_PATHS, options.exists ?? existsSync);
  if (!path) return null;
  return { executablePath: path, description: `${path}${env['FIREFOX_PATH'] ? ' (from FIREFOX_PATH)' : ''}` };
}

/**
 * WebKitGTK: the driver, MiniBrowser, and xvfb-run when there is no display. `missing` says which part is not
 * there (and its package) when WebKit cannot run.
 * @param {LookupOptions} [options]
 * @returns {WebKit | { missing: string }}
 */
export function resolveWebKit(options = {}) {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const driver = firstExisting(env['WEBKIT_WEBDRIVER_PATH'], 'WEBKIT_WEBDRIVER_PATH', WEBKIT_WEBDRIVER_PATHS, exists);
  const browser = firstExisting(
    env['WEBKIT_MINIBROWSER_PATH'],
    'WEBKIT_MINIBROWSER_PATH',
    options.miniBrowsers ?? miniBrowserCandidates(),
    exists,
  );
  if (!driver || !browser) return { missing: HOW_TO_GET.webkit };
  let xvfbRun = null;
  if (!env['DISPLAY']) {
    xvfbRun = XVFB_RUN_PATHS.find((p) => exists(p)) ?? null;
    if (!xvfbRun) return { missing: HOW_TO_GET.xvfb };
  }
  const display = xvfbRun ? `under ${xvfbRun} -a` : `on DISPLAY=${env['DISPLAY'] ?? ''}`;
  return { driver, browser, xvfbRun, description: `${browser} through ${driver}, ${display}` };
}

/**
 * Is this engine here? One line either way: what will be used, or what is missing and how to get it.
 * @param {EngineName} name
 * @param {LookupOptions} [options]
 * @returns {Promise<Lookup>}
 */
export async function lookUpEngine(name, options = {}) {
  if (name === 'chromium') {
    const chromium = await resolveChromium({ ...(options.env ? { env: options.env } : {}) });
    return chromium ? { found: true, description: chromium.description } : { found: false, missing: NO_CHROMIUM };
  }
  if (name === 'firefox') {
    const firefox = resolveFirefox(options);
    return firefox ? { found: true, description: firefox.description } : { found: false, missing: HOW_TO_GET.firefox };
  }
  const webkit = resolveWebKit(options);
  return 'missing' in webkit
    ? { found: false, missing: webkit.missing }
    : { found: true, description: webkit.description };
}

/**
 * Which engines a run asks for: `--engine a[,b]` (repeatable) on the command line, else `IDMOBILE_ENGINES`
 * (comma-separated), else null (every engine found). Unknown names are an error.
 * @param {string[]} argv  the arguments after the suite name; `--engine` and its value are removed from it
 * @param {Record<string, string | undefined>} [env]
 * @returns {EngineName[] | null}
 */
export function requestedEngines(argv, env = process.env) {
  /** @type {string[]} */
  const named = [];
  for (let i = 0; i < argv.length;) {
    const arg = argv[i] ?? '';
    if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg === '--engine' ? argv[i + 1] : arg.slice('--engine='.length);
      if (!value) throw new Error('--engine needs a value: chromium, firefox or webkit');
      named.push(...value.split(','));
      argv.splice(i, arg === '--engine' ? 2 : 1);
    } else i++;
  }
  const list = named.length ? named : (env['IDMOBILE_ENGINES'] ?? '').split(',');
  const names = list.map((n) => n.trim()).filter(Boolean);
  if (!names.length) return null;
  const unknown = names.filter((n) => !isEngineName(n));
  if (unknown.length) throw new Error(`unknown engine ${unknown.join(', ')}: use ${ENGINE_NAMES.join(', ')}`);
  return ENGINE_NAMES.filter((n) => names.includes(n));
}

/**
 * The engine a runner's config launches: `IDMOBILE_ENGINE` (set by scripts/test.mjs for each run), chromium by
 * default.
 * @param {Record<string, string | undefined>} [env]
 * @returns {EngineName}
 */
export function configEngine(env = process.env) {
  const name = env['IDMOBILE_ENGINE'] || 'chromium';
  if (!isEngineName(name)) throw new Error(`IDMOBILE_ENGINE=${name}: use ${ENGINE_NAMES.join(', ')}`);
  return name;
}
