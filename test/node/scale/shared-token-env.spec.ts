/**
 * createRelayFromEnv shares the upstream's token through the store for both upstreams, over real HTTP to the
 * simulator on loopback: two relays on one store (standing for two instances on one Redis) make one token request
 * for concurrent checks, DQE's token and CAMARA's client_credentials token alike; each on its own store, two.
 */
import { expect, test } from '@playwright/test';
import { createRelayFromEnv } from '../../../src/relay/from-env.js';
import { createMemoryStore } from '../../../src/relay/store/memory.js';
import type { RelayStore } from '../../../src/relay/store/types.js';
import { startSimulator, type Simulator } from './servers.js';
import { CAMILLE_LINE, namesOf } from '../../fixtures/subscribers.js';

let simulator: Simulator;

test.beforeAll(async () => {
  simulator = await startSimulator();
});

test.afterAll(async () => {
  await simulator.stop();
});

const SECRET = 'shared-token-env-attestation-secret-0123456789';

const upstreams = {
  dqe: () => ({
    RELAY_MODE: 'dqe',
    DQE_BASE_URL: simulator.baseUrl,
    DQE_LICENCE: 'demo',
    DQE_CLIENT_SECRET: 'demo',
    DQE_PARTNER_NAME: 'shared token test',
  }),
  camara: () => ({
    RELAY_MODE: 'camara',
    CAMARA_API_ROOT: `${simulator.baseUrl}/camara`,
    CAMARA_TOKEN_URL: `${simulator.baseUrl}/camara/token`,
    CAMARA_CLIENT_ID: 'demo',
    CAMARA_CLIENT_SECRET: 'demo',
    CAMARA_AUTH: 'client_credentials',
  }),
};

const requests = (mode: keyof typeof upstreams) =>
  mode === 'dqe' ? simulator.tokenRequests() : simulator.camaraTokenRequests();

async function checks(stores: RelayStore[], mode: keyof typeof upstreams): Promise<number> {
  const before = requests(mode);
  const relays = stores.map(
    (store) =>
      createRelayFromEnv(
        {
          ...upstreams[mode](),
          ATTESTATION_SECRET: SECRET,
          RELAY_REQUIRE_SESSION: 'false',
          RELAY_RATE_LIMIT_MAX: '0',
          RELAY_PHONE_CAP: '0',
          // each check from a client of its own (below): the per-(number, client) limit is not this test's subject
          RELAY_TRUST_PROXY: '1',
        },
        { store, logger: () => {} },
      ).relay,
  );
  const answers = await Promise.all(
    Array.from({ length: 20 }, async (_, i) =>
      relays[i % relays.length]!.request('http://relay.test/match', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
        body: JSON.stringify({
          scope: 'matching_notp',
          phone: CAMILLE_LINE.phone,
          identity: namesOf(CAMILLE_LINE),
          v: 3,
        }),
      }),
    ),
  );
  for (const a of answers) {
    expect(a.status).toBe(200);
    expect(((await a.json()) as Record<string, unknown>)['family_name']).toBe(1);
  }
  return requests(mode) - before;
}

for (const mode of ['dqe', 'camara'] as const) {
  test(`${mode}: two relays on one store make one token request for 20 concurrent checks`, async () => {
    const shared = createMemoryStore();
    expect(await checks([shared, shared], mode)).toBe(1);
  });

  test(`${mode}: two relays on stores of their own make one each`, async () => {
    expect(await checks([createMemoryStore(), createMemoryStore()], mode)).toBe(2);
  });
}
