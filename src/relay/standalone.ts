/**
 * The relay as a standalone server's one request handler, for every runtime (Node, Bun, Deno, workerd): the relay
 * at the root and, in test mode, the simulator under `/simulator` (its consent page). Runtime-neutral: web
 * Request/Response only; each runtime's entry (`node.ts`, `bun.ts`, `deno.ts`, `workerd.ts`) adds the server.
 */
import type { LogSink } from './log.js';
import { ConfigError, type Env, type RelayConfig } from './config.js';
import { createRelayFromEnv } from './from-env.js';
import type { RedisStore } from './store/redis.js';
import type { RelayStore } from './store/types.js';

export interface StandaloneRelay {
  config: RelayConfig;
  /** Serves one request; `remoteAddress` is the client's address as the runtime sees it (per-client limit). */
  fetch(request: Request, client?: { remoteAddress?: string }): Response | Promise<Response>;
  /** The Redis store `RELAY_STORE_URL` opened (Node only), or null. */
  redis: RedisStore | null;
}

export interface StandaloneOptions {
  /** The runtime's name, when its store can only be in memory (no sockets to Redis there): Redis is refused. */
  memoryOnly?: string;
  /** Receives every log entry (default one JSON line on stdout). */
  logger?: LogSink;
  /** A store already connected (instead of the one `RELAY_STORE_URL` names). */
  store?: RelayStore;
}

/** Builds the handler for an environment. Throws {@link ConfigError} (one line per problem) on a bad one. */
export function createStandaloneRelay(env: Env, port: number, options: StandaloneOptions = {}): StandaloneRelay {
  if (options.memoryOnly && env['RELAY_STORE_URL'] && env['RELAY_STORE_URL'].trim() !== 'memory:') {
    throw new ConfigError([
      `RELAY_STORE_URL: the Redis store runs on Node (npm run relay); on ${options.memoryOnly} the store is in memory: unset it`,
    ]);
  }
  const { relay, simulator, config, redis } = createRelayFromEnv(env, {
    simulatorPublicUrl: `http://localhost:${port}/simulator`,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.store ? { store: options.store } : {}),
  });
  // workerd runs many isolates, each with its own memory: a CIBA request or an authorization-code state kept in
  // one would be unknown to the next request's isolate
  const stateful = config.camara?.flows.filter((f) => f !== 'client_credentials') ?? [];
  if (options.memoryOnly === 'workerd' && config.mode === 'camara' && stateful.length > 0) {
    throw new ConfigError([
      `CAMARA_AUTH: ${stateful.join(' ')} keeps each check's state between requests, which workerd's isolates do not share (no shared store there): run the relay on Node with RELAY_STORE_URL, or use client_credentials`,
    ]);
  }
  if (config.clientIpHeader && options.memoryOnly !== 'workerd') {
    config.warnings.push(
      `RELAY_CLIENT_IP_HEADER is read on workerd only: ${options.memoryOnly ?? 'Node'} counts clients by the socket's address (behind your own proxy: RELAY_TRUST_PROXY=1)`,
    );
  }
  return {
    config,
    redis,
    fetch(request, client) {
      const url = new URL(request.url);
      if (simulator && (url.pathname === '/simulator' || url.pathname.startsWith('/simulator/'))) {
        url.pathname = url.pathname.slice('/simulator'.length) || '/';
        return simulator.fetch(new Request(url, request));
      }
      return relay.fetch(request, client);
    },
  };
}

/** The loud notice a test-mode relay prints at start. */
export function testModeBanner(config: RelayConfig, port: number): string {
  const lines = [
    'TEST MODE: the relay answers from the built-in simulator (RELAY_MODE=test, or no upstream credentials set).',
    'No real operator is asked; scores are computed against fake subscribers; attestations say mode "test".',
    `Simulator (consent page): http://localhost:${port}/simulator/`,
    `Allowed origins: ${[...config.allowedOrigins, 'loopback on any port'].join(' ')}`,
    config.attestationSecretGenerated
      ? 'ATTESTATION_SECRET not set: a random one was generated for this run (attestations die with the process).'
      : 'ATTESTATION_SECRET: set from the environment.',
    'Set RELAY_MODE=dqe with DQE_LICENCE, DQE_CLIENT_SECRET, DQE_BASE_URL, DQE_PARTNER_NAME, ATTESTATION_SECRET to use DQE,',
    'or RELAY_MODE=camara with CAMARA_API_ROOT, CAMARA_TOKEN_URL, CAMARA_AUTHORIZE_URL, CAMARA_CLIENT_ID, CAMARA_CLIENT_SECRET.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '#'.repeat(width + 4);
  return [bar, ...lines.map((l) => `# ${l.padEnd(width)} #`), bar].join('\n');
}

/** The `listening` log line every entry prints once its server is up. */
export function listeningLine(config: RelayConfig, port: number, runtime: string): string {
  return JSON.stringify({
    time: new Date().toISOString(),
    level: 'info',
    event: 'listening',
    runtime,
    port,
    host: config.host ?? null,
    mode: config.mode,
    allowed_origins: config.allowedOrigins,
    require_session: config.requireSession,
    server_api: config.apiKey !== null,
    store: config.store.kind,
  });
}

/** What an entry prints when the configuration is refused (then it exits with code 1). */
export function configErrorLines(e: ConfigError): string[] {
  return ['idmobile-check relay: the configuration is invalid, not starting.', ...e.problems.map((p) => `  - ${p}`)];
}

/**
 * Starts the relay on a runtime's server: validates, serves, prints the banner and the `listening` line, or prints
 * the configuration's problems and exits 1. `serve` answers the port actually bound.
 */
export async function runStandalone(
  runtime: string,
  env: Env,
  serve: (relay: StandaloneRelay, port: number, hostname: string | undefined) => number | Promise<number>,
  exit: (code: number) => never,
): Promise<void> {
  let relay: StandaloneRelay;
  const wanted = Number(env['PORT'] || 8787);
  try {
    relay = createStandaloneRelay(env, Number.isInteger(wanted) ? wanted : 8787, { memoryOnly: runtime });
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const line of configErrorLines(e)) console.error(line);
      exit(1);
    }
    console.error(`idmobile-check relay: could not start: ${e instanceof Error ? e.message : String(e)}`);
    exit(1);
  }
  const { config } = relay;
  const port = await serve(relay, config.port, config.host);
  if (config.mode === 'test') console.error(testModeBanner(config, port));
  for (const w of config.warnings) console.error(`warning: ${w}`);
  console.log(listeningLine(config, port, runtime));
}
