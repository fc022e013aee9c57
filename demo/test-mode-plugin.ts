/**
 * Vite plugin: the relay and the test mode (simulator) mounted in-process on Vite's own server, so
 * `npm start` is one command, one port, no credentials and no network.
 *
 *   /api/idmobile/*  the relay (match, result, health) on the in-process simulator
 *   /simulator/*     the simulator's pages (consent page, magic numbers)
 */
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Connect, Plugin } from 'vite';
import { createTestModeRelay } from '../src/relay/index.js';
import { MAGIC_NUMBERS, SUBSCRIBERS } from '../src/testmode/index.js';

export const RELAY_PATH = '/api/idmobile';
export const SIMULATOR_PATH = '/simulator';

/** One app per Host header: the consent URL must point back at the host the browser used. */
function handlerFor(host: string) {
  const { relay, simulator } = createTestModeRelay({
    simulatorPublicUrl: `http://${host}${SIMULATOR_PATH}`,
    allowedOrigins: [],
    attestationSecret: 'test-mode-only-attestation-secret-not-for-production',
    // the demo and its end-to-end tests come from one address: a generous limit, still a limit
    rateLimit: { windowMs: 60_000, max: 2_000 },
    logger: process.env['IDMOBILE_RELAY_LOGS'] ? undefined : () => {},
  });
  const app = new Hono();
  app.route(RELAY_PATH, relay);
  app.route(SIMULATOR_PATH, simulator);
  return getRequestListener(app.fetch);
}

function middleware(): Connect.NextHandleFunction {
  const handlers = new Map<string, ReturnType<typeof handlerFor>>();
  return (req: IncomingMessage, res: ServerResponse, next: Connect.NextFunction) => {
    const url = req.url ?? '/';
    const mine = [RELAY_PATH, SIMULATOR_PATH].some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
    if (!mine) return next();
    const host = /^[\w.\-:[\]]{1,100}$/.test(req.headers.host ?? '') ? req.headers.host! : 'localhost';
    let handler = handlers.get(host);
    if (!handler) handlers.set(host, (handler = handlerFor(host)));
    void handler(req, res);
  };
}

export function banner(url: string): string {
  const people = SUBSCRIBERS.map((s) => `   ${s.phone}  ${s.record.firstname} ${s.record.lastname} (${s.operator}${s.consent ? ', asks for consent' : ''})`);
  const errors = MAGIC_NUMBERS.slice(0, 3).map((m) => m.phone).join(', ');
  return [
    '',
    `  idmobile-check demo on the built-in TEST MODE: open ${url}`,
    '  No DQE credentials are used; scores come from fake subscribers:',
    ...people,
    `   ${errors}, …  (+336000000XX answers DQE error XX)`,
    '   any other French mobile: error 10; a landline is refused before any request',
    '',
  ].join('\n');
}

export function idmobileTestMode(): Plugin {
  return {
    name: 'idmobile-test-mode',
    configureServer(server) {
      server.middlewares.use(middleware());
      server.httpServer?.once('listening', () => {
        setTimeout(() => {
          const url = server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}/`;
          server.config.logger.info(banner(url));
        }, 50);
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware());
    },
  };
}
