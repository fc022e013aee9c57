/**
 * How the relay authenticates to the operator's authorization server (token endpoint, `bc-authorize`):
 * - `client_secret_basic` (RFC 6749 §2.3.1; sandboxes, some aggregators): HTTP Basic of the form-encoded id and
 *   secret;
 * - `private_key_jwt` (OpenID Connect Core §9, RFC 7523; the CAMARA Identity and Consent Management profile's
 *   MUST): a short-lived JWT signed with the relay's private key, `aud` the endpoint it is sent to, in the form
 *   body (private-key-jwt.ts).
 * Either way the caller gets what to add to one request: headers and form parameters.
 */
export interface ClientCredentials {
  headers: Record<string, string>;
  params: Record<string, string>;
}

/** What to add to a request sent to `endpoint` (its URL: the audience of a client assertion). */
export type ClientAuthenticator = (endpoint: string) => Promise<ClientCredentials>;

/** `client_secret_basic`: the form-encoded id and secret, base64 of `id:secret`. */
export function basicAuth(clientId: string, clientSecret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  const bytes = new TextEncoder().encode(`${enc(clientId)}:${enc(clientSecret)}`);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `Basic ${btoa(bin)}`;
}

export function basicClientAuth(clientId: string, clientSecret: string): ClientAuthenticator {
  const authorization = basicAuth(clientId, clientSecret);
  return () => Promise.resolve({ headers: { authorization }, params: {} });
}
