import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { LEA_LINE, namesOf } from '../../fixtures/subscribers.js';
import { matchForm, tokenForm } from '../testmode/helpers.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
} {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DQE_|RELAY_|CAMARA_|ATTESTATION_|PORT$|HOST$|NODE_ENV$)/.test(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/relay/node.ts'], {
    cwd: ROOT,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += String(d)));
  child.stderr.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function waitForHealth(url: string, ms = 20_000): Promise<Response> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

test('npm run relay (test mode) serves /health and a page from another origin, then stops', async () => {
  test.setTimeout(60_000);
  const port = await freePort();
  const relay = start({ PORT: String(port) });
  try {
    const base = `http://127.0.0.1:${port}`;
    const health = await waitForHealth(`${base}/health`);
    expect(await health.json()).toEqual({ status: 'ok', mode: 'test' });
    expect(relay.err()).toContain('TEST MODE');

    const page = 'http://localhost:5173';
    const preflight = await fetch(`${base}/match`, {
      method: 'OPTIONS',
      headers: {
        origin: page,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(page);

    const cors = await fetch(`${base}/health`, { headers: { origin: page } });
    expect(cors.headers.get('access-control-allow-origin')).toBe(page);

    const match = await fetch(`${base}/match`, {
      method: 'POST',
      headers: { origin: page, 'content-type': 'application/json' },
      body: JSON.stringify({
        scope: 'matching_notp',
        phone: LEA_LINE.phone,
        identity: namesOf(LEA_LINE),
        return_url: `${page}/checkout?idmobile_return=1`,
        v: 3,
      }),
    });
    expect(match.status).toBe(200);
    expect(match.headers.get('access-control-allow-origin')).toBe(page);
    const consent = (await match.json()) as { url: string };
    expect(consent.url.startsWith(`http://localhost:${port}/simulator/consent/`)).toBe(true);
    const consentPage = await fetch(consent.url.replace('localhost', '127.0.0.1'));
    expect(consentPage.status).toBe(200);
    expect(await consentPage.text()).toContain('Orange');

    const evil = await fetch(`${base}/health`, { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  } finally {
    relay.child.kill('SIGTERM');
    await relay.exited;
  }
  expect(relay.out()).toContain('"event":"listening"');
});

test('a bad configuration stops with one clear line per problem, exit 1, no stack trace', async () => {
  test.setTimeout(30_000);
  const relay = start({ DQE_LICENCE: 'LIC-must-not-print', ATTESTATION_SECRET: 'short', PORT: 'x' });
  const code = await relay.exited;
  expect(code).toBe(1);
  const err = relay.err();
  expect(err).toContain('configuration is invalid');
  expect(err).toMatch(/- DQE_CLIENT_SECRET: required/);
  expect(err).toMatch(/- ATTESTATION_SECRET: must be at least 32/);
  expect(err).toMatch(/- PORT: /);
  expect(err).not.toMatch(/\n\s+at /);
  expect(err).not.toContain('LIC-must-not-print');
});

test('production without upstream credentials refuses to start: one clear line, exit 1', async () => {
  test.setTimeout(30_000);
  const relay = start({ NODE_ENV: 'production', DQE_LICENCE: '', ATTESTATION_SECRET: 'p'.repeat(48) });
  expect(await relay.exited).toBe(1);
  expect(relay.err()).toContain('configuration is invalid');
  expect(relay.err()).toMatch(/- RELAY_MODE: no upstream credentials/);
  expect(relay.err()).not.toContain('p'.repeat(48));
  expect(relay.out()).not.toContain('listening');
});

test('npm run relay in test mode: the simulator on the relay port redirects nowhere but allowed origins', async () => {
  test.setTimeout(60_000);
  const port = await freePort();
  const relay = start({ PORT: String(port), RELAY_MODE: 'test', RELAY_ALLOWED_ORIGINS: 'https://shop.example' });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(`${base}/health`);
    const token = (
      (await (await fetch(`${base}/simulator/ACCESS_TOKEN/`, tokenForm())).json()) as { access_token: string }
    ).access_token;
    const match = async (redirect: string) =>
      (await (await fetch(`${base}/simulator/IDMOBILE/`, matchForm(token, LEA_LINE, redirect))).json()) as {
        status: string;
        error_id?: string;
      };
    expect(await match('https://evil.example/phish')).toMatchObject({ status: 'error', error_id: '01' });
    expect((await match('https://shop.example/checkout')).status).toBe('success');
  } finally {
    relay.child.kill('SIGTERM');
    await relay.exited;
  }
});
