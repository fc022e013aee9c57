/**
 * The CAMARA face's authorization-code flow with PKCE (RFC 6749 §4.1, RFC 7636), the operator's side:
 * - {@link checkAuthorizeRequest} validates `GET /camara/authorize` the way §4.1.2.1 orders it: an unknown client or
 *   a `redirect_uri` that is missing, malformed or not allowed is shown on an error page (never redirected to: no
 *   open redirect); any other error goes back to the `redirect_uri` with `error` and the `state`;
 * - {@link AuthorizationCodes} issues codes (single use, 60 s) bound to the client, the `redirect_uri`, the PKCE
 *   challenge, the scope and the line the device authenticated on, and redeems them at the token endpoint.
 * Network-based authentication is simulated: the device's line is `login_hint`'s, except for a subscriber whose
 * device is on another line (registry's `deviceLine`).
 */
import { randomToken, type Clock } from '../consent-store.js';
import { normalisePhone } from '../registry.js';

/** Lifetime of an authorization code (RFC 6749 §4.1.2 recommends at most 10 minutes; operators use less). */
export const CODE_TTL_SECONDS = 60;
const CODE_GRACE_MS = 3_600_000;
/** RFC 7636 §4.1: 43 to 128 characters of `[A-Za-z0-9-._~]`; the S256 challenge is 43 base64url characters. */
const VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX_STATE_CHARS = 2048;

export interface AuthorizeContext {
  clientId: string;
  /** Whether the `redirect_uri`'s origin may be redirected to. */
  redirectAllowed: (origin: string) => boolean;
  /** Whether the scope grants KYC Match (and includes `openid`). */
  scopeAccepted: (scopes: readonly string[]) => boolean;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** `null` when the client sent none (then none is returned). */
  state: string | null;
  scopes: readonly string[];
  codeChallenge: string;
  /** The E.164 number of `login_hint=tel:…`. */
  phone: string;
}

export type AuthorizeProblem = 'client_id' | 'redirect_uri';
export type AuthorizeCheck =
  | { kind: 'page_error'; problem: AuthorizeProblem }
  | {
      kind: 'redirect_error';
      redirectUri: string;
      state: string | null;
      error: 'invalid_request' | 'unsupported_response_type' | 'invalid_scope';
      description: string;
    }
  | { kind: 'ok'; request: AuthorizeRequest };

/** A parameter sent more than once (RFC 6749 §3.1: "MUST NOT be included more than once"). */
const REPEATED = Symbol('repeated');
const once = (params: URLSearchParams, name: string): string | null | typeof REPEATED => {
  const all = params.getAll(name);
  return all.length > 1 ? REPEATED : (all[0] ?? null);
};

/** A `redirect_uri` the flow may go back to: absolute http(s), no fragment, an allowed origin. */
function acceptableRedirect(raw: string | null | typeof REPEATED, allowed: (origin: string) => boolean): raw is string {
  if (raw === null || raw === REPEATED || raw.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.hash !== '' || raw.includes('#') || url.username !== '' || url.password !== '') return false;
  return allowed(url.origin);
}

/** Validates an authorization request (RFC 6749 §4.1.1 with RFC 7636 §4.3, S256 only). Pure. */
export function checkAuthorizeRequest(params: URLSearchParams, ctx: AuthorizeContext): AuthorizeCheck {
  const clientId = once(params, 'client_id');
  if (clientId !== ctx.clientId) return { kind: 'page_error', problem: 'client_id' };
  const redirectUri = once(params, 'redirect_uri');
  if (!acceptableRedirect(redirectUri, ctx.redirectAllowed)) return { kind: 'page_error', problem: 'redirect_uri' };
  const rawState = once(params, 'state');
  const state = rawState === REPEATED ? null : rawState;
  const fail = (error: 'invalid_request' | 'unsupported_response_type' | 'invalid_scope', description: string) =>
    ({ kind: 'redirect_error', redirectUri, state, error, description }) as const;

  for (const name of ['response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'login_hint'])
    if (once(params, name) === REPEATED) return fail('invalid_request', `${name} is repeated`);
  if (state !== null && state.length > MAX_STATE_CHARS) return fail('invalid_request', 'state is too long');
  const responseType = params.get('response_type');
  if (responseType === null) return fail('invalid_request', 'response_type is missing');
  if (responseType !== 'code') return fail('unsupported_response_type', 'only response_type=code is supported');
  const challenge = params.get('code_challenge');
  if (challenge === null) return fail('invalid_request', 'code_challenge is required (PKCE)');
  const method = params.get('code_challenge_method');
  if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (!CHALLENGE_PATTERN.test(challenge)) return fail('invalid_request', 'code_challenge is not an S256 challenge');
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  if (!ctx.scopeAccepted(scopes)) return fail('invalid_scope', 'the scope must include openid and kyc-match:match');
  const [, hinted] = /^tel:(\+\d{7,15})$/.exec(params.get('login_hint') ?? '') ?? [];
  const phone = hinted === undefined ? null : normalisePhone(hinted);
  if (!phone) return fail('invalid_request', 'login_hint=tel:+… is required');
  return { kind: 'ok', request: { clientId, redirectUri, state, scopes, codeChallenge: challenge, phone } };
}

/** Where the flow goes back to: `redirect_uri` with these parameters added (its own query kept). */
export function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.append(k, v);
  return url.toString();
}

/** BASE64URL(SHA-256(ASCII(code_verifier))) (RFC 7636 §4.2). */
export async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let bin = '';
  for (const b of digest) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

interface CodeEntry {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: readonly string[];
  /** The line the device authenticated on: the token's subject. */
  line: string;
  expiresAt: number;
  used: boolean;
  /** The access token issued for this code (revoked if the code is presented again, RFC 6749 §4.1.2). */
  accessToken: string | null;
}

export type Redeemed =
  | { ok: true; line: string; scopes: readonly string[]; bind: (accessToken: string) => void }
  | { ok: false; error: 'invalid_grant' | 'invalid_request'; description: string; revoke: string | null };

export class AuthorizationCodes {
  private readonly codes = new Map<string, CodeEntry>();
  constructor(
    private readonly now: Clock,
    private readonly max = 10_000,
  ) {}

  /** Issues a code for an accepted request, bound to the device's line. */
  issue(request: AuthorizeRequest, line: string): string {
    const t = this.now();
    for (const [k, v] of this.codes) if (t >= v.expiresAt + CODE_GRACE_MS) this.codes.delete(k);
    while (this.codes.size >= this.max) {
      const oldest = this.codes.keys().next().value;
      if (oldest === undefined) break;
      this.codes.delete(oldest);
    }
    const code = randomToken();
    this.codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scopes: request.scopes,
      line,
      expiresAt: t + CODE_TTL_SECONDS * 1000,
      used: false,
      accessToken: null,
    });
    return code;
  }

  /** `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6), for an authenticated client. */
  async redeem(params: URLSearchParams, clientId: string): Promise<Redeemed> {
    const fail = (error: 'invalid_grant' | 'invalid_request', description: string, revoke: string | null = null) =>
      ({ ok: false, error, description, revoke }) as const;
    const code = params.get('code');
    const redirectUri = params.get('redirect_uri');
    const verifier = params.get('code_verifier');
    if (!code || redirectUri === null) return fail('invalid_request', 'code and redirect_uri are required');
    if (verifier === null) return fail('invalid_request', 'code_verifier is required (PKCE)');
    const entry = this.codes.get(code);
    if (entry === undefined) return fail('invalid_grant', 'unknown code');
    if (entry.used) return fail('invalid_grant', 'code already used', entry.accessToken);
    entry.used = true; // any attempt uses the code up (a guessed verifier gets one try)
    if (this.now() >= entry.expiresAt) return fail('invalid_grant', 'code expired');
    if (entry.clientId !== clientId) return fail('invalid_grant', 'code issued to another client');
    if (entry.redirectUri !== redirectUri) return fail('invalid_grant', 'redirect_uri differs from the request');
    if (!VERIFIER_PATTERN.test(verifier) || (await s256(verifier)) !== entry.codeChallenge)
      return fail('invalid_grant', 'code_verifier does not match the code_challenge');
    return {
      ok: true,
      line: entry.line,
      scopes: entry.scopes,
      bind: (accessToken) => {
        entry.accessToken = accessToken;
      },
    };
  }
}
