import { defineConfig } from 'vite';
import { idmobileTestMode } from './demo/test-mode-plugin.js';

// `npm start`: the demo checkout with the relay and the test mode mounted in-process (see demo/test-mode-plugin.ts).
// The library build is scripts/build.mjs.
export default defineConfig({
  plugins: [idmobileTestMode()],
  server: { host: 'localhost' },
  build: { target: 'es2022' },
});
