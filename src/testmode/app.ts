/**
 * The test mode as a hono app: DQE's IDMobile endpoints (`/ACCESS_TOKEN/`, `/IDMOBILE/`, `/GET/`: dqe/routes.ts),
 * CAMARA KYC Match under `/camara` (discovery, CIBA and the phone page, authorization code, token, match:
 * camara/routes.ts), the operator consent page
 * (`/consent/:session`) and a plain index page (`/`), over one registry of fake subscribers. Routes are relative,
 * so the app can be mounted under any prefix (`app.route('/simulator', createSimulator())`) or called in-process
 * (`sim.fetch(new Request(…))`).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { dqeErrorType } from '../protocol/errors.js';
import { CONFIGURED_ORIGINS, LOOPBACK_ORIGINS, originMatcher, parseOriginList } from '../protocol/origins.js';
import { CAMARA_CLIENT_ID, CAMARA_CLIENT_SECRET, CAMARA_PATHS, createCamaraSimulator } from './camara/routes.js';
import type { JwksSource } from './camara/client-auth.js';
import { consentCsp, consentGonePage, consentPage, pickLang, type GoneReason, type Lang } from './consent-page.js';
import {
  DEMO_CLIENT_SECRET,
  DEMO_LICENCE,
  dqeError,
  NOT_FORM,
  readParams,
  registerDqeRoutes,
  SCOPE,
  TOKEN_GRANT_TYPE,
} from './dqe/routes.js';
import type { UserInfos } from '../protocol/dqe-user-infos.js';
import { CAMARA_SUBSCRIBERS, CAMARA_TEST_NUMBERS, MAGIC_NUMBERS, SUBSCRIBERS } from './registry.js';
import { randomToken, ConsentStore, type ConsentSession } from './consent-store.js';
import { MAX_ANSWER_BYTES } from '../protocol/limits.js';

export {
  DEMO_CLIENT_SECRET,
  DEMO_LICENCE,
  dqeErrorBody,
  RESULT_SCOPES,
  SCOPE,
  TOKEN_GRANT_TYPE,
} from './dqe/routes.js';

export interface SimulatorOptions {
  /**
   * Browser-facing base URL where the simulator is mounted (e.g. `http://localhost:5173/simulator`), used to
   * build the consent URL `{publicUrl}/consent/{session}` and the CAMARA face's `authorization_endpoint`
   * (`{publicUrl}/camara/authorize`) in its discovery document. Default: derived from each request's URL.
   */
  publicUrl?: string;
  /** Lifetime of access tokens (DQE and CAMARA), in seconds (default 300). Set it short to test renewal. */
  tokenTtlSeconds?: number;
  /** Clock in milliseconds (default `Date.now`), for tests. */
  now?: () => number;
  /** Lifetime of consent sessions, in seconds (default 900). */
  sessionTtlSeconds?: number;
  /** CIBA polling interval the CAMARA face announces, in seconds (default 2). */
  cibaIntervalSeconds?: number;
  /**
   * After how long a CIBA subscriber answers by default, in milliseconds (default 4000: "auto-approving after a few
   * seconds"; 0: at once). The subscriber's phone page (`{base}/camara/phone?number=…`) answers sooner.
   */
  cibaApprovalMs?: number;
  /**
   * The CAMARA client's public keys, for `private_key_jwt` client authentication (in process: the relay hands its
   * public JWKS). Without it the CAMARA face accepts `client_secret_basic` only. `npm run simulator` fetches
   * `CAMARA_CLIENT_JWKS_URL`.
   */
  camaraClientJwks?: JwksSource;
  /**
   * Origins a `redirect_uri` may point to (exact, or `scheme://host:*`), besides loopback on any port which is
   * always allowed: the consent page and the CAMARA authorization page redirect nowhere else, so that on a public
   * port the simulator is no open redirect. In test mode the relay passes its own allowed origins; `npm run simulator` reads
   * `RELAY_ALLOWED_ORIGINS`. Another `redirect_uri` answers 01 (invalid request).
   */
  allowedRedirectOrigins?: readonly string[];
}

const MAX_BODY_BYTES = MAX_ANSWER_BYTES;

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
    'idmobile-check test mode: a stand-in for DQE IDMobile (Matching without OTP) and CAMARA KYC Match.',
    '',
    `DQE: POST /ACCESS_TOKEN/ (licence=${DEMO_LICENCE}, client_secret=${DEMO_CLIENT_SECRET}, grant_type=${TOKEN_GRANT_TYPE}),`,
    `POST /IDMOBILE/ (scope=${SCOPE}, mode=2), GET /GET/?token=&Licence=&scope=${SCOPE}, GET|POST /consent/{session}.`,
    `CAMARA (client "${CAMARA_CLIENT_ID}": client_secret_basic with secret "${CAMARA_CLIENT_SECRET}", or private_key_jwt):`,
    `GET ${CAMARA_PATHS.discovery}, POST ${CAMARA_PATHS.authorize} (CIBA), GET ${CAMARA_PATHS.authorization} (authorization code, PKCE S256),`,
    `POST ${CAMARA_PATHS.token}, POST ${CAMARA_PATHS.match} (also v0.3), POST ${CAMARA_PATHS.simSwapCheck},`,
    `GET ${CAMARA_PATHS.phone}?number=+33… (the subscriber's phone).`,
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
    'CAMARA: the magic numbers answer their CAMARA error where one exists (01 400, 09 422, 10 404, 14 403, 16 503,',
    '30 401). CIBA subscribers approve after a few seconds unless they answer on the phone page. CAMARA lines:',
    ...CAMARA_TEST_NUMBERS.map((n) => `  ${n.phone}  [${n.flows.join(', ')}] ${n.behaviour}`),
    ...CAMARA_SUBSCRIBERS.map((s) => {
      const r = s.record;
      return `  ${s.phone}  ${r.firstname} ${r.lastname}, ${r.gender}, ${r.birthdate}, ${r.email}, ${r.street_address}, ${r.postal_code} ${r.locality}, ${r.country}${s.idDocument ? `, identity document ${s.idDocument}` : ''}`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** Builds the simulator. Each call has its own tokens and sessions. */
export function createSimulator(options: SimulatorOptions = {}): Hono {
  const store = new ConsentStore({
    now: options.now,
    tokenTtlSeconds: options.tokenTtlSeconds,
    sessionTtlSeconds: options.sessionTtlSeconds,
  });
  const fixedBase = options.publicUrl?.replace(/\/+$/, '');
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
  const redirectAllowed = originMatcher([
    ...parseOriginList((options.allowedRedirectOrigins ?? []).join(' '), CONFIGURED_ORIGINS).origins,
    ...LOOPBACK_ORIGINS,
  ]);
  registerDqeRoutes(app, { store, limit, publicBase, redirectAllowed });
  app.route(
    CAMARA_PATHS.apiRoot,
    createCamaraSimulator({
      now: options.now,
      tokenTtlSeconds: options.tokenTtlSeconds,
      cibaIntervalSeconds: options.cibaIntervalSeconds,
      cibaApprovalMs: options.cibaApprovalMs,
      clientJwks: options.camaraClientJwks,
      publicUrl: fixedBase,
      redirectAllowed,
    }),
  );

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
