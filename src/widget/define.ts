/**
 * Registers `<idmobile-check>` (and its gauge) once. A second copy of the library on the page is tolerated:
 * the first definition wins and nothing throws.
 */
import { IdmobileCheck } from './idmobile-check.js';
import { IdmobileGauge } from './idmobile-gauge.js';

export function defineIdmobileCheck(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('idmobile-gauge')) registry.define('idmobile-gauge', IdmobileGauge);
  if (!registry.get('idmobile-check')) registry.define('idmobile-check', IdmobileCheck);
}

defineIdmobileCheck();

export { IdmobileCheck, IdmobileGauge };
