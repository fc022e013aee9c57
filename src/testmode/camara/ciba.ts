/**
 * The CAMARA face's CIBA requests (OpenID CIBA Core 1.0, poll mode), as an operator runs them: `bc-authorize`
 * acknowledges with `auth_req_id`, `expires_in` and `interval`; the subscriber answers on their phone (the
 * simulator's phone page) or, by default, approves after `approvalMs`; token polls answer
 * `authorization_pending` until then, `slow_down` when polled sooner than `interval` after the previous poll (and
 * the interval grows by 5 s, CIBA §11 / RFC 8628 §3.5), `access_denied` when refused, `expired_token` after
 * `expires_in`. Decisions are computed from the injectable clock when asked: no timer runs.
 */
import { randomToken, type Clock } from '../consent-store.js';
import type { CibaBehaviour } from '../registry.js';

/** `expires_in` of every CIBA request (seconds). */
export const CIBA_EXPIRES_IN_SECONDS = 120;
/** How much `slow_down` raises the interval (seconds). */
const SLOW_DOWN_STEP_SECONDS = 5;
/** An ended request is still recognised (as expired or answered) this long, then forgotten. */
const GRACE_MS = 3_600_000;

/** How the line's subscriber answers; `refuse_now` refuses before any poll (the `+33600000021` magic number). */
export type CibaLineBehaviour = CibaBehaviour | 'refuse_now';

export interface CibaRequest {
  authReqId: string;
  /** The id the phone page uses (never `auth_req_id`, which only the client should know). */
  pageId: string;
  phone: string;
  scopes: readonly string[];
  /** CIBA's `binding_message`, shown on the phone page. */
  bindingMessage: string;
  clientId: string;
  behaviour: CibaLineBehaviour;
  createdAt: number;
  expiresAt: number;
  /** Seconds the client must wait between polls (raised by `slow_down`). */
  interval: number;
  lastPollAt: number | null;
  /** A decision taken on the phone page (wins over `behaviour`). */
  decided: 'approved' | 'refused' | null;
  /** A token was issued or a refusal answered: the request is over. */
  ended: boolean;
}

export type CibaPoll =
  | { kind: 'approved'; phone: string; scopes: readonly string[] }
  | {
      kind: 'error';
      error: 'invalid_grant' | 'expired_token' | 'slow_down' | 'authorization_pending' | 'access_denied';
    };

export interface CibaOptions {
  now: Clock;
  /** After how long a subscriber who approves by default does so (ms). 0: at once. */
  approvalMs: number;
  /** The interval announced (seconds). */
  intervalSeconds: number;
  /** Bound on requests kept in memory. */
  maxEntries?: number;
}

export class CibaRequests {
  private readonly byId = new Map<string, CibaRequest>();
  private readonly max: number;

  constructor(private readonly options: CibaOptions) {
    this.max = options.maxEntries ?? 10_000;
  }

  /** Registers a request and answers the acknowledgement's values. */
  start(init: {
    phone: string;
    scopes: readonly string[];
    bindingMessage: string;
    clientId: string;
    behaviour: CibaLineBehaviour;
  }): { auth_req_id: string; expires_in: number; interval: number } {
    this.prune();
    const t = this.options.now();
    const request: CibaRequest = {
      ...init,
      authReqId: randomToken(),
      pageId: randomToken(16),
      createdAt: t,
      expiresAt: t + CIBA_EXPIRES_IN_SECONDS * 1000,
      interval: this.options.intervalSeconds,
      lastPollAt: null,
      decided: null,
      ended: false,
    };
    this.byId.set(request.authReqId, request);
    return { auth_req_id: request.authReqId, expires_in: CIBA_EXPIRES_IN_SECONDS, interval: request.interval };
  }

  /** The subscriber's answer at time `t`: decided on the phone, or by the line's behaviour. */
  status(request: CibaRequest, t = this.options.now()): 'pending' | 'approved' | 'refused' {
    if (request.decided) return request.decided;
    if (request.behaviour === 'refuse_now') return 'refused';
    if (request.behaviour === 'never' || t < request.createdAt + this.options.approvalMs) return 'pending';
    return request.behaviour === 'approve' ? 'approved' : 'refused';
  }

  /** When the line's subscriber answers by default (ms since epoch) and how, or `null` when they never do. */
  autoAnswer(request: CibaRequest): { decision: 'approve' | 'refuse'; at: number } | null {
    if (request.behaviour === 'never') return null;
    const decision = request.behaviour === 'approve' ? 'approve' : 'refuse';
    return {
      decision,
      at: request.behaviour === 'refuse_now' ? request.createdAt : request.createdAt + this.options.approvalMs,
    };
  }

  /** One token poll (`grant_type=urn:openid:params:grant-type:ciba`). */
  poll(authReqId: string): CibaPoll {
    const t = this.options.now();
    const request = this.byId.get(authReqId);
    if (request === undefined || request.ended) return { kind: 'error', error: 'invalid_grant' };
    if (t >= request.expiresAt) return { kind: 'error', error: 'expired_token' };
    const previous = request.lastPollAt;
    request.lastPollAt = t;
    if (previous !== null && t - previous < request.interval * 1000) {
      request.interval += SLOW_DOWN_STEP_SECONDS;
      return { kind: 'error', error: 'slow_down' };
    }
    const status = this.status(request, t);
    if (status === 'pending') return { kind: 'error', error: 'authorization_pending' };
    request.ended = true;
    if (status === 'refused') return { kind: 'error', error: 'access_denied' };
    return { kind: 'approved', phone: request.phone, scopes: request.scopes };
  }

  /** The requests awaiting this subscriber's answer, oldest first. */
  pendingFor(phone: string): CibaRequest[] {
    const t = this.options.now();
    return [...this.byId.values()].filter(
      (r) => r.phone === phone && !r.ended && t < r.expiresAt && this.status(r, t) === 'pending',
    );
  }

  /** The subscriber's decision on the phone page; `false` when the request is no longer pending for this phone. */
  decide(pageId: string, phone: string, decision: 'approved' | 'refused'): boolean {
    const request = this.pendingFor(phone).find((r) => r.pageId === pageId);
    if (!request) return false;
    request.decided = decision;
    return true;
  }

  private prune(): void {
    const t = this.options.now();
    for (const [k, r] of this.byId) if (t >= r.expiresAt + GRACE_MS) this.byId.delete(k);
    while (this.byId.size >= this.max) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
  }
}
