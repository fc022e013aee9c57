/**
 * The fourth app of issue 22: the README's Python backend (`python-backend/server.py`, "Server side") behind the
 * README's React checkout, rebuilt from the README alone, with `npx idmobile-relay`: the consent round trip with
 * a page that keeps nothing. Skipped, saying why, while the README has no Python backend or python3 is missing.
 */
import { test } from '@playwright/test';
import { cannotRun, launchApp, type RunningApp } from './apps.js';
import { expectConsentRoundTrip } from './round-trip.js';

const missing = cannotRun('python-backend', 'server.py', 'python3', 'Debian: apt-get install python3');

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
