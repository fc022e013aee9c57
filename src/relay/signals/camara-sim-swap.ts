/**
 * CAMARA SimSwap's `check`, translated (pure): camaraproject/SimSwap r3.3, sim-swap 2.1.0, `POST
 * {CAMARA_SIM_SWAP_URL}` (default `{CAMARA_API_ROOT}/sim-swap/v2/check`) with `{maxAge}` (hours, 1..2400) and,
 * with a TWO-legged token only, `phoneNumber`: the YAML says a three-legged token identifies the line and
 * `phoneNumber` MUST NOT be sent (422 `UNNECESSARY_IDENTIFIER`, "even if the same device is identified by these
 * two methods"), while a two-legged one needs it (422 `MISSING_IDENTIFIER`). KYC Match's YAML (kyc-match v0.4)
 * says otherwise for its own request: with a three-legged token `phoneNumber` may be sent and must match the
 * token's line (403 `INVALID_TOKEN_CONTEXT`), which the relay relies on to tell `line_mismatch`; so KYC Match
 * keeps it. The answer is `{swapped}` (boolean). The security scheme grants `check` to `sim-swap:check` (or
 * `sim-swap`), which the relay adds to the token's scope so that one subscriber approval covers both calls.
 */
import { isObject } from '../upstreams/http.js';
import type { SimSwapReading } from './sim-swap.js';

/** The scope sim-swap.yaml's `/check` asks for. */
export const SIM_SWAP_CHECK_SCOPE = 'sim-swap:check';

/** `scope` with `sim-swap:check` added, unless it already grants `check` (`sim-swap:check` or `sim-swap`). */
export function withSimSwapScope(scope: string): string {
  const tokens = scope.split(' ').filter((s) => s !== '');
  if (tokens.includes(SIM_SWAP_CHECK_SCOPE) || tokens.includes('sim-swap')) return tokens.join(' ');
  return [...tokens, SIM_SWAP_CHECK_SCOPE].join(' ');
}

/** The request body: `maxAge`, and `phoneNumber` only with a two-legged token (`phone` given). */
export function camaraSimSwapBody(maxAgeHours: number, phone?: string): { maxAge: number; phoneNumber?: string } {
  return phone === undefined ? { maxAge: maxAgeHours } : { phoneNumber: phone, maxAge: maxAgeHours };
}

const codeOf = (body: unknown): string => (isObject(body) && typeof body['code'] === 'string' ? body['code'] : '');

/** What the relay logs for an error answer of `check` (sim-swap.yaml's Generic4xx codes). */
function errorReason(status: number, code: string): string {
  const c = code.replace(/[^\w.]/g, '').slice(0, 60);
  if (status === 400 && c === 'OUT_OF_RANGE')
    return 'the operator refuses this window (400 OUT_OF_RANGE): lower RELAY_SIM_SWAP_MAX_AGE_HOURS to its limit';
  if (status === 422 && c === 'SERVICE_NOT_APPLICABLE')
    return 'the operator does not answer SIM swap for this line (422 SERVICE_NOT_APPLICABLE)';
  if (status === 403) return `403 ${c || 'forbidden'}: check that the token's scope grants sim-swap:check`;
  return `HTTP ${status}${c ? ` ${c}` : ''}`;
}

/** Reads one answer of `check`: answered (`swapped` a boolean), else unknown with the reason. Never throws. */
export function readCamaraSimSwap(status: number, body: unknown): SimSwapReading {
  if (status >= 200 && status <= 299) {
    if (isObject(body) && typeof body['swapped'] === 'boolean') return { kind: 'answered', swapped: body['swapped'] };
    return { kind: 'unknown', reason: 'answer without a boolean "swapped"' };
  }
  return { kind: 'unknown', reason: errorReason(status, codeOf(body)) };
}
