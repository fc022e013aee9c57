import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 5199);

export default defineConfig({
  reporter: process.env.CI ? 'list' : 'list',
  workers: 2,
  projects: [
    { name: 'node', testDir: 'test/node' },
    {
      name: 'e2e',
      testDir: 'test/e2e',
      use: {
        baseURL: `http://127.0.0.1:${port}`,
        launchOptions: { executablePath: process.env.CHROME_PATH, args: CHROMIUM_ARGS },
      },
    },
  ],
  webServer: process.argv.includes('e2e')
    ? { command: `npx vite --port ${port} --strictPort --host 127.0.0.1`, url: `http://127.0.0.1:${port}/`, reuseExistingServer: false, timeout: 60_000 }
    : undefined,
});
