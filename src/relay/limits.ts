/**
 * The relay's limits, all counted in the store (store/types.ts) and all answering 429 `R429`:
 * - per client: its IP address, IPv6 grouped by /64 (one subscriber's whole prefix is one client); behind a
 *   reverse proxy (`RELAY_TRUST_PROXY=1`) the last `X-Forwarded-For` hop, and only when it parses as an IP;
 * - per (phone number, client) and per (phone number, order reference) (default 5 checks per hour each), and
 *   per number across everyone (default 30 per hour), keyed by HMACs, never the number;
 * - per order reference: its sessions' `max_checks` (counted by the app, failing closed: it is a grant).
 * A store failure lets the request through (fail open) and is logged: limits protect the upstream's budget,
 * they must not take the checkout down with the store. A grant (`max_checks`) fails closed instead
 * ({@link HitOptions}).
 */
import type { Logger } from './log.js';
import type { RelayStore } from './store/types.js';

export interface Limit {
  max: number;
  windowMs: number;
}

export const HOUR_MS = 3_600_000;

export const DEFAULT_CLIENT_LIMIT: Readonly<Limit> = Object.freeze({ max: 30, windowMs: 60_000 });

/**
 * The per-phone limits outside test mode, checks per hour: per (phone, client) and per (phone, order reference),
 * so that a stranger cannot lock a line's owner out, and a higher cap per phone across everyone.
 */
export const DEFAULT_PHONE_LIMITS = Object.freeze({ client: 5, reference: 5, cap: 30 });
const perHour = (max: number): Readonly<Limit> => Object.freeze({ max, windowMs: HOUR_MS });
export const DEFAULT_PHONE_CLIENT_LIMIT = perHour(DEFAULT_PHONE_LIMITS.client);
export const DEFAULT_PHONE_REFERENCE_LIMIT = perHour(DEFAULT_PHONE_LIMITS.reference);
export const DEFAULT_PHONE_CAP = perHour(DEFAULT_PHONE_LIMITS.cap);

type Quad = [number, number, number, number];
export type Ip = { v: 4; bytes: Quad } | { v: 6; groups: number[] };

function parseIpv4(s: string): Quad | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const bytes: Quad = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  const canonical = bytes.every((b, i) => b <= 255 && String(b) === m[i + 1]);
  return canonical ? bytes : null;
}

function readGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups = text.split(':');
  return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? groups.map((g) => parseInt(g, 16)) : null;
}

function parseIpv6(s: string): number[] | null {
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const wanted = 8 - tail.length;
  const [first = '', second, ...more] = text.split('::');
  if (more.length > 0) return null;
  const head = readGroups(first);
  if (second === undefined) return head?.length === wanted ? [...head, ...tail] : null;
  const rest = readGroups(second);
  if (!head || !rest || head.length + rest.length >= wanted) return null;
  return [...head, ...new Array<number>(wanted - head.length - rest.length).fill(0), ...rest, ...tail];
}

/** Parses an IPv4 or IPv6 address (brackets and an IPv6 zone tolerated); IPv4-mapped IPv6 reads as IPv4. */
export function parseIp(raw: string): Ip | null {
  let s = raw.trim();
  if (s.length === 0 || s.length > 64) return null;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const v4 = parseIpv4(s);
  if (v4) return { v: 4, bytes: v4 };
  if (!s.includes(':')) return null;
  const groups = parseIpv6(s.replace(/%[\w.-]{1,32}$/, ''));
  if (!groups) return null;
  const [a, b, c, d, e, f, g = 0, h = 0] = groups;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff) {
    return { v: 4, bytes: [g >> 8, g & 255, h >> 8, h & 255] };
  }
  return { v: 6, groups };
}

/** The limit key of an address: IPv4 as is, IPv6 by its /64 prefix; null when it is not an IP address. */
export function addressKey(raw: string | undefined): string | null {
  const ip = raw === undefined ? null : parseIp(raw);
  if (!ip) return null;
  if (ip.v === 4) return `ip4:${ip.bytes.join('.')}`;
  return `ip6:${ip.groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * Who the client is, for the per-client limit: the last `X-Forwarded-For` hop when the proxy is trusted and that
 * hop is an IP address, else the socket's address; `unknown` (one shared bucket) when neither is usable.
 */
export function clientKeyOf(remoteAddress: string | undefined, forwardedFor: string | undefined, trustProxy: boolean) {
  if (trustProxy && forwardedFor !== undefined) {
    const hops = forwardedFor.split(',');
    const last = addressKey(hops[hops.length - 1]);
    if (last) return last;
  }
  return addressKey(remoteAddress) ?? 'unknown';
}

export interface LimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Set when the store could not count and the limit failed closed (answer 503 `R503`, not 429). */
  unavailable?: true;
}

export interface HitOptions {
  /**
   * Refuse when the store fails, instead of letting the request through: for a grant (a session's
   * `max_checks`), not a rate. The decision then says `unavailable`.
   */
  failClosed?: boolean;
}

/**
 * Counts one hit of `key` against `limit`. When the store fails: allowed (fail open, logged), or with
 * `failClosed` refused with `unavailable: true` (logged).
 */
export async function hitLimit(
  store: RelayStore,
  key: string,
  limit: Limit,
  log: Logger,
  options: HitOptions = {},
): Promise<LimitDecision> {
  try {
    const hit = await store.increment(key, limit.windowMs);
    return { allowed: hit.count <= limit.max, retryAfterSeconds: Math.max(1, Math.ceil(hit.resetInMs / 1000)) };
  } catch (e) {
    const failClosed = options.failClosed === true;
    log.error('store_unavailable', {
      operation: 'limit',
      kind: key.split(':', 2).join(':'),
      fails: failClosed ? 'closed' : 'open',
      error: e,
    });
    return failClosed
      ? { allowed: false, retryAfterSeconds: 0, unavailable: true }
      : { allowed: true, retryAfterSeconds: 0 };
  }
}

/**
 * The client's address on an edge runtime (workerd), where no socket address reaches the app: the header named by
 * `RELAY_CLIENT_IP_HEADER` when one is configured (the platform in front sets it); else `CF-Connecting-IP`, and
 * only when `request.cf` is present (the request came through Cloudflare's edge, which sets that header and
 * overwrites any the client sent). Null when neither holds an IP address: the relay cannot tell this client from
 * any other and must refuse rather than count everyone in one bucket.
 */
export function edgeClientAddress(request: Request, clientIpHeader: string | null): string | null {
  const fromCloudflare = (request as Request & { cf?: unknown }).cf !== undefined;
  const header = clientIpHeader ?? (fromCloudflare ? 'cf-connecting-ip' : null);
  const raw = header === null ? null : request.headers.get(header);
  return raw !== null && parseIp(raw) !== null ? raw.trim() : null;
}
