/**
 * PKCE (RFC 7636) for the authorization-code flow: a fresh `code_verifier` per check (32 random bytes,
 * base64url: 43 characters) and its `S256` challenge. The verifier stays in the relay (encrypted in its store);
 * only the challenge travels with the shopper.
 */
const base64url = (bytes: Uint8Array): string => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** `bytes` random bytes, base64url without padding (32 bytes: 43 characters). */
export function randomBase64url(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export const newCodeVerifier = (): string => randomBase64url();

/** `BASE64URL(SHA256(ASCII(code_verifier)))`. */
export async function codeChallengeS256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}
