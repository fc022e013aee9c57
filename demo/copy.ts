/**
 * The demo shop's own words, in English and French (the widget has its own catalogues, src/widget/i18n.ts).
 * Elements of the page carry `data-i18n="key"` (their text) or `data-i18n-label="key"` (their aria-label); the
 * English text is also in the HTML, so the page reads right before its script runs.
 */
export type PageLang = 'en' | 'fr';

/** The page's language from an untrusted value (`?lang=`, a form field): `fr` or `en`, anything else English. */
export const pageLang = (value: string | null | undefined): PageLang => (value === 'fr' ? 'fr' : 'en');

const en = {
  documentTitle: 'Checkout — Maison Lumen (idmobile-check demo)',
  documentTitleAll: 'Every detail in the widget — Maison Lumen (idmobile-check demo)',
  skip: 'Skip to the checkout form',
  home: 'Maison Lumen, home',
  otherLang: 'Français',
  dark: 'Dark mode',
  testMode: 'Test mode',
  numbersToTry: 'Numbers to try',
  drawerHelp:
    'No real data, no network: the relay and an operator stand-in (DQE or CAMARA) run inside the dev server. A person fills in the whole form; a number only the phone.',
  magicLabel: 'Error numbers +336000000XX:',
  magicDetails: 'What each number does',
  useNumber: 'Use {phone} (error {id})',
  consentNote: 'asks for consent on its own page',
  noGender: 'holds no gender',
  checkout: 'Checkout',
  steps: 'Checkout steps',
  stepCart: 'Cart',
  stepDetails: 'Delivery & payment',
  stepDone: 'Confirmation',
  shipping: 'Shipping details',
  title: 'Title',
  optional: '(optional)',
  ms: 'Ms',
  mr: 'Mr',
  givenName: 'First name',
  familyName: 'Last name',
  email: 'Email',
  phone: 'Mobile phone',
  phoneHint: 'For delivery updates; your mobile operator also confirms that it is yours.',
  street: 'Street address',
  postal: 'Postal code',
  city: 'City',
  country: 'Country',
  belgium: 'Belgium',
  switzerland: 'Switzerland',
  placeTitle: 'Place your order',
  identityWait:
    'Fill in your details above: when you place your order, your mobile operator confirms that the number is in your name, with nothing more to type.',
  identityLeadAll:
    'Your mobile operator confirms that this number belongs to you, without a code to type. We copied your shipping details below; add your date of birth for a stronger check.',
  fallbackText: 'Or place your order anyway: our team checks it by hand before shipping (usually within a day).',
  fallback: 'Continue — we’ll review your order by hand',
  placeOrder: 'Place order',
  startOver: 'Start over',
  aside: 'Your order and the demo',
  yourOrder: 'Your order',
  lamp: 'Opaline table lamp',
  lampVariant: 'Sand · 1 ×',
  throw: 'Linen throw',
  throwVariant: 'Sage · 1 ×',
  mugs: 'Stoneware mugs',
  mugsVariant: 'Set of 2 · 1 ×',
  subtotal: 'Subtotal',
  delivery: 'Delivery (2–3 days)',
  total: 'Total',
  startOverTitle: 'Start over?',
  startOverText: 'Your details and the identity check are cleared. The items in your basket stay.',
  keepOrder: 'Keep my details',
  confirmStartOver: 'Clear and start over',
  footer:
    'A demo of idmobile-check: identity check by the shopper’s mobile operator (DQE IDMobile, matching without OTP). Scores here come from fake subscribers.',
  // the order status line under the widget
  statusWaiting: '',
  statusWaitingAll: 'Verify your identity to place your order.',
  statusChecking: 'Checking with your mobile operator…',
  statusConsent: '{operator} needs your consent on its own page; you will come back here afterwards.',
  statusPlacing: 'Identity confirmed by your mobile operator: placing your order…',
  statusVerified: 'Identity confirmed by your mobile operator. You can place your order.',
  statusInconclusive:
    'Partly confirmed: some details do not fully match or could not be checked. Press “Place order” again to order; we may review it before shipping.',
  statusInconclusiveAll:
    'Partly confirmed: some details do not fully match or could not be checked. You can place your order; we may review it before shipping.',
  statusRejected: 'Your details do not match your mobile operator’s records: choose one of the next steps above.',
  statusPhone: 'Check your mobile number, then try again.',
  statusRetry: 'The check did not complete: press “Try again” above.',
  statusRetryAll: 'The check did not complete. Try again to place your order.',
  statusDeadEnd: 'The check cannot be completed: choose one of the next steps above.',
  statusRefused: 'You did not give your consent: ask again above, or choose another next step.',
  statusChanged: 'Your details changed: they are checked again when you place your order.',
  statusChangedAll: 'Your details changed: verify your identity again to place your order.',
  statusReview: 'Sending your order for a review by our team…',
  statusApproval: '{operator} asks you to approve this check on your phone: your order follows once you approve.',
  flowsLabel: 'Operator flow (each with its own relay and simulator):',
  phoneLink: 'Open the subscriber’s phone (simulator)',
};

export type CopyKey = keyof typeof en;

const fr: Record<CopyKey, string> = {
  documentTitle: 'Paiement — Maison Lumen (démo idmobile-check)',
  documentTitleAll: 'Toutes les informations dans le widget — Maison Lumen (démo idmobile-check)',
  skip: 'Aller au formulaire de commande',
  home: 'Maison Lumen, accueil',
  otherLang: 'English',
  dark: 'Mode sombre',
  testMode: 'Mode test',
  numbersToTry: 'Numéros à essayer',
  drawerHelp:
    'Aucune donnée réelle, aucun réseau\u00a0: le relais et un simulateur d’opérateur (DQE ou CAMARA) tournent dans le serveur de développement. Une personne remplit tout le formulaire\u202f; un numéro, seulement le téléphone.',
  magicLabel: 'Numéros d’erreur +336000000XX\u00a0:',
  magicDetails: 'Ce que fait chaque numéro (en anglais)',
  useNumber: 'Utiliser le {phone} (erreur {id})',
  consentNote: 'demande l’accord sur sa propre page',
  noGender: 'ne connaît pas la civilité',
  checkout: 'Paiement',
  steps: 'Étapes de la commande',
  stepCart: 'Panier',
  stepDetails: 'Livraison et paiement',
  stepDone: 'Confirmation',
  shipping: 'Adresse de livraison',
  title: 'Civilité',
  optional: '(facultatif)',
  ms: 'Madame',
  mr: 'Monsieur',
  givenName: 'Prénom',
  familyName: 'Nom',
  email: 'Adresse e-mail',
  phone: 'Téléphone mobile',
  phoneHint: 'Pour le suivi de la livraison\u202f; votre opérateur mobile confirme aussi qu’il est bien à vous.',
  street: 'Numéro et nom de rue',
  postal: 'Code postal',
  city: 'Ville',
  country: 'Pays',
  belgium: 'Belgique',
  switzerland: 'Suisse',
  placeTitle: 'Votre commande',
  identityWait:
    'Remplissez vos informations ci-dessus\u00a0: quand vous passez commande, votre opérateur mobile confirme que le numéro est bien à votre nom, sans rien de plus à saisir.',
  identityLeadAll:
    'Votre opérateur mobile confirme que ce numéro est bien à vous, sans code à saisir. Nous avons repris votre adresse de livraison ci-dessous\u202f; ajoutez votre date de naissance pour une vérification plus sûre.',
  fallbackText:
    'Ou passez quand même votre commande\u00a0: notre équipe la vérifie avant l’expédition (en général sous 24\u00a0h).',
  fallback: 'Continuer\u00a0: notre équipe vérifiera ma commande',
  placeOrder: 'Commander',
  startOver: 'Recommencer',
  aside: 'Votre commande et la démo',
  yourOrder: 'Votre panier',
  lamp: 'Lampe à poser Opaline',
  lampVariant: 'Sable · 1 ×',
  throw: 'Plaid en lin',
  throwVariant: 'Sauge · 1 ×',
  mugs: 'Mugs en grès',
  mugsVariant: 'Lot de 2 · 1 ×',
  subtotal: 'Sous-total',
  delivery: 'Livraison (2 à 3 jours)',
  total: 'Total',
  startOverTitle: 'Tout recommencer\u202f?',
  startOverText:
    'Vos informations et la vérification d’identité seront effacées. Les articles de votre panier restent.',
  keepOrder: 'Garder mes informations',
  confirmStartOver: 'Effacer et recommencer',
  footer:
    'Une démo d’idmobile-check\u00a0: vérification d’identité par l’opérateur mobile de l’acheteur (DQE IDMobile, matching sans OTP). Les résultats viennent d’abonnés fictifs.',
  statusWaiting: '',
  statusWaitingAll: 'Vérifiez votre identité pour passer commande.',
  statusChecking: 'Vérification auprès de votre opérateur mobile en cours…',
  statusConsent: '{operator} demande votre accord sur sa propre page\u202f; vous reviendrez ensuite ici.',
  statusPlacing: 'Identité confirmée par votre opérateur mobile\u00a0: envoi de votre commande…',
  statusVerified: 'Identité confirmée par votre opérateur mobile. Vous pouvez passer commande.',
  statusInconclusive:
    'Confirmation partielle\u00a0: certaines informations ne correspondent pas entièrement ou n’ont pas pu être vérifiées. Appuyez de nouveau sur «\u202fCommander\u202f»\u202f; nous pourrons vérifier votre commande avant l’expédition.',
  statusInconclusiveAll:
    'Confirmation partielle\u00a0: certaines informations ne correspondent pas entièrement ou n’ont pas pu être vérifiées. Vous pouvez commander\u202f; nous pourrons vérifier votre commande avant l’expédition.',
  statusRejected:
    'Vos informations ne correspondent pas à celles de votre opérateur mobile\u00a0: choisissez une des solutions ci-dessus.',
  statusPhone: 'Vérifiez votre numéro de mobile, puis réessayez.',
  statusRetry: 'La vérification n’a pas abouti\u00a0: appuyez sur «\u202fRéessayer\u202f» ci-dessus.',
  statusRetryAll: 'La vérification n’a pas abouti. Réessayez pour passer commande.',
  statusDeadEnd: 'La vérification ne peut pas aboutir\u00a0: choisissez une des solutions ci-dessus.',
  statusRefused: 'Vous n’avez pas donné votre accord\u00a0: redemandez-le ci-dessus, ou choisissez une autre solution.',
  statusChanged: 'Vos informations ont changé\u00a0: elles seront vérifiées quand vous passerez commande.',
  statusChangedAll: 'Vos informations ont changé\u00a0: vérifiez de nouveau votre identité pour commander.',
  statusReview: 'Envoi de votre commande pour vérification par notre équipe…',
  statusApproval:
    '{operator} vous demande d’accepter cette vérification sur votre téléphone\u00a0: votre commande suivra votre accord.',
  flowsLabel: 'Parcours opérateur (chacun avec son relais et son simulateur)\u00a0:',
  phoneLink: 'Ouvrir le téléphone de l’abonné (simulateur)',
};

const COPY: Record<PageLang, Record<CopyKey, string>> = { en, fr };

/** A string of the page in a language, `{name}` placeholders filled. */
export function t(lang: PageLang, key: CopyKey, values: Record<string, string> = {}): string {
  return COPY[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

export function isCopyKey(key: string | undefined): key is CopyKey {
  return key !== undefined && Object.hasOwn(en, key);
}

/** Rewrites the page's marked text and labels, and its prices, in a language. */
export function translatePage(lang: PageLang, root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset['i18n'];
    if (isCopyKey(key)) el.textContent = t(lang, key);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = el.dataset['i18nLabel'];
    if (isCopyKey(key)) el.setAttribute('aria-label', t(lang, key));
  }
  const euros = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency: 'EUR' });
  for (const el of root.querySelectorAll<HTMLElement>('[data-price]')) {
    el.textContent = euros.format(Number(el.dataset['price']));
  }
}
