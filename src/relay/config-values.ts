/**
 * The values of the relay's configuration that need more than a schema: the store's URL, the relay's public URL,
 * loopback URLs, and what of a real deployment an environment configures. Pure; used by config.ts.
 */
import { isLoopbackHost } from '../protocol/origins.js';

export type StoreConfig = { kind: 'memory' } | { kind: 'redis'; url: string; prefix: string };

export const DEFAULT_STORE_PREFIX = 'idmobile:';

/**
 * Checks `RELAY_STORE_URL`: `memory:` or a Redis URL. Answers the problem (never echoing the value: it may hold a
 * password), a warning, or the store.
 */
export function parseStoreUrl(
  raw: string | undefined,
  prefix = DEFAULT_STORE_PREFIX,
): { store: StoreConfig; warning?: string } | { problem: string } {
  if (raw === undefined || raw === 'memory:') return { store: { kind: 'memory' } };
  const expected =
    'must be memory: or a Redis URL such as redis://localhost:6379 (rediss:// for TLS; redis://:password@host:6379/0)';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { problem: expected };
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') return { problem: expected };
  if (u.hostname === '') return { problem: `has no host: ${expected}` };
  if (u.search || u.hash) return { problem: 'must not have a query or a fragment (write the database as /0)' };
  if (!/^\/?(\d{1,2})?$/.test(u.pathname)) return { problem: 'the path must be a database number, e.g. /0' };
  const warning =
    u.protocol === 'redis:' && !isLoopbackHost(u.hostname)
      ? 'RELAY_STORE_URL: plain redis:// to a remote host: the upstream token and the counters travel unencrypted; use rediss:// or a private network'
      : undefined;
  return { store: { kind: 'redis', url: raw, prefix }, ...(warning ? { warning } : {}) };
}

/**
 * Checks `RELAY_PUBLIC_URL`: an absolute http(s) URL, without credentials, query or fragment. Answers it without
 * a trailing slash, or the problem.
 */
export function parsePublicUrl(raw: string): { url: string; origin: string } | { problem: string } {
  const expected = 'must be an absolute http(s) URL without a query or fragment, e.g. https://relay.shop.example';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { problem: expected };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { problem: expected };
  if (u.username !== '' || u.password !== '') return { problem: 'must not contain credentials' };
  if (u.search !== '' || u.hash !== '' || raw.includes('?') || raw.includes('#')) return { problem: expected };
  return { url: u.href.replace(/\/+$/, ''), origin: u.origin };
}

/**
 * What of a real deployment an environment configures (for refusing the implicit fallback to test mode): the
 * variables named, in order. An allowed origin counts unless its host is loopback.
 */
export function deploymentSettings(env: {
  ATTESTATION_SECRET?: string | undefined;
  RELAY_API_KEY?: string | undefined;
  RELAY_STORE_URL?: string | undefined;
  allowedOrigins: readonly string[];
}): string[] {
  const found: string[] = [];
  if (env.ATTESTATION_SECRET) found.push('ATTESTATION_SECRET');
  if (env.RELAY_API_KEY) found.push('RELAY_API_KEY');
  if (env.RELAY_STORE_URL && env.RELAY_STORE_URL !== 'memory:') found.push('RELAY_STORE_URL');
  const remote = env.allowedOrigins.filter((o) => !isLoopbackUrl(o.replace(/:\*$/, '')));
  if (remote.length > 0) found.push(`RELAY_ALLOWED_ORIGINS (${remote.join(' ')})`);
  return found;
}

/** Whether an upstream URL is on loopback (a local simulator): then its plain-http consent URLs are accepted. */
export function isLoopbackUrl(raw: string): boolean {
  try {
    return isLoopbackHost(new URL(raw).hostname);
  } catch {
    return false;
  }
}
