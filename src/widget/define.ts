/**
 * `idmobile-check/define`: registers `<idmobile-check>` and its gauge in the page's registry, once.
 */
import { IdmobileCheck } from './idmobile-check.js';
import { IdmobileGauge } from './idmobile-gauge.js';
import { defineIdmobileCheck } from './register.js';

defineIdmobileCheck();

export { IdmobileCheck, IdmobileGauge, defineIdmobileCheck };
