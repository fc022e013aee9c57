/**
 * The package's command, `idmobile-relay` (package.json `bin`): configured by the environment, the test mode
 * with its simulator when nothing is configured; problems one per line on stderr and exit 1. Runs the file npm
 * links (`bin/idmobile-relay.mjs`, importing the built relay), as `npx idmobile-relay` would.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startRelayProcess } from './relay-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = 'bin/idmobile-relay.mjs';

test.beforeAll(() => {
  // the command runs the built relay: build it when this checkout has not yet (npm test before npm run build)
  if (!existsSync(`${ROOT}dist/relay/node.js`)) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
    expect(built.status).toBe(0);
  }
});

test('package.json names the command and ships it', () => {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    bin: Record<string, string>;
    files: string[];
  };
  expect(pkg.bin).toEqual({ 'idmobile-relay': BIN });
  expect(pkg.files).toContain('bin');
  expect(readFileSync(`${ROOT}${BIN}`, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
});

test('nothing configured: the test mode on the given port, its banner, /health answers', async () => {
  const relay = await startRelayProcess(BIN, ROOT, { PORT: '0', HOST: '127.0.0.1' });
  try {
    expect(relay.stderr()).toMatch(/test mode/i);
    const health = await fetch(`http://127.0.0.1:${relay.port}/health`);
    expect(await health.json()).toEqual({ status: 'ok', mode: 'test' });
  } finally {
    relay.stop();
  }
});

test('a bad environment: one line per problem on stderr, exit 1, nothing listening', () => {
  const run = spawnSync(process.execPath, [BIN], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', RELAY_MODE: 'camara', PORT: '0', HOST: '127.0.0.1' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/CAMARA_CLIENT_ID/);
  expect(run.stdout).toBe('');
});

test('PORT=0: the test mode’s consent links name the port the relay got, not 0', async () => {
  const relay = await startRelayProcess(BIN, ROOT, { PORT: '0', HOST: '127.0.0.1' });
  try {
    const origin = `http://localhost:${relay.port}`;
    const answer = await fetch(`http://127.0.0.1:${relay.port}/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({
        v: 3,
        scope: 'matching_notp',
        phone: '+33756123456', // Léa Bernard: consent required
        identity: { given_name: 'Léa', family_name: 'Bernard' },
        return_url: `${origin}/checkout`,
      }),
    });
    const body = (await answer.json()) as { status?: string; url?: string };
    expect(body.status, JSON.stringify(body)).toBe('success');
    expect(new URL(body.url ?? '').port).toBe(String(relay.port));
  } finally {
    relay.stop();
  }
});
