import { expect, test } from '@playwright/test';
import { createLogger, REDACTED } from '../../../src/relay/log.js';
import {
  ATTESTATION_SECRET,
  CLIENT_SECRET,
  LICENCE,
  MATCH_BODY as CONTRACT_BODY,
  harness,
  type Behaviour,
} from './fake-upstream.js';
import { JEAN_PIERRE_LINE, matchRequestOf } from '../../fixtures/subscribers.js';

// not the contract's example number (the shared schema quotes it in its own error message)
const MATCH_BODY = { ...CONTRACT_BODY, ...matchRequestOf(JEAN_PIERRE_LINE) };

/** Everything that must never leave the relay in an answer or a log line, in any usual spelling. */
function forbidden(tokens: string[]): string[] {
  const id = MATCH_BODY.identity;
  return [
    LICENCE,
    CLIENT_SECRET,
    ATTESTATION_SECRET,
    ...tokens,
    MATCH_BODY.phone,
    MATCH_BODY.phone.slice(1),
    '0698765432',
    encodeURIComponent(MATCH_BODY.phone),
    id.given_name,
    id.family_name,
    id.email,
    id.birthdate,
    id.address.street_address,
    'avenue Jean Jaurès',
    '69007',
    'Lyon',
    'checkout?idmobile_return',
  ];
}

test('no answer and no log line contains a secret, a token or personal data', async () => {
  const h = harness({ limits: { client: { windowMs: 60_000, max: 1000 }, phoneCap: false } });
  const match = (body: unknown = MATCH_BODY, headers?: Record<string, string>) => h.match(body, headers);
  const answers: string[] = [];
  const record = async (p: Promise<Response>) => {
    const r = await p;
    answers.push(`${r.status} ${JSON.stringify([...r.headers])} ${await r.text()}`);
  };
  const scenarios: Behaviour[][] = [
    [],
    [{ json: { status: 'error', error_id: '30', error_type: 'invalid or expired token' } }],
    [{ json: { status: 'error', error_id: '30' } }, { json: { status: 'error', error_id: '30' } }],
    [
      {
        text: `<html>error for licence ${LICENCE} and ${MATCH_BODY.phone} ${MATCH_BODY.identity.family_name}</html>`,
        status: 500,
      },
    ],
    [{ reset: true }],
    [{ text: '{"family_name": 1, "given_', contentType: 'application/json' }],
    [{ json: { status: 'success' } }],
    [{ json: { status: 'error', error_id: '10', error_type: 'invalid phone number' } }],
  ];
  for (const script of scenarios) {
    h.upstream.script.IDMOBILE.push(...script);
    await record(match());
  }
  h.upstream.expireTokens();
  await record(match());
  await record(match({ ...MATCH_BODY, identity: { ...MATCH_BODY.identity, gender: 'X' } }));
  await record(match({ ...MATCH_BODY, phone: '0698765432' }));
  await record(match(JSON.stringify(MATCH_BODY).slice(0, 40)));
  await record(match(MATCH_BODY, { origin: 'https://evil.example' }));
  await record(match({ ...MATCH_BODY, return_url: 'https://evil.example/checkout?idmobile_return=1' }));
  await record(match(MATCH_BODY, { 'content-type': 'text/plain' }));
  await record(h.result('sess-abc'));
  h.upstream.script.GET.push({ text: `oops ${LICENCE}`, status: 502 }, { text: `oops ${LICENCE}`, status: 502 });
  await record(h.result('sess-abc'));

  expect(h.upstream.issued.length).toBeGreaterThanOrEqual(3);
  const logs = h.logs.map((l) => JSON.stringify(l));
  expect(logs.length).toBeGreaterThan(20);
  for (const needle of forbidden(h.upstream.issued)) {
    for (const a of answers) expect(a, `answer leaks ${needle}`).not.toContain(needle);
    for (const l of logs) expect(l, `log leaks ${needle}`).not.toContain(needle);
  }
  // the logs still say what happened
  expect(h.logs.some((l) => l['event'] === 'token_rejected')).toBe(true);
  expect(h.logs.some((l) => l['event'] === 'upstream_failed' && l['error_id'] === 'R502')).toBe(true);
  expect(h.logs.filter((l) => l['event'] === 'request').every((l) => typeof l['status'] === 'number')).toBe(true);
});

test('logs are structured JSON entries with time, level and event', async () => {
  const h = harness();
  await h.match();
  for (const l of h.logs) {
    expect(typeof l['time']).toBe('string');
    expect(['debug', 'info', 'warn', 'error']).toContain(l['level']);
    expect(typeof l['event']).toBe('string');
  }
});

test('logger redacts by key at any depth and by value', () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ sink: (e) => lines.push(e), secrets: ['SUPERSECRET'] });
  log.addSecret('tok-dynamic-123');
  log.info('x', {
    licence: 'abc',
    nested: { phone: '+33612345678', deeper: [{ email: 'a@b.fr', ok: 1 }] },
    Client_Secret: 'v',
    message: 'failed with SUPERSECRET and tok-dynamic-123 for +33 6 12 34 56 78 / jean@example.org',
    err: new Error('boom SUPERSECRET'),
  });
  const text = JSON.stringify(lines);
  for (const s of [
    'abc',
    '+33612345678',
    'a@b.fr',
    'SUPERSECRET',
    'tok-dynamic-123',
    '12 34 56 78',
    'jean@example.org',
  ])
    expect(text).not.toContain(s);
  expect(lines[0]).toMatchObject({
    licence: REDACTED,
    Client_Secret: REDACTED,
    nested: { phone: REDACTED, deeper: [{ email: REDACTED, ok: 1 }] },
    err: { name: 'Error' },
  });
});

test('a throwing log sink never breaks a request', async () => {
  const h = harness({
    logger: () => {
      throw new Error('disk full');
    },
  });
  expect((await h.match()).status).toBe(200);
});
