/**
 * The fourth app of issue 22: the README's Python backend (`python-backend/server.py`, "Server side") behind the
 * README's React checkout, rebuilt from the README alone, with `npx idmobile-relay`: the consent round trip with
 * a page that keeps nothing. Skipped, saying why, while the README has no Python backend or python3 is missing.
 */
import { test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readmeFiles } from '../readme/readme-files.js';
import { launchApp, type RunningApp } from './apps.js';
import { expectConsentRoundTrip } from './round-trip.js';

const missing = !readmeFiles().some((f) => f.app === 'python-backend' && f.path === 'server.py')
  ? 'README.md gives no python-backend/server.py'
  : spawnSync('python3', ['--version']).status !== 0
    ? 'python3 is not installed (Debian: apt-get install python3)'
    : null;

test.skip(missing !== null, missing ?? '');

let app: RunningApp | undefined;
test.beforeAll(async () => {
  app = await launchApp({
    app: 'react',
    modules: ['react', 'react-dom', 'vite'],
    build: 'vite',
    backend: { app: 'python-backend', command: 'python3', args: ['server.py'] },
  });
});
test.afterAll(() => app?.stop());

test('React 19 app + Python backend: the consent round trip places the verified order', async ({ page }) => {
  await expectConsentRoundTrip(page, app!, { sessionLines: false });
});
