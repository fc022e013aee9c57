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
 * | `DQE_RESULT_SCOPE` | the `scope` of `/GET/` after consent | `matching_notp`, then `client_idmobile` once after a 04 |
 * | `DQE_TIMEOUT_MS` | time limit of each DQE call | `6000` |
 * | `CAMARA_API_ROOT` | the operator's `{apiRoot}` (match at `{apiRoot}/kyc-match/v0.4/match`) | — |
 * | `CAMARA_MATCH_URL` | the full KYC Match URL, when the operator publishes another version or path | `{CAMARA_API_ROOT}/kyc-match/v0.4/match` |
 * | `CAMARA_SCOPE` | the scope asked for (space-separated); `sim-swap:check` is added with `RELAY_SIGNALS=sim_swap` | `openid dpv:FraudPreventionAndDetection kyc-match:match` |
 * | `CAMARA_SIM_SWAP_URL` | the full URL of CAMARA SimSwap's `check` (`RELAY_SIGNALS=sim_swap`) | `{CAMARA_API_ROOT}/sim-swap/v2/check` |
 * | `CAMARA_ISSUER` | the operator's OpenID issuer: endpoints not set below are read from `{issuer}/.well-known/openid-configuration` | — |
 * | `CAMARA_TOKEN_URL` | the token endpoint | from discovery |
 * | `CAMARA_BC_AUTHORIZE_URL` | the CIBA `bc-authorize` endpoint (`CAMARA_AUTHORIZE_URL`, v2's name, still read with a warning) | from discovery |
 * | `CAMARA_AUTHORIZATION_URL` | the authorization endpoint (authorization-code flow) | from discovery |
 * | `CAMARA_CLIENT_ID` | the application's client id | — |
 * | `CAMARA_CLIENT_AUTH` | `private_key_jwt` (the CAMARA profile's) or `client_secret_basic` (sandboxes, some aggregators) | `private_key_jwt` with `CAMARA_PRIVATE_KEY`, else `client_secret_basic` (with a warning) |
 * | `CAMARA_CLIENT_SECRET` | the client secret (`client_secret_basic`) | — |
 * | `CAMARA_PRIVATE_KEY` | the signing key (`private_key_jwt`): PEM PKCS#8 or a private JWK | — |
 * | `CAMARA_KEY_ID` | the key's `kid` | its RFC 7638 thumbprint |
 * | `CAMARA_SIGNING_ALG` | `RS256`, `PS256` or `ES256` | `RS256` |
 * | `CAMARA_AUTH` | `ciba`, `authorization_code`, `client_credentials` (sandboxes; a warning), or `authorization_code ciba` (the first, CIBA when the line does not match) | `ciba` |
 * | `CAMARA_OPERATOR_NAME` | the operator's name shown to the shopper while waiting | the issuer's host |
 * | `CAMARA_TIMEOUT_MS` | time limit of each CAMARA call | `6000` |
 *
 * Never puts a secret's value in a message.
 */
import { isLoopbackHost } from '../../protocol/origins.js';
import { checkPrivateKey, SIGNING_ALGS, type SigningAlg } from './camara/private-key-jwt.js';
import { NUMBER_FORMATS, type NumberFormat } from './dqe/translate.js';
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
  'CAMARA_MATCH_URL',
  'CAMARA_SCOPE',
  'CAMARA_SIM_SWAP_URL',
  'CAMARA_ISSUER',
  'CAMARA_TOKEN_URL',
  'CAMARA_BC_AUTHORIZE_URL',
  'CAMARA_AUTHORIZE_URL',
  'CAMARA_AUTHORIZATION_URL',
  'CAMARA_CLIENT_ID',
  'CAMARA_CLIENT_AUTH',
  'CAMARA_CLIENT_SECRET',
  'CAMARA_PRIVATE_KEY',
  'CAMARA_KEY_ID',
  'CAMARA_SIGNING_ALG',
  'CAMARA_AUTH',
  'CAMARA_OPERATOR_NAME',
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
  /** `DQE_RESULT_SCOPE`; unset: `matching_notp`, then `client_idmobile` once after a 04 (remembered, logged). */
  resultScope?: string;
}

/** How the relay obtains a KYC Match token (`CAMARA_AUTH`). */
export type CamaraFlow = 'ciba' | 'authorization_code' | 'client_credentials';
export const CAMARA_FLOWS: readonly CamaraFlow[] = ['ciba', 'authorization_code', 'client_credentials'];
export type CamaraClientAuth = 'client_secret_basic' | 'private_key_jwt';
export const CAMARA_CLIENT_AUTHS: readonly CamaraClientAuth[] = ['client_secret_basic', 'private_key_jwt'];
/** The API version in the default match path, as kyc-match v0.4.0's `servers` entry writes it. */
export const DEFAULT_KYC_MATCH_PATH = '/kyc-match/v0.4/match';
/** The path of SimSwap's `check` under `CAMARA_API_ROOT` (sim-swap 2.x: `{apiRoot}/sim-swap/v2`). */
export const DEFAULT_SIM_SWAP_CHECK_PATH = '/sim-swap/v2/check';
/** CAMARA_SCOPE's default: OpenID, the purpose (DPV), KYC Match's own scope. */
export const DEFAULT_CAMARA_SCOPE = 'openid dpv:FraudPreventionAndDetection kyc-match:match';

export interface CamaraConfig {
  /** `CAMARA_MATCH_URL`, else `{CAMARA_API_ROOT}/kyc-match/v0.4/match`. */
  matchUrl: string;
  /** `CAMARA_API_ROOT` (may be absent when `CAMARA_MATCH_URL` is set). */
  apiRoot: string | null;
  /**
   * `CAMARA_SIM_SWAP_URL`, else `{CAMARA_API_ROOT}/sim-swap/v2/check`; null without either (the relay's config
   * refuses `RELAY_SIGNALS=sim_swap` then).
   */
  simSwapUrl: string | null;
  scope: string;
  /** `CAMARA_ISSUER`: endpoints not set one by one come from its discovery document. */
  issuer: string | null;
  tokenUrl: string | null;
  /** CIBA's `bc-authorize` endpoint (`CAMARA_BC_AUTHORIZE_URL`, or v2's `CAMARA_AUTHORIZE_URL`). */
  bcAuthorizeUrl: string | null;
  /** The authorization endpoint of the authorization-code flow. */
  authorizationUrl: string | null;
  clientId: string;
  clientSecret: string | null;
  clientAuth: CamaraClientAuth;
  /** PEM PKCS#8 or JWK, shape-checked (`loadClientKey` imports it). */
  privateKey: string | null;
  keyId: string | null;
  signingAlg: SigningAlg;
  /** In order: `['authorization_code', 'ciba']` tries the first and falls back to CIBA. */
  flows: CamaraFlow[];
  operatorName: string | null;
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
  const strayCamara = [
    'CAMARA_CLIENT_SECRET',
    'CAMARA_PRIVATE_KEY',
    'CAMARA_API_ROOT',
    'CAMARA_MATCH_URL',
    'CAMARA_ISSUER',
  ].filter((k) => value(env, k) !== undefined);
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
  // unset: the client asks matching_notp and falls back to client_idmobile once after a 04 (dqe/client.ts)
  const scope = value(env, 'DQE_RESULT_SCOPE');
  if (scope !== undefined && !/^[A-Za-z0-9_,]{1,64}$/.test(scope))
    problems.push('DQE_RESULT_SCOPE: must be a DQE scope such as matching_notp or client_idmobile');
  return {
    baseUrl: url(env, 'DQE_BASE_URL', 'dqe', problems),
    licence: required(env, 'DQE_LICENCE', 'dqe', problems),
    clientSecret: required(env, 'DQE_CLIENT_SECRET', 'dqe', problems),
    partnerName,
    timeoutMs: timeout(env, 'DQE_TIMEOUT_MS', problems),
    numberFormat: format as NumberFormat,
    ...(scope !== undefined ? { resultScope: scope } : {}),
  };
}

/** An optional URL variable: `null` when unset, checked when set. */
function optionalUrl(env: Env, name: string, problems: string[]): string | null {
  const raw = value(env, name);
  if (raw === undefined) return null;
  const why = checkUpstreamUrl(raw);
  if (why) problems.push(`${name}: ${why}`);
  return raw;
}

/** `CAMARA_AUTH`: one flow, or `authorization_code ciba`. */
function camaraFlows(env: Env, problems: string[]): CamaraFlow[] {
  const raw = value(env, 'CAMARA_AUTH') ?? 'ciba';
  const words = raw.split(/\s+/);
  const known = words.every((w) => (CAMARA_FLOWS as readonly string[]).includes(w));
  if (known && (words.length === 1 || words.join(' ') === 'authorization_code ciba')) return words as CamaraFlow[];
  problems.push('CAMARA_AUTH: must be ciba, authorization_code, client_credentials, or "authorization_code ciba"');
  return ['ciba'];
}

/** RFC 6749 §3.3: space-delimited scope tokens of `%x21 / %x23-5B / %x5D-7E`. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

function loadCamara(env: Env, problems: string[], warnings: string[]): CamaraConfig {
  const flows = camaraFlows(env, problems);
  const issuer = optionalUrl(env, 'CAMARA_ISSUER', problems);
  const discovery = issuer !== null;

  // the match URL: CAMARA_MATCH_URL, else the API root and kyc-match v0.4's path
  const apiRoot = optionalUrl(env, 'CAMARA_API_ROOT', problems);
  const explicitMatch = optionalUrl(env, 'CAMARA_MATCH_URL', problems);
  if (apiRoot === null && explicitMatch === null)
    problems.push('CAMARA_API_ROOT: required in camara mode (or CAMARA_MATCH_URL, the full KYC Match URL)');
  const matchUrl = explicitMatch ?? (apiRoot === null ? '' : `${apiRoot.replace(/\/+$/, '')}${DEFAULT_KYC_MATCH_PATH}`);
  const simSwapUrl =
    optionalUrl(env, 'CAMARA_SIM_SWAP_URL', problems) ??
    (apiRoot === null ? null : `${apiRoot.replace(/\/+$/, '')}${DEFAULT_SIM_SWAP_CHECK_PATH}`);

  const scope = (value(env, 'CAMARA_SCOPE') ?? DEFAULT_CAMARA_SCOPE).replace(/\s+/g, ' ');
  if (!SCOPE.test(scope) || scope.length > 512) {
    problems.push(
      'CAMARA_SCOPE: must be space-separated scope values such as "openid dpv:FraudPreventionAndDetection kyc-match:match"',
    );
  } else if (!scope.split(' ').includes('openid') && flows.some((f) => f !== 'client_credentials')) {
    warnings.push(
      'CAMARA_SCOPE has no "openid": CIBA and the authorization-code flow of the CAMARA profile ask for it',
    );
  }

  // endpoints: each set on its own, or read by OpenID discovery from CAMARA_ISSUER
  const tokenUrl = optionalUrl(env, 'CAMARA_TOKEN_URL', problems);
  if (tokenUrl === null && !discovery)
    problems.push('CAMARA_TOKEN_URL: required in camara mode unless CAMARA_ISSUER is set (OpenID discovery)');
  let bcAuthorizeUrl = optionalUrl(env, 'CAMARA_BC_AUTHORIZE_URL', problems);
  const v2Authorize = value(env, 'CAMARA_AUTHORIZE_URL');
  if (v2Authorize !== undefined) {
    if (bcAuthorizeUrl !== null && v2Authorize !== bcAuthorizeUrl) {
      problems.push(
        'CAMARA_AUTHORIZE_URL: set together with CAMARA_BC_AUTHORIZE_URL to another URL: keep CAMARA_BC_AUTHORIZE_URL only',
      );
    } else {
      warnings.push(
        'CAMARA_AUTHORIZE_URL is deprecated: it is read as CAMARA_BC_AUTHORIZE_URL (the CIBA bc-authorize endpoint); rename it',
      );
      bcAuthorizeUrl ??= optionalUrl(env, 'CAMARA_AUTHORIZE_URL', problems);
    }
  }
  if (flows.includes('ciba') && bcAuthorizeUrl === null && !discovery)
    problems.push(
      'CAMARA_BC_AUTHORIZE_URL: required with CAMARA_AUTH=ciba unless CAMARA_ISSUER is set (the bc-authorize endpoint)',
    );
  const authorizationUrl = optionalUrl(env, 'CAMARA_AUTHORIZATION_URL', problems);
  if (flows.includes('authorization_code') && authorizationUrl === null && !discovery)
    problems.push('CAMARA_AUTHORIZATION_URL: required with CAMARA_AUTH=authorization_code unless CAMARA_ISSUER is set');
  if (flows.includes('client_credentials'))
    warnings.push(
      'CAMARA_AUTH=client_credentials: two-legged tokens, which the CAMARA profile reserves for APIs that process no personal data (KYC Match does): use it with sandboxes only',
    );

  // client authentication
  const clientSecret = value(env, 'CAMARA_CLIENT_SECRET') ?? null;
  const privateKey = value(env, 'CAMARA_PRIVATE_KEY') ?? null;
  const authRaw = value(env, 'CAMARA_CLIENT_AUTH');
  let clientAuth: CamaraClientAuth = privateKey !== null ? 'private_key_jwt' : 'client_secret_basic';
  if (authRaw !== undefined) {
    if ((CAMARA_CLIENT_AUTHS as readonly string[]).includes(authRaw)) clientAuth = authRaw as CamaraClientAuth;
    else problems.push('CAMARA_CLIENT_AUTH: must be private_key_jwt or client_secret_basic');
  } else if (privateKey === null) {
    warnings.push(
      'CAMARA_CLIENT_AUTH: client_secret_basic (HTTP Basic), since CAMARA_PRIVATE_KEY is not set; the CAMARA profile requires private_key_jwt: set CAMARA_PRIVATE_KEY unless your operator or aggregator asks for HTTP Basic',
    );
  }
  if (clientAuth === 'private_key_jwt' && privateKey === null)
    problems.push('CAMARA_PRIVATE_KEY: required with CAMARA_CLIENT_AUTH=private_key_jwt (PEM PKCS#8 or a private JWK)');
  if (clientAuth === 'client_secret_basic' && clientSecret === null)
    problems.push('CAMARA_CLIENT_SECRET: required with CAMARA_CLIENT_AUTH=client_secret_basic');
  if (privateKey !== null) {
    const why = checkPrivateKey(privateKey);
    if (why) problems.push(`CAMARA_PRIVATE_KEY: ${why}`);
  }
  const keyId = value(env, 'CAMARA_KEY_ID') ?? null;
  if (keyId !== null && !/^[\x21-\x7e]{1,128}$/.test(keyId))
    problems.push('CAMARA_KEY_ID: must be 1 to 128 printable ASCII characters without spaces');
  const alg = value(env, 'CAMARA_SIGNING_ALG') ?? 'RS256';
  if (!(SIGNING_ALGS as readonly string[]).includes(alg))
    problems.push(`CAMARA_SIGNING_ALG: must be ${SIGNING_ALGS.join(', ')}`);

  const operatorName = value(env, 'CAMARA_OPERATOR_NAME') ?? null;
  if (operatorName !== null && !/^[^\p{Cc}\p{Cf}]{1,60}$/u.test(operatorName))
    problems.push('CAMARA_OPERATOR_NAME: must be at most 60 characters, without control characters');

  const config: CamaraConfig = {
    matchUrl,
    apiRoot,
    simSwapUrl,
    scope,
    issuer,
    tokenUrl,
    bcAuthorizeUrl,
    authorizationUrl,
    clientId: required(env, 'CAMARA_CLIENT_ID', 'camara', problems),
    clientSecret,
    clientAuth,
    privateKey,
    keyId,
    signingAlg: (SIGNING_ALGS as readonly string[]).includes(alg) ? (alg as SigningAlg) : 'RS256',
    flows,
    operatorName,
    timeoutMs: timeout(env, 'CAMARA_TIMEOUT_MS', problems),
  };
  return config;
}

/**
 * Reads `RELAY_MODE` and the upstream's variables. `problems`: one line per problem, naming the variable (the relay
 * refuses to start); `warnings`: one line each, to log at start.
 */
export function loadUpstreamConfig(env: Env): { config: UpstreamConfig; problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const mode = resolveMode(env, problems);
  const dqe = mode === 'dqe' ? loadDqe(env, problems) : null;
  const camara = mode === 'camara' ? loadCamara(env, problems, warnings) : null;
  return {
    config: { mode, dqe, camara, clientSecret: dqe?.clientSecret ?? camara?.clientSecret ?? null },
    problems,
    warnings,
  };
}
