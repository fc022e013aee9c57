/**
 * Consent redirect safety, one rule for the widget (contract, "Consent safety") and the relay ("Origins"): only
 * an absolute `https:` URL (plain `http:` only to `localhost`, `127.0.0.1` or `[::1]`, for the test mode, and
 * only where `allowLoopbackHttp` is not turned off), without credentials, and within the allowed origins when
 * some are given (`operator-origins`, `RELAY_OPERATOR_ORIGINS`). Pure, never throws.
 */
import { isLoopbackHost, originList, parseExactOrigin } from './origins.js';
import { UNSAFE_URL_CHARS, urlOf } from './url-chars.js';
import { LIMITS } from './limits.js';

/** Longest consent URL accepted (same limit as the wire schemas' `LIMITS.url`). */
export const MAX_CONSENT_URL_LENGTH = LIMITS.url;

/** `scheme://authority…`: the authority ends at the first `/`, `?` or `#`. */
const ABSOLUTE_HTTP = /^(https?):\/\/([^/?#]*)/i;

/** An IP literal as `URL.hostname` prints it (every numeric IPv4 form is normalised to a dotted quad). */
const isIpLiteral = (hostname: string): boolean => hostname.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);

/** A host with a punycode label (`xn--`): an internationalised name, which can imitate another (homographs). */
const hasPunycodeLabel = (hostname: string): boolean => hostname.split('.').some((l) => l.startsWith('xn--'));

/**
 * `operator-origins` parsed with the one set of origin rules (exact origins, plain `http:` to loopback only):
 * `parseOriginList` of `origins.ts` without the relay's options, which the widget never uses.
 */
export const parseOriginList = (value: string | null | undefined): { origins: string[]; invalid: string[] } =>
  originList(value, parseExactOrigin);

export type ConsentUrlCheck = { ok: true; href: string } | { ok: false; reason: string };

export interface ConsentUrlOptions {
  allowLoopbackHttp?: boolean;
  /**
   * Refuse hosts that are IP literals (loopback ones excepted where loopback `http:` is allowed: a local
   * simulator) or that have a punycode label (`xn--`, which Unicode names become): no operator's consent page
   * lives there, and such hosts help a phishing page pass for one. The relay sets it outside test mode.
   */
  strictHosts?: boolean;
}

/**
 * Decides whether the widget may navigate to a consent URL received from the relay. `allowedOrigins` are
 * origins (normally from `parseOriginList`); empty means any origin the safety rules allow. On success, `href`
 * is the normalised `new URL(raw).href`, the only value to navigate to. The relay's options: `checkConsentUrl`.
 */
export const checkWidgetConsentUrl = (raw: unknown, allowedOrigins: readonly string[]): ConsentUrlCheck =>
  check(raw, allowedOrigins, true);

/** {@link checkWidgetConsentUrl} with the relay's options ({@link ConsentUrlOptions}). */
export function checkConsentUrl(
  raw: unknown,
  allowedOrigins: readonly string[],
  options: ConsentUrlOptions = {},
): ConsentUrlCheck {
  const loopback = options.allowLoopbackHttp ?? true;
  return check(
    raw,
    allowedOrigins,
    loopback,
    options.strictHosts ? (host) => strictHostProblem(host, loopback) : undefined,
  );
}

/** Why {@link ConsentUrlOptions.strictHosts} refuses a host, or null. */
function strictHostProblem(hostname: string, loopback: boolean): string | null {
  if (isIpLiteral(hostname) && !(loopback && isLoopbackHost(hostname))) return 'the host is an IP address';
  return hasPunycodeLabel(hostname) ? 'the host has a punycode (xn--) label' : null;
}

/** The rule; `hostProblem` (the relay's strict hosts) is asked after the scheme and before the origins. */
function check(
  raw: unknown,
  allowedOrigins: readonly string[],
  loopback: boolean,
  hostProblem?: (hostname: string) => string | null,
): ConsentUrlCheck {
  const refuse = (reason: string) => ({ ok: false as const, reason });
  if (typeof raw !== 'string') return refuse('not a string');
  if (raw === '') return refuse('empty');
  if (raw.length > MAX_CONSENT_URL_LENGTH) return refuse(`longer than ${MAX_CONSENT_URL_LENGTH} characters`);
  // Refuse rather than trim: the URL parser would silently strip or reinterpret these.
  if (UNSAFE_URL_CHARS.test(raw)) return refuse('contains whitespace, control characters or a backslash');
  // Only an explicit `http(s)://`: no relative or protocol-relative URL (never resolved against the page), no
  // other scheme, no `https:host` or `https:/host` shortcuts the parser would repair.
  const match = ABSOLUTE_HTTP.exec(raw);
  if (!match) return refuse('not an absolute http(s) URL');
  // `https:///evil` would be repaired into `https://evil/`.
  if (match[2] === '') return refuse('no host');
  if (match[2]?.includes('@')) return refuse('credentials in the URL');
  const url = urlOf(raw);
  if (!url) return refuse('not a valid URL');
  // the scheme is http(s) (ABSOLUTE_HTTP), and a URL has credentials only with an `@` in its authority (refused)
  if (url.protocol !== 'https:' && !(loopback && isLoopbackHost(url.hostname)))
    return refuse(loopback ? 'plain http is only allowed to localhost' : 'not an https URL');
  const problem = hostProblem?.(url.hostname);
  if (problem) return refuse(problem);
  if (allowedOrigins.length > 0) {
    const allowed = allowedOrigins.some((origin) => parseExactOrigin(origin) === url.origin);
    if (!allowed) return refuse(`origin ${url.origin} is not in the allowed operator origins`);
  }
  return { ok: true, href: url.href };
}
