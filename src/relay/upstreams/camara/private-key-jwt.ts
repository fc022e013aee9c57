/**
 * Client authentication by `private_key_jwt` (OpenID Connect Core §9, RFC 7523 §2.2 and §3), as the CAMARA Security
 * and Interoperability Profile requires it ("The API Consumer MUST authenticate with the Authorization server
 * using `private_key_jwt`"; a client assertion lives at most 300 s; its `aud` SHOULD be the full URL of the endpoint
 * it is sent to):
 *
 * - {@link checkPrivateKey}: the shape of `CAMARA_PRIVATE_KEY` (PEM PKCS#8 or a private JWK), synchronously, for
 *   the configuration check;
 * - {@link loadClientKey}: the key imported for `CAMARA_SIGNING_ALG` (`RS256`, `PS256`, `ES256`), with its public
 *   JWK and its `kid` (`CAMARA_KEY_ID`, else the RFC 7638 thumbprint);
 * - {@link clientAssertion} / {@link clientAssertionParams}: the JWT (`iss` = `sub` = client id, `aud`, `jti`,
 *   `iat`, `exp` = `iat` + 60 s) and the form parameters that carry it;
 * - {@link jwksOf}: the public keys for `/.well-known/jwks.json`, which the operator is given at onboarding.
 *
 * Messages never contain the key, nor any part of it. The private key is kept non-extractable once imported.
 * Runtime-neutral (jose over Web Crypto).
 */
import {
  calculateJwkThumbprint,
  compactVerify,
  CompactSign,
  exportJWK,
  importJWK,
  importPKCS8,
  SignJWT,
  type CryptoKey as JoseCryptoKey,
  type JWK,
} from 'jose';

export type SigningAlg = 'RS256' | 'PS256' | 'ES256';
export const SIGNING_ALGS: readonly SigningAlg[] = ['RS256', 'PS256', 'ES256'];

export interface ClientKey {
  alg: SigningAlg;
  kid: string;
  /** Non-extractable. */
  privateKey: CryptoKey;
  /** The public half only, with `kid`, `alg` and `use: "sig"`. */
  publicJwk: JWK;
}

/** RFC 7523 §2.2: the value of `client_assertion_type`. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Lifetime of a client assertion (the profile's maximum is 300 s). */
export const ASSERTION_LIFETIME_SECONDS = 60;

const PKCS8 = /^-----BEGIN PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PRIVATE KEY-----$/;
const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** An environment variable holding a PEM often has its line breaks written `\n`: restore them. */
function normalise(raw: string): string {
  return raw.trim().replace(/\\r\\n|\\n/g, '\n');
}

const RSA_PRIVATE = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const EC_PRIVATE = ['crv', 'x', 'y', 'd'] as const;
const PUBLIC_MEMBERS = ['kty', 'n', 'e', 'crv', 'x', 'y'] as const;

type ParsedKey = { kind: 'pem'; pem: string } | { kind: 'jwk'; jwk: JWK };

function parse(raw: string): ParsedKey | string {
  const text = normalise(raw);
  if (text === '') return 'is empty';
  if (text.startsWith('{') || text.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return 'looks like JSON but does not parse: give a private JWK (a JSON object) or a PEM PKCS#8 key';
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JWK (a JSON object)';
    const jwk = value as Record<string, unknown>;
    if ('keys' in jwk) return 'is a JWK Set: give the one private key as a single JWK';
    const members: readonly string[] =
      jwk['kty'] === 'RSA' ? RSA_PRIVATE.slice(0, 3) : jwk['kty'] === 'EC' ? EC_PRIVATE : [];
    if (members.length === 0) return 'the JWK must have "kty": "RSA" or "EC"';
    if (jwk['d'] === undefined) return 'is a public JWK (no "d"): give the private key';
    for (const m of members) {
      const v = jwk[m];
      if (typeof v !== 'string' || (m !== 'crv' && !B64URL.test(v)))
        return `the JWK's "${m}" is missing or not base64url`;
    }
    if (jwk['kty'] === 'RSA') {
      for (const m of RSA_PRIVATE.slice(3)) {
        const v = jwk[m];
        if (v !== undefined && (typeof v !== 'string' || !B64URL.test(v))) return `the JWK's "${m}" is not base64url`;
      }
    }
    return { kind: 'jwk', jwk: jwk };
  }
  const label = PEM_LABEL.exec(text)?.[1];
  if (label === 'PRIVATE KEY') {
    return PKCS8.test(text) ? { kind: 'pem', pem: text } : 'is not a well-formed PEM "PRIVATE KEY" block';
  }
  if (label === 'RSA PRIVATE KEY' || label === 'EC PRIVATE KEY') {
    return `is a PEM "${label}" (PKCS#1/SEC1): convert it to PKCS#8 with \`openssl pkcs8 -topk8 -nocrypt -in key.pem\``;
  }
  if (label === 'ENCRYPTED PRIVATE KEY') {
    return 'is encrypted: give it unencrypted (`openssl pkcs8 -topk8 -nocrypt -in key.pem`), kept in a secret store';
  }
  if (label !== undefined) return `is a PEM "${label}", not a private key`;
  return 'must be a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----) or a private JWK (JSON)';
}

/**
 * Why `CAMARA_PRIVATE_KEY` cannot be a client key, or `null` when its shape is right (PEM PKCS#8, or an RSA/EC JWK
 * with `d`). Synchronous: whether it fits `CAMARA_SIGNING_ALG` is {@link loadClientKey}'s to say. Never echoes the
 * key.
 */
export function checkPrivateKey(raw: string): string | null {
  const parsed = parse(raw);
  return typeof parsed === 'string' ? parsed : null;
}

/** A fixed message naming the settings, never the key. */
function refused(why: string): Error {
  return new Error(`CAMARA_PRIVATE_KEY / CAMARA_SIGNING_ALG: ${why}`);
}

/** What family the PEM key is, tried against each algorithm (Web Crypto has no other way to tell). */
async function pemFamily(pem: string): Promise<string> {
  for (const [alg, family] of [
    ['RS256', 'an RSA key'],
    ['ES256', 'an EC P-256 key'],
    ['ES384', 'an EC P-384 key'],
    ['ES512', 'an EC P-521 key'],
    ['EdDSA', 'an Ed25519 key'],
  ] as const) {
    try {
      await importPKCS8(pem, alg);
      return family;
    } catch {
      // not this one
    }
  }
  return 'a key of an unsupported type';
}

function jwkFamily(jwk: JWK): string {
  if (jwk.kty === 'RSA') return 'an RSA key';
  if (jwk.kty === 'EC') return `an EC ${jwk.crv ?? ''} key`.replace('  ', ' ');
  return 'a key of an unsupported type';
}

const algFamily = (alg: SigningAlg) => (alg === 'ES256' ? 'an EC P-256 key' : 'an RSA key (2048 bits or more)');

/** Only the members of a private JWK that import needs (no `alg`, `use`, `key_ops` or `ext` to conflict). */
function privateMembers(jwk: JWK): JWK {
  const names = jwk.kty === 'RSA' ? RSA_PRIVATE : EC_PRIVATE;
  const out: Record<string, unknown> = { kty: jwk.kty };
  for (const n of names) if (jwk[n] !== undefined) out[n] = jwk[n];
  return out;
}

function publicMembers(jwk: JWK): JWK {
  const out: Record<string, unknown> = {};
  for (const n of PUBLIC_MEMBERS) if (jwk[n] !== undefined) out[n] = jwk[n];
  return out;
}

/**
 * Imports `CAMARA_PRIVATE_KEY` for `CAMARA_SIGNING_ALG`. Throws an Error naming both settings (never the key) when
 * the key's shape is wrong, when it does not fit the algorithm (an EC key with RS256, an RSA key with ES256, a curve
 * other than P-256), or when an RSA key is shorter than 2048 bits.
 */
export async function loadClientKey(raw: string, alg: SigningAlg, keyId?: string | null): Promise<ClientKey> {
  if (!SIGNING_ALGS.includes(alg)) throw refused(`CAMARA_SIGNING_ALG must be ${SIGNING_ALGS.join(', ')}`);
  const parsed = parse(raw);
  if (typeof parsed === 'string') throw refused(`the key ${parsed}`);
  if (parsed.kind === 'jwk' && parsed.jwk.alg !== undefined && parsed.jwk.alg !== alg) {
    throw refused(`the JWK says "alg": "${String(parsed.jwk.alg).slice(0, 10)}" but CAMARA_SIGNING_ALG is ${alg}`);
  }
  let extractable: JoseCryptoKey;
  try {
    const key =
      parsed.kind === 'pem'
        ? await importPKCS8(parsed.pem, alg, { extractable: true })
        : await importJWK(privateMembers(parsed.jwk), alg, { extractable: true });
    if (key instanceof Uint8Array) throw new Error('symmetric');
    extractable = key;
  } catch {
    const family = parsed.kind === 'pem' ? await pemFamily(parsed.pem) : jwkFamily(parsed.jwk);
    throw refused(`${alg} needs ${algFamily(alg)}, and the key is ${family} (or is damaged)`);
  }
  if (extractable.type !== 'private') throw refused('the key is not a private key');
  const modulus = (extractable.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;
  if (alg !== 'ES256' && (modulus === undefined || modulus < 2048)) {
    throw refused(`the RSA key has ${String(modulus)} bits; ${alg} needs 2048 bits or more`);
  }
  const full = await exportJWK(extractable);
  const publicJwk = publicMembers(full);
  const kid = keyId ?? (await calculateJwkThumbprint(publicJwk, 'sha256'));
  const privateKey = (await importJWK(privateMembers(full), alg, { extractable: false })) as JoseCryptoKey;
  if (!(await signsForItsPublicKey(privateKey, publicJwk, alg))) {
    throw refused('the key is damaged: what it signs does not verify with its own public key');
  }
  return { alg, kid, privateKey, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}

/** Signs a probe and verifies it with the public half: a JWK whose members do not belong together fails here. */
async function signsForItsPublicKey(privateKey: JoseCryptoKey, publicJwk: JWK, alg: SigningAlg): Promise<boolean> {
  try {
    const probe = await new CompactSign(new TextEncoder().encode('idmobile-check key probe'))
      .setProtectedHeader({ alg })
      .sign(privateKey);
    await compactVerify(probe, await importJWK(publicJwk, alg));
    return true;
  } catch {
    return false;
  }
}

export interface AssertionClaims {
  clientId: string;
  /** The endpoint the assertion is sent to (token or bc-authorize endpoint), in full. */
  audience: string;
  /** Now, in milliseconds since the epoch. */
  now: number;
}

/**
 * A client assertion (RFC 7523 §3): header `{alg, kid, typ: "JWT"}`; `iss` = `sub` = the client id, `aud` = the
 * endpoint, a random `jti`, `iat`, `exp` = `iat` + {@link ASSERTION_LIFETIME_SECONDS}. One per request: a `jti` is
 * never reused.
 */
export async function clientAssertion(key: ClientKey, claims: AssertionClaims): Promise<string> {
  const iat = Math.floor(claims.now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.clientId)
    .setSubject(claims.clientId)
    .setAudience(claims.audience)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .sign(key.privateKey);
}

/**
 * The form parameters of a request authenticated by `private_key_jwt` (OpenID Connect Core §9: `client_assertion_type`
 * and `client_assertion`; the client is the assertion's `sub`, and neither OIDC nor the CAMARA profile adds
 * `client_id`). `clientId`, when given, is added as `client_id` (RFC 7521 §4.2 allows it; it must then be the
 * assertion's): for the rare server that wants it.
 */
export function clientAssertionParams(assertion: string, clientId?: string): Record<string, string> {
  return {
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
    ...(clientId === undefined ? {} : { client_id: clientId }),
  };
}

/**
 * The JWK Set served at `/.well-known/jwks.json`: each key's public members (`kty`, `n`, `e` or `crv`, `x`, `y`)
 * with `kid`, `alg` and `use: "sig"`, rebuilt member by member so that no private member can leak.
 */
export function jwksOf(keys: readonly ClientKey[]): { keys: JWK[] } {
  return {
    keys: keys.map((k) => ({ ...publicMembers(k.publicJwk), kid: k.kid, alg: k.alg, use: 'sig' })),
  };
}
