/**
 * Classifies a relay (or DQE) answer into exactly one outcome. Never throws, whatever the body.
 */
import { normaliseErrorId } from './errors.js';
import { ConsentAnswer, ErrorAnswer, PendingAnswer } from './schemas.js';
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
  const error = ErrorAnswer.safeParse(body);
  if (error.success) {
    const id = normaliseErrorId(error.data.error_id);
    if (id === null) return badResponse('error answer with an unusable error_id');
    const t = error.data.error_type;
    return { kind: 'error', id, errorType: typeof t === 'string' ? t.slice(0, 200) : '' };
  }
  if (httpStatus < 200 || httpStatus > 299) return badResponse(`HTTP ${httpStatus} without an error body`);
  const consent = ConsentAnswer.safeParse(body);
  if (consent.success) return { kind: 'consent', operator: consent.data.operator, url: consent.data.url };
  if (options.allowPending && PendingAnswer.safeParse(body).success) return { kind: 'pending' };
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
