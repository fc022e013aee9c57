/** The upstream's configuration: RELAY_MODE, DQE_*, CAMARA_*, one clear message per problem. */
import { expect, test } from '@playwright/test';
import { ConfigError, loadConfig, type Env } from '../../../src/relay/config.js';
import { loadUpstreamConfig } from '../../../src/relay/upstreams/config.js';

const DQE: Env = {
  DQE_LICENCE: 'LIC-secret-licence',
  DQE_CLIENT_SECRET: 'CS-secret-client',
  DQE_BASE_URL: 'https://api.dqe.example/idmobile',
  DQE_PARTNER_NAME: 'My Shop',
};
const CAMARA: Env = {
  RELAY_MODE: 'camara',
  CAMARA_API_ROOT: 'https://api.operator.example',
  CAMARA_TOKEN_URL: 'https://auth.operator.example/token',
  CAMARA_AUTHORIZE_URL: 'https://auth.operator.example/bc-authorize',
  CAMARA_CLIENT_ID: 'app-1',
  CAMARA_CLIENT_SECRET: 'camara-secret-value',
};

const problems = (env: Env) => loadUpstreamConfig(env).problems;

test('DQE: defaults for the number format and the result scope', () => {
  const { config, problems: p } = loadUpstreamConfig(DQE);
  expect(p).toEqual([]);
  expect(config.mode).toBe('dqe');
  expect(config.dqe).toMatchObject({ numberFormat: 'e164', resultScope: 'matching_notp', timeoutMs: 6000 });
});

test('DQE: DQE_NUMBER_FORMAT and DQE_RESULT_SCOPE', () => {
  const { config } = loadUpstreamConfig({ ...DQE, DQE_NUMBER_FORMAT: 'national', DQE_RESULT_SCOPE: 'client_idmobile' });
  expect(config.dqe).toMatchObject({ numberFormat: 'national', resultScope: 'client_idmobile' });
});

test('CAMARA: CIBA by default; client_credentials needs no authorize URL', () => {
  const c = loadUpstreamConfig(CAMARA);
  expect(c.problems).toEqual([]);
  expect(c.config.camara).toMatchObject({ auth: 'ciba', authorizeUrl: CAMARA['CAMARA_AUTHORIZE_URL'] });
  const cc = loadUpstreamConfig({ ...CAMARA, CAMARA_AUTH: 'client_credentials', CAMARA_AUTHORIZE_URL: '' });
  expect(cc.problems).toEqual([]);
  expect(cc.config.camara?.auth).toBe('client_credentials');
});

test('CAMARA_CLIENT_ID alone selects camara', () => {
  expect(loadUpstreamConfig({ ...CAMARA, RELAY_MODE: undefined }).config.mode).toBe('camara');
});

const bad: Array<[string, Env, RegExp]> = [
  ['an unknown RELAY_MODE', { RELAY_MODE: 'prod' }, /^RELAY_MODE: must be dqe, camara or test/],
  ['RELAY_MODE in capitals', { RELAY_MODE: 'DQE' }, /^RELAY_MODE: must be dqe, camara or test/],
  ['both credentials without RELAY_MODE', { ...DQE, CAMARA_CLIENT_ID: 'x' }, /^RELAY_MODE: both/],
  ['RELAY_MODE=dqe without credentials', { RELAY_MODE: 'dqe' }, /^DQE_LICENCE: required in dqe mode/],
  ['a bad number format', { ...DQE, DQE_NUMBER_FORMAT: 'local' }, /^DQE_NUMBER_FORMAT: must be e164/],
  ['a bad result scope', { ...DQE, DQE_RESULT_SCOPE: 'a b' }, /^DQE_RESULT_SCOPE: /],
  ['a partner name too long', { ...DQE, DQE_PARTNER_NAME: 'x'.repeat(101) }, /^DQE_PARTNER_NAME: must be at most 100/],
  ['DQE timeout', { ...DQE, DQE_TIMEOUT_MS: '5' }, /^DQE_TIMEOUT_MS: /],
  ['camara without API root', { ...CAMARA, CAMARA_API_ROOT: '' }, /^CAMARA_API_ROOT: required in camara mode/],
  ['camara http API root', { ...CAMARA, CAMARA_API_ROOT: 'http://api.example' }, /^CAMARA_API_ROOT: must use https/],
  [
    'camara CIBA without authorize URL',
    { ...CAMARA, CAMARA_AUTHORIZE_URL: '' },
    /^CAMARA_AUTHORIZE_URL: required with CAMARA_AUTH=ciba/,
  ],
  ['camara bad auth', { ...CAMARA, CAMARA_AUTH: 'password' }, /^CAMARA_AUTH: must be ciba or client_credentials/],
  [
    'camara token URL with a query',
    { ...CAMARA, CAMARA_TOKEN_URL: 'https://a.example/t?x=1' },
    /^CAMARA_TOKEN_URL: must not contain/,
  ],
  ['camara secret without id', { CAMARA_CLIENT_SECRET: 's' }, /^CAMARA_CLIENT_ID: missing while CAMARA_CLIENT_SECRET/],
];
for (const [name, env, message] of bad) {
  test(`refused: ${name}`, () => expect(problems(env).some((l) => message.test(l))).toBe(true));
}

test('an unknown RELAY_MODE stops the relay (no silent test mode); no secret in any message', () => {
  let error: unknown;
  try {
    loadConfig({ RELAY_MODE: 'production', CAMARA_CLIENT_SECRET: 'camara-secret-value' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const all = (error as ConfigError).problems.join('\n');
  expect(all).toContain('RELAY_MODE');
  expect(all).not.toContain('camara-secret-value');
});

test('the relay configuration in camara mode: ATTESTATION_SECRET required and distinct from the client secret', () => {
  expect(() => loadConfig(CAMARA)).toThrow(/ATTESTATION_SECRET: required in camara mode/);
  expect(() =>
    loadConfig({
      ...CAMARA,
      ATTESTATION_SECRET: 'camara-secret-value'.padEnd(40, 'x'),
      CAMARA_CLIENT_SECRET: 'camara-secret-value'.padEnd(40, 'x'),
    }),
  ).toThrow(/must differ from CAMARA_CLIENT_SECRET/);
  const c = loadConfig({ ...CAMARA, ATTESTATION_SECRET: 'y'.repeat(40) });
  expect(c.mode).toBe('camara');
  expect(c.camara?.apiRoot).toBe(CAMARA['CAMARA_API_ROOT']);
  expect(c.dqe).toBeNull();
});

test('RELAY_MODE=test with credentials set runs the test mode', () => {
  expect(loadUpstreamConfig({ ...DQE, RELAY_MODE: 'test' }).config.mode).toBe('test');
});
