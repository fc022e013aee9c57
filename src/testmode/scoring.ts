/**
 * Scores a subscriber record against the `user_infos` sent, in DQE's nested scores shape. Pure.
 *
 * - names, street (`number` + `street_address`) and locality: folded Jaro-Winkler similarity;
 * - postal code, birth date, gender and country: exact after folding (country: name written out, or ISO-2);
 * - email: local part by similarity, domain exactly;
 * - rounded to 2 decimals; a field sent empty scores `""`; an operator that does not hold gender scores `""`.
 * Top-level scores are numbers, address scores strings ("0.78"), as DQE documents them.
 */
import type { Subscriber, SubscriberRecord } from './registry.js';
import { fold, round2, similarity } from './similarity.js';
import type { UserInfos } from './user-infos.js';

export type Score = number | '';
export type AddressScore = string;

/** DQE's scores shape (key order as DQE's documentation shows it). */
export interface DqeScores {
  family_name: Score;
  gender: Score;
  birthdate: Score;
  given_name: Score;
  address: { country: AddressScore; postal_code: AddressScore; street_address: AddressScore; locality: AddressScore };
  email: Score;
}

const blank = (s: string): boolean => s.trim() === '';
const exact = (a: string, b: string): number => (fold(a) === fold(b) ? 1 : 0);

/** Family name: the best of last name and maiden name, sent and held. */
export function scoreFamilyName(sent: Pick<UserInfos, 'lastname' | 'maiden_name'>, record: SubscriberRecord): Score {
  const sentNames = [sent.lastname, sent.maiden_name].filter((s) => !blank(s));
  if (sentNames.length === 0) return '';
  const held = [record.lastname, record.maiden_name].filter((s) => s !== '');
  return round2(Math.max(...sentNames.flatMap((a) => held.map((b) => similarity(a, b)))));
}

/** Birth date, exact. Accepts `YYYY-MM-DD` and also `DD/MM/YYYY`. */
export function normaliseDate(s: string): string {
  const t = s.trim();
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (fr) return `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}`;
  return t;
}

/** Gender letter: `M`/`F` (also `Mr`, `Mme`, `Monsieur`, `Madame`, `male`, `female`…); other values kept folded. */
function normaliseGender(s: string): string {
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

const num = (s: string, score: () => number): Score => (blank(s) ? '' : round2(score()));
const str = (s: string, score: () => number): AddressScore => (blank(s) ? '' : String(round2(score())));

/** Scores a subscriber's record against what was sent. */
export function scoreSubscriber(sent: UserInfos, subscriber: Pick<Subscriber, 'record' | 'holdsGender'>): DqeScores {
  const r = subscriber.record;
  const street = [sent.number, sent.street_address]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
  return {
    family_name: scoreFamilyName(sent, r),
    gender: subscriber.holdsGender ? num(sent.gender, () => (normaliseGender(sent.gender) === r.gender ? 1 : 0)) : '',
    birthdate: num(sent.birthdate, () => (normaliseDate(sent.birthdate) === r.birthdate ? 1 : 0)),
    given_name: num(sent.firstname, () => similarity(sent.firstname, r.firstname)),
    address: {
      country: str(sent.country, () => scoreCountry(sent.country, r.country)),
      postal_code: str(sent.postal_code, () => exact(sent.postal_code, r.postal_code)),
      street_address: str(street, () => similarity(street, r.street_address)),
      locality: str(sent.locality, () => similarity(sent.locality, r.locality)),
    },
    email: num(sent.email, () => scoreEmail(sent.email, r.email)),
  };
}
