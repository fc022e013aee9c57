/**
 * Client authentication at the CAMARA face's token and `bc-authorize` endpoints, as the CAMARA Identity and
 * Consent Management profile asks of an operator:
 * - `client_secret_basic` (RFC 6749 §2.3.1): HTTP Basic with the demo client id and secret;
 * - `private_key_jwt` (RFC 7523 §2.2 and §3, OpenID Connect Core §9): `client_assertion_type` =
 *   `urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and `client_assertion` a JWT signed RS256, PS256 or
 *   ES256 with a key of the client's JWKS, `iss` = `sub` = the client id, `aud` the endpoint called or the issuer
 *   (the profile allows both), `exp` not passed and at most 300 s ahead, `jti` used once.
 * More than one method in one request, or none, fails (RFC 6749 §2.3). Every failure is `invalid_client` for the
 * caller; `reason` says which check failed (tests and logs), never sent to the client.
 */
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Clock } from '../consent-store.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The signature algorithms accepted for a client assertion (the profile's list; never `none` nor HMAC). */
export const CLIENT_ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;
/** The longest an assertion may live ahead of the server's clock (the profile: "at most 300 s"). */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** Clock skew tolerated on `exp`, `nbf` and the 300 s bound (the relay and an operator are different machines). */
const CLOCK_TOLERANCE_SECONDS = 10;
const MAX_ASSERTION_CHARS = 8192;
const MAX_JTI_CHARS = 256;

/** Where the client's public keys come from (in process: the relay's JWKS; standalone: a URL). */
export type JwksSource = () => Promise<{ keys: readonly JsonWebKey[] }>;

export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt';
export type ClientAuthResult =
  | { ok: true; method: ClientAuthMethod; clientId: string }
  | {
      ok: false;
      reason: string;
      /** Basic was tried: answer with `WWW-Authenticate` (RFC 6749 §5.2). */ basic: boolean;
    };

export interface ClientAuthRequest {
  /** The `Authorization` header, if any. */
  authorization: string | undefined;
  /** The request's form parameters. */
  params: URLSearchParams;
  /** The URL of the endpoint called, without query (an accepted `aud`). */
  endpointUrl: string;
  /** The issuer (an accepted `aud`). */
  issuer: string;
}

export interface ClientAuthOptions {
  clientId: string;
  clientSecret: string;
  /** The client's public keys; without it `private_key_jwt` always fails. */
  jwks?: JwksSource;
  now: Clock;
}

/** The user id and password of an HTTP Basic header (RFC 6749 §2.3.1 form-encodes both), or `null`. */
export function basicCredentials(header: string | undefined): [string, string] | null {
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

/** Compares two strings in time independent of where they differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Builds the authenticator; it remembers the `jti` of every assertion accepted until that assertion expires. */
export function createClientAuthenticator(
  options: ClientAuthOptions,
): (req: ClientAuthRequest) => Promise<ClientAuthResult> {
  const usedJti = new Map<string, number>();
  const remember = (jti: string, until: number) => {
    const t = options.now();
    for (const [k, exp] of usedJti) if (exp <= t) usedJti.delete(k);
    while (usedJti.size >= 100_000) {
      const oldest = usedJti.keys().next().value;
      if (oldest === undefined) break;
      usedJti.delete(oldest);
    }
    usedJti.set(jti, until);
  };

  return async ({ authorization, params, endpointUrl, issuer }) => {
    const basicTried = authorization !== undefined && /^Basic\b/i.test(authorization.trim());
    const fail = (reason: string): ClientAuthResult => ({ ok: false, reason, basic: basicTried });
    for (const name of ['client_id', 'client_assertion', 'client_assertion_type', 'client_secret'])
      if (params.getAll(name).length > 1) return fail(`${name} sent more than once`);
    if (params.has('client_secret')) return fail('client_secret_post is not supported');
    const bodyClientId = params.get('client_id');
    if (bodyClientId !== null && bodyClientId !== options.clientId) return fail('unknown client_id');
    const assertion = params.get('client_assertion');
    const assertionType = params.get('client_assertion_type');

    if (assertion === null && assertionType === null) {
      if (authorization === undefined) return fail('no client authentication');
      const creds = basicCredentials(authorization);
      if (creds === null) return fail('malformed Basic credentials');
      const ok = sameText(creds[0], options.clientId) && sameText(creds[1], options.clientSecret);
      return ok
        ? { ok: true, method: 'client_secret_basic', clientId: options.clientId }
        : fail('wrong client id or secret');
    }

    if (authorization !== undefined) return fail('more than one client authentication method');
    if (assertionType !== CLIENT_ASSERTION_TYPE) return fail('client_assertion_type is not jwt-bearer');
    if (assertion === null || assertion === '') return fail('client_assertion missing');
    if (assertion.length > MAX_ASSERTION_CHARS) return fail('client_assertion too long');
    if (!options.jwks) return fail('no client JWKS configured');

    let keys: JSONWebKeySet;
    try {
      keys = { keys: [...(await options.jwks()).keys] };
    } catch (error) {
      return fail(`client JWKS unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const t = options.now();
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, createLocalJWKSet(keys), {
        algorithms: [...CLIENT_ASSERTION_ALGORITHMS],
        issuer: options.clientId,
        subject: options.clientId,
        audience: [endpointUrl, issuer],
        requiredClaims: ['exp', 'jti'],
        currentDate: new Date(t),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      return fail(`client_assertion refused: ${code} ${error instanceof Error ? error.message : String(error)}`.trim());
    }
    const exp = payload.exp ?? 0; // required above
    if (exp - t / 1000 > MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS)
      return fail(`client_assertion exp more than ${MAX_ASSERTION_LIFETIME_SECONDS} s ahead`);
    const jti = payload.jti;
    if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_CHARS)
      return fail('client_assertion jti invalid');
    const seen = usedJti.get(jti);
    if (seen !== undefined && seen > t) return fail('client_assertion jti already used');
    remember(jti, (exp + CLOCK_TOLERANCE_SECONDS) * 1000);
    return { ok: true, method: 'private_key_jwt', clientId: options.clientId };
  };
}

export interface RemoteJwksOptions {
  fetch?: typeof fetch;
  now?: Clock;
  /** How long a fetched JWKS is used before it is fetched again (default 60 s). */
  ttlMs?: number;
  /** Timeout of one fetch (default 5 s). */
  timeoutMs?: number;
}

/**
 * A JWKS fetched from a URL (the standalone simulator's `CAMARA_CLIENT_JWKS_URL`), kept `ttlMs`. A failed fetch
 * throws (the client then gets `invalid_client`) and is tried again at the next request.
 */
export function remoteJwks(url: string, options: RemoteJwksOptions = {}): JwksSource {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? (() => Date.now());
  const ttl = options.ttlMs ?? 60_000;
  let cached: { keys: readonly JsonWebKey[]; at: number } | null = null;
  return async () => {
    if (cached && now() - cached.at < ttl) return { keys: cached.keys };
    const res = await doFetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (!res.ok) throw new Error(`JWKS ${url} answered HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > 256 * 1024) throw new Error(`JWKS ${url} is too large`);
    const body = JSON.parse(text) as unknown;
    const keys = (body as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys) || keys.some((k) => k === null || typeof k !== 'object'))
      throw new Error(`JWKS ${url} has no "keys" array`);
    cached = { keys: keys as JsonWebKey[], at: now() };
    return { keys: cached.keys };
  };
}
