/**
 * The test mode's CAMARA face, at the contract's fixed paths under the simulator's base (mounted at `/camara`):
 * - `POST /camara/bc-authorize` (CIBA): HTTP Basic `demo`/`demo` (else 401 `invalid_client`), `login_hint=tel:+…`
 *   (else 400 `invalid_request`), a scope with `openid` and `kyc-match:match` (else 400 `invalid_scope`) ->
 *   `{auth_req_id, expires_in: 120, interval}`;
 * - `POST /camara/token`: `grant_type=urn:openid:params:grant-type:ciba` with `auth_req_id`: 400
 *   `authorization_pending` on the first poll, then the token (bound to the phone number); `access_denied` for
 *   +33600000021 (the subscriber refuses); unknown `auth_req_id` `invalid_grant`, expired `expired_token`.
 *   `grant_type=client_credentials` -> a token for every number; another grant `unsupported_grant_type`;
 * - `POST /camara/kyc-match/v0.4/match`: Bearer token (missing, unknown or expired: 401 `UNAUTHENTICATED`), JSON
 *   body (else 400 `INVALID_ARGUMENT`); a CIBA token used for another `phoneNumber` 403 `INVALID_TOKEN_CONTEXT`; a
 *   two-legged token without `phoneNumber` 422 `MISSING_IDENTIFIER`; no field to match 400
 *   `KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION`; then the registry: a subscriber's comparison (scores.ts), or the
 *   CAMARA error of the DQE magic number where one exists (01 400, 09 422, 10 404, 14 403, 16 503, 30 401), a
 *   landline 422 `SERVICE_NOT_APPLICABLE`, anything else 404 `IDENTIFIER_NOT_FOUND`.
 * Every answer echoes `x-correlator` when it has CAMARA's form.
 */
import { Hono, type Context } from 'hono';
import type { DqeErrorId } from '../../protocol/errors.js';
import { lookupPhone, normalisePhone } from '../registry.js';
import { ExpiringMap, randomToken, type Clock } from '../consent-store.js';
import { KYC_MATCH_COMPARED_FIELDS, type KycMatchBody } from '../../protocol/kyc-match.js';
import { kycMatch } from './scores.js';

export const CAMARA_CLIENT_ID = 'demo';
export const CAMARA_CLIENT_SECRET = 'demo';
export const CAMARA_PATHS = {
  apiRoot: '/camara',
  authorize: '/camara/bc-authorize',
  token: '/camara/token',
  match: '/camara/kyc-match/v0.4/match',
} as const;
/** The number whose subscriber refuses the CIBA request (`access_denied`, DQE's 21). */
export const CIBA_REFUSING_NUMBER = '+33600000021';

interface CamaraErrorInfo {
  status: number;
  code: string;
  message: string;
}
// the examples of kyc-match.yaml's Generic4xx responses
const INVALID_ARGUMENT: CamaraErrorInfo = {
  status: 400,
  code: 'INVALID_ARGUMENT',
  message: 'Client specified an invalid argument, request body or query param.',
};
const UNAUTHENTICATED: CamaraErrorInfo = {
  status: 401,
  code: 'UNAUTHENTICATED',
  message: 'Request not authenticated due to missing, invalid, or expired credentials.',
};
const IDENTIFIER_NOT_FOUND: CamaraErrorInfo = {
  status: 404,
  code: 'IDENTIFIER_NOT_FOUND',
  message: 'The phone number provided is not associated with a customer account',
};

/** The CAMARA error answering a DQE magic number, where the contract's table has one. */
export const CAMARA_ERRORS: Partial<Record<DqeErrorId, CamaraErrorInfo>> = {
  '01': INVALID_ARGUMENT,
  '09': {
    status: 422,
    code: 'SERVICE_NOT_APPLICABLE',
    message: 'The service is not applicable for the provided phone number',
  },
  '10': IDENTIFIER_NOT_FOUND,
  '14': {
    status: 403,
    code: 'PERMISSION_DENIED',
    message: 'Client does not have sufficient permissions to perform this action.',
  },
  '16': { status: 503, code: 'UNAVAILABLE', message: 'Service Unavailable.' },
  '30': UNAUTHENTICATED,
};

export interface CamaraSimulatorOptions {
  now?: Clock;
  tokenTtlSeconds?: number;
  /** CIBA polling interval announced by `bc-authorize` (seconds, default 1). */
  cibaIntervalSeconds?: number;
}

interface CibaRequest {
  phone: string;
  polls: number;
  expiresAt: number;
}
interface AccessToken {
  /** The subscriber a CIBA token is bound to; `null` for a two-legged token. */
  phone: string | null;
  expiresAt: number;
}

function basicCredentials(header: string | undefined): [string, string] | null {
  const [, encoded] = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '') ?? [];
  if (encoded === undefined) return null;
  let decoded: string;
  try {
    decoded = atob(encoded);
  } catch {
    return null;
  }
  const at = decoded.indexOf(':');
  if (at < 0) return null;
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return [dec(decoded.slice(0, at)), dec(decoded.slice(at + 1))];
}

async function form(c: Context): Promise<URLSearchParams | null> {
  const type = ((c.req.header('content-type') ?? '').split(';')[0] ?? '').trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  return new URLSearchParams(await c.req.text());
}

/** The CAMARA routes, relative to the simulator's base (mount at `/camara`). */
export function createCamaraSimulator(options: CamaraSimulatorOptions = {}): Hono {
  const now = options.now ?? (() => Date.now());
  const ttl = options.tokenTtlSeconds ?? 300;
  const interval = options.cibaIntervalSeconds ?? 1;
  const requests = new ExpiringMap<CibaRequest>(now, 10_000);
  const tokens = new ExpiringMap<AccessToken>(now, 10_000);
  const app = new Hono();

  const oauthError = (c: Context, error: string, status: 400 | 401 = 400) => c.json({ error }, status);
  const camaraError = (c: Context, status: number, code: string, message: string) =>
    c.json({ status, code, message }, status as 400);
  const issue = (c: Context, phone: string | null) => {
    const access_token = randomToken();
    tokens.set(access_token, { phone, expiresAt: now() + ttl * 1000 });
    return c.json({ access_token, token_type: 'Bearer', expires_in: ttl });
  };
  const authenticated = (c: Context): boolean => {
    const creds = basicCredentials(c.req.header('authorization'));
    return creds !== null && creds[0] === CAMARA_CLIENT_ID && creds[1] === CAMARA_CLIENT_SECRET;
  };

  app.use('*', async (c, next) => {
    await next();
    const correlator = c.req.header('x-correlator');
    if (correlator && /^[a-zA-Z0-9-]{0,55}$/.test(correlator)) c.header('x-correlator', correlator);
  });

  app.post('/bc-authorize', async (c) => {
    if (!authenticated(c)) return oauthError(c, 'invalid_client', 401);
    const p = await form(c);
    if (!p) return oauthError(c, 'invalid_request');
    const scopes = (p.get('scope') ?? '').split(' ');
    if (!scopes.includes('openid') || !scopes.includes('kyc-match:match')) return oauthError(c, 'invalid_scope');
    const [, hinted] = /^tel:(\+\d{7,15})$/.exec(p.get('login_hint') ?? '') ?? [];
    const phone = hinted === undefined ? null : normalisePhone(hinted);
    if (!phone) return oauthError(c, 'invalid_request');
    const auth_req_id = randomToken();
    requests.set(auth_req_id, { phone, polls: 0, expiresAt: now() + 120_000 });
    return c.json({ auth_req_id, expires_in: 120, interval });
  });

  app.post('/token', async (c) => {
    if (!authenticated(c)) return oauthError(c, 'invalid_client', 401);
    const p = await form(c);
    if (!p) return oauthError(c, 'invalid_request');
    const grant = p.get('grant_type');
    if (grant === 'client_credentials') return issue(c, null);
    if (grant !== 'urn:openid:params:grant-type:ciba') return oauthError(c, 'unsupported_grant_type');
    const request = requests.get(p.get('auth_req_id') ?? '');
    if (request === undefined) return oauthError(c, 'invalid_grant');
    if (request === 'expired') return oauthError(c, 'expired_token');
    request.polls++;
    if (request.phone === CIBA_REFUSING_NUMBER) return oauthError(c, 'access_denied');
    if (request.polls === 1) return oauthError(c, 'authorization_pending');
    requests.delete(p.get('auth_req_id') ?? '');
    return issue(c, request.phone);
  });

  app.post('/kyc-match/v0.4/match', async (c) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const token = tokens.get(bearer);
    if (token === undefined || token === 'expired')
      return camaraError(c, 401, 'UNAUTHENTICATED', UNAUTHENTICATED.message);
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return camaraError(c, 400, 'INVALID_ARGUMENT', INVALID_ARGUMENT.message);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return camaraError(c, 400, 'INVALID_ARGUMENT', INVALID_ARGUMENT.message);
    const sent: KycMatchBody = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v !== 'string') return camaraError(c, 400, 'INVALID_ARGUMENT', INVALID_ARGUMENT.message);
      if (k === 'phoneNumber' || (KYC_MATCH_COMPARED_FIELDS as readonly string[]).includes(k))
        sent[k as keyof KycMatchBody] = v;
    }
    if (sent.phoneNumber !== undefined && !/^\+[1-9][0-9]{4,14}$/.test(sent.phoneNumber))
      return camaraError(c, 400, 'INVALID_ARGUMENT', INVALID_ARGUMENT.message);
    if (token.phone !== null && sent.phoneNumber !== undefined && sent.phoneNumber !== token.phone)
      return camaraError(c, 403, 'INVALID_TOKEN_CONTEXT', 'phoneNumber is not consistent with access token.');
    const phone = token.phone ?? sent.phoneNumber;
    if (phone === undefined) return camaraError(c, 422, 'MISSING_IDENTIFIER', 'No phone number has been provided');
    if (!KYC_MATCH_COMPARED_FIELDS.some((f) => sent[f] !== undefined))
      return camaraError(
        c,
        400,
        'KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION',
        'Indicated parameter combination is invalid',
      );
    const found = lookupPhone(phone);
    if (found.kind === 'error') {
      const e = CAMARA_ERRORS[found.errorId] ?? IDENTIFIER_NOT_FOUND;
      return camaraError(c, e.status, e.code, e.message);
    }
    return c.json(kycMatch(sent, found.subscriber));
  });

  return app;
}
