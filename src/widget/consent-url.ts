/** Consent redirect safety: the one rule shared with the relay lives in the protocol. */
export { checkConsentUrl, parseOriginList, MAX_CONSENT_URL_LENGTH } from '../protocol/consent-url.js';
