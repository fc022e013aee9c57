/**
 * The seam between the relay's pipeline (origins, sessions, limits, attestation) and the operator API that
 * answers: DQE IDMobile or CAMARA KYC Match. Both answer the seed's three shapes, so the widget, the gauges and
 * the attestation never know which one ran.
 */
import type { FieldPath } from '../../protocol/fields.js';
import type { MatchRequest } from '../../protocol/schemas.js';
import type { Scores } from '../../protocol/scores.js';

export type UpstreamMode = 'dqe' | 'camara';

/**
 * A failure to get an answer (not an answer): `R502` (bad or no answer), `R504` (no answer in time), or `R429`
 * (not asked: a limit of the upstream's own, e.g. CIBA prompts per number; `retryAfterSeconds` says when).
 */
export type UpstreamErrorId = 'R429' | 'R502' | 'R504';

/**
 * A validated upstream answer, already translated to the seed's vocabulary. `scores` and the error `id` are
 * what the relay uses; `operator` and `url` for consent; `errorType` is the upstream's wording (for the
 * browser's `error_type`, after the relay has removed any configured secret from it).
 */
export type UpstreamAnswer =
  | {
      kind: 'scores';
      scores: Scores;
      invalid: FieldPath[];
      /** DQE's retrieval: the wrapped result's `code_name` (a string, else null); absent from other answers. */
      codeName?: string | null;
    }
  | { kind: 'consent'; operator: string; url: string }
  | { kind: 'pending' }
  | { kind: 'error'; id: string; errorType: string };

/** What ties an upstream call to the check that made it. */
export interface CheckBinding {
  /** The check's nonce (32 lowercase hex characters): DQE's `code_name`. */
  nonce: string;
  /** Who asked for the check: CIBA prompts are limited per (number, client) and per (number, reference). */
  requester?: { client: string; reference: string | null };
}

export interface Upstream {
  readonly mode: UpstreamMode;
  /** One check for the widget's (validated) request; `redirectUri` is where consent comes back, if any. */
  match(request: MatchRequest, redirectUri: string | undefined, binding?: CheckBinding): Promise<UpstreamAnswer>;
  /** The result of a consent flow, for the token the upstream appended to the redirect. May be `pending`. */
  result(token: string, binding?: CheckBinding): Promise<UpstreamAnswer>;
}
