/**
 * `RELAY_SIGNALS` and `RELAY_SIM_SWAP_MAX_AGE_HOURS` (and CAMARA's `CAMARA_SIM_SWAP_URL`): read at start, every bad
 * value a clear problem naming its variable, never a crash.
 */
import { expect, test } from '@playwright/test';
import { loadConfig, type Env } from '../../../../src/relay/config.js';
import { parseSignalSettings } from '../../../../src/relay/signals/settings.js';
import { problems } from '../config-problems.js';

const CAMARA: Env = {
  RELAY_MODE: 'camara',
  CAMARA_API_ROOT: 'https://api.operator.example/',
  CAMARA_TOKEN_URL: 'https://auth.operator.example/token',
  CAMARA_BC_AUTHORIZE_URL: 'https://auth.operator.example/bc-authorize',
  CAMARA_CLIENT_ID: 'app-1',
  CAMARA_CLIENT_SECRET: 'camara-secret-value',
  ATTESTATION_SECRET: 'x'.repeat(40),
};

const GOOD: Array<[string, string | undefined, string | undefined, { maxAgeHours: number } | null]> = [
  ['unset: no signal (each is a paid call)', undefined, undefined, null],
  ['blank', '  ', undefined, null],
  ['sim_swap: seven days by default', 'sim_swap', undefined, { maxAgeHours: 168 }],
  ['sim_swap with a window', ' sim_swap ', '48', { maxAgeHours: 48 }],
  ['the window alone asks nothing', undefined, '24', null],
  ['the bounds', 'sim_swap', '2400', { maxAgeHours: 2400 }],
  ['one hour', 'sim_swap', '1', { maxAgeHours: 1 }],
];
for (const [name, signals, hours, simSwap] of GOOD) {
  test(`settings: ${name}`, () => {
    expect(parseSignalSettings(signals, hours)).toEqual({ settings: { simSwap }, problems: [] });
    const env: Env = { RELAY_SIGNALS: signals, RELAY_SIM_SWAP_MAX_AGE_HOURS: hours };
    expect(loadConfig(env).signals).toEqual({ simSwap });
  });
}

const BAD: Array<[string, Env, RegExp]> = [
  [
    'an unknown signal',
    { RELAY_SIGNALS: 'sim_swap device_swap' },
    /^RELAY_SIGNALS: unknown signal "device_swap"; the relay knows sim_swap$/,
  ],
  [
    'a window of 0',
    { RELAY_SIGNALS: 'sim_swap', RELAY_SIM_SWAP_MAX_AGE_HOURS: '0' },
    /^RELAY_SIM_SWAP_MAX_AGE_HOURS: must be a whole number of hours between 1 and 2400/,
  ],
  ['a window past 2400', { RELAY_SIM_SWAP_MAX_AGE_HOURS: '2401' }, /^RELAY_SIM_SWAP_MAX_AGE_HOURS: .*1 and 2400/],
  ['a window in days', { RELAY_SIM_SWAP_MAX_AGE_HOURS: '7d' }, /^RELAY_SIM_SWAP_MAX_AGE_HOURS: /],
  ['a fractional window', { RELAY_SIM_SWAP_MAX_AGE_HOURS: '1.5' }, /^RELAY_SIM_SWAP_MAX_AGE_HOURS: /],
  ['a huge number', { RELAY_SIM_SWAP_MAX_AGE_HOURS: '9'.repeat(400) }, /^RELAY_SIM_SWAP_MAX_AGE_HOURS: /],
];
for (const [name, env, expected] of BAD) {
  test(`refused at start: ${name}`, () => {
    const found = problems(env);
    expect(
      found.some((p) => expected.test(p)),
      found.join('\n'),
    ).toBe(true);
  });
}

test('CAMARA: SimSwap check at {CAMARA_API_ROOT}/sim-swap/v2/check by default, or CAMARA_SIM_SWAP_URL', () => {
  expect(loadConfig({ ...CAMARA, RELAY_SIGNALS: 'sim_swap' }).camara?.simSwapUrl).toBe(
    'https://api.operator.example/sim-swap/v2/check',
  );
  const explicit = 'https://api.operator.example/sim-swap/v1/check';
  expect(loadConfig({ ...CAMARA, RELAY_SIGNALS: 'sim_swap', CAMARA_SIM_SWAP_URL: explicit }).camara?.simSwapUrl).toBe(
    explicit,
  );
});

test('CAMARA: sim_swap without an API root nor CAMARA_SIM_SWAP_URL is refused, naming the setting', () => {
  const env: Env = {
    ...CAMARA,
    CAMARA_API_ROOT: undefined,
    CAMARA_MATCH_URL: 'https://api.operator.example/kyc-match/v0.4/match',
    RELAY_SIGNALS: 'sim_swap',
  };
  expect(problems(env).some((p) => p.startsWith('CAMARA_SIM_SWAP_URL: required with RELAY_SIGNALS=sim_swap'))).toBe(
    true,
  );
  // without the signal, the same configuration starts
  expect(loadConfig({ ...env, RELAY_SIGNALS: undefined }).camara?.simSwapUrl).toBeNull();
});

test('CAMARA_SIM_SWAP_URL must be a URL', () => {
  expect(
    problems({ ...CAMARA, CAMARA_SIM_SWAP_URL: 'not a url' }).some((p) => p.startsWith('CAMARA_SIM_SWAP_URL')),
  ).toBe(true);
});
