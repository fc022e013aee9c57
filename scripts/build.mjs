// @ts-check
// `npm run build`: the widget's ESM entries (Lit external), the one-tag IIFE (everything bundled), the relay
// for Node, type declarations, and the size budget of the IIFE.
import { build } from 'vite';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';
import { execFileSync } from 'node:child_process';
import { minifyLitTemplatesPlugin } from './minify-lit-templates.mjs';
import { sizeReport } from './size-report.mjs';

// The contract (DESIGN "Commands"): the IIFE within 25 KB gzip with French and English inside (the other four
// languages are dist/i18n/, outside it). Measured at gzip -9 after the terser pass below; what each module costs:
// `node scripts/size-report.mjs` (Lit 5.1 KB, the two catalogues 3.8, the element's class 2.6, CSS 1.1 + the
// gauge's, phone metadata 1.0, the rest our code). Over the budget, the build fails and prints that table.
export const BUDGET_GZIP_BYTES = 25 * 1024;
const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** @type {import('vite').InlineConfig} */
const quiet = { logLevel: 'warn', configFile: false, root };
/** @type {string[]} */
const nodeDeps = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.devDependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
];
const isDep = (/** @type {string} */ id) =>
  nodeDeps.some((d) => id === d || id.startsWith(`${d}/`)) || id.startsWith('node:');

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

/**
 * The languages outside the IIFE (German, Spanish, Italian, Dutch): the ESM build writes each catalogue as its
 * own chunk `dist/i18n/<lang>.js` (a plain ES module without imports), and the IIFE loads the same file from beside
 * itself: its build swaps src/widget/i18n-load.ts for src/widget/i18n-load.iife.ts.
 */
const LANG_CHUNK = /\/src\/widget\/i18n\/([a-z]{2})\.ts$/;
/** @type {import('vite').Plugin} */
const iifeLanguages = {
  name: 'idmobile-iife-languages',
  enforce: 'pre',
  resolveId: (source) => (source === './i18n-load.js' ? `${root}src/widget/i18n-load.iife.ts` : null),
};

// 1. ESM: side-effect-free class entry + define entry; Lit stays a dependency (one copy per page)
await build({
  ...quiet,
  plugins: [minifyLitTemplatesPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    lib: { entry: { 'idmobile-check': 'src/widget/index.ts', define: 'src/widget/define.ts' }, formats: ['es'] },
    rolldownOptions: {
      external: (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/'),
      output: {
        chunkFileNames: (chunk) => {
          const lang = LANG_CHUNK.exec(chunk.facadeModuleId ?? '')?.[1];
          return lang ? `i18n/${lang}.js` : '[name]-[hash].js';
        },
      },
    },
  },
});

// 2. IIFE: one <script> tag defines the element, French and English inside (the other languages: dist/i18n/)
await build({
  ...quiet,
  plugins: [iifeLanguages, minifyLitTemplatesPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'src/widget/iife.ts',
      formats: ['iife'],
      name: 'IdmobileCheck',
      fileName: () => 'idmobile-check.iife.js',
    },
  },
});

// 2b. A second minifier over the IIFE: terser's compressor after Vite's oxc finds what oxc leaves (0.3 KB gzip,
// measured on 26.6 KB). `unsafe` assumes the built-ins are not replaced (String(x) as ''+x and the like) and
// `keep_fargs: false` drops unused parameters (nothing here reads a function's length); the source map is carried
// through, so scripts/size-report.mjs and the browser's devtools still name the modules.
{
  const iifeUrl = new URL('../dist/idmobile-check.iife.js', import.meta.url);
  const mapUrl = new URL('../dist/idmobile-check.iife.js.map', import.meta.url);
  const out = await minify(readFileSync(iifeUrl, 'utf8'), {
    ecma: 2020,
    compress: { passes: 3, unsafe: true, keep_fargs: false },
    mangle: true,
    sourceMap: { content: readFileSync(mapUrl, 'utf8'), url: 'idmobile-check.iife.js.map', includeSources: true },
  });
  if (typeof out.code !== 'string' || typeof out.map !== 'string') throw new Error('terser gave no code or map');
  writeFileSync(iifeUrl, out.code);
  writeFileSync(mapUrl, out.map);
}

// 3. The relay (and the test mode it embeds) for Node
await build({
  ...quiet,
  build: {
    outDir: 'dist/relay',
    emptyOutDir: false,
    target: 'node20',
    ssr: true,
    sourcemap: true,
    rolldownOptions: {
      input: { index: 'src/relay/index.ts', node: 'src/relay/node.ts', simulator: 'src/testmode/node.ts' },
      external: isDep,
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});

// 4. Type declarations
execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: root });

// 5. custom-elements.json at the package root (named by package.json's customElements field)
execFileSync('npx', ['--no-install', 'cem', 'analyze', '--quiet'], { stdio: 'inherit', cwd: root });
// 5b. React, Vue and Svelte types generated from it (`idmobile-check/react`, `/vue`, `/svelte`)
execFileSync(process.execPath, ['scripts/framework-types.mjs'], { stdio: 'inherit', cwd: root });

// 6. Size budget
const iife = readFileSync(new URL('../dist/idmobile-check.iife.js', import.meta.url));
const gz = gzipSync(iife, { level: 9 }).length;
const br = brotliCompressSync(iife).length;
const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
console.error(
  `dist/idmobile-check.iife.js: ${kb(iife.length)} raw, ${kb(gz)} gzip, ${kb(br)} brotli (budget ${kb(BUDGET_GZIP_BYTES)} gzip)`,
);
if (gz > BUDGET_GZIP_BYTES) {
  console.error(`✖ size budget exceeded: ${kb(gz)} gzip > ${kb(BUDGET_GZIP_BYTES)}`);
  // what each module costs (scripts/size-report.mjs): where the bytes went
  const map = JSON.parse(readFileSync(new URL('../dist/idmobile-check.iife.js.map', import.meta.url), 'utf8'));
  const short = (/** @type {string} */ s) => s.replace(/^(\.\.\/)+(main\/)?(node_modules\/)?/, '');
  for (const r of sizeReport(iife.toString('utf8'), map, short).rows.slice(0, 12)) {
    console.error(`  ${r.module.padEnd(44)} ${String(r.gzipMarginal).padStart(6)} B gzip (marginal)`);
  }
  process.exit(1);
}
