/**
 * The CAMARA face's OpenID Provider metadata (OpenID Connect Discovery 1.0 §3, CIBA Core §4, RFC 8414), served at
 * `{issuer}/.well-known/openid-configuration` (and RFC 8414's `oauth-authorization-server`). The issuer and the
 * back-channel endpoints are where the client reached the simulator; the authorization endpoint is the
 * browser-facing one (the simulator's `publicUrl` when set). Pure.
 */
import { CLIENT_ASSERTION_ALGORITHMS } from './client-auth.js';
import { KYC_MATCH_SCOPE } from './match.js';

export const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba';
/** Scopes the CAMARA face knows: OpenID, the purpose CAMARA's profile uses, KYC Match's and SIM Swap's. */
export const CAMARA_SCOPES = [
  'openid',
  'dpv:FraudPreventionAndDetection',
  KYC_MATCH_SCOPE,
  'sim-swap:check',
  'sim-swap:retrieve-date',
] as const;

export function openidConfiguration(issuer: string, browserIssuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${browserIssuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    backchannel_authentication_endpoint: `${issuer}/bc-authorize`,
    jwks_uri: `${issuer}/jwks.json`,
    scopes_supported: [...CAMARA_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', CIBA_GRANT_TYPE, 'client_credentials'],
    subject_types_supported: ['public'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
    backchannel_token_delivery_modes_supported: ['poll'],
    backchannel_user_code_parameter_supported: false,
  };
}
