/**
 * Consent redirect safety (widget contract, "Consent safety"): the widget navigates only to an absolute `https:`
 * URL (plain `http:` only to `localhost`, `127.0.0.1` or `[::1]`, for the test mode), without credentials, and
 * within `operator-origins` when that attribute is set. Pure, never throws.
 */

/** Longest consent URL accepted (same limit as the wire schemas' `LIMITS.url`). */
export const MAX_CONSENT_URL_LENGTH = 2048;

/** Hosts to which plain `http:` is allowed (as `URL.hostname` prints them). */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Whitespace, C0/C1 controls, DEL, and invisible formatting characters (bidi overrides, zero-width). */
const FORBIDDEN_CHARS =
  /[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\\]/u;

/** `scheme://authority…`: the authority ends at the first `/`, `?` or `#`. */
const ABSOLUTE_HTTP = /^(https?):\/\/([^/?#]*)/i;

function isSafeUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOCAL_HOSTS.includes(url.hostname);
}

/**
 * Parses the `operator-origins` attribute: space-separated (or comma-separated) origins, each exactly `scheme://host[:port]` (no path,
 * not even `/`, no credentials, query or fragment). Valid entries are normalised as `URL.origin` prints them
 * (lower case, punycode, default port dropped) and deduplicated; the rest is reported in `invalid`, as are
 * `http:` origins other than the local test-mode hosts (the safety rules would refuse them anyway).
 */
export function parseOriginList(value: string | null | undefined): { origins: string[]; invalid: string[] } {
  const origins: string[] = [];
  const invalid: string[] = [];
  if (typeof value !== 'string') return { origins, invalid };
  // Commas are tolerated as separators (as in `fields`), they never appear in a real host name.
  for (const token of value.split(/[\s,]+/).filter(Boolean)) {
    const origin = parseOrigin(token);
    if (origin === null) invalid.push(token);
    else if (!origins.includes(origin)) origins.push(origin);
  }
  return { origins, invalid };
}

function parseOrigin(token: string): string | null {
  if (token.length > MAX_CONSENT_URL_LENGTH || FORBIDDEN_CHARS.test(token)) return null;
  const match = ABSOLUTE_HTTP.exec(token);
  // Nothing after the authority, and no credentials in it.
  if (!match || match[0].length !== token.length || match[2] === '' || match[2]!.includes('@')) return null;
  let url: URL;
  try {
    url = new URL(token);
  } catch {
    return null;
  }
  return isSafeUrl(url) ? url.origin : null;
}

/**
 * Decides whether the widget may navigate to a consent URL received from the relay. `allowedOrigins` are
 * origins (normally from `parseOriginList`); empty means any origin the safety rules allow. On success, `href`
 * is the normalised `new URL(raw).href`, the only value to navigate to.
 */
export function checkConsentUrl(
  raw: unknown,
  allowedOrigins: readonly string[],
): { ok: true; href: string } | { ok: false; reason: string } {
  const refuse = (reason: string) => ({ ok: false as const, reason });
  if (typeof raw !== 'string') return refuse('not a string');
  if (raw === '') return refuse('empty');
  if (raw.length > MAX_CONSENT_URL_LENGTH) return refuse(`longer than ${MAX_CONSENT_URL_LENGTH} characters`);
  // Refuse rather than trim: the URL parser would silently strip or reinterpret these.
  if (FORBIDDEN_CHARS.test(raw)) return refuse('contains whitespace, control characters or a backslash');
  // Only an explicit `http(s)://`: no relative or protocol-relative URL (never resolved against the page), no
  // other scheme, no `https:host` or `https:/host` shortcuts the parser would repair.
  const match = ABSOLUTE_HTTP.exec(raw);
  if (!match) return refuse('not an absolute http(s) URL');
  // `https:///evil` would be repaired into `https://evil/`.
  if (match[2] === '') return refuse('no host');
  if (match[2]!.includes('@')) return refuse('credentials in the URL');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('not a valid URL');
  }
  if (url.username !== '' || url.password !== '') return refuse('credentials in the URL');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('not an absolute http(s) URL');
  if (!isSafeUrl(url)) return refuse('plain http is only allowed to localhost');
  if (allowedOrigins.length > 0) {
    const allowed = allowedOrigins.some((origin) => parseOrigin(origin) === url.origin);
    if (!allowed) return refuse(`origin ${url.origin} is not in operator-origins`);
  }
  return { ok: true, href: url.href };
}
