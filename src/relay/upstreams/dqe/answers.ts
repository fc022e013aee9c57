/**
 * DQE's answers, parsed into the relay's {@link UpstreamAnswer}: only the parsed shape leaves this module, never
 * DQE's body. Pure; never throws, whatever the body.
 *
 * Shapes (DQE help centre):
 * - error `{"status":"error","error_type":…,"error_id":"NN"}`, on any HTTP status (token, `/IDMOBILE/`, `/GET/`);
 * - scores, bare `{"family_name":1.0,"gender":"",…,"address":{…}}` (Matching without OTP response: numbers,
 *   address scores as strings of up to 3 characters, `""` = not compared);
 * - consent `{"status":"success","operator":…,"url":…}` (`/IDMOBILE/` only);
 * - pending `{"status":"pending","scope":…}` (`/GET/` only);
 * - the retrieval result WRAPPED `{"status":"success","scope":…,"code_name":…,"matching":{…scores…}}`, the scores
 *   also found under `matching_notp` (the scope's own name).
 */
import { normaliseErrorId } from '../../../protocol/errors.js';
import { ConsentAnswer, ErrorAnswer, PendingAnswer } from '../../../protocol/schemas.js';
import { parseScores } from '../../../protocol/scores.js';
import { isObject } from '../http.js';
import type { UpstreamAnswer } from '../types.js';
import { CONTROL_CHARS } from '../../../protocol/url-chars.js';

export type DqeEndpoint = 'IDMOBILE' | 'GET';
export type DqeParsed = UpstreamAnswer | { kind: 'unknown'; why: string };

const SCORE_KEYS = ['gender', 'given_name', 'family_name', 'birthdate', 'email', 'address'];
/** Keys under which the retrieval pages put the scores of the wrapped result. */
export const WRAPPED_SCORE_KEYS = ['matching', 'matching_notp'] as const;

const hasScoreKey = (o: Record<string, unknown>): boolean =>
  SCORE_KEYS.some((k) => Object.prototype.hasOwnProperty.call(o, k));

/** `error_type` as DQE wrote it, without control characters, at most 200 characters; `""` when not a string. */
export function cleanErrorType(raw: unknown): string {
  return typeof raw === 'string' ? raw.replace(CONTROL_CHARS, ' ').slice(0, 200) : '';
}

/** A DQE error shape with a usable id, else `null`. */
export function parseDqeError(body: unknown): (UpstreamAnswer & { kind: 'error' }) | null {
  const e = ErrorAnswer.safeParse(body);
  if (!e.success) return null;
  const id = normaliseErrorId(e.data.error_id);
  return id === null ? null : { kind: 'error', id, errorType: cleanErrorType(e.data.error_type) };
}

function scoresFrom(container: Record<string, unknown>, codeName?: unknown): UpstreamAnswer {
  const { scores, invalid } = parseScores(container);
  if (codeName === undefined) return { kind: 'scores', scores, invalid };
  return { kind: 'scores', scores, invalid, codeName: typeof codeName === 'string' ? codeName : null };
}

/** Classifies one answer of `/IDMOBILE/` or `/GET/`. */
export function parseDqeAnswer(endpoint: DqeEndpoint, httpStatus: number, body: unknown): DqeParsed {
  const error = parseDqeError(body);
  if (error) return error;
  if (httpStatus < 200 || httpStatus > 299) return { kind: 'unknown', why: `HTTP ${httpStatus} without an error body` };
  if (!isObject(body)) return { kind: 'unknown', why: 'not a JSON object' };
  if (endpoint === 'IDMOBILE') {
    const consent = ConsentAnswer.safeParse(body);
    if (consent.success) return { kind: 'consent', operator: consent.data.operator, url: consent.data.url };
  }
  if (endpoint === 'GET' && PendingAnswer.safeParse(body).success) return { kind: 'pending' };
  if (body['status'] === 'success') {
    for (const key of WRAPPED_SCORE_KEYS) {
      const inner = body[key];
      if (isObject(inner) && hasScoreKey(inner)) return scoresFrom(inner, body['code_name'] ?? null);
    }
    return { kind: 'unknown', why: 'success without scores' };
  }
  if (!Object.prototype.hasOwnProperty.call(body, 'status') && hasScoreKey(body)) return scoresFrom(body);
  return { kind: 'unknown', why: 'answer of no known shape' };
}

/** The token endpoint's success: a usable `access_token` and its lifetime (`expires_in` is a string in DQE's pages). */
export function parseTokenAnswer(body: unknown): { token: string; expiresIn: number | null } | null {
  if (!isObject(body)) return null;
  const token = body['access_token'];
  if (typeof token !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(token)) return null;
  const raw = body['expires_in'];
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  return { token, expiresIn: Number.isFinite(n) && n > 0 ? n : null };
}
