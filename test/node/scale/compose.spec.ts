/**
 * compose.yaml is documentation, and still checked: the relays' environment names only variables the relay reads
 * and, with its placeholders filled, is a valid production configuration on Redis; HAProxy accepts the load
 * balancer's configuration (`haproxy -c`, when installed).
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, RELAY_ENV_VARIABLES } from '../../../src/relay/config.js';
import { HAPROXY, ROOT } from './servers.js';

const compose = readFileSync(join(ROOT, 'compose.yaml'), 'utf8').split('\n');

/** The lines of the block that starts after `header`, at the indentation of its first line. */
function block(header: RegExp): string[] {
  const start = compose.findIndex((l) => header.test(l));
  expect(start, `${header} in compose.yaml`).toBeGreaterThanOrEqual(0);
  const indent = /^\s*/.exec(compose[start + 1]!)![0].length;
  const out: string[] = [];
  for (const line of compose.slice(start + 1)) {
    if (line.trim() !== '' && /^\s*/.exec(line)![0].length < indent) break;
    out.push(line.slice(indent));
  }
  return out;
}

/** `${NAME:-default}` -> default, `${NAME:?message}` -> a value that satisfies the relay's checks. */
function fill(value: string): string {
  return value
    .replace(/^'(.*)'$/, '$1')
    .replace(/\$\{(\w+):-([^}]*)\}/g, '$2')
    .replace(/\$\{(\w+):\?[^}]*\}/g, (_, name: string) => `${name.toLowerCase()}-placeholder-0123456789abcdef0123`);
}

test('the relays of compose.yaml read only known variables and make a valid production configuration on Redis', () => {
  const env: Record<string, string> = {};
  for (const line of block(/^ {2}environment:$/)) {
    const m = /^(\w+): (.*)$/.exec(line);
    if (m) env[m[1]!] = fill(m[2]!);
  }
  const unknown = Object.keys(env).filter((k) => !RELAY_ENV_VARIABLES.includes(k));
  expect(unknown).toEqual([]);
  const config = loadConfig(env);
  expect(config.production).toBe(true);
  expect(config.mode).toBe('dqe');
  expect(config.trustProxy).toBe(true);
  expect(config.store).toMatchObject({ kind: 'redis', prefix: 'idmobile:' });
  expect(config.requireSession).toBe(true);
  expect(config.apiKey).not.toBeNull();
});

test('three relays behind the balancer, each one in its backend', () => {
  const services = compose.filter((l) => /^ {2}relay\d: \*relay$/.test(l)).map((l) => l.trim().split(':')[0]);
  expect(services).toEqual(['relay1', 'relay2', 'relay3']);
  const haproxy = block(/^ {4}content: \|$/).join('\n');
  for (const s of services) expect(haproxy).toContain(`server ${s} ${s}:8787`);
});

test('HAProxy accepts the balancer configuration', () => {
  if (!HAPROXY) {
    test.skip(!process.env['CI'], 'haproxy not installed (apt-get install -y haproxy)');
    throw new Error('haproxy not installed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'idmobile-compose-'));
  try {
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, `${block(/^ {4}content: \|$/).join('\n')}\n`);
    const r = spawnSync(HAPROXY, ['-c', '-f', file], { encoding: 'utf8', timeout: 20_000 });
    expect(`${r.stdout}${r.stderr}`).toMatch(/Configuration file is valid/);
    expect(r.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('each relay runs the package’s command, with every peer the relay needs installed beside it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const image = block(/^ {4}dockerfile_inline: \|$/).join('\n');
  const install = /npm install [^\n]*\n\s*([^\n]*)/.exec(image)?.[0] ?? '';
  for (const peer of Object.keys(pkg.peerDependencies)) expect(install, peer).toContain(` ${peer}`);
  const [command] = Object.keys(pkg.bin);
  expect(image).toContain(`CMD ["node_modules/.bin/${command}"]`);
  expect(image).toMatch(/^USER node$/m);
  // never the checkout's sources
  expect(compose.join('\n')).not.toMatch(/src\/relay|tsx/);
});
