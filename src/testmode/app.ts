/**
 * The test mode as a hono app: DQE's IDMobile endpoints (`/ACCESS_TOKEN/`, `/IDMOBILE/`, `/GET/`), the
 * operator consent page (`/consent/:session`) and a plain index page (`/`). Routes are relative, so the app
 * can be mounted under any prefix (`app.route('/simulator', createSimulator())`) or called in-process
 * (`sim.fetch(new Request(…))`).
 *
 * Wire choices (DQE's documentation fixes the shapes, not all of the following):
 * - DQE answers its errors in the body, so every DQE answer here is HTTP 200, errors included:
 *   `{"status":"error","error_type":"…","error_id":"NN"}` with DQE's own `error_type` labels.
 * - Parameters are form fields (`application/x-www-form-urlencoded` or multipart), or query parameters on GET.
 *   A POST body of another type (JSON…) answers 01 (invalid request), as does a body over 64 KiB.
 * - `/ACCESS_TOKEN/`: wrong or missing licence 02; wrong client secret or unknown `grant_type` 01 (DQE documents
 *   no dedicated id; 01 "invalid request" is the closest); `grant_type=refresh_token` with a live
 *   `refresh_token` gives a new pair (each refresh token is used once); an unknown, used or expired refresh
 *   token 30 (invalid or expired token), after which the client should ask for a fresh token.
 * - `/IDMOBILE/`, checked in this order: licence 02; access token (form field `token`, or an
 *   `Authorization: Bearer` header) missing, unknown or expired 30; scope 04; `mode` not 2, `name` empty,
 *   `country` not ISO-2, `redirect_uri` not an absolute http(s) URL or outside the allowed origins 01; `user_infos` 05 / 06 / 07; then the
 *   phone number (`number`): empty 11, the registry's subscribers, magic numbers and other outcomes (see
 *   registry.ts). A consent number without `redirect_uri` answers 01: a consent session needs a way back.
 * - `/GET/?token=…&licence=…&scope=matching_notp`: licence 02; scope 04; session token missing 01; unknown or
 *   expired session 30 (invalid or expired token); consent refused 12 (phone check failed: the operator has
 *   nothing to answer); not decided yet `{"status":"pending"}`; accepted: `pending` on the first call, then the
 *   scores (again on every later call until the session expires).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { dqeErrorType, type DqeErrorId } from '../protocol/errors.js';
import { CONFIGURED_ORIGINS, LOOPBACK_ORIGINS, originMatcher, parseOriginList } from '../protocol/origins.js';
import { consentCsp, consentGonePage, consentPage, pickLang, type GoneReason, type Lang } from './consent-page.js';
import { lookupPhone, MAGIC_NUMBERS, SUBSCRIBERS } from './registry.js';
import { scoreSubscriber } from './scoring.js';
import { randomToken, SessionStore, type ConsentSession } from './sessions.js';
import { parseUserInfos, type UserInfos } from './user-infos.js';

export interface SimulatorOptions {
  /**
   * Browser-facing base URL where the simulator is mounted (e.g. `http://localhost:5173/simulator`), used to
   * build the consent URL `{publicUrl}/consent/{session}`. Default: derived from each request's URL.
   */
  publicUrl?: string;
  /** Lifetime of access tokens, in seconds (default 300). Set it short to test renewal. */
  tokenTtlSeconds?: number;
  /** Clock in milliseconds (default `Date.now`), for tests. */
  now?: () => number;
  /** Lifetime of consent sessions, in seconds (default 900). */
  sessionTtlSeconds?: number;
  /**
   * Origins a `redirect_uri` may point to (exact, or `scheme://host:*`), besides loopback on any port which is
   * always allowed: the consent page redirects nowhere else, so that on a public port the simulator is no open
   * redirect. In test mode the relay passes its own allowed origins; `npm run simulator` reads
   * `RELAY_ALLOWED_ORIGINS`. Another `redirect_uri` answers 01 (invalid request).
   */
  allowedRedirectOrigins?: readonly string[];
}

export const DEMO_LICENCE = 'demo';
export const DEMO_CLIENT_SECRET = 'demo';
export const TOKEN_GRANT_TYPE = 'client_idmobile';
export const SCOPE = 'matching_notp';
const MAX_BODY_BYTES = 64 * 1024;

type Params = Record<string, string>;

export function dqeErrorBody(
  id: DqeErrorId,
  operator?: string,
): { status: 'error'; error_type: string; error_id: DqeErrorId } {
  return { status: 'error', error_type: dqeErrorType(id, operator), error_id: id };
}

const dqeError = (c: Context, id: DqeErrorId) => c.json(dqeErrorBody(id), 200);

const NOT_FORM = Symbol('not a form body');

/** Query parameters, overridden by form fields of a POST body. */
async function readParams(c: Context): Promise<Params | typeof NOT_FORM> {
  const params: Params = {};
  for (const [k, v] of new URL(c.req.url).searchParams) if (!(k in params)) params[k] = v;
  if (c.req.method !== 'POST') return params;
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') {
    try {
      const form = await c.req.formData();
      for (const [k, v] of form) if (typeof v === 'string') params[k] = v;
    } catch {
      return NOT_FORM;
    }
    return params;
  }
  const text = await c.req.text();
  if (text === '') return params;
  if (type !== '' && type !== 'application/x-www-form-urlencoded') return NOT_FORM;
  for (const [k, v] of new URLSearchParams(text)) params[k] = v;
  return params;
}

/** Longest `redirect_uri`: the widget's 2048-character `return_url` plus the relay's sealed state. */
const MAX_REDIRECT_URI = 4096;

function isAbsoluteHttpUrl(s: string): boolean {
  if (s.length > MAX_REDIRECT_URI) return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Identity fields sent non-empty, named as the widget names them (for the consent page). */
function sentFields(sent: UserInfos): string[] {
  const fields: string[] = [];
  if (sent.gender.trim()) fields.push('gender');
  if (sent.firstname.trim()) fields.push('given_name');
  if (sent.lastname.trim() || sent.maiden_name.trim()) fields.push('family_name');
  if (sent.birthdate.trim()) fields.push('birthdate');
  if (sent.email.trim()) fields.push('email');
  if ([sent.number, sent.street_address, sent.postal_code, sent.locality, sent.country].some((s) => s.trim()))
    fields.push('address');
  return fields;
}

/** Appends `token` and `status` to the redirect URI, keeping its query (and replacing those two if present). */
export function returnUrl(redirectUri: string, session: string, status: 'success' | 'error'): string {
  const u = new URL(redirectUri);
  u.searchParams.set('token', session);
  u.searchParams.set('status', status);
  return u.toString();
}

/** The plain index page listing the registry. */
export function indexText(): string {
  const lines = [
    'idmobile-check test mode: a stand-in for DQE IDMobile (Matching without OTP).',
    '',
    `Endpoints: POST /ACCESS_TOKEN/ (licence=${DEMO_LICENCE}, client_secret=${DEMO_CLIENT_SECRET}, grant_type=${TOKEN_GRANT_TYPE}),`,
    `POST /IDMOBILE/ (scope=${SCOPE}, mode=2), GET /GET/?token=&licence=&scope=${SCOPE}, GET|POST /consent/{session}.`,
    '',
    'Subscribers:',
    ...SUBSCRIBERS.map((s) => {
      const r = s.record;
      const notes = [s.consent ? 'consent required' : '', s.holdsGender ? '' : 'does not hold gender'].filter(Boolean);
      return `  ${s.phone}  ${s.operator}${notes.length ? ` (${notes.join(', ')})` : ''}: ${r.firstname} ${r.lastname}, ${r.gender}, ${r.birthdate}, ${r.email}, ${r.street_address}, ${r.postal_code} ${r.locality}, ${r.country}`;
    }),
    '',
    'Magic numbers:',
    ...MAGIC_NUMBERS.map((m) => `  ${m.phone}  error ${m.errorId}: ${dqeErrorType(m.errorId)}`),
    '',
    'Any other French mobile (+336…, +337…): error 10. A French landline (+331… to +335…, +339…): error 09.',
    '',
  ];
  return lines.join('\n');
}

/** Builds the simulator. Each call has its own tokens and sessions. */
export function createSimulator(options: SimulatorOptions = {}): Hono {
  const store = new SessionStore({
    now: options.now,
    tokenTtlSeconds: options.tokenTtlSeconds,
    sessionTtlSeconds: options.sessionTtlSeconds,
  });
  const fixedBase = options.publicUrl?.replace(/\/+$/, '');
  const redirectAllowed = originMatcher([
    ...parseOriginList((options.allowedRedirectOrigins ?? []).join(' '), CONFIGURED_ORIGINS).origins,
    ...LOOPBACK_ORIGINS,
  ]);
  const app = new Hono();

  const publicBase = (c: Context, endpoint: string): string => {
    if (fixedBase) return fixedBase;
    const url = new URL(c.req.url);
    const at = url.pathname.lastIndexOf(endpoint);
    return url.origin + (at >= 0 ? url.pathname.slice(0, at) : '');
  };

  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => dqeError(c, '01') });
  const both = (path: string): string[] => [path, `${path}/`];

  app.get('/', (c) => c.text(indexText()));

  // --- /ACCESS_TOKEN/ ---------------------------------------------------------------------------------------
  app.on(['POST', 'GET'], both('/ACCESS_TOKEN'), limit, async (c) => {
    const p = await readParams(c);
    if (p === NOT_FORM) return dqeError(c, '01');
    if (p['licence'] !== DEMO_LICENCE) return dqeError(c, '02');
    const grant = p['grant_type'];
    if (grant === 'refresh_token') {
      if (p['client_secret'] !== undefined && p['client_secret'] !== DEMO_CLIENT_SECRET) return dqeError(c, '01');
      const issued = store.refresh(p['refresh_token'] ?? '');
      return issued ? c.json(issued) : dqeError(c, '30');
    }
    if (p['client_secret'] !== DEMO_CLIENT_SECRET) return dqeError(c, '01');
    if (grant !== TOKEN_GRANT_TYPE) return dqeError(c, '01');
    return c.json(store.issueToken());
  });

  // --- /IDMOBILE/ -------------------------------------------------------------------------------------------
  app.on(['POST', 'GET'], both('/IDMOBILE'), limit, async (c) => {
    const p = await readParams(c);
    if (p === NOT_FORM) return dqeError(c, '01');
    if (p['licence'] !== DEMO_LICENCE) return dqeError(c, '02');
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = p['token'] || bearer || '';
    if (!token || !store.isTokenValid(token)) return dqeError(c, '30');
    if (p['scope'] !== SCOPE) return dqeError(c, '04');
    if (p['mode'] !== '2') return dqeError(c, '01');
    if (!p['name']?.trim()) return dqeError(c, '01');
    if (p['country'] !== undefined && p['country'] !== '' && !/^[A-Za-z]{2}$/.test(p['country']))
      return dqeError(c, '01');
    const redirectUri = p['redirect_uri'] ?? '';
    if (redirectUri !== '' && (!isAbsoluteHttpUrl(redirectUri) || !redirectAllowed(new URL(redirectUri).origin)))
      return dqeError(c, '01');
    const infos = parseUserInfos(p['user_infos']);
    if (!infos.ok) return dqeError(c, infos.errorId);
    const found = lookupPhone(p['number'] ?? '');
    if (found.kind === 'error') return dqeError(c, found.errorId);
    const { subscriber } = found;
    if (!subscriber.consent) return c.json(scoreSubscriber(infos.value, subscriber));
    if (redirectUri === '') return dqeError(c, '01');
    const session = store.createSession({
      subscriber,
      sent: infos.value,
      partnerName: p['name'].trim().slice(0, 100),
      redirectUri,
    });
    return c.json({
      status: 'success',
      operator: subscriber.operator,
      url: `${publicBase(c, '/IDMOBILE')}/consent/${session.id}`,
    });
  });

  // --- /GET/ ------------------------------------------------------------------------------------------------
  app.on(['GET', 'POST'], both('/GET'), limit, async (c) => {
    const p = await readParams(c);
    if (p === NOT_FORM) return dqeError(c, '01');
    if (p['licence'] !== DEMO_LICENCE) return dqeError(c, '02');
    if (p['scope'] !== SCOPE) return dqeError(c, '04');
    const id = p['token'] ?? '';
    if (id === '') return dqeError(c, '01');
    const session = store.getSession(id);
    if (session === undefined || session === 'expired') return dqeError(c, '30');
    if (session.decision === 'pending') return c.json({ status: 'pending' });
    if (session.decision === 'refused') return dqeError(c, '12');
    session.pollsAfterDecision++;
    if (session.pollsAfterDecision === 1) return c.json({ status: 'pending' });
    return c.json(scoreSubscriber(session.sent, session.subscriber));
  });

  // --- consent page -----------------------------------------------------------------------------------------
  const htmlHeaders = (c: Context, nonce: string, redirectOrigin?: string): void => {
    c.header('Content-Security-Policy', consentCsp(nonce, redirectOrigin));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
  };

  const gone = (c: Context, lang: Lang, reason: GoneReason) => {
    const nonce = randomToken(16);
    htmlHeaders(c, nonce);
    return c.html(consentGonePage(lang, reason, nonce), reason === 'unknown' ? 404 : 410);
  };

  const live = (c: Context, lang: Lang): ConsentSession | Response => {
    const session = store.getSession(c.req.param('session') ?? '');
    if (session === undefined) return gone(c, lang, 'unknown');
    if (session === 'expired') return gone(c, lang, 'expired');
    if (session.decision !== 'pending') return gone(c, lang, 'decided');
    return session;
  };

  const render = (c: Context, session: ConsentSession, lang: Lang, status: 200 | 400) => {
    const nonce = randomToken(16);
    htmlHeaders(c, nonce, new URL(session.redirectUri).origin);
    return c.html(
      consentPage({
        lang,
        nonce,
        operator: session.subscriber.operator,
        partnerName: session.partnerName,
        phone: session.subscriber.phone,
        fields: sentFields(session.sent),
        redirectUri: session.redirectUri,
      }),
      status,
    );
  };

  app.on('GET', both('/consent/:session'), (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    const session = live(c, lang);
    return session instanceof Response ? session : render(c, session, lang, 200);
  });

  app.on('POST', both('/consent/:session'), limit, async (c) => {
    const p = await readParams(c);
    const form = p === NOT_FORM ? {} : p;
    const lang = pickLang(form['lang'] ?? c.req.query('lang'), c.req.header('accept-language'));
    const session = live(c, lang);
    if (session instanceof Response) return session;
    const decision = form['decision'];
    if (decision !== 'accept' && decision !== 'refuse') return render(c, session, lang, 400);
    session.decision = decision === 'accept' ? 'accepted' : 'refused';
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    return c.redirect(returnUrl(session.redirectUri, session.id, decision === 'accept' ? 'success' : 'error'), 303);
  });

  return app;
}
