import { expect, test } from '@playwright/test';
import { MATCH_BODY, RELAY_URL, harness } from './fake-upstream.js';

const json = (r: Response) => r.json() as Promise<Record<string, unknown>>;

test.describe('content type (415)', () => {
  const types: Array<[string, string | undefined]> = [
    ['text/plain', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['missing', undefined],
    ['json look-alike', 'application/jsonp'],
  ];
  for (const [name, type] of types) {
    test(`${name}: R415, upstream untouched`, async () => {
      const h = harness();
      const headers = new Headers({ origin: 'https://shop.example' });
      if (type) headers.set('content-type', type);
      const res = await h.relay.request(`${RELAY_URL}/match`, {
        method: 'POST',
        headers,
        body: JSON.stringify(MATCH_BODY),
      });
      expect(res.status).toBe(415);
      expect(await json(res)).toEqual({ status: 'error', error_id: 'R415', error_type: 'request body must be JSON' });
      expect(h.upstream.calls).toHaveLength(0);
    });
  }

  test('application/json with a charset is accepted', async () => {
    const h = harness();
    const res = await h.match(MATCH_BODY, { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(200);
  });
});

test.describe('body size (413)', () => {
  test('declared too large', async () => {
    const h = harness({ maxBodyBytes: 2048 });
    const res = await h.match({ ...MATCH_BODY, pad: 'x'.repeat(3000) });
    expect(res.status).toBe(413);
    expect((await json(res))['error_id']).toBe('R413');
    expect(h.upstream.calls).toHaveLength(0);
  });

  test('streamed without a length, cut at the limit', async () => {
    const h = harness({ maxBodyBytes: 2048 });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 100_000) {
          controller.close();
          return;
        }
        sent += 1024;
        controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
      },
    });
    const res = await h.relay.request(`${RELAY_URL}/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(10_000);
  });

  test('the default limit accepts a real request', async () => {
    const h = harness();
    expect((await h.match()).status).toBe(200);
  });
});

test.describe('invalid bodies (400, naming the field)', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{"scope":', /^invalid request body: body is not valid JSON$/],
    ['empty', '', /body is not valid JSON/],
    ['an array', [MATCH_BODY], /^invalid request body: /],
    ['wrong scope', { ...MATCH_BODY, scope: 'matching_otp' }, /^invalid request body: scope: /],
    ['national phone', { ...MATCH_BODY, phone: '0612345678' }, /^invalid request body: phone: /],
    ['gender X', { ...MATCH_BODY, identity: { gender: 'X' } }, /: identity\.gender: /],
    ['bad date', { ...MATCH_BODY, identity: { birthdate: '1990-13-01' } }, /: identity\.birthdate: /],
    [
      'lowercase country',
      { ...MATCH_BODY, identity: { address: { country: 'fr' } } },
      /: identity\.address\.country: /,
    ],
    ['name too long', { ...MATCH_BODY, identity: { family_name: 'x'.repeat(500) } }, /: identity\.family_name: /],
    ['javascript return_url', { ...MATCH_BODY, return_url: 'javascript:alert(1)' }, /: return_url: /],
    ['no identity', { scope: 'matching_notp', phone: MATCH_BODY.phone, v: 3 }, /: identity: /],
    ['a version other than 3', { ...MATCH_BODY, v: 2 }, /: v: /],
  ];
  for (const [name, body, message] of cases) {
    test(`/match ${name}`, async () => {
      const h = harness();
      const res = await h.match(body);
      expect(res.status).toBe(400);
      const b = await json(res);
      expect(b['error_id']).toBe('R400');
      expect(b['error_type']).toMatch(message);
      expect(h.upstream.calls).toHaveLength(0);
    });
  }

  test('a body without the v3 widget\'s "v":3 (a v2 widget) is R502, logged widget_v2, upstream untouched', async () => {
    const h = harness();
    const v2Body: Record<string, unknown> = { ...MATCH_BODY };
    delete v2Body['v'];
    const res = await h.match(v2Body);
    expect(res.status).toBe(502);
    expect(await json(res)).toMatchObject({ status: 'error', error_id: 'R502' });
    expect(h.logs.some((l) => l['event'] === 'widget_v2')).toBe(true);
    expect(h.upstream.calls).toHaveLength(0);
    // the same body with "v":3 is served
    expect((await h.match({ ...v2Body, v: 3 })).status).toBe(200);
  });

  test('invalid UTF-8 is refused', async () => {
    const h = harness();
    const res = await h.relay.request(`${RELAY_URL}/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(res.status).toBe(400);
  });

  for (const [name, token] of [
    ['empty', ''],
    ['spaces', 'a b'],
    ['too long', 'x'.repeat(2049)],
    ['object', { a: 1 }],
  ] as const) {
    test(`/result token ${name}`, async () => {
      const h = harness();
      const res = await h.result(token as string);
      expect(res.status).toBe(400);
      expect((await json(res))['error_type']).toMatch(/^invalid request body: token: /);
      expect(h.upstream.calls).toHaveLength(0);
    });
  }
});

test.describe('origins and CORS (403)', () => {
  test('allowed origin: CORS header echoes it', async () => {
    const h = harness();
    const res = await h.match();
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  for (const origin of [
    'https://evil.example',
    'https://shop.example.evil.example',
    'http://shop.example',
    'https://shop.example:8443',
    'null',
  ]) {
    test(`disallowed origin ${origin}: R403 without CORS, upstream untouched`, async () => {
      const h = harness();
      const res = await h.match(MATCH_BODY, { origin });
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({ status: 'error', error_id: 'R403', error_type: 'origin not allowed' });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(h.upstream.calls).toHaveLength(0);
    });
  }

  test('no Origin (server-to-server) is allowed, without CORS headers', async () => {
    const h = harness();
    const res = await h.relay.request(`${RELAY_URL}/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(MATCH_BODY),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test("the relay's own origin (Host, request target) is trusted only when configured", async () => {
    const h = harness({ allowedOrigins: [] });
    const res = await h.match(
      { ...MATCH_BODY, return_url: `${RELAY_URL}/checkout?idmobile_return=1` },
      { origin: RELAY_URL },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const listed = harness({ allowedOrigins: [RELAY_URL] });
    const ok = await listed.match(
      { ...MATCH_BODY, return_url: `${RELAY_URL}/checkout?idmobile_return=1` },
      { origin: RELAY_URL },
    );
    expect(ok.status).toBe(200);
  });

  test('port wildcard entries', async () => {
    const h = harness({ allowedOrigins: ['http://localhost:*'] });
    expect((await h.match({ ...MATCH_BODY, return_url: undefined }, { origin: 'http://localhost:5173' })).status).toBe(
      200,
    );
    expect(
      (await h.match({ ...MATCH_BODY, return_url: undefined }, { origin: 'http://localhost.evil.example:5173' }))
        .status,
    ).toBe(403);
    expect((await h.match({ ...MATCH_BODY, return_url: undefined }, { origin: 'https://localhost:5173' })).status).toBe(
      403,
    );
  });

  test('preflight for an allowed origin', async () => {
    const h = harness();
    const res = await h.relay.request(`${RELAY_URL}/match`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('preflight for a disallowed origin: 403, no CORS headers', async () => {
    const h = harness();
    const res = await h.relay.request(`${RELAY_URL}/match`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  const returnUrls: Array<[string, string, number]> = [
    ['allowed origin', 'https://shop.example/checkout?idmobile_return=1', 200],
    ["the relay's own origin (not configured)", `${RELAY_URL}/back`, 403],
    ['another origin', 'https://evil.example/steal?idmobile_return=1', 403],
    ['allowed host, other scheme', 'http://shop.example/checkout', 403],
  ];
  for (const [name, url, status] of returnUrls) {
    test(`return_url on ${name}: ${status}`, async () => {
      const h = harness();
      const res = await h.match({ ...MATCH_BODY, return_url: url });
      expect(res.status).toBe(status);
      if (status === 403) {
        expect(await json(res)).toEqual({
          status: 'error',
          error_id: 'R403',
          error_type: 'origin not allowed: return_url origin not allowed',
        });
        expect(h.upstream.calls).toHaveLength(0);
      }
    });
  }
});

test.describe('rate limit (429)', () => {
  test('per client, with Retry-After, and the window resets', async () => {
    let clock = 5_000_000;
    const h = harness({
      limits: { client: { windowMs: 10_000, max: 3 }, phoneCap: false },
      now: () => clock,
      clientKey: (c) => c.req.header('x-client') ?? 'none',
    });
    const a = () => h.match(MATCH_BODY, { 'x-client': 'a' });
    expect((await a()).status).toBe(200);
    expect((await a()).status).toBe(200);
    expect((await a()).status).toBe(200);
    const limited = await a();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(await json(limited)).toEqual({
      status: 'error',
      error_id: 'R429',
      error_type: 'too many requests',
      retry_after: retryAfter,
    });
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(h.upstream.count('IDMOBILE')).toBe(3);
    expect((await h.match(MATCH_BODY, { 'x-client': 'b' })).status).toBe(200);
    expect((await h.result('s', { 'x-client': 'a' })).status).toBe(429);
    clock += 10_000;
    expect((await a()).status).toBe(200);
  });

  test('on by default', async () => {
    // the per-client limit left to its default (the harness turns every limit off unless given)
    const h = harness({ limits: { client: undefined } });
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await h.match()).status);
    expect(statuses.filter((s) => s === 429).length).toBe(5);
  });

  test('/health is not rate limited', async () => {
    const h = harness({ limits: { client: { windowMs: 60_000, max: 1 }, phoneCap: false } });
    for (let i = 0; i < 5; i++) expect((await h.relay.request(`${RELAY_URL}/health`)).status).toBe(200);
  });
});

test.describe('routes and headers', () => {
  test('/health', async () => {
    const h = harness();
    const res = await h.relay.request(`${RELAY_URL}/health`);
    expect(await json(res)).toEqual({ status: 'ok', mode: 'dqe' });
  });

  test('security headers on every answer', async () => {
    const h = harness();
    for (const res of [
      await h.match(),
      await h.match('{'),
      await h.relay.request(`${RELAY_URL}/health`),
      await h.relay.request(`${RELAY_URL}/nope`),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-type')).toContain('application/json');
    }
  });

  test('HSTS over https only', async () => {
    const h = harness();
    expect((await h.relay.request('https://relay.test/health')).headers.get('strict-transport-security')).toContain(
      'max-age=',
    );
    expect((await h.relay.request(`${RELAY_URL}/health`)).headers.get('strict-transport-security')).toBeNull();
  });

  test('wrong method and unknown path', async () => {
    const h = harness();
    const get = await h.relay.request(`${RELAY_URL}/match`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toContain('POST');
    expect((await h.relay.request(`${RELAY_URL}/admin`)).status).toBe(404);
  });

  test('mountable under a prefix', async () => {
    const { Hono } = await import('hono');
    const h = harness();
    const host = new Hono().route('/api/idmobile', h.relay);
    expect(await (await host.request('http://relay.test/api/idmobile/health')).json()).toEqual({
      status: 'ok',
      mode: 'dqe',
    });
    const res = await host.request('http://relay.test/api/idmobile/match', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify({ ...MATCH_BODY, return_url: 'https://shop.example/checkout' }),
    });
    expect(res.status).toBe(200);
  });
});
