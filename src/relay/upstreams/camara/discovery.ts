/**
 * OpenID Connect Discovery 1.0 for `CAMARA_ISSUER`: the operator's token, authorization and CIBA endpoints read from
 * `{issuer}/.well-known/openid-configuration` (§4), unless each is set on its own.
 *
 * - {@link parseOpenIdConfiguration} (pure): the document's `issuer` must equal the configured issuer exactly (§4.3:
 *   "MUST be identical"), every endpoint URL must be https (plain http only to loopback, like every upstream URL),
 *   unknown members are ignored;
 * - {@link createDiscovery}: fetches the document through the caller's `fetchJson` (time limit, size limit and
 *   redirects are its business), keeps it `ttlMs` (default one hour), shares one fetch between concurrent callers,
 *   and never keeps a failure: the next call asks again. A failure is thrown as an Error whose message says what went
 *   wrong (no secret takes part in discovery).
 */
import { isObject } from '../http.js';
import { checkUpstreamUrl } from '../config.js';

export interface OpenIdEndpoints {
  issuer: string;
  tokenEndpoint: string;
  authorizationEndpoint?: string;
  backchannelAuthenticationEndpoint?: string;
  /** `token_endpoint_auth_methods_supported`, when the document lists them. */
  tokenEndpointAuthMethods?: string[];
}

/** Where the discovery document of `issuer` is (§4: a terminating `/` of the issuer removed first). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** A value from the document, quoted for a message: printable ASCII only, at most 100 characters. */
const quote = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v.replace(/[^\x20-\x7e]/g, '?').slice(0, 100)) : `a ${typeof v}`;

const ENDPOINTS = [
  ['token_endpoint', 'tokenEndpoint'],
  ['authorization_endpoint', 'authorizationEndpoint'],
  ['backchannel_authentication_endpoint', 'backchannelAuthenticationEndpoint'],
] as const;

/**
 * The endpoints of a discovery document, or why it is refused (one line). `token_endpoint` is required (§3: REQUIRED
 * unless only the implicit flow is used, which CAMARA does not); the others are read when present.
 */
export function parseOpenIdConfiguration(body: unknown, expectedIssuer: string): OpenIdEndpoints | string {
  if (!isObject(body)) return 'the discovery document is not a JSON object';
  const issuer = body['issuer'];
  if (issuer === undefined) return 'it has no issuer';
  if (issuer !== expectedIssuer) {
    return `its issuer ${quote(issuer)} is not CAMARA_ISSUER ${quote(expectedIssuer)} exactly (OpenID Discovery §4.3)`;
  }
  if (body['token_endpoint'] === undefined) return 'it has no token_endpoint';
  const out: OpenIdEndpoints = { issuer, tokenEndpoint: '' };
  for (const [member, key] of ENDPOINTS) {
    const v = body[member];
    if (v === undefined) continue;
    if (typeof v !== 'string') return `its ${member} is ${quote(v)}, not a URL`;
    const why = checkUpstreamUrl(v);
    if (why) return `its ${member} ${quote(v)} ${why}`;
    out[key] = v;
  }
  const methods = body['token_endpoint_auth_methods_supported'];
  if (methods !== undefined) {
    if (!Array.isArray(methods) || !methods.every((m): m is string => typeof m === 'string')) {
      return 'its token_endpoint_auth_methods_supported is not a list of strings';
    }
    out.tokenEndpointAuthMethods = [...methods];
  }
  return out;
}

export interface DiscoveryOptions {
  /** `CAMARA_ISSUER`, exactly as configured. */
  issuer: string;
  /** GETs a URL and answers its status and parsed JSON body (throws when it cannot). */
  fetchJson: (url: string) => Promise<{ status: number; body: unknown }>;
  now?: () => number;
  /** How long a document is used before it is read again (ms); default one hour. */
  ttlMs?: number;
}

export interface Discovery {
  /** The endpoints, from the cache while fresh; throws an Error saying why when they cannot be read. */
  endpoints(): Promise<OpenIdEndpoints>;
}

export const DISCOVERY_TTL_MS = 3_600_000;

export function createDiscovery(options: DiscoveryOptions): Discovery {
  const { issuer, fetchJson } = options;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? DISCOVERY_TTL_MS;
  const url = discoveryUrl(issuer);
  let cached: { value: OpenIdEndpoints; at: number } | null = null;
  let inflight: Promise<OpenIdEndpoints> | null = null;

  const failed = (why: string) => new Error(`CAMARA_ISSUER: OpenID discovery at ${url} failed: ${why}`);

  async function load(): Promise<OpenIdEndpoints> {
    let answer: { status: number; body: unknown };
    try {
      answer = await fetchJson(url);
    } catch (e) {
      throw failed(`no answer (${(e instanceof Error ? e.message : String(e)).slice(0, 200)})`);
    }
    if (answer.status !== 200) throw failed(`HTTP ${answer.status}`);
    const parsed = parseOpenIdConfiguration(answer.body, issuer);
    if (typeof parsed === 'string') throw failed(parsed);
    cached = { value: parsed, at: now() };
    return parsed;
  }

  return {
    endpoints() {
      if (cached && now() - cached.at < ttlMs) return Promise.resolve(cached.value);
      inflight ??= load().finally(() => {
        inflight = null;
      });
      return inflight;
    },
  };
}
