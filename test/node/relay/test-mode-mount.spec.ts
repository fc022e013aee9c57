/**
 * The relay in test mode, mounted as the README shows (`createRelayFromEnv(process.env)` then
 * `app.route('/api/idmobile', relay)`), serves its simulator itself under its own `/simulator`: the consent test
 * number's operator page is reachable where the relay is, and the whole consent trip completes. Before, the
 * consent URL pointed at the in-process `testmode.invalid` and the answer was R502.
 */
import { expect, test } from '@playwright/test';
import { Hono } from 'hono';
import { createRelayFromEnv } from '../../../src/relay/from-env.js';
import { throughOwnSimulator } from '../../../src/relay/test-mode.js';
import { LEA_LINE, namesOf } from '../../fixtures/subscribers.js';

const SHOP = 'https://shop.example';

test('mounted under /api/idmobile: the consent page under /api/idmobile/simulator, the trip completes', async () => {
  const { relay } = createRelayFromEnv({ RELAY_MODE: 'test', RELAY_ALLOWED_ORIGINS: SHOP }, { logger: () => {} });
  const app = new Hono();
  app.route('/api/idmobile', relay);
  const post = async (path: string, body: unknown) => {
    const res = await app.request(`${SHOP}/api/idmobile${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const consent = await post('/match', {
    scope: 'matching_notp',
    phone: LEA_LINE.phone,
    identity: namesOf(LEA_LINE),
    return_url: `${SHOP}/checkout?idmobile_return=1`,
    v: 3,
  });
  expect(consent.json['status'], JSON.stringify(consent.json)).toBe('success');
  const url = new URL(String(consent.json['url']));
  expect(`${url.origin}${url.pathname}`).toMatch(/^https:\/\/shop\.example\/api\/idmobile\/simulator\/consent\//);
  const page = await app.request(url.href);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post">');
  const accepted = await app.request(url.href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'decision=accept',
  });
  expect([302, 303]).toContain(accepted.status);
  const back = new URL(accepted.headers.get('location') ?? '');
  expect(back.origin).toBe(SHOP);
  const token = back.searchParams.get('token')!;
  const state = back.searchParams.get('idmobile_state')!;
  let answer = await post('/result', { token, state });
  for (let i = 0; i < 3 && answer.json['status'] === 'pending'; i++) answer = await post('/result', { token, state });
  expect(answer.json['verdict']).toBe('verified');
});

test('only the simulator’s own URLs are rewritten, from the request’s URL', () => {
  expect(throughOwnSimulator('http://testmode.invalid/consent/abc?x=1', 'https://s.example/a/b/match')).toBe(
    'https://s.example/a/b/simulator/consent/abc?x=1',
  );
  expect(throughOwnSimulator('http://testmode.invalid/camara/authorize', 'http://localhost:8787/result')).toBe(
    'http://localhost:8787/simulator/camara/authorize',
  );
  expect(throughOwnSimulator('https://operator.example/consent', 'https://s.example/match')).toBe(
    'https://operator.example/consent',
  );
});
