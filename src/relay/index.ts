/**
 * `idmobile-check/relay`: the merchant's server side of idmobile-check.
 *
 * - {@link createRelay}: the hono app (`POST /match`, `POST /result`, `GET /health`), mountable under any prefix.
 * - {@link createTestModeRelay}: the same on the in-process DQE simulator (no credentials).
 * - {@link verifyAttestation}: for the checkout backend, to trust the relay's verdict.
 * - {@link loadConfig}: the environment (`RELAY_*`, `DQE_*`, `CAMARA_*`, `ATTESTATION_SECRET`, `PORT`) validated.
 * - {@link createDqeUpstream}, {@link createCamaraUpstream}: the operator APIs behind the relay's `upstream` option.
 *
 * @example Mount in an existing hono server
 * ```ts
 * import { createRelay, loadConfig } from 'idmobile-check/relay';
 * const config = loadConfig(process.env);
 * app.route('/api/idmobile', createRelay({
 *   mode: 'dqe', dqe: config.dqe!, allowedOrigins: config.allowedOrigins,
 *   attestationSecret: config.attestationSecret, policy: config.policy, rateLimit: config.rateLimit,
 * }));
 * ```
 */
export { createRelay, DEFAULT_MAX_BODY_BYTES } from './app.js';
export type { RelayOptions, RelayDqeOptions, RelayPolicy } from './app.js';
export { createTestModeRelay, TEST_MODE_BASE_URL } from './test-mode.js';
export type { TestModeRelayOptions } from './test-mode.js';
export {
  verifyAttestation,
  signAttestation,
  phoneSha256,
  AttestationError,
  ATTESTATION_TTL_SECONDS,
} from './attestation.js';
export type {
  AttestationClaims,
  AttestationInput,
  AttestationErrorCode,
  VerifyAttestationOptions,
} from './attestation.js';
export { loadConfig, ConfigError } from './config.js';
export type { RelayConfig, Env } from './config.js';
export { createDqeClient, UpstreamError } from './dqe-client.js';
export type { DqeClient, DqeClientOptions, DqeAnswer } from './dqe-client.js';
export { toMatchForm, toUserInfos, splitStreetNumber, countryName, USER_INFO_KEYS } from './dqe-translate.js';
export type { UserInfos, UserInfoKey } from './dqe-translate.js';
export {
  createUpstream,
  createDqeUpstream,
  createCamaraUpstream,
  loadUpstreamConfig,
  UpstreamError as UpstreamFailure,
} from './upstreams/index.js';
export type {
  Upstream,
  UpstreamAnswer,
  UpstreamConfig,
  DqeUpstreamOptions,
  CamaraUpstreamOptions,
  CamaraAuth,
  RelayMode,
} from './upstreams/index.js';
export { createLogger } from './log.js';
export type { Logger, LogEntry, LogSink } from './log.js';
export { createRateLimiter } from './rate-limit.js';
export type { RateLimiter, RateLimitOptions } from './rate-limit.js';
