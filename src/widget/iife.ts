/**
 * The one-tag bundle's entry (`dist/idmobile-check.iife.js`): registers `<idmobile-check>` and its gauge, once. It
 * exports nothing, so the script adds no global of its own: a page reaches the class through the registry
 * (`customElements.get('idmobile-check')`), and a bundler user imports `idmobile-check` or `idmobile-check/define`.
 */
import { defineIdmobileCheck } from './register.js';

defineIdmobileCheck();
