import { expect, test } from '@playwright/test';
import { loadConfig, type Env } from '../../../src/relay/config.js';
import { problems } from './config-problems.js';

const DQE: Env = {
  DQE_LICENCE: 'LIC-secret-licence',
  DQE_CLIENT_SECRET: 'CS-secret-client',
  DQE_BASE_URL: 'https://api.dqe.example/idmobile',
  DQE_PARTNER_NAME: 'My Shop',
  ATTESTATION_SECRET: 'x'.repeat(40),
  RELAY_ALLOWED_ORIGINS: 'https://shop.example, https://www.shop.example',
};

test('empty environment: test mode with loopback origins and a generated secret', () => {
  const c = loadConfig({});
  expect(c.mode).toBe('test');
  expect(c.dqe).toBeNull();
  expect(c.port).toBe(8787);
  expect(c.allowedOrigins).toEqual([]); // the test mode's relay adds loopback on any port itself
  expect(c.requireSession).toBe(false);
  expect(c.limits).toEqual({
    client: { max: 30, windowMs: 60_000 },
    phoneClient: false,
    phoneReference: false,
    phoneCap: false,
  });
  expect(c.attestationSecretGenerated).toBe(true);
  expect(c.attestationSecret.length).toBeGreaterThanOrEqual(32);
  expect(loadConfig({}).attestationSecret).not.toBe(c.attestationSecret);
  expect(c.policy).toEqual({
    thresholds: { match: 0.9, partial: 0.6 },
    required: ['given_name', 'family_name'],
    disclose: 'bands',
  });
});

test('full DQE configuration', () => {
  const c = loadConfig({
    ...DQE,
    PORT: '9000',
    RELAY_REQUIRED_FIELDS: 'family_name address',
    RELAY_MATCH_THRESHOLD: '0.95',
    RELAY_PARTIAL_THRESHOLD: '0.5',
    RELAY_DISCLOSE: 'all',
    RELAY_RATE_LIMIT_MAX: '10',
    RELAY_RATE_LIMIT_WINDOW_SECONDS: '30',
    DQE_TIMEOUT_MS: '3000',
  });
  expect(c.mode).toBe('dqe');
  expect(c.port).toBe(9000);
  expect(c.dqe).toEqual({
    baseUrl: DQE.DQE_BASE_URL,
    licence: DQE.DQE_LICENCE,
    clientSecret: DQE.DQE_CLIENT_SECRET,
    partnerName: 'My Shop',
    timeoutMs: 3000,
    numberFormat: 'e164',
  });
  expect(c.allowedOrigins).toEqual(['https://shop.example', 'https://www.shop.example']);
  expect(c.attestationSecretGenerated).toBe(false);
  expect(c.policy).toEqual({
    thresholds: { match: 0.95, partial: 0.5 },
    required: ['family_name', 'address'],
    disclose: 'all',
  });
  expect(c.limits).toEqual({
    client: { windowMs: 30_000, max: 10 },
    phoneClient: { windowMs: 3_600_000, max: 5 },
    phoneReference: { windowMs: 3_600_000, max: 5 },
    phoneCap: { windowMs: 3_600_000, max: 30 },
  });
});

test('empty strings count as unset', () => {
  expect(loadConfig({ DQE_LICENCE: '', PORT: '' }).mode).toBe('test');
});

const bad: Array<[string, Env, RegExp]> = [
  ['missing DQE values', { DQE_LICENCE: 'L' }, /^DQE_CLIENT_SECRET: required/],
  ['short attestation secret', { ...DQE, ATTESTATION_SECRET: 'short' }, /^ATTESTATION_SECRET: must be at least 32/],
  ['http base URL', { ...DQE, DQE_BASE_URL: 'http://api.dqe.example/' }, /^DQE_BASE_URL: must use https/],
  ['not a URL', { ...DQE, DQE_BASE_URL: 'dqe' }, /^DQE_BASE_URL: must be an absolute URL/],
  ['bad port', { PORT: '99999' }, /^PORT: /],
  ['port not a number', { PORT: 'eighty' }, /^PORT: must be a whole number/],
  [
    'origin with a path',
    { RELAY_ALLOWED_ORIGINS: 'https://shop.example/checkout' },
    /^RELAY_ALLOWED_ORIGINS: .*origin only/,
  ],
  ['origin not a URL', { RELAY_ALLOWED_ORIGINS: 'shop.example' }, /^RELAY_ALLOWED_ORIGINS: /],
  [
    'unknown required field',
    { RELAY_REQUIRED_FIELDS: 'given_name nickname' },
    /^RELAY_REQUIRED_FIELDS: unknown field\(s\) "nickname"/,
  ],
  ['threshold out of range', { RELAY_MATCH_THRESHOLD: '2' }, /^RELAY_MATCH_THRESHOLD /],
  [
    'thresholds inverted',
    { RELAY_MATCH_THRESHOLD: '0.5', RELAY_PARTIAL_THRESHOLD: '0.8' },
    /RELAY_PARTIAL_THRESHOLD \(0\.8\) must not be above RELAY_MATCH_THRESHOLD/,
  ],
  ['secret without licence', { DQE_CLIENT_SECRET: 'x' }, /^DQE_LICENCE: missing while DQE_CLIENT_SECRET is set/],
  [
    'attestation secret equal to the client secret',
    { ...DQE, DQE_CLIENT_SECRET: 'y'.repeat(40), ATTESTATION_SECRET: 'y'.repeat(40) },
    /^ATTESTATION_SECRET: must differ/,
  ],
  ['trust proxy', { RELAY_TRUST_PROXY: 'yes' }, /^RELAY_TRUST_PROXY: /],
];
for (const [name, env, message] of bad) {
  test(`refused: ${name}`, () => {
    const p = problems(env);
    expect(p.some((line) => message.test(line))).toBe(true);
  });
}

test('every problem is reported at once, and no secret value appears', () => {
  const p = problems({
    DQE_LICENCE: 'LIC-do-not-print',
    PORT: '0',
    ATTESTATION_SECRET: 'tiny-secret-value',
    RELAY_ALLOWED_ORIGINS: 'ftp://x',
  });
  expect(p.length).toBeGreaterThanOrEqual(5);
  const all = p.join('\n');
  expect(all).not.toContain('LIC-do-not-print');
  expect(all).not.toContain('tiny-secret-value');
});

test.describe('modes (trust contract)', () => {
  test('a blank licence in production refuses to start: no silent test mode with the production secret', () => {
    const p = problems({ NODE_ENV: 'production', DQE_LICENCE: '', ATTESTATION_SECRET: 'z'.repeat(40) });
    expect(p.join('\n')).toMatch(/^RELAY_MODE: no upstream credentials .*NODE_ENV=production/m);
  });

  test('RELAY_MODE=test in production is explicit: allowed, with a warning (its attestations say "test")', () => {
    const c = loadConfig({ NODE_ENV: 'production', RELAY_MODE: 'test' });
    expect(c.mode).toBe('test');
    expect(c.warnings.join('\n')).toContain('mode "test"');
  });

  test('an unknown RELAY_MODE is a configuration error, never a fallback', () => {
    expect(problems({ RELAY_MODE: 'prod' })).toContain('RELAY_MODE: must be dqe, camara or test');
    expect(problems({ ...DQE, RELAY_MODE: 'DQE' })).toContain('RELAY_MODE: must be dqe, camara or test');
  });

  test('RELAY_MODE=dqe without credentials names what is missing', () => {
    const p = problems({ RELAY_MODE: 'dqe' });
    expect(p).toContain('DQE_LICENCE: required in dqe mode');
    expect(p.some((l) => l.startsWith('ATTESTATION_SECRET: required in dqe mode'))).toBe(true);
  });

  test('sessions: required by default on a real upstream, not in test mode; configurable', () => {
    expect(loadConfig(DQE).requireSession).toBe(true);
    expect(loadConfig({}).requireSession).toBe(false);
    expect(loadConfig({ ...DQE, RELAY_REQUIRE_SESSION: '0' }).requireSession).toBe(false);
    expect(loadConfig({ RELAY_REQUIRE_SESSION: 'true' }).requireSession).toBe(true);
    expect(loadConfig(DQE).warnings.join('\n')).toContain('RELAY_API_KEY is not set');
  });

  test('limits: per phone on by default on a real upstream, off in test mode; 0 turns one off', () => {
    const hour = 3_600_000;
    expect(loadConfig(DQE).limits).toEqual({
      client: { max: 30, windowMs: 60_000 },
      phoneClient: { max: 5, windowMs: hour },
      phoneReference: { max: 5, windowMs: hour },
      phoneCap: { max: 30, windowMs: hour },
    });
    expect(loadConfig({}).limits.phoneCap).toBe(false);
    expect(
      loadConfig({
        ...DQE,
        RELAY_PHONE_CLIENT_LIMIT: '0',
        RELAY_PHONE_REFERENCE_LIMIT: '0',
        RELAY_PHONE_CAP: '0',
        RELAY_RATE_LIMIT_MAX: '0',
      }).limits,
    ).toEqual({ client: false, phoneClient: false, phoneReference: false, phoneCap: false });
  });

  test('the server API key: at least 32 characters, not the attestation secret', () => {
    expect(problems({ RELAY_API_KEY: 'short' }).join('\n')).toMatch(/^RELAY_API_KEY: must be at least 32/m);
    expect(problems({ ...DQE, RELAY_API_KEY: DQE.ATTESTATION_SECRET }).join('\n')).toMatch(
      /RELAY_API_KEY: must differ/,
    );
    expect(loadConfig({ ...DQE, RELAY_API_KEY: 'k'.repeat(32) }).apiKey).toBe('k'.repeat(32));
  });

  test('origins: one parser for every list; operator origins https only', () => {
    const c = loadConfig({
      ...DQE,
      RELAY_ALLOWED_ORIGINS: 'HTTPS://Shop.Example:443 http://localhost:* http://dev.shop.lan:8080',
      RELAY_OPERATOR_ORIGINS: 'https://consent.orange.fr',
    });
    expect(c.allowedOrigins).toEqual(['https://shop.example', 'http://localhost:*', 'http://dev.shop.lan:8080']);
    expect(c.operatorOrigins).toEqual(['https://consent.orange.fr']);
    expect(problems({ RELAY_OPERATOR_ORIGINS: 'http://op.example' }).join('\n')).toMatch(/RELAY_OPERATOR_ORIGINS/);
    expect(problems({ RELAY_ALLOWED_ORIGINS: 'https://shop.example/' }).join('\n')).toMatch(/origin only/);
  });

  test('HOST, and a store: memory or Redis (more in test/node/scale/store-config.spec.ts)', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(problems({ HOST: 'a b' }).join('\n')).toMatch(/^HOST: /m);
    expect(loadConfig({ RELAY_MODE: 'test', RELAY_STORE_URL: 'redis://localhost:6379' }).store.kind).toBe('redis');
    expect(problems({ RELAY_STORE_URL: 'memcached://localhost:11211' }).join('\n')).toMatch(/^RELAY_STORE_URL: /m);
  });
});
