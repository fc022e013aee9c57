/**
 * Typography rules of the shopper-facing text, as pure functions the tests apply to every string (the strings
 * are fixed where they are written; nothing is corrected at runtime, so the IIFE carries none of this).
 *
 * French (Imprimerie nationale, as French checkouts print it): a no-break space (U+00A0) before `:`, a narrow
 * no-break space (U+202F) before `; ? !` and inside « », typographic apostrophes (’), and numbers kept with
 * their unit or their next group of digits (`24 h`, `06 12 34 56 78`, `89 %`) so that a 320 px line never
 * breaks them apart. URLs (`https://`, `?lang=fr`), clock times (`10:30`) and `{placeholders}` are left alone:
 * a mark only gets a space when it ends a word, i.e. when whitespace or the end of the text follows it.
 */

/** Ordinary and thin spaces, and the two no-break ones, wherever a rule replaces "some space". */
const ANY_SPACE = '[ \\u00a0\\u202f\\u2009]';
const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** `text` with the French rules applied; a string that follows them is returned unchanged. */
export function frenchTypography(text: string): string {
  return (
    text
      // apostrophes: a straight quote between letters (l'opérateur, aujourd'hui, d'{operator})
      .replace(/(\p{L})'(?=[\p{L}{])/gu, '$1\u2019')
      // « and »: a narrow no-break space inside, whatever was there (or nothing)
      .replace(new RegExp(`«${ANY_SPACE}*`, 'g'), `«${NNBSP}`)
      .replace(new RegExp(`${ANY_SPACE}*»`, 'g'), `${NNBSP}»`)
      // : after a space of any kind, or ending a word (followed by whitespace or the end)
      .replace(new RegExp(`${ANY_SPACE}+:`, 'g'), `${NBSP}:`)
      .replace(/(?<=[^\s;:?!])(?=:(?:\s|$))/g, NBSP)
      // ; ? ! likewise, with the narrow space (`?!` stays one group)
      .replace(new RegExp(`${ANY_SPACE}+([;?!])`, 'g'), `${NNBSP}$1`)
      .replace(/(?<=[^\s;:?!])(?=[;?!](?:[\s»)]|$))/g, NNBSP)
      // a number and its unit, and groups of digits (phone numbers), never split over two lines
      .replace(/(?<=\d)[ \u202f\u2009](?=(?:h|min|s|€)(?![\p{L}\d]))/gu, NBSP)
      .replace(/(?<=\d)[ \u00a0\u2009](?=%)/g, NNBSP)
      .replace(/(?<=\b\d{2,4})[ \u202f\u2009](?=\d{2,8}\b)/g, NBSP)
  );
}

/** Languages whose quotes and spacing {@link typographyProblems} knows. */
export type TypographyLang = 'fr' | 'en' | 'de' | 'es' | 'it' | 'nl';

/**
 * The quotation marks each language prints (pairs: opening, closing), the apostrophe (’) aside. German „…“ and
 * ‚…‘; Spanish and Italian «…» then “…”; Dutch ‘…’ and “…” (as Dutch web text does, rather than the older „…”);
 * French « … » and “…”; English “…” and ‘…’.
 */
const QUOTES: Record<TypographyLang, ReadonlyArray<readonly [string, string]>> = {
  fr: [
    ['«', '»'],
    ['“', '”'],
  ],
  en: [
    ['“', '”'],
    ['‘', '’'],
  ],
  de: [
    ['„', '“'],
    ['‚', '‘'],
  ],
  es: [
    ['«', '»'],
    ['“', '”'],
  ],
  it: [
    ['«', '»'],
    ['“', '”'],
  ],
  nl: [
    ['‘', '’'],
    ['“', '”'],
  ],
};

const ALL_QUOTES = ['«', '»', '„', '“', '”', '‚', '‘', '‹', '›'];

const count = (text: string, mark: string): number => text.split(mark).length - 1;

/**
 * What is wrong with `text` as typography of `lang`, in words (empty when nothing is): straight quotes or
 * apostrophes, another language's quotation marks, an opening mark without its closing one; in French anything
 * {@link frenchTypography} would change; elsewhere a space before `: ; ? !` (a French habit that has no place
 * in German, Spanish, Italian, Dutch or English) or inside «…»; in Spanish a question or exclamation without
 * its opening ¿ or ¡.
 */
export function typographyProblems(text: string, lang: TypographyLang): string[] {
  const problems: string[] = [];
  if (text.includes('"')) problems.push('a straight double quote (")');
  if (text.includes("'")) problems.push("a straight apostrophe or quote (') where ’ or a quotation mark belongs");
  const own = QUOTES[lang];
  const allowed = new Set([...own.flat(), '’']);
  for (const mark of ALL_QUOTES)
    if (!allowed.has(mark) && text.includes(mark)) problems.push(`a quote mark not used in ${lang} (${mark})`);
  for (const [open, close] of own) {
    // a closing mark that doubles as the apostrophe (’ in English and Dutch) is not counted
    if (close === '’') continue;
    if (open === close) continue;
    if (count(text, open) !== count(text, close)) problems.push(`unpaired ${open}…${close}`);
  }
  if (lang === 'fr') {
    const fixed = frenchTypography(text);
    if (fixed !== text) problems.push(`French spacing or apostrophes: should read ${JSON.stringify(fixed)}`);
  } else {
    if (/[ \u00a0\u202f\u2009][:;?!](?:\s|$)/.test(text)) problems.push('a space before : ; ? or ! (French only)');
    if (/«[ \u00a0\u202f]|[ \u00a0\u202f]»/.test(text)) problems.push('a space inside «…» (French only)');
  }
  if (lang === 'es') {
    if (text.includes('?') && !text.includes('¿')) problems.push('a question without its opening ¿');
    if (text.includes('!') && !text.includes('¡')) problems.push('an exclamation without its opening ¡');
  }
  return problems;
}
