/**
 * The test mode (simulator): a DQE IDMobile stand-in with fake subscribers and magic numbers.
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
} from './registry.js';
export type { Subscriber, SubscriberRecord, Lookup } from './registry.js';
export { scoreSubscriber } from './scoring.js';
export type { DqeScores } from './scoring.js';
export { USER_INFO_KEYS, parseUserInfos, emptyUserInfos } from './user-infos.js';
export type { UserInfos, UserInfoKey } from './user-infos.js';
export { fold, similarity, jaroWinkler } from './similarity.js';
