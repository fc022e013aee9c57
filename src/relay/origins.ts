/**
 * Allowed origins: parsing the configured list and matching a request's `Origin` (or a `return_url`) against it.
 *
 * An entry is an exact origin as `URL.origin` prints it (`https://shop.example`, `http://localhost:5173`), or an
 * origin with `*` as port (`http://localhost:*`: that scheme and host on any port). No other wildcard: an
 * allowed origin is a decision, not a pattern.
 */

export type OriginEntry = { kind: 'exact'; origin: string } | { kind: 'any-port'; protocol: string; hostname: string };

/** Parses one entry; answers the entry or a message saying what is wrong. */
export function parseOriginEntry(raw: string): OriginEntry | string {
  const s = raw.trim().replace(/\/+$/, '');
  const wildcard = /^(https?):\/\/([^/:?#@]+|\[[0-9a-f:.]+\]):\*$/i.exec(s);
  if (wildcard) {
    try {
      const u = new URL(`${wildcard[1]}://${wildcard[2]}`);
      return { kind: 'any-port', protocol: u.protocol, hostname: u.hostname };
    } catch {
      return `"${raw}" is not an origin`;
    }
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return `"${raw}" is not an origin (expected scheme://host[:port], e.g. https://shop.example)`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `"${raw}" must use http or https`;
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    return `"${raw}" must be an origin only (scheme://host[:port]), without path, query or credentials`;
  }
  if (u.origin.toLowerCase() !== s.toLowerCase()) {
    return `"${raw}" is not written as an origin; use "${u.origin}"`;
  }
  return { kind: 'exact', origin: u.origin };
}

/** Splits a space- or comma-separated list and parses each entry. */
export function parseOriginList(value: string): { entries: OriginEntry[]; problems: string[] } {
  const entries: OriginEntry[] = [];
  const problems: string[] = [];
  for (const token of value.split(/[\s,]+/).filter(Boolean)) {
    const e = parseOriginEntry(token);
    if (typeof e === 'string') problems.push(e);
    else entries.push(e);
  }
  return { entries, problems };
}

/** Loopback on any port: the default allowance of the test mode (another origin on this machine). */
export const LOOPBACK_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'] as const;

/** A predicate over origins (`URL.origin` form) for the given entries (strings are parsed; bad ones throw). */
export function originMatcher(list: readonly (string | OriginEntry)[]): (origin: string) => boolean {
  const entries = list.map((item) => {
    if (typeof item !== 'string') return item;
    const e = parseOriginEntry(item);
    if (typeof e === 'string') throw new Error(`allowed origin ${e}`);
    return e;
  });
  const exact = new Set(entries.filter((e) => e.kind === 'exact').map((e) => e.origin));
  const ports = entries.filter((e): e is Extract<OriginEntry, { kind: 'any-port' }> => e.kind === 'any-port');
  return (origin) => {
    if (exact.has(origin)) return true;
    if (ports.length === 0) return false;
    let u: URL;
    try {
      u = new URL(origin);
    } catch {
      return false;
    }
    if (u.origin !== origin) return false;
    return ports.some((p) => p.protocol === u.protocol && p.hostname === u.hostname);
  };
}

/** The origin of an absolute URL, or null. */
export function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}
