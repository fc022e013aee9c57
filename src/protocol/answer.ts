/**
 * Classifies a relay (or DQE) answer into exactly one outcome. Never throws, whatever the body.
 * The three status shapes are plain type guards (one definition each; `schemas.ts` wraps them for zod users),
 * so that the widget reads answers without a schema library in its bundle.
 */
import { normaliseErrorId } from './errors.js';
import { bandAtPath, isPlainObject, parseBands, parseScores, type Bands, type Scores, type Verdict } from './scores.js';
import { FIELD_PATHS, IDENTITY_FIELDS, type FieldPath } from './fields.js';
import { LIMITS, isOpaqueToken } from './limits.js';

export type Answer =
  | {
      kind: 'scores';
      scores: Scores;
      attestation: string | null;
      invalid: FieldPath[];
      /** The relay's own verdict, when its answer carries one (`null`: none, or not one of the three). */
      verdict: Verdict | null;
      /** Fields whose score the relay withheld (its disclosure policy), known paths only, in display order. */
      withheld: FieldPath[];
      /** (v3) `bands`: the scores are reduced to their bands, and `bands` (the relay's) is what to show. */
      disclosure: 'bands' | 'scores';
      bands: Bands | null;
    }
  | { kind: 'consent'; operator: string; url: string }
  /** `/result` while the operator has not answered yet; `retryAfter`: seconds the relay asks to wait first. */
  | { kind: 'pending'; retryAfter?: number }
  | { kind: 'error'; id: string; errorType: string };

/**
 * (v3) Decoupled consent, from `/match` only: the operator asks the line's subscriber to approve on their phone
 * (CAMARA CIBA); `/result` is polled with `token` and `state` for `expiresIn` seconds, at most every `interval`
 * seconds.
 */
export interface Decoupled {
  kind: 'decoupled';
  operator: string;
  token: string;
  state: string;
  expiresIn: number;
  interval: number;
}

/** What `/match` may answer: an {@link Answer} other than `pending`, or decoupled consent. */
export type MatchAnswer = Exclude<Answer, { kind: 'pending' }> | Decoupled;

/** The error shape, from DQE or the relay. `error_id` is a string in DQE's documentation; numbers are tolerated. */
export interface ErrorAnswer {
  status: 'error';
  error_id: string | number;
  error_type?: unknown;
}
/** The consent shape: the operator requires the shopper's consent at `url`. */
export interface ConsentAnswer {
  status: 'success';
  operator: string;
  url: string;
}
/** `/result` while the operator has not answered yet. */
export interface PendingAnswer {
  status: 'pending';
}

/** 1 to 100 code points (as zod counts a length: the `u` flag's `.` is one code point, lone surrogates too). */
const OPERATOR_NAME = /^.{1,100}$/su;

export function isErrorAnswer(body: unknown): body is ErrorAnswer {
  if (!isPlainObject(body) || body['status'] !== 'error') return false;
  const id = body['error_id'];
  return typeof id === 'string' || Number.isFinite(id);
}

/** An object of this `status` naming its operator in 1 to 100 characters (consent and decoupled shapes). */
function isConsentOperator(body: unknown, status: string): body is Record<string, unknown> & { operator: string } {
  if (!isPlainObject(body) || body['status'] !== status) return false;
  const { operator } = body;
  return typeof operator === 'string' && OPERATOR_NAME.test(operator);
}

export function isConsentAnswer(body: unknown): body is ConsentAnswer {
  return isConsentOperator(body, 'success') && typeof body['url'] === 'string' && body['url'] !== '';
}

export function isPendingAnswer(body: unknown): body is PendingAnswer {
  return isPlainObject(body) && body['status'] === 'pending';
}

/** The (v3) decoupled-consent shape of `/match`: every key present (extra keys ignored). */
export interface DecoupledAnswer {
  status: 'pending';
  operator: string;
  token: string;
  state: string;
  /** Seconds the subscriber has to approve. */
  expires_in: number;
  /** Least seconds between two polls of `/result`. */
  interval: number;
}

/** Longest `expires_in` taken (an hour: no checkout waits longer), and longest `interval` / `retry_after`. */
export const MAX_EXPIRES_IN = 3600;
export const MAX_POLL_WAIT = 600;
/** Longest decoupled-consent `token` (the relay's JWE holding `auth_req_id`, the nonce and `exp`). */
export const MAX_DECOUPLED_TOKEN = 2048;

/** A number from `min` to `max` (NaN and the infinities fail the comparisons). */
const isSeconds = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && v >= min && v <= max;

const is2xx = (httpStatus: number): boolean => httpStatus >= 200 && httpStatus <= 299;

export function isDecoupledAnswer(body: unknown): body is DecoupledAnswer {
  if (!isConsentOperator(body, 'pending')) return false;
  return (
    isOpaqueToken(body['token'], MAX_DECOUPLED_TOKEN) &&
    isOpaqueToken(body['state'], LIMITS.state) &&
    isSeconds(body['expires_in'], 1, MAX_EXPIRES_IN) &&
    isSeconds(body['interval'], 0, MAX_POLL_WAIT)
  );
}

/** `/result`'s pending answer: `{"status":"pending"}` with, at most, a `retry_after` in seconds. */
export function isResultPending(body: unknown): body is PendingAnswer & { retry_after?: number } {
  if (!isPendingAnswer(body)) return false;
  return (
    !Object.hasOwn(body, 'retry_after') || isSeconds((body as { retry_after?: unknown }).retry_after, 0, MAX_POLL_WAIT)
  );
}

/** A body is of the scores shape when it is an object without `status` holding at least one scored key. */
export const isScoresShape = (body: unknown): body is Record<string, unknown> =>
  isPlainObject(body) && !Object.hasOwn(body, 'status') && IDENTITY_FIELDS.some((k) => Object.hasOwn(body, k));

const badResponse = (why: string): Answer & MatchAnswer => ({ kind: 'error', id: 'bad_response', errorType: why });

/**
 * Classifies `/match`'s answer: as {@link classifyAnswer} does, except that a 2xx `pending` body with every key
 * of the decoupled-consent shape is that (any other `pending` body is `bad_response`).
 */
export function classifyMatchAnswer(httpStatus: number, body: unknown): MatchAnswer {
  if (!(is2xx(httpStatus) && isPendingAnswer(body))) return classifyAnswer(httpStatus, body) as MatchAnswer; // never `pending` without allowPending
  if (!isDecoupledAnswer(body)) return badResponse('bad decoupled pending answer');
  const { operator, token, state, expires_in: expiresIn, interval } = body;
  return { kind: 'decoupled', operator, token, state, expiresIn, interval };
}

/**
 * Classifies a parsed JSON body and its HTTP status: the error shape is that error (any status); a 2xx body of
 * the scores or consent shape is that outcome; where `allowPending` (`/result`), `{"status":"pending"}` with at
 * most a `retry_after` (seconds) is pending; anything else (any other `pending` body included) is
 * `bad_response`. `/match`'s answers: {@link classifyMatchAnswer}.
 */
export function classifyAnswer(httpStatus: number, body: unknown, options: { allowPending?: boolean } = {}): Answer {
  if (isErrorAnswer(body)) {
    const id = normaliseErrorId(body.error_id);
    if (id === null) return badResponse('bad error_id');
    const t = body.error_type;
    return { kind: 'error', id, errorType: typeof t === 'string' ? t.slice(0, 200) : '' };
  }
  if (!is2xx(httpStatus)) return badResponse(`HTTP ${httpStatus} without an error body`);
  if (isConsentAnswer(body)) return { kind: 'consent', operator: body.operator, url: body.url };
  if (options.allowPending && isPendingAnswer(body)) {
    if (!isResultPending(body)) return badResponse('bad retry_after');
    const r = body.retry_after;
    return r === undefined ? { kind: 'pending' } : { kind: 'pending', retryAfter: r };
  }
  if (isScoresShape(body)) {
    const { scores, invalid } = parseScores(body);
    const a = body['attestation'];
    const v = body['verdict'];
    const w = body['withheld'];
    const d = body['disclosure'] ?? 'scores'; // a v2 relay's answer says none
    const withheld = Array.isArray(w) ? FIELD_PATHS.filter((p) => w.includes(p)) : [];
    // (v3) `bands` exactly with `"disclosure":"bands"`, and every withheld path's band `withheld`
    const bands = d === 'bands' ? parseBands(body['bands']) : null;
    if (d !== 'bands' && d !== 'scores') return badResponse('unknown disclosure');
    if (d === 'bands' ? !bands || withheld.some((p) => bandAtPath(bands, p) !== 'withheld') : 'bands' in body)
      return badResponse('disclosure, bands and withheld disagree');
    return {
      kind: 'scores',
      scores,
      invalid,
      attestation: typeof a === 'string' && a.length > 0 ? a : null,
      verdict: v === 'verified' || v === 'rejected' || v === 'inconclusive' ? v : null,
      withheld,
      disclosure: d,
      bands,
    };
  }
  return badResponse('answer of no known shape');
}
