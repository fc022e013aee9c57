/**
 * `GET /metrics` (DESIGN "Relay contract", v3 precision 8): Prometheus text behind its own Bearer key, 404 without
 * one; checks by upstream and outcome, upstream latency, token requests, limit hits, store errors, consent
 * callbacks; no personal data in any label. Driven through a relay built from its environment, as a merchant runs
 * it (test mode: the simulator answers in-process).
 */
import { expect, test } from '@playwright/test';
import { createRelayFromEnv } from '../../../src/relay/from-env.js';
import { ConfigError, loadConfig } from '../../../src/relay/config.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';

const SHOP = 'https://shop.example';
const METRICS_KEY = 'metrics-key-for-the-scraper-0123456789abcdef';
const API_KEY = 'api-key-for-the-merchant-backend-0123456789';
const ENV = {
  RELAY_MODE: 'test',
  ATTESTATION_SECRET: 'metrics-attestation-secret-0123456789abcdef',
  RELAY_ALLOWED_ORIGINS: SHOP,
  RELAY_API_KEY: API_KEY,
  RELAY_REQUIRE_SESSION: 'false',
  RELAY_RATE_LIMIT_MAX: '3',
};

function relay(env: Record<string, string> = {}) {
  const { relay: app } = createRelayFromEnv({ ...ENV, ...env }, { logger: () => {} });
  const match = (body: unknown = CONTRACT_MATCH_REQUEST) =>
    app.request(`${SHOP}/match`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify(body),
    });
  const metrics = (key?: string) =>
    app.request('https://relay.example/metrics', key ? { headers: { authorization: `Bearer ${key}` } } : {});
  return { match, metrics };
}

test('404 without RELAY_METRICS_KEY: a relay without it says nothing about itself', async () => {
  expect((await relay().metrics(METRICS_KEY)).status).toBe(404);
});

test('its own key: without it, with the API key or the attestation secret, 401', async () => {
  const r = relay({ RELAY_METRICS_KEY: METRICS_KEY });
  for (const key of [undefined, API_KEY, ENV.ATTESTATION_SECRET, `${METRICS_KEY}x`]) {
    const res = await r.metrics(key);
    expect(res.status, String(key)).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  }
  const ok = await r.metrics(METRICS_KEY);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
});

test('checks by outcome, upstream latency, token requests and limit hits; every line well formed', async () => {
  const r = relay({ RELAY_METRICS_KEY: METRICS_KEY });
  for (let i = 0; i < 2; i++) expect((await r.match()).status).toBe(200);
  await r.match({ ...CONTRACT_MATCH_REQUEST, phone: '+33600000009' });
  expect((await r.match()).status).toBe(429);
  const text = await (await r.metrics(METRICS_KEY)).text();
  expect(text).toContain('idmobile_checks_total{upstream="test",route="match",outcome="verified"} 2');
  expect(text).toContain('idmobile_checks_total{upstream="test",route="match",outcome="09"} 1');
  expect(text).toContain('idmobile_checks_total{upstream="test",route="match",outcome="R429"} 1');
  expect(text).toContain('idmobile_limit_hits_total{limit="client"} 1');
  expect(text).toMatch(/idmobile_token_requests_total\{upstream="test",endpoint="ACCESS_TOKEN"\} 1\n/);
  expect(text).toMatch(
    /idmobile_upstream_request_duration_seconds_count\{upstream="test",endpoint="IDMOBILE",status="2xx"\} 3\n/,
  );
  for (const line of text.trimEnd().split('\n')) {
    expect(line).toMatch(/^(# (HELP|TYPE) idmobile_\w+ .+|idmobile_\w+(\{([a-z_]+="[^"\\\n]*",?)+\})? \d+(\.\d+)?)$/);
  }
});

test('no personal data in the metrics: no number, name, e-mail or attestation', async () => {
  const r = relay({ RELAY_METRICS_KEY: METRICS_KEY });
  const answer = (await (await r.match()).json()) as { attestation: string };
  const text = await (await r.metrics(METRICS_KEY)).text();
  const id = CONTRACT_MATCH_REQUEST.identity;
  for (const personal of [
    CONTRACT_MATCH_REQUEST.phone,
    CONTRACT_MATCH_REQUEST.phone.slice(3),
    id.given_name,
    id.family_name,
    id.email,
    answer.attestation.slice(0, 20),
  ]) {
    expect(text).not.toContain(personal);
  }
});

test('RELAY_METRICS_KEY: at least 32 characters, and not the API key or the attestation secret', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...ENV, ...env });
      return [];
    } catch (e) {
      return e instanceof ConfigError ? e.problems : [String(e)];
    }
  };
  expect(problems({ RELAY_METRICS_KEY: 'short' }).join()).toMatch(/RELAY_METRICS_KEY: must be at least 32/);
  expect(problems({ RELAY_METRICS_KEY: API_KEY }).join()).toMatch(/RELAY_METRICS_KEY: must differ/);
  expect(problems({ RELAY_METRICS_KEY: ENV.ATTESTATION_SECRET }).join()).toMatch(/RELAY_METRICS_KEY: must differ/);
  expect(problems({ RELAY_METRICS_KEY: METRICS_KEY })).toEqual([]);
});
