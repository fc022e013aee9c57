/**
 * The demo's operator flows (issue 21: "npm start demos each flow"): `IDMOBILE_UPSTREAM` picks the default one, a
 * checkout page's `?upstream=` another; an unknown value is refused with the accepted ones named; the start-up
 * banner lists the selected flow's test numbers; `npm start` (Vite with the demo's plugin) starts and serves the
 * relay for every value.
 */
import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { CAMARA_TEST_NUMBERS, MAGIC_NUMBERS } from '../../../src/testmode/index.js';
import { DEMO_UPSTREAM_NAMES, demoUpstream, flowBase, type DemoUpstream } from '../../../demo/flows.js';
import { banner, flowOfPath } from '../../../demo/test-mode-plugin.js';

test.describe('demoUpstream', () => {
  const cases: Array<[string | undefined, DemoUpstream]> = [
    [undefined, 'dqe'],
    ['', 'dqe'],
    ['  ', 'dqe'],
    ['dqe', 'dqe'],
    ['camara', 'camara-ciba'],
    ['camara-ciba', 'camara-ciba'],
    [' camara-code ', 'camara-code'],
    ['camara-basic', 'camara-basic'],
  ];
  for (const [value, flow] of cases) {
    test(`${JSON.stringify(value)} → ${flow}`, () => expect(demoUpstream(value)).toBe(flow));
  }

  for (const bad of ['camara-cib', 'DQE', 'toString', '__proto__', 'x'.repeat(500)]) {
    test(`${JSON.stringify(bad.slice(0, 20))} is refused, the accepted values named`, () => {
      expect(() => demoUpstream(bad)).toThrow(
        /^IDMOBILE_UPSTREAM must be one of dqe, camara-ciba, camara-code, camara-basic \(got ".{1,20}"\)$/,
      );
    });
  }

  test('the page parameter names itself and falls back to the default flow', () => {
    expect(() => demoUpstream('nope', '?upstream=')).toThrow(/^\?upstream= must be one of /);
    expect(demoUpstream(null, '?upstream=', 'camara-code')).toBe('camara-code');
  });
});

test('each flow is mounted once: the default at the root, the others under /flows/<flow>', () => {
  expect(flowBase('dqe', 'dqe')).toBe('');
  expect(flowBase('camara-ciba', 'dqe')).toBe('/flows/camara-ciba');
  // the default flow of these tests is dqe (no IDMOBILE_UPSTREAM)
  const table: Array<[string, ReturnType<typeof flowOfPath>]> = [
    ['/api/idmobile/match', { flow: 'dqe', rest: '/api/idmobile/match' }],
    ['/simulator/camara/phone', { flow: 'dqe', rest: '/simulator/camara/phone' }],
    ['/flows/camara-ciba/api/idmobile/result', { flow: 'camara-ciba', rest: '/api/idmobile/result' }],
    ['/flows/camara-code/simulator/camara/authorize', { flow: 'camara-code', rest: '/simulator/camara/authorize' }],
    ['/flows/camara-basic/api/idmobile', { flow: 'camara-basic', rest: '/api/idmobile' }],
    ['/flows/dqe/api/idmobile/match', null], // the default flow lives at the root only
    ['/flows/nope/api/idmobile/match', null],
    ['/flows/__proto__/api/idmobile/match', null],
    ['/flows/camara-ciba/demo/order', null],
    ['/api/idmobilex', null],
    ['/', null],
  ];
  for (const [path, expected] of table) expect(flowOfPath(path), path).toEqual(expected);
});

test.describe('the start-up banner', () => {
  test('DQE: its subscribers and magic numbers, and the links to the other flows', () => {
    const text = banner('http://localhost:5173/', 'dqe');
    expect(text).toContain('Upstream: DQE IDMobile on the simulator');
    expect(text).toContain('+33612345678  Camille Martin');
    expect(text).toContain(MAGIC_NUMBERS.map((m) => m.errorId).join(' '));
    for (const f of ['camara-ciba', 'camara-code', 'camara-basic'])
      expect(text).toContain(`http://localhost:5173/?upstream=${f}`);
    expect(text).not.toContain('+33740000001');
  });

  for (const [flow, camara] of [
    ['camara-ciba', 'ciba'],
    ['camara-code', 'authorization_code'],
    ['camara-basic', 'client_credentials'],
  ] as const) {
    test(`${flow}: exactly the CAMARA lines of ${camara}`, () => {
      const text = banner('http://localhost:5173/', flow);
      for (const n of CAMARA_TEST_NUMBERS) {
        const line = `${n.phone}  ${n.behaviour}`;
        if (n.flows.includes(camara)) expect(text).toContain(line);
        else expect(text).not.toContain(line);
      }
      expect(text).toContain(`now ${flow}`);
      expect(text.includes('/simulator/camara/phone?number=')).toBe(camara === 'ciba');
      expect(text).not.toContain(`?upstream=${flow}`); // the others, not itself
      expect(text).toContain('http://localhost:5173/?upstream=dqe');
    });
  }
});

/** Starts the demo's dev server (`npm start` without the build) with an `IDMOBILE_UPSTREAM`, bounded in time. */
function startDemo(value: string): Promise<{ output: string; url: string | null; stop: () => void }> {
  const child = spawn('npx', ['--no-install', 'vite', '--port', '0', '--host', '127.0.0.1'], {
    env: { ...process.env, IDMOBILE_UPSTREAM: value, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stopped with npx's children
  });
  let output = '';
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  };
  return new Promise((resolve) => {
    const done = (url: string | null) => {
      clearTimeout(timer);
      resolve({ output, url, stop });
    };
    const timer = setTimeout(() => done(null), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /Relay (http:\/\/[^\s]+)\/api\/idmobile\/health/.exec(output)?.[1];
      if (url) done(url);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', () => done(null));
  });
}

test.describe('npm start for each IDMOBILE_UPSTREAM', () => {
  test.describe.configure({ mode: 'serial', timeout: 60_000 });

  for (const value of DEMO_UPSTREAM_NAMES) {
    test(`IDMOBILE_UPSTREAM=${value}: the banner names it, the relay and the page serve it`, async () => {
      const demo = await startDemo(value);
      try {
        expect(demo.url, demo.output).not.toBeNull();
        expect(demo.output).toContain(`now ${value}`);
        const health = await fetch(`${demo.url}/api/idmobile/health`);
        expect(await health.json()).toMatchObject({ status: 'ok', mode: 'test' });
        // the banner's simulator link, with its trailing slash, is the simulator's index (was a 404)
        expect((await fetch(`${demo.url}/simulator/`)).status).toBe(200);
        const page = await (await fetch(`${demo.url}/`)).text();
        expect(page).toContain(`data-upstream="${value}"`);
        expect(page).toContain('relay-url="/api/idmobile"');
        const other = value === 'dqe' ? 'camara-ciba' : 'dqe';
        const otherPage = await (await fetch(`${demo.url}/?upstream=${other}`)).text();
        expect(otherPage).toContain(`relay-url="/flows/${other}/api/idmobile"`);
      } finally {
        demo.stop();
      }
    });
  }

  test('an unknown IDMOBILE_UPSTREAM stops the start with the accepted values', async () => {
    const demo = await startDemo('camara-nope');
    demo.stop();
    expect(demo.url).toBeNull();
    expect(demo.output).toContain(
      'IDMOBILE_UPSTREAM must be one of dqe, camara-ciba, camara-code, camara-basic (got "camara-nope")',
    );
  });
});
