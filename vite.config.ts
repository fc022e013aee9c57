import { defaultClientConditions, defineConfig } from 'vite';
import { idmobileTestMode } from './demo/test-mode-plugin.js';

// `npm start`: the demo checkout with the relay and the test mode mounted in-process (see demo/test-mode-plugin.ts).
// The library build is scripts/build.mjs; `npx vite build` builds the demo pages into dist/demo.
//
// JSX (demo/react-app.tsx) is compiled by Vite's own transform with tsconfig's `"jsx": "react-jsx"`; no React
// plugin, whose Fast Refresh preamble is an inline <script> injected into every page (the demo stays CSP-friendly).
export default defineConfig({
  plugins: [idmobileTestMode()],
  // Lit in production mode on every demo page, `npm start` included (issue 22: "Lit is in dev mode" in the
  // console of every page): Vite's default `development|production` condition picks Lit's development build
  // when serving, so the production one is asked for explicitly, in the browser only (the relay's own
  // server-side conditions are untouched). test/node/demo/lit-mode.spec.ts checks the served and the built demo.
  resolve: {
    conditions: [...defaultClientConditions.filter((c) => c !== 'development|production'), 'production'],
  },
  server: {
    host: 'localhost',
    // transformed at start-up: the first page load does not wait for them
    warmup: { clientFiles: ['./demo/checkout.ts', './demo/esm.ts', './demo/react-app.tsx'] },
  },
  build: {
    target: 'es2022',
    outDir: 'dist/demo',
    emptyOutDir: true,
    rolldownOptions: { input: { checkout: 'index.html', esm: 'demo/esm.html', react: 'demo/react.html' } },
  },
});
