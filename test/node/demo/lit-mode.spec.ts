/**
 * Lit runs in production mode on the demo pages (issue 22: "Lit is in dev mode" in the console of every demo
 * page). Lit's development build announces itself with that warning, so the text is what tells the builds
 * apart: absent from what the served demo (`npm start`) and the built demo (`npx vite build`) load, while Lit
 * itself is there. Fails without vite.config.ts's `resolve.conditions` (the served demo picked Lit's
 * development build).
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createServer } from 'vite';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CONFIG = join(ROOT, 'vite.config.ts');
const DEV_MODE_WARNING = 'Lit is in dev mode';
/** In both of Lit's builds: the bundle does hold Lit. */
const LIT_MARKER = 'reactiveElementVersions';

test.describe.configure({ timeout: 60_000 });

test("the served demo (npm start) loads Lit's production build", async () => {
  // as `npm start` runs it: no NODE_ENV (a build earlier in this process sets it to `production`, and Vite's
  // `development|production` condition reads it)
  const nodeEnv = process.env.NODE_ENV;
  delete process.env.NODE_ENV;
  const server = await createServer({
    configFile: CONFIG,
    root: ROOT,
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1', strictPort: false, warmup: { clientFiles: [] } },
  });
  try {
    await server.listen();
    const base = server.resolvedUrls?.local[0];
    expect(base).toBeTruthy();
    // the widget's module, as the page imports it, then the Lit module it imports
    const widget = await (await fetch(new URL('src/widget/idmobile-check.ts', base))).text();
    const litUrl = /from\s+"([^"]*\/lit\.js[^"]*)"/.exec(widget)?.[1];
    expect(litUrl, widget.slice(0, 500)).toBeTruthy();
    const lit = await (await fetch(new URL(litUrl!, base))).text();
    expect(lit).toContain(LIT_MARKER);
    expect(lit).not.toContain(DEV_MODE_WARNING);
  } finally {
    await server.close();
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
});

test("the built demo's scripts hold Lit's production build", async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'idmobile-demo-'));
  try {
    await build({ configFile: CONFIG, root: ROOT, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const scripts = readdirSync(join(outDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(outDir, 'assets', f), 'utf8'));
    expect(scripts.some((s) => s.includes(LIT_MARKER))).toBe(true);
    for (const s of scripts) expect(s).not.toContain(DEV_MODE_WARNING);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
