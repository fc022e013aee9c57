/**
 * The test mode alone on a port: `npm run simulator` (port from `PORT`, default 8788; `SIMULATOR_PUBLIC_URL`
 * optionally fixes the browser-facing base URL used in consent URLs; `RELAY_ALLOWED_ORIGINS` lists the origins
 * it redirects to after consent, besides loopback).
 */
import { serve, type ServerType } from '@hono/node-server';
import { pathToFileURL } from 'node:url';
import { CONFIGURED_ORIGINS, parseOriginList } from '../protocol/origins.js';
import { createSimulator, type SimulatorOptions } from './app.js';

export const DEFAULT_SIMULATOR_PORT = 8788;

export function parsePort(raw: string | undefined, fallback = DEFAULT_SIMULATOR_PORT): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535 (got ${JSON.stringify(raw)})`);
  }
  return port;
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
    const publicUrl = process.env['SIMULATOR_PUBLIC_URL'] || undefined;
    const origins = parseOriginList(process.env['RELAY_ALLOWED_ORIGINS'], CONFIGURED_ORIGINS);
    if (origins.invalid.length > 0) {
      throw new Error(`RELAY_ALLOWED_ORIGINS: not origins: ${origins.invalid.join(' ')}`);
    }
    const { port: actual } = await startSimulatorServer(port, {
      publicUrl,
      allowedRedirectOrigins: origins.origins,
    });
    console.log(
      `idmobile-check test mode (DQE simulator) listening on http://localhost:${actual}/ (licence "demo", client secret "demo")`,
    );
  } catch (error) {
    console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
