/**
 * The "subscriber's phone" page (CIBA): what the subscriber's handset would show when an operator pushes a CIBA
 * request. It lists the requests pending for a number, each with Approve / Refuse (forms, no script); while none
 * is pending it reloads itself every few seconds (a meta refresh), so a demo user can open it before the check
 * starts. French or English. Pure.
 */
import { escapeHtml, type Lang } from '../consent-page.js';
import { langSwitch, page } from './page-layout.js';

/** How often the page reloads while nothing is pending (seconds). */
export const PHONE_PAGE_REFRESH_SECONDS = 3;

const TEXT = {
  fr: {
    title: 'Téléphone de l’abonné (mode test)',
    heading: (phone: string) => `Téléphone de la ligne ${phone}`,
    ask: (client: string, op: string) => `«\u202f${client}\u202f» demande à vérifier votre identité auprès de ${op}.`,
    message: (m: string) => `Message affiché\u00a0: «\u202f${m}\u202f»`,
    expires: (s: number) => `La demande expire dans ${s}\u00a0s.`,
    auto: (d: 'approve' | 'refuse', s: number) =>
      `Sans réponse de votre part, l’abonné simulé ${d === 'approve' ? 'accepte' : 'refuse'} dans ${s}\u00a0s.`,
    approve: 'Accepter',
    refuse: 'Refuser',
    none: 'Aucune demande en attente pour ce numéro. Cette page se met à jour toute seule.',
    approved: 'Vous avez accepté la demande.',
    refused: 'Vous avez refusé la demande.',
    gone: 'Cette demande n’attend plus de réponse (déjà traitée ou expirée).',
    numberLabel: 'Numéro de la ligne (format international, par exemple +33740000001)',
    numberInvalid: 'Ce numéro n’est pas un numéro de téléphone au format international.',
    open: 'Ouvrir',
    unknownOperator: 'votre opérateur',
  },
  en: {
    title: 'Subscriber’s phone (test mode)',
    heading: (phone: string) => `Phone of line ${phone}`,
    ask: (client: string, op: string) => `“${client}” asks to check your identity with ${op}.`,
    message: (m: string) => `Message shown: “${m}”`,
    expires: (s: number) => `The request expires in ${s} s.`,
    auto: (d: 'approve' | 'refuse', s: number) =>
      `Without an answer from you, the simulated subscriber ${d === 'approve' ? 'approves' : 'refuses'} in ${s} s.`,
    approve: 'Approve',
    refuse: 'Refuse',
    none: 'No request pending for this number. This page updates itself.',
    approved: 'You approved the request.',
    refused: 'You refused the request.',
    gone: 'This request no longer awaits an answer (already answered or expired).',
    numberLabel: 'Line number (international format, for example +33740000001)',
    numberInvalid: 'This is not a phone number in international format.',
    open: 'Open',
    unknownOperator: 'your operator',
  },
} as const;

export interface PendingView {
  /** The request's page id (posted back with the decision). */
  id: string;
  client: string;
  /** The line's operator, `null` when the line is not a subscriber's. */
  operator: string | null;
  bindingMessage: string;
  expiresInSeconds: number;
  /** What the simulated subscriber does by default, and when (`null`: never answers). */
  autoAnswer: { decision: 'approve' | 'refuse'; inSeconds: number } | null;
}

export type PhoneNotice = 'approved' | 'refused' | 'gone' | null;

export interface PhonePageInput {
  lang: Lang;
  nonce: string;
  /** The E.164 number, or `null` (no number, or not one: the page asks for it). */
  phone: string | null;
  /** A number was given but is not one. */
  invalidNumber: boolean;
  pending: readonly PendingView[];
  notice: PhoneNotice;
}

export function phonePage(input: PhonePageInput): string {
  const t = TEXT[input.lang];
  const query = new URLSearchParams(input.phone ? { number: input.phone } : {});
  const parts = [langSwitch(input.lang, query)];
  if (input.phone === null) {
    parts.push(`<h1>${escapeHtml(t.title)}</h1>`);
    if (input.invalidNumber) parts.push(`<p class="status" role="alert">${escapeHtml(t.numberInvalid)}</p>`);
    parts.push(`<form method="get">
<input type="hidden" name="lang" value="${input.lang}">
<label for="number">${escapeHtml(t.numberLabel)}</label>
<input id="number" name="number" type="tel" autocomplete="tel" required>
<button type="submit">${escapeHtml(t.open)}</button>
</form>`);
    return page(input.lang, t.title, input.nonce, parts.join('\n'));
  }
  parts.push(`<h1>${escapeHtml(t.heading(input.phone))}</h1>`);
  if (input.notice) parts.push(`<p class="status" role="status">${escapeHtml(t[input.notice])}</p>`);
  if (input.pending.length === 0) parts.push(`<p>${escapeHtml(t.none)}</p>`);
  for (const r of input.pending) {
    parts.push(`<section class="request">
<h2>${escapeHtml(t.ask(r.client, r.operator ?? t.unknownOperator))}</h2>
${r.bindingMessage ? `<p>${escapeHtml(t.message(r.bindingMessage))}</p>\n` : ''}<p>${escapeHtml(r.autoAnswer ? t.auto(r.autoAnswer.decision, r.autoAnswer.inSeconds) : t.expires(r.expiresInSeconds))}</p>
<form method="post">
<input type="hidden" name="number" value="${escapeHtml(input.phone)}">
<input type="hidden" name="request" value="${escapeHtml(r.id)}">
<input type="hidden" name="lang" value="${input.lang}">
<div class="actions">
<button type="submit" name="decision" value="approve">${escapeHtml(t.approve)}</button>
<button type="submit" name="decision" value="refuse">${escapeHtml(t.refuse)}</button>
</div>
</form>
</section>`);
  }
  const head =
    input.pending.length === 0 ? `<meta http-equiv="refresh" content="${PHONE_PAGE_REFRESH_SECONDS}">\n` : '';
  return page(input.lang, t.title, input.nonce, parts.join('\n'), head);
}
