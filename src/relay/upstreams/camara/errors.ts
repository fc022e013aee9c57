/**
 * CAMARA KYC Match error answers (`ErrorInfo` `{status, code, message}`) to the relay's outcomes, exactly as the
 * contract fixes them. Pure.
 *
 * | HTTP | code | outcome |
 * | --- | --- | --- |
 * | 400 | `INVALID_ARGUMENT`, `KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION` (any) | 01 |
 * | 401 | any | renew the token and retry once (then `R502`) |
 * | 403 | `PERMISSION_DENIED` | 14 |
 * | 403 | `INVALID_TOKEN_CONTEXT`, any other (`…ID_DOCUMENT_REQUIRED`, `…ID_DOCUMENT_MISMATCH`) | 01 |
 * | 404 | `IDENTIFIER_NOT_FOUND` | 10 |
 * | 404 | any other (`NOT_FOUND`: a wrong API root) | `R502` |
 * | 422 | `SERVICE_NOT_APPLICABLE` | 09 |
 * | 422 | any other (`MISSING_IDENTIFIER`…) | 01 |
 * | 429 | any | `R502` (retryable) |
 * | 5xx, any other status | any | `R502` |
 *
 * The `error_type` passed on is `CAMARA <status> <code>`: the code is checked against CAMARA's alphabet and the
 * free-text `message` never leaves the relay.
 */
import { isObject } from '../http.js';
import type { UpstreamErrorId } from '../types.js';

export type CamaraErrorOutcome =
  | { kind: 'error'; id: string; errorType: string }
  | { kind: 'renew' }
  | { kind: 'failure'; id: UpstreamErrorId; reason: string };

/** The `code` of an `ErrorInfo` body, when it looks like one (`PERMISSION_DENIED`, `KNOW_YOUR_CUSTOMER.X`). */
export function camaraCode(body: unknown): string | null {
  if (!isObject(body)) return null;
  const code = body['code'];
  return typeof code === 'string' && /^[A-Z][A-Z0-9_.]{0,79}$/.test(code) ? code : null;
}

export function mapCamaraError(httpStatus: number, body: unknown): CamaraErrorOutcome {
  const code = camaraCode(body);
  const errorType = `CAMARA ${httpStatus} ${code ?? 'without a code'}`;
  const error = (id: string): CamaraErrorOutcome => ({ kind: 'error', id, errorType });
  const failure = (reason: string): CamaraErrorOutcome => ({ kind: 'failure', id: 'R502', reason });
  switch (httpStatus) {
    case 400:
      return error('01');
    case 401:
      return { kind: 'renew' };
    case 403:
      return error(code === 'PERMISSION_DENIED' ? '14' : '01');
    case 404:
      return code === 'IDENTIFIER_NOT_FOUND' ? error('10') : failure(`HTTP 404 ${code ?? ''}`.trim());
    case 422:
      return error(code === 'SERVICE_NOT_APPLICABLE' ? '09' : '01');
    case 429:
      return failure('HTTP 429 (rate limited by the operator)');
    default:
      return failure(`HTTP ${httpStatus}`);
  }
}
