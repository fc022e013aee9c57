/**
 * A fault-injecting fake DQE for the relay's tests: a `fetch` function with scripted answers per endpoint,
 * counting calls, issuing and expiring tokens, and able to hang, reset, send HTML, truncated JSON, etc.
 */
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import { createRelay, type RelayOptions } from '../../../src/relay/app.js';
import { createDqeUpstream } from '../../../src/relay/upstreams/dqe/client.js';
import type { DqeUpstreamOptions } from '../../../src/relay/upstreams/dqe/client.js';
import { createLogger, type LogSink } from '../../../src/relay/log.js';
import { foldIdentity } from '../../../src/relay/trust/binding.js';
import { sealState } from '../../../src/relay/trust/state.js';

export type Endpoint = 'ACCESS_TOKEN' | 'IDMOBILE' | 'GET';

export type Behaviour =
  | { json: unknown; status?: number }
  | { text: string; status?: number; contentType?: string; headers?: Record<string, string> }
  | { reset: true }
  | { hang: true }
  | { delayMs: number; then: Behaviour }
  | { stream: string[]; intervalMs?: number; status?: number };

export interface Call {
  endpoint: Endpoint;
  method: string;
  params: URLSearchParams;
  headers: Headers;
}

export const LICENCE = 'LIC-7f3a9c2e51b04d88';
export const CLIENT_SECRET = 'CS-d41d8cd98f00b204e9800998ecf8427e';
export const ATTESTATION_SECRET = 'attestation-secret-0123456789abcdef0123456789';
export const BASE_URL = 'https://dqe.fake.invalid/api';

export const CAMILLE_SCORES = {
  family_name: 1.0,
  gender: '',
  birthdate: 1.0,
  given_name: 0.95,
  email: 0.5,
  address: { country: '1', postal_code: '1', street_address: '0.91', locality: '1' },
};

/** {@link CAMILLE_SCORES} as the relay answers them: rebuilt from the parsed shape (numbers, `""` not compared). */
export const CAMILLE_SCORES_REBUILT = {
  gender: '',
  given_name: 0.95,
  family_name: 1,
  birthdate: 1,
  email: 0.5,
  address: { street_address: 0.91, postal_code: 1, locality: 1, country: 1 },
};

/** {@link CAMILLE_SCORES} as a verifier reads them from the sealed claim: every score, `null` not compared. */
export const CAMILLE_SCORES_SEALED = { ...CAMILLE_SCORES_REBUILT, gender: null };

/** The nonce of the checks whose state {@link stateFor} seals by default (DQE's `code_name`). */
export const CHECK_NONCE = '0123456789abcdef0123456789abcdef';

/** DQE's wrapped retrieval answer for `scores`, echoing `codeName` (the check's nonce) as DQE's pages show it. */
export const wrapped = (scores: unknown, codeName: string = CHECK_NONCE) => ({
  status: 'success',
  scope: 'matching_notp',
  code_name: codeName,
  matching: scores,
});

export interface FakeUpstream {
  fetch: typeof fetch;
  calls: Call[];
  count(endpoint: Endpoint): number;
  /** Scripted answers, consumed first; when empty the endpoint behaves "normally". */
  script: Record<Endpoint, Behaviour[]>;
  /** Normal answers (when the script is empty). */
  normal: { IDMOBILE: Behaviour; GET: Behaviour };
  tokenTtlSeconds: number;
  tokenDelayMs: number;
  /** Every token issued so far. */
  issued: string[];
  /** Makes every issued token invalid (DQE then answers 30). */
  expireTokens(): void;
}

const sleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

export function createFakeUpstream(): FakeUpstream {
  const valid = new Set<string>();
  const fake: FakeUpstream = {
    calls: [],
    count: (e) => fake.calls.filter((c) => c.endpoint === e).length,
    script: { ACCESS_TOKEN: [], IDMOBILE: [], GET: [] },
    normal: { IDMOBILE: { json: CAMILLE_SCORES }, GET: { json: wrapped(CAMILLE_SCORES) } },
    tokenTtlSeconds: 300,
    tokenDelayMs: 5,
    issued: [],
    expireTokens: () => valid.clear(),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const endpoint = (['ACCESS_TOKEN', 'IDMOBILE', 'GET'] as const).find((e) => url.pathname.endsWith(`/${e}/`));
      if (!endpoint || !url.href.startsWith(BASE_URL)) throw new TypeError(`fake upstream: unexpected URL`);
      const params = request.method === 'POST' ? new URLSearchParams(await request.text()) : url.searchParams;
      fake.calls.push({ endpoint, method: request.method, params, headers: request.headers });
      const scripted = fake.script[endpoint].shift();
      if (scripted) return play(scripted, init?.signal);
      if (endpoint === 'ACCESS_TOKEN') {
        await sleep(fake.tokenDelayMs, init?.signal);
        if (
          params.get('licence') !== LICENCE ||
          params.get('client_secret') !== CLIENT_SECRET ||
          params.get('grant_type') !== 'client_idmobile'
        ) {
          return Response.json({ status: 'error', error_id: '02', error_type: 'invalid licence key' });
        }
        const token = `tok-${fake.issued.length + 1}-${crypto.randomUUID()}`;
        fake.issued.push(token);
        valid.add(token);
        return Response.json({
          access_token: token,
          token_type: 'Bearer',
          expires_in: fake.tokenTtlSeconds,
          refresh_token: `ref-${token}`,
        });
      }
      if (endpoint === 'IDMOBILE' && !valid.has(params.get('token') ?? '')) {
        return Response.json({ status: 'error', error_id: '30', error_type: 'invalid or expired token' });
      }
      return play(fake.normal[endpoint], init?.signal);
    },
  };
  return fake;
}

async function play(b: Behaviour, signal?: AbortSignal | null): Promise<Response> {
  if ('json' in b) return Response.json(b.json, { status: b.status ?? 200 });
  if ('text' in b) {
    return new Response(b.text, {
      status: b.status ?? 200,
      headers: { 'content-type': b.contentType ?? 'text/html', ...b.headers },
    });
  }
  if ('reset' in b)
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
  if ('hang' in b) {
    await new Promise<never>((_, reject) =>
      signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
    );
  }
  if ('delayMs' in b) {
    await sleep(b.delayMs, signal);
    return play(b.then, signal);
  }
  if ('stream' in b) {
    const parts = b.stream;
    const interval = b.intervalMs ?? 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = parts.shift();
        if (next === undefined) {
          controller.close();
          return;
        }
        if (interval) await sleep(interval);
        controller.enqueue(new TextEncoder().encode(next));
      },
    });
    return new Response(body, { status: b.status ?? 200, headers: { 'content-type': 'application/json' } });
  }
  throw new Error('unreachable');
}

export interface Harness {
  relay: ReturnType<typeof createRelay>;
  upstream: FakeUpstream;
  logs: Record<string, unknown>[];
  match(body?: unknown, headers?: Record<string, string>): Promise<Response>;
  /** `/result` for `token`, with a state sealed for {@link MATCH_BODY} (no session) unless `extra` says otherwise. */
  result(token: string, headers?: Record<string, string>, extra?: Record<string, unknown>): Promise<Response>;
}

/** The sealed state `/match` would append for `body` (the request's phone and identity) under `ref`. */
export async function stateFor(
  body: { phone: string; identity: unknown } = MATCH_BODY,
  ref: string | null = null,
  secret = ATTESTATION_SECRET,
  nonce = CHECK_NONCE,
): Promise<string> {
  return sealState({ nonce, ref, phone: body.phone, identity: foldIdentity(body.identity) }, secret);
}

export const MATCH_BODY = CONTRACT_MATCH_REQUEST;

/**
 * What a shop's backend passes to verify an attestation of {@link MATCH_BODY}'s check made without a session: its
 * order's phone and identity; every verdict accepted (the tests read it); not single use.
 */
export const ORDER = {
  phone: MATCH_BODY.phone,
  identity: MATCH_BODY.identity,
  accept: ['verified', 'inconclusive', 'rejected'],
  replay: false,
} as const;

export const RELAY_URL = 'http://relay.test';

/** The DQE upstream (today's client behind the `Upstream` interface) on a fake DQE. */
export function dqeUpstream(fake: FakeUpstream, options: Partial<DqeUpstreamOptions> = {}, sink?: LogSink) {
  return createDqeUpstream({
    logger: createLogger({ sink: sink ?? (() => {}), secrets: [LICENCE, CLIENT_SECRET] }),
    baseUrl: BASE_URL,
    licence: LICENCE,
    clientSecret: CLIENT_SECRET,
    partnerName: 'Shop',
    fetch: fake.fetch,
    timeoutMs: 1000,
    ...options,
  });
}

/**
 * A relay on a fresh fake upstream, with sessions not required and limits off unless given (the suites on
 * sessions and limits turn them on: test/node/relay/hardening/trust.spec.ts, limits.spec.ts).
 */
export function harness(
  overrides: Partial<RelayOptions> = {},
  upstream = createFakeUpstream(),
  dqe: Partial<DqeUpstreamOptions> = {},
): Harness {
  const logs: Record<string, unknown>[] = [];
  const relay = createRelay({
    mode: 'dqe',
    upstream: dqeUpstream(upstream, { now: overrides.now, ...dqe }, (e) => logs.push(e)),
    secrets: [LICENCE, CLIENT_SECRET],
    allowedOrigins: ['https://shop.example'],
    attestationSecret: ATTESTATION_SECRET,
    requireSession: false,
    logger: (e) => logs.push(e),
    ...overrides,
    limits: { client: false, phoneClient: false, phoneReference: false, phoneCap: false, ...overrides.limits },
  });
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    relay.request(`${RELAY_URL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    relay,
    upstream,
    logs,
    match: (body = MATCH_BODY, headers) => post('/match', body, headers),
    result: async (token, headers, extra) =>
      post(
        '/result',
        { token, state: await stateFor(MATCH_BODY, null, overrides.attestationSecret ?? ATTESTATION_SECRET), ...extra },
        headers,
      ),
  };
}
