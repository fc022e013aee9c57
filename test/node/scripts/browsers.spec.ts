/**
 * scripts/browsers.mjs: where each engine is on Linux, macOS and Windows (fake file layouts: no browser is
 * launched), the one line saying how to get a missing one on that OS, the bundled Chromium fallback, and which
 * engines a run asks for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { expect, test } from '@playwright/test';
import {
  CHROMIUM_ARGS,
  REFUSED_BUNDLED_ARGS,
  configEngine,
  findEngine,
  launchOptions,
  loadBundledChromium,
  locate,
  requestedEngines,
  type EngineName,
  type Host,
  type Source,
} from '../../../scripts/browsers.mjs';

const REVISIONS = {
  chromium: ['chromium-1255'],
  firefox: ['firefox-1572'],
  webkit: ['webkit-2388', 'webkit_mac14-arm64_special-2251'],
};
const LINUX = { platform: 'linux', arch: 'x64', home: '/home/dev', env: {} } as const;
const MAC = { platform: 'darwin', arch: 'arm64', home: '/Users/dev', env: {} } as const;
const WIN_ENV = { LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local', ProgramFiles: 'C:\\Program Files' };
const WINDOWS = { platform: 'win32', arch: 'x64', home: 'C:\\Users\\dev', env: WIN_ENV } as const;

const host = (base: Omit<Host, 'exists' | 'revisions'>, present: string[], env: Record<string, string> = {}): Host => ({
  ...base,
  env: { ...base.env, ...env },
  exists: (p) => present.includes(p),
  revisions: REVISIONS,
});

const DEBIAN = {
  chromium: '/usr/bin/chromium',
  firefox: '/usr/bin/firefox-esr',
  driver: '/usr/bin/WebKitWebDriver',
  webkit: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  xvfb: '/usr/bin/xvfb-run',
};
const LINUX_CACHE = '/home/dev/.cache/ms-playwright';
const MAC_CACHE = '/Users/dev/Library/Caches/ms-playwright';
const WIN_CACHE = 'C:\\Users\\dev\\AppData\\Local\\ms-playwright';
const MAC_CHROME_FOR_TESTING = 'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing';

/**
 * A machine's files: per engine, where it is found and from which source, or the pattern its one missing line must
 * match; `others` are files present that must not be chosen.
 */
const layouts: Array<{
  name: string;
  host: Omit<Host, 'exists' | 'revisions'>;
  env?: Record<string, string>;
  engines: Record<EngineName, [Source, string] | RegExp>;
  others?: string[];
}> = [
  {
    name: 'Debian with its packages, no display',
    host: LINUX,
    others: [DEBIAN.driver, DEBIAN.xvfb],
    engines: {
      chromium: ['system', DEBIAN.chromium],
      firefox: ['system', DEBIAN.firefox],
      webkit: ['system', DEBIAN.webkit],
    },
  },
  {
    name: "Linux: Playwright's browsers before the system's",
    host: LINUX,
    others: Object.values(DEBIAN),
    engines: {
      chromium: ['playwright', `${LINUX_CACHE}/chromium-1255/chrome-linux64/chrome`],
      firefox: ['playwright', `${LINUX_CACHE}/firefox-1572/firefox/firefox`],
      webkit: ['playwright', `${LINUX_CACHE}/webkit-2388/pw_run.sh`],
    },
  },
  {
    name: "Linux arm64: XDG_CACHE_HOME; another revision is not Playwright's; WebKitGTK without a display or Xvfb",
    host: { ...LINUX, arch: 'arm64' },
    env: { XDG_CACHE_HOME: '/cache' },
    others: [
      '/cache/ms-playwright/firefox-1400/firefox/firefox',
      DEBIAN.driver,
      '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    ],
    engines: {
      chromium: ['playwright', '/cache/ms-playwright/chromium-1255/chrome-linux-arm64/chrome'],
      firefox:
        /^Firefox not found: apt-get install -y firefox-esr \(Debian\/Ubuntu\), or `npx playwright install firefox`, or set FIREFOX_PATH$/,
      webkit: /^no display and no xvfb-run to make one: apt-get install -y xvfb/,
    },
  },
  {
    name: 'Linux with nothing installed',
    host: LINUX,
    env: { DISPLAY: ':0' },
    engines: {
      chromium: /apt-get install -y chromium .*npx playwright install chromium.*CHROME_PATH.*@sparticuz\/chromium/,
      firefox: /apt-get install -y firefox-esr/,
      webkit: /apt-get install -y webkit2gtk-driver .*`npx playwright install webkit`/,
    },
  },
  {
    name: 'macOS: Chrome and Firefox in /Applications, no WebKit',
    host: MAC,
    engines: {
      chromium: ['system', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
      firefox: ['system', '/Applications/Firefox.app/Contents/MacOS/firefox'],
      webkit: /^WebKit not found: run `npx playwright install webkit`/,
    },
  },
  {
    name: "macOS: Playwright's browsers (WebKit in its macOS 14 folder)",
    host: MAC,
    engines: {
      chromium: ['playwright', `${MAC_CACHE}/chromium-1255/chrome-mac-arm64/${MAC_CHROME_FOR_TESTING}`],
      firefox: ['playwright', `${MAC_CACHE}/firefox-1572/firefox/Nightly.app/Contents/MacOS/firefox`],
      webkit: ['playwright', `${MAC_CACHE}/webkit_mac14-arm64_special-2251/pw_run.sh`],
    },
  },
  {
    name: 'macOS with nothing installed: no apt-get, no bundled Chromium',
    host: MAC,
    engines: {
      chromium: /^Chromium not found: install Google Chrome, or `npx playwright install chromium`, or set CHROME_PATH$/,
      firefox: /^Firefox not found: install Firefox in \/Applications, or `npx playwright install firefox`/,
      webkit: /npx playwright install webkit/,
    },
  },
  {
    name: 'Windows: Edge is a Chromium, Firefox in Program Files',
    host: WINDOWS,
    engines: {
      chromium: ['system', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'],
      firefox: ['system', 'C:\\Program Files\\Mozilla Firefox\\firefox.exe'],
      webkit: /^WebKit not found: run `npx playwright install webkit`/,
    },
  },
  {
    name: "Windows: Playwright's browsers in %LOCALAPPDATA%, before Chrome",
    host: WINDOWS,
    others: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'],
    engines: {
      chromium: ['playwright', `${WIN_CACHE}\\chromium-1255\\chrome-win64\\chrome.exe`],
      firefox: ['playwright', `${WIN_CACHE}\\firefox-1572\\firefox\\firefox.exe`],
      webkit: ['playwright', `${WIN_CACHE}\\webkit-2388\\Playwright.exe`],
    },
  },
  {
    name: 'Windows: the overrides first, PLAYWRIGHT_BROWSERS_PATH',
    host: WINDOWS,
    env: { PLAYWRIGHT_BROWSERS_PATH: 'D:\\pw', CHROME_PATH: 'D:\\chrome.exe', FIREFOX_PATH: 'D:\\ff.exe' },
    others: ['D:\\pw\\chromium-1255\\chrome-win64\\chrome.exe'],
    engines: {
      chromium: ['env', 'D:\\chrome.exe'],
      firefox: ['env', 'D:\\ff.exe'],
      webkit: ['playwright', 'D:\\pw\\webkit-2388\\Playwright.exe'],
    },
  },
  {
    name: 'Windows with nothing installed',
    host: WINDOWS,
    engines: {
      chromium: /^Chromium not found: install Google Chrome or Microsoft Edge, or `npx playwright install chromium`/,
      firefox: /^Firefox not found: install Firefox, or `npx playwright install firefox`, or set FIREFOX_PATH$/,
      webkit: /npx playwright install webkit/,
    },
  },
];

for (const layout of layouts) {
  test(`where the engines are: ${layout.name}`, () => {
    const expected = Object.entries(layout.engines) as Array<[EngineName, [Source, string] | RegExp]>;
    const present = [...(layout.others ?? []), ...expected.flatMap(([, e]) => (e instanceof RegExp ? [] : [e[1]]))];
    for (const [engine, e] of expected) {
      const where = locate(engine, host(layout.host, present, layout.env));
      if (e instanceof RegExp) expect(where.found ? where.description : where.missing, engine).toMatch(e);
      else expect(where, engine).toMatchObject({ found: true, source: e[0], executablePath: e[1] });
    }
  });
}

test('who drives each: Playwright its own browsers and any Chromium, BiDi a system Firefox, WebDriver WebKitGTK', () => {
  const debian = host(LINUX, Object.values(DEBIAN));
  expect(locate('chromium', debian)).toMatchObject({ via: 'playwright' });
  expect(locate('firefox', debian)).toMatchObject({ via: 'bidi' });
  expect(locate('webkit', debian)).toMatchObject({
    via: 'webdriver',
    driver: DEBIAN.driver,
    xvfbRun: DEBIAN.xvfb,
    description: `${DEBIAN.webkit} through ${DEBIAN.driver}, under ${DEBIAN.xvfb} -a`,
  });
  expect(locate('webkit', host(LINUX, Object.values(DEBIAN), { DISPLAY: ':1' }))).toMatchObject({ xvfbRun: null });
  const cached = host(LINUX, [`${LINUX_CACHE}/firefox-1572/firefox/firefox`]);
  expect(locate('firefox', cached)).toMatchObject({ via: 'playwright' });
  expect(launchOptions({ ...locate('chromium', debian), found: true } as never)).toEqual({
    executablePath: DEBIAN.chromium,
    args: CHROMIUM_ARGS,
  });
});

test('the cache folders are those of the installed Playwright', () => {
  const browsers = (
    JSON.parse(readFileSync('node_modules/playwright-core/browsers.json', 'utf8')) as {
      browsers: Array<{ name: string; revision: string }>;
    }
  ).browsers;
  const revision = browsers.find((b) => b.name === 'firefox')!.revision;
  const path = `${LINUX_CACHE}/firefox-${revision}/firefox/firefox`;
  expect(locate('firefox', { ...LINUX, exists: (p) => p === path })).toMatchObject({ executablePath: path });
});

test('an override that does not exist is an error, never a silent fallback', () => {
  for (const [engine, variable] of [
    ['chromium', 'CHROME_PATH'],
    ['firefox', 'FIREFOX_PATH'],
    ['webkit', 'WEBKIT_WEBDRIVER_PATH'],
    ['webkit', 'WEBKIT_MINIBROWSER_PATH'],
  ] as const) {
    expect(() => locate(engine, host(LINUX, Object.values(DEBIAN), { [variable]: '/nowhere' }))).toThrow(
      `${variable}=/nowhere: no such file`,
    );
  }
});

test.describe('Chromium: the one npm install brought, last (IDMOBILE_CHROMIUM forces a choice)', () => {
  const BUNDLED = { executablePath: '/tmp/chromium', env: { LD_LIBRARY_PATH: '/tmp/al2023/lib' } };
  async function choose(present: string[], env: Record<string, string> = {}, installed = true) {
    let unpacked = 0;
    const bundled = () => (unpacked++, Promise.resolve(installed ? BUNDLED : null));
    const where = await findEngine('chromium', { host: host(LINUX, present, env), bundled });
    return { where, unpacked };
  }

  test('nothing else: the bundled one, with its libraries', async () => {
    const { where, unpacked } = await choose([]);
    expect(where).toMatchObject({ found: true, source: 'bundled', executablePath: '/tmp/chromium', env: BUNDLED.env });
    expect(where.found && where.description).toContain('no system Chromium found');
    expect(unpacked).toBe(1);
  });
  test('a system one wins, nothing unpacked', async () => {
    expect(await choose([DEBIAN.chromium])).toMatchObject({ where: { source: 'system' }, unpacked: 0 });
  });
  test('IDMOBILE_CHROMIUM=bundled takes it even next to a system one', async () => {
    const { where } = await choose([DEBIAN.chromium], { IDMOBILE_CHROMIUM: 'bundled' });
    expect(where.found && where.description).toContain('IDMOBILE_CHROMIUM=bundled');
  });
  test('IDMOBILE_CHROMIUM=system never falls back; none installed: the line saying how to get one', async () => {
    expect(await choose([], { IDMOBILE_CHROMIUM: 'system' })).toMatchObject({ where: { found: false }, unpacked: 0 });
    expect((await choose([], {}, false)).where).toMatchObject({ found: false, missing: /apt-get install -y chromium/ });
    await expect(choose([], { IDMOBILE_CHROMIUM: 'firefox' })).rejects.toThrow('IDMOBILE_CHROMIUM=firefox');
  });
  test('its Lambda flags that switch off web security never reach a test browser', async () => {
    for (const flag of REFUSED_BUNDLED_ARGS) expect(sparticuz.args).toContain(flag); // still proposed by the package
    const { where } = await choose([]);
    expect(where.found && launchOptions(where).args).toEqual(CHROMIUM_ARGS);
  });
  test('the real loader unpacks it and the NSS libraries it links against', async () => {
    test.skip(process.platform !== 'linux' || process.arch !== 'x64', 'a Linux x64 binary');
    test.setTimeout(60_000); // first use on a machine: about 2 s to unpack 200 MB
    const bundled = await loadBundledChromium();
    expect(existsSync(bundled!.executablePath)).toBe(true);
    const libs = bundled!.env['LD_LIBRARY_PATH']!.split(':')[0]!;
    for (const lib of ['libnss3.so', 'libnspr4.so', 'libnssutil3.so']) expect(existsSync(join(libs, lib))).toBe(true);
  });
});

test.describe('requestedEngines: --engine and IDMOBILE_ENGINES', () => {
  const cases: Array<[string, string[], Record<string, string>, string[] | null, string[]]> = [
    ['nothing: every engine found', ['unit'], {}, null, ['unit']],
    ['--engine x', ['unit', '--engine', 'firefox'], {}, ['firefox'], ['unit']],
    ['--engine=x,y, in the run order', ['--engine=webkit,chromium'], {}, ['chromium', 'webkit'], []],
    ['repeated', ['--engine', 'webkit', 'e2e', '--engine', 'firefox'], {}, ['firefox', 'webkit'], ['e2e']],
    ['from the environment', ['unit'], { IDMOBILE_ENGINES: 'webkit, firefox' }, ['firefox', 'webkit'], ['unit']],
    ['the command line wins', ['--engine', 'chromium'], { IDMOBILE_ENGINES: 'webkit' }, ['chromium'], []],
    [
      'runner arguments kept',
      ['unit', '--files', 'a.ts', '--engine', 'webkit'],
      {},
      ['webkit'],
      ['unit', '--files', 'a.ts'],
    ],
  ];
  for (const [name, argv, env, engines, rest] of cases) {
    test(name, () => {
      const args = [...argv];
      expect(requestedEngines(args, env)).toEqual(engines);
      expect(args).toEqual(rest);
    });
  }
  test('refused with a clear error: an unknown engine, a missing value', () => {
    expect(() => requestedEngines(['--engine', 'safari'], {})).toThrow(/unknown engine safari: use chromium, firefox/);
    expect(() => requestedEngines(['--engine'], {})).toThrow(/--engine needs a value/);
    expect(() => requestedEngines([], { IDMOBILE_ENGINES: 'chromium,edge' })).toThrow(/unknown engine edge/);
  });
});

test('configEngine: chromium by default, IDMOBILE_ENGINE otherwise, an unknown one refused', () => {
  expect(configEngine({})).toBe('chromium');
  expect(configEngine({ IDMOBILE_ENGINE: 'webkit' })).toBe('webkit');
  expect(() => configEngine({ IDMOBILE_ENGINE: 'opera' })).toThrow(/IDMOBILE_ENGINE=opera/);
});
