/**
 * The relay on Deno: `npm run relay:deno`. The same hono app and configuration as `npm run relay` (PORT, HOST,
 * RELAY_*, DQE_*), test mode without credentials, the store in memory.
 */
import { runStandalone } from './standalone.js';

/** What this entry uses of Deno's API (no Deno types needed). */
interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  exit(code: number): never;
  serve(
    options: { port: number; hostname?: string; onListen?: (addr: { port: number }) => void },
    handler: (request: Request, info: { remoteAddr: { hostname: string } }) => Response | Promise<Response>,
  ): { addr: { port: number } };
}
declare const Deno: DenoRuntime;

await runStandalone(
  'deno',
  Deno.env.toObject(),
  (relay, port, hostname) =>
    Deno.serve({ port, hostname: hostname ?? '0.0.0.0', onListen: () => {} }, (request, info) =>
      relay.fetch(request, { remoteAddress: info.remoteAddr.hostname }),
    ).addr.port,
  (code) => Deno.exit(code),
);
