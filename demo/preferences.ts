/**
 * The demo's language (FR/EN) and colour scheme (light/dark) switches.
 *
 * `?lang=de` (or `es`, `it`, `nl`) shows the widget in that language, as a shop in that language would embed it
 * (its `lang` attribute); the demo's own copy stays English, having only French and English.
 *
 * The choice lives in the page's address (`?lang=fr&scheme=dark`), not in storage: it survives the trip to the
 * operator's consent page (the widget's return URL keeps the page's other parameters) and a reload, and can be
 * shared. The language is `<html lang>`, which the widget follows live; the scheme is `data-scheme` on `<html>`,
 * which the stylesheet turns into `color-scheme` (the widget follows the page's, see checkout.css). Without a
 * choice the page follows the system's scheme.
 */
import { pageLang, t, translatePage, type PageLang } from './copy.js';

export type Scheme = 'light' | 'dark';

/** The widget's languages the demo's own copy lacks. */
const WIDGET_ONLY = ['de', 'es', 'it', 'nl'] as const;
type WidgetOnlyLang = (typeof WIDGET_ONLY)[number];

export interface Preferences {
  lang: PageLang;
  scheme: Scheme | null;
  /** The widget's own language when the address asks for one the page lacks (`?lang=de`); else it follows the page. */
  widgetLang: WidgetOnlyLang | null;
}

const widgetOnly = (value: string | null): WidgetOnlyLang | null =>
  WIDGET_ONLY.find((l) => l === value?.toLowerCase()) ?? null;

const root = document.documentElement;
const systemDark = matchMedia('(prefers-color-scheme: dark)');

function fromUrl(): Preferences {
  const params = new URLSearchParams(location.search);
  const scheme = params.get('scheme');
  return {
    lang: pageLang(params.get('lang')),
    scheme: scheme === 'light' || scheme === 'dark' ? scheme : null,
    widgetLang: widgetOnly(params.get('lang')),
  };
}

/** The address with the preferences in it (other parameters kept). */
function urlWith(href: string, prefs: Preferences): string {
  const url = new URL(href, location.href);
  const lang = prefs.widgetLang ?? (prefs.lang === 'fr' ? 'fr' : null);
  if (lang) url.searchParams.set('lang', lang);
  else url.searchParams.delete('lang');
  if (prefs.scheme) url.searchParams.set('scheme', prefs.scheme);
  else url.searchParams.delete('scheme');
  return url.origin === location.origin ? `${url.pathname}${url.search}${url.hash}` : url.href;
}

let current = fromUrl();
const listeners: Array<(p: Preferences) => void> = [];

export function preferences(): Preferences {
  return current;
}

/** Called with the preferences now and on every change. */
export function onPreferences(listener: (p: Preferences) => void): void {
  listeners.push(listener);
  listener(current);
}

function dark(): boolean {
  return current.scheme ? current.scheme === 'dark' : systemDark.matches;
}

function apply(): void {
  const { lang, scheme, widgetLang } = current;
  root.lang = lang;
  const widget = document.getElementById('idcheck');
  if (widgetLang) widget?.setAttribute('lang', widgetLang);
  else widget?.removeAttribute('lang');
  if (scheme) root.dataset['scheme'] = scheme;
  else delete root.dataset['scheme'];
  translatePage(lang);
  const langToggle = document.getElementById('lang-toggle');
  if (langToggle) {
    const other: PageLang = lang === 'fr' ? 'en' : 'fr';
    langToggle.lang = other;
    langToggle.textContent = t(lang, 'otherLang');
  }
  document.getElementById('scheme-toggle')?.setAttribute('aria-pressed', String(dark()));
  // links to the demo's other checkout keep the choice
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-keep-prefs]')) {
    a.href = urlWith(a.getAttribute('href') ?? '/', current);
  }
  for (const listener of listeners) listener(current);
}

function change(next: Partial<Preferences>): void {
  current = { ...current, ...next };
  history.replaceState(history.state, '', urlWith(location.href, current));
  apply();
}

/** Wires the two switches of the page header and applies the preferences of the address. */
export function setUpPreferences(): void {
  document.getElementById('lang-toggle')?.addEventListener('click', () => {
    change({ lang: current.lang === 'fr' ? 'en' : 'fr', widgetLang: null });
  });
  document.getElementById('scheme-toggle')?.addEventListener('click', () => {
    change({ scheme: dark() ? 'light' : 'dark' });
  });
  systemDark.addEventListener('change', apply);
  apply();
}
