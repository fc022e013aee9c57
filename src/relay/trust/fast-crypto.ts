/**
 * The relay's per-check cryptography, fast where the runtime allows it: a check binds its phone number and up to
 * nine identity fields (ten HMACs), seals the consent state (a compact JWE, `dir` + A256GCM) and signs an
 * attestation (a compact JWS, HS256). Web Crypto everywhere (jose for the JOSE formats); where the runtime
 * exposes Node's `crypto` module through `process.getBuiltinModule` (Node >= 20.16, Bun, Deno), its synchronous
 * HMAC and AES-GCM instead, which cost microseconds where each Web Crypto call is a trip through the thread pool
 * (the relay's throughput doubled; see BENCHMARKS.md). Runtime-neutral: nothing is imported from Node; its
 * module is looked up at run time, and workerd (no `process`) keeps Web Crypto.
 *
 * Both paths produce the same formats, checked by jose (attestations and states are verified and opened with
 * jose only) and by tests that compare them byte for byte where they are deterministic.
 */
import { base64url, CompactEncrypt, CompactSign } from 'jose';

const encoder = new TextEncoder();

/** Node's key objects for the keys imported here (the synchronous path), kept in this module only. */
const nativeKeys = new WeakMap<CryptoKey, unknown>();
/** Raw bytes of those keys, until the synchronous path has made its key object from them. */
const rawBytes = new WeakMap<CryptoKey, Uint8Array>();

interface NodeBuffer extends Uint8Array {
  toString(encoding?: 'base64url'): string;
}

interface NodeModules {
  createSecretKey(key: Uint8Array): unknown;
  createHmac(algorithm: 'sha256', key: unknown): { update(data: string): { digest(encoding: 'base64url'): string } };
  createCipheriv(
    algorithm: 'aes-256-gcm',
    key: unknown,
    iv: Uint8Array,
  ): {
    setAAD(aad: Uint8Array): unknown;
    update(data: Uint8Array): NodeBuffer;
    final(): NodeBuffer;
    getAuthTag(): NodeBuffer;
  };
  /** `Buffer.from(text).toString('base64url')`. */
  b64(text: string | Uint8Array): string;
}

let native: NodeModules | null | undefined;
let nativeAllowed = true;

function nodeCrypto(): NodeModules | null {
  if (!nativeAllowed) return null;
  if (native !== undefined) return native;
  native = null;
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const crypto = proc?.getBuiltinModule?.('node:crypto') as Partial<NodeModules> | undefined;
    const buffer = proc?.getBuiltinModule?.('node:buffer') as
      { Buffer?: { from(v: string | Uint8Array): NodeBuffer } } | undefined;
    const Buffer = buffer?.Buffer;
    if (
      typeof crypto?.createHmac === 'function' &&
      typeof crypto.createCipheriv === 'function' &&
      typeof crypto.createSecretKey === 'function' &&
      Buffer
    ) {
      native = {
        createSecretKey: crypto.createSecretKey.bind(crypto),
        createHmac: crypto.createHmac.bind(crypto),
        createCipheriv: crypto.createCipheriv.bind(crypto),
        b64: (v) => Buffer.from(v).toString('base64url'),
      };
    }
  } catch {
    native = null;
  }
  return native;
}

/** Node's key object for `key` when the synchronous path can use it, else null. */
function nativeKey(node: NodeModules, key: CryptoKey): unknown {
  let k = nativeKeys.get(key);
  if (k === undefined) {
    const bytes = rawBytes.get(key);
    if (!bytes) return null;
    k = node.createSecretKey(bytes);
    nativeKeys.set(key, k);
  }
  return k;
}

/** Whether the synchronous path is in use here (Node's crypto found and not turned off). */
export function nativeCryptoInUse(): boolean {
  return nodeCrypto() !== null;
}

/** For tests: `false` forces Web Crypto (as on workerd), `true` restores the fast path where available. */
export function useNativeCrypto(allowed: boolean): void {
  nativeAllowed = allowed;
}

/** An HMAC-SHA-256 key from raw bytes (non-extractable for Web Crypto). */
export async function importHmacKey(
  bytes: Uint8Array<ArrayBuffer>,
  usages: KeyUsage[] = ['sign', 'verify'],
): Promise<CryptoKey> {
  const key = await crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, usages);
  rawBytes.set(key, bytes.slice());
  return key;
}

/** An AES-256-GCM key from raw bytes (non-extractable for Web Crypto). */
export async function importAesGcmKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const key = await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  rawBytes.set(key, bytes.slice());
  return key;
}

/** base64url HMAC-SHA-256 of `data` (UTF-8). */
export async function hmacBase64url(key: CryptoKey, data: string): Promise<string> {
  const node = nodeCrypto();
  const k = node && nativeKey(node, key);
  if (node && k) return node.createHmac('sha256', k).update(data).digest('base64url');
  return base64url.encode(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data))));
}

/** A compact JWS, HS256, of `claims` with the protected header `{alg: "HS256", ...header}`. */
export async function signHs256(header: { typ?: string }, claims: object, key: CryptoKey): Promise<string> {
  const protectedHeader = { alg: 'HS256', ...header };
  const node = nodeCrypto();
  const k = node && nativeKey(node, key);
  if (node && k) {
    const input = `${node.b64(JSON.stringify(protectedHeader))}.${node.b64(JSON.stringify(claims))}`;
    return `${input}.${node.createHmac('sha256', k).update(input).digest('base64url')}`;
  }
  return new CompactSign(encoder.encode(JSON.stringify(claims))).setProtectedHeader(protectedHeader).sign(key);
}

/**
 * A compact JWE of `claims` (JSON-encoded; a string is taken as the plaintext itself, byte for byte): key
 * management `dir`, content encryption A256GCM (a fresh 96-bit IV each time). A256GCM ciphertext is as long as its
 * plaintext: a fixed-length plaintext gives a fixed-length token.
 */
export async function encryptDirA256Gcm(claims: object | string, key: CryptoKey): Promise<string> {
  const protectedHeader = { alg: 'dir', enc: 'A256GCM' };
  const plaintext = encoder.encode(typeof claims === 'string' ? claims : JSON.stringify(claims));
  const node = nodeCrypto();
  const k = node && nativeKey(node, key);
  if (node && k) {
    const header = node.b64(JSON.stringify(protectedHeader));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const cipher = node.createCipheriv('aes-256-gcm', k, iv);
    cipher.setAAD(encoder.encode(header));
    const head = cipher.update(plaintext);
    const tail = cipher.final();
    // GCM is a stream mode: final() adds nothing but is read all the same
    const ciphertext = tail.length === 0 ? head.toString('base64url') : node.b64(Uint8Array.from([...head, ...tail]));
    return `${header}..${node.b64(iv)}.${ciphertext}.${cipher.getAuthTag().toString('base64url')}`;
  }
  return new CompactEncrypt(plaintext).setProtectedHeader(protectedHeader).encrypt(key);
}
