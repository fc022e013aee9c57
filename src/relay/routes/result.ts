/**
 * `POST /result`: the result of a consent flow, bound to the check that asked for it. The sealed `state` (400),
 * the session with the state's reference (401), the state and the token not used yet (409, checked before
 * anything is asked upstream; 503 when the store cannot say), the upstream with the state's nonce, the binding
 * (the answer must carry the state's nonce: DQE's `code_name`, the nonce of CAMARA's CIBA token or callback
 * outcome; else 502 `consent_unbound`, final; `DQE_CONSENT_BINDING=off` signs `path: "consent-unbound"`), both
 * marked used on a final answer (a retryable retrieval error, 18, 99 or 30, and every upstream failure, R429,
 * R502, R504, leave them usable; `pending` too), the answer signed with the state's binding (`path: "consent"`).
 */
import type { Context } from 'hono';
import { ResultRequest } from '../../protocol/schemas.js';
import type { CheckLimits } from '../check-limits.js';
import type { RelayContext } from '../context.js';
import type { AttestationPath } from '../trust/attestation.js';
import { openState } from '../trust/state.js';
import type { UpstreamAnswer } from '../upstreams/types.js';
import { upstreamFailure } from './upstream-failure.js';

/** How long a used state or delivered consent token stays refused (R409): longer than either can live. */
const USED_TTL_MS = 24 * 3_600_000;
/** DQE's retrieval errors after which the shopper's retry with the same token and state is served. */
const RETRYABLE_RESULT_ERRORS = new Set(['18', '99', '30']);

export function resultRoute(r: RelayContext, limits: CheckLimits) {
  return async (c: Context): Promise<Response> => {
    const body = await r.readBody(c, ResultRequest);
    if ('response' in body) return body.response;
    const { token, state: sealed } = body.data;
    if (sealed === undefined) return r.relayError(c, 'R400', 'state: required (the idmobile_state of the return URL)');
    const state = await openState(sealed, r.secret, { now: r.now });
    if (!state) {
      r.log.warn('state_refused', { reason: 'invalid or expired' });
      return r.relayError(c, 'R400', 'state: invalid or expired: start the check again');
    }
    const session = await r.sessionOf(c, body.data.session, state.ref !== null);
    if ('response' in session) return session.response;
    if ((r.requireSession || state.ref !== null) && session.claims?.ref !== state.ref) {
      r.log.warn('session_refused', { reason: 'reference differs from the check', path: c.req.path });
      return r.relayError(c, 'R401', 'the session is not the one this check was started with');
    }
    const stateOnce = `once:state:${state.nonce}`;
    const tokenOnce = `once:result:${await limits.limitKey('result-token', token)}`;
    try {
      if ((await r.store.isMarked(stateOnce)) || (await r.store.isMarked(tokenOnce))) return r.relayError(c, 'R409');
    } catch (e) {
      r.log.error('store_unavailable', { operation: 'single_use', error: e });
      return r.relayError(c, 'R503');
    }
    let a: UpstreamAnswer;
    try {
      a = await r.upstream.result(token, { nonce: state.nonce, phone: state.phone });
    } catch (e) {
      return upstreamFailure(r, c, e);
    }
    if (a.kind === 'pending') {
      r.outcome(c, 'pending');
      const after = a.retryAfter;
      return c.json({ status: 'pending', ...(after !== undefined && after > 0 ? { retry_after: after } : {}) }, 200);
    }
    if (a.kind === 'consent') {
      r.log.error('upstream_unexpected', { endpoint: 'result', kind: 'consent' });
      return r.relayError(c, 'R502');
    }
    let path: AttestationPath = 'consent';
    let bound = a;
    if (a.kind === 'scores' && r.upstream.mode === 'dqe' && r.consentBinding === 'off') path = 'consent-unbound';
    else if (a.kind === 'scores' && a.codeName !== state.nonce) bound = { kind: 'unbound' };
    // a retryable retrieval error, 18, 99 or 30 (after its one renewal), leaves the token and state usable
    const final = !(a.kind === 'error' && RETRYABLE_RESULT_ERRORS.has(a.id));
    try {
      const used = (key: string) => r.store.mark(key, USED_TTL_MS);
      if (final && !((await used(stateOnce)) && (await used(tokenOnce)))) return r.relayError(c, 'R409');
    } catch (e) {
      r.log.error('store_unavailable', { operation: 'single_use', error: e });
      return r.relayError(c, 'R503');
    }
    return r.answers.answer(c, bound, state, path);
  };
}
