/**
 * Issue 19, the Node server on a public port: one client must not fill the server's connection cap (a
 * per-address cap, `RELAY_MAX_CONNECTIONS_PER_ADDRESS`, IPv4 as is, IPv6 by /64), and headers that trickle are
 * cut at 10 s, not at Node's next check of its timeouts (every 30 s by default). Raw sockets, bounded in time.
 */
import { expect, test } from '@playwright/test';
import { connect, type Socket } from 'node:net';
import { startRelayServer, type RelayServer } from '../../../src/relay/node.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection from `localAddress`; resolves once connected, and records when the server closes it. */
function open(port: number, localAddress = '127.0.0.1'): Promise<{ socket: Socket; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let closed = false;
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve({ socket, closed: () => closed }));
    socket.on('close', () => (closed = true));
    socket.on('error', () => (closed = true));
    socket.once('error', reject);
  });
}

/** Whether the server answers a request on this connection (an open, served connection) within 1 s. */
function served(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 1000);
    socket.once('data', (d) => {
      clearTimeout(timer);
      resolve(String(d).startsWith('HTTP/1.1 200'));
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
    socket.write('GET /health HTTP/1.1\r\nHost: relay\r\n\r\n');
  });
}

test.describe('per-address connection cap', () => {
  let running: RelayServer;
  const sockets: Socket[] = [];
  test.beforeAll(async () => {
    running = await startRelayServer({
      RELAY_MODE: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      RELAY_MAX_CONNECTIONS: '10',
      RELAY_MAX_CONNECTIONS_PER_ADDRESS: '4',
    });
  });
  test.afterAll(async () => {
    for (const s of sockets) s.destroy();
    await running.close();
  });

  test('one address gets 4 connections; the 5th and later are closed; another address is still served', async () => {
    const mine = await Promise.all(Array.from({ length: 8 }, () => open(running.port)));
    sockets.push(...mine.map((c) => c.socket));
    await sleep(200);
    expect(mine.filter((c) => c.closed())).toHaveLength(4);
    const kept = mine.filter((c) => !c.closed());
    expect(await served(kept[0]!.socket)).toBe(true);
    // the server's cap (10) is not full: another client is served
    const other = await open(running.port, '127.0.0.2');
    sockets.push(other.socket);
    expect(await served(other.socket)).toBe(true);
    // a connection closed frees its place
    kept[1]!.socket.destroy();
    await sleep(100);
    const again = await open(running.port);
    sockets.push(again.socket);
    expect(await served(again.socket)).toBe(true);
  });
});

test('headers that trickle in are cut at 10 s (not ~30 s), answered 408', async () => {
  test.setTimeout(30_000);
  const running = await startRelayServer({ RELAY_MODE: 'test', PORT: '0', HOST: '127.0.0.1' });
  try {
    const started = Date.now();
    const { socket } = await open(running.port);
    let answer = '';
    socket.on('data', (d) => (answer += String(d)));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('GET /health HTTP/1.1\r\nHost: relay\r\n');
    // one header line a second, forever: only the headers timeout ends it
    const drip = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), 1000);
    const bounded = await Promise.race([ended.then(() => true), sleep(16_000).then(() => false)]);
    clearInterval(drip);
    socket.destroy();
    const took = Date.now() - started;
    expect(bounded).toBe(true);
    expect(took).toBeGreaterThanOrEqual(9_500);
    expect(took).toBeLessThan(13_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  } finally {
    await running.close();
  }
});
