/**
 * The relay from the environment, in one call: `createRelayFromEnv(process.env)` validates the configuration
 * (config.ts, {@link ConfigError} on any problem) and builds the app on the upstream it names, with every
 * trust and limit setting applied. The Node entry (`npm run relay`) is this plus a server.
 */
import type { Hono } from 'hono';
import { createRelay, type RelayOptions } from './app.js';
import { loadConfig, type Env, type RelayConfig } from './config.js';
import { isLoopbackUrl } from './config-values.js';
import { createLogger, defaultSink, type LogEntry, type LogSink } from './log.js';
import { createMetrics } from './metrics.js';
import { createMemoryStore } from './store/memory.js';
import { createRedisStore, type RedisStore } from './store/redis.js';
import { sharedToken, tokenKey } from './store/shared-token.js';
import type { RelayStore } from './store/types.js';
import { createTestModeRelay } from './test-mode.js';
import { hmacBase64url } from './trust/fast-crypto.js';
import { trustKeys } from './trust/keys.js';
import { createUpstream, type TokenCacheFactory } from './upstreams/index.js';
import { createPromptGate, type PromptGate } from './upstreams/prompt-gate.js';

export interface RelayFromEnvOptions {
  /** Where the simulator's pages are served (test mode), e.g. `http://localhost:8787/simulator`. */
  simulatorPublicUrl?: string;
  logger?: LogSink;
  /** Overrides the store `RELAY_STORE_URL` names. */
  store?: RelayStore;
}

export interface RelayFromEnv {
  /** The relay's hono app (mount it at the root or under a prefix). */
  relay: Hono;
  /** In test mode, the simulator's app (its consent page), to serve at `simulatorPublicUrl`; else null. */
  simulator: Hono | null;
  config: RelayConfig;
  /** The Redis store this call opened for `RELAY_STORE_URL` (close it on shutdown), or null. */
  redis: RedisStore | null;
}

/** The relay options a configuration gives (everything but the upstream and the mode). */
export function relayOptionsOf(config: RelayConfig): Omit<RelayOptions, 'upstream' | 'mode'> {
  return {
    allowedOrigins: config.allowedOrigins,
    attestationSecret: config.attestationSecret,
    issuer: config.issuer,
    consentBinding: config.consentBinding,
    policy: config.policy,
    requireSession: config.requireSession,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.metricsKey ? { metricsKey: config.metricsKey } : {}),
    operatorOrigins: config.operatorOrigins,
    limits: config.limits,
    trustProxy: config.trustProxy,
  };
}

/**
 * CIBA prompts per number (`CAMARA_CIBA_PROMPTS_PER_HOUR`), counted in `store` under a keyed digest of the number
 * (a key derived from `ATTESTATION_SECRET`: the number never appears in the store).
 */
function cibaPromptGate(config: RelayConfig, store: RelayStore, log: ReturnType<typeof createLogger>): PromptGate {
  const keys = trustKeys(config.attestationSecret);
  keys.catch(() => {});
  return createPromptGate({
    store,
    limits: config.cibaPrompts || { perHour: 0, perDay: 0 },
    keyOf: async (phone) => hmacBase64url((await keys).limits, `ciba-prompts\u0000${phone}`),
    log,
  });
}

/**
 * Validates `env` and creates the relay it describes. Throws {@link ConfigError} (with `problems`, one line
 * each) on a bad configuration, including a production environment without upstream credentials.
 *
 * @example
 * ```ts
 * import { createRelayFromEnv } from 'idmobile-check/relay';
 * const { relay } = createRelayFromEnv(process.env);
 * app.route('/api/idmobile', relay);
 * ```
 */
export function createRelayFromEnv(env: Env, options: RelayFromEnvOptions = {}): RelayFromEnv {
  const config = loadConfig(env);
  // one set of metrics counts what the relay, its upstream and its store log (GET /metrics, RELAY_METRICS_KEY)
  const metrics = config.metricsKey ? createMetrics(config.mode) : undefined;
  const sink = options.logger ?? defaultSink;
  const logSink = metrics
    ? (e: LogEntry) => {
        metrics.observe(e);
        sink(e);
      }
    : options.logger;
  const redis =
    !options.store && config.store.kind === 'redis'
      ? createRedisStore({
          url: config.store.url,
          prefix: config.store.prefix,
          logger: createLogger({ sink: logSink, secrets: [config.store.url] }),
        })
      : null;
  // one store for the relay and the upstream's prompt gate
  const store = options.store ?? redis ?? createMemoryStore();
  const common = {
    ...relayOptionsOf(config),
    ...(logSink ? { logger: logSink } : {}),
    ...(metrics ? { metrics } : {}),
    store,
  };
  const secrets = [
    config.dqe?.licence,
    config.dqe?.clientSecret,
    config.camara?.clientSecret,
    config.camara?.privateKey,
  ].filter((v): v is string => typeof v === 'string' && v !== '');
  const upstreamLog = createLogger({ sink: logSink, secrets: [...secrets, config.attestationSecret] });
  const base =
    config.dqe?.baseUrl ??
    config.camara?.issuer ??
    config.camara?.authorizationUrl ??
    config.camara?.tokenUrl ??
    config.camara?.matchUrl ??
    '';
  const account = config.dqe?.licence ?? config.camara?.clientId ?? '';
  // with a shared store, the fleet shares the access token (one token request per expiry for every instance)
  const tokenCache: TokenCacheFactory | undefined =
    options.store || redis
      ? (name, fetchToken) =>
          sharedToken(store, tokenKey(name, base, account), fetchToken, {
            logger: upstreamLog,
            onToken: (t) => upstreamLog.addSecret(t),
          })
      : undefined;
  const promptGate = config.cibaPrompts ? cibaPromptGate(config, store, upstreamLog) : undefined;
  const upstream =
    config.mode === 'test'
      ? null
      : createUpstream(config, {
          logger: upstreamLog,
          ...(tokenCache ? { tokenCache } : {}),
          ...(promptGate ? { promptGate } : {}),
          store,
          attestationSecret: config.attestationSecret,
          publicUrl: config.publicUrl,
          matchThreshold: config.policy.thresholds.match,
          signals: config.signals,
        });
  if (upstream === null) {
    const { relay, simulator } = createTestModeRelay({
      ...common,
      simulatorPublicUrl: options.simulatorPublicUrl,
      signals: config.signals,
    });
    return { relay, simulator, config, redis };
  }
  const relay = createRelay({
    ...common,
    mode: upstream.mode,
    upstream,
    secrets,
    allowLoopbackConsent: isLoopbackUrl(base),
  });
  return { relay, simulator: null, config, redis };
}
