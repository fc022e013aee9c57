/**
 * The relay's configuration, read from the environment and validated (one clear message per problem).
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `PORT` | port of the standalone server | `8787` |
 * | `RELAY_MODE`, `DQE_*`, `CAMARA_*` | the upstream: see upstreams/config.ts | test mode without credentials |
 * | `RELAY_ALLOWED_ORIGINS` | origins allowed to call the relay, space- or comma-separated; `scheme://host:*` = any port | dqe: none; test: loopback on any port |
 * | `ATTESTATION_SECRET` | HS256 key of attestations, >= 32 characters (required outside test mode) | test: random, per start |
 * | `RELAY_REQUIRED_FIELDS` | fields the attestation's verdict requires | `given_name family_name` |
 * | `RELAY_MATCH_THRESHOLD` / `RELAY_PARTIAL_THRESHOLD` | score bands of the verdict | `0.9` / `0.6` |
 * | `RELAY_RATE_LIMIT_MAX` / `RELAY_RATE_LIMIT_WINDOW_SECONDS` | requests per client per window | `30` / `60` |
 * | `RELAY_TRUST_PROXY` | `1`/`true`: the client is the last `X-Forwarded-For` hop (behind one reverse proxy) | off |
 */
import { z } from 'zod';
import { DEFAULT_REQUIRED, parseFieldList, type IdentityField } from '../protocol/fields.js';
import { normaliseThresholds, type Thresholds } from '../protocol/scores.js';
import { DEFAULT_RATE_LIMIT } from './rate-limit.js';
import { LOOPBACK_ORIGINS, parseOriginList } from './origins.js';
import { loadUpstreamConfig, type CamaraConfig, type DqeConfig, type RelayMode } from './upstreams/config.js';

export interface RelayConfig {
  port: number;
  mode: RelayMode;
  /** DQE access; `null` unless the mode is `dqe`. */
  dqe: DqeConfig | null;
  /** CAMARA KYC Match access; `null` unless the mode is `camara`. */
  camara: CamaraConfig | null;
  /** Origins as configured (exact origins and `scheme://host:*` entries). */
  allowedOrigins: string[];
  attestationSecret: string;
  /** True when the secret was generated at start (test mode without `ATTESTATION_SECRET`). */
  attestationSecretGenerated: boolean;
  policy: { thresholds: Thresholds; required: IdentityField[] };
  rateLimit: { windowMs: number; max: number };
  trustProxy: boolean;
  /** Things worth saying at start that are not errors. */
  warnings: string[];
}

/** Thrown by {@link loadConfig}; `problems` has one line per problem, naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

const optional = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));

const intIn = (min: number, max: number) =>
  optional.pipe(
    z
      .string()
      .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional(),
  );

const EnvSchema = z.object({
  PORT: intIn(1, 65535),
  RELAY_ALLOWED_ORIGINS: optional,
  ATTESTATION_SECRET: optional.pipe(
    z
      .string()
      .min(32, 'must be at least 32 characters (use a random value, e.g. `openssl rand -base64 48`)')
      .optional(),
  ),
  RELAY_REQUIRED_FIELDS: optional,
  RELAY_MATCH_THRESHOLD: optional,
  RELAY_PARTIAL_THRESHOLD: optional,
  RELAY_RATE_LIMIT_MAX: intIn(1, 1_000_000),
  RELAY_RATE_LIMIT_WINDOW_SECONDS: intIn(1, 86_400),
  RELAY_TRUST_PROXY: optional.pipe(
    z.enum(['1', '0', 'true', 'false'], { error: 'must be 1, 0, true or false' }).optional(),
  ),
});

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
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
    const r = (schema as z.ZodType).safeParse(env[name]);
    if (r.success) (e as Record<string, unknown>)[name] = r.data;
    else for (const issue of r.error.issues) problems.push(`${name}: ${issue.message}`);
  }
  const upstream = loadUpstreamConfig(env);
  problems.push(...upstream.problems);
  const { mode, dqe, camara } = upstream.config;
  if (mode !== 'test') {
    if (!e.ATTESTATION_SECRET)
      problems.push(`ATTESTATION_SECRET: required when RELAY_MODE is ${mode} (at least 32 characters)`);
    else if (e.ATTESTATION_SECRET === upstream.config.clientSecret)
      problems.push(`ATTESTATION_SECRET: must differ from ${mode === 'dqe' ? 'DQE' : 'CAMARA'}_CLIENT_SECRET`);
  }

  let allowedOrigins: string[];
  if (e.RELAY_ALLOWED_ORIGINS) {
    const list = parseOriginList(e.RELAY_ALLOWED_ORIGINS);
    for (const p of list.problems) problems.push(`RELAY_ALLOWED_ORIGINS: ${p}`);
    allowedOrigins = e.RELAY_ALLOWED_ORIGINS.split(/[\s,]+/)
      .filter(Boolean)
      .map((s) => s.replace(/\/+$/, ''));
  } else if (mode === 'test') {
    allowedOrigins = [...LOOPBACK_ORIGINS];
  } else {
    allowedOrigins = [];
    warnings.push('RELAY_ALLOWED_ORIGINS is empty: only same-origin and non-browser requests will be served');
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

  if (problems.length > 0) throw new ConfigError(problems);

  const generated = !e.ATTESTATION_SECRET;
  return {
    port: e.PORT ?? 8787,
    mode,
    dqe,
    camara,
    allowedOrigins,
    attestationSecret: e.ATTESTATION_SECRET ?? randomSecret(),
    attestationSecretGenerated: generated,
    policy: { thresholds: t.thresholds, required: required.fields },
    rateLimit: {
      windowMs: (e.RELAY_RATE_LIMIT_WINDOW_SECONDS ?? DEFAULT_RATE_LIMIT.windowMs / 1000) * 1000,
      max: e.RELAY_RATE_LIMIT_MAX ?? DEFAULT_RATE_LIMIT.max,
    },
    trustProxy: e.RELAY_TRUST_PROXY === '1' || e.RELAY_TRUST_PROXY === 'true',
    warnings,
  };
}
