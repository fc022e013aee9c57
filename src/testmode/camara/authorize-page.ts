/**
 * The CAMARA face's authorization page (authorization-code flow): what the shopper's phone shows in place of the
 * operator's page, in French or English. It names the operator and the line the device is on (network-based
 * authentication), and asks Accept / Refuse with a form that posts the request's parameters back (no state kept
 * between the page and its answer). Also the error page for a request that cannot be redirected. Pure.
 */
import { escapeHtml, maskPhone, type Lang } from '../consent-page.js';
import type { AuthorizeProblem } from './authorization-code.js';
import { langSwitch, page } from './page-layout.js';

/** The authorization request's parameters carried by the form (each once). */
export const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'scope',
  'redirect_uri',
  'state',
  'code_challenge',
  'code_challenge_method',
  'login_hint',
] as const;

const TEXT = {
  fr: {
    title: (op: string) => `${op}\u00a0: vérification d’identité (mode test)`,
    heading: (op: string) => `${op} vous demande votre accord`,
    intro: (op: string, host: string) =>
      `Le site ${host} souhaite vérifier auprès de ${op} que les informations de votre commande correspondent à celles de votre contrat.`,
    line: (line: string) => `Ce téléphone est connecté au réseau sur la ligne ${line}.`,
    how: (op: string) =>
      `${op} ne renvoie qu’un résultat de correspondance par information\u00a0: aucune donnée de votre contrat n’est communiquée.`,
    choice: 'Votre choix',
    back: (host: string) => `Quel que soit votre choix, vous revenez ensuite sur ${host}.`,
    accept: 'Accepter',
    refuse: 'Refuser',
    unknownOperator: 'Votre opérateur',
    errorTitle: 'Demande invalide',
    errors: {
      client_id: 'Cette demande vient d’une application inconnue de l’opérateur\u00a0: elle ne peut pas aboutir.',
      redirect_uri:
        'L’adresse de retour de cette demande est absente, invalide ou non autorisée\u00a0: l’opérateur n’y renvoie pas. Revenez sur le site marchand et recommencez.',
    },
  },
  en: {
    title: (op: string) => `${op}: identity check (test mode)`,
    heading: (op: string) => `${op} asks for your consent`,
    intro: (op: string, host: string) =>
      `The site ${host} wants to check with ${op} that the details of your order match those of your contract.`,
    line: (line: string) => `This phone is on the network on line ${line}.`,
    how: (op: string) => `${op} only answers a match result per detail: none of your contract’s data is disclosed.`,
    choice: 'Your choice',
    back: (host: string) => `Whatever you choose, you then go back to ${host}.`,
    accept: 'Accept',
    refuse: 'Refuse',
    unknownOperator: 'Your operator',
    errorTitle: 'Invalid request',
    errors: {
      client_id: 'This request comes from an application the operator does not know: it cannot go on.',
      redirect_uri:
        'The return address of this request is missing, invalid or not allowed: the operator does not send you there. Go back to the shop and start again.',
    },
  },
} as const;

export interface AuthorizePageInput {
  lang: Lang;
  nonce: string;
  /** The operator of the `login_hint`'s line, or `null` when the line is not a subscriber's. */
  operator: string | null;
  /** The line the device is on. */
  deviceLine: string;
  redirectUri: string;
  /** The request's parameters, posted back with the decision. */
  params: URLSearchParams;
}

export function authorizePage(input: AuthorizePageInput): string {
  const t = TEXT[input.lang];
  const op = input.operator ?? t.unknownOperator;
  const host = new URL(input.redirectUri).host;
  const hidden = AUTHORIZE_PARAMS.map((name) => {
    const value = input.params.get(name);
    return value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">\n`;
  }).join('');
  const body = `${langSwitch(input.lang, input.params)}
<h1>${escapeHtml(t.heading(op))}</h1>
<p>${escapeHtml(t.intro(op, host))}</p>
<p>${escapeHtml(t.line(maskPhone(input.deviceLine)))}</p>
<p>${escapeHtml(t.how(op))}</p>
<form method="post">
${hidden}<input type="hidden" name="lang" value="${input.lang}">
<fieldset>
<legend>${escapeHtml(t.choice)}</legend>
<p>${escapeHtml(t.back(host))}</p>
<div class="actions">
<button type="submit" name="decision" value="accept">${escapeHtml(t.accept)}</button>
<button type="submit" name="decision" value="refuse">${escapeHtml(t.refuse)}</button>
</div>
</fieldset>
</form>`;
  return page(input.lang, t.title(op), input.nonce, body);
}

/** The page for a request that cannot go back to its `redirect_uri`; nothing of the request is shown. */
export function authorizeErrorPage(lang: Lang, problem: AuthorizeProblem, nonce: string): string {
  const t = TEXT[lang];
  return page(
    lang,
    t.errorTitle,
    nonce,
    `<h1>${escapeHtml(t.errorTitle)}</h1>\n<p>${escapeHtml(t.errors[problem])}</p>`,
  );
}
