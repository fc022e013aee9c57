/**
 * The IIFE's ./i18n-load.ts (scripts/build.mjs swaps them): the one-tag build cannot hold chunks, so a language
 * that is not inside it is the ES module `i18n/<lang>.js` beside the script (the same file as the ESM build's
 * chunk, self-contained: no imports), loaded with `import()`, which classic scripts may use too. Its address is
 * read from `document.currentScript` while the IIFE runs (null later, or when the script was injected as a module).
 */
import type { Lang, Messages } from './i18n.js';

const script = (document.currentScript as HTMLScriptElement | null)?.src;

/** The catalogue of `lang`; rejects when it cannot be loaded (no script address, network, CSP). */
export async function loadCatalogue(lang: Lang): Promise<Messages> {
  const module = (await import(/* @vite-ignore */ new URL(`i18n/${lang}.js`, script).href)) as { default: Messages };
  return module.default;
}
