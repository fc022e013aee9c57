/**
 * The error catalogue: DQE's documented `error_id`s (Matching without OTP) and the product's own ids.
 * Pure data and predicates; the widget's messages live in its i18n catalogues.
 */

/**
 * The ids DQE documents for `/IDMOBILE/`, the match request (the test mode has a magic number for each).
 */
export const DQE_MATCH_ERROR_IDS = [
  '01',
  '02',
  '04',
  '05',
  '06',
  '07',
  '09',
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '30',
] as const;

/**
 * DQE's documented error ids: those of `/IDMOBILE/`, then those only the token endpoint (`03`, `22`, `31`, `98`)
 * or the retrieval endpoint `/GET/` (`18`, `20`, `21`, `99`) answers. Literal lists (not
 * `Object.keys(DQE_ERROR_TYPES)`): the widget bundle needs the ids but not the labels, and a computed list would
 * keep the label table in the browser bundle (size budget).
 */
export const DQE_ERROR_IDS = [...DQE_MATCH_ERROR_IDS, '03', '18', '20', '21', '22', '31', '98', '99'] as const;
export type DqeErrorId = (typeof DQE_ERROR_IDS)[number];

/** DQE's `error_type` labels (`{op}` stands for the operator's name); used by the relay and the test mode. */
export const DQE_ERROR_TYPES: Readonly<Record<DqeErrorId, string>> = {
  '01': 'invalid request',
  '02': 'invalid licence key',
  '03': 'invalid client secret',
  '04': 'invalid scope',
  '05': 'missing or empty parameter (user_infos) for this scope',
  '06': 'bad parameter format (user_infos) is not a valid JSON',
  '07': 'missing mandatory key in user informations (phone)',
  '09': 'ineligible phone number',
  '10': 'invalid phone number',
  '11': 'phone number is empty',
  '12': 'phone check failed',
  '13': 'operator {op} not found',
  '14': 'operator {op} not authorized for this licence',
  '15': 'operator {op} not supported yet',
  '16': 'operator {op} unreachable',
  '17': 'scope not supported by this operator {op} yet',
  '18': 'failed to retrieve data from operator',
  '20': 'OTP incorrect',
  '21': 'access denied',
  '22': 'unauthorized client',
  '30': 'invalid or expired token',
  '31': 'unsupported grant type',
  '98': 'credits exhausted',
  '99': 'internal server error',
};

/** The `error_type` DQE sends for an id, with the operator's name filled in. */
export function dqeErrorType(id: DqeErrorId, operator = 'Orange'): string {
  return DQE_ERROR_TYPES[id].replace('{op}', `[${operator}]`);
}

/** Ids the widget raises itself (`config`: the element is misconfigured, e.g. no `relay-url`). */
export const CLIENT_ERROR_IDS = [
  'network',
  'timeout',
  'bad_response',
  'consent_url',
  'consent_refused',
  'config',
] as const;
/**
 * (v3) Ids the relay answers with HTTP 200 for an operator's outcome that is not DQE's: `line_mismatch` (the
 * typed number is not the line the shopper's device authenticated on; the shopper can fix it). `timeout` (the
 * subscriber did not approve in time) is one of the widget's own ids.
 */
export const OPERATOR_ERROR_IDS = ['line_mismatch'] as const;
/** Ids the relay raises, each answered with the HTTP status of its number. */
export const RELAY_ERROR_IDS = [
  'R400',
  'R401',
  'R403',
  'R409',
  'R413',
  'R415',
  'R428',
  'R429',
  'R502',
  'R503',
  'R504',
] as const;
export type RelayErrorId = (typeof RELAY_ERROR_IDS)[number];

/** `error_type` labels of the relay's own errors. */
export const RELAY_ERROR_TYPES: Record<RelayErrorId, string> = {
  R400: 'invalid request body',
  R401: 'check session missing, invalid or expired',
  R403: 'origin not allowed',
  R409: 'this consent result was already retrieved: start the check again',
  R413: 'request body too large',
  R415: 'request body must be JSON',
  R428: 'the operator needs the identity document number',
  R429: 'too many requests',
  R502: 'upstream failed',
  R503: 'relay store unavailable',
  R504: 'upstream timeout',
};

export function relayErrorStatus(id: RelayErrorId): number {
  return Number(id.slice(1));
}

// 18 (no data from the operator) and 99 (DQE internal error) are transient by DQE's own description; 21 (the
// shopper refused on the operator's page) reads like `consent_refused`; 03, 22, 31 (token refused) and 98
// (credits exhausted) are the merchant's to fix.
const RETRYABLE = new Set<string>([
  '12',
  '16',
  '18',
  '30',
  '99',
  'network',
  'timeout',
  'bad_response',
  'R429',
  'R502',
  'R503',
  'R504',
]);
const INTEGRATION = new Set<string>([
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '22',
  '31',
  '98',
  'config',
  'R400',
  'R401',
  'R403',
  'R413',
  'R415',
]);
const PHONE = new Set<string>(['07', '09', '10', '11', 'line_mismatch']);
// the check cannot succeed with this number: the shopper is offered next steps (edit, other number, fallback);
// and (the last two) not the number's dead ends, yet they repeat whatever the shopper does: 13, and a consent
// redirect the widget refused
const NEXT_STEPS_AT_ONCE = new Set<string>([
  '09',
  '10',
  '14',
  '15',
  '17',
  '21',
  'consent_refused',
  'line_mismatch',
  '13',
  'consent_url',
]);
// the shopper reads another id's message: 21 (refused on the operator's page) is consent_refused, R503 is R502, and
// (v3) an answer nobody could read (a proxy's 502 page) reads like the relay's own 502
const READS_LIKE = new Map<string, string>([
  ['21', 'consent_refused'],
  ['R503', 'R502'],
  ['bad_response', 'R502'],
]);

/** Whether the shopper may simply try again. */
export const isRetryable = (id: string): boolean => RETRYABLE.has(id);
/** Whether the error is the integrator's to fix (generic message for the shopper, details in the console). */
export const isIntegrationError = (id: string): boolean => INTEGRATION.has(id);
/** Whether the error is about the phone number (shown on the phone field). */
export const isPhoneError = (id: string): boolean => PHONE.has(id);
/**
 * (v3) Whether the widget offers the next steps (edit, other number, the page's fallback) at once after this error:
 * a dead end, an integration error, or an error that repeats whatever the shopper does (13, `consent_url`).
 */
export const offersNextStepsAtOnce = (id: string): boolean => NEXT_STEPS_AT_ONCE.has(id) || INTEGRATION.has(id);
/** (v3) R428: the operator needs the identity document number; the widget asks for it (`identity.id_document`). */
export const asksIdDocument = (id: string): boolean => id === 'R428';
/** The id whose shopper message an error shows: `integration` for every integration error, else its alias or itself. */
export const messageIdOf = (id: string): string =>
  isIntegrationError(id) ? 'integration' : (READS_LIKE.get(id) ?? id);

const ID_SHAPE = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Normalises an `error_id` as received: numbers and digit strings become two-digit strings (`7` -> `"07"`),
 * other short identifiers are kept; anything else (objects, long or odd strings) gives `null`.
 */
export function normaliseErrorId(raw: unknown): string | null {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= 0 && raw < 1000 ? String(raw).padStart(2, '0') : null;
  }
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (/^\d{1,3}$/.test(s)) return String(Number(s)).padStart(2, '0');
  return ID_SHAPE.test(s) ? s : null;
}
