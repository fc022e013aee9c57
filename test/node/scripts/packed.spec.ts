/**
 * The package as npm packs it: `npm pack --json` is JSON (the build writes nothing on stdout), the tarball
 * holds no TypeScript source, test or demo, and its `idmobile-relay` command runs from the tarball alone with the
 * relay's peers beside it (as compose.yaml's image installs them): /health answers in test mode.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRelayProcess } from '../relay/relay-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PEERS = ['hono', '@hono/node-server', 'jose', 'zod', 'lit', '@lit', 'lit-html', 'lit-element'];

let dir = '';
let files: string[] = [];
test.beforeAll(() => {
  test.setTimeout(240_000);
  if (!existsSync(join(ROOT, 'dist/relay/node.js'))) {
    expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' }).status).toBe(0);
  }
  dir = mkdtempSync(join(tmpdir(), 'idmobile-packed-'));
  // the build already ran: pack what it made (prepack would build again)
  const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info!.files.map((f) => f.path);
  const app = join(dir, 'app', 'node_modules');
  mkdirSync(join(app, 'idmobile-check'), { recursive: true });
  expect(
    spawnSync('tar', ['-xzf', join(dir, info!.filename), '-C', join(app, 'idmobile-check'), '--strip-components=1'])
      .status,
  ).toBe(0);
  mkdirSync(join(app, '@hono'), { recursive: true });
  for (const peer of PEERS) {
    const from = join(ROOT, 'node_modules', peer);
    if (existsSync(from) && !existsSync(join(app, peer))) symlinkSync(from, join(app, peer));
  }
});
test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball: built files, the command, the documents; no source, test or demo', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'bin/idmobile-relay.mjs',
      'dist/relay/node.js',
      'openapi.json',
      'compose.yaml',
      'SECURITY.md',
    ]),
  );
  expect(files.filter((f) => /^(src|test|demo)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  expect(files.filter((f) => f.endsWith('.d.ts.map'))).toEqual([]);
});

test('custom-elements.json names files of the tarball; every export it declares types is in it', () => {
  const pkg = join(dir, 'app', 'node_modules', 'idmobile-check');
  const manifest = JSON.parse(readFileSync(join(pkg, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ path: string; exports?: Array<{ declaration: { module?: string } }> }>;
  };
  const paths = manifest.modules.flatMap((m) => [m.path, ...(m.exports ?? []).map((e) => e.declaration.module)]);
  expect(paths.filter((p) => p && !files.includes(p))).toEqual([]);
  expect(files).toEqual(
    expect.arrayContaining([
      'custom-elements.json',
      ...['react', 'vue', 'svelte'].map((f) => `dist/types/frameworks/${f}.d.ts`),
    ]),
  );
  // every `types` of package.json's exports (idmobile-check/react, /vue, /svelte among them) is packed
  const { exports } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types?: string }>;
  };
  const types = Object.values(exports).flatMap((e) => (typeof e === 'object' && e.types ? [e.types.slice(2)] : []));
  expect(types).toEqual(expect.arrayContaining(['dist/types/frameworks/react.d.ts']));
  expect(types.filter((t) => !files.includes(t))).toEqual([]);
});

test('its idmobile-relay runs from the tarball alone: test mode, /health', async () => {
  const bin = join(dir, 'app', 'node_modules', 'idmobile-check', 'bin', 'idmobile-relay.mjs');
  const relay = await startRelayProcess(bin, join(dir, 'app'), { PORT: '0', HOST: '127.0.0.1' });
  try {
    expect(await (await fetch(`http://127.0.0.1:${relay.port}/health`)).json()).toEqual({ status: 'ok', mode: 'test' });
  } finally {
    relay.stop();
  }
});
