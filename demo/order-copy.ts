/**
 * The demo shop's order outcome pages (`POST /demo/order`, demo/test-mode-plugin.ts) in the shopper's language:
 * the checkout's hidden `lang` field (set by its FR/EN switch), else the `?lang` of the page the order came from
 * (Referer), validated like the checkout's own (`fr` or `en`, anything else English). One table per language; its
 * strings are HTML written here, their `{placeholders}` are filled with escaped values only.
 */
import type { VerifyErrorCode } from '../src/relay/index.js';
import { pageLang, type PageLang } from './copy.js';

export type OrderVerdict = 'verified' | 'inconclusive' | 'rejected';
/** Why an order is refused: the attestation's verification codes, and the order endpoint's own. */
export type RefusalCode = VerifyErrorCode | 'no_order';

const en = {
  titleSuffix: 'Maison Lumen (demo)',
  eyebrow: 'Maison Lumen · demo shop on the test mode',
  back: 'Back to the demo checkout',
  refusedTitle: 'Order refused',
  refused: 'The server did not accept the identity check: {why}.',
  tooLarge: 'The form is too large.',
  heldTitle: 'Order on hold',
  held: 'The identity check did not match: the order is not shipped until our team has checked it.',
  placedTitle: 'Order placed',
  thanks: 'Thank you, {name}!',
  thanksNoName: 'Thank you!',
  placed: 'Order <strong>{reference}</strong> is placed.',
  verifiedBy:
    'The server verified the widget’s attestation against this order (its phone number, its identity and its reference, once) before deciding: verdict <strong>{verdict}</strong>.',
  resultSummary: 'Verification result',
  reviewTitle: 'Order received',
  reviewHeading: 'Thank you, {name}: your order is received',
  reviewHeadingNoName: 'Thank you: your order is received',
  review:
    'Order <strong>{reference}</strong> is <strong>waiting for a review by our team</strong>: your identity could not be confirmed by your mobile operator, so we check the order by hand before shipping it (usually within a day). Nothing is charged until then.',
  reviewNote:
    'The server took this order without an identity check: no attestation was used for it, and it is not marked as verified.',
  reviewPartial:
    'Order <strong>{reference}</strong> is <strong>waiting for a review by our team</strong>: your mobile operator could not confirm every detail we need to ship it (your name and postal code), so we check it by hand first (usually within a day). Nothing is charged until then.',
  reviewPartialNote:
    'The server verified the widget’s attestation, but only a verified check with matching names and postal code places an order automatically.',
  reviewHeld:
    'Order <strong>{reference}</strong> is <strong>waiting for a review by our team</strong>: we check some orders by hand before shipping them (usually within a day). Nothing is charged until then.',
  reviewHeldNote:
    'The server verified the widget’s attestation: the names and postal code match, but the check’s final verdict, which only the server reads (/verify), was not “verified”: a check only the server sees held it back, and the page does not say which (README “Signals beyond the match”).',
  verdicts: {
    verified: 'verified: every required detail matches the operator’s record',
    inconclusive: 'inconclusive: some details could not be confirmed',
    rejected: 'rejected: a required detail does not match',
  } satisfies Record<OrderVerdict, string>,
  reasons: {
    no_order: 'there is no order in progress (reload the checkout)',
    missing_attestation: 'the form carried no attestation: the identity check did not complete',
    malformed: 'the attestation is not one the relay signed',
    signature: 'the attestation’s signature is wrong (tampered, or signed with another key)',
    expired: 'the check is too old: verify again',
    test_mode: 'the check ran in the test mode',
    phone_mismatch: 'the number that was verified is not the phone number of the order',
    identity_mismatch: 'the identity that was verified is not the one on the order',
    reference_mismatch: 'the check was made for another order',
    duplicate: 'this check was already used for an order',
    wrong_issuer: 'the attestation was signed by another relay',
    missing_phone: 'the order has no phone number',
    missing_identity: 'the order has no identity to compare',
    missing_reference: 'the order has no reference',
    unbound_consent: 'the consent result was not bound to this check',
    verdict_not_accepted: 'the check did not verify this order',
    unchecked_fields: 'a detail the shop needs was not checked',
    unmatched_fields: 'a detail the shop needs does not match',
    signal_unavailable: 'the operator could not answer every check',
  } satisfies Record<RefusalCode, string>,
  incomplete: 'An order for review needs a name and a mobile number.',
};

export type OrderCopy = typeof en;

const fr: OrderCopy = {
  titleSuffix: 'Maison Lumen (démo)',
  eyebrow: 'Maison Lumen · boutique de démonstration en mode test',
  back: 'Retour au paiement de la démo',
  refusedTitle: 'Commande refusée',
  refused: 'Le serveur n’a pas accepté la vérification d’identité\u00a0: {why}.',
  tooLarge: 'Le formulaire est trop volumineux.',
  heldTitle: 'Commande en attente',
  held: 'Vos informations ne correspondent pas à celles de votre opérateur mobile\u00a0: votre commande ne sera expédiée qu’après vérification par notre équipe.',
  placedTitle: 'Commande validée',
  thanks: 'Merci, {name}\u202f!',
  thanksNoName: 'Merci\u202f!',
  placed: 'Votre commande <strong>{reference}</strong> est validée.',
  verifiedBy:
    'Le serveur a contrôlé l’attestation du widget pour cette commande (numéro de téléphone, identité et référence de la commande, une seule fois) avant de décider. Résultat\u00a0: <strong>{verdict}</strong>.',
  resultSummary: 'Résultat de la vérification',
  reviewTitle: 'Commande reçue',
  reviewHeading: 'Merci, {name}\u00a0: votre commande est bien reçue',
  reviewHeadingNoName: 'Merci\u00a0: votre commande est bien reçue',
  review:
    'Votre commande <strong>{reference}</strong> est <strong>en attente de vérification par notre équipe</strong>\u00a0: votre opérateur mobile n’a pas pu confirmer votre identité, nous la vérifions donc avant de l’expédier (en général sous 24\u00a0h). Aucun montant ne vous sera débité d’ici là.',
  reviewNote:
    'Le serveur a accepté cette commande sans vérification d’identité\u00a0: aucune attestation n’a été utilisée, et elle n’est pas marquée comme vérifiée.',
  reviewPartial:
    'Votre commande <strong>{reference}</strong> est <strong>en attente de vérification par notre équipe</strong>\u00a0: votre opérateur mobile n’a pas pu confirmer toutes les informations nécessaires à l’expédition (vos nom, prénom et code postal), nous la vérifions donc avant de l’expédier (en général sous 24\u00a0h). Aucun montant ne vous sera débité d’ici là.',
  reviewPartialNote:
    'Le serveur a contrôlé l’attestation du widget, mais seule une vérification confirmée, avec nom, prénom et code postal concordants, valide une commande automatiquement.',
  reviewHeld:
    'Votre commande <strong>{reference}</strong> est <strong>en attente de vérification par notre équipe</strong>\u00a0: nous vérifions certaines commandes avant de les expédier (en général sous 24\u00a0h). Aucun montant ne vous sera débité d’ici là.',
  reviewHeldNote:
    'Le serveur a contrôlé l’attestation du widget\u00a0: nom, prénom et code postal concordent, mais le verdict final de la vérification, que seul le serveur lit (/verify), n’était pas «\u202fvérifié\u202f»\u00a0: une vérification que seul le serveur voit l’a retenue, et la page ne dit pas laquelle (README «\u202fSignals beyond the match\u202f»).',
  verdicts: {
    verified: 'identité vérifiée, toutes les informations requises correspondent à celles de l’opérateur',
    inconclusive: 'vérification partielle, certaines informations n’ont pas pu être confirmées',
    rejected: 'vérification refusée, une information requise ne correspond pas',
  },
  reasons: {
    no_order: 'aucune commande n’est en cours (rechargez la page de commande)',
    missing_attestation: 'le formulaire ne contenait aucune attestation, la vérification n’a pas été menée à son terme',
    malformed: 'cette attestation n’a pas été signée par le relais',
    signature: 'la signature de l’attestation n’est pas valide (modifiée, ou signée avec une autre clé)',
    expired: 'la vérification est trop ancienne, vérifiez de nouveau votre identité',
    test_mode: 'la vérification a été faite en mode test',
    phone_mismatch: 'le numéro vérifié n’est pas celui de la commande',
    identity_mismatch: 'l’identité vérifiée n’est pas celle de la commande',
    reference_mismatch: 'la vérification a été faite pour une autre commande',
    duplicate: 'cette vérification a déjà servi pour une commande',
    wrong_issuer: 'l’attestation a été signée par un autre relais',
    missing_phone: 'la commande n’a pas de numéro de téléphone',
    missing_identity: 'la commande n’a pas d’identité à comparer',
    missing_reference: 'la commande n’a pas de référence',
    unbound_consent: 'le consentement n’était pas lié à cette vérification',
    verdict_not_accepted: 'la vérification n’a pas confirmé cette commande',
    unchecked_fields: 'une information requise par la boutique n’a pas été vérifiée',
    unmatched_fields: 'une information requise par la boutique ne correspond pas',
    signal_unavailable: 'l’opérateur n’a pas pu répondre à toutes les vérifications',
  },
  incomplete: 'Une commande à vérifier demande un nom et un numéro de mobile.',
};

const ORDER_COPY: Record<PageLang, OrderCopy> = { en, fr };

export function orderCopy(lang: PageLang): OrderCopy {
  return ORDER_COPY[lang];
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? '');

/** A string of the table with its `{placeholders}` filled with escaped values (the table's own HTML kept). */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? escapeHtml(values[k] ?? '') : m));
}

/**
 * The order's language: the form's `lang` field when it has one, else the `?lang` of the page it came from
 * (the Referer), each validated (`fr` or `en`, anything else English).
 */
export function orderLang(form: URLSearchParams | null, referer: string | undefined): PageLang {
  const field = form?.get('lang');
  if (field !== null && field !== undefined) return pageLang(field);
  try {
    return pageLang(new URL(referer ?? '').searchParams.get('lang'));
  } catch {
    return 'en';
  }
}

/** The checkout in that language (the page's switch reads `?lang`). */
export const checkoutHref = (lang: PageLang): string => (lang === 'fr' ? '/?lang=fr' : '/');
