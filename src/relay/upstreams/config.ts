/**
 * The upstream's configuration, read from the environment and validated: which upstream runs (`RELAY_MODE`) and
 * the `DQE_*` or `CAMARA_*` variables it needs. Used by the relay's config.ts, which adds the rest.
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `RELAY_MODE` | `dqe`, `camara` or `test`; anything else is refused | `dqe` with `DQE_LICENCE`, `camara` with `CAMARA_CLIENT_ID`, else `test` |
 * | `DQE_BASE_URL` | DQE API base URL, https (http only to loopback) | — |
 * | `DQE_LICENCE` / `DQE_CLIENT_SECRET` | DQE credentials | — |
 * | `DQE_PARTNER_NAME` | DQE's `name` field (partner name) | — |
 * | `DQE_NUMBER_FORMAT` | `e164` (`+33612345678`), `international` (`33612345678`), `national` (`0612345678`) | `e164` |
 * | `DQE_RESULT_SCOPE` | the `scope` of `/GET/` after consent | `matching_notp` |
 * | `DQE_TIMEOUT_MS` | time limit of each DQE call | `6000` |
 * | `CAMARA_API_ROOT` | the operator's `{apiRoot}` (match at `{apiRoot}/kyc-match/v0.4/match`) | — |
 * | `CAMARA_TOKEN_URL` | the operator's token endpoint | — |
 * | `CAMARA_AUTHORIZE_URL` | the CIBA `bc-authorize` endpoint (required with `ciba`) | — |
 * | `CAMARA_CLIENT_ID` / `CAMARA_CLIENT_SECRET` | the application's credentials (HTTP Basic) | — |
 * | `CAMARA_AUTH` | `ciba` (per phone number, three-legged) or `client_credentials` (sandboxes) | `ciba` |
 * | `CAMARA_TIMEOUT_MS` | time limit of each CAMARA call | `6000` |
 *
 * Never puts a secret's value in a message.
 */
import { isLoopbackHost } from '../../protocol/origins.js';
import type { CamaraAuth } from './camara/client.js';
import { MATCH_SCOPE, NUMBER_FORMATS, type NumberFormat } from './dqe/translate.js';
import { UPSTREAM_TIMEOUT_MS } from './http.js';

/** The variables this module reads (the table above). */
export const UPSTREAM_ENV_VARIABLES: readonly string[] = Object.freeze([
  'RELAY_MODE',
  'DQE_BASE_URL',
  'DQE_LICENCE',
  'DQE_CLIENT_SECRET',
  'DQE_PARTNER_NAME',
  'DQE_NUMBER_FORMAT',
  'DQE_RESULT_SCOPE',
  'DQE_TIMEOUT_MS',
  'CAMARA_API_ROOT',
  'CAMARA_TOKEN_URL',
  'CAMARA_AUTHORIZE_URL',
  'CAMARA_CLIENT_ID',
  'CAMARA_CLIENT_SECRET',
  'CAMARA_AUTH',
  'CAMARA_TIMEOUT_MS',
]);

export type RelayMode = 'dqe' | 'camara' | 'test';
export const RELAY_MODES: readonly RelayMode[] = ['dqe', 'camara', 'test'];

export interface DqeConfig {
  baseUrl: string;
  licence: string;
  clientSecret: string;
  partnerName: string;
  timeoutMs: number;
  numberFormat: NumberFormat;
  resultScope: string;
}

export interface CamaraConfig {
  apiRoot: string;
  tokenUrl: string;
  authorizeUrl?: string;
  clientId: string;
  clientSecret: string;
  auth: CamaraAuth;
  timeoutMs: number;
}

export interface UpstreamConfig {
  mode: RelayMode;
  /** Set in `dqe` mode. */
  dqe: DqeConfig | null;
  /** Set in `camara` mode. */
  camara: CamaraConfig | null;
  /** The upstream's client secret, which `ATTESTATION_SECRET` must not equal. */
  clientSecret: string | null;
}

export type Env = Record<string, string | undefined>;

/** Why an upstream URL is refused, or `null`: https (plain http only to loopback), no credentials/query/fragment. */
export function checkUpstreamUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://api.example/idmobile';
  }
  if (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
    if (u.username || u.password || u.search || u.hash) return 'must not contain credentials, a query or a fragment';
    return null;
  }
  return 'must use https (plain http only to localhost)';
}

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

function timeout(env: Env, name: string, problems: string[]): number {
  const raw = value(env, name);
  if (raw === undefined) return UPSTREAM_TIMEOUT_MS;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 100 && n <= 60_000)) {
    problems.push(`${name}: must be a whole number between 100 and 60000`);
    return UPSTREAM_TIMEOUT_MS;
  }
  return n;
}

function url(env: Env, name: string, mode: string, problems: string[]): string {
  const raw = value(env, name);
  if (raw === undefined) {
    problems.push(`${name}: required in ${mode} mode`);
    return '';
  }
  const why = checkUpstreamUrl(raw);
  if (why) problems.push(`${name}: ${why}`);
  return raw;
}

function required(env: Env, name: string, mode: string, problems: string[]): string {
  const raw = value(env, name);
  if (raw === undefined) problems.push(`${name}: required in ${mode} mode`);
  return raw ?? '';
}

function resolveMode(env: Env, problems: string[]): RelayMode {
  const raw = value(env, 'RELAY_MODE');
  if (raw !== undefined) {
    if ((RELAY_MODES as readonly string[]).includes(raw)) return raw as RelayMode;
    problems.push('RELAY_MODE: must be dqe, camara or test');
    return 'test';
  }
  const dqe = value(env, 'DQE_LICENCE') !== undefined;
  const camara = value(env, 'CAMARA_CLIENT_ID') !== undefined;
  if (dqe && camara) {
    problems.push('RELAY_MODE: both DQE_LICENCE and CAMARA_CLIENT_ID are set; set RELAY_MODE=dqe or camara');
    return 'test';
  }
  if (dqe) return 'dqe';
  if (camara) return 'camara';
  // variables of an upstream without its key credential: a forgotten variable, not a wish for the test mode
  const stray = ['DQE_CLIENT_SECRET', 'DQE_BASE_URL'].filter((k) => value(env, k) !== undefined);
  if (stray.length > 0) {
    problems.push(
      `DQE_LICENCE: missing while ${stray.join(' and ')} ${stray.length > 1 ? 'are' : 'is'} set; set it to use DQE, or unset ${stray.length > 1 ? 'them' : 'it'} to run the test mode`,
    );
  }
  const strayCamara = ['CAMARA_CLIENT_SECRET', 'CAMARA_API_ROOT'].filter((k) => value(env, k) !== undefined);
  if (strayCamara.length > 0) {
    problems.push(
      `CAMARA_CLIENT_ID: missing while ${strayCamara.join(' and ')} ${strayCamara.length > 1 ? 'are' : 'is'} set; set it (and RELAY_MODE=camara) to use CAMARA, or unset ${strayCamara.length > 1 ? 'them' : 'it'}`,
    );
  }
  return 'test';
}

function loadDqe(env: Env, problems: string[]): DqeConfig {
  const partnerName = required(env, 'DQE_PARTNER_NAME', 'dqe', problems);
  if (partnerName.length > 100) problems.push('DQE_PARTNER_NAME: must be at most 100 characters');
  const format = value(env, 'DQE_NUMBER_FORMAT') ?? 'e164';
  if (!(NUMBER_FORMATS as readonly string[]).includes(format))
    problems.push('DQE_NUMBER_FORMAT: must be e164, international or national');
  const scope = value(env, 'DQE_RESULT_SCOPE') ?? MATCH_SCOPE;
  if (!/^[A-Za-z0-9_,]{1,64}$/.test(scope))
    problems.push('DQE_RESULT_SCOPE: must be a DQE scope such as matching_notp or client_idmobile');
  return {
    baseUrl: url(env, 'DQE_BASE_URL', 'dqe', problems),
    licence: required(env, 'DQE_LICENCE', 'dqe', problems),
    clientSecret: required(env, 'DQE_CLIENT_SECRET', 'dqe', problems),
    partnerName,
    timeoutMs: timeout(env, 'DQE_TIMEOUT_MS', problems),
    numberFormat: format as NumberFormat,
    resultScope: scope,
  };
}

function loadCamara(env: Env, problems: string[]): CamaraConfig {
  const auth = value(env, 'CAMARA_AUTH') ?? 'ciba';
  if (auth !== 'ciba' && auth !== 'client_credentials')
    problems.push('CAMARA_AUTH: must be ciba or client_credentials');
  const config: CamaraConfig = {
    apiRoot: url(env, 'CAMARA_API_ROOT', 'camara', problems),
    tokenUrl: url(env, 'CAMARA_TOKEN_URL', 'camara', problems),
    clientId: required(env, 'CAMARA_CLIENT_ID', 'camara', problems),
    clientSecret: required(env, 'CAMARA_CLIENT_SECRET', 'camara', problems),
    auth: auth === 'client_credentials' ? 'client_credentials' : 'ciba',
    timeoutMs: timeout(env, 'CAMARA_TIMEOUT_MS', problems),
  };
  if (config.auth === 'ciba') {
    if (value(env, 'CAMARA_AUTHORIZE_URL') === undefined)
      problems.push('CAMARA_AUTHORIZE_URL: required with CAMARA_AUTH=ciba (the bc-authorize endpoint)');
    else config.authorizeUrl = url(env, 'CAMARA_AUTHORIZE_URL', 'camara', problems);
  }
  return config;
}

/** Reads `RELAY_MODE` and the upstream's variables. `problems`: one line per problem, naming the variable. */
export function loadUpstreamConfig(env: Env): { config: UpstreamConfig; problems: string[] } {
  const problems: string[] = [];
  const mode = resolveMode(env, problems);
  const dqe = mode === 'dqe' ? loadDqe(env, problems) : null;
  const camara = mode === 'camara' ? loadCamara(env, problems) : null;
  return {
    config: { mode, dqe, camara, clientSecret: dqe?.clientSecret ?? camara?.clientSecret ?? null },
    problems,
  };
}
