/**
 * The server API's one error format: `{"success": false, "error_codes": [code]}` (+ `field` for
 * `invalid_request`), with the HTTP status of the refusal.
 */
import type { Context } from 'hono';

/** Why a server-API request was refused, with its HTTP status. */
export const SERVER_REFUSALS = {
  invalid_request: 400,
  unauthorized: 401,
  origin_forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  store_unavailable: 503,
  internal_error: 500,
} as const;
export type ServerRefusal = keyof typeof SERVER_REFUSALS;

/** The server API's error answer. */
export function refuse(c: Context, code: ServerRefusal, extra: { field?: string } = {}): Response {
  return c.json({ success: false, error_codes: [code], ...extra }, SERVER_REFUSALS[code]);
}
