/**
 * The relay's HTTP API as `openapi.json` (shipped as `idmobile-check/openapi.json`) describes it: the document is
 * OpenAPI 3.1 (every `$ref` resolves), and REAL answers of real relays (the fake DQE, the simulator's consent
 * line, the server API) validate against the schema the document declares for their path, method and status,
 * looked up in the document (JSON Schema 2020-12, answers closed with `additionalProperties: false`, so that a
 * key the document does not name fails).
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createMemoryStore } from '../../../src/relay/store/memory.js';
import { createTestModeRelay } from '../../../src/relay/test-mode.js';
import type { RelayStore } from '../../../src/relay/store/types.js';
import { LEA_LINE, namesOf } from '../../fixtures/subscribers.js';
import { CAMILLE_SCORES, MATCH_BODY, RELAY_URL, harness } from './fake-upstream.js';
import { API_KEY, SHOP, relayOnSimulator } from './simulator-relay.js';

type Json = Record<string, unknown>;
type Schema = Json;
interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const DOCUMENT = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as Document;
const ID = 'https://idmobile-check.invalid/openapi.json';

/** A validator of `doc`: each schema is the one declared in `doc`, its `#/…` references resolved in `doc`. */
function validatorOf(doc: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ ...doc, $id: ID });
  /** The schema with its local references made absolute (into the document added above). */
  const absolute = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(absolute);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        k === '$ref' && typeof x === 'string' && x.startsWith('#') ? ID + x : absolute(x),
      ]),
    );
  };
  return (schema: Schema) => ajv.compile(absolute(schema) as Schema);
}

const compile = validatorOf(DOCUMENT);

/** The JSON schema `doc` declares for an answer, or a failure naming what is not declared. */
function declared(doc: Document, path: string, method: string, status: number): Schema {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  expect(operation, `${method} ${path} is declared`).toBeDefined();
  const response = operation!.responses[String(status)];
  expect(response, `${method} ${path} ${status} is declared`).toBeDefined();
  const schema = response!.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${status} has a JSON schema`).toBeDefined();
  return schema!;
}

/** Validates a real answer against the document's schema for it; returns its body. */
async function conforms(res: Response, path: string, method = 'POST', status?: number): Promise<Json> {
  if (status !== undefined) expect(res.status, `${method} ${path}`).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  const body = (await res.json()) as Json;
  const validate = compile(declared(DOCUMENT, path, method, res.status));
  expect(validate(body), `${method} ${path} ${res.status}: ${ajvErrors(validate)}`).toBe(true);
  return body;
}

/** The first errors of a validation, short (an answer's attestation is long). */
const ajvErrors = (v: { errors?: { instancePath: string; message?: string; params: unknown }[] | null }) =>
  (v.errors ?? [])
    .slice(0, 4)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('; ');

/** Validates the request bodies the tests send against the document's request schema. */
function sends(path: string, body: unknown): void {
  const schema = DOCUMENT.paths[path]?.['post']?.requestBody?.content['application/json']?.schema;
  expect(schema, `POST ${path} request body is declared`).toBeDefined();
  const validate = compile(schema!);
  expect(validate(body), `POST ${path} request ${ajvErrors(validate)}`).toBe(true);
}

/** Camille's scores as DQE answers them for someone else typing Camille's number. */
const STRANGER = { ...CAMILLE_SCORES, given_name: 0.2, family_name: '0.1' };

test.describe('the document', () => {
  test('is OpenAPI 3.1, every $ref resolves, every declared schema compiles', () => {
    expect(DOCUMENT.openapi).toMatch(/^3\.1\.\d+$/);
    const doc = DOCUMENT as unknown as Json;
    expect(doc['info']).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const pointer = (ref: string): unknown =>
      ref
        .slice(2)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((at, key) => (at as Json | undefined)?.[key], doc);
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref') refs.push(x as string);
          else walk(x);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref, 'a local reference').toMatch(/^#\//);
      expect(pointer(ref), `${ref} resolves`).toBeDefined();
    }
    const schemes = (doc['components'] as { securitySchemes: Json }).securitySchemes;
    for (const [path, methods] of Object.entries(DOCUMENT.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(['get', 'post']).toContain(method);
        const security = (operation as { security?: Json[] }).security ?? [];
        for (const requirement of security)
          for (const name of Object.keys(requirement)) expect(schemes).toHaveProperty(name);
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(status, `${method} ${path}`).toMatch(/^[1-5]\d\d$/);
          const schema = response.content?.['application/json']?.schema;
          if (schema) expect(() => compile(schema), `${method} ${path} ${status}`).not.toThrow();
        }
      }
    }
    // the routes of the relay today, no more
    expect(Object.keys(DOCUMENT.paths).sort()).toEqual([
      '/.well-known/jwks.json',
      '/callback',
      '/health',
      '/match',
      '/metrics',
      '/result',
      '/sessions',
      '/verify',
    ]);
  });

  test('a wrong document fails: a scores answer whose `disclosure` is not declared', async () => {
    const wrong = structuredClone(DOCUMENT);
    delete (wrong.components.schemas['ScoresAnswer']!['properties'] as Json)['disclosure'];
    const body = (await (await harness().match()).json()) as Json;
    expect(body).toHaveProperty('disclosure');
    const right = compile(declared(DOCUMENT, '/match', 'POST', 200));
    const mutated = validatorOf(wrong)(declared(wrong, '/match', 'POST', 200));
    expect(right(body)).toBe(true);
    expect(mutated(body)).toBe(false);
  });
});

test.describe('POST /match answers', () => {
  test('scores: the raw scores (disclosure "scores")', async () => {
    sends('/match', MATCH_BODY);
    const raw = harness({ policy: { disclose: 'on-name-match' } });
    const body = await conforms(await raw.match(), '/match', 'POST', 200);
    expect(body).toMatchObject({ disclosure: 'scores', verdict: 'verified' });
    expect(body).not.toHaveProperty('withheld');
  });

  test('scores: bands (disclosure "bands", the default)', async () => {
    const body = await conforms(await harness().match(), '/match', 'POST', 200);
    expect(body).toMatchObject({ disclosure: 'bands', bands: { given_name: 'match' } });
  });

  test("scores: a stranger's, fields withheld, with scores and with bands", async () => {
    for (const disclose of ['on-name-match', 'bands'] as const) {
      const h = harness({ policy: { disclose } });
      h.upstream.script.IDMOBILE.push({ json: STRANGER });
      const body = await conforms(await h.match(), '/match', 'POST', 200);
      expect(body).toMatchObject({ verdict: 'rejected', email: '', withheld: expect.arrayContaining(['email']) });
    }
  });

  test('consent: the operator asks the subscriber', async () => {
    const p = relayOnSimulator();
    const request = {
      scope: 'matching_notp',
      phone: LEA_LINE.phone,
      identity: namesOf(LEA_LINE),
      return_url: `${SHOP}/checkout?idmobile_return=1`,
      session: await p.session('order-consent'),
      v: 3,
    };
    sends('/match', request);
    const body = await conforms(await p.browser('/match', request), '/match', 'POST', 200);
    expect(body).toMatchObject({ status: 'success', operator: 'Orange' });
  });

  test("an upstream error: DQE's id with HTTP 200", async () => {
    const h = harness();
    h.upstream.script.IDMOBILE.push({
      json: { status: 'error', error_id: '09', error_type: 'ineligible phone number' },
    });
    expect(await conforms(await h.match(), '/match', 'POST', 200)).toMatchObject({ error_id: '09' });
  });

  test('relay errors: R400, R401, R403, R413, R415, R429, R502', async () => {
    const h = harness();
    const id = async (res: Response, status: number) => (await conforms(res, '/match', 'POST', status))['error_id'];
    expect(await id(await h.match({ ...MATCH_BODY, phone: '0612345678' }), 400)).toBe('R400');
    expect(await id(await harness({ requireSession: true }).match(), 401)).toBe('R401');
    expect(await id(await h.match(MATCH_BODY, { origin: 'https://evil.example' }), 403)).toBe('R403');
    const big = JSON.stringify({ ...MATCH_BODY, pad: 'x'.repeat(20_000) });
    expect(await id(await h.match(big), 413)).toBe('R413');
    expect(await id(await h.match(MATCH_BODY, { 'content-type': 'text/plain' }), 415)).toBe('R415');
    const limited = harness({ limits: { client: { max: 1, windowMs: 60_000 } } });
    await conforms(await limited.match(), '/match', 'POST', 200);
    const refused = await limited.match();
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await conforms(refused, '/match', 'POST', 429)).toMatchObject({
      error_id: 'R429',
      retry_after: expect.any(Number),
    });
    const v2 = { ...MATCH_BODY } as Json;
    delete v2['v'];
    expect(await id(await h.match(v2), 502)).toBe('R502');
  });
});

test.describe('POST /result and GET /health answers', () => {
  test('a consent trip: pending, then the final scores, then R409', async () => {
    const p = relayOnSimulator();
    const session = await p.session('order-trip');
    const { token, state } = await p.consentTrip(namesOf(LEA_LINE), session, 'accept');
    const request = { token, state, session };
    sends('/result', request);
    const first = await conforms(await p.browser('/result', request), '/result', 'POST', 200);
    expect(first).toEqual({ status: 'pending' });
    let answer = first;
    for (let i = 0; i < 3 && answer['status'] === 'pending'; i++)
      answer = await conforms(await p.browser('/result', request), '/result', 'POST', 200);
    expect(answer).toMatchObject({ verdict: 'verified', attestation: expect.any(String) });
    expect(await conforms(await p.browser('/result', request), '/result', 'POST', 409)).toMatchObject({
      error_id: 'R409',
    });
  });

  test('decoupled consent (CAMARA CIBA): the pending shape from /match, pending with retry_after from /result', async () => {
    const { relay } = createTestModeRelay({
      upstream: 'camara',
      allowedOrigins: [SHOP],
      attestationSecret: 'openapi-ciba-attestation-secret-0123456789',
      logger: () => {},
    });
    const post = (path: string, body: unknown) =>
      relay.request(`${RELAY_URL}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP },
        body: JSON.stringify(body),
      });
    const pending = await conforms(
      await post('/match', { ...MATCH_BODY, return_url: undefined }),
      '/match',
      'POST',
      200,
    );
    expect(Object.keys(pending).sort()).toEqual(['expires_in', 'interval', 'operator', 'state', 'status', 'token']);
    const poll = await conforms(await post('/result', { token: pending['token'], state: pending['state'] }), '/result');
    expect(poll).toMatchObject({ status: 'pending', retry_after: expect.any(Number) });
  });

  test('relay errors on /result: R400 (no state), R403', async () => {
    const h = harness();
    const noState = await h.relay.request(`${RELAY_URL}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify({ token: 'consent-token-1' }),
    });
    expect(await conforms(noState, '/result', 'POST', 400)).toMatchObject({ error_id: 'R400' });
    const foreign = await h.result('consent-token-1', { origin: 'https://evil.example' });
    expect(await conforms(foreign, '/result', 'POST', 403)).toMatchObject({ error_id: 'R403' });
  });

  test('/health', async () => {
    for (const mode of ['dqe', 'test'] as const) {
      const res = await harness({ mode }).relay.request(`${RELAY_URL}/health`);
      expect(await conforms(res, '/health', 'GET', 200)).toEqual({ status: 'ok', mode });
    }
  });
});

test.describe('the server API answers', () => {
  const call = (
    relay: { request: (url: string, init: RequestInit) => Response | Promise<Response> },
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    relay.request(`${RELAY_URL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('POST /sessions: 201 and every refusal', async () => {
    const { relay } = harness({ apiKey: API_KEY });
    const request = { reference: 'order-1234', ttl_seconds: 1800, max_checks: 5 };
    sends('/sessions', request);
    expect(await conforms(await call(relay, '/sessions', request), '/sessions', 'POST', 201)).toMatchObject({
      reference: 'order-1234',
    });
    const code = async (res: Response, status: number) =>
      (await conforms(res, '/sessions', 'POST', status))['error_codes'];
    expect(await code(await call(relay, '/sessions', { reference: '' }), 400)).toEqual(['invalid_request']);
    expect(await code(await call(relay, '/sessions', request, { authorization: '' }), 401)).toEqual(['unauthorized']);
    expect(await code(await call(relay, '/sessions', request, { origin: SHOP }), 403)).toEqual(['origin_forbidden']);
    const off = harness().relay;
    expect(await code(await call(off, '/sessions', request), 404)).toEqual(['not_found']);
    const big = JSON.stringify({ reference: 'x'.repeat(20_000) });
    expect(await code(await call(relay, '/sessions', big), 413)).toEqual(['payload_too_large']);
    const text = await call(relay, '/sessions', request, { 'content-type': 'text/plain' });
    expect(await code(text, 415)).toEqual(['unsupported_media_type']);
    // another method: not an operation of the document, but its answer is the declared refusal shape
    const get = await relay.request(`${RELAY_URL}/sessions`, { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(get.status).toBe(405);
    const refusal = compile({ $ref: '#/components/schemas/ServerRefusal' });
    expect(refusal(await get.json())).toBe(true);
  });

  test('POST /verify: success, failures, refusals', async () => {
    const h = harness({ apiKey: API_KEY });
    const { attestation } = (await (await h.match()).json()) as { attestation: string };
    const order = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity };
    sends('/verify', { ...order, accept: ['verified'], require_checked: ['address'], require_match: ['email'] });
    const failed = await conforms(
      await call(h.relay, '/verify', { ...order, require_checked: ['gender'], require_match: ['address', 'email'] }),
      '/verify',
      'POST',
      200,
    );
    expect(failed).toMatchObject({ success: false, unchecked: ['gender'], unmatched: expect.any(Array) });
    const mismatch = { ...order, identity: { ...MATCH_BODY.identity, family_name: 'Durand' }, accept: ['rejected'] };
    expect(await conforms(await call(h.relay, '/verify', mismatch), '/verify', 'POST', 200)).toMatchObject({
      error_codes: ['identity_mismatch', 'verdict_not_accepted'],
      mismatched: ['family_name'],
      verdict: 'verified',
    });
    const verified = await conforms(await call(h.relay, '/verify', order), '/verify', 'POST', 200);
    expect(verified).toMatchObject({ success: true, verdict: 'verified', path: 'direct' });
    expect(verified).not.toHaveProperty('jti');
    expect(await conforms(await call(h.relay, '/verify', order), '/verify', 'POST', 200)).toEqual({
      success: false,
      error_codes: ['duplicate'],
    });
    const refused = async (res: Response, status: number) =>
      (await conforms(res, '/verify', 'POST', status))['error_codes'];
    expect(await refused(await call(h.relay, '/verify', { ...order, accept: ['maybe'] }), 400)).toEqual([
      'invalid_request',
    ]);
    expect(await refused(await call(h.relay, '/verify', order, { authorization: 'Bearer x' }), 401)).toEqual([
      'unauthorized',
    ]);
    expect(await refused(await call(h.relay, '/verify', order, { origin: SHOP }), 403)).toEqual(['origin_forbidden']);
    expect(await refused(await call(harness().relay, '/verify', order), 404)).toEqual(['not_found']);
    const big = JSON.stringify({ ...order, pad: 'x'.repeat(20_000) });
    expect(await refused(await call(h.relay, '/verify', big), 413)).toEqual(['payload_too_large']);
    const text = await call(h.relay, '/verify', order, { 'content-type': 'text/plain' });
    expect(await refused(text, 415)).toEqual(['unsupported_media_type']);
  });

  test('POST /verify: 503 store_unavailable, and a consent attestation verified', async () => {
    const memory = createMemoryStore();
    const store: RelayStore = { ...memory, mark: () => Promise.reject(new Error('ECONNREFUSED')) };
    const h = harness({ apiKey: API_KEY, store });
    const { attestation } = (await (await h.match()).json()) as { attestation: string };
    const order = { attestation, phone: MATCH_BODY.phone, identity: MATCH_BODY.identity };
    expect(await conforms(await call(h.relay, '/verify', order), '/verify', 'POST', 503)).toEqual({
      success: false,
      error_codes: ['store_unavailable'],
    });

    const p = relayOnSimulator();
    const session = await p.session('order-77');
    const { token, state } = await p.consentTrip(namesOf(LEA_LINE), session, 'accept');
    const answer = (await (await p.result({ token, state, session })).json()) as Json;
    const verify = { attestation: answer['attestation'], phone: LEA_LINE.phone, identity: namesOf(LEA_LINE) };
    const verified = await conforms(await p.server('/verify', { ...verify, reference: 'order-77' }), '/verify');
    expect(verified).toMatchObject({ success: true, path: 'consent', reference: 'order-77' });
    const unreferenced = await conforms(await p.server('/verify', verify), '/verify');
    expect(unreferenced).toMatchObject({ success: false, error_codes: ['missing_reference'] });
  });
});
