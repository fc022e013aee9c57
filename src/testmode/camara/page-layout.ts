/**
 * The frame of the CAMARA face's HTML pages (authorization page, subscriber's phone): a test-mode banner, no
 * script, one style carrying a per-response nonce, so the pages run under a strict Content-Security-Policy
 * (the DQE consent page's, consent-page.ts). Every value is escaped by the callers with `escapeHtml`.
 */
import { escapeHtml, type Lang } from '../consent-page.js';

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
body{margin:0;background:Canvas;color:CanvasText}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
.banner{border:2px dashed currentColor;padding:.5rem .75rem;border-radius:.5rem;font-weight:600}
h1{font-size:1.5rem;margin:1.25rem 0 .75rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
fieldset{border:0;padding:0;margin:1.5rem 0 0}
legend{font-weight:600;margin-bottom:.5rem}
.actions{display:flex;gap:.75rem;flex-wrap:wrap}
.request{border:1px solid currentColor;border-radius:.5rem;padding:1rem;margin:1rem 0}
.status{font-weight:600}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=tel]{font:inherit;padding:.4rem .5rem;min-height:2.5rem}
button{font:inherit;font-size:1.05rem;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:.5rem;border:2px solid #0b5394;cursor:pointer}
button[value=accept],button[value=approve]{background:#0b5394;color:#fff}
button[value=refuse]{background:Canvas;color:CanvasText}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #e8710a;outline-offset:2px}
.lang{display:block;width:max-content;margin:0 0 .75rem auto}
`;

export const BANNER: Record<Lang, string> = {
  fr: 'Mode test\u00a0: cette page simule celle de l’opérateur. Aucun opérateur n’est contacté et aucune donnée réelle n’est utilisée.',
  en: 'Test mode: this page stands in for the operator’s page. No operator is contacted and no real data is used.',
};

/** A whole page; `head` adds elements to `<head>` (already escaped), `body` is already escaped HTML. */
export function page(lang: Lang, title: string, nonce: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${head}<title>${escapeHtml(title)}</title>
<style nonce="${escapeHtml(nonce)}">${STYLE}</style>
</head>
<body>
<main>
<p class="banner" role="note">${escapeHtml(BANNER[lang])}</p>
${body}
</main>
</body>
</html>
`;
}

/** A link to the same page in the other language (`href` already holds the query without `lang`). */
export function langSwitch(lang: Lang, query: URLSearchParams): string {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const q = new URLSearchParams(query);
  q.set('lang', other);
  return `<a class="lang" href="?${escapeHtml(q.toString())}" hreflang="${other}" lang="${other}">${other === 'en' ? 'English' : 'Français'}</a>`;
}
