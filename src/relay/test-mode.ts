/**
 * The relay on the in-process test mode: the simulator is called as a function (no socket), with its demo
 * credentials. Attestations say `mode: "test"`: verifiers refuse them unless they run in test mode or opt in.
 * The simulator is told the relay's allowed origins (plus loopback): it redirects nowhere else.
 */
import type { Hono } from 'hono';
import { LOOPBACK_ORIGINS } from '../protocol/origins.js';
import { createSimulator, DEMO_CLIENT_SECRET, DEMO_LICENCE } from '../testmode/index.js';
import { createRelay, type RelayOptions } from './app.js';
import { createLogger } from './log.js';
import { createDqeLegacyUpstream } from './upstreams/dqe-legacy.js';

/** Base URL the relay uses for the in-process simulator (never resolved: calls go straight to `simulator.fetch`). */
export const TEST_MODE_BASE_URL = 'http://testmode.invalid';

export interface TestModeRelayOptions extends Omit<RelayOptions, 'mode' | 'upstream'> {
  /**
   * Browser-facing URL where the simulator is served (e.g. `http://localhost:8787/simulator`), used in consent
   * URLs. Without it the consent URL points at the unreachable in-process base.
   */
  simulatorPublicUrl?: string;
  /** Lifetime of the simulator's access tokens in seconds (short values exercise token renewal). */
  tokenTtlSeconds?: number;
  /** DQE client time limits (ms). */
  dqe?: { timeoutMs?: number; budgetMs?: number };
  /** Partner name sent to the simulator (shown on its consent page). */
  partnerName?: string;
}

/** Creates the simulator and a relay whose upstream calls it in-process. */
export function createTestModeRelay(options: TestModeRelayOptions): { relay: Hono; simulator: Hono } {
  const { simulatorPublicUrl, tokenTtlSeconds, dqe, partnerName, ...relayOptions } = options;
  const simulator = createSimulator({
    publicUrl: simulatorPublicUrl,
    tokenTtlSeconds,
    now: relayOptions.now,
    allowedRedirectOrigins: [...relayOptions.allowedOrigins, ...LOOPBACK_ORIGINS],
  });
  const upstream = createDqeLegacyUpstream({
    baseUrl: TEST_MODE_BASE_URL,
    licence: DEMO_LICENCE,
    clientSecret: DEMO_CLIENT_SECRET,
    partnerName: partnerName ?? 'idmobile-check test mode',
    fetch: (input, init) => Promise.resolve(simulator.fetch(new Request(input, init))),
    now: relayOptions.now,
    logger: createLogger({
      sink: relayOptions.logger,
      secrets: [relayOptions.attestationSecret],
      now: relayOptions.now,
    }),
    ...dqe,
  });
  const relay = createRelay({ ...relayOptions, mode: 'test', upstream });
  return { relay, simulator };
}
