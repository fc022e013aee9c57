/**
 * Shared helpers of the CAMARA-face specs: a simulator on a manual clock, form posts with the demo client's Basic
 * credentials or a client assertion, key pairs and assertions (RFC 7523), and the documented bodies the specs
 * expect, each quoting its source.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Hono } from 'hono';
import { CAMARA_PATHS, createSimulator, type SimulatorOptions } from '../../../src/testmode/index.js';
import { BASE, manualClock } from './helpers.js';

export const BASIC = `Basic ${Buffer.from('demo:demo').toString('base64')}`;
/** RFC 7523 §2.2. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** OpenID CIBA Core 1.0 §10.1. */
export const CIBA_GRANT = 'urn:openid:params:grant-type:ciba';
/** The scope Orange France's KYC Match pages list (openid, dpv:FraudPreventionAndDetection, kyc-match:match). */
export const SCOPE = 'openid dpv:FraudPreventionAndDetection kyc-match:match';
export const ISSUER = `${BASE}${CAMARA_PATHS.apiRoot}`;
export const TOKEN_URL = `${BASE}${CAMARA_PATHS.token}`;
export const BC_AUTHORIZE_URL = `${BASE}${CAMARA_PATHS.authorize}`;

/**
 * kyc-match.yaml (camaraproject/KnowYourCustomerMatch r1.2, kyc-match v0.4.0), `Generic403` examples; 429 from
 * CAMARA_common.yaml (Commonalities), `Generic429` `TOO_MANY_REQUESTS`.
 */
export const DOCUMENTED = {
  ID_DOCUMENT_REQUIRED: {
    status: 403,
    code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED',
    message: 'The idDocument is required to perform the properties validation',
  },
  ID_DOCUMENT_MISMATCH: {
    status: 403,
    code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH',
    message: 'The idDocument needs to match the one associated with the provided phoneNumber',
  },
  PERMISSION_DENIED: {
    status: 403,
    code: 'PERMISSION_DENIED',
    message: 'Client does not have sufficient permissions to perform this action.',
  },
  INVALID_TOKEN_CONTEXT: {
    status: 403,
    code: 'INVALID_TOKEN_CONTEXT',
    message: 'phoneNumber is not consistent with access token.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    code: 'TOO_MANY_REQUESTS',
    message: 'Either out of resource quota or reaching rate limiting.',
  },
  UNAUTHENTICATED: {
    status: 401,
    code: 'UNAUTHENTICATED',
    message:
      'Request not authenticated due to missing, invalid, or expired credentials. A new authentication is required.',
  },
} as const;
/** kyc-match.yaml r1.2, `MatchScoreResult`: integer, minimum 0, maximum 99. */
export const SCORE_MAX = 99;

/** A simulator on a manual clock, with `https://shop.example` as an allowed redirect origin. */
export function camaraSim(options: SimulatorOptions = {}) {
  const clock = manualClock();
  const sim = createSimulator({ now: clock.now, allowedRedirectOrigins: ['https://shop.example'], ...options });
  return { sim, clock };
}

/** A form POST (`application/x-www-form-urlencoded`), with the demo client's Basic credentials unless `auth` says. */
export function post(
  sim: Hono,
  path: string,
  params: Record<string, string>,
  auth: string | null = BASIC,
  base = BASE,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth !== null) headers['authorization'] = auth;
  return Promise.resolve(
    sim.fetch(new Request(`${base}${path}`, { method: 'POST', headers, body: new URLSearchParams(params).toString() })),
  );
}

/** KYC Match with a Bearer token. */
export function matchCall(
  sim: Hono,
  token: string,
  body: unknown,
  path: string = CAMARA_PATHS.match,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    sim.fetch(
      new Request(`${BASE}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    ),
  );
}

export async function accessToken(res: Response): Promise<string> {
  const body = (await res.json()) as { access_token?: string };
  if (typeof body.access_token !== 'string') throw new Error(`no access token: ${JSON.stringify(body)}`);
  return body.access_token;
}

export type Alg = 'RS256' | 'PS256' | 'ES256';

/** A key pair and its public JWK (with `kid`, `alg`, `use`), as a client publishes it. */
export async function clientKey(alg: Alg, kid = `key-${alg}`) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { privateKey, jwk, alg, kid };
}

export interface AssertionClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  /** Seconds from `nowMs`; `null` leaves `exp` out. */
  expIn?: number | null;
  jti?: string | null;
}

let jtiCounter = 0;

/** A client assertion (RFC 7523 §3) signed with `key`, its times read from `nowMs`. */
export async function assertion(
  key: { privateKey: CryptoKey; alg: Alg; kid: string },
  nowMs: number,
  claims: AssertionClaims = {},
): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  const payload: Record<string, unknown> = { iss: claims.iss ?? 'demo', sub: claims.sub ?? 'demo' };
  payload['aud'] = claims.aud ?? TOKEN_URL;
  const jti = claims.jti === undefined ? `jti-${++jtiCounter}-${Math.random()}` : claims.jti;
  if (jti !== null) payload['jti'] = jti;
  const expIn = claims.expIn === undefined ? 300 : claims.expIn;
  if (expIn !== null) payload['exp'] = now + expIn;
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid }).setIssuedAt(now).sign(key.privateKey);
}

/** The form parameters of `private_key_jwt`. */
export const assertionParams = (jwt: string): Record<string, string> => ({
  client_assertion_type: JWT_BEARER,
  client_assertion: jwt,
});
