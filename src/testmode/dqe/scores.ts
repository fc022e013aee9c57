/**
 * Scores a subscriber record against the `user_infos` sent, in DQE's nested scores shape. Pure.
 *
 * Comparisons are the shared ones (../scoring.ts); rounded to 2 decimals; a field sent empty scores `""`; an
 * operator that does not hold gender scores `""`. Top-level scores are numbers; address scores are strings
 * ("0.78", DQE's STRING(3)) or numbers, as the subscriber's operator writes them (DQE's own example shows numbers
 * where its table says strings, so the relay must read both).
 */
import type { Subscriber } from '../registry.js';
import { blank, exact, scoreBirthdate, scoreCountry, scoreEmail, scoreFamilyName, scoreGender } from '../scoring.js';
import { round2, similarity } from '../similarity.js';
import type { UserInfos } from '../../protocol/dqe-user-infos.js';

export type Score = number | '';
export type AddressScore = string | number;

/** DQE's scores shape (key order as DQE's documentation shows it). */
export interface DqeScores {
  family_name: Score;
  gender: Score;
  birthdate: Score;
  given_name: Score;
  address: { country: AddressScore; postal_code: AddressScore; street_address: AddressScore; locality: AddressScore };
  email: Score;
}

type Scoring = Pick<Subscriber, 'record' | 'holdsGender' | 'addressScoresAsNumbers'>;

const top = (score: number | null): Score => (score === null ? '' : round2(score));

/** Scores a subscriber's record against what was sent. */
export function scoreSubscriber(sent: UserInfos, subscriber: Scoring): DqeScores {
  const r = subscriber.record;
  const street = [sent.number, sent.street_address]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
  const address = (s: string, score: () => number): AddressScore => {
    if (blank(s)) return '';
    const n = round2(score());
    return subscriber.addressScoresAsNumbers ? n : String(n);
  };
  return {
    family_name: top(scoreFamilyName(sent, r)),
    gender: blank(sent.gender) ? '' : top(scoreGender(sent.gender, r, subscriber.holdsGender)),
    birthdate: blank(sent.birthdate) ? '' : top(scoreBirthdate(sent.birthdate, r)),
    given_name: blank(sent.firstname) ? '' : top(similarity(sent.firstname, r.firstname)),
    address: {
      country: address(sent.country, () => scoreCountry(sent.country, r.country)),
      postal_code: address(sent.postal_code, () => exact(sent.postal_code, r.postal_code)),
      street_address: address(street, () => similarity(street, r.street_address)),
      locality: address(sent.locality, () => similarity(sent.locality, r.locality)),
    },
    email: blank(sent.email) ? '' : top(scoreEmail(sent.email, r.email)),
  };
}

/** DQE's retrieval scores: every value a string (`"1"`, `"0.97"`; `""` = not compared), with `name`. */
export interface DqeRetrievalScores {
  gender: string;
  /** The full name (first name and last name, as DQE's formfilling `name`) compared with the record's. */
  name: string;
  family_name: string;
  birthdate: string;
  given_name: string;
  address: { country: string; postal_code: string; street_address: string; locality: string };
  email: string;
}

const asString = (score: number | string): string => (score === '' ? '' : String(score));
const fullName = (first: string, last: string): string =>
  [first, last]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');

/**
 * The scores of the retrieval result after consent, as DQE's "Information Retrieval … GET Response Structure
 * Success" page shows them under `matching`: STRINGS for every score, and a `name` comparison besides the seed's
 * keys (key order as its example). The same comparisons as {@link scoreSubscriber}.
 */
export function scoreRetrieval(sent: UserInfos, subscriber: Scoring): DqeRetrievalScores {
  const s = scoreSubscriber(sent, subscriber);
  const r = subscriber.record;
  const name = fullName(sent.firstname, sent.lastname);
  return {
    gender: asString(s.gender),
    name: blank(name) ? '' : String(round2(similarity(name, fullName(r.firstname, r.lastname)))),
    family_name: asString(s.family_name),
    birthdate: asString(s.birthdate),
    given_name: asString(s.given_name),
    address: {
      country: asString(s.address.country),
      postal_code: asString(s.address.postal_code),
      street_address: asString(s.address.street_address),
      locality: asString(s.address.locality),
    },
    email: asString(s.email),
  };
}
