/**
 * `npm run relay` with RELAY_MODE=camara (and dqe) against the simulator run alone on a port (`npm run simulator`):
 * the configuration read from the environment builds the right upstream, over real sockets.
 */
import { expect, test } from '@playwright/test';
import type { ServerType } from '@hono/node-server';
import { createServer } from 'node:net';
import { startRelayServer } from '../../../src/relay/node.js';
import { startSimulatorServer } from '../../../src/testmode/node.js';
import { CONTRACT_MATCH_REQUEST } from '../../fixtures/contract-example.js';

const close = (server: ServerType) =>
  new Promise<void>((done) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    server.close(() => done());
  });

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

for (const mode of ['camara', 'dqe'] as const) {
  test(`RELAY_MODE=${mode} on the simulator: /health names the mode, /match answers the scores`, async () => {
    // run alone, the simulator redirects only to the origins it is told (as RELAY_ALLOWED_ORIGINS tells npm run simulator)
    const sim = await startSimulatorServer(0, { allowedRedirectOrigins: ['https://shop.example'] }, '127.0.0.1');
    const base = `http://127.0.0.1:${sim.port}`;
    const env =
      mode === 'camara'
        ? {
            RELAY_MODE: 'camara',
            CAMARA_API_ROOT: `${base}/camara`,
            CAMARA_TOKEN_URL: `${base}/camara/token`,
            CAMARA_AUTHORIZE_URL: `${base}/camara/bc-authorize`,
            CAMARA_CLIENT_ID: 'demo',
            CAMARA_CLIENT_SECRET: 'demo',
          }
        : { DQE_LICENCE: 'demo', DQE_CLIENT_SECRET: 'demo', DQE_BASE_URL: base, DQE_PARTNER_NAME: 'Shop' };
    const relay = await startRelayServer({
      ...env,
      PORT: String(await freePort()),
      ATTESTATION_SECRET: 'a'.repeat(40),
      RELAY_ALLOWED_ORIGINS: 'https://shop.example',
      HOST: '127.0.0.1',
      RELAY_REQUIRE_SESSION: 'false',
    }).catch(async (e: unknown) => {
      await close(sim.server);
      throw e;
    });
    try {
      const url = `http://127.0.0.1:${relay.port}`;
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', mode });
      const res = await fetch(`${url}/match`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
        body: JSON.stringify(CONTRACT_MATCH_REQUEST),
      });
      let json = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(json)).toBe(200);
      // CAMARA CIBA: pending while the subscriber approves; the widget polls /result as the relay says
      const { token, state } = json as { token?: string; state?: string };
      for (let poll = 0; json['status'] === 'pending' && poll < 10; poll++) {
        const wait = Number(json['retry_after'] ?? json['interval'] ?? 1);
        await new Promise((r) => setTimeout(r, wait * 1000));
        const next = await fetch(`${url}/result`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
          body: JSON.stringify({ token, state }),
        });
        json = (await next.json()) as Record<string, unknown>;
      }
      expect(json['family_name'], JSON.stringify(json)).toBe(1);
      expect(json['gender']).toBe(''); // SFR holds no gender: "" on DQE, not_available on CAMARA
      expect(typeof json['attestation']).toBe('string');
    } finally {
      await relay.close();
      await close(sim.server);
    }
  });
}
