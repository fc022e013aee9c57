/**
 * The relay's upstreams: the operator APIs behind one {@link Upstream} interface. `createUpstream` builds the one a
 * configuration names.
 */
import type { Logger } from '../log.js';
import { createLogger } from '../log.js';
import type { RelayStore } from '../store/types.js';
import { camaraUpstreamOf } from './camara/from-config.js';
import type { UpstreamConfig } from './config.js';
import { createDqeUpstream } from './dqe/client.js';
import type { SignalSettings } from '../signals/settings.js';
import type { PromptGate } from './prompt-gate.js';
import type { TokenCacheFactory } from './token-cache.js';
import type { Upstream } from './types.js';

export type { Upstream, UpstreamAnswer, UpstreamMode } from './types.js';
export { UpstreamError } from './upstream-error.js';
export { createDqeUpstream } from './dqe/client.js';
export type { DqeUpstreamOptions } from './dqe/client.js';
export { createCamaraUpstream } from './camara/client.js';
export type { CamaraUpstreamOptions, CamaraFlow } from './camara/client.js';
export { loadUpstreamConfig } from './config.js';
export type { TokenCacheFactory } from './token-cache.js';
export type { PromptGate } from './prompt-gate.js';
export type { UpstreamConfig } from './config.js';

export interface UpstreamRuntime {
  fetch?: typeof fetch;
  logger?: Logger;
  now?: () => number;
  budgetMs?: number;
  /** The access token's cache (a fleet shares it through its store: store/shared-token.ts). */
  tokenCache?: TokenCacheFactory;
  /** CAMARA CIBA only: asked before each prompt (prompts per number: prompt-gate.ts). */
  promptGate?: PromptGate;
  /** CAMARA: the relay's store (CIBA and authorization-code records, encrypted); default this process's memory. */
  store?: RelayStore;
  /** CAMARA: `ATTESTATION_SECRET`, from which the records' keys derive; default a random key of this process. */
  attestationSecret?: string;
  /** CAMARA: `RELAY_PUBLIC_URL` (the authorization-code flow's callback lives under it). */
  publicUrl?: string | null;
  /** CAMARA: the relay's match threshold (an answer `"false"` is never in the match band). */
  matchThreshold?: number;
  /** The signals asked next to each match (`RELAY_SIGNALS`); default none. */
  signals?: SignalSettings;
}

/** The upstream of a `dqe` or `camara` configuration; `null` in test mode (the test mode builds its own). */
export function createUpstream(
  config: Pick<UpstreamConfig, 'mode' | 'dqe' | 'camara'>,
  runtime: UpstreamRuntime = {},
): Upstream | null {
  const { promptGate, store, attestationSecret, publicUrl, matchThreshold, signals, ...common } = runtime;
  const simSwap = signals?.simSwap ?? null;
  if (config.mode === 'dqe' && config.dqe) return createDqeUpstream({ ...config.dqe, ...common, simSwap });
  if (config.mode === 'camara' && config.camara) {
    return camaraUpstreamOf(config.camara, {
      ...common,
      logger: common.logger ?? createLogger({}),
      ...(store ? { store } : {}),
      ...(attestationSecret ? { attestationSecret } : {}),
      publicUrl: publicUrl ?? null,
      ...(matchThreshold !== undefined ? { matchThreshold } : {}),
      ...(promptGate ? { promptGate } : {}),
      simSwap,
    });
  }
  return null;
}
