/** Shared helpers of the test-mode specs: form requests, tokens, a controllable clock. */
import type { Hono } from 'hono';
import { createSimulator, type SimulatorOptions, type Subscriber } from '../../../src/testmode/index.js';
import type { DqeErrorId } from '../../../src/protocol/errors.js';
import { CAMILLE_LINE, JEAN_PIERRE_LINE, LEA_LINE, userInfosOf } from '../../fixtures/subscribers.js';
import { MATCH_ERROR_TABLE, RETRIEVAL_ERROR_TABLE, TOKEN_ERROR_TABLE } from '../upstreams/fixtures/dqe.js';

export const BASE = 'http://sim.test';

export function form(params: Record<string, string | undefined>): RequestInit {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) body.set(k, v);
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() };
}

/**
 * The exact text DQE sends for an error id: its `error_type` as DQE's documentation writes it (the tables quoted in
 * test/node/upstreams/fixtures/dqe.ts, the operator Orange), never the simulator's own table.
 */
export function errorText(id: DqeErrorId): string {
  const documented = [...MATCH_ERROR_TABLE, ...TOKEN_ERROR_TABLE, ...RETRIEVAL_ERROR_TABLE].find((e) => e.id === id);
  if (!documented) throw new Error(`no documented error_type for ${id}`);
  return JSON.stringify({ status: 'error', error_type: documented.type, error_id: id });
}

export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
}

export const CAMILLE = userInfosOf(CAMILLE_LINE);
export const JEAN_PIERRE = userInfosOf(JEAN_PIERRE_LINE);
export const LEA = userInfosOf(LEA_LINE);

/** A perfect match, as DQE's scores shape (gender as given; address scores strings, or numbers for some operators). */
export function perfect(gender: number | '' = 1, addressAsNumbers = false) {
  const one = addressAsNumbers ? 1 : '1';
  return {
    family_name: 1,
    gender,
    birthdate: 1,
    given_name: 1,
    address: { country: one, postal_code: one, street_address: one, locality: one },
    email: 1,
  };
}

/**
 * The retrieval result as DQE's retrieval pages show it: wrapped, the scores under `matching`, `code_name` echoing
 * the one sent with `/IDMOBILE/` (`""` when none was sent).
 */
export function wrapped(scores: unknown, scope = 'matching_notp', codeName = '') {
  return { status: 'success', scope, code_name: codeName, matching: scores };
}

/** `/GET/`'s pending answer, with the scope as DQE's retrieval pages show it. */
export const PENDING_TEXT = '{"status":"pending","scope":"matching_notp"}';

/** `/ACCESS_TOKEN/` for the test mode's demo account. */
export const tokenForm = (): RequestInit =>
  form({ licence: 'demo', client_secret: 'demo', grant_type: 'client_idmobile' });

/** `/IDMOBILE/` with the demo licence for a subscriber's line, her record as `user_infos`, and this `redirect_uri`. */
export function matchForm(token: string, s: Subscriber, redirect: string): RequestInit {
  return form({
    licence: 'demo',
    token,
    number: s.phone,
    mode: '2',
    name: 'x',
    scope: 'matching_notp',
    redirect_uri: redirect,
    user_infos: JSON.stringify(userInfosOf(s)),
  });
}

export async function getToken(sim: Hono): Promise<string> {
  const res = await sim.request(`${BASE}/ACCESS_TOKEN/`, tokenForm());
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

/** A simulator with a token ready, and a function posting `/IDMOBILE/` with valid defaults overridden. */
export async function setup(options: SimulatorOptions = {}) {
  const sim = createSimulator({ allowedRedirectOrigins: ['https://shop.example'], ...options });
  const token = await getToken(sim);
  const match = (
    phone: string,
    overrides: Record<string, string | undefined> = {},
    infos: Record<string, unknown> = CAMILLE,
  ) =>
    sim.request(
      `${BASE}/IDMOBILE/`,
      form({
        licence: 'demo',
        token,
        number: phone,
        mode: '2',
        name: 'Boutique Test',
        scope: 'matching_notp',
        redirect_uri: 'https://shop.example/checkout?idmobile_return=1',
        user_infos: JSON.stringify(infos),
        ...overrides,
      }),
    );
  return { sim, token, match };
}
