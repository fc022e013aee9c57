/**
 * Loads a language's catalogue that is not in the bundle (German, Spanish, Italian, Dutch): in the ESM build each
 * one is a chunk of its own (`dist/i18n/de.js`, scripts/build.mjs), fetched by the browser only when a page asks
 * for that language. The IIFE build replaces this module with ./i18n-load.iife.ts (no chunks in an IIFE).
 */
import type { Lang, Messages } from './i18n.js';

const FILES: Partial<Record<Lang, () => Promise<{ default: Messages }>>> = {
  de: () => import('./i18n/de.js'),
  es: () => import('./i18n/es.js'),
  it: () => import('./i18n/it.js'),
  nl: () => import('./i18n/nl.js'),
};

/** The catalogue of `lang`; rejects when it cannot be loaded. */
export async function loadCatalogue(lang: Lang): Promise<Messages> {
  const file = FILES[lang];
  if (!file) throw new Error(`no catalogue for ${lang}`);
  return (await file()).default;
}
