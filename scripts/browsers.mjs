// @ts-check
/**
 * The one place that says which browser engines the suites run in and where each one is, on Linux, macOS and
 * Windows. Used by scripts/test.mjs, web-test-runner.config.mjs, playwright.config.ts, the Firefox BiDi shim, the
 * WebKit end-to-end smoke and the benchmark.
 *
 * Each engine is looked for in this order; the first that exists wins:
 *   1. an override from the environment: `CHROME_PATH`, `FIREFOX_PATH`, `WEBKIT_WEBDRIVER_PATH` and
 *      `WEBKIT_MINIBROWSER_PATH` (a path that does not exist is an error, never a silent fallback);
 *   2. Playwright's browsers (`npx playwright install`: `PLAYWRIGHT_BROWSERS_PATH`, else `~/.cache/ms-playwright`,
 *      `~/Library/Caches/ms-playwright`, `%LOCALAPPDATA%\ms-playwright`), the revision the installed Playwright
 *      drives; Playwright launches them itself, in both runners;
 *   3. the system's, at each OS's standard paths (Debian's `chromium`, `firefox-esr` and WebKitGTK's
 *      `webkit2gtk-driver`; `/Applications/…` on macOS; `Program Files` on Windows, Edge as a Chromium). A system
 *      Firefox is driven through WebDriver BiDi (Puppeteer; Playwright through scripts/firefox-bidi-shim.mjs), a
 *      system WebKit (Linux only: WebKitGTK's MiniBrowser) through WebKitWebDriver (scripts/webkit-driver.mjs);
 *   4. Chromium only: the one `npm install` brought, `@sparticuz/chromium` (Linux x64). `IDMOBILE_CHROMIUM=system`
 *      refuses it, `IDMOBILE_CHROMIUM=bundled` takes it even next to another.
 * An engine not found is never skipped silently: the lookup returns one line naming it and how to get it on
 * that OS. `locate()` is pure (platform, architecture, environment, home folder and a file test are given);
 * `findEngine()` gives it this machine's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, posix, win32 } from 'node:path';

/** @typedef {'chromium' | 'firefox' | 'webkit'} EngineName */
/** Every engine, in the order the suites run in. */
export const ENGINE_NAMES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);

/**
 * @param {string} name
 * @returns {name is EngineName}
 */
const isEngineName = (name) => /** @type {readonly string[]} */ (ENGINE_NAMES).includes(name);

/**
 * @typedef {Record<string, string | undefined>} Env
 * @typedef {object} Host  what the lookup reads of a machine
 * @property {NodeJS.Platform} platform
 * @property {string} arch  `x64`, `arm64`
 * @property {Env} env
 * @property {string} home
 * @property {(path: string) => boolean} exists
 * @property {Record<string, string[]>} [revisions]  Playwright's browser folders by engine (default: the
 *   installed Playwright's `browsers.json`)
 * @typedef {'env' | 'playwright' | 'system' | 'bundled'} Source
 * @typedef {object} Found
 * @property {true} found
 * @property {EngineName} engine
 * @property {Source} source
 * @property {'playwright' | 'bidi' | 'webdriver'} via  who drives it: Playwright's own protocol, WebDriver BiDi
 *   (a system Firefox), W3C WebDriver (WebKitGTK)
 * @property {string} executablePath  the browser (WebKitGTK: MiniBrowser)
 * @property {string} [driver]  WebKitWebDriver
 * @property {string | null} [xvfbRun]  `xvfb-run`, when there is no display to show MiniBrowser on
 * @property {Record<string, string>} [env]  extra environment for the browser (the bundled Chromium's libraries)
 * @property {string} description  one line: which binary, and why
 * @typedef {{ found: false, engine: EngineName, missing: string }} Missing
 */

/** Playwright's cache folder for each engine: `<name>-<revision>`, and the platform-specific overrides. */
function installedRevisions() {
  try {
    const pkg = createRequire(import.meta.url).resolve('playwright-core/package.json');
    const { browsers } = /** @type {{ browsers: Array<{ name: string, revision: string,
     revisionOverrides?: Record<string, string> }> }} */ (
      JSON.parse(readFileSync(join(dirname(pkg), 'browsers.json'), 'utf8'))
    );
    return Object.fromEntries(
      browsers.map((b) => [
        b.name,
        [
          `${b.name}-${b.revision}`,
          ...Object.entries(b.revisionOverrides ?? {}).map(([key, rev]) => `${b.name}_${key}_special-${rev}`),
        ],
      ]),
    );
  } catch {
    return {}; // no Playwright installed: no cache to look in
  }
}

/**
 * Each engine's executable inside its folder of Playwright's cache, per OS and architecture (Playwright's own
 * table, EXECUTABLE_PATHS, in playwright-core).
 * @type {Record<EngineName, Record<string, string>>}
 */
const IN_PLAYWRIGHT_FOLDER = {
  chromium: {
    'linux-x64': 'chrome-linux64/chrome',
    'linux-arm64': 'chrome-linux-arm64/chrome',
    'darwin-x64': 'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    'darwin-arm64': 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    'win32-x64': 'chrome-win64/chrome.exe',
  },
  firefox: {
    linux: 'firefox/firefox',
    darwin: 'firefox/Nightly.app/Contents/MacOS/firefox',
    win32: 'firefox/firefox.exe',
  },
  webkit: { linux: 'pw_run.sh', darwin: 'pw_run.sh', win32: 'Playwright.exe' },
};

/**
 * The standard install paths of a system Chromium or Firefox per OS, Debian/Ubuntu's first on Linux (`%X%`: the
 * environment variable X, Windows' defaults when unset); how to get the engine there (`npm test`'s one line).
 */
/** @type {Record<'chromium' | 'firefox', Record<string, string[]>>} */
const SYSTEM = {
  chromium: {
    linux: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
    ],
    darwin: [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ],
    win32: [
      ...['%ProgramFiles%', '%ProgramFiles(x86)%', '%LOCALAPPDATA%'].map(
        (d) => `${d}\\Google\\Chrome\\Application\\chrome.exe`,
      ),
      ...['%ProgramFiles(x86)%', '%ProgramFiles%'].map((d) => `${d}\\Microsoft\\Edge\\Application\\msedge.exe`),
    ],
  },
  firefox: {
    linux: ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    darwin: ['/Applications/Firefox.app/Contents/MacOS/firefox'],
    win32: ['%ProgramFiles%', '%ProgramFiles(x86)%'].map((d) => `${d}\\Mozilla Firefox\\firefox.exe`),
  },
};
/** @type {Record<string, string>} */
const WINDOWS_DEFAULTS = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' };
/** @type {Record<'chromium' | 'firefox', Record<string, string>>} */
const GET = {
  chromium: {
    linux: 'apt-get install -y chromium (Debian/Ubuntu)',
    darwin: 'install Google Chrome',
    win32: 'install Google Chrome or Microsoft Edge',
  },
  firefox: {
    linux: 'apt-get install -y firefox-esr (Debian/Ubuntu)',
    darwin: 'install Firefox in /Applications',
    win32: 'install Firefox',
  },
};

/**
 * How to get an engine on this OS: one line.
 * @param {EngineName | 'xvfb'} engine
 * @param {NodeJS.Platform} platform
 */
export function howToGet(engine, platform) {
  if (engine === 'xvfb')
    return 'no display and no xvfb-run to make one: apt-get install -y xvfb (Debian/Ubuntu) or set DISPLAY';
  const playwright = `\`npx playwright install ${engine}\``;
  if (engine === 'webkit') {
    return platform === 'linux'
      ? `WebKit not found: apt-get install -y webkit2gtk-driver (Debian/Ubuntu: WebKitWebDriver and MiniBrowser) or ${playwright}`
      : `WebKit not found: run ${playwright} (Safari itself cannot be driven by the suites)`;
  }
  const [name, variable] = engine === 'chromium' ? ['Chromium', 'CHROME_PATH'] : ['Firefox', 'FIREFOX_PATH'];
  const bundled =
    engine === 'chromium' && platform === 'linux' ? '; `npm install` also brings one (@sparticuz/chromium)' : '';
  return `${name} not found: ${GET[engine][platform] ?? GET[engine].linux}, or ${playwright}, or set ${variable}${bundled}`;
}

/**
 * Playwright's browser cache on a host, or null (`PLAYWRIGHT_BROWSERS_PATH=0`: inside the package, not looked at).
 * @param {Host} host
 */
export function playwrightCache({ platform, env, home }) {
  const path = platform === 'win32' ? win32 : posix;
  const set = env['PLAYWRIGHT_BROWSERS_PATH'];
  if (set) return set === '0' ? null : set;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'ms-playwright');
  if (platform === 'win32')
    return path.join(env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'ms-playwright');
  return path.join(env['XDG_CACHE_HOME'] ?? path.join(home, '.cache'), 'ms-playwright');
}

/**
 * An override from the environment: null when unset, an error when it names no file.
 * @param {Host} host
 * @param {string} variable
 */
function override({ env, exists }, variable) {
  const value = env[variable];
  if (value && !exists(value)) throw new Error(`${variable}=${value}: no such file`);
  return value || null;
}

/**
 * Where an engine is on a host, without the bundled Chromium. Throws only on a wrong setting (an override that
 * does not exist).
 * @param {EngineName} engine
 * @param {Host} host
 * @returns {Found | Missing}
 */
export function locate(engine, host) {
  const { platform, arch, env, exists } = host;
  /** @type {(source: Source, executablePath: string, description?: string) => Found} */
  const found = (source, executablePath, description) => ({
    found: true,
    engine,
    source,
    via: source === 'playwright' || engine === 'chromium' ? 'playwright' : engine === 'firefox' ? 'bidi' : 'webdriver',
    executablePath,
    description:
      description ??
      `${executablePath} (${source === 'playwright' ? "Playwright's browser" : source === 'env' ? 'from the environment' : 'system'})`,
  });
  const missing = /** @type {(what?: EngineName | 'xvfb') => Missing} */ (what = engine) => ({
    found: false,
    engine,
    missing: howToGet(what, platform),
  });
  const named = engine === 'webkit' ? null : override(host, engine === 'chromium' ? 'CHROME_PATH' : 'FIREFOX_PATH');
  if (named) return found('env', named);
  const gtk =
    engine === 'webkit' ? [override(host, 'WEBKIT_WEBDRIVER_PATH'), override(host, 'WEBKIT_MINIBROWSER_PATH')] : [];

  const cache = gtk.some(Boolean) ? null : playwrightCache(host);
  const inFolder = IN_PLAYWRIGHT_FOLDER[engine][`${platform}-${arch}`] ?? IN_PLAYWRIGHT_FOLDER[engine][platform];
  if (cache && inFolder) {
    const path = platform === 'win32' ? win32 : posix;
    for (const folder of (host.revisions ?? installedRevisions())[engine] ?? []) {
      const executable = path.join(cache, folder, ...inFolder.split('/'));
      if (exists(executable)) return found('playwright', executable);
    }
  }
  if (engine !== 'webkit') {
    const expand = (/** @type {string} */ p) =>
      p.replace(/%([^%]+)%/g, (_, name) => env[name] ?? WINDOWS_DEFAULTS[name] ?? _);
    const path = (SYSTEM[engine][platform] ?? []).map(expand).find(exists);
    return path ? found('system', path) : missing();
  }

  // WebKitGTK (Linux): Debian/Ubuntu's multiarch folder, then Fedora's libexec; shown on a display or under Xvfb
  if (platform !== 'linux' && !gtk[0]) return missing();
  const triplet = arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
  const driver = gtk[0] ?? ['/usr/bin/WebKitWebDriver', '/usr/libexec/webkit2gtk-4.1/WebKitWebDriver'].find(exists);
  const browser =
    gtk[1] ??
    [
      ...['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0'].map((api) => `/usr/lib/${triplet}/${api}/MiniBrowser`),
      ...['webkit2gtk-4.1', 'webkitgtk-6.0'].map((api) => `/usr/libexec/${api}/MiniBrowser`),
    ].find(exists);
  if (!driver || !browser) return missing();
  const xvfbRun = platform !== 'linux' || env['DISPLAY'] ? null : '/usr/bin/xvfb-run';
  if (xvfbRun && !exists(xvfbRun)) return missing('xvfb');
  const display = xvfbRun ? `under ${xvfbRun} -a` : `on DISPLAY=${env['DISPLAY'] ?? ''}`;
  return {
    ...found(gtk.some(Boolean) ? 'env' : 'system', browser, `${browser} through ${driver}, ${display}`),
    driver,
    xvfbRun,
  };
}

/** This machine. @returns {Host} */
export const thisHost = () => ({
  platform: process.platform,
  arch: process.arch,
  env: process.env,
  home: homedir(),
  exists: existsSync,
});

/**
 * Where an engine is on this machine (`host` for tests), Chromium falling back to the one npm install brought.
 * @param {EngineName} engine
 * @param {{ host?: Host, bundled?: () => Promise<{ executablePath: string, env: Record<string, string> } | null> }} [options]
 * @returns {Promise<Found | Missing>}
 */
export async function findEngine(engine, { host = thisHost(), bundled = loadBundledChromium } = {}) {
  if (engine !== 'chromium') return locate(engine, host);
  const mode = host.env['IDMOBILE_CHROMIUM'] || 'auto';
  if (mode !== 'auto' && mode !== 'system' && mode !== 'bundled') {
    throw new Error(`IDMOBILE_CHROMIUM=${mode}: use system, bundled, or leave it unset (system first, then bundled)`);
  }
  const where = mode === 'bundled' ? null : locate(engine, host);
  if (where && (where.found || mode === 'system')) return where;
  const npm = await bundled();
  if (!npm) return where ?? { found: false, engine, missing: howToGet('chromium', host.platform) };
  const why = mode === 'bundled' ? 'IDMOBILE_CHROMIUM=bundled' : 'no system Chromium found';
  return {
    found: true,
    engine,
    source: 'bundled',
    via: 'playwright',
    executablePath: npm.executablePath,
    env: npm.env,
    description: `${npm.executablePath} (${why}: the one npm install brought, @sparticuz/chromium)`,
  };
}

/**
 * For the configs and the benchmark: the engine, or an error saying how to get it. Prints which binary once per
 * run (scripts/test.mjs prints it itself and sets IDMOBILE_ENGINES_SHOWN; Playwright's workers stay quiet).
 * @param {EngineName} engine
 */
export async function requireEngine(engine) {
  const where = await findEngine(engine);
  if (!where.found) throw new Error(where.missing);
  if (!process.env['IDMOBILE_ENGINES_SHOWN'] && !process.env['TEST_WORKER_INDEX']) {
    console.log(`${engine}: ${where.description}`);
  }
  return where;
}

/** Flags for every Chromium we launch: no network chatter on a closed network, no GPU, small /dev/shm. */
export const CHROMIUM_ARGS = (
  '--disable-dev-shm-usage --disable-gpu --disable-background-networking --disable-component-update ' +
  '--disable-sync --disable-default-apps --disable-extensions --no-first-run --no-default-browser-check --disable-quic'
).split(' ');

/**
 * `@sparticuz/chromium`'s own `chromium.args` are tuned for AWS Lambda; the bundled Chromium runs with
 * CHROMIUM_ARGS instead. These of its flags must never reach a test browser, because they switch off what the
 * suites test: web security (CORS and the same-origin policy seen from a page, mixed content, site isolation,
 * SharedArrayBuffer), the process model (`--single-process`, `--no-zygote`: one renderer crash would end the run,
 * and the memory test measures one page's heap), its headless mode and its GPU flags.
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

/**
 * Unpacks `@sparticuz/chromium` (a Linux x64 binary; once per machine, into `<tmp>/chromium`) and the NSS
 * libraries it links against (`<tmp>/al2023/lib`: absent on a minimal machine), and points it at its bundled
 * fonts when the machine has no fontconfig configuration. Null where it cannot run or is not installed.
 */
export async function loadBundledChromium() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  /** @type {typeof import('@sparticuz/chromium')} */
  let mod;
  try {
    mod = await import('@sparticuz/chromium');
  } catch {
    return null; // installed without devDependencies
  }
  const executablePath = await mod.default.executablePath();
  const libs = join(tmpdir(), 'al2023', 'lib'); // the package unpacks them by itself on Amazon Linux only
  if (!existsSync(join(libs, 'libnss3.so'))) {
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium'); // <package>/build/index.js
    await mod.inflate(join(dirname(entry), '..', 'bin', 'al2023.tar.br'));
  }
  /** @type {Record<string, string>} */
  const env = { LD_LIBRARY_PATH: [libs, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') };
  if (!existsSync('/etc/fonts/fonts.conf')) env['FONTCONFIG_PATH'] = join(tmpdir(), 'fonts');
  return { executablePath, env };
}

/**
 * Playwright launch options for an engine Playwright drives (the environment merged over this process's:
 * Playwright replaces the whole environment when `env` is given).
 * @param {Found} where
 */
export function launchOptions(where) {
  const env = where.env ? { ...process.env, ...where.env } : null;
  return {
    executablePath: where.executablePath,
    ...(where.engine === 'chromium' ? { args: CHROMIUM_ARGS } : {}),
    ...(env
      ? {
          env: /** @type {Record<string, string>} */ (
            Object.fromEntries(Object.entries(env).filter((e) => e[1] !== undefined))
          ),
        }
      : {}),
  };
}

/**
 * Which engines a run asks for: `--engine a[,b]` (repeatable) on the command line, else `IDMOBILE_ENGINES`
 * (comma-separated), else null (every engine found). Unknown names are an error.
 * @param {string[]} argv  the arguments after the suite name; `--engine` and its value are removed from it
 * @param {Env} [env]
 * @returns {EngineName[] | null}
 */
export function requestedEngines(argv, env = process.env) {
  /** @type {string[]} */
  const named = [];
  for (let i = 0; i < argv.length;) {
    const arg = argv[i] ?? '';
    if (arg !== '--engine' && !arg.startsWith('--engine=')) {
      i++;
      continue;
    }
    const value = arg === '--engine' ? argv[i + 1] : arg.slice('--engine='.length);
    if (!value) throw new Error('--engine needs a value: chromium, firefox or webkit');
    named.push(...value.split(','));
    argv.splice(i, arg === '--engine' ? 2 : 1);
  }
  const names = (named.length ? named : (env['IDMOBILE_ENGINES'] ?? '').split(','))
    .map((n) => n.trim())
    .filter(Boolean);
  if (!names.length) return null;
  const unknown = names.filter((n) => !isEngineName(n));
  if (unknown.length) throw new Error(`unknown engine ${unknown.join(', ')}: use ${ENGINE_NAMES.join(', ')}`);
  return ENGINE_NAMES.filter((n) => names.includes(n));
}

/**
 * The engine a runner's config launches: `IDMOBILE_ENGINE` (set by scripts/test.mjs for each run), chromium by
 * default.
 * @param {Env} [env]
 * @returns {EngineName}
 */
export function configEngine(env = process.env) {
  const name = env['IDMOBILE_ENGINE'] || 'chromium';
  if (!isEngineName(name)) throw new Error(`IDMOBILE_ENGINE=${name}: use ${ENGINE_NAMES.join(', ')}`);
  return name;
}
