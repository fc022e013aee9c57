/**
 * How the test mode compares what was sent with a subscriber's record, field by field, shared by its DQE and
 * CAMARA faces (dqe/scores.ts and camara/scores.ts write the results in each API's shape). Pure.
 *
 * - names, street and locality: folded Jaro-Winkler similarity;
 * - postal code, birth date, gender and country: exact after folding (country: name written out, or ISO-2);
 * - email: local part by similarity, domain exactly.
 */
import type { SubscriberRecord } from './registry.js';
import { fold, similarity } from './similarity.js';

export const blank = (s: string): boolean => s.trim() === '';
export const exact = (a: string, b: string): number => (fold(a) === fold(b) ? 1 : 0);

/** Family name: the best of last name and maiden name, sent and held; `null` when none was sent. */
export function scoreFamilyName(
  sent: { lastname: string; maiden_name: string },
  record: SubscriberRecord,
): number | null {
  const sentNames = [sent.lastname, sent.maiden_name].filter((s) => !blank(s));
  if (sentNames.length === 0) return null;
  const held = [record.lastname, record.maiden_name].filter((s) => s !== '');
  return Math.max(...sentNames.flatMap((a) => held.map((b) => similarity(a, b))));
}

/** Birth date, exact. Accepts `YYYY-MM-DD` and also `DD/MM/YYYY`. */
export function normaliseDate(s: string): string {
  const t = s.trim();
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const [, day, month, year] = fr ?? [];
  if (day !== undefined && month !== undefined && year !== undefined)
    return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return t;
}

/** Gender letter: `M`/`F` (also `Mr`, `Mme`, `Monsieur`, `Madame`, `male`, `female`…); other values kept folded. */
export function normaliseGender(s: string): string {
  const f = fold(s);
  if (['m', 'mr', 'monsieur', 'male', 'homme', 'h'].includes(f)) return 'M';
  if (['f', 'mme', 'ms', 'mrs', 'madame', 'female', 'femme', 'mlle'].includes(f)) return 'F';
  return f;
}

let regionNames: Array<{ of(code: string): string | undefined }> | null = null;
function countryNames(code: string): string[] {
  if (regionNames === null) {
    try {
      regionNames = ['fr', 'en'].map((l) => new Intl.DisplayNames([l], { type: 'region' }));
    } catch {
      regionNames = [];
    }
  }
  const names = regionNames.map((r) => {
    try {
      return r.of(code.toUpperCase()) ?? '';
    } catch {
      return '';
    }
  });
  // a fallback that does not depend on ICU data, for the registry's own country
  if (code.toUpperCase() === 'FR') names.push('France');
  return names.filter((n) => n !== '' && n.toUpperCase() !== code.toUpperCase());
}

/** Country: the written name, folded, or an ISO-2 code standing for it. */
export function scoreCountry(sent: string, held: string): number {
  const s = sent.trim();
  if (/^[A-Za-z]{2}$/.test(s)) return countryNames(s).some((n) => fold(n) === fold(held)) ? 1 : 0;
  return exact(s, held);
}

/** Email: local part by similarity (60 %), domain exactly (40 %); identical addresses score 1. */
export function scoreEmail(sent: string, held: string): number {
  const split = (e: string): [string, string] => {
    const t = e.trim().toLowerCase();
    const at = t.lastIndexOf('@');
    return at < 0 ? [t, ''] : [t.slice(0, at), t.slice(at + 1)];
  };
  const [sl, sd] = split(sent);
  const [hl, hd] = split(held);
  const local = similarity(sl, hl);
  const domain = sd !== '' && sd === hd ? 1 : 0;
  return 0.6 * local + 0.4 * domain;
}

/** Gender, exact; `null` when the operator does not hold it. */
export function scoreGender(sent: string, record: SubscriberRecord, holdsGender: boolean): number | null {
  if (!holdsGender) return null;
  return normaliseGender(sent) === record.gender ? 1 : 0;
}

/** Birth date, exact. */
export const scoreBirthdate = (sent: string, record: SubscriberRecord): number =>
  normaliseDate(sent) === record.birthdate ? 1 : 0;
