/**
 * The relay on the in-process test mode: the simulator is called as a function (no socket), with its demo
 * credentials. What runs when no `DQE_LICENCE` is configured.
 */
import type { Hono } from 'hono';
import { createSimulator, DEMO_CLIENT_SECRET, DEMO_LICENCE } from '../testmode/index.js';
import { createRelay, type RelayOptions } from './app.js';

/** Base URL the relay uses for the in-process simulator (never resolved: calls go straight to `simulator.fetch`). */
export const TEST_MODE_BASE_URL = 'http://testmode.invalid';

export interface TestModeRelayOptions extends Omit<RelayOptions, 'mode' | 'dqe'> {
  /**
   * Browser-facing URL where the simulator is served (e.g. `http://localhost:8787/simulator`), used in consent
   * URLs. Without it the consent URL points at the unreachable in-process base.
   */
  simulatorPublicUrl?: string;
  /** Lifetime of the simulator's access tokens in seconds (short values exercise token renewal). */
  tokenTtlSeconds?: number;
  /** DQE client timeouts, as in {@link RelayOptions}. */
  dqe?: Pick<RelayOptions['dqe'], 'timeoutMs' | 'budgetMs'>;
  /** Partner name sent to the simulator (shown on its consent page). */
  partnerName?: string;
}

/** Creates the simulator and a relay whose DQE client calls it in-process. */
export function createTestModeRelay(options: TestModeRelayOptions): { relay: Hono; simulator: Hono } {
  const { simulatorPublicUrl, tokenTtlSeconds, dqe, partnerName, ...relayOptions } = options;
  const simulator = createSimulator({ publicUrl: simulatorPublicUrl, tokenTtlSeconds, now: relayOptions.now });
  const relay = createRelay({
    ...relayOptions,
    mode: 'test',
    dqe: {
      baseUrl: TEST_MODE_BASE_URL,
      licence: DEMO_LICENCE,
      clientSecret: DEMO_CLIENT_SECRET,
      partnerName: partnerName ?? 'idmobile-check test mode',
      fetch: (input, init) => Promise.resolve(simulator.fetch(new Request(input, init))),
      ...dqe,
    },
  });
  return { relay, simulator };
}
