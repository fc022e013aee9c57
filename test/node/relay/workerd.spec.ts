/**
 * Issue 19, the client's address on workerd: it comes only from the platform. `CF-Connecting-IP` is believed only
 * when `request.cf` is present (the request came through Cloudflare's edge, which sets the header); otherwise only
 * the header named by `RELAY_CLIENT_IP_HEADER`. Without either, the relay answers 503 R503 and logs
 * `client_unknown`, rather than believe a client's own header (rotating it lifted the per-client limit) or count
 * every shopper in one bucket. The worker module is driven in process with web Requests, as workerd calls it.
 */
import { expect, test } from '@playwright/test';
import { createWorker } from '../../../src/relay/workerd.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';

const PAGE = 'http://localhost:5173';
const BODY = JSON.stringify({ ...CONTRACT_MATCH_REQUEST, return_url: undefined });

function worker(bindings: Record<string, string>) {
  const logs: Record<string, unknown>[] = [];
  const w = createWorker((e) => logs.push(e));
  const call = async (headers: Record<string, string>, options: { cf?: boolean; path?: string } = {}) => {
    const request = new Request(`http://relay.example${options.path ?? '/match'}`, {
      method: options.path === '/health' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', origin: PAGE, ...headers },
      ...(options.path === '/health' ? {} : { body: BODY }),
    });
    if (options.cf) Object.defineProperty(request, 'cf', { value: { colo: 'CDG', country: 'FR' } });
    return w.fetch(request, { RELAY_MODE: 'test', ...bindings, UNRELATED: 1 });
  };
  return { call, logs };
}

async function statuses(n: number, call: (i: number) => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(i)).status);
  return out;
}

test('no request.cf and no RELAY_CLIENT_IP_HEADER: R503 and client_unknown, whatever CF-Connecting-IP says', async () => {
  const w = worker({});
  const res = await w.call({ 'cf-connecting-ip': '198.51.100.7' });
  expect(res.status).toBe(503);
  expect(((await res.json()) as { error_id: string }).error_id).toBe('R503');
  expect(w.logs.some((l) => l['event'] === 'client_unknown')).toBe(true);
  // a health check needs no client address
  expect((await w.call({}, { path: '/health' })).status).toBe(200);
});

test('through Cloudflare (request.cf): CF-Connecting-IP is the client, one bucket per address', async () => {
  const w = worker({});
  const same = await statuses(31, () => w.call({ 'cf-connecting-ip': '203.0.113.9' }, { cf: true }));
  expect(same.slice(0, 30).every((s) => s === 200)).toBe(true);
  expect(same[30]).toBe(429);
  expect((await w.call({ 'cf-connecting-ip': '203.0.113.10' }, { cf: true })).status).toBe(200);
  // request.cf present but no address: unknown, refused
  expect((await w.call({}, { cf: true })).status).toBe(503);
});

test('RELAY_CLIENT_IP_HEADER: that header only; a forged CF-Connecting-IP lifts nothing', async () => {
  const w = worker({ RELAY_CLIENT_IP_HEADER: 'X-Client-IP' });
  const rotated = await statuses(31, (i) =>
    w.call({ 'x-client-ip': '192.0.2.44', 'cf-connecting-ip': `10.1.0.${i + 1}` }),
  );
  expect(rotated[30]).toBe(429);
  expect((await w.call({ 'x-client-ip': '192.0.2.45' })).status).toBe(200);
  // missing or not an IP address: refused
  expect((await w.call({ 'cf-connecting-ip': '192.0.2.46' }, { cf: true })).status).toBe(503);
  expect((await w.call({ 'x-client-ip': 'client-7' })).status).toBe(503);
});
