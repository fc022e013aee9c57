/**
 * Issue 19, consent URLs outside test mode: hosts that are IP literals (loopback excepted where loopback `http:`
 * is allowed: a local simulator) or carry punycode labels (`xn--`) are refused, and the first consent URL of
 * every new origin is logged, by origin only (its query carries `login_hint=tel:…`). Table-driven over the rule,
 * then over HTTP with a fake upstream answering such consent URLs.
 */
import { expect, test } from '@playwright/test';
import { serve } from '@hono/node-server';
import { checkConsentUrl } from '../../../src/protocol/consent-url.js';
import { createLogger } from '../../../src/relay/log.js';
import { checkRelayConsentUrl } from '../../../src/relay/origins.js';
import { MATCH_BODY, harness } from './fake-upstream.js';

const cases: Array<[string, string, { strict: boolean; loopback: boolean }, boolean]> = [
  ['an operator host', 'https://consent.operator.example/a?b=1', { strict: true, loopback: false }, true],
  ['an IPv4 literal', 'https://192.0.2.1/consent', { strict: true, loopback: false }, false],
  ['an IPv4 literal written in hex', 'https://0xC0.0.2.1/consent', { strict: true, loopback: false }, false],
  ['a decimal IPv4 literal', 'https://3221225985/consent', { strict: true, loopback: false }, false],
  ['an IPv6 literal', 'https://[2001:db8::1]/consent', { strict: true, loopback: false }, false],
  ['a punycode host', 'https://xn--80ak6aa92e.com/', { strict: true, loopback: false }, false],
  ['a punycode subdomain', 'https://xn--e1afmkfd.operator.example/', { strict: true, loopback: false }, false],
  ['a Unicode host (becomes punycode)', 'https://аррӏе.com/', { strict: true, loopback: false }, false],
  ['loopback IP, local simulator', 'http://127.0.0.1:8788/consent', { strict: true, loopback: true }, true],
  ['loopback IPv6, local simulator', 'https://[::1]:8788/consent', { strict: true, loopback: true }, true],
  ['loopback IP on a real upstream', 'https://127.0.0.1/consent', { strict: true, loopback: false }, false],
  ['an IP literal in test mode', 'https://192.0.2.1/consent', { strict: false, loopback: true }, true],
  ['a punycode host in test mode', 'https://xn--80ak6aa92e.com/', { strict: false, loopback: true }, true],
  ['a label merely containing xn--', 'https://abcxn--d.operator.example/', { strict: true, loopback: false }, true],
];

for (const [name, url, o, ok] of cases) {
  test(`${name}: ${ok ? 'passes' : 'refused'}`, () => {
    const got = checkConsentUrl(url, [], { allowLoopbackHttp: o.loopback, strictHosts: o.strict });
    expect(got.ok, JSON.stringify(got)).toBe(ok);
  });
}

test('the first consent URL of each new origin is logged, by origin only; later ones are not', () => {
  const logs: Record<string, unknown>[] = [];
  const log = createLogger({ sink: (e) => logs.push(e) });
  const options = { operatorOrigins: [], allowLoopbackHttp: false, strictHosts: true, log };
  for (const url of [
    'https://consent.a.example/x?login_hint=tel%3A%2B33612345678',
    'https://consent.a.example/y?login_hint=tel%3A%2B33698765432',
    'https://consent.b.example/z?state=s3cr3t',
    'https://192.0.2.1/refused',
  ]) {
    checkRelayConsentUrl(url, options);
  }
  const firsts = logs.filter((l) => l['event'] === 'consent_origin_new');
  expect(firsts.map((l) => l['origin'])).toEqual(['https://consent.a.example', 'https://consent.b.example']);
  const text = JSON.stringify(logs);
  expect(text).not.toContain('login_hint');
  expect(text).not.toContain('s3cr3t');
  expect(text).not.toContain('/x');
  // another relay (another logger) logs its own first sightings
  const other: Record<string, unknown>[] = [];
  checkRelayConsentUrl('https://consent.a.example/x', {
    ...options,
    log: createLogger({ sink: (e) => other.push(e) }),
  });
  expect(other.filter((l) => l['event'] === 'consent_origin_new')).toHaveLength(1);
});

test('over HTTP, a real upstream answering consent URLs to an IP literal and a punycode host: R502, logged', async () => {
  const h = harness();
  h.upstream.script.IDMOBILE.push(
    { json: { status: 'success', operator: 'Orange', url: 'https://192.0.2.1/' } },
    { json: { status: 'success', operator: 'Orange', url: 'https://xn--80ak6aa92e.com/' } },
    { json: { status: 'success', operator: 'Orange', url: 'https://consent.orange.fr/c?login_hint=tel:+33612345678' } },
  );
  const server = await new Promise<{ port: number; close: () => void }>((resolve) => {
    const s = serve({ fetch: h.relay.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ port: info.port, close: () => s.close() }),
    );
  });
  try {
    const match = () =>
      fetch(`http://127.0.0.1:${server.port}/match`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
        body: JSON.stringify({ ...MATCH_BODY, return_url: undefined }),
      });
    for (const refused of ['192.0.2.1', 'xn--80ak6aa92e.com']) {
      const res = await match();
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error_id: 'R502' });
      expect(text).not.toContain(refused);
    }
    expect(h.logs.filter((l) => l['event'] === 'consent_url_refused')).toHaveLength(2);
    const passed = await match();
    expect(passed.status).toBe(200);
    expect(h.logs.filter((l) => l['event'] === 'consent_origin_new').map((l) => l['origin'])).toEqual([
      'https://consent.orange.fr',
    ]);
    expect(JSON.stringify(h.logs)).not.toContain('login_hint');
  } finally {
    server.close();
  }
});
