/** DQE IDMobile (Matching without OTP) as an upstream of the relay. */
export { createDqeUpstream } from './client.js';
export type { DqeUpstream, DqeUpstreamOptions } from './client.js';
export { parseDqeAnswer, parseDqeError, parseTokenAnswer, WRAPPED_SCORE_KEYS } from './answers.js';
export {
  countryName,
  formatNumber,
  MATCH_SCOPE,
  NUMBER_FORMATS,
  resultQuery,
  toMatchForm,
  toUserInfos,
  type NumberFormat,
} from './translate.js';
