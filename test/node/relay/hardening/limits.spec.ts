/**
 * Hardening (issues 11 and 19): the relay is no open matching oracle. Limits per client (IPv6 by /64, forwarded
 * addresses only from a trusted proxy and only when they are IP addresses), per (phone number, client), per
 * (phone number, order reference) and per number across everyone, and windows that
 * are never evicted; the request body has a read deadline and the Node server timeouts and a connection cap.
 * Client addresses are given the way the Node adapter gives them (`env.incoming.socket.remoteAddress`).
 */
import { expect, test } from '@playwright/test';
import { serve } from '@hono/node-server';
import { connect } from 'node:net';
import { clientKeyOf } from '../../../../src/relay/limits.js';
import { startRelayServer } from '../../../../src/relay/node.js';
import { createMemoryStore } from '../../../../src/relay/store/memory.js';
import { MATCH_BODY, RELAY_URL, harness } from '../fake-upstream.js';
import { JEAN_PIERRE_LINE } from '../../../fixtures/subscribers.js';

const BODY = JSON.stringify({ ...MATCH_BODY, return_url: undefined });

/** A relay with the default per-client limit (30 per minute) and the server's view of each caller's address. */
function limited(options: Parameters<typeof harness>[0] = {}) {
  const h = harness({ limits: { client: undefined }, ...options });
  const from = async (address: string, headers: Record<string, string> = {}, body = BODY): Promise<Response> =>
    h.relay.request(
      `${RELAY_URL}/match`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body },
      { incoming: { socket: { remoteAddress: address } } },
    );
  return { ...h, from };
}

async function statuses(n: number, call: (i: number) => Response | Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(i)).status);
  return out;
}

test('IPv6 /64 rotation: every address of one /64 is one client', async () => {
  const h = limited();
  const got = await statuses(35, (i) => h.from(`2001:db8:1:2:${(i + 1).toString(16)}::${i + 7}`));
  expect(got.filter((s) => s === 429)).toHaveLength(5);
  // another /64 is another client; IPv4-mapped IPv6 is the IPv4 address
  expect((await h.from('2001:db8:1:3::1')).status).toBe(200);
  const v4 = await statuses(31, (i) => h.from(i % 2 ? '198.51.100.7' : '::ffff:198.51.100.7'));
  expect(v4.at(-1)).toBe(429);
});

test('forged X-Forwarded-For without a trusted proxy: ignored, the socket address is the client', async () => {
  const h = limited();
  const got = await statuses(31, (i) => h.from('203.0.113.5', { 'x-forwarded-for': `10.0.${i}.1` }));
  expect(got.at(-1)).toBe(429);
});

test('behind a trusted proxy: the last hop when it is an IP address, never a string an attacker chose', async () => {
  const h = limited({ trustProxy: true });
  // the proxy appends the real client: rotating what comes before it changes nothing
  const rotated = await statuses(31, (i) => h.from('10.0.0.1', { 'x-forwarded-for': `1.2.3.${i}, 198.51.100.9` }));
  expect(rotated.at(-1)).toBe(429);
  // garbage as the last hop (a proxy that forwards the header as is): the socket address counts
  const junk = await statuses(31, (i) => h.from('10.0.0.2', { 'x-forwarded-for': `client-${i}` }));
  expect(junk.at(-1)).toBe(429);
  // two real clients behind the proxy are two clients
  expect((await h.from('10.0.0.1', { 'x-forwarded-for': '198.51.100.10' })).status).toBe(200);
});

test('client keys: one function, IPv6 grouped by /64, XFF validated', () => {
  expect(clientKeyOf('2001:db8:a:b:c:d:e:f', undefined, false)).toBe('ip6:2001:db8:a:b::/64');
  expect(clientKeyOf('2001:db8:a:b::1', '9.9.9.9', false)).toBe('ip6:2001:db8:a:b::/64');
  expect(clientKeyOf('127.0.0.1', '203.0.113.1', true)).toBe('ip4:203.0.113.1');
  expect(clientKeyOf('127.0.0.1', '203.0.113.1, <script>', true)).toBe('ip4:127.0.0.1');
  expect(clientKeyOf('127.0.0.1', '999.1.1.1', true)).toBe('ip4:127.0.0.1');
  expect(clientKeyOf(undefined, undefined, false)).toBe('unknown');
});

/** The number's limits as a real upstream has them by default (5 per client, 5 per order, 30 in all, per hour). */
const PHONE_DEFAULTS = {
  client: false,
  phoneClient: undefined,
  phoneReference: undefined,
  phoneCap: undefined,
} as const;
const fromAddress = (h: ReturnType<typeof harness>, address: string, body = BODY) =>
  h.relay.request(
    `${RELAY_URL}/match`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body },
    { incoming: { socket: { remoteAddress: address } } },
  );

test('per (number, client): 5 checks per hour by default; another number is not limited by it', async () => {
  const h = harness({ limits: PHONE_DEFAULTS });
  const got = await statuses(7, () => fromAddress(h, '198.51.100.1'));
  expect(got).toEqual([200, 200, 200, 200, 200, 429, 429]);
  const other = JSON.stringify({ ...MATCH_BODY, phone: JEAN_PIERRE_LINE.phone, return_url: undefined });
  expect((await fromAddress(h, '198.51.100.1', other)).status).toBe(200);
});

test("a stranger cannot lock the line's owner out: their checks count against their own bucket", async () => {
  const h = harness({ limits: PHONE_DEFAULTS });
  const stranger = await statuses(12, () => fromAddress(h, '203.0.113.66'));
  expect(stranger.filter((s) => s === 429)).toHaveLength(7);
  // the owner, from their own phone, is still served: without the (number, client) bucket the 10 checks of the
  // stranger would have used up a per-number limit of 10
  expect((await fromAddress(h, '198.51.100.7')).status).toBe(200);
  expect(h.upstream.count('IDMOBILE')).toBe(6);
});

test('per number across everyone: 30 per hour by default, whatever the clients (then R429 + retry_after)', async () => {
  const h = harness({ limits: PHONE_DEFAULTS });
  const got = await statuses(32, (i) => fromAddress(h, `198.51.100.${i}`));
  expect(got.slice(0, 30).every((s) => s === 200)).toBe(true);
  expect(got.slice(30)).toEqual([429, 429]);
  const res = await fromAddress(h, '198.51.100.200');
  expect(res.status).toBe(429);
  const body = (await res.json()) as { error_id: string; retry_after: number };
  expect(body.error_id).toBe('R429');
  expect(body.retry_after).toBeGreaterThan(0);
  expect(Number(res.headers.get('retry-after'))).toBe(body.retry_after);
});

test('per (number, order reference): 5 per hour, whatever the clients the order is checked from', async () => {
  const h = harness({ limits: PHONE_DEFAULTS, requireSession: true, apiKey: 'k'.repeat(40) });
  const created = await h.relay.request(`${RELAY_URL}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${'k'.repeat(40)}` },
    body: JSON.stringify({ reference: 'order-42', max_checks: 20 }),
  });
  const { session } = (await created.json()) as { session: string };
  const body = JSON.stringify({ ...MATCH_BODY, return_url: undefined, session });
  const got = await statuses(6, (i) => fromAddress(h, `198.51.100.${i}`, body));
  expect(got).toEqual([200, 200, 200, 200, 200, 429]);
});

test('limits are configurable and each answers 429 R429 with Retry-After', async () => {
  const h = harness({ limits: { client: false, phoneCap: { max: 2, windowMs: 60_000 } } });
  await h.match();
  await h.match();
  const res = await h.match();
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await res.json()) as { error_id: string }).error_id).toBe('R429');
});

test('live windows are never evicted to make room: 20 000 other clients do not reset a limited one', async () => {
  const store = createMemoryStore();
  const h = limited({ store, limits: { client: { max: 3, windowMs: 60_000 }, phoneCap: false } });
  expect(await statuses(4, () => h.from('192.0.2.1'))).toEqual([200, 200, 200, 429]);
  for (let i = 0; i < 20_000; i++)
    await store.increment(`limit:client:ip4:10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 60_000);
  expect((await h.from('192.0.2.1')).status).toBe(429);
});

test.describe('slow bodies and slow clients', () => {
  test('a body that trickles: R400 at the read deadline, not a held request', async () => {
    const h = harness({ bodyTimeoutMs: 300 });
    const server = await new Promise<{ port: number; close: () => void }>((resolve) => {
      const s = serve({ fetch: h.relay.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ port: info.port, close: () => s.close() }),
      );
    });
    try {
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1', () => {
          socket.write(
            'POST /match HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"scope":',
          );
        });
        let data = '';
        socket.on('data', (d) => {
          data += String(d);
          if (data.includes('\r\n\r\n') && data.includes('}')) {
            socket.destroy();
            resolve(data);
          }
        });
        socket.on('error', reject);
        setTimeout(() => reject(new Error('no answer within 3 s')), 3000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
      expect(answer).toContain('"error_id":"R400"');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(h.upstream.count('IDMOBILE')).toBe(0);
    } finally {
      server.close();
    }
  });

  test('the Node entry sets header and request timeouts, keep-alive and a connection cap, and listens on HOST', async () => {
    const running = await startRelayServer({ PORT: '0', HOST: '127.0.0.1', RELAY_MAX_CONNECTIONS: '50' });
    try {
      const http = running.server as import('node:http').Server;
      expect(http.headersTimeout).toBe(10_000);
      expect(http.requestTimeout).toBe(30_000);
      expect(http.keepAliveTimeout).toBe(5_000);
      expect(http.maxConnections).toBe(50);
      expect((http.address() as { address: string }).address).toBe('127.0.0.1');
      const health = await fetch(`http://127.0.0.1:${running.port}/health`);
      expect(await health.json()).toEqual({ status: 'ok', mode: 'test' });
    } finally {
      await running.close();
    }
  });
});
