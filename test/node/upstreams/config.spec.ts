/** The upstream's configuration: RELAY_MODE, DQE_*, CAMARA_*, one clear message per problem. */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ConfigError, loadConfig, type Env } from '../../../src/relay/config.js';
import { loadUpstreamConfig, UPSTREAM_ENV_VARIABLES } from '../../../src/relay/upstreams/config.js';

const DQE: Env = {
  DQE_LICENCE: 'LIC-secret-licence',
  DQE_CLIENT_SECRET: 'CS-secret-client',
  DQE_BASE_URL: 'https://api.dqe.example/idmobile',
  DQE_PARTNER_NAME: 'My Shop',
};
/** v2's CAMARA environment (HTTP Basic, every endpoint set, CAMARA_AUTHORIZE_URL): still accepted. */
const CAMARA: Env = {
  RELAY_MODE: 'camara',
  CAMARA_API_ROOT: 'https://api.operator.example',
  CAMARA_TOKEN_URL: 'https://auth.operator.example/token',
  CAMARA_AUTHORIZE_URL: 'https://auth.operator.example/bc-authorize',
  CAMARA_CLIENT_ID: 'app-1',
  CAMARA_CLIENT_SECRET: 'camara-secret-value',
};
const KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const KEY_BODY = KEY_PEM.split('\n')[1]!;
/** An operator directly, as the profile has it: discovery, private_key_jwt. */
const OPERATOR: Env = {
  RELAY_MODE: 'camara',
  CAMARA_ISSUER: 'https://auth.operator.example',
  CAMARA_API_ROOT: 'https://api.operator.example',
  CAMARA_CLIENT_ID: 'app-1',
  CAMARA_PRIVATE_KEY: KEY_PEM,
};
/** An aggregator: HTTP Basic, every URL set. */
const AGGREGATOR: Env = {
  RELAY_MODE: 'camara',
  CAMARA_MATCH_URL: 'https://api.aggregator.example/fr/kyc-match/v0.3/match',
  CAMARA_TOKEN_URL: 'https://api.aggregator.example/oauth2/token',
  CAMARA_BC_AUTHORIZE_URL: 'https://api.aggregator.example/oauth2/bc-authorize',
  CAMARA_CLIENT_AUTH: 'client_secret_basic',
  CAMARA_CLIENT_ID: 'app-2',
  CAMARA_CLIENT_SECRET: 'aggregator-secret-value',
  CAMARA_SCOPE: 'dpv:FraudPreventionAndDetection#kyc-match:match openid',
};

const problems = (env: Env) => loadUpstreamConfig(env).problems;

test('DQE: defaults for the number format and the result scope', () => {
  const { config, problems: p } = loadUpstreamConfig(DQE);
  expect(p).toEqual([]);
  expect(config.mode).toBe('dqe');
  expect(config.dqe).toMatchObject({ numberFormat: 'e164', timeoutMs: 6000 });
  // unset: the client tries matching_notp, then client_idmobile once after a 04 (test/node/upstreams/dqe/result-scope.spec.ts)
  expect(config.dqe?.resultScope).toBeUndefined();
});

test('DQE: DQE_NUMBER_FORMAT and DQE_RESULT_SCOPE', () => {
  const { config } = loadUpstreamConfig({ ...DQE, DQE_NUMBER_FORMAT: 'national', DQE_RESULT_SCOPE: 'client_idmobile' });
  expect(config.dqe).toMatchObject({ numberFormat: 'national', resultScope: 'client_idmobile' });
});

test('CAMARA, v2 environment: CIBA, HTTP Basic, the v0.4 match path; warnings for the v2 name and Basic', () => {
  const c = loadUpstreamConfig(CAMARA);
  expect(c.problems).toEqual([]);
  expect(c.config.camara).toEqual({
    matchUrl: 'https://api.operator.example/kyc-match/v0.4/match',
    apiRoot: 'https://api.operator.example',
    simSwapUrl: 'https://api.operator.example/sim-swap/v2/check',
    scope: 'openid dpv:FraudPreventionAndDetection kyc-match:match',
    issuer: null,
    tokenUrl: 'https://auth.operator.example/token',
    bcAuthorizeUrl: 'https://auth.operator.example/bc-authorize',
    authorizationUrl: null,
    clientId: 'app-1',
    clientSecret: 'camara-secret-value',
    clientAuth: 'client_secret_basic',
    privateKey: null,
    keyId: null,
    signingAlg: 'RS256',
    flows: ['ciba'],
    operatorName: null,
    timeoutMs: 6000,
  });
  expect(c.warnings).toEqual([
    expect.stringMatching(/^CAMARA_AUTHORIZE_URL is deprecated: it is read as CAMARA_BC_AUTHORIZE_URL/),
    expect.stringMatching(/^CAMARA_CLIENT_AUTH: client_secret_basic .*the CAMARA profile requires private_key_jwt/),
  ]);
});

test('CAMARA, an operator directly: discovery from CAMARA_ISSUER, private_key_jwt by default, no warning', () => {
  const c = loadUpstreamConfig(OPERATOR);
  expect(c.problems).toEqual([]);
  expect(c.warnings).toEqual([]);
  expect(c.config.camara).toMatchObject({
    issuer: 'https://auth.operator.example',
    tokenUrl: null,
    bcAuthorizeUrl: null,
    authorizationUrl: null,
    clientAuth: 'private_key_jwt',
    privateKey: KEY_PEM.trim(),
    clientSecret: null,
    flows: ['ciba'],
  });
  const code = loadUpstreamConfig({
    ...OPERATOR,
    CAMARA_AUTH: 'authorization_code ciba',
    CAMARA_SIGNING_ALG: 'PS256',
    CAMARA_KEY_ID: 'relay-2026',
    CAMARA_OPERATOR_NAME: 'Orange',
  });
  expect(code.problems).toEqual([]);
  expect(code.config.camara).toMatchObject({
    flows: ['authorization_code', 'ciba'],
    signingAlg: 'PS256',
    keyId: 'relay-2026',
    operatorName: 'Orange',
  });
});

test('CAMARA, through an aggregator: every URL set, HTTP Basic asked for, another version and scope', () => {
  const c = loadUpstreamConfig(AGGREGATOR);
  expect(c.problems).toEqual([]);
  expect(c.warnings).toEqual([]);
  expect(c.config.camara).toMatchObject({
    matchUrl: 'https://api.aggregator.example/fr/kyc-match/v0.3/match',
    apiRoot: null,
    clientAuth: 'client_secret_basic',
    scope: 'dpv:FraudPreventionAndDetection#kyc-match:match openid',
  });
});

test('CAMARA_AUTH: each flow, and authorization_code then CIBA', () => {
  const flows = (v: string) =>
    loadUpstreamConfig({ ...AGGREGATOR, CAMARA_AUTH: v, CAMARA_AUTHORIZATION_URL: 'https://a.example/authorize' });
  expect(flows('ciba').config.camara?.flows).toEqual(['ciba']);
  expect(flows(' authorization_code ').config.camara?.flows).toEqual(['authorization_code']);
  expect(flows('authorization_code  ciba').config.camara?.flows).toEqual(['authorization_code', 'ciba']);
  const cc = flows('client_credentials');
  expect(cc.problems).toEqual([]);
  expect(cc.config.camara).toMatchObject({ flows: ['client_credentials'] });
  expect(cc.warnings).toEqual([
    expect.stringMatching(/^CAMARA_AUTH=client_credentials: .*reserves for APIs that process no personal data/),
  ]);
  // client_credentials needs no CIBA endpoint
  expect(
    loadUpstreamConfig({ ...AGGREGATOR, CAMARA_AUTH: 'client_credentials', CAMARA_BC_AUTHORIZE_URL: '' }).problems,
  ).toEqual([]);
});

test('CAMARA_BC_AUTHORIZE_URL wins; the v2 name with the same URL is only a warning', () => {
  const both = loadUpstreamConfig({ ...AGGREGATOR, CAMARA_AUTHORIZE_URL: AGGREGATOR['CAMARA_BC_AUTHORIZE_URL'] });
  expect(both.problems).toEqual([]);
  expect(both.warnings.some((w) => w.startsWith('CAMARA_AUTHORIZE_URL is deprecated'))).toBe(true);
});

test('CAMARA_SCOPE without openid: a warning with CIBA, none with client_credentials', () => {
  const w = (env: Env) => loadUpstreamConfig({ ...AGGREGATOR, CAMARA_SCOPE: 'kyc-match:match', ...env }).warnings;
  expect(w({}).some((l) => l.startsWith('CAMARA_SCOPE has no "openid"'))).toBe(true);
  expect(w({ CAMARA_AUTH: 'client_credentials' }).some((l) => l.startsWith('CAMARA_SCOPE'))).toBe(false);
});

test('every CAMARA_ and DQE_ variable config.ts reads is listed in UPSTREAM_ENV_VARIABLES', () => {
  const source = readFileSync(new URL('../../../src/relay/upstreams/config.ts', import.meta.url), 'utf8');
  const read = new Set(source.match(/'(?:CAMARA|DQE)_[A-Z_]+'/g)?.map((n) => n.slice(1, -1)));
  for (const name of read) expect(UPSTREAM_ENV_VARIABLES, name).toContain(name);
  expect(read.size).toBeGreaterThan(20);
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
  [
    'camara without API root',
    { ...CAMARA, CAMARA_API_ROOT: '' },
    /^CAMARA_API_ROOT: required in camara mode \(or CAMARA_MATCH_URL/,
  ],
  ['camara http API root', { ...CAMARA, CAMARA_API_ROOT: 'http://api.example' }, /^CAMARA_API_ROOT: must use https/],
  [
    'camara http match URL',
    { ...AGGREGATOR, CAMARA_MATCH_URL: 'http://api.example/m' },
    /^CAMARA_MATCH_URL: must use https/,
  ],
  [
    'camara issuer with a query',
    { ...OPERATOR, CAMARA_ISSUER: 'https://a.example/?x=1' },
    /^CAMARA_ISSUER: must not contain/,
  ],
  [
    'camara without token URL nor issuer',
    { ...CAMARA, CAMARA_TOKEN_URL: '' },
    /^CAMARA_TOKEN_URL: required in camara mode unless CAMARA_ISSUER is set/,
  ],
  [
    'camara CIBA without bc-authorize URL nor issuer',
    { ...CAMARA, CAMARA_AUTHORIZE_URL: '' },
    /^CAMARA_BC_AUTHORIZE_URL: required with CAMARA_AUTH=ciba unless CAMARA_ISSUER is set/,
  ],
  [
    'camara authorization code without authorization URL nor issuer',
    { ...AGGREGATOR, CAMARA_AUTH: 'authorization_code' },
    /^CAMARA_AUTHORIZATION_URL: required with CAMARA_AUTH=authorization_code unless CAMARA_ISSUER is set/,
  ],
  [
    'camara both CIBA URL names, different',
    { ...AGGREGATOR, CAMARA_AUTHORIZE_URL: 'https://other.example/bc' },
    /^CAMARA_AUTHORIZE_URL: set together with CAMARA_BC_AUTHORIZE_URL to another URL/,
  ],
  [
    'camara bad CIBA URL',
    { ...AGGREGATOR, CAMARA_BC_AUTHORIZE_URL: 'ftp://a.example' },
    /^CAMARA_BC_AUTHORIZE_URL: must use https/,
  ],
  [
    'camara bad auth',
    { ...CAMARA, CAMARA_AUTH: 'password' },
    /^CAMARA_AUTH: must be ciba, authorization_code, client_credentials, or "authorization_code ciba"/,
  ],
  ['camara auth in capitals', { ...CAMARA, CAMARA_AUTH: 'CIBA' }, /^CAMARA_AUTH: must be/],
  ['camara ciba then code', { ...CAMARA, CAMARA_AUTH: 'ciba authorization_code' }, /^CAMARA_AUTH: must be/],
  ['camara a flow twice', { ...CAMARA, CAMARA_AUTH: 'ciba ciba' }, /^CAMARA_AUTH: must be/],
  [
    'camara bad client auth',
    { ...CAMARA, CAMARA_CLIENT_AUTH: 'client_secret_post' },
    /^CAMARA_CLIENT_AUTH: must be private_key_jwt or client_secret_basic/,
  ],
  [
    'camara private_key_jwt without a key',
    { ...CAMARA, CAMARA_CLIENT_AUTH: 'private_key_jwt' },
    /^CAMARA_PRIVATE_KEY: required with CAMARA_CLIENT_AUTH=private_key_jwt/,
  ],
  [
    'camara client_secret_basic without a secret',
    { ...OPERATOR, CAMARA_CLIENT_AUTH: 'client_secret_basic' },
    /^CAMARA_CLIENT_SECRET: required with CAMARA_CLIENT_AUTH=client_secret_basic/,
  ],
  [
    'camara Basic by default without a secret',
    { ...CAMARA, CAMARA_CLIENT_SECRET: '' },
    /^CAMARA_CLIENT_SECRET: required/,
  ],
  [
    'camara a key that is no key',
    { ...OPERATOR, CAMARA_PRIVATE_KEY: 'hunter2' },
    /^CAMARA_PRIVATE_KEY: must be a PEM PKCS#8 private key/,
  ],
  [
    'camara a PKCS#1 key',
    { ...OPERATOR, CAMARA_PRIVATE_KEY: KEY_PEM.replaceAll('PRIVATE KEY', 'RSA PRIVATE KEY') },
    /^CAMARA_PRIVATE_KEY: is a PEM "RSA PRIVATE KEY" \(PKCS#1\/SEC1\): convert it to PKCS#8/,
  ],
  [
    'camara bad signing alg',
    { ...OPERATOR, CAMARA_SIGNING_ALG: 'HS256' },
    /^CAMARA_SIGNING_ALG: must be RS256, PS256, ES256/,
  ],
  ['camara bad key id', { ...OPERATOR, CAMARA_KEY_ID: 'a b' }, /^CAMARA_KEY_ID: must be 1 to 128 printable ASCII/],
  [
    'camara bad scope',
    { ...AGGREGATOR, CAMARA_SCOPE: 'openid "x"' },
    /^CAMARA_SCOPE: must be space-separated scope values/,
  ],
  [
    'camara operator name too long',
    { ...OPERATOR, CAMARA_OPERATOR_NAME: 'x'.repeat(61) },
    /^CAMARA_OPERATOR_NAME: must be at most 60/,
  ],
  ['camara operator name with a line break', { ...OPERATOR, CAMARA_OPERATOR_NAME: 'a\nb' }, /^CAMARA_OPERATOR_NAME: /],
  [
    'camara token URL with a query',
    { ...CAMARA, CAMARA_TOKEN_URL: 'https://a.example/t?x=1' },
    /^CAMARA_TOKEN_URL: must not contain/,
  ],
  [
    'camara key without id',
    { CAMARA_PRIVATE_KEY: KEY_PEM },
    /^CAMARA_CLIENT_ID: missing while CAMARA_PRIVATE_KEY is set/,
  ],
  [
    'camara issuer without id',
    { CAMARA_ISSUER: 'https://a.example' },
    /^CAMARA_CLIENT_ID: missing while CAMARA_ISSUER is set/,
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

test('no secret, key or part of a key in any CAMARA problem or warning', () => {
  const envs: Env[] = [
    { ...OPERATOR, CAMARA_SIGNING_ALG: 'none', CAMARA_CLIENT_SECRET: 'camara-secret-value', CAMARA_AUTH: 'x' },
    { ...OPERATOR, CAMARA_PRIVATE_KEY: KEY_PEM.replaceAll('PRIVATE KEY', 'ENCRYPTED PRIVATE KEY') },
    { ...OPERATOR, CAMARA_PRIVATE_KEY: KEY_PEM.replace('-----END', '!-----END') },
    { ...OPERATOR, CAMARA_PRIVATE_KEY: `{"kty":"RSA","d":"${KEY_BODY}"}` },
    { ...CAMARA, CAMARA_CLIENT_AUTH: 'nope', CAMARA_TOKEN_URL: 'ftp://camara-secret-value' },
  ];
  for (const env of envs) {
    const { problems: p, warnings } = loadUpstreamConfig(env);
    expect(p.length).toBeGreaterThan(0);
    const all = [...p, ...warnings].join('\n');
    expect(all).not.toContain('camara-secret-value');
    expect(all).not.toContain(KEY_BODY);
    expect(all).not.toContain(KEY_BODY.slice(0, 20));
  }
});

test('RELAY_MODE=test with credentials set runs the test mode', () => {
  expect(loadUpstreamConfig({ ...DQE, RELAY_MODE: 'test' }).config.mode).toBe('test');
});
