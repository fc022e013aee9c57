/**
 * The DQE client served by the relay over HTTP, against a stand-in that answers the shapes of DQE's help centre
 * (fixtures/dqe.ts), the way dqe-conformance.spec.ts sets them up; with the client's logs collected.
 */
import type { RelayOptions } from '../../../../src/relay/app.js';
import { createLogger } from '../../../../src/relay/log.js';
import {
  createDqeUpstream,
  type DqeUpstream,
  type DqeUpstreamOptions,
} from '../../../../src/relay/upstreams/dqe/client.js';
import * as F from '../fixtures/dqe.js';
import { startRelay, startStandIn, type RelayOverHttp, type StandIn } from '../stand-in.js';

export const LICENCE = 'LIC-rough-edges-4e2a91';
export const SECRET = 'CS-rough-edges-7b6c5d4e';

export interface DqeSetup extends AsyncDisposable {
  dqe: StandIn;
  relay: RelayOverHttp;
  /** The client itself (the relay marks a state used after a final answer: later retrievals go here). */
  upstream: DqeUpstream;
  logs: Record<string, unknown>[];
  /** Log entries of one event. */
  events(name: string): Record<string, unknown>[];
}

/** A stand-in answering the documented token and scores by default, and the relay over HTTP in front of it. */
export async function setupDqe(
  options: Partial<DqeUpstreamOptions> = {},
  relayOptions: Partial<RelayOptions> = {},
): Promise<DqeSetup> {
  const dqe = await startStandIn();
  dqe.on('/ACCESS_TOKEN/', () => ({ json: F.TOKEN_SUCCESS }));
  dqe.on('/IDMOBILE/', () => ({ json: F.MATCH_SCORES_EXAMPLE }));
  const logs: Record<string, unknown>[] = [];
  const upstream = createDqeUpstream({
    baseUrl: `${dqe.url}/`,
    licence: LICENCE,
    clientSecret: SECRET,
    partnerName: 'Shop',
    timeoutMs: 1500,
    budgetMs: 3000,
    logger: createLogger({ sink: (e) => logs.push(e) }),
    ...options,
  });
  const relay = await startRelay(upstream, logs, 'dqe', relayOptions);
  return {
    dqe,
    relay,
    upstream,
    logs,
    events: (name) => logs.filter((l) => l['event'] === name),
    [Symbol.asyncDispose]: async () => {
      await relay.close();
      await dqe.close();
    },
  };
}
