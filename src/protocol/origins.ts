/**
 * Origin lists, one set of rules for the widget (`operator-origins`) and the relay (`RELAY_ALLOWED_ORIGINS`,
 * `RELAY_OPERATOR_ORIGINS`): parsing an entry, and matching an origin against a parsed list. Pure, never throws.
 *
 * An entry is an origin written `scheme://host[:port]`, nothing after it (no path, not even `/`, no query,
 * fragment or credentials), `http` or `https`. It is normalised as `URL.origin` prints it (lower case, punycode,
 * default port dropped). Two options, for the relay's configuration only:
 * - `anyPort`: `scheme://host:*` stands for that scheme and host on any port (`http://localhost:*`);
 * - `plainHttp: 'any'`: plain `http:` to any host (a shop served over http on a development network); by
 *   default plain `http:` is allowed only to the loopback hosts (the test mode).
 */
import { UNSAFE_URL_CHARS, urlOf } from './url-chars.js';
import { LIMITS } from './limits.js';

/** Hosts to which plain `http:` is allowed by default (as `URL.hostname` prints them). */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** Loopback on any port: what the relay's test mode allows besides its configured origins. */
export const LOOPBACK_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.includes(hostname);

/** Longest entry accepted (the wire schemas' URL limit). */
const MAX_ENTRY_LENGTH = LIMITS.url;

/** `scheme://authority` and nothing else. */
const ORIGIN_SHAPE = /^(https?):\/\/([^/?#@]+)$/i;

export interface OriginListOptions {
  /** Accept `scheme://host:*` entries (any port). Default false. */
  anyPort?: boolean;
  /** Plain `http:` to `loopback` hosts only (default) or to `any` host. */
  plainHttp?: 'loopback' | 'any';
}

/** The options of origin lists an operator configures (`RELAY_ALLOWED_ORIGINS`): any port, plain http anywhere. */
export const CONFIGURED_ORIGINS: Readonly<OriginListOptions> = /* @__PURE__ */ Object.freeze({
  anyPort: true,
  plainHttp: 'any',
});

/**
 * `token` as a URL when it is exactly an origin (`ORIGIN_SHAPE`: no path, query, fragment or `@`, hence no
 * credentials) over `https:`, or plain `http:` to a loopback host (to any host with `plainHttpAnywhere`).
 */
function originUrl(token: string, plainHttpAnywhere?: boolean): URL | null {
  if (token.length > MAX_ENTRY_LENGTH || UNSAFE_URL_CHARS.test(token) || !ORIGIN_SHAPE.test(token)) return null;
  const url = urlOf(token);
  return url && (url.protocol === 'https:' || plainHttpAnywhere || isLoopbackHost(url.hostname)) ? url : null;
}

/** One exact origin normalised (`https://shop.example`), or null: the widget's `operator-origins` entries. */
export const parseExactOrigin = (token: string): string | null => originUrl(token)?.origin ?? null;

/** One entry normalised (`https://shop.example`, `http://localhost:*`), or null when it is not an origin. */
export function parseOrigin(token: string, options: OriginListOptions = {}): string | null {
  const anywhere = options.plainHttp === 'any';
  if (!options.anyPort || !token.endsWith(':*')) return originUrl(token, anywhere)?.origin ?? null;
  const url = token.length > MAX_ENTRY_LENGTH ? null : originUrl(token.slice(0, -2), anywhere);
  return url?.port === '' ? `${url.protocol}//${url.hostname}:*` : null;
}

/** The valid entries of a list separated by spaces or commas, as `parse` normalises them, and the others. */
export function originList(
  value: string | null | undefined,
  parse: (token: string) => string | null,
): { origins: string[]; invalid: string[] } {
  const origins: string[] = [];
  const invalid: string[] = [];
  for (const token of typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : []) {
    const origin = parse(token);
    if (origin === null) invalid.push(token);
    else if (!origins.includes(origin)) origins.push(origin);
  }
  return { origins, invalid };
}

/**
 * Parses a list of origins separated by spaces or commas. Valid entries are normalised and deduplicated in
 * `origins`; the others are reported as written in `invalid` (the caller decides whether to warn or refuse).
 */
export function parseOriginList(
  value: string | null | undefined,
  options: OriginListOptions = {},
): { origins: string[]; invalid: string[] } {
  return originList(value, (token) => parseOrigin(token, options));
}

/**
 * A predicate over origins as `URL.origin` prints them, for a list from {@link parseOriginList} (exact origins
 * and `scheme://host:*` entries). Anything that is not exactly an origin never matches.
 */
export function originMatcher(origins: readonly string[]): (origin: string) => boolean {
  const exact = new Set(origins.filter((o) => !o.endsWith(':*')));
  const anyPort = new Set(origins.filter((o) => o.endsWith(':*')).map((o) => o.slice(0, -2)));
  return (origin) => {
    if (exact.has(origin)) return true;
    if (anyPort.size === 0) return false;
    const url = urlOf(origin);
    return url?.origin === origin && anyPort.has(`${url.protocol}//${url.hostname}`);
  };
}
