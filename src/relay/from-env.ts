/**
 * The relay from the environment, in one call: `createRelayFromEnv(process.env)` validates the configuration
 * (config.ts, {@link ConfigError} on any problem) and builds the app on the upstream it names, with every
 * trust and limit setting applied. The Node entry (`npm run relay`) is this plus a server.
 */
import type { Hono } from 'hono';
import { createRelay, type RelayOptions } from './app.js';
import { isLoopbackUrl, loadConfig, type Env, type RelayConfig } from './config.js';
import { createLogger, type LogSink } from './log.js';
import { createRedisStore, type RedisStore } from './store/redis.js';
import { sharedToken, tokenKey } from './store/shared-token.js';
import type { RelayStore } from './store/types.js';
import { createTestModeRelay } from './test-mode.js';
import { createUpstream, type TokenCacheFactory } from './upstreams/index.js';

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
    policy: config.policy,
    requireSession: config.requireSession,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    operatorOrigins: config.operatorOrigins,
    limits: { client: config.limits.client, phoneCap: config.limits.phone },
    trustProxy: config.trustProxy,
  };
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
  const redis =
    !options.store && config.store.kind === 'redis'
      ? createRedisStore({
          url: config.store.url,
          prefix: config.store.prefix,
          logger: createLogger({ sink: options.logger, secrets: [config.store.url] }),
        })
      : null;
  const store = options.store ?? redis ?? undefined;
  const common = { ...relayOptionsOf(config), logger: options.logger, store };
  const secrets = [config.dqe?.licence, config.dqe?.clientSecret, config.camara?.clientSecret].filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  const upstreamLog = createLogger({ sink: options.logger, secrets: [...secrets, config.attestationSecret] });
  const base = config.dqe?.baseUrl ?? config.camara?.apiRoot ?? '';
  const account = config.dqe?.licence ?? config.camara?.clientId ?? '';
  // with a store, the fleet shares the access token (one token request per expiry for every instance)
  const tokenCache: TokenCacheFactory | undefined = store
    ? (name, fetchToken) =>
        sharedToken(store, tokenKey(name, base, account), fetchToken, {
          logger: upstreamLog,
          onToken: (t) => upstreamLog.addSecret(t),
        })
    : undefined;
  const upstream =
    config.mode === 'test'
      ? null
      : createUpstream(config, { logger: upstreamLog, ...(tokenCache ? { tokenCache } : {}) });
  if (upstream === null) {
    const { relay, simulator } = createTestModeRelay({ ...common, simulatorPublicUrl: options.simulatorPublicUrl });
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
