/**
 * Issue 19: a body that stalls past the read deadline after a complete JSON object is refused (R400), even
 * though the bytes that came parse. Before the fix, the deadline cancelled the reader and the pending read
 * settled as "done" first: the relay parsed the partial body and served it after the deadline.
 */
import { expect, test } from '@playwright/test';
import { serve } from '@hono/node-server';
import { connect } from 'node:net';
import { MATCH_BODY, harness } from '../fake-upstream.js';

test('a complete JSON object, then a stall (Content-Length not reached): R400 at the deadline, upstream not asked', async () => {
  const h = harness({ bodyTimeoutMs: 300 });
  const server = await new Promise<{ port: number; close: () => void }>((resolve) => {
    const s = serve({ fetch: h.relay.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ port: info.port, close: () => s.close() }),
    );
  });
  const json = JSON.stringify({ ...MATCH_BODY, return_url: undefined });
  try {
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        // the whole object, but Content-Length promises more: the sender stalls
        socket.write(
          `POST /match HTTP/1.1\r\nHost: relay\r\nOrigin: https://shop.example\r\nContent-Type: application/json\r\nContent-Length: ${json.length + 50}\r\n\r\n${json}`,
        );
      });
      let data = '';
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('no answer within 3 s'));
      }, 3000);
      socket.on('data', (d) => {
        data += String(d);
        if (data.includes('\r\n\r\n') && data.trimEnd().endsWith('}')) {
          clearTimeout(timer);
          socket.destroy();
          resolve(data);
        }
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"error_id":"R400"');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(h.upstream.count('IDMOBILE')).toBe(0);
    expect(h.logs.some((l) => l['event'] === 'body_timeout')).toBe(true);
  } finally {
    server.close();
  }
});
