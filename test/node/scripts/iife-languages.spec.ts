// The IIFE carries French and English only: German, Spanish, Italian and Dutch are the files dist/i18n/<lang>.js
// (scripts/build.mjs), self-contained ES modules that the IIFE loads from beside itself and the ESM build imports.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { catalogue, type MessageKey } from '../../../src/widget/i18n.js';
import de from '../../../src/widget/i18n/de.js';
import es from '../../../src/widget/i18n/es.js';
import it from '../../../src/widget/i18n/it.js';
import nl from '../../../src/widget/i18n/nl.js';

const IIFE = 'dist/idmobile-check.iife.js';
const LAZY = { de, es, it, nl };

test.beforeAll(() => {
  if (!existsSync(IIFE)) {
    test.setTimeout(120_000);
    execFileSync('node', ['scripts/ensure-build.mjs'], { stdio: 'inherit' });
  }
});

/** How a string appears in the minified bundle (non-ASCII may be escaped). */
const spellings = (s: string) => [
  s,
  JSON.stringify(s).slice(1, -1),
  s.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase()}`),
];

test('the IIFE holds no German, Spanish, Italian or Dutch message', () => {
  const iife = readFileSync(IIFE, 'utf8');
  const [fr, en] = [catalogue('fr'), catalogue('en')];
  for (const [lang, messages] of Object.entries(LAZY)) {
    let checked = 0;
    for (const [key, text] of Object.entries(messages) as Array<[MessageKey, string]>) {
      if (text.length < 8 || text === fr[key] || text === en[key]) continue;
      checked++;
      for (const s of spellings(text)) expect(iife.includes(s), `${lang} ${key} in the IIFE`).toBe(false);
    }
    expect(checked, lang).toBeGreaterThan(40);
  }
});

test('each language is a file beside the IIFE: an ES module with a default export and no import', async () => {
  for (const [lang, messages] of Object.entries(LAZY)) {
    const file = `dist/i18n/${lang}.js`;
    const code = readFileSync(file, 'utf8');
    expect(code, file).not.toMatch(/^\s*import\b|\bimport\s*\(|\bfrom\s*["']/m);
    const module = (await import(new URL(`../../../${file}`, import.meta.url).href)) as { default: unknown };
    expect(module.default, file).toEqual(messages);
  }
  // the IIFE finds them next to its own address
  expect(readFileSync(IIFE, 'utf8')).toMatch(/i18n\/\$\{\w+\}\.js/);
});
