/**
 * The relay on Cloudflare's workerd (Workers): a module worker. `npm run relay:workerd` bundles it and serves it
 * with the `workerd` binary on PORT (scripts/relay-workerd.mjs); deployed on Cloudflare, the same module is the
 * Worker. Configuration from the worker's text bindings (the same variables as `npm run relay`); test mode
 * without credentials; the store in memory (one isolate's).
 *
 * The client's address (per-client limit) comes only from the platform: `CF-Connecting-IP` when `request.cf` is
 * present (Cloudflare's edge set it), or the header named by `RELAY_CLIENT_IP_HEADER` (another platform or proxy
 * in front that sets it). A request with neither is refused (503 `R503`, logged `client_unknown`): without an
 * address every shopper would share one bucket, and a client's own `CF-Connecting-IP` would be believed.
 */
import { ConfigError, type Env } from './config.js';
import { edgeClientAddress } from './limits.js';
import { createLogger, type LogSink } from './log.js';
import { configErrorLines, createStandaloneRelay, type StandaloneRelay } from './standalone.js';

/** Text bindings only (secrets are text too); anything else a binding may hold is ignored. */
function textBindings(bindings: Record<string, unknown>): Env {
  const env: Env = {};
  for (const [k, v] of Object.entries(bindings)) if (typeof v === 'string') env[k] = v;
  return env;
}

const errorResponse = (id: 'R500' | 'R503', type: string, status: number) =>
  Response.json(
    { status: 'error', error_id: id, error_type: type },
    { status, headers: { 'cache-control': 'no-store' } },
  );

export interface Worker {
  fetch(request: Request, bindings: Record<string, unknown>): Response | Promise<Response>;
}

/** A worker (its relay built on the first request); `logger` receives the entry's own log lines. */
export function createWorker(logger?: LogSink): Worker {
  let relay: StandaloneRelay | null = null;
  let refused: string[] | null = null;
  const log = createLogger({ sink: logger });
  return {
    fetch(request, bindings) {
      // built on the first request: workerd allows no random values or timers in the global scope
      if (!relay && !refused) {
        const env = textBindings(bindings);
        try {
          relay = createStandaloneRelay(env, Number(env['PORT'] || 8787), { memoryOnly: 'workerd' });
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          refused = configErrorLines(e);
          for (const line of refused) console.error(line);
        }
      }
      if (!relay) return errorResponse('R500', 'relay misconfigured (see its log)', 500);
      const remoteAddress = edgeClientAddress(request, relay.config.clientIpHeader);
      if (remoteAddress === null && new URL(request.url).pathname !== '/health') {
        log.warn('client_unknown', {
          reason: relay.config.clientIpHeader
            ? `no IP address in ${relay.config.clientIpHeader}`
            : 'no request.cf (not through Cloudflare) and no RELAY_CLIENT_IP_HEADER',
        });
        return errorResponse('R503', 'the relay cannot tell this client apart (see its log)', 503);
      }
      return relay.fetch(request, remoteAddress === null ? {} : { remoteAddress });
    },
  };
}

export default createWorker();
