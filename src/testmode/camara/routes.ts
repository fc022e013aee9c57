/**
 * The test mode's CAMARA face, at the contract's fixed paths under the simulator's base (mounted at `/camara`),
 * speaking what operators publish (CAMARA Identity and Consent Management profile, OpenID CIBA, RFC 6749/7636/
 * 7523, KnowYourCustomerMatch r1.2):
 * - `GET /camara/.well-known/openid-configuration` (and `oauth-authorization-server`): discovery (discovery.ts);
 * - client authentication at `bc-authorize` and `token`: `client_secret_basic` (`demo`/`demo`) or
 *   `private_key_jwt` against the client's JWKS (client-auth.ts); any failure 401 `invalid_client`;
 * - `POST /camara/bc-authorize` (CIBA): `login_hint=tel:+…`, a scope with `openid` and `kyc-match:match` ->
 *   `{auth_req_id, expires_in: 120, interval}`; the subscriber answers on `GET|POST /camara/phone?number=…` or as
 *   their line behaves (ciba.ts; by default approves after `cibaApprovalMs`);
 * - `GET|POST /camara/authorize`: the authorization-code flow with PKCE S256 and its Accept / Refuse page
 *   (authorization-code.ts, authorize-page.ts);
 * - `POST /camara/token`: `urn:openid:params:grant-type:ciba` (`authorization_pending`, `slow_down`,
 *   `access_denied`, `expired_token`), `authorization_code` (code single use, 60 s, `redirect_uri` equal,
 *   `code_verifier` matching), `client_credentials` (two-legged, for sandboxes); another grant
 *   `unsupported_grant_type`;
 * - `POST /camara/kyc-match/v0.4/match` (and v0.3, v0.2): Bearer token (else 401 `UNAUTHENTICATED`), then match.ts;
 * - `POST /camara/sim-swap/v2/check` and `…/retrieve-date` (and v1): CAMARA SIM Swap (sim-swap.ts).
 * KYC Match and SIM Swap answers echo `x-correlator` when it has the r1.2 pattern.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_ANSWER_BYTES } from '../../protocol/limits.js';
import { consentCsp, pickLang, type Lang } from '../consent-page.js';
import { ExpiringMap, randomToken, type Clock } from '../consent-store.js';
import { camaraSubscriberOf, CIBA_REFUSING_NUMBER, lookupCamaraLine, normalisePhone } from '../registry.js';
import { AuthorizationCodes, checkAuthorizeRequest, redirectWith } from './authorization-code.js';
import { authorizeErrorPage, authorizePage } from './authorize-page.js';
import { CibaRequests } from './ciba.js';
import { createClientAuthenticator, type ClientAuthResult, type JwksSource } from './client-auth.js';
import { CAMARA_SCOPES, CIBA_GRANT_TYPE, openidConfiguration } from './discovery.js';
import { answerMatch, KYC_MATCH_SCOPE, UNAUTHENTICATED, type MatchGrant } from './match.js';
import { phonePage, type PhoneNotice } from './phone-page.js';
import { answerSimSwap, type SimSwapOperation } from './sim-swap.js';

export { CAMARA_ERRORS } from './match.js';

export const CAMARA_CLIENT_ID = 'demo';
export const CAMARA_CLIENT_SECRET = 'demo';
/** The CAMARA face's paths under the simulator's base. */
export const CAMARA_PATHS = {
  /** `CAMARA_API_ROOT` and the issuer. */
  apiRoot: '/camara',
  /** CIBA's back-channel authentication endpoint (`CAMARA_BC_AUTHORIZE_URL`). */
  authorize: '/camara/bc-authorize',
  /** The authorization-code flow's (browser-facing) authorization endpoint (`CAMARA_AUTHORIZATION_URL`). */
  authorization: '/camara/authorize',
  token: '/camara/token',
  match: '/camara/kyc-match/v0.4/match',
  /** The same KYC Match at the version some operators publish. */
  matchV03: '/camara/kyc-match/v0.3/match',
  discovery: '/camara/.well-known/openid-configuration',
  /** The subscriber's phone page (browser-facing): `?number=+33…`. */
  phone: '/camara/phone',
  /** CAMARA SIM Swap's check (`CAMARA_SIM_SWAP_URL`'s default: `{CAMARA_API_ROOT}/sim-swap/v2/check`). */
  simSwapCheck: '/camara/sim-swap/v2/check',
} as const;

/** Default CIBA polling interval (seconds). */
export const DEFAULT_CIBA_INTERVAL_SECONDS = 2;
/** Default time after which a subscriber who approves by default does so (ms). */
export const DEFAULT_CIBA_APPROVAL_MS = 4000;

export interface CamaraSimulatorOptions {
  now?: Clock;
  /** Lifetime of access tokens (seconds, default 300). */
  tokenTtlSeconds?: number;
  /** CIBA polling interval announced by `bc-authorize` (seconds, default 2). */
  cibaIntervalSeconds?: number;
  /** After how long a CIBA subscriber approves (or refuses) by default (ms, default 4000; 0: at once). */
  cibaApprovalMs?: number;
  /** The client's public keys, for `private_key_jwt`. Without it only `client_secret_basic` works. */
  clientJwks?: JwksSource;
  /** Browser-facing base URL of the simulator (the authorization endpoint in discovery). Default: the request's. */
  publicUrl?: string;
  /** Origins a `redirect_uri` may point to. Default: none (every authorization request shows the error page). */
  redirectAllowed?: (origin: string) => boolean;
}

interface AccessToken {
  /** The line a three-legged token is bound to; `null` for a two-legged token. */
  phone: string | null;
  scopes: readonly string[];
  expiresAt: number;
}

const X_CORRELATOR = /^[a-zA-Z0-9\-_:;./<>{}]{0,256}$/;
const MAX_BINDING_MESSAGE_CHARS = 100;
/** How the phone page names the client (the demo client id). */
const CLIENT_DISPLAY_NAME = 'idmobile-check demo';

async function readForm(c: Context): Promise<URLSearchParams | null> {
  const type = ((c.req.header('content-type') ?? '').split(';')[0] ?? '').trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  return new URLSearchParams(await c.req.text());
}

/** The URL the request reached, without query or trailing slash. */
function endpointUrl(c: Context): string {
  const u = new URL(c.req.url);
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/** The issuer: the endpoint URL without the route's own path (so `{origin}{mount}/camara`). */
function issuerOf(c: Context, route: string): string {
  const url = endpointUrl(c);
  return url.endsWith(route) ? url.slice(0, -route.length) : url;
}

const scopesOf = (raw: string | null): string[] => (raw ?? '').split(' ').filter(Boolean);
const scopeAccepted = (scopes: readonly string[]) => scopes.includes('openid') && scopes.includes(KYC_MATCH_SCOPE);

function htmlHeaders(c: Context, nonce: string, redirectOrigin?: string): void {
  c.header('Content-Security-Policy', consentCsp(nonce, redirectOrigin));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
}

/** The CAMARA routes, relative to the simulator's base (mount at `/camara`). */
export function createCamaraSimulator(options: CamaraSimulatorOptions = {}): Hono {
  const now = options.now ?? (() => Date.now());
  const ttl = options.tokenTtlSeconds ?? 300;
  const ciba = new CibaRequests({
    now,
    approvalMs: options.cibaApprovalMs ?? DEFAULT_CIBA_APPROVAL_MS,
    intervalSeconds: options.cibaIntervalSeconds ?? DEFAULT_CIBA_INTERVAL_SECONDS,
  });
  const codes = new AuthorizationCodes(now);
  const tokens = new ExpiringMap<AccessToken>(now, 10_000);
  const authenticator = createClientAuthenticator({
    clientId: CAMARA_CLIENT_ID,
    clientSecret: CAMARA_CLIENT_SECRET,
    jwks: options.clientJwks,
    now,
  });
  const redirectAllowed = options.redirectAllowed ?? (() => false);
  const publicBase = options.publicUrl?.replace(/\/+$/, '');
  const app = new Hono();
  const limit = bodyLimit({ maxSize: MAX_ANSWER_BYTES, onError: (c) => c.json({ error: 'invalid_request' }, 413) });

  const oauthError = (c: Context, error: string, status: 400 | 401 = 400) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ error }, status);
  };
  const invalidClient = (c: Context, result: ClientAuthResult) => {
    if (!result.ok && result.basic) c.header('WWW-Authenticate', 'Basic realm="camara"');
    return oauthError(c, 'invalid_client', 401);
  };
  const issue = (c: Context, phone: string | null, scopes: readonly string[]): [Response, string] => {
    const access_token = randomToken();
    tokens.set(access_token, { phone, scopes, expiresAt: now() + ttl * 1000 });
    c.header('Cache-Control', 'no-store');
    return [c.json({ access_token, token_type: 'Bearer', expires_in: ttl }), access_token];
  };
  const authenticate = (c: Context, params: URLSearchParams, route: string) =>
    authenticator({
      authorization: c.req.header('authorization'),
      params,
      endpointUrl: endpointUrl(c),
      issuer: issuerOf(c, route),
    });

  // --- discovery ---------------------------------------------------------------------------------------------
  for (const name of ['openid-configuration', 'oauth-authorization-server']) {
    const route = `/.well-known/${name}`;
    app.get(route, (c) => {
      const issuer = issuerOf(c, route);
      return c.json(openidConfiguration(issuer, publicBase ? `${publicBase}/camara` : issuer));
    });
  }
  app.get('/jwks.json', (c) => c.json({ keys: [] }));

  // --- CIBA --------------------------------------------------------------------------------------------------
  app.post('/bc-authorize', limit, async (c) => {
    const p = await readForm(c);
    if (!p) return oauthError(c, 'invalid_request');
    const auth = await authenticate(c, p, '/bc-authorize');
    if (!auth.ok) return invalidClient(c, auth);
    if (!scopeAccepted(scopesOf(p.get('scope')))) return oauthError(c, 'invalid_scope');
    const [, hinted] = /^tel:(\+\d{7,15})$/.exec(p.get('login_hint') ?? '') ?? [];
    const phone = hinted === undefined ? null : normalisePhone(hinted);
    if (!phone) return oauthError(c, 'invalid_request');
    const bindingMessage = p.get('binding_message') ?? '';
    if (bindingMessage.length > MAX_BINDING_MESSAGE_CHARS || /\p{Cc}/u.test(bindingMessage))
      return oauthError(c, 'invalid_binding_message');
    const ack = ciba.start({
      phone,
      scopes: scopesOf(p.get('scope')),
      bindingMessage,
      clientId: auth.clientId,
      behaviour: phone === CIBA_REFUSING_NUMBER ? 'refuse_now' : (camaraSubscriberOf(phone)?.ciba ?? 'approve'),
    });
    c.header('Cache-Control', 'no-store');
    return c.json(ack);
  });

  // --- token -------------------------------------------------------------------------------------------------
  app.post('/token', limit, async (c) => {
    const p = await readForm(c);
    if (!p) return oauthError(c, 'invalid_request');
    const auth = await authenticate(c, p, '/token');
    if (!auth.ok) return invalidClient(c, auth);
    const grant = p.get('grant_type');
    if (grant === 'client_credentials') {
      const asked = scopesOf(p.get('scope'));
      return issue(c, null, asked.length > 0 ? asked : [...CAMARA_SCOPES])[0];
    }
    if (grant === CIBA_GRANT_TYPE) {
      const polled = ciba.poll(p.get('auth_req_id') ?? '');
      if (polled.kind === 'error') return oauthError(c, polled.error);
      return issue(c, polled.phone, polled.scopes)[0];
    }
    if (grant === 'authorization_code') {
      const redeemed = await codes.redeem(p, auth.clientId);
      if (!redeemed.ok) {
        if (redeemed.revoke !== null) tokens.delete(redeemed.revoke);
        return oauthError(c, redeemed.error);
      }
      const [response, accessToken] = issue(c, redeemed.line, redeemed.scopes);
      redeemed.bind(accessToken);
      return response;
    }
    return oauthError(c, 'unsupported_grant_type');
  });

  // --- authorization code: the operator's authorization page --------------------------------------------------
  const authorize = (c: Context, params: URLSearchParams, decision: string | null, lang: Lang) => {
    const checked = checkAuthorizeRequest(params, { clientId: CAMARA_CLIENT_ID, redirectAllowed, scopeAccepted });
    const nonce = randomToken(16);
    if (checked.kind === 'page_error') {
      htmlHeaders(c, nonce);
      return c.html(authorizeErrorPage(lang, checked.problem, nonce), 400);
    }
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    if (checked.kind === 'redirect_error') {
      const { redirectUri, state, error, description } = checked;
      return c.redirect(redirectWith(redirectUri, { error, error_description: description, state }), 303);
    }
    const { request } = checked;
    const deviceLine = camaraSubscriberOf(request.phone)?.deviceLine ?? request.phone;
    if (decision === 'accept') {
      const code = codes.issue(request, deviceLine);
      return c.redirect(redirectWith(request.redirectUri, { code, state: request.state }), 303);
    }
    if (decision === 'refuse')
      return c.redirect(redirectWith(request.redirectUri, { error: 'access_denied', state: request.state }), 303);
    const found = lookupCamaraLine(request.phone);
    htmlHeaders(c, nonce, new URL(request.redirectUri).origin);
    const operator = found.kind === 'subscriber' ? found.subscriber.operator : null;
    const html = authorizePage({ lang, nonce, operator, deviceLine, redirectUri: request.redirectUri, params });
    return c.html(html, decision === null ? 200 : 400);
  };

  app.get('/authorize', (c) => {
    const params = new URL(c.req.url).searchParams;
    params.delete('lang');
    return authorize(c, params, null, pickLang(c.req.query('lang'), c.req.header('accept-language')));
  });
  app.post('/authorize', limit, async (c) => {
    const params = (await readForm(c)) ?? new URLSearchParams();
    const decision = params.get('decision') ?? '';
    const lang = pickLang(params.get('lang') ?? undefined, c.req.header('accept-language'));
    params.delete('decision');
    params.delete('lang');
    return authorize(c, params, decision, lang);
  });

  // --- the subscriber's phone (CIBA) ------------------------------------------------------------------------
  app.get('/phone', (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    const raw = c.req.query('number');
    const phone = raw === undefined || raw.trim() === '' ? null : normalisePhone(raw) || null;
    const done = c.req.query('done');
    const notice: PhoneNotice = done === 'approved' || done === 'refused' || done === 'gone' ? done : null;
    const t = now();
    const pending = phone
      ? ciba.pendingFor(phone).map((r) => {
          const found = lookupCamaraLine(r.phone);
          return {
            id: r.pageId,
            client: CLIENT_DISPLAY_NAME,
            operator: found.kind === 'subscriber' ? found.subscriber.operator : null,
            bindingMessage: r.bindingMessage,
            expiresInSeconds: Math.max(0, Math.ceil((r.expiresAt - t) / 1000)),
            autoAnswer: ((auto) =>
              auto ? { decision: auto.decision, inSeconds: Math.max(0, Math.ceil((auto.at - t) / 1000)) } : null)(
              ciba.autoAnswer(r),
            ),
          };
        })
      : [];
    const nonce = randomToken(16);
    htmlHeaders(c, nonce);
    const invalidNumber = raw !== undefined && raw.trim() !== '' && phone === null;
    return c.html(phonePage({ lang, nonce, phone, invalidNumber, pending, notice }), invalidNumber ? 400 : 200);
  });
  app.post('/phone', limit, async (c) => {
    const p = (await readForm(c)) ?? new URLSearchParams();
    const lang = pickLang(p.get('lang') ?? undefined, c.req.header('accept-language'));
    const phone = normalisePhone(p.get('number') ?? '');
    const decision = p.get('decision');
    if (!phone || (decision !== 'approve' && decision !== 'refuse')) {
      const nonce = randomToken(16);
      htmlHeaders(c, nonce);
      return c.html(phonePage({ lang, nonce, phone: null, invalidNumber: true, pending: [], notice: null }), 400);
    }
    const ok = ciba.decide(p.get('request') ?? '', phone, decision === 'approve' ? 'approved' : 'refused');
    const back = new URLSearchParams({ number: phone, lang, done: ok ? `${decision}d` : 'gone' });
    c.header('Cache-Control', 'no-store');
    return c.redirect(`${new URL(c.req.url).pathname}?${back.toString()}`, 303);
  });

  // --- the APIs: KYC Match, SIM Swap ------------------------------------------------------------------------
  type Answer = { status: number; body: unknown; headers: Record<string, string> };
  const api = (answer: (grant: MatchGrant, text: string) => Answer) => async (c: Context) => {
    const correlator = c.req.header('x-correlator');
    if (correlator !== undefined && X_CORRELATOR.test(correlator)) c.header('x-correlator', correlator);
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const token = tokens.get(bearer);
    if (token === undefined || token === 'expired') return c.json(UNAUTHENTICATED, 401);
    const result = answer({ phone: token.phone, scopes: token.scopes }, await c.req.text());
    for (const [k, v] of Object.entries(result.headers)) c.header(k, v);
    return c.json(result.body, result.status as 200);
  };
  for (const version of ['v0.4', 'v0.3', 'v0.2']) app.post(`/kyc-match/${version}/match`, limit, api(answerMatch));
  for (const version of ['v2', 'v1'])
    for (const operation of ['check', 'retrieve-date'] as const satisfies readonly SimSwapOperation[])
      app.post(
        `/sim-swap/${version}/${operation}`,
        limit,
        api((grant, text) => answerSimSwap(grant, operation, text, now())),
      );

  return app;
}
