/**
 * `/verify`'s answers about signals, REAL ones from a test-mode relay with `RELAY_SIGNALS=sim_swap`, validate
 * against `openapi.json` (the schema it declares for `POST /verify` 200, closed with `additionalProperties: false`):
 * a swapped line (`recent_sim_swap`, `inconclusive`), an operator that does not answer (`sim_swap: null`), and
 * `require_signals` failing with `signal_unavailable`; the request bodies sent validate too.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createTestModeRelay } from '../../../../src/relay/test-mode.js';
import { CAMARA_SUBSCRIBERS, type Subscriber } from '../../../../src/testmode/index.js';

type Json = Record<string, unknown>;
const DOCUMENT = JSON.parse(readFileSync(new URL('../../../../openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Json>>;
};
const ID = 'https://idmobile-check.invalid/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ ...DOCUMENT, $id: ID });
const verifyOperation = DOCUMENT.paths['/verify']!['post'] as {
  requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
  responses: { '200': { content: { 'application/json': { schema: Json } } } };
};
const absolute = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(absolute)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? ID + x : absolute(x)]),
        )
      : v;
const answer200 = ajv.compile(absolute(verifyOperation.responses['200'].content['application/json'].schema) as Json);
const request = ajv.compile(absolute(verifyOperation.requestBody.content['application/json'].schema) as Json);

const API_KEY = 'openapi-signals-api-key-0123456789abcdef';
const SWAPPED = CAMARA_SUBSCRIBERS.find((s) => typeof s.simSwap === 'object')!;
const SILENT = CAMARA_SUBSCRIBERS.find((s) => s.simSwap === 'not_supported')!;

async function verifyLine(s: Subscriber, extra: Json = {}): Promise<Json> {
  const { relay } = createTestModeRelay({
    allowedOrigins: [],
    attestationSecret: 'openapi-signals-attestation-secret-0123456789',
    apiKey: API_KEY,
    logger: () => {},
    signals: { simSwap: { maxAgeHours: 168 } },
  });
  const identity = { given_name: s.record.firstname, family_name: s.record.lastname };
  const matched = await relay.request('http://localhost:8787/match', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
    body: JSON.stringify({ scope: 'matching_notp', phone: s.phone, identity, v: 3 }),
  });
  const { attestation } = (await matched.json()) as { attestation: string };
  const body = { attestation, phone: s.phone, identity, accept: ['verified', 'inconclusive'], ...extra };
  expect(request(body), JSON.stringify(request.errors)).toBe(true);
  const res = await relay.request('http://localhost:8787/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Json;
  expect(answer200(json), JSON.stringify(answer200.errors)).toBe(true);
  return json;
}

test('POST /verify, a swapped line: signals and reasons as declared', async () => {
  expect(await verifyLine(SWAPPED)).toMatchObject({
    success: true,
    verdict: 'inconclusive',
    signals: { sim_swap: { swapped: true, max_age_hours: 168 } },
    reasons: ['names_match', 'recent_sim_swap'],
  });
});

test('POST /verify, an operator that does not answer: sim_swap null, sim_swap_unknown', async () => {
  expect(await verifyLine(SILENT)).toMatchObject({ success: true, signals: { sim_swap: null } });
});

test('POST /verify with require_signals: signal_unavailable as declared', async () => {
  expect(await verifyLine(SILENT, { require_signals: ['sim_swap'] })).toEqual({
    success: false,
    error_codes: ['signal_unavailable'],
  });
});
