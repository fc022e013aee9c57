// Every shopper-facing catalogue is complete and printed as its language prints it: the widget's German, Spanish,
// Italian and Dutch catalogues (src/widget/i18n/*.ts) against the English source, and French typography over every
// French string the shopper can meet (the widget, the demo shop, the test mode's operator pages).
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { catalogue, errorMessageKey, type MessageKey, type Messages } from '../../../src/widget/i18n.js';
import de from '../../../src/widget/i18n/de.js';
import es from '../../../src/widget/i18n/es.js';
import it from '../../../src/widget/i18n/it.js';
import nl from '../../../src/widget/i18n/nl.js';
import { checkPhone } from '../../../src/protocol/phone.js';
import { t, type PageLang } from '../../../demo/copy.js';
import { orderCopy } from '../../../demo/order-copy.js';
import { consentGonePage, consentPage } from '../../../src/testmode/consent-page.js';
import { authorizeErrorPage, authorizePage } from '../../../src/testmode/camara/authorize-page.js';
import { phonePage } from '../../../src/testmode/camara/phone-page.js';
import { typographyProblems } from './typography.js';

const root = new URL('../../../', import.meta.url);
const en = catalogue('en');
const keys = Object.keys(en) as MessageKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const TRANSLATIONS = { de, es, it, nl } as const;
type Translated = keyof typeof TRANSLATIONS;

/** The country whose mobile numbers each language's phone hint shows. */
const HINT_COUNTRY: Record<Translated, string> = { de: 'DE', es: 'ES', it: 'IT', nl: 'NL' };

/** Messages that are the same in English, and why. */
const SAME_AS_ENGLISH: Record<Translated, MessageKey[]> = {
  de: ['genderNone', 'optional'], // a dash; German forms print "(optional)" too
  es: ['genderNone'],
  it: ['genderNone'],
  nl: ['genderNone'],
};

/** How each language says "try again": a retryable error's message must not, the Try again button says it. */
const TRY_AGAIN: Record<Translated, RegExp> = {
  de: /erneut|nochmal|noch einmal/i,
  es: /vuelve a intentar|inténtalo|reintent|de nuevo|otra vez/i,
  it: /riprov|di nuovo/i,
  nl: /opnieuw|nog een keer|nogmaals/i,
};
const RETRYABLE = ['12', '16', '30', 'network', 'timeout', 'bad_response', 'R429', 'R502', 'R503', 'R504'];

for (const [lang, messages] of Object.entries(TRANSLATIONS) as Array<[Translated, Messages]>) {
  test.describe(`the ${lang} catalogue`, () => {
    test('has every key of the English source and no other, none empty', () => {
      expect(Object.keys(messages).sort()).toEqual([...keys].sort());
      for (const key of keys) expect(messages[key].trim(), key).not.toBe('');
    });

    test('uses exactly the placeholders of the English source in every message', () => {
      for (const key of keys) expect(placeholders(messages[key]), key).toEqual(placeholders(en[key]));
    });

    test('says everything in its own words (only symbols and shared words equal the English)', () => {
      expect(keys.filter((k) => messages[k] === en[k])).toEqual(SAME_AS_ENGLISH[lang]);
    });

    test('prints its own quotes and apostrophes, no straight ones, no French spacing', () => {
      const wrong = keys.flatMap((k) => typographyProblems(messages[k], lang).map((p) => `${k}: ${p}`));
      expect(wrong).toEqual([]);
    });

    test('never says "try again" in a retryable error (the button next to it does)', () => {
      for (const id of RETRYABLE) expect(messages[errorMessageKey(id)], id).not.toMatch(TRY_AGAIN[lang]);
    });

    test(`shows an example that is a mobile number of ${HINT_COUNTRY[lang]}`, () => {
      const example = /\d[\d\u00a0 ]+\d/.exec(messages.phoneHint)?.[0] ?? '';
      expect(example.includes(' '), 'the example number is held together by no-break spaces').toBe(false);
      expect(checkPhone(example.replace(/\u00a0/g, ' '), HINT_COUNTRY[lang])).toMatchObject({
        ok: true,
        country: HINT_COUNTRY[lang],
      });
    });
  });
}

test('the widget’s English prints typographic quotes and apostrophes', () => {
  expect(keys.flatMap((k) => typographyProblems(en[k], 'en').map((p) => `${k}: ${p}`))).toEqual([]);
});

/** `[where, text]` problems of French `texts`, for a readable failure. */
const frenchProblems = (texts: Array<[string, string]>): string[] =>
  texts.flatMap(([where, text]) => typographyProblems(text, 'fr').map((p) => `${where}: ${p}`));

test('every French message of the widget follows French typography', () => {
  const fr = catalogue('fr');
  expect(frenchProblems(keys.map((k) => [k, fr[k]]))).toEqual([]);
});

test('the demo shop’s French pages follow French typography', () => {
  const copy = orderCopy('fr');
  const texts = Object.entries(copy).flatMap(([k, v]): Array<[string, string]> =>
    typeof v === 'string' ? [[k, v]] : Object.entries(v).map(([s, w]): [string, string] => [`${k}.${s}`, w]),
  );
  // the checkout's own words: every key of its English table, as the French page shows it
  for (const key of copyKeys()) texts.push([key, t('fr' satisfies PageLang, key)]);
  expect(texts.length).toBeGreaterThan(100);
  expect(frenchProblems(texts)).toEqual([]);
});

test('the test mode’s French operator pages follow French typography', () => {
  const nonce = 'n';
  const pages: Array<[string, string]> = [
    [
      'consent',
      consentPage({
        lang: 'fr',
        nonce,
        operator: 'Orange',
        partnerName: 'Maison Lumen',
        phone: '+33612345678',
        fields: ['given_name', 'family_name', 'address'],
        redirectUri: 'https://shop.example/back?x=1',
      }),
    ],
    ...(['unknown', 'decided', 'expired'] as const).map((r): [string, string] => [
      `consent gone ${r}`,
      consentGonePage('fr', r, nonce),
    ]),
    [
      'authorize',
      authorizePage({
        lang: 'fr',
        nonce,
        operator: 'Orange',
        deviceLine: '+33612345678',
        redirectUri: 'https://shop.example/back',
        params: new URLSearchParams({ client_id: 'demo' }),
      }),
    ],
    ...(['client_id', 'redirect_uri'] as const).map((p): [string, string] => [
      `authorize error ${p}`,
      authorizeErrorPage('fr', p, nonce),
    ]),
    ['phone, no number', phonePage({ lang: 'fr', nonce, phone: null, invalidNumber: true, pending: [], notice: null })],
    [
      'phone, two requests',
      phonePage({
        lang: 'fr',
        nonce,
        phone: '+33612345678',
        invalidNumber: false,
        notice: 'approved',
        pending: [
          {
            id: 'a',
            client: 'Maison Lumen',
            operator: 'Orange',
            bindingMessage: 'Commande 42',
            expiresInSeconds: 90,
            autoAnswer: { decision: 'approve', inSeconds: 5 },
          },
          { id: 'b', client: 'Autre', operator: null, bindingMessage: '', expiresInSeconds: 30, autoAnswer: null },
        ],
      }),
    ],
  ];
  const texts = pages.map(([name, html]): [string, string] => [name, visibleText(html)]);
  for (const [name, text] of texts) expect(text, name).toMatch(/[a-zé]/); // the extraction kept the words
  expect(frenchProblems(texts)).toEqual([]);
});

test('every French string literal in the widget, the relay, the demo and the test mode follows French typography', () => {
  const files = [
    'src/widget/i18n.ts',
    'src/relay/routes/callback.ts', // the page a shopper lands on when the consent return fails
    ...['demo', 'src/testmode'].flatMap((dir) =>
      readdirSync(new URL(dir, root), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${dir}/${f}`),
    ),
  ];
  const literals = files.flatMap((file) =>
    frenchLiterals(file).map(([line, text]): [string, string] => [`${file}:${line}`, text]),
  );
  expect(literals.length).toBeGreaterThan(150);
  expect(frenchProblems(literals)).toEqual([]);
});

/** The text a reader sees in an HTML page (its title included, its style sheet not), entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(
      /&(amp|lt|gt|quot|#39);/g,
      (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
    )
    .replace(/[ \t\n]+/g, ' ');
}

/** The keys of the demo checkout's copy: the properties of its English table (demo/copy.ts). */
function copyKeys(): Parameters<typeof t>[1][] {
  const file = 'demo/copy.ts';
  const sf = ts.createSourceFile(file, readFileSync(new URL(file, root), 'utf8'), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'en' && node.initializer) {
      const init = node.initializer;
      if (ts.isObjectLiteralExpression(init)) for (const p of init.properties) if (p.name) names.push(p.name.getText());
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names as Parameters<typeof t>[1][];
}

/**
 * The French string literals of a source file, with their line: every string or template text under a property
 * or variable named `fr`, and in src/widget/i18n.ts the first (French) text of each `[French, English]` pair.
 */
function frenchLiterals(file: string): Array<[number, string]> {
  const sf = ts.createSourceFile(file, readFileSync(new URL(file, root), 'utf8'), ts.ScriptTarget.Latest, true);
  const pairs = file === 'src/widget/i18n.ts';
  const isFrench = (node: ts.Node): boolean => {
    // `parent` is typed as always set; the source file's is not
    for (let n = node, p = n.parent as ts.Node | undefined; p; n = p, p = n.parent as ts.Node | undefined) {
      if (
        (ts.isPropertyAssignment(p) || ts.isVariableDeclaration(p)) &&
        p.name.getText() === 'fr' &&
        p.initializer === n
      )
        return true;
      if (pairs && ts.isArrayLiteralExpression(p) && p.elements[0] === n && ts.isPropertyAssignment(p.parent))
        return true;
    }
    return false;
  };
  const found: Array<[number, string]> = [];
  const visit = (node: ts.Node): void => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && isFrench(node))
      found.push([line, node.text]);
    if (ts.isTemplateExpression(node) && isFrench(node)) {
      // checked whole, each `${…}` standing as a placeholder (the pages it renders are checked too)
      found.push([line, node.head.text + node.templateSpans.map((s) => `{x}${s.literal.text}`).join('')]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}
