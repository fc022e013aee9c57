/**
 * A relay in DQE mode, as production runs it (sessions required, the server API on), in front of the test mode's
 * simulator, whose Orange line (Léa Bernard) asks for consent: the whole consent trip over HTTP, the way a
 * shopper's browser and the merchant's backend drive it.
 */
import { expect } from '@playwright/test';
import { createRelay, type RelayOptions } from '../../../src/relay/app.js';
import { createLogger } from '../../../src/relay/log.js';
import { createDqeUpstream } from '../../../src/relay/upstreams/dqe/client.js';
import { createSimulator, DEMO_CLIENT_SECRET, DEMO_LICENCE } from '../../../src/testmode/index.js';
import { LEA_LINE } from '../../fixtures/subscribers.js';
import { ATTESTATION_SECRET } from './fake-upstream.js';

export const SHOP = 'https://shop.example';
export const API_KEY = 'server-api-key-0123456789abcdef0123456789';
type Json = Record<string, unknown>;
const json = async (res: Response) => (await res.json()) as Json;

export function relayOnSimulator(options: Partial<RelayOptions> = {}) {
  const simulator = createSimulator({ allowedRedirectOrigins: [SHOP], publicUrl: 'https://sim.example' });
  const relay = createRelay({
    mode: 'dqe',
    upstream: createDqeUpstream({
      baseUrl: 'https://sim.example',
      licence: DEMO_LICENCE,
      clientSecret: DEMO_CLIENT_SECRET,
      partnerName: 'Shop',
      fetch: (i, init) => Promise.resolve(simulator.fetch(new Request(i, init))),
      logger: createLogger({ sink: () => {} }),
    }),
    allowedOrigins: [SHOP],
    attestationSecret: ATTESTATION_SECRET,
    apiKey: API_KEY,
    logger: () => {},
    ...options,
  });
  const call = (path: string, body: unknown, headers: Record<string, string>) =>
    relay.request(`https://relay.example${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** A call from the shop's page. */
  const browser = (path: string, body: unknown) => call(path, body, { origin: SHOP });
  /** A call from the merchant's backend. */
  const server = (path: string, body: unknown) => call(path, body, { authorization: `Bearer ${API_KEY}` });
  const session = async (reference: string) =>
    ((await json(await server('/sessions', { reference }))) as { session: string }).session;
  /** A check on Léa's (consent) line, decided on the operator's page: where the shopper comes back. */
  const consentTrip = async (identity: unknown, session: string, decision: 'accept' | 'refuse') => {
    const consent = await json(
      await browser('/match', {
        scope: 'matching_notp',
        phone: LEA_LINE.phone,
        identity,
        return_url: `${SHOP}/checkout?idmobile_return=1`,
        session,
        v: 3,
      }),
    );
    expect(consent).toMatchObject({ status: 'success', operator: 'Orange' });
    const decided = await simulator.request(new URL(consent['url'] as string).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `decision=${decision}`,
    });
    const back = new URL(decided.headers.get('location')!);
    return { back, token: back.searchParams.get('token')!, state: back.searchParams.get('idmobile_state')! };
  };
  /** `/result` polled past the simulator's one `pending`. */
  const result = async (body: Json) => {
    let res = await browser('/result', body);
    for (let i = 0; i < 3 && (await json(res.clone()))['status'] === 'pending'; i++)
      res = await browser('/result', body);
    return res;
  };
  return { simulator, relay, browser, server, session, consentTrip, result };
}
