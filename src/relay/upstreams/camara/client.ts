/**
 * CAMARA KYC Match (camaraproject/KnowYourCustomerMatch; kyc-match v0.4.0 by default, the match URL and scope are
 * settings since operators publish other versions) as an {@link Upstream}: `POST {matchUrl}`, JSON,
 * `Authorization: Bearer`, an `x-correlator` per check (sent, and logged with the answer's). Translation is pure
 * and lives apart: request.ts, scores.ts, errors.ts, oauth.ts; the token flows are chosen by `flows`
 * (`CAMARA_AUTH`):
 *
 * - `ciba` (decoupled: the subscriber approves on their phone). `match()` asks the prompt gate (prompts per
 *   number: R429 without prompting past it), sends `bc-authorize` and answers `pending` AT ONCE with a sealed
 *   token (vault.ts: `auth_req_id`, the check's nonce, the expiry); what the check needs later (the request, the
 *   polling interval, later the access token) is kept ENCRYPTED in the store under the nonce. Each `result()`
 *   makes at most one token request, none before the interval has passed (`slow_down` raises it), and answers
 *   `pending` (`retryAfter`) until a token arrives; then KYC Match with that token, which serves this check only
 *   (a retry after a failure reuses it; nobody else's check ever does). `access_denied` is 21; an expired request
 *   `timeout` (final); a concurrent `result()` for the same check `pending`.
 * - `authorization_code` (network-based authentication on the shopper's own device). `match()` keeps the request,
 *   a PKCE verifier and where the shopper goes back (the shop's `return_url` with the sealed state) in the store
 *   under the nonce (30 minutes), and answers the consent shape: the operator's authorization URL with
 *   `state=<nonce>`, `redirect_uri={RELAY_PUBLIC_URL}/callback`, the S256 challenge and `login_hint`.
 *   `callback()` (once per state) exchanges the code, calls KYC Match, keeps the outcome 10 minutes under a
 *   one-time token with the nonce, and sends the shopper back; `result()` delivers that outcome once, to the
 *   check with the same nonce only.
 * - `client_credentials` (two-legged, sandboxes): one token for every check (cached; a fleet shares it), 401
 *   renews it and retries once.
 *
 * Signals (`simSwap`, from `RELAY_SIGNALS=sim_swap`): CAMARA SimSwap's `check` (signals/camara-sim-swap.ts) at
 * `simSwap.url`, sent IN PARALLEL with KYC Match with the same access token and under the same deadline, the
 * token's scope carrying `sim-swap:check` so that one approval of the subscriber covers both; `phoneNumber` goes
 * with a two-legged token only (the SimSwap YAML forbids it with a three-legged one). Its failures (400
 * `OUT_OF_RANGE`, 422 `SERVICE_NOT_APPLICABLE`, any error, no answer in time) give an unknown signal, logged, never
 * a failed check.
 *
 * Failure rules: a 401 with a three-legged token is `R502` at once (that token served this check only); the
 * other error answers as errors.ts maps them; no answer in time `R504`; connection failure, redirect, 5xx, a body
 * that is not JSON or too large `R502`. The match is never retried after a failure (it reaches the operator).
 */
import type { MatchRequest } from '../../../protocol/schemas.js';
import { DEFAULT_THRESHOLDS } from '../../../protocol/scores.js';
import { createLogger, type Logger } from '../../log.js';
import { createMemoryStore } from '../../store/memory.js';
import { createUpstreamVault, type UpstreamVault } from '../../trust/vault.js';
import { NONCE_PATTERN } from '../../trust/state.js';
import { createExchange, isObject, UPSTREAM_BUDGET_MS, UPSTREAM_TIMEOUT_MS } from '../http.js';
import type { PromptGate } from '../prompt-gate.js';
import { createTokenCache, type TokenCacheFactory } from '../token-cache.js';
import type { CallbackOutcome, CheckBinding, Upstream, UpstreamAnswer } from '../types.js';
import { UpstreamError } from '../upstream-error.js';
import { basicClientAuth, type ClientAuthenticator } from './client-auth.js';
import { readCorrelator, newCorrelator } from './correlator.js';
import { mapCamaraError } from './errors.js';
import { codeChallengeS256, newCodeVerifier, randomBase64url } from './pkce.js';
import { AuthorizationRefused, createOAuth, DEFAULT_SCOPE, SLOW_DOWN_SECONDS, type OAuthEndpoints } from './oauth.js';
import { camaraSimSwapBody, readCamaraSimSwap, withSimSwapScope } from '../../signals/camara-sim-swap.js';
import { settleSimSwap, withSimSwap, type SimSwapSignal } from '../../signals/sim-swap.js';
import { toKycMatchBody, type KycMatchBody } from './request.js';
import { fromKycMatchAnswer } from './scores.js';

/** The API version in the default match path, as kyc-match v0.4.0's `servers` entry writes it. */
export const KYC_MATCH_PATH = '/kyc-match/v0.4/match';

export type CamaraFlow = 'ciba' | 'authorization_code' | 'client_credentials';

/** How long an authorization-code check waits for the shopper to come back (the sealed state's lifetime). */
const CODE_CHECK_TTL_MS = 30 * 60_000;
/** How long a callback's outcome waits for the widget's `/result`. */
const OUTCOME_TTL_MS = 10 * 60_000;
/** How long a `result()` holds its check against a concurrent one. */
const POLL_LOCK_MS = 15_000;
/** A callback's one-time token: 32 random bytes, base64url. */
const OUTCOME_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const CODE = /^[\x21-\x7e]{1,2048}$/;

export interface CamaraUpstreamOptions {
  /** Full URL of KYC Match (`CAMARA_MATCH_URL`); else `{apiRoot}/kyc-match/v0.4/match`. */
  matchUrl?: string;
  apiRoot?: string;
  /** The scope of three-legged requests (two-legged: the same without `openid`). */
  scope?: string;
  /** The authorization server's endpoints (explicit, or read by discovery: discovery.ts). */
  endpoints?: () => Promise<OAuthEndpoints>;
  /** Explicit endpoints (used when `endpoints` is not given). */
  tokenUrl?: string;
  /** CIBA's `bc-authorize` endpoint. */
  authorizeUrl?: string;
  /** The authorization-code flow's authorization endpoint (browser-facing). */
  authorizationUrl?: string;
  clientId: string;
  /** `client_secret_basic` when `clientAuth` is not given. */
  clientSecret?: string;
  clientAuth?: ClientAuthenticator;
  /** The token flows, first preferred (`CAMARA_AUTH`). Default `['ciba']`. */
  flows?: readonly CamaraFlow[];
  /** The name shown to the shopper while waiting or before consent. */
  operatorName?: string;
  /** `{RELAY_PUBLIC_URL}/callback`: the redirect URI registered with the operator (authorization code). */
  callbackUrl?: string;
  /**
   * Encrypted records in the relay's store and the CIBA token (trust/vault.ts), for `ciba` and
   * `authorization_code`: a fleet passes one on its shared store. Default: this process's memory.
   */
  vault?: UpstreamVault;
  /** The public keys of `private_key_jwt`, served at `/.well-known/jwks.json`. */
  jwks?: () => Promise<{ keys: object[] } | null>;
  /** The relay's match threshold: an answer `"false"` is never scored in the match band. */
  matchThreshold?: number;
  fetch?: typeof fetch;
  /** Time limit of each upstream call (ms); default 6000. */
  timeoutMs?: number;
  /** Time limit of one relay operation, every call and retry included (ms); default 12000. */
  budgetMs?: number;
  maxResponseBytes?: number;
  now?: () => number;
  /** The `x-correlator` of a check (default a random UUID). */
  correlator?: () => string;
  logger?: Logger;
  /** The `client_credentials` token's cache (default: this process's); a fleet passes one shared through its store. */
  tokenCache?: TokenCacheFactory;
  /** Asked before every CIBA prompt (prompts per number, prompt-gate.ts); refused: `R429`, nobody prompted. */
  promptGate?: PromptGate;
  /**
   * Ask CAMARA SimSwap's `check` next to each KYC Match (`RELAY_SIGNALS=sim_swap`): its full URL
   * (`CAMARA_SIM_SWAP_URL`, default `{apiRoot}/sim-swap/v2/check`) and the window in hours.
   */
  simSwap?: { url: string; maxAgeHours: number } | null;
}

export interface CamaraUpstream extends Upstream {
  readonly mode: 'camara';
}

/** What a CIBA check keeps in the store under its nonce (encrypted). */
interface CibaRecord {
  sent: KycMatchBody;
  interval: number;
  /** Epoch ms before which the token endpoint is not asked again. */
  next: number;
  xc: string;
  accessToken?: string;
}

/** What an authorization-code check keeps in the store under its nonce (encrypted); after its callback, less. */
interface CodeRecord {
  sent?: KycMatchBody;
  verifier?: string;
  /** With `authorization_code ciba`: the mark that sends this number and client's next check to CIBA. */
  fallback?: string;
  /** The shop's `return_url` with the sealed state: where the callback sends the shopper. */
  returnTo: string;
  xc: string;
}

/** A callback's outcome, kept under its one-time token (encrypted). */
interface OutcomeRecord {
  nonce: string;
  answer: UpstreamAnswer;
}

/** `url` with `params` appended to its query, the rest of it kept byte for byte. */
function appendQuery(url: string, params: Record<string, string>): string {
  const q = new URLSearchParams(params).toString();
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  return `${base}${base.includes('?') ? '&' : '?'}${q}`;
}

/** A CAMARA API call: JSON posted with the access token and the check's `x-correlator`. */
function bearerJsonPost(token: string, xCorrelator: string, body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      'x-correlator': xCorrelator,
    },
    body: JSON.stringify(body),
  };
}

export function createCamaraUpstream(options: CamaraUpstreamOptions): CamaraUpstream {
  const timeoutMs = options.timeoutMs ?? UPSTREAM_TIMEOUT_MS;
  const budgetMs = options.budgetMs ?? UPSTREAM_BUDGET_MS;
  const now = options.now ?? Date.now;
  const flows: readonly CamaraFlow[] = options.flows ?? ['ciba'];
  const log = options.logger ?? createLogger({ secrets: options.clientSecret ? [options.clientSecret] : [] });
  if (options.clientSecret) log.addSecret(options.clientSecret);
  const exchange = createExchange({
    fetch: options.fetch,
    timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    now,
    log,
  });
  const endpoints =
    options.endpoints ??
    (() =>
      options.tokenUrl
        ? Promise.resolve({
            token: options.tokenUrl,
            ...(options.authorizeUrl ? { bcAuthorize: options.authorizeUrl } : {}),
            ...(options.authorizationUrl ? { authorization: options.authorizationUrl } : {}),
          })
        : Promise.reject(new UpstreamError('R502', 'no token endpoint configured', 'token')));
  const clientAuth =
    options.clientAuth ??
    (options.clientSecret !== undefined
      ? basicClientAuth(options.clientId, options.clientSecret)
      : () => Promise.reject(new UpstreamError('R502', 'no client authentication configured', 'token')));
  // one approval covers both calls: the token's scope grants SimSwap's check when the signal is on
  const scope = options.simSwap ? withSimSwapScope(options.scope ?? DEFAULT_SCOPE) : (options.scope ?? DEFAULT_SCOPE);
  const matchThreshold = options.matchThreshold ?? DEFAULT_THRESHOLDS.match;
  const oauth = createOAuth({ endpoints, clientAuth, scope, exchange, log });
  const matchUrl = options.matchUrl ?? `${(options.apiRoot ?? '').replace(/\/+$/, '')}${KYC_MATCH_PATH}`;
  const correlator = options.correlator ?? newCorrelator;
  const operator = options.operatorName ?? 'your operator';
  // one process on its own (tests, a single instance): its own memory and a key of its own
  const vault = options.vault ?? createUpstreamVault(createMemoryStore({ now }), randomBase64url());

  // a token request has the operation's budget, less the time the match itself may take
  const tokenDeadline = () => now() + Math.max(budgetMs - timeoutMs, budgetMs / 2);
  const fetchShared = () => oauth.clientCredentials(tokenDeadline());
  const shared = options.tokenCache?.('camara', fetchShared) ?? createTokenCache({ fetchToken: fetchShared, now });

  const newCheckCorrelator = () => {
    const raw = correlator();
    return readCorrelator(raw) ?? newCorrelator();
  };

  async function postMatch(body: KycMatchBody, token: string, deadline: number, xCorrelator: string) {
    const answer = await exchange({
      endpoint: 'kyc-match',
      url: matchUrl,
      init: bearerJsonPost(token, xCorrelator, body),
      idempotent: false,
      deadline,
      // a 4xx is an answer (errors.ts); a 2xx must be a JSON object
      failure: (status, b) =>
        status >= 500 ? `HTTP ${status}` : status < 300 && !isObject(b) ? `HTTP ${status}, not a JSON object` : null,
    });
    const theirs = answer.headers.get('x-correlator');
    log.info('camara_answer', {
      x_correlator: xCorrelator,
      answer_x_correlator: theirs === null ? null : (readCorrelator(theirs) ?? 'invalid'),
      status: answer.status,
    });
    return answer;
  }

  function interpret(
    status: number,
    body: unknown,
    headers: Headers,
    sent: KycMatchBody,
    flow: CamaraFlow,
  ): UpstreamAnswer | 'renew' {
    if (status >= 200 && status <= 299) {
      const { scores, invalid, idDocument, idDocumentInvalid } = fromKycMatchAnswer(body, sent, { matchThreshold });
      if (invalid.length > 0 || idDocumentInvalid) {
        log.warn('scores_invalid', {
          fields: idDocumentInvalid ? [...invalid, 'id_document'] : invalid,
          endpoint: 'kyc-match',
        });
      }
      // the operator compared the document and it does not match: answered like ID_DOCUMENT_MISMATCH
      if (sent.idDocument !== undefined && idDocument !== null && idDocument < 1)
        return { kind: 'id_document_mismatch' };
      return { kind: 'scores', scores, invalid, ...(sent.idDocument !== undefined ? { idDocumentSent: true } : {}) };
    }
    const outcome = mapCamaraError(status, body, { flow, retryAfter: headers.get('retry-after'), now: now() });
    switch (outcome.kind) {
      case 'renew':
        if (flow === 'client_credentials') return 'renew';
        log.error('token_rejected', { status: 401, action: 'none: a three-legged token serves one check' });
        throw new UpstreamError('R502', 'the operator rejected the token approved for this check (401)', 'kyc-match');
      case 'id_document_mismatch':
        log.warn('camara_error', { status, error_id: 'id_document_mismatch' });
        return { kind: 'id_document_mismatch' };
      case 'failure':
        if (outcome.id === 'R428') {
          log.warn('camara_error', { status, error_id: 'R428', reason: outcome.reason });
          return { kind: 'relay_error', id: 'R428', reason: outcome.reason, field: 'id_document' };
        }
        throw new UpstreamError(outcome.id, outcome.reason, 'kyc-match', outcome.retryAfterSeconds);
      case 'error':
        log.warn('camara_error', { status, error_id: outcome.id, error_type: outcome.errorType });
        return { kind: 'error', id: outcome.id, errorType: outcome.errorType };
    }
  }

  /**
   * SimSwap's `check` with `token`, settled into the signal (never rejects), or null when the signal is off.
   * `phone`: the number, sent with a two-legged token only.
   */
  function simSwapSignal(
    token: string,
    phone: string | undefined,
    deadline: number,
    xc: string,
  ): Promise<SimSwapSignal> | null {
    const signal = options.simSwap;
    if (!signal) return null;
    const ask = async () => {
      const { status, body } = await exchange({
        endpoint: 'sim-swap',
        url: signal.url,
        init: bearerJsonPost(token, xc, camaraSimSwapBody(signal.maxAgeHours, phone)),
        idempotent: false,
        deadline,
        // every status is read by readCamaraSimSwap (a 5xx too: unknown, never a failed check)
        failure: () => null,
      });
      return readCamaraSimSwap(status, body);
    };
    return settleSimSwap(ask, { upstream: 'camara', maxAgeHours: signal.maxAgeHours, log, xCorrelator: xc });
  }

  /** KYC Match with a token that serves this check only (CIBA, authorization code), SimSwap next to it. */
  async function matchWith(token: string, sent: KycMatchBody, xc: string, flow: CamaraFlow): Promise<UpstreamAnswer> {
    const deadline = now() + budgetMs;
    // a three-legged token names the line: SimSwap's check goes without phoneNumber
    const simSwap = simSwapSignal(token, undefined, deadline, xc);
    const a = await postMatch(sent, token, deadline, xc);
    const answer = interpret(a.status, a.body, a.headers, sent, flow);
    if (answer === 'renew') throw new UpstreamError('R502', 'unexpected renewal', 'kyc-match');
    return withSimSwap(answer, simSwap);
  }

  async function twoLegged(sent: KycMatchBody, xc: string): Promise<UpstreamAnswer> {
    const deadline = now() + budgetMs;
    const token = await shared.get();
    // a two-legged token names no line: SimSwap's check carries phoneNumber (the match's own)
    const simSwap = simSwapSignal(token, sent.phoneNumber, deadline, xc);
    return withSimSwap(await twoLeggedMatch(sent, xc, token, deadline), simSwap);
  }

  async function twoLeggedMatch(sent: KycMatchBody, xc: string, token: string, deadline: number) {
    const first = await postMatch(sent, token, deadline, xc);
    const answer = interpret(first.status, first.body, first.headers, sent, 'client_credentials');
    if (answer !== 'renew') return answer;
    log.warn('token_rejected', { status: 401, action: 'renew and retry once', x_correlator: xc });
    const fresh = await shared.renew(token);
    const second = await postMatch(sent, fresh, deadline, xc);
    const again = interpret(second.status, second.body, second.headers, sent, 'client_credentials');
    if (again === 'renew') {
      shared.clear();
      log.error('token_rejected_twice', { status: 401, x_correlator: xc });
      throw new UpstreamError('R502', 'the operator rejected a freshly issued token (401 twice)', 'kyc-match');
    }
    return again;
  }

  async function startCiba(
    phone: string,
    sent: KycMatchBody,
    xc: string,
    binding: CheckBinding,
  ): Promise<UpstreamAnswer> {
    const v = vault;
    const gate = await options.promptGate?.(phone, binding.requester);
    if (gate && !gate.allowed) {
      throw new UpstreamError('R429', 'CIBA prompts for this number used up', 'bc-authorize', gate.retryAfterSeconds);
    }
    const started = await oauth.startCiba(phone, now() + budgetMs);
    const record: CibaRecord = { sent, interval: started.interval, next: now() + started.interval * 1000, xc };
    await v.put(`camara:ciba:${binding.nonce}`, record, (started.expiresIn + 600) * 1000);
    const token = await v.sealCibaToken({
      authReqId: started.authReqId,
      nonce: binding.nonce,
      exp: Math.floor(now() / 1000) + started.expiresIn,
    });
    log.info('ciba_started', { x_correlator: xc, expires_in: started.expiresIn, interval: started.interval });
    return { kind: 'pending', operator, token, expiresIn: started.expiresIn, interval: started.interval };
  }

  async function startCode(
    phone: string,
    sent: KycMatchBody,
    xc: string,
    binding: CheckBinding,
    returnTo: string,
  ): Promise<UpstreamAnswer> {
    const v = vault;
    const { authorization } = await endpoints();
    if (!authorization || !options.callbackUrl) {
      throw new UpstreamError(
        'R502',
        'authorization code without an authorization endpoint or callback URL',
        'authorize',
      );
    }
    const verifier = newCodeVerifier();
    const record: CodeRecord = {
      sent,
      verifier,
      returnTo,
      xc,
      ...(flows.includes('ciba') ? { fallback: await fallbackKey(phone, binding) } : {}),
    };
    await v.put(`camara:code:${binding.nonce}`, record, CODE_CHECK_TTL_MS);
    const url = new URL(authorization);
    const params = {
      response_type: 'code',
      client_id: options.clientId,
      scope,
      redirect_uri: options.callbackUrl,
      state: binding.nonce,
      code_challenge: await codeChallengeS256(verifier),
      code_challenge_method: 'S256',
      login_hint: `tel:${phone}`,
    };
    for (const [k, value] of Object.entries(params)) url.searchParams.set(k, value);
    log.info('authorization_started', { x_correlator: xc, origin: url.origin });
    return { kind: 'consent', operator, url: url.href };
  }

  /** The mark of a number and client whose authorization-code check ended in `line_mismatch`. */
  const fallbackKey = async (phone: string, binding: CheckBinding) =>
    `camara:fallback:${await vault.keyOf(`${phone}\u0000${binding.requester?.client ?? ''}`)}`;

  /** The flow of a check: the first configured one that can run (authorization code needs the shop's return). */
  async function flowFor(phone: string, redirectUri: string | undefined, binding: CheckBinding | undefined) {
    const usable = flows.filter((f) => f !== 'authorization_code' || redirectUri !== undefined);
    const first = usable[0] ?? flows[0] ?? 'ciba';
    if (first === 'authorization_code' && binding && usable.includes('ciba')) {
      const mismatched = await vault.isMarked(await fallbackKey(phone, binding)).catch(() => false);
      if (mismatched) return 'ciba';
    }
    return first;
  }

  /** One `/result` of a CIBA check: at most one token request, then KYC Match once a token arrived. */
  async function cibaResult(token: string, binding: CheckBinding): Promise<UpstreamAnswer> {
    const v = vault;
    const claims = await v.openCibaToken(token);
    if (!claims) return { kind: 'relay_error', id: 'R400', reason: 'CIBA token invalid: start the check again' };
    if (claims.nonce !== binding.nonce) return { kind: 'unbound' };
    const key = `camara:ciba:${claims.nonce}`;
    const finish = async (a: UpstreamAnswer) => {
      await v.delete(key);
      return a;
    };
    if (now() >= claims.exp * 1000) return finish({ kind: 'error', id: 'timeout', errorType: 'CIBA request expired' });
    const lock = `camara:poll:${claims.nonce}`;
    if (!(await v.mark(lock, POLL_LOCK_MS))) return { kind: 'pending', retryAfter: 1 };
    try {
      const record = await v.get<CibaRecord>(key);
      if (!record) return { kind: 'relay_error', id: 'R400', reason: 'CIBA request unknown: start the check again' };
      if (record.accessToken === undefined) {
        if (now() < record.next) return { kind: 'pending', retryAfter: Math.ceil((record.next - now()) / 1000) };
        const ttl = claims.exp * 1000 - now() + 600_000;
        const polled = await oauth.pollCiba(claims.authReqId, tokenDeadline());
        if (polled.kind === 'expired') {
          return await finish({ kind: 'error', id: 'timeout', errorType: 'CIBA request expired unanswered' });
        }
        if (polled.kind !== 'token') {
          const interval = polled.kind === 'slow_down' ? record.interval + SLOW_DOWN_SECONDS : record.interval;
          await v.put(key, { ...record, interval, next: now() + interval * 1000 }, ttl);
          log.info('ciba_poll', { outcome: polled.kind, next_interval_s: interval, x_correlator: record.xc });
          return { kind: 'pending', retryAfter: interval };
        }
        record.accessToken = polled.token.token;
        await v.put(key, record, ttl);
      }
      log.addSecret(record.accessToken);
      const answer = await matchWith(record.accessToken, record.sent, record.xc, 'ciba');
      return await finish(answer.kind === 'scores' ? { ...answer, codeName: claims.nonce } : answer);
    } catch (e) {
      if (e instanceof AuthorizationRefused) return await finish(e.answer);
      throw e;
    } finally {
      await v.delete(lock).catch(() => undefined);
    }
  }

  /** The `/result` of an authorization-code check: the outcome the callback kept, once, to its own check. */
  async function codeResult(token: string, binding: CheckBinding): Promise<UpstreamAnswer> {
    const v = vault;
    if (!OUTCOME_TOKEN.test(token)) return { kind: 'relay_error', id: 'R400', reason: 'unknown consent token' };
    const key = `camara:outcome:${token}`;
    const kept = await v.get<OutcomeRecord>(key);
    if (!kept) return { kind: 'relay_error', id: 'R400', reason: 'consent result expired: start the check again' };
    if (kept.nonce !== binding.nonce) return { kind: 'unbound' };
    await v.delete(key);
    return kept.answer.kind === 'scores' ? { ...kept.answer, codeName: kept.nonce } : kept.answer;
  }

  async function callback(query: URLSearchParams): Promise<CallbackOutcome> {
    const v = vault;
    const nonce = query.get('state') ?? '';
    if (!NONCE_PATTERN.test(nonce)) return { kind: 'page', status: 400, reason: 'unknown_state' };
    let record: CodeRecord | null;
    let first: boolean;
    try {
      record = await v.get<CodeRecord>(`camara:code:${nonce}`);
      if (!record) return { kind: 'page', status: 400, reason: 'unknown_state' };
      first = await v.mark(`once:callback:${nonce}`, CODE_CHECK_TTL_MS);
    } catch (e) {
      log.error('store_unavailable', { operation: 'callback', error: e });
      return { kind: 'page', status: 503, reason: 'store_unavailable' };
    }
    if (!first || record.sent === undefined || record.verifier === undefined) {
      log.warn('callback_refused', { reason: 'state already called back' });
      return { kind: 'redirect', location: appendQuery(record.returnTo, { status: 'error', idmobile_error: 'R409' }) };
    }
    const error = query.get('error');
    if (error === 'access_denied') {
      log.info('callback', { outcome: 'access_denied', x_correlator: record.xc });
      return { kind: 'redirect', location: appendQuery(record.returnTo, { status: 'error' }) };
    }
    let answer: UpstreamAnswer;
    const code = query.get('code');
    if (error !== null || code === null || !CODE.test(code)) {
      log.warn('callback', {
        outcome: 'oauth_error',
        oauth_error: error === null ? 'no code' : error.slice(0, 40),
        x_correlator: record.xc,
      });
      answer = { kind: 'relay_error', id: 'R502', reason: 'the operator did not authorize the check' };
    } else {
      try {
        const issued = await oauth.exchangeCode(code, record.verifier, options.callbackUrl ?? '', tokenDeadline());
        answer = await matchWith(issued.token, record.sent, record.xc, 'authorization_code');
      } catch (e) {
        if (e instanceof AuthorizationRefused) answer = e.answer;
        else if (e instanceof UpstreamError) {
          log.warn('callback', {
            outcome: 'upstream_failure',
            error_id: e.id,
            reason: e.reason,
            x_correlator: record.xc,
          });
          answer = { kind: 'relay_error', id: 'R502', reason: 'the operator did not answer the check' };
        } else throw e;
      }
    }
    if (answer.kind === 'error' && answer.id === 'line_mismatch' && record.fallback !== undefined) {
      // the shopper's device is not on that line (a desktop, Wi-Fi): their next check of it asks by CIBA instead
      await v.mark(record.fallback, CODE_CHECK_TTL_MS).catch(() => false);
      log.info('authorization_fallback', { to: 'ciba', x_correlator: record.xc });
    }
    const token = randomBase64url();
    try {
      await v.put(`camara:outcome:${token}`, { nonce, answer } satisfies OutcomeRecord, OUTCOME_TTL_MS);
      // the request and the verifier are forgotten; where to send a second callback of this state is kept
      await v.put(`camara:code:${nonce}`, { returnTo: record.returnTo, xc: record.xc }, CODE_CHECK_TTL_MS);
    } catch (e) {
      log.error('store_unavailable', { operation: 'callback', error: e });
      return { kind: 'page', status: 503, reason: 'store_unavailable' };
    }
    log.info('callback', { outcome: answer.kind, x_correlator: record.xc });
    return { kind: 'redirect', location: appendQuery(record.returnTo, { token, status: 'success' }) };
  }

  return {
    mode: 'camara',
    async match(request: MatchRequest, redirectUri?: string, binding?: CheckBinding) {
      const sent = toKycMatchBody(request);
      const xc = newCheckCorrelator();
      const flow = await flowFor(request.phone, redirectUri, binding);
      log.info('camara_check', { x_correlator: xc, flow, fields: Object.keys(sent) });
      try {
        if (flow === 'client_credentials') return await twoLegged(sent, xc);
        if (!binding) throw new UpstreamError('R502', `${flow} needs the check's binding`, 'match');
        if (flow === 'authorization_code') {
          if (redirectUri === undefined) {
            return { kind: 'relay_error', id: 'R400', reason: 'return_url: required by the operator authorization' };
          }
          return await startCode(request.phone, sent, xc, binding, redirectUri);
        }
        return await startCiba(request.phone, sent, xc, binding);
      } catch (e) {
        if (e instanceof AuthorizationRefused) return e.answer;
        throw e;
      }
    },
    async result(token: string, binding?: CheckBinding) {
      if (!binding) throw new UpstreamError('R502', 'a result needs the check binding', 'result');
      if (token.includes('..')) return cibaResult(token, binding);
      return codeResult(token, binding);
    },
    callback,
    jwks: () => options.jwks?.() ?? Promise.resolve(null),
  };
}
