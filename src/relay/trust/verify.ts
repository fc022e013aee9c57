/**
 * Verification of an attestation against the merchant's order: what `POST /verify` and the in-process
 * {@link verifyAttestation} answer. It FAILS CLOSED: whatever the attestation binds must be given and must agree,
 * and every code that applies is listed. Decide on the answer's `verdict` and `scores` (opened from the sealed
 * claim), never on the attestation's clear claims (those are what the browser saw).
 */
import { FIELD_PATHS, IDENTITY_FIELDS, type FieldPath } from '../../protocol/fields.js';
import { checkPhone } from '../../protocol/phone.js';
import { E164_PATTERN } from '../../protocol/limits.js';
import { bandOf, DEFAULT_THRESHOLDS, scoreAt, type Scores, type Verdict } from '../../protocol/scores.js';
import type { ReplayStore } from '../store/types.js';
import {
  DEFAULT_ISSUER,
  readClaims,
  type AttestationClaims,
  type AttestationPath,
  type RelayMode,
} from './attestation.js';
import { digesterV2, digesterV3, mismatchedFields, type Digester } from './binding.js';
import { trustKeys } from './keys.js';
import { SIGNAL_NAMES, type SignalName } from '../signals/settings.js';
import { openSealed, type ReasonCode, type SealedContent, type Signals } from './sealed.js';

/** Why a verification failed (the server API's `error_codes`). */
export type VerifyErrorCode =
  | 'missing_attestation'
  | 'malformed'
  | 'signature'
  | 'expired'
  | 'wrong_issuer'
  | 'test_mode'
  | 'missing_phone'
  | 'phone_mismatch'
  | 'missing_identity'
  | 'identity_mismatch'
  | 'missing_reference'
  | 'reference_mismatch'
  | 'unbound_consent'
  | 'verdict_not_accepted'
  | 'unchecked_fields'
  | 'unmatched_fields'
  | 'signal_unavailable'
  | 'duplicate';

export const VERDICTS: readonly Verdict[] = ['verified', 'inconclusive', 'rejected'];
/** What `require_signals` may name: the signals the relay knows (signals/settings.ts). */
export { SIGNAL_NAMES, type SignalName };
/** Names `require_checked` and `require_match` accept: identity fields (`address` = its four parts) and paths. */
export const POLICY_FIELD_NAMES: readonly string[] = [...new Set<string>([...IDENTITY_FIELDS, ...FIELD_PATHS])];

export type VerifySuccess = {
  success: true;
  /** The relay's final verdict (every score and signal): decide on this one. */
  verdict: Verdict;
  mode: RelayMode;
  reference: string | null;
  /** Every score, withheld from the browser or not. */
  scores: Scores;
  /** The fields the browser's answer did not show. */
  withheld: FieldPath[];
  /** `direct`, `consent` or `consent-unbound`; `null` for a v2 attestation. */
  path: AttestationPath | null;
  /** The relay that signed it (`null` for v2). */
  issuer: string | null;
  /** `phone` and the identity field paths the attestation binds. */
  checked: string[];
  /** When the check ran (ISO 8601). */
  checked_at: string;
  signals: Signals;
  reasons: ReasonCode[];
  /** The attestation's id. */
  jti: string;
  /** `false` when verified with `replay: false` (nothing marked it used). */
  single_use: boolean;
};

export type VerifyFailure = {
  success: false;
  error_codes: VerifyErrorCode[];
  /** With `verdict_not_accepted`: the verdict that was not accepted. */
  verdict?: Verdict;
  /** With `identity_mismatch`: the fields that differ from the order. */
  mismatched?: FieldPath[];
  /** With `unchecked_fields`: the required fields the operator did not compare. */
  unchecked?: FieldPath[];
  /** With `unmatched_fields`: the fields not in the match band. */
  unmatched?: FieldPath[];
};

export type VerifyResult = VerifySuccess | VerifyFailure;

export interface VerifyAttestationOptions {
  /** The order's phone number: E.164, or as typed (read in `defaultCountry`). Required (`missing_phone`). */
  phone?: string;
  /** The order's identity (the request's `identity` shape): required when the attestation binds identity fields. */
  identity?: unknown;
  /** The order's reference: required when the attestation carries one. */
  reference?: string;
  /** Verdicts that count as success. Default `["verified"]`. */
  accept?: readonly Verdict[];
  /** Fields the operator must have compared (`address` = its four parts, or paths such as `address.locality`). */
  requireChecked?: readonly string[];
  /** Fields that must be in the match band (by the relay's own thresholds). */
  requireMatch?: readonly string[];
  /** Signals that must have been answered (`sim_swap`). */
  requireSignals?: readonly SignalName[];
  /** Accept `path: "consent-unbound"` (`DQE_CONSENT_BINDING=off`): a known risk, see SECURITY.md. */
  acceptUnboundConsent?: boolean;
  /** The expected `iss` (`RELAY_ISSUER` of the relay that signs). Default `idmobile-relay`. */
  issuer?: string;
  /** Accept attestations from the test mode (`mode: "test"`). Default false. */
  allowTestMode?: boolean;
  /**
   * Makes verification single use: a second successful verification of the same attestation is `duplicate`.
   * Required: pass a store, or `false` to verify without it (the answer then says `single_use: false`).
   */
  replay: ReplayStore | false;
  /** Country of a national `phone` (default `FR`). */
  defaultCountry?: string;
  /** Clock skew tolerated on `exp`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** Current time in ms (tests). */
  now?: () => number;
}

/** Expands policy field names into paths; throws a TypeError naming an unknown one. */
export function policyPaths(names: readonly string[] | undefined, option: string): FieldPath[] {
  if (names === undefined) return [];
  const out = new Set<FieldPath>();
  for (const name of names) {
    if (!POLICY_FIELD_NAMES.includes(name)) throw new TypeError(`${option}: unknown field ${JSON.stringify(name)}`);
    for (const p of FIELD_PATHS) if (p === name || p.startsWith(`${name}.`)) out.add(p);
  }
  return FIELD_PATHS.filter((p) => out.has(p));
}

/** The E.164 form of the merchant's number, or null when it is not a phone number. */
function e164Of(phone: string, defaultCountry: string | undefined): string | null {
  if (E164_PATTERN.test(phone)) return phone;
  const check = checkPhone(phone, defaultCountry);
  return check.ok ? check.e164 : null;
}

/** What a v2 attestation says in the terms of v3's sealed content. */
function v2Content(claims: AttestationClaims): SealedContent {
  return {
    scores: claims.scores,
    thresholds: DEFAULT_THRESHOLDS,
    required: [],
    final_verdict: claims.verdict,
    signals: {},
    reasons: [],
  };
}

/**
 * Verifies an attestation against the merchant's order, with the server API's codes. Pass `phone`, `identity`
 * and `reference` (what the order says) and a `replay` store; then decide on `verdict` (already filtered by
 * `accept`, default `["verified"]`). A test-mode attestation is refused (`test_mode`) unless `allowTestMode`.
 * Throws a TypeError on a misuse (no `replay` option, an unknown field or verdict in a policy option).
 *
 * @example
 * ```ts
 * import { verifyAttestation, createMemoryStore } from 'idmobile-check/relay';
 * const replay = createMemoryStore(); // one per process; share a Redis-backed store across instances
 * const result = await verifyAttestation(form.idmobile, process.env.ATTESTATION_SECRET!, {
 *   phone: order.phone, identity: order.identity, reference: order.id, replay,
 *   issuer: 'https://shop.example',
 * });
 * if (!result.success) return sendToReview(result.error_codes);
 * ```
 */
export async function verifyAttestation(
  token: unknown,
  secret: string,
  options: VerifyAttestationOptions,
): Promise<VerifyResult> {
  // JavaScript callers may pass anything: the options are checked as unknown values first
  const given = options as Partial<Record<keyof VerifyAttestationOptions, unknown>> | undefined;
  const replay = given?.replay;
  if (replay !== false && typeof (replay as { mark?: unknown } | undefined)?.mark !== 'function') {
    throw new TypeError('verifyAttestation: pass `replay` (a store: single use) or `replay: false`');
  }
  const accept = options.accept ?? ['verified'];
  for (const v of accept as unknown[]) {
    if (!(VERDICTS as unknown[]).includes(v)) throw new TypeError(`accept: unknown verdict ${JSON.stringify(v)}`);
  }
  const requireChecked = policyPaths(options.requireChecked, 'requireChecked');
  const requireMatch = policyPaths(options.requireMatch, 'requireMatch');
  for (const s of (options.requireSignals ?? []) as unknown[]) {
    if (!(SIGNAL_NAMES as readonly unknown[]).includes(s)) {
      throw new TypeError(`requireSignals: unknown signal ${JSON.stringify(s)}`);
    }
  }

  const claims = await readClaims(token, secret, options);
  if (typeof claims === 'string') return { success: false, error_codes: [claims] };
  const keys = await trustKeys(secret);
  let content: SealedContent;
  let digester: Digester;
  if (claims.v === 3) {
    const opened = await openSealed(claims.sealed, keys.sealed);
    if (!opened) return { success: false, error_codes: ['malformed'] };
    content = opened;
    digester = digesterV3(keys.binding, claims.jti);
  } else {
    content = v2Content(claims);
    digester = digesterV2(keys.bindingV2);
  }

  const failure: VerifyFailure = { success: false, error_codes: [] };
  const codes = failure.error_codes;
  if (claims.v === 3 && claims.iss !== (options.issuer ?? DEFAULT_ISSUER)) codes.push('wrong_issuer');
  if (claims.mode === 'test' && !options.allowTestMode) codes.push('test_mode');

  const phone = given?.phone;
  if (phone === undefined || phone === null || phone === '') codes.push('missing_phone');
  else {
    const e164 = typeof phone === 'string' ? e164Of(phone, options.defaultCountry) : null;
    if (e164 === null || (await digester('phone', e164)) !== claims.phone) codes.push('phone_mismatch');
  }

  const bindsIdentity = Object.keys(claims.identity).length > 0;
  if (options.identity === undefined || options.identity === null) {
    if (bindsIdentity) codes.push('missing_identity');
  } else {
    const mismatched = await mismatchedFields(digester, claims.identity, options.identity);
    if (mismatched.length > 0) {
      codes.push('identity_mismatch');
      failure.mismatched = mismatched;
    }
  }

  if (given?.reference === undefined || given.reference === null || given.reference === '') {
    if (claims.ref !== null) codes.push('missing_reference');
  } else if (options.reference !== claims.ref) codes.push('reference_mismatch');

  const path = claims.v === 3 ? claims.path : null;
  if (path === 'consent-unbound' && !options.acceptUnboundConsent) codes.push('unbound_consent');

  if (!accept.includes(content.final_verdict)) {
    codes.push('verdict_not_accepted');
    failure.verdict = content.final_verdict;
  }
  const unchecked = requireChecked.filter((p) => scoreAt(content.scores, p) === null);
  if (unchecked.length > 0) {
    codes.push('unchecked_fields');
    failure.unchecked = unchecked;
  }
  const unmatched = requireMatch.filter((p) => bandOf(scoreAt(content.scores, p), content.thresholds) !== 'match');
  if (unmatched.length > 0) {
    codes.push('unmatched_fields');
    failure.unmatched = unmatched;
  }
  const signals = content.signals;
  if ((options.requireSignals ?? []).some((s) => signals[s] === undefined || signals[s] === null)) {
    codes.push('signal_unavailable');
  }
  if (codes.length > 0) return failure;

  if (options.replay !== false) {
    // kept a little past `exp`: a replay is refused as long as the attestation could still verify
    const ttlMs = (claims.exp - claims.iat + 2 * (options.clockToleranceSeconds ?? 5) + 60) * 1000;
    if (!(await options.replay.mark(`once:attestation:${claims.jti}`, ttlMs))) {
      return { success: false, error_codes: ['duplicate'] };
    }
  }
  return {
    success: true,
    verdict: content.final_verdict,
    mode: claims.mode,
    reference: claims.ref,
    scores: content.scores,
    withheld: claims.v === 3 ? claims.withheld : [],
    path,
    issuer: claims.v === 3 ? claims.iss : null,
    checked: ['phone', ...FIELD_PATHS.filter((p) => claims.identity[p] !== undefined)],
    checked_at: new Date(claims.iat * 1000).toISOString(),
    signals,
    reasons: content.reasons,
    jti: claims.jti,
    single_use: options.replay !== false,
  };
}
