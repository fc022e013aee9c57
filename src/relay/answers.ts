/**
 * The relay's answers to the browser for a final upstream answer, REBUILT from its parsed shape (known keys
 * only: nothing else from upstream reaches the browser):
 * - scores: the scores the disclosure policy lets the browser see (disclosure.ts), `disclosure`, `bands` (under
 *   `bands`), `withheld`, the browser's verdict, and an attestation v3 bound to the check (attestation.ts) whose
 *   sealed claim carries every score, the signals asked next to the match, the final verdict and its reasons
 *   (verdict.ts). Nothing the browser receives depends on the signals: a swapped line's answer reads like any
 *   other's;
 * - consent: the operator's URL checked as the widget checks it (else 502), the operator's name as text;
 * - error: the upstream's `error_id` with the relay's OWN `error_type` (error-types.ts); the upstream's text is
 *   logged by the upstream client, whose log redacts its tokens too.
 */
import type { Context } from 'hono';
import type { RelayErrorId } from '../protocol/errors.js';
import { FIELD_PATHS, type FieldPath } from '../protocol/fields.js';
import {
  bandsOf,
  noScores,
  replaceAt,
  scoreAt,
  withholdBands,
  type Scores,
  type Thresholds,
} from '../protocol/scores.js';
import { CONTROL_CHARS } from '../protocol/url-chars.js';
import { disclose, namesAtLeast, type Disclosure, type DisclosurePolicy } from './disclosure.js';
import { errorTypeFor } from './error-types.js';
import type { Logger } from './log.js';
import { checkRelayConsentUrl, originOf } from './origins.js';
import { signAttestation, type AttestationPath, type RelayMode } from './trust/attestation.js';
import type { Signals } from './trust/sealed.js';
import type { StateClaims } from './trust/state.js';
import { finalVerdict } from './trust/verdict.js';
import type { UpstreamAnswer } from './upstreams/types.js';

type Json = Record<string, unknown>;

export interface AnswerOptions {
  mode: RelayMode;
  issuer: string;
  secret: string;
  thresholds: Thresholds;
  required: FieldPath[];
  disclosure: DisclosurePolicy;
  operatorOrigins: readonly string[];
  /** Test mode: the simulator's URL as the browser reaches it (test-mode.ts). */
  rewriteConsentUrl?: (url: string, requestUrl: string) => string;
  allowLoopbackConsent: boolean;
  attestationTtlSeconds: number | undefined;
  /** Configured secrets, removed from any upstream text that is logged or shown. */
  secrets: readonly string[];
  log: Logger;
  now: () => number;
  relayError(c: Context, id: RelayErrorId, detail?: string, field?: string): Response;
  outcome(c: Context, value: string): void;
}

/** The browser's nested shape of scores or bands: a value per compared field, `""` where `null`. */
function nested<T>(s: { [K in keyof Scores]: K extends 'address' ? Record<string, T | null> : T | null }): Json {
  const v = (n: T | null) => (n === null ? '' : n);
  const a = s.address;
  return {
    gender: v(s.gender),
    given_name: v(s.given_name),
    family_name: v(s.family_name),
    birthdate: v(s.birthdate),
    email: v(s.email),
    address: {
      street_address: v(a['street_address'] ?? null),
      postal_code: v(a['postal_code'] ?? null),
      locality: v(a['locality'] ?? null),
      country: v(a['country'] ?? null),
    },
  };
}

/** Scores rounded to hundredths (what the sealed claim can hold), so that every verdict reads the same values. */
export function roundScores(scores: Scores): Scores {
  let out = scores;
  for (const p of FIELD_PATHS) {
    const s = scoreAt(scores, p);
    if (s !== null) out = replaceAt<Scores, number | null>(out, [p], Math.round(s * 100) / 100);
  }
  return out;
}

export function createAnswers(o: AnswerOptions) {
  /** Removes every configured secret, control characters, and caps the length: for text from upstream. */
  const scrub = (value: string): string => {
    let out = value;
    for (const s of o.secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out.replace(CONTROL_CHARS, ' ').slice(0, 200);
  };

  /**
   * A scores answer. `conceal` (a document check): every field withheld and `rejected`, whatever the scores, so
   * that a document mismatch and a names mismatch read the same (no document-number oracle).
   */
  async function scoresAnswer(
    c: Context,
    raw: Scores,
    state: StateClaims,
    path: AttestationPath,
    conceal: 'id_document_mismatch' | 'names_mismatch' | null = null,
    signals: Signals = {},
  ): Promise<Response> {
    const scores = roundScores(raw);
    // the browser's part (shown scores, bands, its verdict) never reads the signals: see verdict.ts
    const open = disclose(scores, o.disclosure, o.thresholds, o.required);
    const verdict = finalVerdict(scores, o.thresholds, o.required, signals);
    const d = conceal ? concealed(o.disclosure) : open;
    const final: typeof verdict = conceal
      ? { verdict: 'rejected', reasons: [...verdict.reasons, 'id_document_mismatch'] }
      : verdict;
    const attestation = await signAttestation(
      {
        issuer: o.issuer,
        mode: o.mode,
        path,
        ref: state.ref,
        phone: state.phone,
        identity: state.identity,
        shown: d.shown,
        withheld: d.withheld,
        verdict: d.verdict,
        sealed: {
          scores,
          thresholds: o.thresholds,
          required: o.required,
          final_verdict: final.verdict,
          signals,
          reasons: final.reasons,
        },
      },
      o.secret,
      { ttlSeconds: o.attestationTtlSeconds, now: o.now },
    );
    o.outcome(c, `scores:${d.verdict}`);
    return c.json(
      {
        ...nested<number>(d.shown),
        verdict: d.verdict,
        disclosure: d.disclosure,
        ...(d.bands && { bands: nested<string>(d.bands) }),
        ...(d.withheld.length > 0 && { withheld: d.withheld }),
        attestation,
      },
      200,
    );
  }

  /** The operator's name as shown to the shopper: text, no secret, at most 100 characters. */
  const operatorName = (name: string): string => scrub(name).trim().slice(0, 100) || 'operator';

  /** Every score withheld, `rejected` (a document mismatch, or a names mismatch when the document was asked). */
  function concealed(policy: DisclosurePolicy): Disclosure {
    const withheld = [...FIELD_PATHS];
    const none = noScores();
    const base = { shown: none, withheld, verdict: 'rejected' as const };
    if (policy !== 'bands') return { ...base, disclosure: 'scores' };
    return { ...base, disclosure: 'bands', bands: withholdBands(bandsOf(none, o.thresholds), withheld) };
  }

  /** The relay's answer for a final upstream answer, bound to the check `state` describes. */
  function answer(
    c: Context,
    a: Exclude<UpstreamAnswer, { kind: 'pending' }>,
    state: StateClaims,
    path: AttestationPath,
  ): Promise<Response> | Response {
    switch (a.kind) {
      case 'scores': {
        if (a.invalid.length > 0) o.log.warn('scores_invalid', { fields: a.invalid });
        const namesMismatch =
          a.idDocumentSent === true && !namesAtLeast(roundScores(a.scores), o.thresholds, 'partial');
        return scoresAnswer(c, a.scores, state, path, namesMismatch ? 'names_mismatch' : null, a.signals);
      }
      case 'id_document_mismatch':
        o.log.warn('id_document_mismatch', {});
        return scoresAnswer(c, noScores(), state, path, 'id_document_mismatch');
      case 'relay_error': {
        o.log.warn('upstream_relay_error', { error_id: a.id, reason: a.reason });
        return o.relayError(c, a.id, a.id === 'R428' ? undefined : a.reason, a.field);
      }
      case 'unbound':
        o.log.error('consent_unbound', { reason: 'the consent result belongs to another check' });
        return o.relayError(c, 'R502', 'the consent result is not bound to this check: start again');
      case 'consent': {
        const url = o.rewriteConsentUrl ? o.rewriteConsentUrl(a.url, c.req.url) : a.url;
        const safe = checkRelayConsentUrl(url, {
          operatorOrigins: o.operatorOrigins,
          allowLoopbackHttp: o.allowLoopbackConsent,
          strictHosts: o.mode !== 'test',
          log: o.log,
        });
        if (!safe.ok) {
          o.log.error('consent_url_refused', { reason: scrub(safe.reason), origin: originOf(url) ?? 'opaque' });
          return o.relayError(c, 'R502', 'the operator answered an unsafe consent URL');
        }
        o.outcome(c, 'consent');
        const operator = operatorName(a.operator);
        return c.json({ status: 'success', operator, url: safe.href }, 200);
      }
      case 'error':
        o.outcome(c, `upstream_error:${a.id}`);
        return c.json({ status: 'error', error_id: a.id, error_type: errorTypeFor(a.id) }, 200);
    }
  }

  return { answer, operatorName };
}
