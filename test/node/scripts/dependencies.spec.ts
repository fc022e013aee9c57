/**
 * What the published package may import at run time: `src/` (built into dist/) imports only packages listed in
 * `dependencies` or `peerDependencies`, never one that a user's `npm install` would not bring (devDependencies).
 * And a browser-only user installs no server library: those are optional peers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** Bare specifiers of the value imports of a module (type-only imports vanish from the build). */
function importedPackages(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*import\s+(?!type\s)(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*export\s+(?!type\s)[^'"]*?\s+from\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:'))
    .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

test('the import scanner sees value imports and skips type-only ones', () => {
  const source = [
    "import { html } from 'lit';",
    "import type { Hono } from 'hono';",
    "import 'zod/mini';",
    "export { x } from '@scope/pkg/sub';",
    "import * as y from './local.js';",
    "import { z } from 'node:fs';",
    "const m = await import('jose');",
  ].join('\n');
  expect(importedPackages(source).sort()).toEqual(['@scope/pkg', 'jose', 'lit', 'zod']);
});

test('src/ imports only dependencies and peer dependencies', () => {
  const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
  const offending: string[] = [];
  const src = new URL('src/', root).pathname;
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file)) continue;
    for (const name of importedPackages(readFileSync(join(src, file), 'utf8'))) {
      if (!allowed.has(name)) offending.push(`src/${file} imports ${name}`);
    }
  }
  expect(offending, 'run-time imports of packages a user does not install').toEqual([]);
});

test('a browser-only install brings no server library: they are optional peers, and devDependencies for us', () => {
  // a page that only embeds the element installs Lit and nothing else (zod, hono, jose: the relay's)
  expect(Object.keys(pkg.dependencies).sort()).toEqual(['lit']);
  for (const name of ['hono', '@hono/node-server', 'jose', 'zod']) {
    expect(pkg.peerDependencies[name], name).toBeDefined();
    expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
    expect(pkg.devDependencies[name], name).toBe(pkg.peerDependencies[name]);
  }
  expect(pkg.devDependencies['libphonenumber-js']).toBeDefined();
});
