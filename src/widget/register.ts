/**
 * Registration of the element and of the gauge it renders, in the registry you give (the page's by default).
 * Side-effect free: `idmobile-check/define` calls it once for you. A second copy of the library on the page is
 * tolerated: the first definition wins and nothing throws.
 */
import { IdmobileCheck } from './idmobile-check.js';
import { IdmobileGauge } from './idmobile-gauge.js';

export function defineIdmobileCheck(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('idmobile-gauge')) registry.define('idmobile-gauge', IdmobileGauge);
  if (!registry.get('idmobile-check')) registry.define('idmobile-check', IdmobileCheck);
}
