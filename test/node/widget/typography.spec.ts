// The typography rules themselves, good and bad examples side by side: test/node/widget/typography.ts.
import { expect, test } from '@playwright/test';
import { frenchTypography, typographyProblems, type TypographyLang } from './typography.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

// [written, as French typography wants it]
const french: Array<[string, string]> = [
  // : takes a no-break space, ; ? ! a narrow one, whatever space was typed
  ['Temps restant : {time}', `Temps restant${NBSP}: {time}`],
  [`Temps restant${NNBSP}: 2:00`, `Temps restant${NBSP}: 2:00`],
  ['Résultat: identité vérifiée', `Résultat${NBSP}: identité vérifiée`],
  ['Numéros d’erreur +336000000XX :', `Numéros d’erreur +336000000XX${NBSP}:`],
  ['Tout recommencer ?', `Tout recommencer${NNBSP}?`],
  ['Tout recommencer?', `Tout recommencer${NNBSP}?`],
  ['Merci, {name} !', `Merci, {name}${NNBSP}!`],
  [`Merci${NBSP}!`, `Merci${NNBSP}!`],
  ['le formulaire ; un numéro', `le formulaire${NNBSP}; un numéro`],
  ['Vraiment ?!', `Vraiment${NNBSP}?!`],
  ['{operator} : validez', `{operator}${NBSP}: validez`],
  // « » hold a narrow no-break space inside, typed or not
  ['appuyez sur « Commander » pour', `appuyez sur «${NNBSP}Commander${NNBSP}» pour`],
  ['appuyez sur «Commander» pour', `appuyez sur «${NNBSP}Commander${NNBSP}» pour`],
  [`«${NBSP}Commander${NBSP}»`, `«${NNBSP}Commander${NNBSP}»`],
  // apostrophes
  ["l'opérateur d'aujourd'hui", 'l’opérateur d’aujourd’hui'],
  ["d'{operator}", 'd’{operator}'],
  // numbers keep their unit and their groups
  ['en général sous 24 h)', `en général sous 24${NBSP}h)`],
  ['dans 30 s.', `dans 30${NBSP}s.`],
  ['nom 100 %', `nom 100${NNBSP}%`],
  ['par exemple 06 12 34 56 78.', `par exemple 06${NBSP}12${NBSP}34${NBSP}56${NBSP}78.`],
];
for (const [written, wanted] of french) {
  test(`French: ${JSON.stringify(written)}`, () => {
    expect(frenchTypography(written)).toBe(wanted);
    expect(frenchTypography(wanted), 'a string that follows the rules is left as it is').toBe(wanted);
    if (written !== wanted) expect(typographyProblems(written, 'fr')).not.toEqual([]);
    expect(typographyProblems(wanted, 'fr')).toEqual([]);
  });
}

// left exactly as they are: URLs, clock times, placeholders, marks inside a word, what already follows the rules
const untouched = [
  'https://shop.example/checkout?lang=fr&step=2',
  'Temps restant\u00a0: 10:30',
  '{operator}',
  'Sable · 1 ×',
  '2 à 3 jours',
  'mailto:contact@exemple.fr',
  'Lampe à poser Opaline',
  `«${NNBSP}Commander${NNBSP}»`,
  '+33612345678',
  '{max} caractères maximum.',
];
for (const text of untouched) {
  test(`French leaves ${JSON.stringify(text)} alone`, () => expect(frenchTypography(text)).toBe(text));
}

// [text, language, a word the problem list must contain (null: no problem)]
const quotes: Array<[string, TypographyLang, string | null]> = [
  ['Drücken Sie „Bestellen“.', 'de', null],
  ['Drücken Sie "Bestellen".', 'de', 'straight double quote'],
  ['Drücken Sie «Bestellen».', 'de', 'not used in de'],
  ['Drücken Sie „Bestellen.', 'de', 'unpaired'],
  ['Geht’s?', 'de', null],
  ["Geht's?", 'de', 'straight apostrophe'],
  ['Pulsa «Comprar».', 'es', null],
  ['Pulsa « Comprar ».', 'es', 'space inside'],
  ['¿Esta línea es tuya?', 'es', null],
  ['Esta línea es tuya?', 'es', 'opening ¿'],
  ['¡Gracias!', 'es', null],
  ['Gracias!', 'es', 'opening ¡'],
  ['Premi «Ordina».', 'it', null],
  ['l’operatore', 'it', null],
  ["l'operatore", 'it', 'straight apostrophe'],
  ['Premi „Ordina“.', 'it', 'not used in it'],
  ['Klik op ‘Bestellen’.', 'nl', null],
  ['Klik op “Bestellen”.', 'nl', null],
  ['foto’s', 'nl', null],
  ['Klik op «Bestellen».', 'nl', 'not used in nl'],
  ['Klik op „Bestellen”.', 'nl', 'not used in nl'],
  ['Resterende tijd : 2:00', 'nl', 'space before'],
  ['Resterende tijd: 2:00', 'nl', null],
  ['Press “Place order”.', 'en', null],
  ['Press "Place order".', 'en', 'straight double quote'],
  ['Appuyez sur «\u202fCommander\u202f».', 'fr', null],
  ['Appuyez sur "Commander".', 'fr', 'straight double quote'],
  ['Appuyez sur „Commander“.', 'fr', 'not used in fr'],
];
for (const [text, lang, problem] of quotes) {
  test(`${lang}: ${JSON.stringify(text)} -> ${problem ?? 'fine'}`, () => {
    const problems = typographyProblems(text, lang);
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join('; ')).toContain(problem);
  });
}
