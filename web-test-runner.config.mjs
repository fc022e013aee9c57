import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from './scripts/chromium.mjs';
import { faultRelay } from './test/widget/fault-relay.mjs';

const executablePath = process.env.CHROME_PATH || (await findChromium());
if (!executablePath) throw new Error(NO_CHROMIUM);

export default {
  files: ['test/unit/**/*.test.ts', 'test/widget/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  concurrency: 1,
  // a misbehaving relay over real HTTP for test/widget/faults.test.ts (answers /fault/… only)
  middleware: [faultRelay()],
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
  ],
  browsers: [playwrightLauncher({ product: 'chromium', launchOptions: { executablePath, args: CHROMIUM_ARGS } })],
};
