/**
 * The attestation's `sealed` claim: what only the merchant's verifier may read (every score, the relay's
 * thresholds and required fields, the final verdict, the signals and the reasons), as a compact JWE (`dir`,
 * `A256GCM`, key derived from `ATTESTATION_SECRET` with HKDF info `idmobile-check sealed v1`: keys.ts).
 *
 * The plaintext has ONE length whatever the outcome, so that the token's length tells its holder nothing
 * (A256GCM ciphertext is as long as its plaintext): a JSON object of fixed-width strings, padded with spaces
 * to {@link SEALED_PLAINTEXT_BYTES} bytes, no compression:
 *
 * `{"v":1,"s":S,"t":T,"r":R,"f":F,"g":G,"n":N}` where
 * - `s`: 27 characters, three per field in the order gender, given_name, family_name, birthdate, email,
 *   address.street_address, address.postal_code, address.locality, address.country: the score × 100 as a
 *   three-digit integer (`000`…`100`), or `---` when not compared;
 * - `t`: 8 digits, the match then the partial threshold × 1000 (`09000600` is 0.9 and 0.6);
 * - `r`: 9 characters, `1` where the field (same order) is required by the relay's verdict policy, else `0`;
 * - `f`: the final verdict, `v` (verified), `i` (inconclusive) or `r` (rejected);
 * - `g`: 5 characters, the SIM-swap signal: `-----` not asked; `u----` asked, unknown; `t` (swapped) or `f`
 *   (not swapped) followed by the window in hours on 4 digits (`f0168`);
 * - `n`: {@link REASON_CODES}.length characters, `1` where that reason holds.
 *
 * Pure apart from the cryptography; never throws on a bad token (null).
 */
import { compactDecrypt } from 'jose';
import { FIELD_PATHS, type FieldPath } from '../../protocol/fields.js';
import { noScores, replaceAt, scoreAt, type Scores, type Thresholds, type Verdict } from '../../protocol/scores.js';
import { encryptDirA256Gcm } from './fast-crypto.js';

/** The reasons a verdict can give, in their fixed order (stable codes: add only at the end). */
export const REASON_CODES = [
  'names_match',
  'names_mismatch',
  'partial_fields',
  'mismatched_fields',
  'unchecked_fields',
  'recent_sim_swap',
  'sim_swap_unknown',
  'id_document_mismatch',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** `sim_swap`: absent when not asked, `null` when the operator could not answer. */
export interface Signals {
  sim_swap?: { swapped: boolean; max_age_hours: number } | null;
}

export interface SealedContent {
  /** Every score the operator gave, withheld from the browser or not (rounded to hundredths). */
  scores: Scores;
  thresholds: Thresholds;
  /** The field paths the relay's verdict policy requires. */
  required: FieldPath[];
  /** The verdict from every score and the signals: what `/verify` answers. */
  final_verdict: Verdict;
  signals: Signals;
  reasons: ReasonCode[];
}

export const SEALED_PLAINTEXT_BYTES = 1024;

const VERDICT_CODE: Record<Verdict, string> = { verified: 'v', inconclusive: 'i', rejected: 'r' };
const CODE_VERDICT: Record<string, Verdict> = { v: 'verified', i: 'inconclusive', r: 'rejected' };

const three = (n: number) => String(Math.round(n)).padStart(3, '0');

function encodeSignal(signals: Signals): string {
  if (!('sim_swap' in signals) || signals.sim_swap === undefined) return '-----';
  const s = signals.sim_swap;
  if (s === null) return 'u----';
  const hours = Math.min(9999, Math.max(0, Math.round(s.max_age_hours)));
  return `${s.swapped ? 't' : 'f'}${String(hours).padStart(4, '0')}`;
}

/** The fixed-length plaintext of a sealed claim. */
export function encodeSealed(content: SealedContent): string {
  const s = FIELD_PATHS.map((p) => {
    const v = scoreAt(content.scores, p);
    return v === null ? '---' : three(Math.min(1, Math.max(0, v)) * 100);
  }).join('');
  const t = `${String(Math.round(content.thresholds.match * 1000)).padStart(4, '0')}${String(
    Math.round(content.thresholds.partial * 1000),
  ).padStart(4, '0')}`;
  const r = FIELD_PATHS.map((p) => (content.required.includes(p) ? '1' : '0')).join('');
  const n = REASON_CODES.map((c) => (content.reasons.includes(c) ? '1' : '0')).join('');
  const json = JSON.stringify({
    v: 1,
    s,
    t,
    r,
    f: VERDICT_CODE[content.final_verdict],
    g: encodeSignal(content.signals),
    n,
  });
  return json.padEnd(SEALED_PLAINTEXT_BYTES, ' ');
}

const SHAPE = {
  s: /^(?:\d{3}|---){9}$/,
  t: /^\d{8}$/,
  r: /^[01]{9}$/,
  f: /^[vir]$/,
  g: /^(?:-----|u----|[tf]\d{4})$/,
  n: new RegExp(`^[01]{${REASON_CODES.length}}$`),
};

/** The content of a sealed plaintext, or null when it is not one. */
export function decodeSealed(plaintext: string): SealedContent | null {
  if (plaintext.length !== SEALED_PLAINTEXT_BYTES) return null;
  let o: unknown;
  try {
    o = JSON.parse(plaintext);
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object') return null;
  const x = o as Record<string, unknown>;
  if (x['v'] !== 1) return null;
  for (const [k, re] of Object.entries(SHAPE)) {
    const v = x[k];
    if (typeof v !== 'string' || !re.test(v)) return null;
  }
  const [s, t, r, f, g, n] = (['s', 't', 'r', 'f', 'g', 'n'] as const).map((k) => x[k] as string) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  let scores: Scores = noScores();
  FIELD_PATHS.forEach((p, i) => {
    const cell = s.slice(i * 3, i * 3 + 3);
    if (cell === '---') return;
    const value = Number(cell);
    if (value > 100) return;
    scores = replaceAt<Scores, number | null>(scores, [p], value / 100);
  });
  const match = Number(t.slice(0, 4)) / 1000;
  const partial = Number(t.slice(4)) / 1000;
  const signals: Signals = {};
  if (g !== '-----')
    signals.sim_swap = g === 'u----' ? null : { swapped: g[0] === 't', max_age_hours: Number(g.slice(1)) };
  return {
    scores,
    thresholds: { match, partial },
    required: FIELD_PATHS.filter((_, i) => r[i] === '1'),
    final_verdict: CODE_VERDICT[f] as Verdict,
    signals,
    reasons: REASON_CODES.filter((_, i) => n[i] === '1'),
  };
}

/** Seals the content under the sealed key: a compact JWE of constant length. */
export function seal(content: SealedContent, sealedKey: CryptoKey): Promise<string> {
  return encryptDirA256Gcm(encodeSealed(content), sealedKey);
}

/** Opens a sealed claim; null when it does not open or is not a sealed content. */
export async function openSealed(token: string, sealedKey: CryptoKey): Promise<SealedContent | null> {
  if (token.length > 4096 || !/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return null;
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(token, sealedKey, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    if (protectedHeader.zip !== undefined) return null;
    return decodeSealed(new TextDecoder().decode(plaintext));
  } catch {
    return null;
  }
}
