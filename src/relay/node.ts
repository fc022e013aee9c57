/**
 * The relay alone on a port: `npm run relay`. Configuration from the environment (config.ts); a bad one stops
 * here with one line per problem and exit code 1, and so does a production environment without upstream
 * credentials. In test mode it serves the simulator under `/simulator` (its consent page) and says so loudly.
 *
 * The Node server is hardened for a public port: headers within 10 s, a whole request within 30 s, idle
 * keep-alive connections closed after 5 s, at most `RELAY_MAX_CONNECTIONS` connections at once and at most
 * `RELAY_MAX_CONNECTIONS_PER_ADDRESS` from one address (IPv6 by /64). Node checks the header and request
 * timeouts only every `connectionsCheckingInterval` (30 s by default: slow headers were cut after ~30 s, not
 * 10): the server checks every second. With Redis, its eviction policy is checked at start and every minute.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { ConfigError, type Env, type RelayConfig } from './config.js';
import { capConnectionsPerAddress } from './connection-cap.js';
import { createLogger, type LogSink } from './log.js';
import { configErrorLines, createStandaloneRelay, listeningLine, testModeBanner } from './standalone.js';
import { watchEvictionPolicy } from './store/eviction-check.js';
import { loadClientKey } from './upstreams/camara/private-key-jwt.js';
import type { RedisStore } from './store/redis.js';
import type { RelayStore } from './store/types.js';

/** How long the server waits for Redis before listening anyway (limits then fail open, single use closed). */
export const STORE_READY_WAIT_MS = 5_000;

export const SERVER_TIMEOUTS = Object.freeze({
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  /** How often Node looks for connections past the header and request timeouts (its default is 30 s). */
  checkEveryMs: 1_000,
});

export interface RelayServer {
  server: ServerType;
  port: number;
  config: RelayConfig;
  close(): Promise<void>;
}

/** The request handler for an environment: the relay at the root, the simulator under `/simulator` in test mode. */
export function buildHandler(
  env: Env,
  port: number,
  logger?: LogSink,
  store?: RelayStore,
): {
  config: RelayConfig;
  handler: (req: Request, env?: unknown) => Response | Promise<Response>;
  redis: RedisStore | null;
} {
  const relay = createStandaloneRelay(env, port, { ...(logger ? { logger } : {}), ...(store ? { store } : {}) });
  // @hono/node-server passes { incoming, outgoing }: the relay reads the socket's address from it
  return {
    config: relay.config,
    handler: (req, e) => relay.fetch(req, e as { remoteAddress?: string }),
    redis: relay.redis,
  };
}

/**
 * Starts the relay from an environment. Throws ConfigError on a bad configuration. With `RELAY_STORE_URL`, waits
 * up to {@link STORE_READY_WAIT_MS} for Redis, then listens whether or not it came (and says so).
 */
export async function startRelayServer(env: Env, options: { logger?: LogSink } = {}): Promise<RelayServer> {
  const port = Number(env['PORT'] || 8787);
  const built = buildHandler(env, Number.isInteger(port) ? port : 8787, options.logger);
  let { config, handler } = built;
  const { redis } = built;
  const log = createLogger({ sink: options.logger });
  // a private key that cannot sign is a configuration error, said at start rather than at the first check
  if (config.camara?.clientAuth === 'private_key_jwt' && config.camara.privateKey) {
    await loadClientKey(config.camara.privateKey, config.camara.signingAlg, config.camara.keyId).catch((e: unknown) => {
      throw new ConfigError([e instanceof Error ? e.message : 'CAMARA_PRIVATE_KEY: cannot be imported']);
    });
  }
  if (redis && !(await redis.ready(STORE_READY_WAIT_MS))) {
    console.error(
      `warning: RELAY_STORE_URL: Redis did not answer within ${STORE_READY_WAIT_MS / 1000} s; listening anyway (limits fail open, single-use checks answer R503 until it does)`,
    );
  }
  const stopWatching = redis ? watchEvictionPolicy(redis, log) : () => {};
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: (req, e) => handler(req, e),
        port: config.port,
        hostname: config.host,
        serverOptions: {
          headersTimeout: SERVER_TIMEOUTS.headersMs,
          requestTimeout: SERVER_TIMEOUTS.requestMs,
          connectionsCheckingInterval: SERVER_TIMEOUTS.checkEveryMs,
        },
      },
      (info) => {
        // PORT=0 (any free port) in test mode: what it derives from its port (its public URL, its simulator's
        // consent links) is built again from the port it got, before the first request is read
        if (config.port === 0 && config.mode === 'test') {
          ({ config, handler } = buildHandler(env, info.port, options.logger, redis ?? undefined)); // the same store
        }
        resolve({
          server,
          port: info.port,
          config,
          close: () =>
            new Promise<void>((done) => server.close(() => done())).then(async () => {
              stopWatching();
              await redis?.close();
            }),
        });
      },
    );
    const http = server as Server;
    http.headersTimeout = SERVER_TIMEOUTS.headersMs;
    http.requestTimeout = SERVER_TIMEOUTS.requestMs;
    http.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveMs;
    http.maxConnections = config.maxConnections;
    // one line per 10 s at most under a flood, with the count of refusals since the last one
    let refusedSince = 0;
    let lastLineAt = -Infinity;
    capConnectionsPerAddress(http, config.maxConnectionsPerAddress, () => {
      refusedSince += 1;
      if (Date.now() - lastLineAt < 10_000) return;
      lastLineAt = Date.now();
      log.warn('connection_refused', {
        reason: 'per-address cap (RELAY_MAX_CONNECTIONS_PER_ADDRESS)',
        max: config.maxConnectionsPerAddress,
        refused: refusedSince,
      });
      refusedSince = 0;
    });
    server.once('error', (e: Error) => {
      stopWatching();
      reject(e);
    });
  });
}

/**
 * The `idmobile-relay` command (and `npm run relay`): the relay from `process.env`, its problems one per line on
 * stderr (exit 1), the test-mode banner and warnings on stderr, the listening line on stdout; SIGINT and SIGTERM
 * close it.
 */
export async function main(env: Env = process.env): Promise<void> {
  let running: RelayServer;
  try {
    running = await startRelayServer(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const line of configErrorLines(e)) console.error(line);
      process.exit(1);
    }
    console.error(`idmobile-check relay: could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  const { config, port } = running;
  if (config.mode === 'test') console.error(testModeBanner(config, port));
  for (const w of config.warnings) console.error(`warning: ${w}`);
  console.log(listeningLine(config, port, 'node'));
  const stop = () => {
    void running.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) await main();
