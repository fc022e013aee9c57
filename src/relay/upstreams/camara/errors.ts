/**
 * CAMARA KYC Match error answers (`ErrorInfo` `{status, code, message}`, kyc-match v0.4.0 r1.2) to the relay's
 * outcomes, exactly as the contract (v3) fixes them. Pure.
 *
 * | HTTP | code | outcome |
 * | --- | --- | --- |
 * | 400 | `INVALID_ARGUMENT`, `KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION`, any | error `01` |
 * | 401 | any | `client_credentials`: `renew` (the caller renews the token and retries once, then `R502`); a CIBA or authorization-code token: failure `R502` (that token served this check only) |
 * | 403 | `PERMISSION_DENIED` | error `14` |
 * | 403 | `INVALID_TOKEN_CONTEXT` | authorization code: error `line_mismatch` (the typed number is not the line the device authenticated on); else error `01` |
 * | 4xx | `KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED` (or without the prefix) | failure `R428` (the identity document number is needed) |
 * | 4xx | `KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH` (or without the prefix) | `id_document_mismatch` (a scores answer, every field withheld, rejected) |
 * | 403 | any other | error `01` |
 * | 404 | `IDENTIFIER_NOT_FOUND` | error `10` |
 * | 404 | any other (`NOT_FOUND`: a wrong API root or match URL) | failure `R502` |
 * | 422 | `SERVICE_NOT_APPLICABLE` | error `09` |
 * | 422 | any other (`MISSING_IDENTIFIER`…) | error `01` |
 * | 429 | any | failure `R429`, `retryAfterSeconds` from `Retry-After` (1..3600; 60 when absent or unreadable) |
 * | 5xx, any other status | any | failure `R502` |
 *
 * ("4xx" above: 400, 403, 404 and 422; r1.2 documents both ID_DOCUMENT codes with 403 and the prefix.)
 *
 * The `errorType` passed on is `CAMARA <status> <code>`: the code is checked against CAMARA's alphabet and the
 * free-text `message` never leaves the relay.
 */
import { isObject } from '../http.js';
import type { UpstreamErrorId } from '../types.js';

/** How the token that met the error was obtained (`CAMARA_AUTH`). */
export type CamaraTokenFlow = 'ciba' | 'authorization_code' | 'client_credentials';

/** The failures a CAMARA answer can end in (`R428`: the operator wants the identity document number). */
export type CamaraFailureId = UpstreamErrorId | 'R428';

export type CamaraErrorOutcome =
  | { kind: 'error'; id: '01' | '09' | '10' | '14' | 'line_mismatch'; errorType: string }
  | { kind: 'renew' }
  | { kind: 'failure'; id: CamaraFailureId; reason: string; retryAfterSeconds?: number }
  | { kind: 'id_document_mismatch' };

export interface CamaraErrorContext {
  flow: CamaraTokenFlow;
  /** The answer's `Retry-After` header (read with 429 only). */
  retryAfter?: string | null;
  /** The time (ms since the epoch) to read an HTTP-date `Retry-After` against; default now. */
  now?: number;
}

/** The `code` of an `ErrorInfo` body, when it looks like one (`PERMISSION_DENIED`, `KNOW_YOUR_CUSTOMER.X`). */
export function camaraCode(body: unknown): string | null {
  if (!isObject(body)) return null;
  const code = body['code'];
  return typeof code === 'string' && /^[A-Z][A-Z0-9_.]{0,79}$/.test(code) ? code : null;
}

/** `Retry-After` when absent or unreadable. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;
const MAX_RETRY_AFTER_SECONDS = 3600;

/** RFC 9110 §5.6.7 HTTP-date: IMF-fixdate, and the obsolete RFC 850 and asctime forms. */
const HTTP_DATE = [
  /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{5,8}, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * Seconds to wait from a `Retry-After` header (RFC 9110 §10.2.3: delta-seconds or an HTTP-date, read against
 * `now`), kept within 1..3600; 60 when absent or unreadable. Pure.
 */
export function retryAfterSeconds(header: string | null | undefined, now: number): number {
  const value = (header ?? '').trim();
  let seconds: number;
  if (/^\d{1,12}$/.test(value)) seconds = Number(value);
  else if (HTTP_DATE.some((p) => p.test(value))) {
    const at = Date.parse(value.endsWith('GMT') ? value : `${value} GMT`);
    if (!Number.isFinite(at) || !Number.isFinite(now)) return DEFAULT_RETRY_AFTER_SECONDS;
    seconds = Math.ceil((at - now) / 1000);
  } else return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}

const is = (code: string | null, name: string) => code === name || code === `KNOW_YOUR_CUSTOMER.${name}`;

export function mapCamaraError(httpStatus: number, body: unknown, context: CamaraErrorContext): CamaraErrorOutcome {
  const code = camaraCode(body);
  const errorType = `CAMARA ${httpStatus} ${code ?? 'without a code'}`;
  const error = (id: '01' | '09' | '10' | '14' | 'line_mismatch'): CamaraErrorOutcome => ({
    kind: 'error',
    id,
    errorType,
  });
  const failure = (reason: string): CamaraErrorOutcome => ({ kind: 'failure', id: 'R502', reason });
  if ([400, 403, 404, 422].includes(httpStatus)) {
    if (is(code, 'ID_DOCUMENT_REQUIRED')) {
      return {
        kind: 'failure',
        id: 'R428',
        reason: `HTTP ${httpStatus} ${code ?? ''}: the operator requires the identity document number`,
      };
    }
    if (is(code, 'ID_DOCUMENT_MISMATCH')) return { kind: 'id_document_mismatch' };
  }
  switch (httpStatus) {
    case 400:
      return error('01');
    case 401:
      return context.flow === 'client_credentials'
        ? { kind: 'renew' }
        : failure('HTTP 401: the operator rejected the token approved for this check');
    case 403:
      if (code === 'PERMISSION_DENIED') return error('14');
      if (code === 'INVALID_TOKEN_CONTEXT' && context.flow === 'authorization_code') return error('line_mismatch');
      return error('01');
    case 404:
      return code === 'IDENTIFIER_NOT_FOUND' ? error('10') : failure(`HTTP 404 ${code ?? ''}`.trim());
    case 422:
      return error(code === 'SERVICE_NOT_APPLICABLE' ? '09' : '01');
    case 429:
      return {
        kind: 'failure',
        id: 'R429',
        reason: 'HTTP 429 (rate limited by the operator)',
        retryAfterSeconds: retryAfterSeconds(context.retryAfter, context.now ?? Date.now()),
      };
    default:
      return failure(`HTTP ${httpStatus}`);
  }
}
