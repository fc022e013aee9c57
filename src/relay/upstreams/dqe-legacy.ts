/**
 * Today's DQE client (../dqe-client.ts) seen through the {@link Upstream} interface, until the DQE upstream of
 * `upstreams/dqe/` replaces it. Translates its answers into {@link UpstreamAnswer}s (parsed shapes only: the
 * DQE body itself never reaches the relay's answer); its failures (`UpstreamError`, `R502`/`R504`) pass through.
 */
import { createDqeClient, type DqeAnswer, type DqeClientOptions } from '../dqe-client.js';
import type { Upstream, UpstreamAnswer } from './types.js';

function translate(a: DqeAnswer): UpstreamAnswer {
  switch (a.kind) {
    case 'scores':
      return { kind: 'scores', scores: a.scores, invalid: a.invalid };
    case 'consent':
      return { kind: 'consent', operator: String(a.body['operator']), url: String(a.body['url']) };
    case 'pending':
      return { kind: 'pending' };
    case 'error': {
      const t = a.body['error_type'];
      return { kind: 'error', id: a.id, errorType: typeof t === 'string' ? t : '' };
    }
  }
}

export function createDqeLegacyUpstream(options: DqeClientOptions): Upstream {
  const client = createDqeClient(options);
  return {
    mode: 'dqe',
    match: async (request, redirectUri) => translate(await client.match(request, redirectUri)),
    result: async (token) => translate(await client.result(token)),
  };
}
