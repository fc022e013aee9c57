/**
 * The relay on the in-process test mode: the simulator is called as a function (no socket), with its demo
 * credentials, through the same upstream implementation as a real operator: DQE's (default) or CAMARA KYC Match's
 * (`upstream: 'camara'`, CIBA by default). Attestations say `mode: "test"`: verifiers refuse them unless they run
 * in test mode or opt in. The simulator is told the relay's allowed origins (plus loopback): it redirects nowhere
 * else.
 */
import { Hono } from 'hono';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { LOOPBACK_ORIGINS } from '../protocol/origins.js';
import {
  CAMARA_CLIENT_ID,
  CAMARA_CLIENT_SECRET,
  CAMARA_PATHS,
  createSimulator,
  DEMO_CLIENT_SECRET,
  DEMO_LICENCE,
} from '../testmode/index.js';
import { createRelay, type RelayOptions } from './app.js';
import { createLogger } from './log.js';
import { createMemoryStore } from './store/memory.js';
import { createUpstreamVault } from './trust/vault.js';
import { createCamaraUpstream, type CamaraFlow } from './upstreams/camara/client.js';
import { privateKeyJwtAuth } from './upstreams/camara/from-config.js';
import { jwksOf, type ClientKey } from './upstreams/camara/private-key-jwt.js';
import { createDqeUpstream } from './upstreams/dqe/client.js';
import type { NumberFormat } from './upstreams/dqe/translate.js';
import type { Upstream } from './upstreams/types.js';
import type { SignalSettings } from './signals/settings.js';

/** Base URL the relay uses for the in-process simulator (never resolved: calls go straight to `simulator.fetch`). */
export const TEST_MODE_BASE_URL = 'http://testmode.invalid';

export interface TestModeRelayOptions extends Omit<RelayOptions, 'mode' | 'upstream'> {
  /** Which operator API the relay speaks to the simulator: `dqe` (default) or `camara`. */
  upstream?: 'dqe' | 'camara';
  /** CAMARA's token flows on the simulator, first preferred (default `ciba`). */
  camaraAuth?: CamaraFlow | readonly CamaraFlow[];
  /**
   * The relay's own public base URL (`RELAY_PUBLIC_URL`, e.g. `http://localhost:8787/api/idmobile`): the
   * authorization-code flow's callback is `{relayPublicUrl}/callback`.
   */
  relayPublicUrl?: string;
  /**
   * Browser-facing URL where the simulator is served (e.g. `http://localhost:8787/simulator`), used in consent
   * URLs. Without it the consent URL points at the unreachable in-process base.
   */
  simulatorPublicUrl?: string;
  /** Lifetime of the simulator's access tokens in seconds (short values exercise token renewal). */
  tokenTtlSeconds?: number;
  /** CIBA polling interval the simulator announces, in seconds (default 2). */
  cibaIntervalSeconds?: number;
  /** How long the simulator's CIBA subscribers take to approve, in ms (default 4000; 0: at once). */
  cibaApprovalMs?: number;
  /**
   * How the relay authenticates to the simulator's CAMARA face: `private_key_jwt` (the profile's MUST; a key pair
   * made for this relay, its public half served at `/.well-known/jwks.json` and trusted by the simulator) by
   * default, `client_secret_basic` with `client_credentials` (a sandbox's way).
   */
  camaraClientAuth?: 'private_key_jwt' | 'client_secret_basic';
  /** Upstream client time limits (ms) and DQE's number format. */
  dqe?: { timeoutMs?: number; budgetMs?: number; numberFormat?: NumberFormat };
  /** Partner name sent to the simulator (shown on its consent page). */
  partnerName?: string;
  /**
   * The signals asked next to each match (`RELAY_SIGNALS`): with `sim_swap`, DQE's `simswap` scope or CAMARA
   * SimSwap's `check` on the simulator (its SIM-swapped and non-answering lines show both outcomes).
   */
  signals?: SignalSettings;
}

/** A key pair of this test-mode relay for `private_key_jwt` (ES256, made at start, never leaves the process). */
async function testModeClientKey(): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { alg: 'ES256', kid, privateKey, publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } };
}

/**
 * An operator URL of the in-process simulator (`http://testmode.invalid/…`) as the browser reaches it: under the
 * relay's own `/simulator`, at the URL the request came to (`…/match` or `…/result` removed).
 */
export function throughOwnSimulator(url: string, requestUrl: string): string {
  if (!url.startsWith(`${TEST_MODE_BASE_URL}/`)) return url;
  const request = new URL(requestUrl);
  const base = `${request.origin}${request.pathname.replace(/\/(?:match|result)$/, '')}`;
  return `${base}/simulator${url.slice(TEST_MODE_BASE_URL.length)}`;
}

/** Creates the simulator and a relay whose upstream calls it in-process. */
export function createTestModeRelay(options: TestModeRelayOptions): {
  relay: Hono;
  simulator: Hono;
  upstream: Upstream;
} {
  const {
    simulatorPublicUrl,
    tokenTtlSeconds,
    cibaIntervalSeconds,
    cibaApprovalMs,
    camaraClientAuth,
    dqe,
    partnerName,
    camaraAuth,
    relayPublicUrl,
    signals,
    upstream: which = 'dqe',
    ...relayOptions
  } = options;
  const flows: readonly CamaraFlow[] =
    camaraAuth === undefined ? ['ciba'] : typeof camaraAuth === 'string' ? [camaraAuth] : camaraAuth;
  const keyPair =
    which === 'camara' &&
    (camaraClientAuth ?? (flows[0] === 'client_credentials' ? 'client_secret_basic' : 'private_key_jwt')) ===
      'private_key_jwt'
      ? testModeClientKey()
      : null;
  const jwks = keyPair ? () => keyPair.then((k) => jwksOf([k])) : null;
  const simulator = createSimulator({
    publicUrl: simulatorPublicUrl,
    tokenTtlSeconds,
    cibaIntervalSeconds,
    ...(cibaApprovalMs !== undefined ? { cibaApprovalMs } : {}),
    ...(jwks ? { camaraClientJwks: jwks } : {}),
    now: relayOptions.now,
    allowedRedirectOrigins: [...relayOptions.allowedOrigins, ...LOOPBACK_ORIGINS],
  });
  const inProcess: typeof fetch = (input, init) => Promise.resolve(simulator.fetch(new Request(input, init)));
  const logger = createLogger({
    sink: relayOptions.logger,
    secrets: [relayOptions.attestationSecret],
    now: relayOptions.now,
  });
  const store = relayOptions.store ?? createMemoryStore({ now: relayOptions.now });
  const simulatorBase = simulatorPublicUrl ?? TEST_MODE_BASE_URL;
  const simSwap = signals?.simSwap ?? null;
  const upstream: Upstream =
    which === 'camara'
      ? createCamaraUpstream({
          apiRoot: `${TEST_MODE_BASE_URL}${CAMARA_PATHS.apiRoot}`,
          tokenUrl: `${TEST_MODE_BASE_URL}${CAMARA_PATHS.token}`,
          authorizeUrl: `${TEST_MODE_BASE_URL}${CAMARA_PATHS.authorize}`,
          authorizationUrl: `${simulatorBase}${CAMARA_PATHS.authorization}`,
          clientId: CAMARA_CLIENT_ID,
          ...(keyPair
            ? { clientAuth: privateKeyJwtAuth(CAMARA_CLIENT_ID, keyPair, relayOptions.now ?? Date.now) }
            : { clientSecret: CAMARA_CLIENT_SECRET }),
          ...(jwks ? { jwks } : {}),
          flows,
          operatorName: 'Orange (test mode)',
          ...(relayPublicUrl ? { callbackUrl: `${relayPublicUrl.replace(/\/+$/, '')}/callback` } : {}),
          vault: createUpstreamVault(store, relayOptions.attestationSecret),
          ...(simSwap ? { simSwap: { url: `${TEST_MODE_BASE_URL}${CAMARA_PATHS.simSwapCheck}`, ...simSwap } } : {}),
          fetch: inProcess,
          timeoutMs: dqe?.timeoutMs,
          budgetMs: dqe?.budgetMs,
          now: relayOptions.now,
          logger,
        })
      : createDqeUpstream({
          baseUrl: TEST_MODE_BASE_URL,
          licence: DEMO_LICENCE,
          clientSecret: DEMO_CLIENT_SECRET,
          partnerName: partnerName ?? 'idmobile-check test mode',
          simSwap,
          fetch: inProcess,
          now: relayOptions.now,
          logger,
          ...dqe,
        });
  if (simulatorPublicUrl !== undefined) {
    return { relay: createRelay({ ...relayOptions, store, mode: 'test', upstream }), simulator, upstream };
  }
  // no public URL given for the simulator: the relay serves it under its own `/simulator`, wherever the relay is
  // mounted, and the operator URLs it answers point there (read from each request's own URL)
  const app = createRelay({ ...relayOptions, store, mode: 'test', upstream, rewriteConsentUrl: throughOwnSimulator });
  const relay = new Hono({ strict: false });
  relay.route('/simulator', simulator);
  relay.route('/', app);
  return { relay, simulator, upstream };
}
