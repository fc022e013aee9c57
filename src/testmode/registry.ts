/**
 * The test mode's registry: fake subscribers and magic phone numbers (like a payment provider's test cards).
 * Pure data plus the lookup that turns a phone number into an outcome.
 */
import { DQE_MATCH_ERROR_IDS, type DqeErrorId } from '../protocol/errors.js';
import { E164_PATTERN } from '../protocol/limits.js';

/** A subscriber record as an operator holds it. */
export interface SubscriberRecord {
  firstname: string;
  lastname: string;
  /** Birth name when it differs from `lastname`; empty when none. */
  maiden_name: string;
  gender: 'M' | 'F';
  birthdate: string;
  email: string;
  /** Street number and street, as one line. */
  street_address: string;
  postal_code: string;
  locality: string;
  /** Country name written out. */
  country: string;
}

export interface Subscriber {
  /** E.164 phone number. */
  phone: string;
  operator: string;
  /** The operator asks for the subscriber's consent before answering (consent flow). */
  consent: boolean;
  /** The operator does not hold the subscriber's gender: its score is always `""` (CAMARA: `not_available`). */
  holdsGender: boolean;
  /** DQE: the operator needs `user_infos.phone` filled, else error 07 (DQE documents it for SFR). */
  requiresPhoneKey: boolean;
  /** DQE: address scores written as numbers (`0.78`) rather than strings (`"0.78"`); DQE's pages show both. */
  addressScoresAsNumbers: boolean;
  record: SubscriberRecord;
}

export const SUBSCRIBERS: readonly Subscriber[] = Object.freeze(
  (
    [
      {
        phone: '+33612345678',
        operator: 'SFR',
        consent: false,
        holdsGender: false,
        requiresPhoneKey: true,
        addressScoresAsNumbers: false,
        record: {
          firstname: 'Camille',
          lastname: 'Martin',
          maiden_name: '',
          gender: 'F',
          birthdate: '1990-04-12',
          email: 'camille.martin@example.fr',
          street_address: '12 rue de la Paix',
          postal_code: '75002',
          locality: 'Paris',
          country: 'France',
        },
      },
      {
        phone: '+33698765432',
        operator: 'Bouygues Telecom',
        consent: false,
        holdsGender: true,
        requiresPhoneKey: false,
        addressScoresAsNumbers: false,
        record: {
          firstname: 'Jean-Pierre',
          lastname: 'Dubois',
          maiden_name: '',
          gender: 'M',
          birthdate: '1978-11-03',
          email: 'jp.dubois@example.com',
          street_address: '5 avenue Jean Jaurès',
          postal_code: '69007',
          locality: 'Lyon',
          country: 'France',
        },
      },
      {
        phone: '+33756123456',
        operator: 'Orange',
        consent: true,
        holdsGender: true,
        requiresPhoneKey: false,
        addressScoresAsNumbers: true,
        record: {
          firstname: 'Léa',
          lastname: 'Bernard',
          maiden_name: '',
          gender: 'F',
          birthdate: '2001-02-28',
          email: 'lea.bernard@example.org',
          street_address: '3 place du Capitole',
          postal_code: '31000',
          locality: 'Toulouse',
          country: 'France',
        },
      },
    ] satisfies Subscriber[]
  ).map((s): Subscriber => Object.freeze({ ...s, record: Object.freeze({ ...s.record }) })),
);

/**
 * Error ids reachable through a magic number: every id `/IDMOBILE/` answers (the token endpoint's and the
 * retrieval endpoint's ids are reached through their own causes: a wrong secret, a refusal on the consent page).
 */
export const MAGIC_ERROR_IDS: readonly DqeErrorId[] = Object.freeze([...DQE_MATCH_ERROR_IDS]);

/** `+336000000XX` answers error XX. */
export const magicNumberFor = (id: DqeErrorId): string => `+336000000${id}`;

/** Every magic number with the error it answers, in id order. */
export const MAGIC_NUMBERS: ReadonlyArray<{ phone: string; errorId: DqeErrorId }> = Object.freeze(
  MAGIC_ERROR_IDS.map((errorId) => Object.freeze({ phone: magicNumberFor(errorId), errorId })),
);

/**
 * Normalises a phone number as a test mode may receive it: E.164 (`+33612345678`), or the French national
 * (`0612345678`), international without plus (`33612345678`), `0033…` and `+33 (0)6…` forms, with spaces,
 * dots, dashes or parentheses. Returns the E.164 string, `''` for an empty value, or `null` when it cannot be
 * a phone number at all.
 */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-()/]/g, '');
  if (compact === '') return '';
  let s = compact;
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (/^0[1-9]\d{8}$/.test(s)) s = `+33${s.slice(1)}`;
  else if (/^33[1-9]\d{8}$/.test(s)) s = `+${s}`;
  else if (/^\+330[1-9]\d{8}$/.test(s)) s = `+33${s.slice(4)}`; // "+33 (0)6 …"
  return E164_PATTERN.test(s) ? s : null;
}

export type Lookup = { kind: 'subscriber'; subscriber: Subscriber } | { kind: 'error'; errorId: DqeErrorId };

/**
 * What the test mode answers for a phone number (already checked for presence):
 * - a registry subscriber;
 * - a magic number: its error;
 * - a French landline or special-rate number (+331…+335, +338, +339): 09 (ineligible);
 * - any other French mobile (+336…, +337…): 10 (no such subscriber);
 * - anything that is not a French number of the right length: 10. The test mode knows no operator abroad.
 */
export function lookupPhone(raw: string): Lookup {
  const phone = normalisePhone(raw);
  if (phone === '') return { kind: 'error', errorId: '11' };
  if (phone === null) return { kind: 'error', errorId: '10' };
  const subscriber = SUBSCRIBERS.find((s) => s.phone === phone);
  if (subscriber) return { kind: 'subscriber', subscriber };
  const magic = MAGIC_NUMBERS.find((m) => m.phone === phone);
  if (magic) return { kind: 'error', errorId: magic.errorId };
  const french = /^\+33([1-9])\d{8}$/.exec(phone);
  if (!french) return { kind: 'error', errorId: '10' };
  const first = french[1];
  if (first === '6' || first === '7') return { kind: 'error', errorId: '10' };
  return { kind: 'error', errorId: '09' };
}
