/** `RELAY_STORE_URL` and `RELAY_STORE_PREFIX`: accepted values, refused ones with a clear message, no password echoed. */
import { expect, test } from '@playwright/test';
import { loadConfig, type Env } from '../../../src/relay/config.js';
import { problems as problemsOf } from '../relay/config-problems.js';

/** An explicit test mode: a Redis store is part of a real deployment, which no longer falls back to it. */
const TEST: Env = { RELAY_MODE: 'test' };

const problems = (env: Env): string[] => problemsOf({ ...TEST, ...env });

const accepted: Array<[string | undefined, unknown]> = [
  [undefined, { kind: 'memory' }],
  ['', { kind: 'memory' }],
  ['memory:', { kind: 'memory' }],
  ['redis://127.0.0.1:6379', { kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'idmobile:' }],
  ['redis://localhost', { kind: 'redis', url: 'redis://localhost', prefix: 'idmobile:' }],
  ['redis://:pw@localhost:6379/2', { kind: 'redis', url: 'redis://:pw@localhost:6379/2', prefix: 'idmobile:' }],
  [
    'rediss://user:pw@cache.internal:6380',
    { kind: 'redis', url: 'rediss://user:pw@cache.internal:6380', prefix: 'idmobile:' },
  ],
];

for (const [value, store] of accepted) {
  test(`RELAY_STORE_URL=${JSON.stringify(value)} is accepted`, () => {
    expect(loadConfig({ ...TEST, RELAY_STORE_URL: value }).store).toEqual(store);
  });
}

const refused: Array<[string, RegExp]> = [
  ['redis', /must be memory: or a Redis URL such as redis:\/\/localhost:6379/],
  ['http://localhost:6379', /must be memory: or a Redis URL/],
  ['memory', /must be memory: or a Redis URL/],
  ['redis://', /has no host/],
  ['redis://localhost:6379?password=s3cr3t-value', /must not have a query/],
  ['redis://localhost:6379/zero', /database number/],
  ['redis://localhost:99999', /must be memory: or a Redis URL/],
];

for (const [value, message] of refused) {
  test(`RELAY_STORE_URL=${JSON.stringify(value)} is refused with a clear message`, () => {
    const p = problems({ RELAY_STORE_URL: value });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^RELAY_STORE_URL: /);
    expect(p[0]).toMatch(message);
  });
}

test('a refused URL is never echoed (it may carry a password)', () => {
  const p = problems({ RELAY_STORE_URL: 'redis://:hunter2pw@localhost:6379/x?y' });
  expect(p.join('\n')).not.toContain('hunter2pw');
});

test('plain redis:// to a remote host is allowed with a warning; loopback and rediss:// without', () => {
  expect(loadConfig({ ...TEST, RELAY_STORE_URL: 'redis://cache.internal:6379' }).warnings.join('\n')).toMatch(
    /plain redis:\/\/ to a remote host/,
  );
  expect(loadConfig({ ...TEST, RELAY_STORE_URL: 'redis://127.0.0.1:6379' }).warnings.join('\n')).not.toMatch(/redis/);
  expect(loadConfig({ ...TEST, RELAY_STORE_URL: 'rediss://cache.internal:6379' }).warnings.join('\n')).not.toMatch(
    /redis/,
  );
});

test('RELAY_STORE_PREFIX sets the key prefix; a bad one is refused', () => {
  expect(loadConfig({ ...TEST, RELAY_STORE_URL: 'redis://localhost', RELAY_STORE_PREFIX: 'shop-a:' }).store).toEqual({
    kind: 'redis',
    url: 'redis://localhost',
    prefix: 'shop-a:',
  });
  expect(problems({ RELAY_STORE_PREFIX: 'has space' })[0]).toMatch(/^RELAY_STORE_PREFIX: must be 1 to 64/);
});
