/**
 * The relay's hono app on every runtime, over HTTP, started exactly as `npm run relay`, `relay:bun`, `relay:deno`
 * and `relay:workerd` start it (the command read from package.json), in test mode on a free loopback port:
 * /health, /match (scores with a verifiable attestation), the consent flow (consent URL, the simulator's Accept,
 * /result pending then scores bound through the state) and /result single delivery (R409).
 *
 * A runtime whose binary cannot run here is skipped with a message outside CI, and fails under CI.
 */
import { expect, test } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAttestation } from '../../../src/relay/trust/verify.js';
import { call, freePort, ROOT, waitFor } from './servers.js';
import { CAMILLE_LINE, JEAN_PIERRE_LINE, LEA_LINE, namesOf } from '../../fixtures/subscribers.js';

const SECRET = 'runtimes-attestation-secret-0123456789abcdef';
const PAGE = 'http://localhost:5173';
/** The header workerd reads the client's address from here (RELAY_CLIENT_IP_HEADER); the other runtimes ignore it. */
const CLIENT_IP_HEADER = 'x-test-client-ip';
const CAMILLE = {
  scope: 'matching_notp',
  phone: CAMILLE_LINE.phone,
  identity: { ...namesOf(CAMILLE_LINE), birthdate: CAMILLE_LINE.record.birthdate },
  v: 3,
};
const LEA = {
  scope: 'matching_notp',
  phone: LEA_LINE.phone,
  identity: namesOf(LEA_LINE),
  return_url: `${PAGE}/checkout?idmobile_return=1`,
  v: 3,
};

const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

/** The command of an npm script, its first word resolved like npm does (node_modules/.bin, else node). */
function commandOf(script: string): [string, string[]] {
  const [first, ...args] = scripts[script]!.split(' ');
  if (first === 'node') return [process.execPath, args];
  return [bin(first!), args];
}

/** Whether a runtime's binary runs here (`--version`), with what it said otherwise. */
function runs(command: string): { ok: boolean; why: string } {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return r.status === 0 ? { ok: true, why: '' } : { ok: false, why: (r.error?.message ?? r.stderr).slice(0, 200) };
}

const RUNTIMES: Array<{ name: string; script: string; binary: string }> = [
  { name: 'node', script: 'relay', binary: process.execPath },
  { name: 'bun', script: 'relay:bun', binary: bin('bun') },
  { name: 'deno', script: 'relay:deno', binary: bin('deno') },
  { name: 'workerd', script: 'relay:workerd', binary: bin('workerd') },
];

for (const runtime of RUNTIMES) {
  test.describe(`relay on ${runtime.name}`, () => {
    test.describe.configure({ mode: 'serial' });
    const available = runs(runtime.binary);
    if (!available.ok && process.env['CI']) {
      test(`${runtime.name} runs here`, () => {
        throw new Error(`${runtime.binary} does not run: ${available.why}`);
      });
    }
    test.skip(
      !available.ok && !process.env['CI'],
      `${runtime.name} cannot run here (${available.why}); npm install brings it (devDependency "${runtime.name}")`,
    );

    let base = '';
    let pid = 0;
    let output = '';
    let exited: Promise<void> = Promise.resolve();

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const port = await freePort();
      const [command, args] = commandOf(runtime.script);
      const clean = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !/^(DQE_|RELAY_|CAMARA_|ATTESTATION_|PORT$|HOST$)/.test(k)),
      );
      // its own process group: the workerd script's child goes with it
      const child = spawn(command, args, {
        cwd: ROOT,
        env: {
          ...clean,
          PORT: String(port),
          HOST: '127.0.0.1',
          ATTESTATION_SECRET: SECRET,
          // a secret is part of a real deployment: the test mode is asked for explicitly
          RELAY_MODE: 'test',
          // plain workerd has no request.cf: the client's address comes from a header the test sets
          ...(runtime.name === 'workerd' ? { RELAY_CLIENT_IP_HEADER: CLIENT_IP_HEADER } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      pid = child.pid!;
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      let gone = false;
      exited = new Promise((resolve) => child.once('exit', () => resolve()));
      void exited.then(() => (gone = true));
      base = `http://127.0.0.1:${port}`;
      await waitFor(
        `${runtime.name} relay`,
        async () => {
          if (gone) throw new Error(`${runtime.name} relay exited:\n${output.slice(-2000)}`);
          return (await call(`${base}/health`, { timeoutMs: 2000 })).status === 200;
        },
        90_000,
      );
    });

    test.afterAll(async () => {
      if (!pid) return;
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return; // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    });

    const post = (path: string, body: unknown) =>
      call(`${base}${path}`, { body, headers: { origin: PAGE, [CLIENT_IP_HEADER]: '127.0.0.1' } });

    test('/health', async () => {
      const health = await call(`${base}/health`);
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok', mode: 'test' });
      expect(health.headers['x-content-type-options']).toBe('nosniff');
    });

    test('/match: scores with an attestation bound to the phone and identity', async () => {
      const res = await post('/match', CAMILLE);
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(PAGE);
      expect(res.body['given_name']).toBe(1);
      expect(res.body['verdict']).toBe('verified');
      const verified = await verifyAttestation(res.body['attestation'], SECRET, {
        allowTestMode: true,
        phone: CAMILLE.phone,
        identity: CAMILLE.identity,
        replay: false,
      });
      expect(verified.success).toBe(true);
      if (verified.success) expect(verified.mode).toBe('test');
      // bound: another phone does not verify
      const other = await verifyAttestation(res.body['attestation'], SECRET, {
        allowTestMode: true,
        phone: JEAN_PIERRE_LINE.phone,
        identity: CAMILLE.identity,
        replay: false,
      });
      expect(other).toEqual({ success: false, error_codes: ['phone_mismatch'] });
    });

    test('consent flow and single delivery: consent URL, Accept, /result pending, scores, then R409', async () => {
      const consent = await post('/match', LEA);
      expect(consent.status).toBe(200);
      expect(consent.body['status']).toBe('success');
      const url = new URL(consent.body['url'] as string);
      expect(url.pathname).toMatch(/^\/simulator\/consent\//);
      url.hostname = '127.0.0.1';
      const accepted = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', [CLIENT_IP_HEADER]: '127.0.0.1' },
        body: 'decision=accept',
        redirect: 'manual',
      });
      expect(accepted.status).toBe(303);
      const back = new URL(accepted.headers.get('location')!);
      expect(back.origin).toBe(PAGE);
      const flow = { token: back.searchParams.get('token')!, state: back.searchParams.get('idmobile_state')! };
      expect((await post('/result', flow)).body).toEqual({ status: 'pending' });
      const scores = await post('/result', flow);
      expect(scores.status).toBe(200);
      expect(scores.body['given_name']).toBe(1);
      const verified = await verifyAttestation(scores.body['attestation'], SECRET, {
        allowTestMode: true,
        phone: LEA.phone,
        identity: LEA.identity,
        replay: false,
      });
      expect(verified).toMatchObject({ success: true, path: 'consent' });
      const again = await post('/result', flow);
      expect(again.status).toBe(409);
      expect(again.body['error_id']).toBe('R409');
    });

    test("clients told apart by the socket's address (workerd: the platform's header): one is limited, not all", async () => {
      // workerd reads the header the platform sets; the others the socket's address, whatever the header says
      const from = (address: string) =>
        call(`${base}/match`, {
          body: CAMILLE,
          from: address,
          headers: { origin: PAGE, [CLIENT_IP_HEADER]: address },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await from('127.0.0.3')).status);
      expect(statuses.at(-1)).toBe(429);
      expect((await from('127.0.0.4')).status).toBe(200);
    });

    if (runtime.name !== 'node') {
      test('a Redis store is refused there with a clear message (the store is in memory on this runtime)', () => {
        const [command, args] = commandOf(runtime.script);
        const r = spawnSync(command, args, {
          cwd: ROOT,
          env: { ...process.env, PORT: '1', RELAY_STORE_URL: 'redis://127.0.0.1:6379' },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(`RELAY_STORE_URL: the Redis store runs on Node (npm run relay); on ${runtime.name}`);
      });
    }
  });
}
