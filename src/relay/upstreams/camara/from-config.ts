/**
 * A CAMARA upstream from the relay's validated configuration (`CAMARA_*`, upstreams/config.ts): the endpoints set
 * one by one or read by OpenID discovery from `CAMARA_ISSUER` (explicit ones win), the client authentication
 * (`private_key_jwt` with the key imported once, its public half served as the JWKS; or `client_secret_basic`),
 * the flows, the match URL and scope, the callback under `RELAY_PUBLIC_URL`, and the encrypted records in the
 * relay's store (shared by a fleet).
 */
import type { Logger } from '../../log.js';
import type { RelayStore } from '../../store/types.js';
import { createUpstreamVault } from '../../trust/vault.js';
import type { CamaraConfig } from '../config.js';
import { createExchange } from '../http.js';
import type { PromptGate } from '../prompt-gate.js';
import type { TokenCacheFactory } from '../token-cache.js';
import { UpstreamError } from '../upstream-error.js';
import { basicClientAuth, type ClientAuthenticator } from './client-auth.js';
import { createCamaraUpstream, type CamaraUpstream } from './client.js';
import { createDiscovery } from './discovery.js';
import type { OAuthEndpoints } from './oauth.js';
import { clientAssertion, clientAssertionParams, jwksOf, loadClientKey, type ClientKey } from './private-key-jwt.js';

export interface CamaraRuntime {
  /**
   * The relay's store and `ATTESTATION_SECRET`: CIBA and authorization-code records live there, encrypted with
   * keys derived from the secret (shared by a fleet). Without both: this process's memory and a key of its own.
   */
  store?: RelayStore;
  attestationSecret?: string;
  /** `RELAY_PUBLIC_URL` (no trailing slash): the callback is `{publicUrl}/callback`. */
  publicUrl: string | null;
  matchThreshold?: number;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  budgetMs?: number;
  tokenCache?: TokenCacheFactory;
  promptGate?: PromptGate;
  /** `RELAY_SIGNALS=sim_swap`: SimSwap's `check` at `CAMARA_SIM_SWAP_URL` over this window (hours). */
  simSwap?: { maxAgeHours: number } | null;
}

/** `private_key_jwt`: a fresh assertion per request, its audience the endpoint called. */
export function privateKeyJwtAuth(clientId: string, key: Promise<ClientKey>, now: () => number): ClientAuthenticator {
  return async (endpoint) => {
    const assertion = await clientAssertion(await key, { clientId, audience: endpoint, now: now() });
    return { headers: {}, params: clientAssertionParams(assertion) };
  };
}

export function camaraUpstreamOf(config: CamaraConfig, runtime: CamaraRuntime): CamaraUpstream {
  const now = runtime.now ?? Date.now;
  const log = runtime.logger;
  if (config.clientSecret) log.addSecret(config.clientSecret);
  if (config.privateKey) log.addSecret(config.privateKey);

  let key: Promise<ClientKey> | null = null;
  if (config.clientAuth === 'private_key_jwt' && config.privateKey) {
    key = loadClientKey(config.privateKey, config.signingAlg, config.keyId);
    key.catch((e: unknown) =>
      log.error('camara_key_refused', {
        reason: e instanceof Error ? e.message : String(e),
        setting: 'CAMARA_PRIVATE_KEY',
      }),
    );
  }
  const clientAuth: ClientAuthenticator = key
    ? privateKeyJwtAuth(config.clientId, key, now)
    : basicClientAuth(config.clientId, config.clientSecret ?? '');

  const explicit = {
    ...(config.tokenUrl ? { token: config.tokenUrl } : {}),
    ...(config.bcAuthorizeUrl ? { bcAuthorize: config.bcAuthorizeUrl } : {}),
    ...(config.authorizationUrl ? { authorization: config.authorizationUrl } : {}),
  };
  let endpoints: () => Promise<OAuthEndpoints>;
  if (config.issuer) {
    const exchange = createExchange({
      fetch: runtime.fetch,
      timeoutMs: config.timeoutMs,
      now,
      log,
    });
    const discovery = createDiscovery({
      issuer: config.issuer,
      now,
      fetchJson: async (url) => {
        const { status, body } = await exchange({
          endpoint: 'openid-configuration',
          url,
          init: { method: 'GET', headers: { accept: 'application/json' } },
          idempotent: true,
          deadline: now() + config.timeoutMs,
          failure: (s, b) => (s !== 200 ? `HTTP ${s}` : b === undefined ? 'not JSON' : null),
        });
        return { status, body };
      },
    });
    endpoints = async () => {
      let found;
      try {
        found = await discovery.endpoints();
      } catch (e) {
        log.error('camara_discovery_failed', {
          issuer: config.issuer,
          reason: e instanceof Error ? e.message : String(e),
        });
        throw new UpstreamError('R502', 'OpenID discovery failed', 'openid-configuration');
      }
      return {
        token: found.tokenEndpoint,
        ...(found.backchannelAuthenticationEndpoint ? { bcAuthorize: found.backchannelAuthenticationEndpoint } : {}),
        ...(found.authorizationEndpoint ? { authorization: found.authorizationEndpoint } : {}),
        ...explicit,
      };
    };
  } else {
    endpoints = () =>
      explicit.token
        ? Promise.resolve({ token: explicit.token, ...explicit })
        : Promise.reject(new UpstreamError('R502', 'no token endpoint configured', 'token'));
  }
  const hostOf = (url: string | null) => {
    try {
      return url ? new URL(url).host : null;
    } catch {
      return null;
    }
  };

  return createCamaraUpstream({
    matchUrl: config.matchUrl,
    scope: config.scope,
    endpoints,
    clientId: config.clientId,
    clientAuth,
    flows: config.flows,
    operatorName: config.operatorName ?? hostOf(config.issuer) ?? hostOf(config.tokenUrl) ?? 'your operator',
    ...(runtime.publicUrl ? { callbackUrl: `${runtime.publicUrl}/callback` } : {}),
    ...(runtime.store && runtime.attestationSecret
      ? { vault: createUpstreamVault(runtime.store, runtime.attestationSecret) }
      : {}),
    jwks: () => (key ? key.then((k) => jwksOf([k])) : Promise.resolve(null)),
    ...(runtime.matchThreshold !== undefined ? { matchThreshold: runtime.matchThreshold } : {}),
    timeoutMs: config.timeoutMs,
    ...(runtime.budgetMs !== undefined ? { budgetMs: runtime.budgetMs } : {}),
    ...(runtime.fetch ? { fetch: runtime.fetch } : {}),
    now,
    logger: log,
    ...(runtime.tokenCache ? { tokenCache: runtime.tokenCache } : {}),
    ...(runtime.promptGate ? { promptGate: runtime.promptGate } : {}),
    ...(runtime.simSwap && config.simSwapUrl
      ? { simSwap: { url: config.simSwapUrl, maxAgeHours: runtime.simSwap.maxAgeHours } }
      : {}),
  });
}
