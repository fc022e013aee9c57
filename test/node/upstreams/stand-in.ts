/**
 * A stand-in operator API for the conformance tests: a real HTTP server on 127.0.0.1 that answers exactly the
 * documented shapes it is scripted with (NOT our simulator), recording every request. And the relay itself,
 * served over HTTP on 127.0.0.1, with a given upstream.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createRelay, type RelayOptions } from '../../../src/relay/app.js';
import { verifyAttestation, type VerifyAttestationOptions } from '../../../src/relay/trust/verify.js';
import type { Upstream } from '../../../src/relay/upstreams/types.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';
import { stateFor } from '../relay/fake-upstream.js';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
}

export type Reply = {
  status?: number;
  json?: unknown;
  text?: string;
  hang?: boolean;
  delayMs?: number;
  headers?: Record<string, string>;
};
export type Route = (req: Recorded) => Reply;

export interface StandIn {
  url: string;
  requests: Recorded[];
  /** Requests to a path. */
  to(path: string): Recorded[];
  /** Default answer of a path (used when its queue is empty). */
  on(path: string, route: Route): void;
  /** Answers queued for a path, used first, in order. */
  queue(path: string, ...replies: Reply[]): void;
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const routes = new Map<string, Route>();
  const queues = new Map<string, Reply[]>();
  const requests: Recorded[] = [];
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        fetch: async (request: Request) => {
          const u = new URL(request.url);
          const rec: Recorded = {
            method: request.method,
            path: u.pathname,
            query: u.searchParams,
            headers: request.headers,
            body: await request.text(),
          };
          requests.push(rec);
          const reply = queues.get(u.pathname)?.shift() ?? routes.get(u.pathname)?.(rec) ?? { status: 404, text: '' };
          if (reply.hang) await new Promise(() => {});
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
          const init = { status: reply.status ?? 200, headers: reply.headers ?? {} };
          if (reply.json !== undefined) return Response.json(reply.json, init);
          return new Response(reply.text ?? '', init);
        },
      },
      () => resolve(s),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((r) => r.path === path),
    on: (path, route) => routes.set(path, route),
    queue: (path, ...replies) => queues.set(path, [...(queues.get(path) ?? []), ...replies]),
    close: () =>
      new Promise((done) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export const ATTESTATION_SECRET = 'conformance-attestation-secret-0123456789abcdef';
export const SHOP = 'https://shop.example';

export interface RelayOverHttp {
  url: string;
  logs: Record<string, unknown>[];
  match(body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  result(token: string): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** The relay with `upstream`, served on 127.0.0.1 (`options` override the relay's). */
export async function startRelay(
  upstream: Upstream,
  logs: Record<string, unknown>[] = [],
  mode: 'dqe' | 'camara' | 'test' = upstream.mode,
  options: Partial<RelayOptions> = {},
): Promise<RelayOverHttp> {
  const relay = createRelay({
    mode,
    upstream,
    allowedOrigins: [SHOP],
    attestationSecret: ATTESTATION_SECRET,
    // the conformance suites exercise the upstream: no session to create, no limit to hit, and the translated
    // scores themselves in the browser's answer (v2's disclosure), not their bands
    requireSession: false,
    policy: { disclose: 'on-name-match' },
    limits: { client: false, phoneClient: false, phoneReference: false, phoneCap: false },
    logger: (e) => logs.push(e),
    ...options,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ hostname: '127.0.0.1', port: 0, fetch: relay.fetch }, () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    url,
    logs,
    match: (body) => post('/match', body),
    // the consent flow's sealed state, as the relay appended it to the redirect of the contract example's /match
    result: async (token) =>
      post('/result', { token, state: await stateFor(CONTRACT_MATCH_REQUEST, null, ATTESTATION_SECRET) }),
    close: () =>
      new Promise((done) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * The verified content of an attestation the relay signed (any mode): its scores and verdict, as the shop of the
 * contract example's order reads them (its phone and identity, every verdict accepted, not single use).
 */
export async function claimsOf(attestation: unknown, options: Partial<VerifyAttestationOptions> = {}) {
  const r = await verifyAttestation(attestation, ATTESTATION_SECRET, {
    phone: CONTRACT_MATCH_REQUEST.phone,
    identity: CONTRACT_MATCH_REQUEST.identity,
    accept: ['verified', 'inconclusive', 'rejected'],
    allowTestMode: true,
    replay: false,
    ...options,
  });
  if (!r.success) throw new Error(`attestation refused: ${r.error_codes.join(', ')}`);
  return r;
}

/** A clock the tests move by hand (an upstream's `now`): CIBA's intervals pass without waiting. */
export function manualClock(start = Date.now()) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/**
 * A check to its end, as the widget runs it: `/match`, then, while the answer is `pending` (CIBA), `/result` with
 * its token and state, `clock` moved by each `retry_after` (or the pending shape's `interval`). At most `maxPolls`.
 */
export async function checkThrough(
  relay: Pick<RelayOverHttp, 'url' | 'match'>,
  body: unknown,
  clock?: { advance(ms: number): void },
  maxPolls = 20,
): Promise<{ status: number; json: Record<string, unknown>; polls: number; pending: Record<string, unknown> | null }> {
  const first = await relay.match(body);
  if (first.json['status'] !== 'pending') return { ...first, polls: 0, pending: null };
  const pending = first.json;
  const { token, state } = pending as { token: string; state: string };
  let wait = Number(pending['interval'] ?? 1);
  for (let polls = 1; polls <= maxPolls; polls++) {
    clock?.advance(wait * 1000);
    const res = await fetch(`${relay.url}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP },
      body: JSON.stringify({ token, state }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (json['status'] !== 'pending') return { status: res.status, json, polls, pending };
    wait = Number(json['retry_after'] ?? 1);
  }
  throw new Error(`still pending after ${maxPolls} polls`);
}
