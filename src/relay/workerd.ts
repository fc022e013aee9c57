/**
 * The relay on Cloudflare's workerd (Workers): a module worker. `npm run relay:workerd` bundles it and serves it
 * with the `workerd` binary on PORT (scripts/relay-workerd.mjs); deployed on Cloudflare, the same module is the
 * Worker. Configuration from the worker's text bindings (the same variables as `npm run relay`); test mode
 * without credentials; the store in memory (one isolate's).
 *
 * The client's address (per-client limit) is `CF-Connecting-IP`, which Cloudflare's edge sets on every request;
 * plain workerd has none, so every client shares one bucket there.
 */
import { ConfigError, type Env } from './config.js';
import { configErrorLines, createStandaloneRelay, type StandaloneRelay } from './standalone.js';

let relay: StandaloneRelay | null = null;
let refused: string[] | null = null;

/** Text bindings only (secrets are text too); anything else a binding may hold is ignored. */
function textBindings(bindings: Record<string, unknown>): Env {
  const env: Env = {};
  for (const [k, v] of Object.entries(bindings)) if (typeof v === 'string') env[k] = v;
  return env;
}

export default {
  fetch(request: Request, bindings: Record<string, unknown>): Response | Promise<Response> {
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
    if (!relay) {
      return Response.json(
        { status: 'error', error_id: 'R500', error_type: 'relay misconfigured (see its log)' },
        { status: 500 },
      );
    }
    return relay.fetch(request, { remoteAddress: request.headers.get('cf-connecting-ip') ?? undefined });
  },
};
