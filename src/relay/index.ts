/**
 * `idmobile-check/relay`: the merchant's server side of idmobile-check. The public API, and nothing else:
 *
 * - {@link createRelayFromEnv}: the relay as the environment configures it (`RELAY_*`, `DQE_*`,
 *   `ATTESTATION_SECRET`), validated; {@link createRelay} for full control over the options.
 * - {@link createCheckSession}: a check session for one order, to render into the page (`session` attribute).
 * - {@link verifyAttestation}: for the checkout backend, with the order's phone, identity and reference,
 *   single use with a `replay` store ({@link createMemoryStore}); the same codes as `POST /verify`.
 * - {@link createTestModeRelay}: the relay on the in-process simulator (no credentials; attestations say `test`).
 * - {@link createDqeUpstream}, {@link createCamaraUpstream}: the operator APIs (DQE IDMobile, CAMARA KYC Match)
 *   behind `createRelay`'s `upstream` option; {@link createUpstream} builds the one a configuration names.
 * - {@link createRedisStore}: the store a fleet shares (`RELAY_STORE_URL` does it from the environment), for
 *   `createRelay({ store })` and `verifyAttestation(…, { replay })`; {@link sharedToken}: an upstream token the
 *   fleet shares through it.
 *
 * @example Mount in an existing hono server
 * ```ts
 * import { createRelayFromEnv } from 'idmobile-check/relay';
 * const { relay } = createRelayFromEnv(process.env); // throws ConfigError (problems: string[]) on a bad one
 * app.route('/api/idmobile', relay);
 * ```
 */
export { createRelay, DEFAULT_MAX_BODY_BYTES } from './app.js';
export type { RelayOptions, RelayPolicy } from './app.js';
export { createRelayFromEnv } from './from-env.js';
export type { RelayFromEnv, RelayFromEnvOptions } from './from-env.js';
export { createTestModeRelay } from './test-mode.js';
export type { TestModeRelayOptions } from './test-mode.js';
export { createCheckSession } from './trust/sessions.js';
export type { CheckSession, CheckSessionOptions } from './trust/sessions.js';
export { ATTESTATION_TTL_SECONDS, DEFAULT_ISSUER } from './trust/attestation.js';
export type { AttestationClaims, AttestationPath, RelayMode } from './trust/attestation.js';
export { verifyAttestation } from './trust/verify.js';
export type {
  VerifyAttestationOptions,
  VerifyErrorCode,
  VerifyFailure,
  VerifyResult,
  VerifySuccess,
  SignalName,
} from './trust/verify.js';
export type { ReasonCode, Signals } from './trust/sealed.js';
export type { SignalSettings } from './signals/settings.js';
export { createMemoryStore } from './store/memory.js';
export { createRedisStore } from './store/redis.js';
export type { RedisStore, RedisStoreOptions } from './store/redis.js';
export { createSharedTokenCache, sharedToken, tokenKey } from './store/shared-token.js';
export type { SharedTokenCache, SharedTokenOptions } from './store/shared-token.js';
export type { RelayStore, ReplayStore, CounterHit } from './store/types.js';
export { loadConfig, ConfigError } from './config.js';
export type { RelayConfig, Env } from './config.js';
export {
  createUpstream,
  createDqeUpstream,
  createCamaraUpstream,
  loadUpstreamConfig,
  UpstreamError,
} from './upstreams/index.js';
export type {
  Upstream,
  UpstreamAnswer,
  UpstreamConfig,
  UpstreamMode,
  DqeUpstreamOptions,
  CamaraUpstreamOptions,
  CamaraFlow,
  TokenCacheFactory,
} from './upstreams/index.js';
export type { LogEntry, LogSink } from './log.js';
