/**
 * The README's PHP backend (`php-backend/index.php`, "Server side", run with PHP's built-in server as the README
 * says) behind the README's Vue checkout, rebuilt from the README alone, with `npx idmobile-relay`: the consent
 * round trip with a page that keeps nothing. Skipped, saying why, while the README has no PHP backend or php is
 * missing.
 */
import { test } from '@playwright/test';
import { cannotRun, launchApp, type RunningApp } from './apps.js';
import { expectConsentRoundTrip } from './round-trip.js';

const missing = cannotRun('php-backend', 'index.php', 'php', 'Debian: apt-get install php-cli');

test.skip(missing !== null, missing ?? '');

let app: RunningApp | undefined;
test.beforeAll(async () => {
  app = await launchApp({
    app: 'vue',
    modules: ['vue', 'vite', '@vitejs/plugin-vue'],
    build: 'vite',
    backend: {
      app: 'php-backend',
      command: 'php',
      args: (port) => ['-S', `127.0.0.1:${port}`, '-t', 'public', 'index.php'],
      folders: ['public'],
    },
  });
});
test.afterAll(() => app?.stop());

test('Vue 3 app + PHP backend: the consent round trip places the verified order', async ({ page }) => {
  await expectConsentRoundTrip(page, app!, { sessionLines: false });
});
