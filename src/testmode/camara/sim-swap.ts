/**
 * CAMARA SIM Swap's answers (camaraproject/SimSwap, sim-swap.yaml: `POST /check` with `maxAge` in hours, 1..2400,
 * default 240, answering `{swapped}`; `POST /retrieve-date` answering `{latestSimChange}`), for an authenticated
 * request. Pure. The subject: a three-legged token names the line and `phoneNumber` MUST NOT be sent (422
 * `UNNECESSARY_IDENTIFIER`); a two-legged token needs `phoneNumber` (422 `MISSING_IDENTIFIER`). The registry says
 * which line had its SIM changed, and which operator does not answer (422 `SERVICE_NOT_APPLICABLE`).
 */
import { lookupCamaraLine, type CamaraSubscriber, type Subscriber } from '../registry.js';
import { CAMARA_ERRORS, INVALID_ARGUMENT, type CamaraErrorInfo, type MatchGrant } from './match.js';

export type SimSwapOperation = 'check' | 'retrieve-date';

// sim-swap.yaml's Generic4xx examples
const OUT_OF_RANGE: CamaraErrorInfo = {
  status: 400,
  code: 'OUT_OF_RANGE',
  message: 'Client specified an invalid range.',
};
const PERMISSION_DENIED: CamaraErrorInfo = {
  status: 403,
  code: 'PERMISSION_DENIED',
  message: 'Client does not have sufficient permissions to perform this action.',
};
const SERVICE_NOT_APPLICABLE: CamaraErrorInfo = {
  status: 422,
  code: 'SERVICE_NOT_APPLICABLE',
  message: 'The service is not available for the provided identifier.',
};
const MISSING_IDENTIFIER: CamaraErrorInfo = {
  status: 422,
  code: 'MISSING_IDENTIFIER',
  message: 'The device cannot be identified.',
};
const UNNECESSARY_IDENTIFIER: CamaraErrorInfo = {
  status: 422,
  code: 'UNNECESSARY_IDENTIFIER',
  message: 'The device is already identified by the access token.',
};
const TOO_MANY_REQUESTS: CamaraErrorInfo = {
  status: 429,
  code: 'TOO_MANY_REQUESTS',
  message: 'Rejected due to request rate limit overpassed.',
};

/** The scopes that grant each operation (sim-swap.yaml `security`: the operation's own, or `sim-swap`). */
export const SIM_SWAP_SCOPES: Record<SimSwapOperation, readonly string[]> = {
  check: ['sim-swap:check', 'sim-swap'],
  'retrieve-date': ['sim-swap:retrieve-date', 'sim-swap'],
};
const DEFAULT_MAX_AGE_HOURS = 240;
/** When the lines without a SIM change were activated (what `retrieve-date` answers for them). */
const ACTIVATION_DATE = '2019-03-01T09:00:00.000Z';

export interface SimSwapAnswer {
  status: number;
  body: CamaraErrorInfo | Record<string, unknown>;
  headers: Record<string, string>;
}

const error = (e: CamaraErrorInfo, headers: Record<string, string> = {}): SimSwapAnswer => ({
  status: e.status,
  body: { status: e.status, code: e.code, message: e.message },
  headers,
});

export function answerSimSwap(
  grant: MatchGrant,
  operation: SimSwapOperation,
  text: string,
  nowMs: number,
): SimSwapAnswer {
  if (!SIM_SWAP_SCOPES[operation].some((s) => grant.scopes.includes(s))) return error(PERMISSION_DENIED);
  let body: unknown;
  try {
    body = JSON.parse(text === '' ? '{}' : text);
  } catch {
    return error(INVALID_ARGUMENT);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return error(INVALID_ARGUMENT);
  const { phoneNumber, maxAge } = body as { phoneNumber?: unknown; maxAge?: unknown };
  if (phoneNumber !== undefined && (typeof phoneNumber !== 'string' || !/^\+[1-9][0-9]{4,14}$/.test(phoneNumber)))
    return error(INVALID_ARGUMENT);
  let hours = DEFAULT_MAX_AGE_HOURS;
  if (operation === 'check' && maxAge !== undefined) {
    if (typeof maxAge !== 'number' || !Number.isInteger(maxAge)) return error(INVALID_ARGUMENT);
    if (maxAge < 1 || maxAge > 2400) return error(OUT_OF_RANGE);
    hours = maxAge;
  }
  if (grant.phone !== null && phoneNumber !== undefined) return error(UNNECESSARY_IDENTIFIER);
  const phone = grant.phone ?? phoneNumber;
  if (phone === undefined) return error(MISSING_IDENTIFIER);

  const found = lookupCamaraLine(phone);
  if (found.kind === 'rate_limited')
    return error(TOO_MANY_REQUESTS, { 'Retry-After': String(found.retryAfterSeconds) });
  if (found.kind === 'error') {
    const e = CAMARA_ERRORS[found.errorId];
    return error(e ?? { status: 404, code: 'IDENTIFIER_NOT_FOUND', message: 'Device identifier not found.' });
  }
  const subscriber: Subscriber & Partial<Pick<CamaraSubscriber, 'simSwap'>> = found.subscriber;
  if (subscriber.simSwap === 'not_supported') return error(SERVICE_NOT_APPLICABLE);
  const hoursAgo = subscriber.simSwap?.hoursAgo ?? null;
  if (operation === 'check')
    return { status: 200, body: { swapped: hoursAgo !== null && hoursAgo <= hours }, headers: {} };
  const latestSimChange = hoursAgo === null ? ACTIVATION_DATE : new Date(nowMs - hoursAgo * 3_600_000).toISOString();
  return { status: 200, body: { latestSimChange }, headers: {} };
}
