/**
 * The test mode's consent page: what the shopper sees in place of the operator's page. Small, accessible,
 * honest about being a simulation, in French and English. Every value is escaped; no script at all, and the
 * only style carries a per-response nonce so the page runs under a strict Content-Security-Policy.
 */

export type Lang = 'fr' | 'en';

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

/** `?lang=` wins; else the best of `fr`/`en` in Accept-Language; else French. */
export function pickLang(queryLang: string | undefined, acceptLanguage: string | undefined): Lang {
  const q = queryLang?.trim().toLowerCase();
  if (q?.startsWith('fr')) return 'fr';
  if (q?.startsWith('en')) return 'en';
  let best: { lang: Lang; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const lang: Lang | null = tag.startsWith('fr') ? 'fr' : tag.startsWith('en') ? 'en' : null;
    if (!lang) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(weight) || weight <= 0) continue;
    if (!best || weight > best.q) best = { lang, q: weight };
  }
  return best?.lang ?? 'fr';
}

/** The Content-Security-Policy of the consent pages. The form posts here, then is redirected to `redirectOrigin`. */
export function consentCsp(nonce: string, redirectOrigin?: string): string {
  const formAction = ["'self'", redirectOrigin].filter(Boolean).join(' ');
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `form-action ${formAction}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

const FIELD_LABELS: Record<Lang, Record<string, string>> = {
  fr: {
    given_name: 'prénom',
    family_name: 'nom',
    gender: 'civilité',
    birthdate: 'date de naissance',
    email: 'adresse e-mail',
    address: 'adresse postale',
  },
  en: {
    given_name: 'first name',
    family_name: 'last name',
    gender: 'title',
    birthdate: 'date of birth',
    email: 'email address',
    address: 'postal address',
  },
};

const TEXT = {
  fr: {
    title: (op: string) => `Consentement ${op} (mode test)`,
    banner:
      'Mode test\u00a0: cette page simule celle de l’opérateur. Aucun opérateur n’est contacté et aucune donnée réelle n’est utilisée.',
    heading: (op: string) => `${op} vous demande votre accord`,
    intro: (partner: string, op: string, phone: string) =>
      `${partner} souhaite vérifier auprès de ${op} que le numéro ${phone} appartient bien à la personne indiquée dans votre commande.`,
    how: (op: string) =>
      `${op} compare les informations transmises à celles de votre contrat et ne renvoie qu’un score de correspondance par information\u00a0: aucune donnée de votre contrat n’est communiquée.`,
    fields: 'Informations comparées\u00a0:',
    none: 'aucune',
    back: (host: string) => `Quel que soit votre choix, vous revenez ensuite sur ${host}.`,
    accept: 'Accepter',
    refuse: 'Refuser',
    choice: 'Votre choix',
    switchLabel: 'English',
    switchLang: 'en' as Lang,
    gone: {
      unknown: [
        'Demande introuvable',
        'Cette demande de consentement n’existe pas. Revenez sur le site marchand et recommencez la vérification.',
      ],
      decided: [
        'Demande déjà traitée',
        'Vous avez déjà répondu à cette demande de consentement. Revenez sur le site marchand.',
      ],
      expired: [
        'Demande expirée',
        'Cette demande de consentement a expiré. Revenez sur le site marchand et recommencez la vérification.',
      ],
    },
  },
  en: {
    title: (op: string) => `${op} consent (test mode)`,
    banner:
      'Test mode: this page stands in for the operator’s page. No operator is contacted and no real data is used.',
    heading: (op: string) => `${op} asks for your consent`,
    intro: (partner: string, op: string, phone: string) =>
      `${partner} wants to check with ${op} that the number ${phone} belongs to the person named in your order.`,
    how: (op: string) =>
      `${op} compares the details sent with those of your contract and only answers a match score per detail: none of your contract’s data is disclosed.`,
    fields: 'Details compared:',
    none: 'none',
    back: (host: string) => `Whatever you choose, you then go back to ${host}.`,
    accept: 'Accept',
    refuse: 'Refuse',
    choice: 'Your choice',
    switchLabel: 'Français',
    switchLang: 'fr' as Lang,
    gone: {
      unknown: [
        'Request not found',
        'This consent request does not exist. Go back to the shop and start the check again.',
      ],
      decided: ['Request already answered', 'You have already answered this consent request. Go back to the shop.'],
      expired: ['Request expired', 'This consent request has expired. Go back to the shop and start the check again.'],
    },
  },
} as const;

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
body{margin:0;background:Canvas;color:CanvasText}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
.banner{border:2px dashed currentColor;padding:.5rem .75rem;border-radius:.5rem;font-weight:600}
h1{font-size:1.5rem;margin:1.25rem 0 .75rem}
fieldset{border:0;padding:0;margin:1.5rem 0 0}
legend{font-weight:600;margin-bottom:.5rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap}
button{font:inherit;font-size:1.05rem;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:.5rem;border:2px solid #0b5394;cursor:pointer}
button[value=accept]{background:#0b5394;color:#fff}
button[value=refuse]{background:Canvas;color:CanvasText}
button:focus-visible,a:focus-visible{outline:3px solid #e8710a;outline-offset:2px}
.lang{display:block;width:max-content;margin:0 0 .75rem auto}
`;

function layout(lang: Lang, title: string, nonce: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** Masks a phone number for display: `+33756123456` -> `07 •• •• •4 56`. */
export function maskPhone(e164: string): string {
  const fr = /^\+33(\d{9})$/.exec(e164);
  const digits = fr ? `0${fr[1]}` : e164;
  if (digits.length < 6) return digits;
  const masked = digits.slice(0, 2) + '•'.repeat(digits.length - 5) + digits.slice(-3);
  return fr ? masked.replace(/(.{2})(?=.)/g, '$1 ') : masked;
}

export interface ConsentPageInput {
  lang: Lang;
  nonce: string;
  operator: string;
  partnerName: string;
  phone: string;
  /** Identity fields sent non-empty (`given_name`, `family_name`, `gender`, `birthdate`, `email`, `address`). */
  fields: string[];
  /** Where the shopper goes back to (only its host is shown). */
  redirectUri: string;
}

export function consentPage(input: ConsentPageInput): string {
  const t = TEXT[input.lang];
  const op = escapeHtml(input.operator);
  const partner = escapeHtml(input.partnerName || (input.lang === 'fr' ? 'Le site marchand' : 'The shop'));
  let host = input.redirectUri;
  try {
    host = new URL(input.redirectUri).host;
  } catch {
    /* shown as is */
  }
  const fields = input.fields.map((f) => FIELD_LABELS[input.lang][f] ?? f);
  const body = `<a class="lang" href="?lang=${t.switchLang}" hreflang="${t.switchLang}" lang="${t.switchLang}">${t.switchLabel}</a>
<p class="banner" role="note">${escapeHtml(t.banner)}</p>
<h1>${escapeHtml(t.heading(input.operator))}</h1>
<p>${t.intro(partner, op, `<span class="phone">${escapeHtml(maskPhone(input.phone))}</span>`)}</p>
<p>${escapeHtml(t.how(input.operator))}</p>
<p>${escapeHtml(t.fields)} ${escapeHtml(fields.length ? fields.join(', ') : t.none)}.</p>
<form method="post">
<input type="hidden" name="lang" value="${input.lang}">
<fieldset>
<legend>${escapeHtml(t.choice)}</legend>
<p>${escapeHtml(t.back(host))}</p>
<div class="actions">
<button type="submit" name="decision" value="accept">${escapeHtml(t.accept)}</button>
<button type="submit" name="decision" value="refuse">${escapeHtml(t.refuse)}</button>
</div>
</fieldset>
</form>`;
  return layout(input.lang, t.title(input.operator), input.nonce, body);
}

export type GoneReason = 'unknown' | 'decided' | 'expired';

/** The page for an unknown (404), already decided or expired (410) consent session. */
export function consentGonePage(lang: Lang, reason: GoneReason, nonce: string): string {
  const t = TEXT[lang];
  const [title, text] = t.gone[reason];
  const body = `<p class="banner" role="note">${escapeHtml(t.banner)}</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>`;
  return layout(lang, title, nonce, body);
}
