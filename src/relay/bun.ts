/**
 * The relay on Bun: `npm run relay:bun` (`bun src/relay/bun.ts`). The same hono app and configuration as
 * `npm run relay` (PORT, HOST, RELAY_*, DQE_*), test mode without credentials, the store in memory.
 */
import { runStandalone } from './standalone.js';

/** What this entry uses of Bun's API (no @types/bun needed). */
interface BunRuntime {
  env: Record<string, string | undefined>;
  serve(options: {
    port: number;
    hostname?: string;
    fetch(
      request: Request,
      server: { requestIP(request: Request): { address: string } | null },
    ): Response | Promise<Response>;
  }): { port: number };
}
declare const Bun: BunRuntime;
declare const process: { exit(code: number): never };

await runStandalone(
  'bun',
  Bun.env,
  (relay, port, hostname) =>
    Bun.serve({
      port,
      ...(hostname ? { hostname } : {}),
      fetch: (request, server) => relay.fetch(request, { remoteAddress: server.requestIP(request)?.address }),
    }).port,
  (code) => process.exit(code),
);
