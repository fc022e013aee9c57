/** CAMARA KYC Match (GSMA Open Gateway) as an upstream of the relay. */
export { createCamaraUpstream, KYC_MATCH_PATH } from './client.js';
export type { CamaraAuth, CamaraUpstream, CamaraUpstreamOptions } from './client.js';
export { toKycMatchBody } from './request.js';
export type { KycMatchBody, KycMatchField } from './request.js';
export { fromKycMatchAnswer, fieldScore } from './scores.js';
export { mapCamaraError, camaraCode } from './errors.js';
export type { CamaraErrorOutcome } from './errors.js';
export {
  mapOAuthError,
  oauthErrorCode,
  basicAuth,
  CIBA_GRANT_TYPE,
  CIBA_SCOPE,
  CLIENT_CREDENTIALS_SCOPE,
  DEFAULT_INTERVAL_SECONDS,
  SLOW_DOWN_SECONDS,
} from './oauth.js';
