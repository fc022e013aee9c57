/**
 * `POST /match`: the widget's check. Body (schema, and the v3 widget's `"v":3`: without it R502, logged
 * `widget_v2`), session (R401), `return_url` rules and origin (400/403), the order's and the number's limits
 * (check-limits.ts), a fresh nonce and the sealed state appended to `return_url` (the redirect URI upstream),
 * the upstream with the nonce, the answer (answers.ts) bound to this check (`path: "direct"`), or CAMARA CIBA's
 * `pending` shape (`operator`, `token`, `state`, `expires_in`, `interval`) for the widget to poll `/result`.
 */
import type { Context } from 'hono';
import { MatchRequest } from '../../protocol/schemas.js';
import { WIRE_VERSION } from '../../protocol/wire.js';
import type { CheckLimits } from '../check-limits.js';
import type { RelayContext } from '../context.js';
import { checkReturnUrl, originOf } from '../origins.js';
import { foldIdentity } from '../trust/binding.js';
import { newNonce, sealState, withState, type StateClaims } from '../trust/state.js';
import type { UpstreamAnswer } from '../upstreams/types.js';
import { upstreamFailure } from './upstream-failure.js';

export function matchRoute(r: RelayContext, limits: CheckLimits) {
  return async (c: Context): Promise<Response> => {
    const body = await r.readBody(c, MatchRequest);
    if ('response' in body) return body.response;
    const request = body.data;
    if (request.v !== WIRE_VERSION) {
      r.log.warn('widget_v2', { action: 'upgrade the widget with the relay: its answers are v3' });
      return r.relayError(c, 'R502', 'this widget is older than the relay: upgrade it');
    }
    const session = await r.sessionOf(c, request.session);
    if ('response' in session) return session.response;
    let returnUrl: URL | undefined;
    if (request.return_url !== undefined) {
      const checked = checkReturnUrl(request.return_url, r.isAllowed);
      if (!checked.ok) {
        r.log.warn('return_url_refused', { reason: checked.reason, return_origin: originOf(request.return_url) });
        return r.relayError(c, checked.id, checked.reason);
      }
      returnUrl = checked.url;
    }
    const claims = session.claims;
    const refused =
      (claims && (await limits.orderChecks(c, claims))) ||
      (await limits.numberChecks(c, request.phone, claims?.ref ?? null));
    if (refused) return refused;
    const state: StateClaims = {
      nonce: newNonce(),
      ref: claims?.ref ?? null,
      phone: request.phone,
      identity: foldIdentity(request.identity),
    };
    const sealed = await sealState(state, r.secret, { now: r.now });
    const redirectUri = returnUrl ? withState(returnUrl, sealed) : undefined;
    let a: UpstreamAnswer;
    try {
      a = await r.upstream.match(
        { scope: request.scope, phone: request.phone, identity: request.identity },
        redirectUri,
        { nonce: state.nonce, requester: { client: r.clientKey(c), reference: state.ref } },
      );
    } catch (e) {
      return upstreamFailure(r, c, e);
    }
    if (a.kind === 'pending') {
      if (a.token === undefined || a.expiresIn === undefined) {
        r.log.error('upstream_unexpected', { endpoint: 'match', kind: 'pending' });
        return r.relayError(c, 'R502');
      }
      // decoupled consent: the widget polls /result with this token and state until expires_in
      r.outcome(c, 'pending');
      return c.json(
        {
          status: 'pending',
          operator: r.answers.operatorName(a.operator ?? ''),
          token: a.token,
          state: sealed,
          expires_in: a.expiresIn,
          interval: a.interval ?? 5,
        },
        200,
      );
    }
    return r.answers.answer(c, a, state, 'direct');
  };
}
