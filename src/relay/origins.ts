/**
 * Which origins the relay trusts: only configured ones (`RELAY_ALLOWED_ORIGINS`, plus loopback on any port in
 * test mode), parsed once with the protocol's origin rules. Nothing is derived from the `Host` header or the
 * request target: a script that forges them gains nothing. The same list bounds `Origin` (CORS) and
 * `return_url` (where the operator's page sends the shopper back, with the session token).
 */
import { checkConsentUrl } from '../protocol/consent-url.js';
import { CONFIGURED_ORIGINS, LOOPBACK_ORIGINS, originMatcher, parseOriginList } from '../protocol/origins.js';
import type { Logger } from './log.js';
import { UNSAFE_URL_CHARS } from '../protocol/url-chars.js';
import { LIMITS } from '../protocol/limits.js';

/** The predicate over origins for a configured list (entries that are not origins throw: configuration bug). */
export function allowedOriginMatcher(configured: readonly string[], testMode: boolean): (origin: string) => boolean {
  const { origins, invalid } = parseOriginList(configured.join(' '), CONFIGURED_ORIGINS);
  if (invalid.length > 0) throw new TypeError(`not origins: ${invalid.join(' ')}`);
  return originMatcher(testMode ? [...origins, ...LOOPBACK_ORIGINS] : origins);
}

export const MAX_RETURN_URL_LENGTH = LIMITS.url;

export type ReturnUrlCheck = { ok: true; url: URL } | { ok: false; id: 'R400' | 'R403'; reason: string };

/**
 * `return_url` rules: absolute `http(s)://`, at most 2048 characters, no userinfo, fragment, backslash,
 * whitespace or control characters (R400), in an allowed origin (R403). On success `url` is the parsed URL:
 * what goes upstream is its normalised `href`, never the raw string.
 */
export function checkReturnUrl(raw: string, isAllowed: (origin: string) => boolean): ReturnUrlCheck {
  const bad = (reason: string): ReturnUrlCheck => ({ ok: false, id: 'R400', reason: `return_url: ${reason}` });
  if (raw.length > MAX_RETURN_URL_LENGTH) return bad(`longer than ${MAX_RETURN_URL_LENGTH} characters`);
  if (UNSAFE_URL_CHARS.test(raw)) return bad('contains whitespace, control characters or a backslash');
  const authority = /^https?:\/\/([^/?#]*)/i.exec(raw)?.[1];
  if (!authority) return bad('must be an absolute http(s) URL');
  if (authority.includes('@')) return bad('must not contain credentials');
  if (raw.includes('#')) return bad('must not contain a fragment');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return bad('must be an absolute http(s) URL');
  }
  if (url.username !== '' || url.password !== '') return bad('must not contain credentials');
  if (!isAllowed(url.origin)) return { ok: false, id: 'R403', reason: 'return_url origin not allowed' };
  return { ok: true, url };
}

/** The origin of an absolute URL, or null (for logs). */
export function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

export interface RelayConsentUrlOptions {
  /** `RELAY_OPERATOR_ORIGINS`; empty: any origin the other rules allow. */
  operatorOrigins: readonly string[];
  /** Plain `http:` to loopback accepted (test mode, or a simulator on loopback). */
  allowLoopbackHttp: boolean;
  /** Outside test mode: IP-literal and punycode hosts refused (protocol/consent-url.ts). */
  strictHosts: boolean;
  /** The relay's logger: the first consent URL of every new origin is logged, by origin only. */
  log: Logger;
}

/** Origins already logged, per relay (its logger); bounded: past it, new origins are logged without being kept. */
const seenOrigins = new WeakMap<Logger, Set<string>>();
const MAX_SEEN_ORIGINS = 1000;

/**
 * The relay's check of a consent URL from the upstream: the widget's rule (protocol/consent-url.ts), with
 * IP-literal and punycode hosts refused outside test mode, and the first URL of each origin it passes logged
 * (`consent_origin_new`, the origin only: the query carries `login_hint=tel:…` or tokens), so that an operator
 * who starts sending shoppers somewhere new is seen.
 */
export function checkRelayConsentUrl(
  raw: unknown,
  options: RelayConsentUrlOptions,
): ReturnType<typeof checkConsentUrl> {
  const checked = checkConsentUrl(raw, options.operatorOrigins, {
    allowLoopbackHttp: options.allowLoopbackHttp,
    strictHosts: options.strictHosts,
  });
  if (!checked.ok) return checked;
  const origin = new URL(checked.href).origin;
  let seen = seenOrigins.get(options.log);
  if (!seen) seenOrigins.set(options.log, (seen = new Set()));
  if (!seen.has(origin)) {
    if (seen.size < MAX_SEEN_ORIGINS) seen.add(origin);
    options.log.info('consent_origin_new', { origin });
  }
  return checked;
}
