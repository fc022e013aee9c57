/**
 * The test mode alone on a port: `npm run simulator` (port from `PORT`, default 8788; `SIMULATOR_PUBLIC_URL`
 * optionally fixes the browser-facing base URL used in consent URLs; `RELAY_ALLOWED_ORIGINS` lists the origins
 * it redirects to after consent, besides loopback; `CAMARA_CLIENT_JWKS_URL` is where the CAMARA face fetches the
 * client's public keys for `private_key_jwt` (the relay's `/.well-known/jwks.json`); `SIMULATOR_CIBA_APPROVAL_MS`
 * and `SIMULATOR_CIBA_INTERVAL_SECONDS` set how long CIBA subscribers take to approve and the polling interval).
 */
import { serve, type ServerType } from '@hono/node-server';
import { pathToFileURL } from 'node:url';
import { CONFIGURED_ORIGINS, parseOriginList } from '../protocol/origins.js';
import { createSimulator, type SimulatorOptions } from './app.js';
import { remoteJwks } from './camara/client-auth.js';

export const DEFAULT_SIMULATOR_PORT = 8788;

export function parsePort(raw: string | undefined, fallback = DEFAULT_SIMULATOR_PORT): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535 (got ${JSON.stringify(raw)})`);
  }
  return port;
}

/** A non-negative integer setting (`undefined` when unset or empty); anything else throws naming the variable. */
export function parseNonNegativeInt(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer between 0 and ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** The simulator's options from the environment (`PORT` apart). Throws a message naming the wrong variable. */
export function simulatorOptionsFromEnv(env: Record<string, string | undefined>): SimulatorOptions {
  const origins = parseOriginList(env['RELAY_ALLOWED_ORIGINS'], CONFIGURED_ORIGINS);
  if (origins.invalid.length > 0) {
    throw new Error(`RELAY_ALLOWED_ORIGINS: not origins: ${origins.invalid.join(' ')}`);
  }
  const jwksUrl = env['CAMARA_CLIENT_JWKS_URL']?.trim() || undefined;
  if (jwksUrl !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(jwksUrl);
    } catch {
      /* reported below */
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new Error(`CAMARA_CLIENT_JWKS_URL must be an http(s) URL (got ${JSON.stringify(jwksUrl)})`);
    }
  }
  const intervalSeconds = parseNonNegativeInt(
    'SIMULATOR_CIBA_INTERVAL_SECONDS',
    env['SIMULATOR_CIBA_INTERVAL_SECONDS'],
    60,
  );
  if (intervalSeconds === 0) throw new Error('SIMULATOR_CIBA_INTERVAL_SECONDS must be at least 1');
  return {
    publicUrl: env['SIMULATOR_PUBLIC_URL'] || undefined,
    allowedRedirectOrigins: origins.origins,
    camaraClientJwks: jwksUrl === undefined ? undefined : remoteJwks(jwksUrl),
    cibaApprovalMs: parseNonNegativeInt('SIMULATOR_CIBA_APPROVAL_MS', env['SIMULATOR_CIBA_APPROVAL_MS'], 600_000),
    cibaIntervalSeconds: intervalSeconds,
  };
}

/** Starts the simulator; resolves with the server and the port it listens on. */
export function startSimulatorServer(
  port: number,
  options: SimulatorOptions = {},
  hostname?: string,
): Promise<{ server: ServerType; port: number }> {
  const app = createSimulator(options);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => resolve({ server, port: info.port }));
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  try {
    const port = parsePort(process.env['PORT']);
    const { port: actual } = await startSimulatorServer(port, simulatorOptionsFromEnv(process.env));
    console.log(
      `idmobile-check test mode (DQE and CAMARA simulator) listening on http://localhost:${actual}/ (licence "demo", client secret "demo"; CAMARA issuer http://localhost:${actual}/camara)`,
    );
  } catch (error) {
    console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
