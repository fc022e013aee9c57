/**
 * OpenID Connect Discovery 1.0 for CAMARA_ISSUER: the document's rules (§3 members, §4 location, §4.3 issuer), and the
 * cache (one fetch for concurrent callers, a TTL, failures never kept), against a stand-in HTTP server and injected
 * answers.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  createDiscovery,
  discoveryUrl,
  parseOpenIdConfiguration,
  type OpenIdEndpoints,
} from '../../../../src/relay/upstreams/camara/discovery.js';
import { startStandIn } from '../stand-in.js';

const ISSUER = 'https://auth.operator.example';
/** The shape of OpenID Discovery §3 / CIBA Core §4 metadata, as the CAMARA profile's example writes it. */
const DOCUMENT = {
  issuer: ISSUER,
  authorization_endpoint: 'https://auth.operator.example/oauth2/authorize',
  token_endpoint: 'https://auth.operator.example/oauth2/token',
  backchannel_authentication_endpoint: 'https://auth.operator.example/oauth2/bc-authorize',
  jwks_uri: 'https://auth.operator.example/jwks',
  token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
  backchannel_token_delivery_modes_supported: ['poll'],
  grant_types_supported: ['authorization_code', 'urn:openid:params:grant-type:ciba'],
  'x-dpop_claims_required': ['x-camara:bh'],
};
const PARSED: OpenIdEndpoints = {
  issuer: ISSUER,
  tokenEndpoint: DOCUMENT.token_endpoint,
  authorizationEndpoint: DOCUMENT.authorization_endpoint,
  backchannelAuthenticationEndpoint: DOCUMENT.backchannel_authentication_endpoint,
  tokenEndpointAuthMethods: ['private_key_jwt', 'client_secret_basic'],
};

test('discoveryUrl: {issuer}/.well-known/openid-configuration, a terminating slash removed (§4)', () => {
  expect(discoveryUrl('https://op.example')).toBe('https://op.example/.well-known/openid-configuration');
  expect(discoveryUrl('https://op.example/')).toBe('https://op.example/.well-known/openid-configuration');
  expect(discoveryUrl('https://op.example/tenant/fr/')).toBe(
    'https://op.example/tenant/fr/.well-known/openid-configuration',
  );
});

test.describe('parseOpenIdConfiguration', () => {
  test('the endpoints; unknown members ignored', () => {
    expect(parseOpenIdConfiguration(DOCUMENT, ISSUER)).toEqual(PARSED);
  });
  test('only the token endpoint', () => {
    expect(parseOpenIdConfiguration({ issuer: ISSUER, token_endpoint: DOCUMENT.token_endpoint }, ISSUER)).toEqual({
      issuer: ISSUER,
      tokenEndpoint: DOCUMENT.token_endpoint,
    });
  });
  test('http to loopback (a local stand-in)', () => {
    const local = 'http://127.0.0.1:9000';
    expect(parseOpenIdConfiguration({ issuer: local, token_endpoint: `${local}/token` }, local)).toMatchObject({
      tokenEndpoint: `${local}/token`,
    });
  });
  const bad: Array<[string, unknown, RegExp]> = [
    ['not an object', 'html', /not a JSON object/],
    ['an array', [DOCUMENT], /not a JSON object/],
    ['no issuer', { ...DOCUMENT, issuer: undefined }, /no issuer/],
    [
      'another issuer',
      { ...DOCUMENT, issuer: 'https://evil.example' },
      /issuer "https:\/\/evil.example" is not CAMARA_ISSUER "https:\/\/auth.operator.example" exactly/,
    ],
    ['the issuer with a trailing slash', { ...DOCUMENT, issuer: `${ISSUER}/` }, /is not CAMARA_ISSUER .* exactly/],
    ['the issuer in capitals', { ...DOCUMENT, issuer: ISSUER.toUpperCase() }, /exactly/],
    ['no token endpoint', { ...DOCUMENT, token_endpoint: undefined }, /no token_endpoint/],
    [
      'a token endpoint over http',
      { ...DOCUMENT, token_endpoint: 'http://auth.operator.example/token' },
      /token_endpoint .* must use https/,
    ],
    [
      'a number as endpoint',
      { ...DOCUMENT, authorization_endpoint: 42 },
      /authorization_endpoint is a number, not a URL/,
    ],
    [
      'a relative endpoint',
      { ...DOCUMENT, backchannel_authentication_endpoint: '/bc' },
      /backchannel_authentication_endpoint "\/bc" must be an absolute URL/,
    ],
    [
      'an endpoint with credentials',
      { ...DOCUMENT, token_endpoint: 'https://u:p@auth.operator.example/t' },
      /must not contain credentials/,
    ],
    [
      'auth methods not a list',
      { ...DOCUMENT, token_endpoint_auth_methods_supported: 'private_key_jwt' },
      /not a list of strings/,
    ],
  ];
  for (const [name, body, reason] of bad) {
    test(`refused: ${name}`, () => expect(parseOpenIdConfiguration(body, ISSUER)).toMatch(reason));
  }
  test('a hostile issuer is quoted printable and short', () => {
    const r = parseOpenIdConfiguration({ ...DOCUMENT, issuer: `x\n${'y'.repeat(500)}` }, ISSUER) as string;
    expect(r).not.toContain('\n');
    expect(r.length).toBeLessThan(300);
  });
  test('property: never throws; a string or endpoints that are all https', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({ maxDepth: 2 }),
          fc.record({
            issuer: fc.constant(ISSUER),
            token_endpoint: fc.oneof(fc.webUrl(), fc.anything({ maxDepth: 0 })),
          }),
        ),
        (body) => {
          const r = parseOpenIdConfiguration(body, ISSUER);
          return typeof r === 'string' || r.tokenEndpoint.startsWith('https://');
        },
      ),
    );
  });
});

test.describe('createDiscovery', () => {
  function scripted(...answers: Array<{ status: number; body: unknown } | Error>) {
    const calls: string[] = [];
    let resolveGate: () => void = () => {};
    const gate = new Promise<void>((r) => (resolveGate = r));
    let gated = false;
    const fetchJson = async (url: string) => {
      calls.push(url);
      if (gated) await gate;
      const next = answers.shift() ?? { status: 200, body: DOCUMENT };
      if (next instanceof Error) throw next;
      return next;
    };
    return {
      calls,
      fetchJson,
      hold: () => (gated = true),
      release: () => {
        gated = false;
        resolveGate();
      },
    };
  }

  test('one fetch for concurrent callers; cached for ttlMs; read again after', async () => {
    let t = 1_000;
    const s = scripted();
    const d = createDiscovery({ issuer: ISSUER, fetchJson: s.fetchJson, now: () => t, ttlMs: 60_000 });
    s.hold();
    const all = Array.from({ length: 20 }, () => d.endpoints());
    s.release();
    for (const e of await Promise.all(all)) expect(e).toEqual(PARSED);
    expect(s.calls).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
    t += 59_999;
    await d.endpoints();
    expect(s.calls).toHaveLength(1);
    t += 1;
    await d.endpoints();
    expect(s.calls).toHaveLength(2);
  });

  test('default TTL: one hour', async () => {
    let t = 0;
    const s = scripted();
    const d = createDiscovery({ issuer: ISSUER, fetchJson: s.fetchJson, now: () => t });
    await d.endpoints();
    t = 3_599_999;
    await d.endpoints();
    expect(s.calls).toHaveLength(1);
    t = 3_600_000;
    await d.endpoints();
    expect(s.calls).toHaveLength(2);
  });

  const failures: Array<[string, { status: number; body: unknown } | Error, RegExp]> = [
    ['HTTP 500', { status: 500, body: {} }, /HTTP 500/],
    ['HTTP 404', { status: 404, body: null }, /HTTP 404/],
    ['no answer', new Error('connect ECONNREFUSED'), /no answer \(connect ECONNREFUSED\)/],
    ['another issuer', { status: 200, body: { ...DOCUMENT, issuer: 'https://other.example' } }, /is not CAMARA_ISSUER/],
    ['not JSON', { status: 200, body: 'oops' }, /not a JSON object/],
  ];
  for (const [name, answer, reason] of failures) {
    test(`a failure (${name}) is thrown with its reason, not kept: the next call asks again`, async () => {
      const s = scripted(answer);
      const d = createDiscovery({ issuer: ISSUER, fetchJson: s.fetchJson });
      const e = await d.endpoints().then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toMatch(
        /^CAMARA_ISSUER: OpenID discovery at https:\/\/auth.operator.example\/.well-known\/openid-configuration failed: /,
      );
      expect((e as Error).message).toMatch(reason);
      await expect(d.endpoints()).resolves.toEqual(PARSED);
      expect(s.calls).toHaveLength(2);
    });
  }

  test('concurrent callers share a failure, and the next call retries', async () => {
    const s = scripted({ status: 503, body: {} });
    const d = createDiscovery({ issuer: ISSUER, fetchJson: s.fetchJson });
    s.hold();
    const both = [d.endpoints(), d.endpoints()];
    s.release();
    for (const r of await Promise.allSettled(both)) expect(r.status).toBe('rejected');
    expect(s.calls).toHaveLength(1);
    await expect(d.endpoints()).resolves.toEqual(PARSED);
  });

  test('over HTTP against a stand-in issuer with a path', async () => {
    const op = await startStandIn();
    try {
      const issuer = `${op.url}/tenant/`;
      op.on('/tenant/.well-known/openid-configuration', () => ({
        json: {
          issuer,
          token_endpoint: `${op.url}/tenant/token`,
          backchannel_authentication_endpoint: `${op.url}/tenant/bc`,
        },
      }));
      const fetchJson = async (url: string) => {
        const r = await fetch(url, { headers: { accept: 'application/json' } });
        return { status: r.status, body: (await r.json()) as unknown };
      };
      const d = createDiscovery({ issuer, fetchJson });
      await expect(d.endpoints()).resolves.toEqual({
        issuer,
        tokenEndpoint: `${op.url}/tenant/token`,
        backchannelAuthenticationEndpoint: `${op.url}/tenant/bc`,
      });
      await d.endpoints();
      expect(op.to('/tenant/.well-known/openid-configuration')).toHaveLength(1);
    } finally {
      await op.close();
    }
  });
});
