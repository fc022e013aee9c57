/**
 * The relay alone on a port: `npm run relay`. Configuration from the environment (see config.ts); a bad one
 * stops here with one line per problem and exit code 1. Without `DQE_LICENCE` it runs the in-process test
 * mode, serves the simulator under `/simulator` (its consent page), and says so loudly.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Context, Hono } from 'hono';
import { pathToFileURL } from 'node:url';
import { createRelay, type RelayOptions } from './app.js';
import { ConfigError, loadConfig, type Env, type RelayConfig } from './config.js';
import { createTestModeRelay } from './test-mode.js';
import { createUpstream } from './upstreams/index.js';

/** Client key for the rate limit: the socket's address, or the last `X-Forwarded-For` hop behind one proxy. */
function clientKeyFor(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    if (trustProxy) {
      const hops = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const last = hops[hops.length - 1];
      if (last) return last;
    }
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    return env?.incoming?.socket?.remoteAddress ?? 'shared';
  };
}

export interface RelayServer {
  server: ServerType;
  port: number;
  config: RelayConfig;
  close(): Promise<void>;
}

/** Builds the request handler for a configuration (relay at the root; simulator under `/simulator` in test mode). */
export function buildHandler(
  config: RelayConfig,
  port: number,
): (req: Request, env?: unknown) => Response | Promise<Response> {
  const common: Omit<RelayOptions, 'mode' | 'dqe' | 'upstream'> = {
    allowedOrigins: config.allowedOrigins,
    attestationSecret: config.attestationSecret,
    policy: config.policy,
    rateLimit: config.rateLimit,
    clientKey: clientKeyFor(config.trustProxy),
  };
  const upstream = createUpstream(config);
  if (upstream) {
    const relay = createRelay({ ...common, mode: upstream.mode, upstream });
    return (req, env) => relay.fetch(req, env);
  }
  const { relay, simulator } = createTestModeRelay({
    ...common,
    simulatorPublicUrl: `http://localhost:${port}/simulator`,
  });
  const mounted: Hono = simulator;
  return (req, env) => {
    const url = new URL(req.url);
    if (url.pathname === '/simulator' || url.pathname.startsWith('/simulator/')) {
      url.pathname = url.pathname.slice('/simulator'.length) || '/';
      return mounted.fetch(new Request(url, req), env);
    }
    return relay.fetch(req, env);
  };
}

function banner(config: RelayConfig, port: number): string {
  const lines = [
    'TEST MODE: no upstream credentials set, the relay answers from the built-in simulator (DQE and CAMARA).',
    'No real operator is asked; scores are computed against fake subscribers.',
    `Simulator (consent page): http://localhost:${port}/simulator/`,
    `Allowed origins: ${config.allowedOrigins.join(' ') || '(same origin only)'}`,
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

const unavailable = (): Response => new Response('starting', { status: 503 });

/** Starts the relay from an environment. Throws ConfigError on a bad configuration. */
export function startRelayServer(env: Env, hostname?: string): Promise<RelayServer> {
  const config = loadConfig(env);
  return new Promise((resolve, reject) => {
    let handler: ReturnType<typeof buildHandler> | null = null;
    const server = serve(
      { fetch: (req: Request, e: unknown) => (handler ?? unavailable)(req, e), port: config.port, hostname },
      (info) => {
        resolve({
          server,
          port: info.port,
          config,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      },
    );
    server.once('error', reject);
    handler = buildHandler(config, config.port);
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  let running: RelayServer;
  try {
    running = await startRelayServer(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error('idmobile-check relay: the configuration is invalid, not starting.');
      for (const p of e.problems) console.error(`  - ${p}`);
      process.exit(1);
    }
    console.error(`idmobile-check relay: could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  const { config, port } = running;
  if (config.mode === 'test') console.error(banner(config, port));
  for (const w of config.warnings) console.error(`warning: ${w}`);
  console.log(
    JSON.stringify({
      time: new Date().toISOString(),
      level: 'info',
      event: 'listening',
      port,
      mode: config.mode,
      allowed_origins: config.allowedOrigins,
    }),
  );
  const stop = () => {
    void running.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
