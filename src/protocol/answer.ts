/**
 * Classifies a relay (or DQE) answer into exactly one outcome. Never throws, whatever the body.
 * The three status shapes are plain type guards (one definition each; `schemas.ts` wraps them for zod users),
 * so that the widget reads answers without a schema library in its bundle.
 */
import { normaliseErrorId } from './errors.js';
import { parseScores, type Scores, type Verdict } from './scores.js';
import { FIELD_PATHS, type FieldPath } from './fields.js';

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
    }
  | { kind: 'consent'; operator: string; url: string }
  | { kind: 'pending' }
  | { kind: 'error'; id: string; errorType: string };

const SCORE_FIELDS = ['gender', 'given_name', 'family_name', 'birthdate', 'email', 'address'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

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

/** Length in code points, as zod counts it. */
const length = (s: string) => Array.from(s).length;

export function isErrorAnswer(body: unknown): body is ErrorAnswer {
  if (!isPlainObject(body) || body['status'] !== 'error') return false;
  const id = body['error_id'];
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

export function isConsentAnswer(body: unknown): body is ConsentAnswer {
  if (!isPlainObject(body) || body['status'] !== 'success') return false;
  const { operator, url } = body;
  return (
    typeof operator === 'string' &&
    length(operator) >= 1 &&
    length(operator) <= 100 &&
    typeof url === 'string' &&
    url !== ''
  );
}

export function isPendingAnswer(body: unknown): body is PendingAnswer {
  return isPlainObject(body) && body['status'] === 'pending';
}

/** A body is of the scores shape when it is an object without `status` holding at least one scored key. */
export function isScoresShape(body: unknown): body is Record<string, unknown> {
  return (
    isPlainObject(body) &&
    !Object.prototype.hasOwnProperty.call(body, 'status') &&
    SCORE_FIELDS.some((k) => Object.prototype.hasOwnProperty.call(body, k))
  );
}

const badResponse = (why: string): Answer => ({ kind: 'error', id: 'bad_response', errorType: why });

/**
 * Classifies a parsed JSON body and its HTTP status: the error shape is that error (any status); a 2xx body of
 * the scores or consent shape (or `pending` where `allowPending`) is that outcome; anything else is
 * `bad_response`.
 */
export function classifyAnswer(httpStatus: number, body: unknown, options: { allowPending?: boolean } = {}): Answer {
  if (isErrorAnswer(body)) {
    const id = normaliseErrorId(body.error_id);
    if (id === null) return badResponse('error answer with an unusable error_id');
    const t = body.error_type;
    return { kind: 'error', id, errorType: typeof t === 'string' ? t.slice(0, 200) : '' };
  }
  if (httpStatus < 200 || httpStatus > 299) return badResponse(`HTTP ${httpStatus} without an error body`);
  if (isConsentAnswer(body)) return { kind: 'consent', operator: body.operator, url: body.url };
  if (options.allowPending && isPendingAnswer(body)) return { kind: 'pending' };
  if (isScoresShape(body)) {
    const { scores, invalid } = parseScores(body);
    const a = body['attestation'];
    const v = body['verdict'];
    const w = body['withheld'];
    return {
      kind: 'scores',
      scores,
      invalid,
      attestation: typeof a === 'string' && a.length > 0 ? a : null,
      verdict: v === 'verified' || v === 'rejected' || v === 'inconclusive' ? v : null,
      withheld: Array.isArray(w) ? FIELD_PATHS.filter((p) => w.includes(p)) : [],
    };
  }
  return badResponse('answer of no known shape');
}
