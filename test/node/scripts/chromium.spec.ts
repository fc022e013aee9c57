/**
 * scripts/chromium.mjs: which Chromium the suites launch. The choice runs on injected candidates and an injected
 * bundled loader (no browser is launched here); the real loader is checked once against the installed package.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { expect, test } from '@playwright/test';
import {
  CHROMIUM_ARGS,
  REFUSED_BUNDLED_ARGS,
  loadBundledChromium,
  resolveChromium,
  systemCandidates,
} from '../../../scripts/chromium.mjs';

type Source = 'CHROME_PATH' | 'system' | 'playwright' | 'bundled';
const DEBIAN = { path: '/usr/bin/chromium', source: 'system' as Source };
const CACHE = { path: '/home/dev/.cache/ms-playwright/chromium-1/chrome', source: 'playwright' as Source };
const BUNDLED = { executablePath: '/tmp/chromium', env: { LD_LIBRARY_PATH: '/tmp/al2023/lib' } };

/** A resolver run on a machine where only `present` files exist; records whether the bundled one was unpacked. */
async function choose(present: string[], env: Record<string, string | undefined> = {}, bundledPresent = true) {
  let unpacked = 0;
  const choice = await resolveChromium({
    env,
    candidates: [
      ...(env['CHROME_PATH'] ? [{ path: env['CHROME_PATH'], source: 'CHROME_PATH' as Source }] : []),
      DEBIAN,
      CACHE,
    ],
    exists: (p) => present.includes(p),
    bundled: () => {
      unpacked++;
      return Promise.resolve(bundledPresent ? BUNDLED : null);
    },
  });
  return { choice, unpacked };
}

test('no system Chromium: the one npm install brought, with its libraries', async () => {
  const { choice, unpacked } = await choose([]);
  expect(choice?.source).toBe('bundled');
  expect(choice?.executablePath).toBe('/tmp/chromium');
  expect(choice?.env).toEqual({ LD_LIBRARY_PATH: '/tmp/al2023/lib' });
  expect(choice?.description).toContain('no system Chromium found');
  expect(unpacked).toBe(1);
});

const systemFirst: Array<[string, string[], Record<string, string>, string, Source]> = [
  ["Debian's package", [DEBIAN.path, CACHE.path], {}, DEBIAN.path, 'system'],
  ["Playwright's cache when nothing else", [CACHE.path], {}, CACHE.path, 'playwright'],
  [
    'CHROME_PATH before the others',
    ['/opt/chrome', DEBIAN.path],
    { CHROME_PATH: '/opt/chrome' },
    '/opt/chrome',
    'CHROME_PATH',
  ],
  ['an empty CHROME_PATH is unset', [DEBIAN.path], { CHROME_PATH: '' }, DEBIAN.path, 'system'],
];
for (const [name, present, env, path, source] of systemFirst) {
  test(`a system Chromium wins, nothing unpacked: ${name}`, async () => {
    const { choice, unpacked } = await choose(present, env);
    expect(choice).toMatchObject({ executablePath: path, source });
    expect(choice?.env).toBeUndefined();
    expect(unpacked).toBe(0);
  });
}

test('IDMOBILE_CHROMIUM=bundled takes the npm one even next to a system one', async () => {
  const { choice, unpacked } = await choose([DEBIAN.path], { IDMOBILE_CHROMIUM: 'bundled' });
  expect(choice?.source).toBe('bundled');
  expect(choice?.description).toContain('IDMOBILE_CHROMIUM=bundled');
  expect(unpacked).toBe(1);
});

test('IDMOBILE_CHROMIUM=system never falls back to the npm one', async () => {
  expect(await choose([], { IDMOBILE_CHROMIUM: 'system' })).toEqual({ choice: null, unpacked: 0 });
});

test('installed without devDependencies and no system one: none (the caller prints how to get one)', async () => {
  expect((await choose([], {}, false)).choice).toBeNull();
});

test('wrong settings are errors, not a silent fallback', async () => {
  await expect(choose([DEBIAN.path], { CHROME_PATH: '/nowhere/chrome' })).rejects.toThrow(
    'CHROME_PATH=/nowhere/chrome: no such file',
  );
  await expect(choose([DEBIAN.path], { IDMOBILE_CHROMIUM: 'firefox' })).rejects.toThrow('IDMOBILE_CHROMIUM=firefox');
});

test('the system candidates: CHROME_PATH, Debian first, Playwright cache last', async () => {
  const list = await systemCandidates({ CHROME_PATH: '/opt/chrome' });
  expect(list[0]).toEqual({ path: '/opt/chrome', source: 'CHROME_PATH' });
  expect(list[1]).toEqual(DEBIAN);
  expect(list.at(-1)?.source).toBe('playwright');
});

test("@sparticuz/chromium's Lambda flags that switch off web security never reach a test browser", async () => {
  // the list is about the installed version: each refused flag is still one the package proposes
  for (const flag of REFUSED_BUNDLED_ARGS) expect(sparticuz.args).toContain(flag);
  for (const present of [[DEBIAN.path], []]) {
    const { choice } = await choose(present);
    expect(choice?.args).toEqual(CHROMIUM_ARGS);
    for (const flag of REFUSED_BUNDLED_ARGS) expect(choice?.args).not.toContain(flag);
  }
});

test('the real loader unpacks the npm Chromium and the NSS libraries it links against', async () => {
  test.setTimeout(60_000); // first use on a machine: about 2 s to unpack 200 MB
  const bundled = await loadBundledChromium();
  expect(bundled).not.toBeNull();
  expect(existsSync(bundled!.executablePath)).toBe(true);
  const libs = bundled!.env['LD_LIBRARY_PATH']!.split(':')[0]!;
  for (const lib of ['libnss3.so', 'libnspr4.so', 'libnssutil3.so']) expect(existsSync(join(libs, lib))).toBe(true);
});
