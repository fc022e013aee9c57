/**
 * The test mode (simulator): a DQE IDMobile and CAMARA KYC Match stand-in with fake subscribers and magic numbers.
 *
 *   import { createSimulator } from './testmode/index.js';
 *   app.route('/simulator', createSimulator({ publicUrl: 'http://localhost:5173/simulator' }));
 */
export {
  createSimulator,
  dqeErrorBody,
  indexText,
  DEMO_CLIENT_SECRET,
  DEMO_LICENCE,
  RESULT_SCOPES,
  SCOPE,
  TOKEN_GRANT_TYPE,
} from './app.js';
export type { SimulatorOptions } from './app.js';
export {
  SUBSCRIBERS,
  MAGIC_NUMBERS,
  MAGIC_ERROR_IDS,
  magicNumberFor,
  lookupPhone,
  normalisePhone,
  CAMARA_SUBSCRIBERS,
  CAMARA_TEST_NUMBERS,
  CAMARA_RATE_LIMITED_NUMBER,
  CAMARA_RETRY_AFTER_SECONDS,
  CIBA_REFUSING_NUMBER,
  OTHER_DEVICE_LINE,
  lookupCamaraLine,
} from './registry.js';
export type {
  Subscriber,
  SubscriberRecord,
  Lookup,
  CamaraSubscriber,
  CamaraTestNumber,
  CamaraFlow,
  CibaBehaviour,
  CamaraLookup,
} from './registry.js';
export { scoreSubscriber } from './dqe/scores.js';
export type { DqeScores } from './dqe/scores.js';
export { parseUserInfos, emptyUserInfos } from './dqe/user-infos.js';
export {
  CAMARA_CLIENT_ID,
  CAMARA_CLIENT_SECRET,
  CAMARA_ERRORS,
  CAMARA_PATHS,
  DEFAULT_CIBA_APPROVAL_MS,
  DEFAULT_CIBA_INTERVAL_SECONDS,
  createCamaraSimulator,
} from './camara/routes.js';
export type { CamaraSimulatorOptions } from './camara/routes.js';
export { CLIENT_ASSERTION_TYPE, remoteJwks } from './camara/client-auth.js';
export type { JwksSource } from './camara/client-auth.js';
export { kycMatch } from './camara/scores.js';
export { fold, similarity, jaroWinkler } from './similarity.js';
