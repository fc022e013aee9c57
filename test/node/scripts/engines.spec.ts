/**
 * The engine tooling: which engines a run asks for, where each engine's binaries are (and the one line naming the
 * Debian package when one is missing), the WebKitWebDriver lifecycle, and the Firefox BiDi shim's one answer.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  configEngine,
  lookUpEngine,
  requestedEngines,
  resolveFirefox,
  resolveWebKit,
} from '../../../scripts/engines.mjs';
import { ANSWERED_HERE, route } from '../../../scripts/firefox-bidi-shim.mjs';
import { startWebKitDriver } from '../../../scripts/webkit-driver.mjs';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

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
  for (const [argv, env] of [
    [['--engine', 'safari'], {}],
    [['--engine'], {}],
    [[], { IDMOBILE_ENGINES: 'chromium,edge' }],
  ] as Array<[string[], Record<string, string>]>) {
    test(`refused with a clear error: ${JSON.stringify([argv, env])}`, () => {
      expect(() => requestedEngines([...argv], env)).toThrow(/chromium, firefox/);
    });
  }
});

test('configEngine: chromium by default, IDMOBILE_ENGINE otherwise, an unknown one refused', () => {
  expect(configEngine({})).toBe('chromium');
  expect(configEngine({ IDMOBILE_ENGINE: 'webkit' })).toBe('webkit');
  expect(() => configEngine({ IDMOBILE_ENGINE: 'opera' })).toThrow(/IDMOBILE_ENGINE=opera/);
});

test.describe('where the engines are', () => {
  test('Firefox: Debian ESR first, FIREFOX_PATH wins and must exist, none gives null', () => {
    expect(resolveFirefox({ env: {}, exists: only('/usr/bin/firefox', '/usr/bin/firefox-esr') })?.executablePath).toBe(
      '/usr/bin/firefox-esr',
    );
    expect(resolveFirefox({ env: { FIREFOX_PATH: '/opt/ff' }, exists: only('/opt/ff') })?.executablePath).toBe(
      '/opt/ff',
    );
    expect(() => resolveFirefox({ env: { FIREFOX_PATH: '/nope' }, exists: only() })).toThrow(/FIREFOX_PATH=\/nope/);
    expect(resolveFirefox({ env: {}, exists: only() })).toBeNull();
  });

  const DRIVER = '/usr/bin/WebKitWebDriver';
  const MINI = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
  test('WebKit: driver and MiniBrowser, xvfb-run only without a display', () => {
    const all = { exists: only(DRIVER, MINI, '/usr/bin/xvfb-run'), miniBrowsers: [MINI] };
    expect(resolveWebKit({ env: {}, ...all })).toMatchObject({
      driver: DRIVER,
      browser: MINI,
      xvfbRun: '/usr/bin/xvfb-run',
    });
    expect(resolveWebKit({ env: { DISPLAY: ':1' }, ...all })).toMatchObject({ xvfbRun: null });
  });

  test('a missing engine: one line naming it and the Debian package that brings it', async () => {
    const none = { env: {}, exists: only(), miniBrowsers: [MINI] };
    for (const [engine, pkg] of [
      ['firefox', 'firefox-esr'],
      ['webkit', 'webkit2gtk-driver'],
    ] as const) {
      const lookup = await lookUpEngine(engine, none);
      expect(lookup.found).toBe(false);
      const line = lookup.found ? '' : lookup.missing;
      expect(line).toContain(`apt-get install -y ${pkg}`);
      expect(line).not.toContain('\n');
    }
    // WebKit there but no display and no Xvfb: Xvfb is what is missing
    const noX = await lookUpEngine('webkit', { env: {}, exists: only(DRIVER, MINI), miniBrowsers: [MINI] });
    expect(noX.found ? '' : noX.missing).toContain('apt-get install -y xvfb');
  });
});

test.describe('WebKitWebDriver lifecycle (a stand-in driver: a Node script that answers /status)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idmobile-fake-driver-'));
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/usr/bin/env node\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const good = script(
    'driver',
    `const port = Number(process.argv.find((a) => a.startsWith('--port=')).slice(7));
require('node:http').createServer((req, res) => res.end(JSON.stringify({ value: { ready: true } }))).listen(port, '127.0.0.1');`,
  );
  const dies = script('dies', `console.error('cannot open display'); process.exit(3);`);
  const silent = script('silent', `setInterval(() => {}, 1000);`);
  const webkit = (driver: string) => ({ driver, browser: '/x/MiniBrowser', xvfbRun: null, description: '' });

  test('started on a free port, ready, and gone after stop()', async () => {
    const running = await startWebKitDriver(webkit(good));
    const status = await fetch(`http://127.0.0.1:${running.port}/status`);
    expect(((await status.json()) as { value: { ready: boolean } }).value.ready).toBe(true);
    await running.stop();
    await expect(fetch(`http://127.0.0.1:${running.port}/status`)).rejects.toThrow();
    await running.stop(); // twice: harmless
  });

  test('a driver that exits at once: the error says so, with its output', async () => {
    await expect(startWebKitDriver(webkit(dies))).rejects.toThrow(/exited before it was ready:\s+cannot open display/);
  });

  test('a driver that never answers: a timeout, and the process is stopped', async () => {
    await expect(startWebKitDriver(webkit(silent), { timeoutMs: 500 })).rejects.toThrow(/did not answer/);
  });

  test('a driver binary that does not exist: a clear error', async () => {
    await expect(startWebKitDriver(webkit(join(dir, 'missing')))).rejects.toThrow(/ENOENT|exited before/);
  });
});

test.describe('Firefox BiDi shim: answers the command Firefox ESR lacks, relays the rest', () => {
  test('emulation.setMediaFeaturesOverride gets an empty success with its own id', () => {
    expect([...ANSWERED_HERE]).toEqual(['emulation.setMediaFeaturesOverride']);
    const decision = route(
      JSON.stringify({ id: 42, method: 'emulation.setMediaFeaturesOverride', params: { features: {} } }),
    );
    expect(decision.forward).toBe(false);
    expect(JSON.parse(decision.forward ? '' : decision.reply)).toEqual({ type: 'success', id: 42, result: {} });
  });

  for (const text of [
    JSON.stringify({ id: 1, method: 'browsingContext.navigate', params: {} }),
    JSON.stringify({ method: 'emulation.setMediaFeaturesOverride' }), // no id: not a command to answer
    'not json',
    'null',
    '[]',
  ]) {
    test(`passed through: ${text}`, () => {
      expect(route(text)).toEqual({ forward: true });
    });
  }
});
