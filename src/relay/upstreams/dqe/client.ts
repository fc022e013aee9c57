/**
 * DQE IDMobile as an {@link Upstream}: access tokens (cached, shared, renewed on error 30), `/IDMOBILE/` and
 * `/GET/`, a time limit on every call and a budget per operation, every answer parsed (answers.ts) and only the
 * parsed shape passed on.
 *
 * Failure rules:
 * - a DQE error shape (any HTTP status) is an answer, passed on with its id, except error 30 on `/IDMOBILE/`: the
 *   token is renewed (one shared request) and the match retried once; a second 30 becomes `R502` (DQE refuses
 *   tokens it just issued: nothing the shopper can fix) and the cached token is dropped;
 * - the token endpoint's refusals (01, 02, 03, 22, 31, 98) are answers too: the widget shows them as the
 *   integration errors they are; 98 (credits exhausted) is also logged as an operations alert, wherever it comes;
 * - the token endpoint answering HTTP 400 or 401 WITHOUT DQE's error body (DQE's token pages: a missing or wrong
 *   licence, a missing client secret, "400 Error (Invalid Client)") is error 03, an integration error and not an
 *   outage, logged once per refusal as `dqe_credentials_refused` naming the settings to check (never their values);
 * - `/GET/` is asked with `DQE_RESULT_SCOPE`; left unset, with `matching_notp`, and when DQE answers 04 (invalid
 *   scope) to that, once more with `client_idmobile` (DQE's pages name both): the scope that worked is kept for
 *   this process's later retrievals and logged once (`dqe_result_scope`). A configured scope is never replaced;
 * - no answer within the time limit: `R504`; connection failure, 5xx without an error body, a redirect, a body
 *   that is not JSON, too large, or of no known shape: `R502`;
 * - `/IDMOBILE/` is not idempotent (it may reach the operator): never retried after such a failure. The token
 *   request and `/GET/` are, and get one retry after a connection failure or a 5xx, time permitting.
 *
 * Signals (`simSwap`, from `RELAY_SIGNALS=sim_swap`): DQE's `simswap` scope is a second `/IDMOBILE/` call
 * (signals/dqe-sim-swap.ts), sent IN PARALLEL with the match, with the same token and under the same deadline;
 * a scores answer waits for it and carries `signals.sim_swap`. Its failures never fail the check (unknown signal,
 * logged; error 30 renews the token once, like the match). On the consent path the match's parallel call cannot
 * be kept (the answer is a consent URL, nothing is stored): the signal is asked again once `/GET/` gives the
 * result (`binding.phone`), when the shopper's approval has already taken seconds.
 */
import { ErrorAnswer, type MatchRequest } from '../../../protocol/schemas.js';
import { createLogger, type Logger } from '../../log.js';
import { createExchange, formPost, UPSTREAM_BUDGET_MS, UPSTREAM_TIMEOUT_MS, type HttpCall } from '../http.js';
import { createTokenCache, type TokenCache, type TokenCacheFactory } from '../token-cache.js';
import type { Upstream, UpstreamAnswer } from '../types.js';
import { UpstreamError } from '../upstream-error.js';
import { dqeSimSwapForm, readDqeSimSwap } from '../../signals/dqe-sim-swap.js';
import { settleSimSwap, withSimSwap, type SimSwapReading, type SimSwapSignal } from '../../signals/sim-swap.js';
import { parseDqeAnswer, parseDqeError, parseTokenAnswer, type DqeEndpoint } from './answers.js';
import {
  FALLBACK_RESULT_SCOPE,
  formatNumber,
  MATCH_SCOPE,
  resultQuery,
  toMatchForm,
  type NumberFormat,
} from './translate.js';

export interface DqeUpstreamOptions {
  /** e.g. `https://…/` ; endpoints are joined as `{baseUrl}/ACCESS_TOKEN/`. */
  baseUrl: string;
  licence: string;
  clientSecret: string;
  /** DQE's `name` field (partner name). */
  partnerName: string;
  /** How `number` and `user_infos.phone` are written (DQE does not document it); default `e164`. */
  numberFormat?: NumberFormat;
  /**
   * The `scope` of `/GET/` (DQE's pages disagree: `matching_notp` or `client_idmobile`). Unset: `matching_notp`,
   * then `client_idmobile` once if DQE answers 04 (invalid scope). Set: that scope only, never replaced.
   */
  resultScope?: string;
  /** Injectable for tests and the in-process test mode; default the global `fetch`. */
  fetch?: typeof fetch;
  /** Time limit of each upstream call (ms); default 6000. */
  timeoutMs?: number;
  /** Time limit of one relay operation, every call and retry included (ms); default 12000. */
  budgetMs?: number;
  /** Largest upstream body read (bytes); default 64 KiB. */
  maxResponseBytes?: number;
  now?: () => number;
  logger?: Logger;
  /** The access token's cache (default: this process's); a fleet passes one shared through its store. */
  tokenCache?: TokenCacheFactory;
  /** Ask DQE's `simswap` scope next to each match, over this window (`RELAY_SIGNALS=sim_swap`). */
  simSwap?: { maxAgeHours: number } | null;
}

export interface DqeUpstream extends Upstream {
  readonly mode: 'dqe';
  readonly tokens: TokenCache;
}

/** HTTP statuses of the token endpoint that mean "these credentials", with or without DQE's error body. */
const CREDENTIAL_STATUSES = new Set([400, 401]);
/** What the relay logs when the token endpoint refuses the credentials without saying why. */
const CHECK_CREDENTIALS = 'check DQE_LICENCE and DQE_CLIENT_SECRET';

const isScopeRefused = (a: UpstreamAnswer): boolean => a.kind === 'error' && a.id === '04';
/** DQE took the retrieval (the scope is one it knows): a result, or not yet. */
const isRetrieval = (a: UpstreamAnswer): boolean => a.kind === 'scores' || a.kind === 'pending';

/** The token endpoint refused (DQE error shape): the relay answers it like any DQE error. */
class TokenRefused extends Error {
  constructor(readonly answer: UpstreamAnswer & { kind: 'error' }) {
    super('token request refused');
  }
}

export function createDqeUpstream(options: DqeUpstreamOptions): DqeUpstream {
  const timeoutMs = options.timeoutMs ?? UPSTREAM_TIMEOUT_MS;
  const budgetMs = options.budgetMs ?? UPSTREAM_BUDGET_MS;
  const now = options.now ?? Date.now;
  const log = options.logger ?? createLogger({ secrets: [options.licence, options.clientSecret] });
  log.addSecret(options.licence);
  log.addSecret(options.clientSecret);
  const base = options.baseUrl.replace(/\/+$/, '');
  // the retrieval scope: a configured one, else the default until DQE refuses it (then the fallback, remembered)
  const scopeFallback = options.resultScope === undefined;
  let resultScope = options.resultScope ?? MATCH_SCOPE;
  let scopeLogged = false;
  const exchange = createExchange({
    fetch: options.fetch,
    timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    now,
    log,
  });
  // DQE answers its errors in the body on any status: a 5xx is a failure only without a usable error shape
  const failure: HttpCall['failure'] = (status, body) => {
    if (status >= 500 && !ErrorAnswer.safeParse(body).success) return `HTTP ${status}`;
    return body === undefined ? `HTTP ${status}, not JSON` : null;
  };
  // the token endpoint's 400/401 is an answer (credentials refused), whatever its body
  const tokenFailure: HttpCall['failure'] = (status, body) =>
    CREDENTIAL_STATUSES.has(status) ? null : failure(status, body);

  const alertOnCredits = (answer: UpstreamAnswer, endpoint: string): void => {
    if (answer.kind === 'error' && answer.id === '98') {
      log.error('dqe_credits_exhausted', {
        alert: 'operations',
        endpoint,
        error_id: '98',
        action: 'buy DQE credits: every check fails until then',
      });
    }
  };

  async function fetchToken(): Promise<{ token: string; expiresIn: number }> {
    const params = new URLSearchParams({
      licence: options.licence,
      client_secret: options.clientSecret,
      grant_type: 'client_idmobile',
    });
    const { status, body } = await exchange({
      endpoint: 'ACCESS_TOKEN',
      url: `${base}/ACCESS_TOKEN/`,
      init: formPost(params),
      idempotent: true,
      deadline: now() + timeoutMs * 2,
      failure: tokenFailure,
    });
    const error = parseDqeError(body);
    if (error) {
      log.warn('token_refused', { error_id: error.id, status });
      alertOnCredits(error, 'ACCESS_TOKEN');
      throw new TokenRefused(error);
    }
    if (CREDENTIAL_STATUSES.has(status)) {
      log.error('dqe_credentials_refused', { status, error_id: '03', action: CHECK_CREDENTIALS });
      throw new TokenRefused({ kind: 'error', id: '03', errorType: '' });
    }
    const issued = status >= 200 && status <= 299 ? parseTokenAnswer(body) : null;
    if (!issued)
      throw new UpstreamError('R502', `token answer HTTP ${status} without a usable access_token`, 'ACCESS_TOKEN');
    log.addSecret(issued.token);
    let expiresIn = issued.expiresIn;
    if (expiresIn === null) {
      log.warn('token_without_expiry', { assumed_seconds: 60 });
      expiresIn = 60;
    }
    log.info('token_obtained', { endpoint: 'ACCESS_TOKEN', expires_in: expiresIn });
    return { token: issued.token, expiresIn };
  }

  const tokens = options.tokenCache?.('dqe', fetchToken) ?? createTokenCache({ fetchToken, now });

  function interpret(endpoint: DqeEndpoint, status: number, body: unknown): UpstreamAnswer {
    const parsed = parseDqeAnswer(endpoint, status, body);
    if (parsed.kind === 'unknown') throw new UpstreamError('R502', parsed.why, endpoint);
    if (parsed.kind === 'scores' && parsed.invalid.length > 0)
      log.warn('scores_invalid', { fields: parsed.invalid, endpoint });
    alertOnCredits(parsed, endpoint);
    if (parsed.kind === 'error' && parsed.errorType !== '') {
      // DQE's free text may embed tokens or operator details: logged here, redacted (this log knows the token);
      // the relay answers the browser with its own text for the id
      log.info('upstream_error', { endpoint, error_id: parsed.id, error_type: parsed.errorType });
    }
    return parsed;
  }

  async function postMatch(
    request: MatchRequest,
    token: string,
    redirectUri: string | undefined,
    codeName: string | undefined,
    deadline: number,
  ): Promise<UpstreamAnswer> {
    const params = toMatchForm(request, {
      licence: options.licence,
      token,
      partnerName: options.partnerName,
      redirectUri,
      codeName,
      numberFormat: options.numberFormat,
    });
    const { status, body } = await exchange({
      endpoint: 'IDMOBILE',
      url: `${base}/IDMOBILE/`,
      init: formPost(params),
      idempotent: false,
      deadline,
      failure,
    });
    return interpret('IDMOBILE', status, body);
  }

  async function retrieve(sessionToken: string, scope: string, deadline: number): Promise<UpstreamAnswer> {
    const { status, body } = await exchange({
      endpoint: 'GET',
      url: `${base}/GET/?${resultQuery(sessionToken, options.licence, scope)}`,
      init: { method: 'GET', headers: { accept: 'application/json' } },
      idempotent: true,
      deadline,
      failure,
    });
    return interpret('GET', status, body);
  }

  /** One SIM-swap request with `token` (error 30: the token renewed once, shared with the match's renewal). */
  async function askSimSwap(phone: string, token: string, maxAgeHours: number, deadline: number) {
    const ask = async (t: string) => {
      const form = dqeSimSwapForm({
        licence: options.licence,
        token: t,
        number: formatNumber(phone, options.numberFormat),
        partnerName: options.partnerName,
        periodHours: maxAgeHours,
      });
      const { status, body } = await exchange({
        endpoint: 'IDMOBILE:simswap',
        url: `${base}/IDMOBILE/`,
        init: formPost(form),
        idempotent: false,
        deadline,
        failure,
      });
      return readDqeSimSwap(status, body);
    };
    const first = await ask(token);
    if (first.kind !== 'token_rejected') return first;
    const second = await ask(await tokens.renew(token));
    return second.kind === 'token_rejected'
      ? ({ kind: 'unknown', reason: 'DQE rejected a freshly issued token (error 30 twice)' } satisfies SimSwapReading)
      : second;
  }

  /** The SIM-swap signal of `phone`, settled (never rejects), or null when the signal is off. */
  function simSwapSignal(phone: string, token: () => Promise<string>, deadline: number): Promise<SimSwapSignal> | null {
    const window = options.simSwap;
    if (!window) return null;
    return settleSimSwap(async () => askSimSwap(phone, await token(), window.maxAgeHours, deadline), {
      upstream: 'dqe',
      maxAgeHours: window.maxAgeHours,
      log,
    });
  }

  /** The retrieval scope DQE took: kept for this process's later retrievals, logged once. */
  function settleScope(scope: string, fallback: boolean): void {
    resultScope = scope;
    if (scopeLogged) return;
    scopeLogged = true;
    log.info('dqe_result_scope', { scope, fallback });
  }

  return {
    mode: 'dqe',
    tokens,
    async match(request, redirectUri, binding) {
      const deadline = now() + budgetMs;
      // the nonce goes with a consent request only (a redirect to come back to): it binds the retrieval to it
      const codeName = redirectUri ? binding?.nonce : undefined;
      try {
        const token = await tokens.get();
        // the SIM-swap question goes out now, next to the match, under the same deadline
        const simSwap = simSwapSignal(request.phone, () => Promise.resolve(token), deadline);
        return await withSimSwap(await matchWithRenewal(request, token, redirectUri, codeName, deadline), simSwap);
      } catch (e) {
        if (e instanceof TokenRefused) return e.answer;
        throw e;
      }
    },
    async result(sessionToken, binding) {
      const answer = await retrieveResult(sessionToken);
      if (answer.kind !== 'scores' || binding?.phone === undefined) return answer;
      // the consent path: the result is in, the signal is asked now (one call, not one per poll)
      const simSwap = simSwapSignal(binding.phone, () => tokens.get(), now() + budgetMs);
      return withSimSwap(answer, simSwap);
    },
  };

  /** `/IDMOBILE/` with one renewal of the token on error 30. */
  async function matchWithRenewal(
    request: MatchRequest,
    token: string,
    redirectUri: string | undefined,
    codeName: string | undefined,
    deadline: number,
  ): Promise<UpstreamAnswer> {
    const first = await postMatch(request, token, redirectUri, codeName, deadline);
    if (!(first.kind === 'error' && first.id === '30')) return first;
    log.warn('token_rejected', { error_id: '30', action: 'renew and retry once' });
    const fresh = await tokens.renew(token);
    const second = await postMatch(request, fresh, redirectUri, codeName, deadline);
    if (second.kind === 'error' && second.id === '30') {
      tokens.clear();
      log.error('token_rejected_twice', { error_id: '30' });
      throw new UpstreamError('R502', 'DQE rejected a freshly issued token (error 30 twice)', 'IDMOBILE');
    }
    return second;
  }

  /** `/GET/` with the retrieval scope (and its one fallback, remembered). */
  async function retrieveResult(sessionToken: string): Promise<UpstreamAnswer> {
    const deadline = now() + budgetMs;
    const scope = resultScope;
    const first = await retrieve(sessionToken, scope, deadline);
    if (!scopeFallback) return first;
    if (!(scope === MATCH_SCOPE && isScopeRefused(first))) {
      if (isRetrieval(first)) settleScope(scope, false);
      return first;
    }
    log.info('dqe_result_scope_fallback', { refused: scope, error_id: '04', trying: FALLBACK_RESULT_SCOPE });
    const second = await retrieve(sessionToken, FALLBACK_RESULT_SCOPE, deadline);
    if (isRetrieval(second)) settleScope(FALLBACK_RESULT_SCOPE, true);
    else if (isScopeRefused(second))
      log.error('dqe_result_scope_refused', {
        scopes: [MATCH_SCOPE, FALLBACK_RESULT_SCOPE],
        error_id: '04',
        action: 'set DQE_RESULT_SCOPE to the retrieval scope DQE enabled for the licence',
      });
    return second;
  }
}
