/**
 * idmobile-check: the element class and its types, without side effects. Import `idmobile-check/define`, or call
 * `defineIdmobileCheck(registry)` yourself, to register the tag and its gauge.
 */
export { IdmobileCheck } from './idmobile-check.js';
export { IdmobileGauge } from './idmobile-gauge.js';
export { defineIdmobileCheck } from './register.js';
export type {
  SubmitDetail,
  ResultDetail,
  ConsentDetail,
  ErrorDetail,
  PendingDetail,
  ResetDetail,
  RestoreDetail,
  EditDetail,
  IdmobileEventMap,
} from './events.js';
export type { MessageKey, Messages, Lang } from './i18n.js';
export type { MatchRequest, Identity } from '../protocol/wire-types.js';
export type { Scores, Bands, Band, Verdict } from '../protocol/scores.js';
