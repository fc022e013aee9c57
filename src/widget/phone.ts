/** Phone number checking: the pure parser lives in the protocol (the relay uses it too). */
export { checkPhone, SUPPORTED_COUNTRIES, type PhoneCheck } from '../protocol/phone.js';
