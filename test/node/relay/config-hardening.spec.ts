/**
 * Issue 19, configuration: the implicit fallback to test mode refused when anything of a real deployment is
 * configured (exit 1 from the entry, clear message; `RELAY_MODE=test` explicit then works and prints the
 * banner), and the v3 settings parsed and validated (issuer, public URL, per-phone limits, consent binding,
 * connection cap, client address header, CIBA prompts).
 */
import { expect, test } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { loadConfig, type Env } from '../../../src/relay/config.js';
import { problems } from './config-problems.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SECRET = 's'.repeat(40);
const KEY = 'k'.repeat(40);
const HOUR = 3_600_000;
const DQE: Env = {
  DQE_LICENCE: 'LIC-secret-licence',
  DQE_CLIENT_SECRET: 'CS-secret-client',
  DQE_BASE_URL: 'https://api.dqe.example/idmobile',
  DQE_PARTNER_NAME: 'My Shop',
  ATTESTATION_SECRET: SECRET,
  RELAY_ALLOWED_ORIGINS: 'https://shop.example',
};

test.describe('modes: no implicit test mode for a real deployment', () => {
  const deployments: Array<[string, Env]> = [
    ['ATTESTATION_SECRET', { ATTESTATION_SECRET: SECRET }],
    ['RELAY_API_KEY', { RELAY_API_KEY: KEY }],
    ['RELAY_STORE_URL', { RELAY_STORE_URL: 'redis://127.0.0.1:6379' }],
    ['RELAY_ALLOWED_ORIGINS', { RELAY_ALLOWED_ORIGINS: 'http://localhost:5173 https://shop.example' }],
    ['RELAY_ALLOWED_ORIGINS', { RELAY_ALLOWED_ORIGINS: 'https://shop.example:*' }],
  ];
  for (const [name, env] of deployments) {
    test(`${name} (${Object.values(env).join(' ')}) without credentials nor RELAY_MODE: refused`, () => {
      for (const nodeEnv of [undefined, 'development', 'staging', 'Production']) {
        const p = problems({ ...env, ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) }).join('\n');
        expect(p).toMatch(/^RELAY_MODE: no upstream credentials/m);
        expect(p).toContain(name);
        expect(p).toContain('set RELAY_MODE=test explicitly');
      }
      // explicit: the test mode, as asked
      expect(loadConfig({ ...env, RELAY_MODE: 'test' }).mode).toBe('test');
    });
  }

  test('nothing of a deployment (loopback origins, memory store): the test mode as before', () => {
    const c = loadConfig({
      RELAY_ALLOWED_ORIGINS: 'http://localhost:5173 http://127.0.0.1:* http://[::1]:8080',
      RELAY_STORE_URL: 'memory:',
    });
    expect(c.mode).toBe('test');
  });

  const entry = (env: Env) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/relay/node.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        PORT: '0',
        HOST: '127.0.0.1',
        ...env,
      },
      encoding: 'utf8',
      timeout: 20_000,
    });

  test('the Node entry exits 1 with the message; RELAY_MODE=test starts and prints the banner', () => {
    const refused = entry({ ATTESTATION_SECRET: SECRET, RELAY_API_KEY: KEY });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('the configuration is invalid, not starting');
    expect(refused.stderr).toContain('RELAY_MODE=test explicitly');
    expect(refused.stderr).not.toContain(SECRET);
  });

  test('RELAY_MODE=test said explicitly: the relay starts and prints its test-mode banner', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/relay/node.ts'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'], PORT: '0', HOST: '127.0.0.1', ATTESTATION_SECRET: SECRET, RELAY_MODE: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    try {
      const until = Date.now() + 20_000;
      while (!out.includes('"event":"listening"') && Date.now() < until && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).toContain('"mode":"test"');
      expect(err).toContain('TEST MODE');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

test.describe('v3 settings', () => {
  test('RELAY_PUBLIC_URL: absolute http(s), no query, fragment or credentials; test mode default', () => {
    expect(loadConfig({ ...DQE, RELAY_PUBLIC_URL: 'https://relay.shop.example/idm/' }).publicUrl).toBe(
      'https://relay.shop.example/idm',
    );
    expect(loadConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(loadConfig(DQE).publicUrl).toBeNull();
    for (const bad of [
      'relay.shop.example',
      'ftp://relay.example',
      'https://relay.example/?a=1',
      'https://u:p@relay.example',
    ]) {
      expect(problems({ ...DQE, RELAY_PUBLIC_URL: bad }).join('\n')).toMatch(/^RELAY_PUBLIC_URL: /m);
    }
  });

  test('RELAY_ISSUER: set; else the public URL origin; else idmobile-relay with a warning outside test mode', () => {
    expect(loadConfig({ ...DQE, RELAY_ISSUER: 'shop-relay-1' }).issuer).toBe('shop-relay-1');
    const fromUrl = loadConfig({ ...DQE, RELAY_PUBLIC_URL: 'https://relay.shop.example/idm' });
    expect(fromUrl.issuer).toBe('https://relay.shop.example');
    expect(fromUrl.warnings.join('\n')).not.toContain('RELAY_ISSUER');
    const plain = loadConfig(DQE);
    expect(plain.issuer).toBe('idmobile-relay');
    expect(plain.warnings.join('\n')).toMatch(/RELAY_ISSUER: not set/);
    expect(loadConfig({}).warnings.join('\n')).not.toContain('RELAY_ISSUER');
    expect(problems({ ...DQE, RELAY_ISSUER: 'two words' }).join('\n')).toMatch(/^RELAY_ISSUER: /m);
  });

  test('per-phone limits: 5, 5, 30 per hour by default, off in test mode unless set', () => {
    const set = loadConfig({
      ...DQE,
      RELAY_PHONE_CLIENT_LIMIT: '2',
      RELAY_PHONE_REFERENCE_LIMIT: '3',
      RELAY_PHONE_CAP: '12',
    }).limits;
    expect(set).toMatchObject({
      phoneClient: { max: 2, windowMs: HOUR },
      phoneReference: { max: 3, windowMs: HOUR },
      phoneCap: { max: 12, windowMs: HOUR },
    });
    expect(loadConfig({ RELAY_PHONE_CAP: '7' }).limits).toMatchObject({
      phoneClient: false,
      phoneReference: false,
      phoneCap: { max: 7, windowMs: HOUR },
    });
    expect(problems({ ...DQE, RELAY_PHONE_CLIENT_LIMIT: 'five' }).join('\n')).toMatch(/^RELAY_PHONE_CLIENT_LIMIT: /m);
  });

  test('the v2 per-phone setting is read as RELAY_PHONE_CAP, with a deprecation warning', () => {
    const c = loadConfig({ ...DQE, RELAY_PHONE_LIMIT_MAX: '20' });
    expect(c.limits.phoneCap).toEqual({ max: 20, windowMs: HOUR });
    expect(c.warnings.join('\n')).toMatch(/RELAY_PHONE_LIMIT_MAX is deprecated: it is read as RELAY_PHONE_CAP/);
    expect(problems({ ...DQE, RELAY_PHONE_LIMIT_MAX: '20', RELAY_PHONE_CAP: '30' }).join('\n')).toMatch(
      /^RELAY_PHONE_LIMIT_MAX: deprecated and set together with RELAY_PHONE_CAP/m,
    );
  });

  test('DQE_CONSENT_BINDING: code_name by default, off with a warning, nothing else', () => {
    expect(loadConfig(DQE).consentBinding).toBe('code_name');
    const off = loadConfig({ ...DQE, DQE_CONSENT_BINDING: 'off' });
    expect(off.consentBinding).toBe('off');
    expect(off.warnings.join('\n')).toMatch(/DQE_CONSENT_BINDING=off/);
    expect(problems({ ...DQE, DQE_CONSENT_BINDING: 'nonce' })).toContain(
      'DQE_CONSENT_BINDING: must be code_name or off',
    );
  });

  test('connections per address: 32 by default, configurable', () => {
    expect(loadConfig(DQE).maxConnectionsPerAddress).toBe(32);
    expect(loadConfig({ ...DQE, RELAY_MAX_CONNECTIONS_PER_ADDRESS: '4' }).maxConnectionsPerAddress).toBe(4);
    expect(problems({ ...DQE, RELAY_MAX_CONNECTIONS_PER_ADDRESS: '0' }).join('\n')).toMatch(
      /^RELAY_MAX_CONNECTIONS_PER_ADDRESS: must be at least 1/m,
    );
  });

  test('RELAY_CLIENT_IP_HEADER: a header name, lower-cased; with RELAY_TRUST_PROXY a start error', () => {
    expect(loadConfig({ ...DQE, RELAY_CLIENT_IP_HEADER: 'Fly-Client-IP' }).clientIpHeader).toBe('fly-client-ip');
    expect(loadConfig(DQE).clientIpHeader).toBeNull();
    expect(problems({ ...DQE, RELAY_CLIENT_IP_HEADER: 'X Real IP' }).join('\n')).toMatch(/^RELAY_CLIENT_IP_HEADER: /m);
    expect(problems({ ...DQE, RELAY_CLIENT_IP_HEADER: 'X-Real-IP', RELAY_TRUST_PROXY: '1' }).join('\n')).toMatch(
      /^RELAY_CLIENT_IP_HEADER: set together with RELAY_TRUST_PROXY/m,
    );
  });

  test('CAMARA_CIBA_PROMPTS_PER_HOUR: 3 per hour and 10 per day by default, 0 off, off in test mode', () => {
    expect(loadConfig(DQE).cibaPrompts).toEqual({ perHour: 3, perDay: 10 });
    expect(loadConfig({ ...DQE, CAMARA_CIBA_PROMPTS_PER_HOUR: '0' }).cibaPrompts).toBe(false);
    expect(loadConfig({ ...DQE, CAMARA_CIBA_PROMPTS_PER_HOUR: '12' }).cibaPrompts).toEqual({ perHour: 12, perDay: 12 });
    expect(loadConfig({}).cibaPrompts).toBe(false);
  });

  test('outside test mode without RELAY_OPERATOR_ORIGINS: a warning naming the setting', () => {
    expect(loadConfig(DQE).warnings.join('\n')).toMatch(/RELAY_OPERATOR_ORIGINS is not set/);
    expect(
      loadConfig({ ...DQE, RELAY_OPERATOR_ORIGINS: 'https://consent.op.example' }).warnings.join('\n'),
    ).not.toMatch(/RELAY_OPERATOR_ORIGINS/);
    expect(loadConfig({}).warnings.join('\n')).not.toMatch(/RELAY_OPERATOR_ORIGINS/);
  });
});
