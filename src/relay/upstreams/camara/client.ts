/**
 * CAMARA KYC Match (camaraproject/KnowYourCustomerMatch, release r1.2, kyc-match v0.4.0) as an {@link Upstream}:
 * `POST {apiRoot}/kyc-match/v0.4/match`, JSON, `Authorization: Bearer`, an `x-correlator` per check (logged, so
 * that a check can be traced with the operator). Tokens by CIBA or `client_credentials` (one token for every
 * check: a burst of 100 checks makes one token request). Translation is pure and lives apart: request.ts,
 * scores.ts, errors.ts, oauth.ts.
 *
 * A CIBA token is obtained with the subscriber's approval for ONE check and serves only that check: it is never
 * cached, so a later check of the same number, by anyone, needs a new approval (and learns nothing from the
 * timing). Prompts are limited per number (`promptGate`, prompt-gate.ts): past the limit the check answers
 * `R429` without prompting.
 *
 * Failure rules: with `client_credentials`, 401 renews the token (one shared request) and retries once, then
 * `R502`; with CIBA, 401 is `R502` at once (no renewal: that token served this check only); the other error answers
 * as errors.ts maps them; no answer in time `R504`; connection failure, redirect, 5xx, a body that is not JSON or
 * too large `R502`. The match is never retried after a failure (it reaches the operator); token requests are
 * retried once after a connection failure or a 5xx.
 *
 * KYC Match has no consent redirect (consent is the CIBA flow, or the operator's own business): `result()` answers
 * error 01.
 */
import type { MatchRequest } from '../../../protocol/schemas.js';
import { createLogger, type Logger } from '../../log.js';
import { createExchange, isObject, UPSTREAM_BUDGET_MS, UPSTREAM_TIMEOUT_MS } from '../http.js';
import type { PromptGate } from '../prompt-gate.js';
import { createTokenCache, type TokenCacheFactory } from '../token-cache.js';
import type { CheckBinding, Upstream, UpstreamAnswer } from '../types.js';
import { UpstreamError } from '../upstream-error.js';
import { mapCamaraError } from './errors.js';
import { AuthorizationRefused, createOAuth } from './oauth.js';
import { toKycMatchBody, type KycMatchBody } from './request.js';
import { fromKycMatchAnswer } from './scores.js';

/** The API version in the path, as kyc-match v0.4.0's `servers` entry writes it. */
export const KYC_MATCH_PATH = '/kyc-match/v0.4/match';

export type CamaraAuth = 'ciba' | 'client_credentials';

export interface CamaraUpstreamOptions {
  /** `{apiRoot}` of the operator (the match is `POST {apiRoot}/kyc-match/v0.4/match`). */
  apiRoot: string;
  tokenUrl: string;
  /** CIBA's `bc-authorize` endpoint; required with `auth: 'ciba'`. */
  authorizeUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Default `ciba`. */
  auth?: CamaraAuth;
  fetch?: typeof fetch;
  /** Time limit of each upstream call (ms); default 6000. */
  timeoutMs?: number;
  /** Time limit of one relay operation, CIBA polling, every call and retry included (ms); default 12000. */
  budgetMs?: number;
  maxResponseBytes?: number;
  now?: () => number;
  /** Waits between CIBA polls (default a timer); tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** The `x-correlator` of a check (default a random UUID). */
  correlator?: () => string;
  logger?: Logger;
  /**
   * The `client_credentials` token's cache (default: this process's); a fleet passes one shared through its
   * store. CIBA tokens are never cached: each serves the one check it was approved for.
   */
  tokenCache?: TokenCacheFactory;
  /** Asked before every CIBA prompt (prompts per number, prompt-gate.ts); refused: `R429`, nobody prompted. */
  promptGate?: PromptGate;
}

export interface CamaraUpstream extends Upstream {
  readonly mode: 'camara';
}

const CORRELATOR = /^[a-zA-Z0-9-]{1,55}$/;

export function createCamaraUpstream(options: CamaraUpstreamOptions): CamaraUpstream {
  const timeoutMs = options.timeoutMs ?? UPSTREAM_TIMEOUT_MS;
  const budgetMs = options.budgetMs ?? UPSTREAM_BUDGET_MS;
  const now = options.now ?? Date.now;
  const auth: CamaraAuth = options.auth ?? 'ciba';
  const log = options.logger ?? createLogger({ secrets: [options.clientSecret] });
  log.addSecret(options.clientSecret);
  const exchange = createExchange({
    fetch: options.fetch,
    timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    now,
    log,
  });
  const oauth = createOAuth({
    tokenUrl: options.tokenUrl,
    authorizeUrl: options.authorizeUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    exchange,
    now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    log,
  });
  const matchUrl = `${options.apiRoot.replace(/\/+$/, '')}${KYC_MATCH_PATH}`;
  const correlator = options.correlator ?? (() => crypto.randomUUID());

  // a token request has the operation's budget, less the time the match itself may take
  const tokenDeadline = () => now() + Math.max(budgetMs - timeoutMs, budgetMs / 2);
  const fetchShared = () => oauth.clientCredentials(tokenDeadline());
  const shared = options.tokenCache?.('camara', fetchShared) ?? createTokenCache({ fetchToken: fetchShared, now });

  /** A CIBA token for this check only, after the prompt gate (R429 without prompting past its limit). */
  async function approvedToken(phone: string, binding: CheckBinding | undefined): Promise<string> {
    const gate = await options.promptGate?.(phone, binding?.requester);
    if (gate && !gate.allowed) {
      throw new UpstreamError('R429', 'CIBA prompts for this number used up', 'bc-authorize', gate.retryAfterSeconds);
    }
    return (await oauth.ciba(phone, tokenDeadline())).token;
  }

  async function postMatch(
    body: KycMatchBody,
    token: string,
    deadline: number,
    xCorrelator: string,
  ): Promise<{ status: number; body: unknown }> {
    return exchange({
      endpoint: 'kyc-match',
      url: matchUrl,
      init: {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          'x-correlator': xCorrelator,
        },
        body: JSON.stringify(body),
      },
      idempotent: false,
      deadline,
      // a 4xx is an answer (errors.ts); a 2xx must be a JSON object
      failure: (status, b) =>
        status >= 500 ? `HTTP ${status}` : status < 300 && !isObject(b) ? `HTTP ${status}, not a JSON object` : null,
    });
  }

  function interpret(status: number, body: unknown, sent: KycMatchBody): UpstreamAnswer | 'renew' {
    if (status >= 200 && status <= 299) {
      const { scores, invalid } = fromKycMatchAnswer(body, sent);
      if (invalid.length > 0) log.warn('scores_invalid', { fields: invalid, endpoint: 'kyc-match' });
      return { kind: 'scores', scores, invalid };
    }
    const outcome = mapCamaraError(status, body);
    if (outcome.kind === 'renew') return 'renew';
    if (outcome.kind === 'failure') throw new UpstreamError(outcome.id, outcome.reason, 'kyc-match');
    log.warn('camara_error', { status, error_id: outcome.id, error_type: outcome.errorType });
    return { kind: 'error', id: outcome.id, errorType: outcome.errorType };
  }

  return {
    mode: 'camara',
    async match(request: MatchRequest, _redirectUri?: string, binding?: CheckBinding) {
      const deadline = now() + budgetMs;
      const sent = toKycMatchBody(request);
      const raw = correlator();
      const xCorrelator = CORRELATOR.test(raw) ? raw : crypto.randomUUID();
      log.info('camara_check', { x_correlator: xCorrelator, auth, fields: Object.keys(sent) });
      try {
        if (auth === 'ciba') {
          const approved = await approvedToken(request.phone, binding);
          const only = await postMatch(sent, approved, deadline, xCorrelator);
          const answer = interpret(only.status, only.body, sent);
          if (answer !== 'renew') return answer;
          log.error('token_rejected', {
            status: 401,
            action: 'none: a CIBA token serves one check',
            x_correlator: xCorrelator,
          });
          throw new UpstreamError('R502', 'the operator rejected the token approved for this check (401)', 'kyc-match');
        }
        const tokens = shared;
        const token = await tokens.get();
        const first = await postMatch(sent, token, deadline, xCorrelator);
        const answer = interpret(first.status, first.body, sent);
        if (answer !== 'renew') return answer;
        log.warn('token_rejected', { status: 401, action: 'renew and retry once', x_correlator: xCorrelator });
        const fresh = await tokens.renew(token);
        const second = await postMatch(sent, fresh, deadline, xCorrelator);
        const again = interpret(second.status, second.body, sent);
        if (again === 'renew') {
          tokens.clear();
          log.error('token_rejected_twice', { status: 401, x_correlator: xCorrelator });
          throw new UpstreamError('R502', 'the operator rejected a freshly issued token (401 twice)', 'kyc-match');
        }
        return again;
      } catch (e) {
        if (e instanceof AuthorizationRefused) return e.answer;
        throw e;
      }
    },
    result() {
      return Promise.resolve({
        kind: 'error',
        id: '01',
        errorType: 'CAMARA KYC Match has no consent redirect to fetch a result for',
      });
    },
  };
}
