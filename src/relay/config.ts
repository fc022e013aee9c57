/**
 * The relay's configuration, read from the environment and validated (one clear message per problem, never a
 * secret's value).
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `PORT`, `HOST` | where the standalone server listens | `8787`, all interfaces |
 * | `RELAY_MODE` | `dqe`, `camara` or `test` (anything else is an error) | from the credentials present; else `test`, except with `NODE_ENV=production`: refused |
 * | `DQE_*`, `CAMARA_*` | the upstream's access: see upstreams/config.ts | required in `dqe` / `camara` mode |
 * | `ATTESTATION_SECRET` | HS256 key of attestations (sessions, digests and state use keys derived from it), >= 32 characters | required outside test mode; test: random per start |
 * | `RELAY_ALLOWED_ORIGINS` | origins of the shop's pages, space- or comma-separated; `scheme://host:*` = any port | none (test mode adds loopback on any port) |
 * | `RELAY_API_KEY` | enables `POST /sessions` and `POST /verify` (Bearer), >= 32 characters | server API off (404) |
 * | `RELAY_METRICS_KEY` | enables `GET /metrics` (Prometheus text, Bearer), >= 32 characters, its own key | metrics off (404) |
 * | `RELAY_REQUIRE_SESSION` | `/match` and `/result` need a check session | `true`, `false` in test mode |
 * | `RELAY_OPERATOR_ORIGINS` | consent URLs must be within these origins | any https origin |
 * | `RELAY_TRUST_PROXY` | `1`: the client is the last `X-Forwarded-For` hop (when it is an IP address) | off |
 * | `RELAY_STORE_URL` | the store: `memory:`, or `redis://[user:password@]host[:port][/db]` (`rediss://` for TLS; Valkey too) shared by a fleet | in memory |
 * | `RELAY_STORE_PREFIX` | prefix of every Redis key (several shops or environments on one Redis) | `idmobile:` |
 * | `RELAY_REQUIRED_FIELDS` | fields the attestation's verdict requires | `given_name family_name` |
 * | `RELAY_DISCLOSE` | what the browser's answer shows: `bands` (bands only, no percentages; other fields withheld unless both names are in the match band), `on-name-match` (v2: scores, other fields withheld unless both names reach the partial band) or `all`; attestations keep every score | `bands` |
 * | `RELAY_MATCH_THRESHOLD` / `RELAY_PARTIAL_THRESHOLD` | score bands of the verdict | `0.9` / `0.6` |
 * | `RELAY_RATE_LIMIT_MAX` / `RELAY_RATE_LIMIT_WINDOW_SECONDS` | checks per client per window (`0`: off) | `30` / `60` |
 * | `RELAY_PHONE_CLIENT_LIMIT` | checks per hour per (phone number, client) (`0`: off) | `5`; off in test mode |
 * | `RELAY_PHONE_REFERENCE_LIMIT` | checks per hour per (phone number, order reference) (`0`: off) | `5`; off in test mode |
 * | `RELAY_PHONE_CAP` | checks per hour per phone number across everyone (`0`: off); `RELAY_PHONE_LIMIT_MAX` (deprecated) is read as it | `30`; off in test mode |
 * | `RELAY_MAX_CONNECTIONS` | connections the Node server accepts at once | `1024` |
 * | `RELAY_MAX_CONNECTIONS_PER_ADDRESS` | connections the Node server accepts at once from one address (IPv6 by /64) | `32` |
 * | `RELAY_CLIENT_IP_HEADER` | the request header that carries the client's address, set by the platform or proxy in front (not with `RELAY_TRUST_PROXY`) | none |
 * | `RELAY_PUBLIC_URL` | the relay's own public base URL (callback, JWKS), absolute http(s) | `http://localhost:{PORT}` in test mode, else none |
 * | `RELAY_ISSUER` | the attestations' `iss` | `RELAY_PUBLIC_URL`'s origin when set, else `idmobile-relay` |
 * | `DQE_CONSENT_BINDING` | `code_name` (DQE's retrieval must echo the check's nonce) or `off` | `code_name` |
 * | `RELAY_SIGNALS` | signals asked next to each match, space-separated: `sim_swap` (a paid call each) | none |
 * | `RELAY_SIM_SWAP_MAX_AGE_HOURS` | the SIM-swap window in hours, 1..2400 | `168` (seven days) |
 * | `CAMARA_CIBA_PROMPTS_PER_HOUR` | CIBA approval requests per hour per phone number (`0`: off); at most 10 per day | `3`; off in test mode |
 */
import * as z from 'zod/mini';
import { DEFAULT_REQUIRED, parseFieldList, type IdentityField } from '../protocol/fields.js';
import { CONFIGURED_ORIGINS, parseOriginList } from '../protocol/origins.js';
import { normaliseThresholds, type Thresholds } from '../protocol/scores.js';
import { DEFAULT_DISCLOSURE, DISCLOSURE_POLICIES, type DisclosurePolicy } from './disclosure.js';
import { DEFAULT_MAX_CONNECTIONS_PER_ADDRESS } from './connection-cap.js';
import { DEFAULT_CLIENT_LIMIT, DEFAULT_PHONE_LIMITS, HOUR_MS, type Limit } from './limits.js';
import { DEFAULT_CIBA_PROMPTS, type CibaPromptLimits } from './upstreams/prompt-gate.js';
import { parseSignalSettings, type SignalSettings } from './signals/settings.js';
import type { RelayMode } from './trust/attestation.js';
import { loadUpstreamConfig, UPSTREAM_ENV_VARIABLES, type CamaraConfig, type DqeConfig } from './upstreams/config.js';
import { deploymentSettings, parsePublicUrl, parseStoreUrl, type StoreConfig } from './config-values.js';

export interface RelayConfig {
  port: number;
  /** Interface of the standalone server (`HOST`); undefined = all. */
  host: string | undefined;
  mode: RelayMode;
  /** `NODE_ENV=production`. */
  production: boolean;
  /** DQE access; `null` unless the mode is `dqe`. */
  dqe: DqeConfig | null;
  /** CAMARA KYC Match access; `null` unless the mode is `camara`. */
  camara: CamaraConfig | null;
  /** Origins as configured, normalised (exact origins and `scheme://host:*`); test mode adds loopback. */
  allowedOrigins: string[];
  /** Origins consent URLs must be within; empty = any https origin. */
  operatorOrigins: string[];
  attestationSecret: string;
  /** True when the secret was generated at start (test mode without `ATTESTATION_SECRET`). */
  attestationSecretGenerated: boolean;
  /** The server API's key, or null (server API off). */
  apiKey: string | null;
  /** `RELAY_METRICS_KEY`: the scraper's key for `GET /metrics`, or null (404). */
  metricsKey: string | null;
  requireSession: boolean;
  policy: { thresholds: Thresholds; required: IdentityField[]; disclose: DisclosurePolicy };
  limits: { client: Limit | false; phoneClient: Limit | false; phoneReference: Limit | false; phoneCap: Limit | false };
  trustProxy: boolean;
  /** The request header that carries the client's address (`RELAY_CLIENT_IP_HEADER`, lower case), or null. */
  clientIpHeader: string | null;
  /** The relay's own public base URL without a trailing slash (`RELAY_PUBLIC_URL`), or null. */
  publicUrl: string | null;
  /** The attestations' `iss` (`RELAY_ISSUER`). */
  issuer: string;
  /** `DQE_CONSENT_BINDING`. */
  consentBinding: ConsentBinding;
  /** CIBA approval requests per phone number (`CAMARA_CIBA_PROMPTS_PER_HOUR`), or false (off). */
  cibaPrompts: CibaPromptLimits | false;
  /** Where counters, single-use marks and the upstream token live (`RELAY_STORE_URL`). */
  store: StoreConfig;
  /** The signals asked next to each match (`RELAY_SIGNALS`, `RELAY_SIM_SWAP_MAX_AGE_HOURS`). */
  signals: SignalSettings;
  maxConnections: number;
  /** Connections the Node server accepts at once from one address (IPv6 by /64). */
  maxConnectionsPerAddress: number;
  /** Things worth saying at start that are not errors. */
  warnings: string[];
}

export type ConsentBinding = 'code_name' | 'off';
export const CONSENT_BINDINGS: readonly ConsentBinding[] = ['code_name', 'off'];

/** The attestations' `iss` when neither `RELAY_ISSUER` nor `RELAY_PUBLIC_URL` is set. */
export const DEFAULT_ISSUER = 'idmobile-relay';

/** Thrown by {@link loadConfig}; `problems` has one line per problem, naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** An unset or blank variable is `undefined`; others are trimmed. */
const optional = z.pipe(
  z.optional(z.string()),
  z.transform((s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim())),
);
/** `optional`, then `schema` when the variable is set. */
const then = <T extends z.ZodMiniType<unknown, string>>(schema: T) => z.pipe(optional, z.optional(schema));
const text = (...checks: Parameters<ReturnType<typeof z.string>['check']>) => then(z.string().check(...checks));

const intIn = (min: number, max: number) =>
  then(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)),
        z.transform(Number),
      ),
      z.number().check(z.minimum(min, `must be at least ${min}`), z.maximum(max, `must be at most ${max}`)),
    ),
  );

const bool = then(z.enum(['1', '0', 'true', 'false'], { error: 'must be 1, 0, true or false' }));

const EnvSchema = z.object({
  PORT: intIn(0, 65535),
  HOST: text(z.regex(/^[\w.:-]{1,255}$/, 'must be a host name or an IP address, e.g. 127.0.0.1')),
  NODE_ENV: optional,
  RELAY_ALLOWED_ORIGINS: optional,
  RELAY_OPERATOR_ORIGINS: optional,
  ATTESTATION_SECRET: optional,
  RELAY_API_KEY: text(
    z.minLength(32, 'must be at least 32 characters (use a random value, e.g. `openssl rand -base64 32`)'),
  ),
  RELAY_METRICS_KEY: text(
    z.minLength(32, 'must be at least 32 characters (use a random value, e.g. `openssl rand -base64 32`)'),
  ),
  RELAY_REQUIRE_SESSION: bool,
  RELAY_TRUST_PROXY: bool,
  RELAY_STORE_URL: optional,
  RELAY_STORE_PREFIX: text(z.regex(/^[\w:.-]{1,64}$/, 'must be 1 to 64 letters, digits or _ : . - (e.g. shop-a:)')),
  RELAY_REQUIRED_FIELDS: optional,
  RELAY_DISCLOSE: then(z.enum(DISCLOSURE_POLICIES, { error: `must be ${DISCLOSURE_POLICIES.join(' or ')}` })),
  RELAY_MATCH_THRESHOLD: optional,
  RELAY_PARTIAL_THRESHOLD: optional,
  RELAY_RATE_LIMIT_MAX: intIn(0, 1_000_000),
  RELAY_RATE_LIMIT_WINDOW_SECONDS: intIn(1, 86_400),
  RELAY_PHONE_CLIENT_LIMIT: intIn(0, 1_000_000),
  RELAY_PHONE_REFERENCE_LIMIT: intIn(0, 1_000_000),
  RELAY_PHONE_CAP: intIn(0, 1_000_000),
  RELAY_PHONE_LIMIT_MAX: intIn(0, 1_000_000),
  RELAY_PHONE_LIMIT_WINDOW_SECONDS: intIn(1, 7 * 86_400),
  RELAY_MAX_CONNECTIONS: intIn(1, 1_000_000),
  RELAY_MAX_CONNECTIONS_PER_ADDRESS: intIn(1, 1_000_000),
  RELAY_CLIENT_IP_HEADER: then(
    z.pipe(
      z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name, e.g. Fly-Client-IP')),
      z.transform((h: string) => h.toLowerCase()),
    ),
  ),
  RELAY_PUBLIC_URL: optional,
  RELAY_ISSUER: text(
    z.maxLength(256, 'must be at most 256 characters'),
    z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces, e.g. https://relay.shop.example'),
  ),
  DQE_CONSENT_BINDING: then(z.enum(CONSENT_BINDINGS, { error: `must be ${CONSENT_BINDINGS.join(' or ')}` })),
  CAMARA_CIBA_PROMPTS_PER_HOUR: intIn(0, 1000),
  RELAY_SIGNALS: optional,
  RELAY_SIM_SWAP_MAX_AGE_HOURS: optional,
});

/** Every variable the relay reads (a deployment file can be checked against it). */
export const RELAY_ENV_VARIABLES: readonly string[] = Object.freeze([
  ...Object.keys(EnvSchema.shape),
  ...UPSTREAM_ENV_VARIABLES,
]);

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const isTrue = (v: string | undefined) => v === '1' || v === 'true';

/** Per hour, or off with 0; `fallback` when unset. */
function perHour(max: number | undefined, fallback: number | false): Limit | false {
  const n = max ?? fallback;
  return n === false || n === 0 ? false : { max: n, windowMs: HOUR_MS };
}

/**
 * Reads and validates the configuration. Throws {@link ConfigError} listing every problem at once.
 * Never puts a secret's value in a message.
 */
export function loadConfig(env: Env): RelayConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  // each variable on its own, so that every problem is reported at once
  const e: Partial<z.infer<typeof EnvSchema>> = {};
  for (const [name, schema] of Object.entries(EnvSchema.shape)) {
    const r = (schema as z.ZodMiniType).safeParse(env[name]);
    if (r.success) (e as Record<string, unknown>)[name] = r.data;
    else for (const issue of r.error.issues) problems.push(`${name}: ${issue.message}`);
  }
  const production = e.NODE_ENV === 'production';

  // RELAY_MODE and the upstream's variables (upstreams/config.ts)
  const upstream = loadUpstreamConfig(env);
  problems.push(...upstream.problems);
  warnings.push(...upstream.warnings);
  const { dqe, camara } = upstream.config;
  const mode: RelayMode = upstream.config.mode;
  const explicitMode = (env['RELAY_MODE'] ?? '').trim() !== '';
  if (mode === 'test' && !explicitMode && production) {
    problems.push(
      'RELAY_MODE: no upstream credentials (DQE_LICENCE or CAMARA_CLIENT_ID) while NODE_ENV=production: the relay does not fall back to the test mode in production; configure an upstream, or set RELAY_MODE=test on purpose',
    );
  }
  if (mode === 'test' && production) {
    warnings.push('RELAY_MODE=test with NODE_ENV=production: attestations say mode "test" and verifiers refuse them');
  }
  if (upstream.config.clientSecret && e.ATTESTATION_SECRET && upstream.config.clientSecret === e.ATTESTATION_SECRET) {
    problems.push(`ATTESTATION_SECRET: must differ from ${mode === 'camara' ? 'CAMARA' : 'DQE'}_CLIENT_SECRET`);
  }

  if (mode !== 'test') {
    if (!e.ATTESTATION_SECRET) problems.push(`ATTESTATION_SECRET: required in ${mode} mode (at least 32 characters)`);
  }
  if (e.ATTESTATION_SECRET && e.ATTESTATION_SECRET.length < 32 && (mode !== 'test' || production)) {
    problems.push(
      'ATTESTATION_SECRET: must be at least 32 characters (use a random value, e.g. `openssl rand -base64 48`)',
    );
  }
  if (
    e.RELAY_METRICS_KEY &&
    (e.RELAY_METRICS_KEY === e.RELAY_API_KEY || e.RELAY_METRICS_KEY === e.ATTESTATION_SECRET)
  ) {
    // a scraper's key must not create sessions or use up attestations
    problems.push('RELAY_METRICS_KEY: must differ from RELAY_API_KEY and ATTESTATION_SECRET');
  }
  if (e.RELAY_API_KEY && e.RELAY_API_KEY === e.ATTESTATION_SECRET) {
    problems.push('RELAY_API_KEY: must differ from ATTESTATION_SECRET');
  }

  const allowed = parseOriginList(e.RELAY_ALLOWED_ORIGINS, CONFIGURED_ORIGINS);
  for (const bad of allowed.invalid) {
    problems.push(
      `RELAY_ALLOWED_ORIGINS: "${bad}" is not an origin: write an origin only, scheme://host[:port] (e.g. https://shop.example), or scheme://host:* for any port`,
    );
  }
  if (allowed.origins.length === 0 && mode !== 'test') {
    warnings.push('RELAY_ALLOWED_ORIGINS is empty: no browser page may call the relay (server-side callers only)');
  }
  // (v3) the implicit fallback to test mode, refused when anything of a real deployment is configured
  const deployment = deploymentSettings({ ...e, allowedOrigins: allowed.origins });
  if (mode === 'test' && !explicitMode && !production && deployment.length > 0) {
    problems.push(
      `RELAY_MODE: no upstream credentials (DQE_LICENCE or CAMARA_CLIENT_ID), but ${deployment.join(', ')} ${deployment.length > 1 ? 'are' : 'is'} set, as for a real deployment: the relay does not fall back to the test mode then; configure an upstream, or set RELAY_MODE=test explicitly`,
    );
  }
  const operator = parseOriginList(e.RELAY_OPERATOR_ORIGINS);
  for (const bad of operator.invalid) {
    problems.push(`RELAY_OPERATOR_ORIGINS: "${bad}" is not an https origin (scheme://host[:port], nothing after it)`);
  }
  if (operator.origins.length === 0 && operator.invalid.length === 0 && mode !== 'test') {
    warnings.push(
      "RELAY_OPERATOR_ORIGINS is not set: the relay passes consent URLs to any https origin (IP addresses and punycode hosts refused); set it to your operators' consent origins",
    );
  }

  const storeUrl = parseStoreUrl(e.RELAY_STORE_URL, e.RELAY_STORE_PREFIX);
  let store: StoreConfig = { kind: 'memory' };
  if ('problem' in storeUrl) problems.push(`RELAY_STORE_URL: ${storeUrl.problem}`);
  else {
    store = storeUrl.store;
    if (storeUrl.warning) warnings.push(storeUrl.warning);
  }

  const requireSession = e.RELAY_REQUIRE_SESSION === undefined ? mode !== 'test' : isTrue(e.RELAY_REQUIRE_SESSION);
  if (requireSession && !e.RELAY_API_KEY) {
    warnings.push(
      'sessions are required but RELAY_API_KEY is not set: create sessions in process (createCheckSession), or set RELAY_API_KEY to use POST /sessions',
    );
  }

  const required = parseFieldList(e.RELAY_REQUIRED_FIELDS, DEFAULT_REQUIRED);
  if (required.unknown.length > 0) {
    problems.push(
      `RELAY_REQUIRED_FIELDS: unknown field(s) ${required.unknown.map((u) => JSON.stringify(u)).join(', ')}; use gender given_name family_name birthdate email address`,
    );
  }
  const t = normaliseThresholds(e.RELAY_MATCH_THRESHOLD, e.RELAY_PARTIAL_THRESHOLD);
  for (const p of t.problems) {
    problems.push(
      p
        .replaceAll('match-threshold', 'RELAY_MATCH_THRESHOLD')
        .replaceAll('partial-threshold', 'RELAY_PARTIAL_THRESHOLD'),
    );
  }

  if (e.RELAY_CLIENT_IP_HEADER && isTrue(e.RELAY_TRUST_PROXY)) {
    problems.push(
      'RELAY_CLIENT_IP_HEADER: set together with RELAY_TRUST_PROXY: the client address comes from one place; keep the header your platform sets, or X-Forwarded-For behind your own proxy, not both',
    );
  }
  const port = e.PORT ?? 8787;
  let publicUrl: { url: string; origin: string } | null = null;
  if (e.RELAY_PUBLIC_URL !== undefined) {
    const parsed = parsePublicUrl(e.RELAY_PUBLIC_URL);
    if ('problem' in parsed) problems.push(`RELAY_PUBLIC_URL: ${parsed.problem}`);
    else publicUrl = parsed;
  } else if (mode === 'test') {
    publicUrl = { url: `http://localhost:${port}`, origin: `http://localhost:${port}` };
  }
  if (camara?.flows.includes('authorization_code') && publicUrl === null && e.RELAY_PUBLIC_URL === undefined) {
    problems.push(
      'RELAY_PUBLIC_URL: required with CAMARA_AUTH authorization_code: the operator sends the shopper to {RELAY_PUBLIC_URL}/callback (register that URL with the operator)',
    );
  }
  const issuer = e.RELAY_ISSUER ?? (e.RELAY_PUBLIC_URL !== undefined ? publicUrl?.origin : undefined) ?? DEFAULT_ISSUER;
  if (!e.RELAY_ISSUER && e.RELAY_PUBLIC_URL === undefined && mode !== 'test') {
    warnings.push(
      `RELAY_ISSUER: not set (nor RELAY_PUBLIC_URL): attestations say iss "${DEFAULT_ISSUER}", which any relay sharing this ATTESTATION_SECRET by mistake would also sign; set RELAY_ISSUER (e.g. https://relay.shop.example)`,
    );
  }
  const consentBinding = e.DQE_CONSENT_BINDING ?? 'code_name';
  if (consentBinding === 'off' && mode !== 'test') {
    warnings.push(
      'DQE_CONSENT_BINDING=off: consent results are not bound to the check that asked for them (path "consent-unbound"); /verify refuses them unless the merchant passes accept_unbound_consent',
    );
  }
  // the per-phone cap: RELAY_PHONE_CAP, or the v2 RELAY_PHONE_LIMIT_MAX read as it
  if (e.RELAY_PHONE_LIMIT_MAX !== undefined && e.RELAY_PHONE_CAP !== undefined) {
    problems.push('RELAY_PHONE_LIMIT_MAX: deprecated and set together with RELAY_PHONE_CAP: keep RELAY_PHONE_CAP only');
  } else if (e.RELAY_PHONE_LIMIT_MAX !== undefined) {
    warnings.push(
      'RELAY_PHONE_LIMIT_MAX is deprecated: it is read as RELAY_PHONE_CAP (checks per phone number); rename it',
    );
  }
  if (e.RELAY_PHONE_LIMIT_WINDOW_SECONDS !== undefined) {
    warnings.push(
      "RELAY_PHONE_LIMIT_WINDOW_SECONDS is deprecated: the per-phone limits count per hour; it still sets RELAY_PHONE_CAP's window",
    );
  }

  const signals = parseSignalSettings(e.RELAY_SIGNALS, e.RELAY_SIM_SWAP_MAX_AGE_HOURS);
  problems.push(...signals.problems);
  if (signals.settings.simSwap && camara && camara.simSwapUrl === null) {
    problems.push(
      'CAMARA_SIM_SWAP_URL: required with RELAY_SIGNALS=sim_swap when CAMARA_API_ROOT is not set (the full URL of SimSwap check, e.g. https://api.operator.example/sim-swap/v2/check)',
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const clientMax = e.RELAY_RATE_LIMIT_MAX ?? DEFAULT_CLIENT_LIMIT.max;
  const test = mode === 'test';
  const capMax = e.RELAY_PHONE_CAP ?? e.RELAY_PHONE_LIMIT_MAX;
  const phoneCap = perHour(capMax, test ? false : DEFAULT_PHONE_LIMITS.cap);
  const promptsPerHour = perHour(e.CAMARA_CIBA_PROMPTS_PER_HOUR, test ? false : DEFAULT_CIBA_PROMPTS.perHour);
  return {
    port,
    host: e.HOST,
    mode,
    production,
    dqe,
    camara,
    allowedOrigins: allowed.origins,
    operatorOrigins: operator.origins,
    attestationSecret: e.ATTESTATION_SECRET ?? randomSecret(),
    attestationSecretGenerated: !e.ATTESTATION_SECRET,
    apiKey: e.RELAY_API_KEY ?? null,
    metricsKey: e.RELAY_METRICS_KEY ?? null,
    requireSession,
    policy: { thresholds: t.thresholds, required: required.fields, disclose: e.RELAY_DISCLOSE ?? DEFAULT_DISCLOSURE },
    limits: {
      client:
        clientMax === 0
          ? false
          : {
              max: clientMax,
              windowMs: (e.RELAY_RATE_LIMIT_WINDOW_SECONDS ?? DEFAULT_CLIENT_LIMIT.windowMs / 1000) * 1000,
            },
      phoneClient: perHour(e.RELAY_PHONE_CLIENT_LIMIT, test ? false : DEFAULT_PHONE_LIMITS.client),
      phoneReference: perHour(e.RELAY_PHONE_REFERENCE_LIMIT, test ? false : DEFAULT_PHONE_LIMITS.reference),
      phoneCap:
        phoneCap && e.RELAY_PHONE_LIMIT_WINDOW_SECONDS !== undefined
          ? { max: phoneCap.max, windowMs: e.RELAY_PHONE_LIMIT_WINDOW_SECONDS * 1000 }
          : phoneCap,
    },
    trustProxy: isTrue(e.RELAY_TRUST_PROXY),
    clientIpHeader: e.RELAY_CLIENT_IP_HEADER ?? null,
    publicUrl: publicUrl?.url ?? null,
    issuer,
    consentBinding,
    cibaPrompts: promptsPerHour
      ? { perHour: promptsPerHour.max, perDay: Math.max(promptsPerHour.max, DEFAULT_CIBA_PROMPTS.perDay) }
      : false,
    store,
    signals: signals.settings,
    maxConnections: e.RELAY_MAX_CONNECTIONS ?? 1024,
    maxConnectionsPerAddress: e.RELAY_MAX_CONNECTIONS_PER_ADDRESS ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
    warnings,
  };
}
