/**
 * The shopper-facing catalogues (French and English) and the `lang` resolution of the contract.
 */
import { messageIdOf } from '../protocol/errors.js';
import { SUPPORTED_COUNTRIES } from '../protocol/phone.js';

/** The shopper's languages (DESIGN `lang`): French and English inside the bundle, the others loaded when used. */
export type Lang = 'fr' | 'en' | 'de' | 'es' | 'it' | 'nl';

/**
 * Every shopper-facing message, `[French, English]`: side by side so that the two stay in step, and each key
 * written once (the IIFE's size budget: 0.1 KB gzip less than two catalogues with the same keys).
 */
const MESSAGES = {
  phone: ['Numéro de mobile', 'Mobile number'],
  phoneHint: [
    'Le numéro de votre ligne mobile, par exemple 06\u00a012\u00a034\u00a056\u00a078.',
    'Your mobile line’s number, for example 06 12 34 56 78.',
  ],
  gender: ['Civilité', 'Title'],
  genderNone: ['—', '—'],
  genderF: ['Madame', 'Ms'],
  genderM: ['Monsieur', 'Mr'],
  given_name: ['Prénom', 'First name'],
  family_name: ['Nom', 'Last name'],
  birthdate: ['Date de naissance', 'Date of birth'],
  email: ['Adresse e-mail', 'Email address'],
  address: ['Adresse', 'Address'],
  street_address: ['Numéro et nom de rue', 'Street and number'],
  postal_code: ['Code postal', 'Postal code'],
  locality: ['Ville', 'City'],
  country: ['Pays', 'Country'],
  id_document: ['Numéro de pièce d’identité', 'Identity document number'],
  optional: ['facultatif', 'optional'],
  intro: [
    'Pour protéger votre commande, votre opérateur mobile confirme que ce numéro est à votre nom. Rien n’est conservé.',
    'To protect your order, your mobile operator confirms this number is in your name. Nothing is stored.',
  ],
  submit: ['Vérifier mon identité', 'Verify my identity'],
  submitting: ['Vérification en cours…', 'Verifying…'],
  checking: ['Vérification auprès de votre opérateur…', 'Checking with your mobile operator…'],
  edit: ['Modifier mes informations', 'Edit my details'],
  otherNumber: ['Utiliser un autre numéro', 'Use another number'],
  retry: ['Réessayer', 'Try again'],
  required: ['Ce champ est obligatoire.', 'This field is required.'],
  phoneEmpty: ['Saisissez votre numéro de mobile.', 'Enter your mobile number.'],
  phoneInvalid: ['Ce numéro de téléphone n’est pas valide.', 'This phone number is not valid.'],
  phoneNotMobile: [
    'Ce n’est pas un numéro de mobile\u00a0: saisissez celui de votre ligne mobile.',
    'This is not a mobile number: enter your mobile line’s number.',
  ],
  phoneUnsupported: [
    'Les numéros de ce pays ne sont pas pris en charge.',
    'Numbers from this country are not supported.',
  ],
  emailInvalid: [
    'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    'Enter a valid email address, such as name@example.com.',
  ],
  dateInvalid: ['Saisissez une date de naissance valide.', 'Enter a valid date of birth.'],
  tooLong: ['{max} caractères maximum.', 'At most {max} characters.'],
  invalidText: [
    'Ce texte contient des caractères non autorisés.',
    'This text contains characters that are not allowed.',
  ],
  idDocumentInvalid: [
    'Lettres, chiffres, espaces, points et tirets uniquement.',
    'Use only letters, digits, spaces, dots and dashes.',
  ],
  resultTitle: ['Résultat de la vérification', 'Verification result'],
  verdict_verified: ['Identité confirmée par votre opérateur.', 'Identity confirmed by your mobile operator.'],
  verdict_rejected: [
    'Vos informations ne correspondent pas à celles de votre opérateur.',
    'Your details do not match your mobile operator’s records.',
  ],
  verdict_inconclusive: [
    'Votre identité n’a pas pu être entièrement confirmée.',
    'Your identity could not be fully confirmed.',
  ],
  nextRejected: [
    'Cette ligne est-elle au nom de quelqu’un d’autre, ou à votre nom de naissance\u202f?',
    'Is this line in someone else’s name, or under your birth name?',
  ],
  band_match: ['Correspond', 'Matches'],
  band_partial: ['Correspond en partie', 'Partly matches'],
  band_mismatch: ['Ne correspond pas', 'Does not match'],
  band_unverified: ['Non vérifiable', 'Not verifiable'],
  band_withheld: ['Non communiqué', 'Not disclosed'],
  withheldNote: [
    'Pour protéger la vie privée du titulaire de la ligne, les autres informations ne s’affichent que si les noms correspondent.',
    'To protect the line holder’s privacy, other details show only if the names match.',
  ],
  consentTitle: ['{operator} demande votre accord', '{operator} asks for your consent'],
  consentText: [
    'Pour comparer vos informations (nom, adresse…) à votre contrat, {operator} vous demande votre accord sur son site. Vous revenez ensuite ici automatiquement\u00a0: votre panier et vos informations sont conservés.',
    'To compare your details (name, address…) with your contract, {operator} asks for your consent on its site. You then come back here automatically: your basket and details are kept.',
  ],
  continue: ['Continuer vers {operator}', 'Continue to {operator}'],
  waitingTitle: ['Validez la demande sur votre téléphone', 'Approve the request on your phone'],
  waitingText: [
    '{operator} a envoyé une demande au téléphone de cette ligne\u00a0: acceptez-la pour que vos informations soient vérifiées.',
    '{operator} sent a request to this line’s phone: accept it so your details can be checked.',
  ],
  timeLeft: ['Temps restant\u00a0: {time}', 'Time left: {time}'],
  waitingStatus: [
    '{operator}\u00a0: validez la demande sur votre téléphone. Temps restant\u00a0: {time}.',
    '{operator}: approve the request on your phone. Time left: {time}.',
  ],
  cancel: ['Annuler', 'Cancel'],
  formIncomplete: ['Vérifiez votre identité avant de continuer.', 'Verify your identity before continuing.'],
  err_07: [
    'Votre opérateur a besoin de votre numéro de mobile pour vérifier votre identité.',
    'Your operator needs your mobile number to verify your identity.',
  ],
  err_09: [
    'Ce numéro ne peut pas être vérifié\u00a0: utilisez un numéro de mobile français.',
    'This number cannot be verified: use a French mobile number.',
  ],
  err_10: ['Ce numéro de mobile n’existe pas. Vérifiez-le.', 'This mobile number does not exist. Please check it.'],
  err_11: ['Saisissez votre numéro de mobile.', 'Enter your mobile number.'],
  err_12: ['Votre opérateur n’a pas pu vérifier le numéro.', 'Your operator could not check the number.'],
  err_13: ['Nous n’avons pas trouvé l’opérateur de ce numéro.', 'We could not find the operator of this number.'],
  err_14: [
    'La vérification n’est pas disponible pour l’opérateur de ce numéro.',
    'Verification is not available for this number’s operator.',
  ],
  err_15: [
    'La vérification n’est pas encore disponible pour l’opérateur de ce numéro.',
    'Verification is not available yet for this number’s operator.',
  ],
  err_16: ['Votre opérateur ne répond pas pour le moment.', 'Your operator is not responding right now.'],
  err_17: [
    'Votre opérateur ne propose pas encore cette vérification.',
    'Your operator does not offer this verification yet.',
  ],
  err_18: ['Votre opérateur n’a transmis aucune réponse.', 'Your operator sent no answer.'],
  err_20: [
    'La vérification auprès de votre opérateur n’a pas abouti.',
    'The verification with your operator did not complete.',
  ],
  err_30: ['La session de vérification a expiré.', 'The verification session expired.'],
  err_network: [
    'Le service de vérification est injoignable pour le moment.',
    'We cannot reach the verification service right now.',
  ],
  err_timeout: ['La vérification prend trop de temps.', 'Verification is taking too long.'],
  err_consent_url: [
    'La redirection vers votre opérateur a été bloquée par mesure de sécurité.',
    'The redirect to your operator was blocked for your safety.',
  ],
  err_consent_refused: [
    'Sans votre accord, votre opérateur n’a rien vérifié. Vos informations sont conservées\u00a0: redemandez l’accord ou utilisez un autre numéro.',
    'Without your consent, your operator checked nothing. Your details are kept: ask again or use another number.',
  ],
  err_R409: [
    'Cet accord a déjà été utilisé\u00a0: recommencez la vérification.',
    'This consent was already used: start the verification again.',
  ],
  err_R428: [
    'Votre opérateur a besoin du numéro de votre pièce d’identité. Saisissez-le puis vérifiez à nouveau\u00a0: il pourra vous redemander votre accord.',
    'Your operator needs your identity document number. Enter it, then check again: your operator may ask for your consent again.',
  ],
  err_line_mismatch: [
    'Votre téléphone n’est pas connecté par la ligne de ce numéro.',
    'Your phone is not connected through this number’s line.',
  ],
  nextLineMismatch: [
    'Saisissez le numéro de ce téléphone, ou passez du Wi-Fi aux données mobiles et vérifiez à nouveau.',
    'Enter this phone’s number, or switch to mobile data rather than Wi-Fi and check again.',
  ],
  nextAgain: ['Réessayez plus tard, ou continuez autrement.', 'Try again later, or continue another way.'],
  consentAgain: ['Redemander l’accord', 'Ask again'],
  change: ['Modifier', 'Change'],
  checkField: [
    'Vérifiez «\u202f{field}\u202f»\u00a0: il ne correspond pas tout à fait.',
    'Check “{field}”: it does not quite match.',
  ],
  stillChecking: ['Vérification toujours en cours…', 'Still checking…'],
  err_R429: ['Trop de tentatives. Patientez un instant.', 'Too many attempts. Wait a moment.'],
  err_99: ['Le service de vérification a rencontré une erreur.', 'The verification service ran into an error.'],
  err_R502: [
    'Le service de vérification est momentanément indisponible.',
    'The verification service is temporarily unavailable.',
  ],
  err_R504: ['Le service de vérification ne répond pas.', 'The verification service is not responding.'],
  err_integration: [
    'La vérification est indisponible sur ce site pour le moment.',
    'Verification is unavailable on this site right now.',
  ],
  err_generic: ['La vérification n’a pas pu aboutir.', 'The verification could not be completed.'],
} satisfies Record<string, [fr: string, en: string]>;

export type MessageKey = keyof typeof MESSAGES;
/**
 * A language's catalogue. `countries` (the address's country list, `CODE Name|…` in display order) is optional:
 * by default the names come from `Intl.DisplayNames` in the shopper's language (France first, the others sorted
 * by `Intl.Collator`); an integrator may still give `messages.countries`.
 */
export type Messages = Record<MessageKey, string> & { countries?: string };

/** The catalogues at hand: French and English from the start, the others once loaded (addCatalogue). */
const CATALOGUES: Partial<Record<Lang, Messages>> = {};

/**
 * Makes a language's catalogue available, with its country names computed on first read (the ICU data of
 * `Intl.DisplayNames` is loaded only by a form that shows the country).
 */
export function addCatalogue(lang: Lang, messages: Messages): void {
  let names: string | undefined;
  // not enumerable: the keys of a catalogue stay the messages every language has
  CATALOGUES[lang] = Object.defineProperty({ ...messages }, 'countries', {
    get: () => (names ??= messages.countries ?? countryNames(lang)),
  });
}

/** `FR France|…` in `lang`: France first, then the other supported countries by their name. */
function countryNames(lang: Lang): string {
  const names = new Intl.DisplayNames(lang, { type: 'region' });
  const [first, ...rest] = SUPPORTED_COUNTRIES.map((code) => `${code} ${names.of(code) ?? code}`);
  return [first, ...rest.sort((a, b) => a.slice(3).localeCompare(b.slice(3), lang))].join('|');
}

(['fr', 'en'] as const).forEach((lang, index) =>
  addCatalogue(
    lang,
    Object.fromEntries(Object.entries(MESSAGES).map(([key, texts]) => [key, texts[index]])) as Messages,
  ),
);

/** Whether a language's catalogue is at hand (French and English always; the others once loaded). */
export const hasCatalogue = (lang: Lang): boolean => !!CATALOGUES[lang];

/**
 * The catalogue of a language (English while it is not at hand) with the integrator's overrides applied
 * (unknown keys and non-strings ignored; `countries` included).
 */
export function catalogue(lang: Lang, overrides?: Partial<Record<string, unknown>> | null): Messages {
  const base = (CATALOGUES[lang] ?? CATALOGUES.en) as Messages;
  if (!overrides) return base;
  const merged = { ...base, countries: base.countries };
  for (const key in merged) {
    const v = Object.hasOwn(overrides, key) && overrides[key];
    if (typeof v === 'string') merged[key as MessageKey] = v;
  }
  return merged;
}

/** Fills `{name}` placeholders. Values are text: rendering escapes them. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(values, k) ? values[k] : undefined) ?? m);
}

/** The message key for an error id: the protocol's catalogue says which id's message it reads (`err_generic` if none). */
export function errorMessageKey(id: string): MessageKey {
  const key = `err_${messageIdOf(id)}`;
  return Object.hasOwn(MESSAGES, key) ? (key as MessageKey) : 'err_generic';
}

/** One of the six languages when the value names it (a region or script is ignored: `fr-BE` is `fr`), else `en`. */
export function toLang(value: string | null | undefined): Lang {
  const lang = /^\s*(fr|en|de|es|it|nl)(?![a-z])/i.exec(value ?? '')?.[1]?.toLowerCase() as Lang | undefined;
  return lang ?? 'en';
}

/**
 * The language of an element: its own `lang`, else the closest `lang` among its ancestors (crossing shadow
 * roots), else `<html lang>`; read by toLang.
 */
export function resolveLang(el: Element): Lang {
  let node: Node | null = el;
  // a document or a fragment has no attributes; a shadow root's next step is its host
  while (node && !(node as Partial<Element>).hasAttribute?.('lang'))
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  return toLang(((node as Element | null) ?? document.documentElement).getAttribute('lang'));
}

/** Parses a `countries` message (`CODE Name|…`) into options; malformed entries are skipped. */
export function countryOptions(list = ''): Array<{ code: string; label: string }> {
  return list.split('|').flatMap((entry) => {
    const [, code, label] = /^([A-Z]{2}) (.+)$/.exec(entry.trim()) ?? [];
    return code && label ? [{ code, label }] : [];
  });
}
