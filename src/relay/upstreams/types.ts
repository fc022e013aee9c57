/**
 * The seam between the relay's pipeline (origins, sessions, limits, attestation) and the operator API that
 * answers: DQE IDMobile or CAMARA KYC Match. Both answer the seed's three shapes, so the widget, the gauges and
 * the attestation never know which one ran.
 */
import type { FieldPath } from '../../protocol/fields.js';
import type { MatchRequest } from '../../protocol/schemas.js';
import type { Scores } from '../../protocol/scores.js';
import type { Signals } from '../trust/sealed.js';

export type UpstreamMode = 'dqe' | 'camara';

/**
 * A failure to get an answer (not an answer): `R502` (bad or no answer), `R504` (no answer in time), or `R429`
 * (not asked: a limit of the upstream's own, e.g. CIBA prompts per number; `retryAfterSeconds` says when).
 */
export type UpstreamErrorId = 'R429' | 'R502' | 'R504';

/**
 * A final answer of the relay's own (an `R…` id answered with its HTTP status) that the upstream decided:
 * `R428` (the operator needs the identity document: `field` `id_document`), `R400` (the consent token is not
 * one this relay issued, or it expired), `R502` (an outcome kept for a callback that failed upstream).
 */
export type UpstreamRelayErrorId = 'R400' | 'R428' | 'R502';

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
      /**
       * The nonce the answer is bound to: DQE's retrieval echoes it as `code_name` (a string, else null); CAMARA's
       * consent paths set the nonce their token or outcome carries. Absent from direct answers.
       */
      codeName?: string | null;
      /** The request carried the identity document: a names mismatch is answered like a document mismatch. */
      idDocumentSent?: boolean;
      /**
       * The signals asked next to the match (`RELAY_SIGNALS`): `sim_swap` the operator's answer, or `null` when it
       * could not say. Sealed in the attestation only: never in the browser's answer.
       */
      signals?: Signals;
    }
  | { kind: 'consent'; operator: string; url: string }
  /**
   * Not yet. From `/match`: decoupled consent (CAMARA CIBA): the operator is asking the subscriber on their phone;
   * `token` (sealed, for `/result`), `expiresIn` and `interval` (seconds) are set. From `/result`: poll again,
   * not before `retryAfter` seconds when set.
   */
  | {
      kind: 'pending';
      operator?: string;
      token?: string;
      expiresIn?: number;
      interval?: number;
      retryAfter?: number;
    }
  | { kind: 'error'; id: string; errorType: string }
  /** A final `R…` answer decided upstream (`R428` names the field the shopper must add). */
  | { kind: 'relay_error'; id: UpstreamRelayErrorId; reason: string; field?: 'id_document' }
  /** The operator says the identity document does not match: every field withheld, `rejected`. */
  | { kind: 'id_document_mismatch' }
  /** The consent result belongs to another check (its nonce differs from the state's): final `consent_unbound`. */
  | { kind: 'unbound' };

/** What the operator's redirect to `{RELAY_PUBLIC_URL}/callback` ends in: a 303 to the shop, or a page. */
export type CallbackOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; status: 400 | 503; reason: 'unknown_state' | 'store_unavailable' };

/** What ties an upstream call to the check that made it. */
export interface CheckBinding {
  /** The check's nonce (32 lowercase hex characters): DQE's `code_name`. */
  nonce: string;
  /**
   * The checked number (E.164), for a consent result: DQE asks its SIM-swap signal once the result is in (the
   * retrieval does not carry the number).
   */
  phone?: string;
  /** Who asked for the check: CIBA prompts are limited per (number, client) and per (number, reference). */
  requester?: { client: string; reference: string | null };
}

export interface Upstream {
  readonly mode: UpstreamMode;
  /** One check for the widget's (validated) request; `redirectUri` is where consent comes back, if any. */
  match(request: MatchRequest, redirectUri: string | undefined, binding?: CheckBinding): Promise<UpstreamAnswer>;
  /** The result of a consent flow, for the token the upstream appended to the redirect. May be `pending`. */
  result(token: string, binding?: CheckBinding): Promise<UpstreamAnswer>;
  /** CAMARA's authorization-code flow: the operator's redirect (`code`/`error` and `state`) to the callback. */
  callback?(query: URLSearchParams): Promise<CallbackOutcome>;
  /** The public keys of `private_key_jwt` client authentication (served at `/.well-known/jwks.json`), if any. */
  jwks?(): Promise<{ keys: object[] } | null>;
}
