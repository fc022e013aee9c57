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

/** How a line's subscriber answers a CIBA request on their phone. */
export type CibaBehaviour =
  /** Approves after the simulator's `cibaApprovalMs` (a few seconds by default), unless they act first. */
  | 'approve'
  /** Refuses after `cibaApprovalMs` (`access_denied`), unless they act first on the phone page. */
  | 'refuse'
  /** Never answers: the request expires (`expired_token`) unless they act on the phone page. */
  | 'never';

/**
 * A subscriber added for the CAMARA face's (v3) behaviours. CAMARA lines only: the DQE face does not know them
 * (it answers 10), so that the contract's DQE table stays exactly as it is.
 */
export interface CamaraSubscriber extends Subscriber {
  ciba: CibaBehaviour;
  /**
   * Authorization-code flow (network-based authentication): the line the subscriber's device is on, when it is not
   * the `login_hint`'s. The token is bound to it, so KYC Match for the typed number answers 403
   * `INVALID_TOKEN_CONTEXT` (the relay's `line_mismatch`).
   */
  deviceLine?: string;
  /** The identity document number the operator requires with every KYC Match request (folded, see below). */
  idDocument?: string;
  /**
   * CAMARA SIM Swap: the SIM was changed this many hours ago, or the operator does not answer SIM Swap (422
   * `SERVICE_NOT_APPLICABLE`). Absent: no change since the line's activation.
   */
  simSwap?: { hoursAgo: number } | 'not_supported';
}

const camaraLine = (
  s: Pick<CamaraSubscriber, 'phone' | 'operator' | 'ciba' | 'deviceLine' | 'idDocument' | 'simSwap' | 'record'>,
): CamaraSubscriber =>
  Object.freeze({
    consent: false,
    holdsGender: true,
    requiresPhoneKey: false,
    addressScoresAsNumbers: false,
    ...s,
    record: Object.freeze({ ...s.record }),
  });

/** The other line the "device on another line" subscriber's phone is on (no subscriber: nothing else answers it). */
export const OTHER_DEVICE_LINE = '+33740000099';

/** CAMARA lines added for v3 (French mobiles the widget accepts, apart from `+336000000XX` and the test tables). */
export const CAMARA_SUBSCRIBERS: readonly CamaraSubscriber[] = Object.freeze([
  camaraLine({
    phone: '+33740000001',
    operator: 'Free Mobile',
    ciba: 'approve',
    record: {
      firstname: 'Hugo',
      lastname: 'Lefebvre',
      maiden_name: '',
      gender: 'M',
      birthdate: '1985-06-21',
      email: 'hugo.lefebvre@example.fr',
      street_address: '8 rue Victor Hugo',
      postal_code: '33000',
      locality: 'Bordeaux',
      country: 'France',
    },
  }),
  camaraLine({
    phone: '+33740000002',
    operator: 'Orange',
    ciba: 'refuse',
    record: {
      firstname: 'Chloé',
      lastname: 'Garnier',
      maiden_name: '',
      gender: 'F',
      birthdate: '1993-09-15',
      email: 'chloe.garnier@example.net',
      street_address: '21 boulevard de la Liberté',
      postal_code: '59800',
      locality: 'Lille',
      country: 'France',
    },
  }),
  camaraLine({
    phone: '+33740000003',
    operator: 'SFR',
    ciba: 'never',
    record: {
      firstname: 'Thomas',
      lastname: 'Petit',
      maiden_name: '',
      gender: 'M',
      birthdate: '1969-01-30',
      email: 'thomas.petit@example.com',
      street_address: '40 quai des Chartrons',
      postal_code: '33300',
      locality: 'Bordeaux',
      country: 'France',
    },
  }),
  camaraLine({
    phone: '+33740000004',
    operator: 'Orange',
    ciba: 'approve',
    deviceLine: OTHER_DEVICE_LINE,
    record: {
      firstname: 'Inès',
      lastname: 'Moreau',
      maiden_name: '',
      gender: 'F',
      birthdate: '1998-07-04',
      email: 'ines.moreau@example.org',
      street_address: '6 rue des Hallebardes',
      postal_code: '67000',
      locality: 'Strasbourg',
      country: 'France',
    },
  }),
  camaraLine({
    phone: '+33740000005',
    operator: 'Bouygues Telecom',
    ciba: 'approve',
    idDocument: 'X4RTBPFW4',
    record: {
      firstname: 'Lucas',
      lastname: 'Roux',
      maiden_name: '',
      gender: 'M',
      birthdate: '1982-12-09',
      email: 'lucas.roux@example.fr',
      street_address: '14 rue de la République',
      postal_code: '13001',
      locality: 'Marseille',
      country: 'France',
    },
  }),
  camaraLine({
    phone: '+33740000007',
    operator: 'Free Mobile',
    ciba: 'approve',
    simSwap: { hoursAgo: 48 },
    record: {
      firstname: 'Manon',
      lastname: 'Girard',
      maiden_name: '',
      gender: 'F',
      birthdate: '1990-10-02',
      email: 'manon.girard@example.fr',
      street_address: '9 rue Sainte-Catherine',
      postal_code: '33000',
      locality: 'Bordeaux',
      country: 'France',
    },
  }),
  camaraLine({
    phone: '+33740000008',
    operator: 'SFR',
    ciba: 'approve',
    simSwap: 'not_supported',
    record: {
      firstname: 'Nathan',
      lastname: 'Faure',
      maiden_name: '',
      gender: 'M',
      birthdate: '1975-03-18',
      email: 'nathan.faure@example.com',
      street_address: '27 cours Lafayette',
      postal_code: '69003',
      locality: 'Lyon',
      country: 'France',
    },
  }),
]);

/** CAMARA: KYC Match answers 429 `TOO_MANY_REQUESTS` with `Retry-After: 30` for this number. */
export const CAMARA_RATE_LIMITED_NUMBER = '+33740000006';
export const CAMARA_RETRY_AFTER_SECONDS = 30;
/** CAMARA: the number whose subscriber refuses the CIBA request at once (`access_denied`, DQE's 21). */
export const CIBA_REFUSING_NUMBER = '+33600000021';

/** The CAMARA flows a trigger needs. */
export type CamaraFlow = 'ciba' | 'authorization_code' | 'client_credentials';

/** One row of the test-number table for the CAMARA face (README, demo). */
export interface CamaraTestNumber {
  phone: string;
  /** What happens, in English. */
  behaviour: string;
  /** The flows in which the behaviour shows (any three-legged flow reaches KYC Match). */
  flows: readonly CamaraFlow[];
}

/** The CAMARA face's (v3) triggers, for the README's table of test numbers and the demo. */
export const CAMARA_TEST_NUMBERS: readonly CamaraTestNumber[] = Object.freeze(
  (
    [
      {
        phone: '+33740000001',
        behaviour:
          'Hugo Lefebvre (Free Mobile): the subscriber approves the CIBA request after a few seconds (cibaApprovalMs), or at once on the phone page',
        flows: ['ciba'],
      },
      {
        phone: '+33740000002',
        behaviour:
          'Chloé Garnier (Orange): the subscriber refuses the CIBA request after a few seconds (access_denied, 21)',
        flows: ['ciba'],
      },
      {
        phone: '+33740000003',
        behaviour:
          'Thomas Petit (SFR): the subscriber never answers; the CIBA request expires (expired_token, timeout)',
        flows: ['ciba'],
      },
      {
        phone: '+33740000004',
        behaviour:
          'Inès Moreau (Orange): the device is on another line; KYC Match answers 403 INVALID_TOKEN_CONTEXT (line_mismatch). CIBA works',
        flows: ['authorization_code'],
      },
      {
        phone: '+33740000005',
        behaviour:
          'Lucas Roux (Bouygues Telecom): the operator requires the identity document X4RTBPFW4 (403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED, R428; another one ID_DOCUMENT_MISMATCH)',
        flows: ['ciba', 'authorization_code', 'client_credentials'],
      },
      {
        phone: CAMARA_RATE_LIMITED_NUMBER,
        behaviour: `KYC Match answers 429 TOO_MANY_REQUESTS with Retry-After: ${CAMARA_RETRY_AFTER_SECONDS} (R429)`,
        flows: ['ciba', 'authorization_code', 'client_credentials'],
      },
      {
        phone: '+33740000007',
        behaviour:
          'Manon Girard (Free Mobile): KYC Match answers; CAMARA SIM Swap says the SIM was changed 48 hours ago (swapped: true for maxAge >= 48); on DQE too (simswap scope, period >= 48)',
        flows: ['ciba', 'authorization_code', 'client_credentials'],
      },
      {
        phone: '+33740000008',
        behaviour:
          'Nathan Faure (SFR): KYC Match answers; the operator does not answer SIM Swap (422 SERVICE_NOT_APPLICABLE: signal unknown); on DQE too (simswap scope: error 17)',
        flows: ['ciba', 'authorization_code', 'client_credentials'],
      },
      {
        phone: CIBA_REFUSING_NUMBER,
        behaviour: 'the subscriber refuses the CIBA request at once (access_denied, 21)',
        flows: ['ciba'],
      },
    ] satisfies CamaraTestNumber[]
  ).map((row): CamaraTestNumber => Object.freeze({ ...row, flows: Object.freeze([...row.flows]) })),
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

/** What the CAMARA face answers for a line: a CAMARA subscriber, the rate-limited number, or {@link lookupPhone}. */
export type CamaraLookup =
  | { kind: 'subscriber'; subscriber: Subscriber | CamaraSubscriber }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'error'; errorId: DqeErrorId };

export function lookupCamaraLine(raw: string): CamaraLookup {
  const phone = normalisePhone(raw);
  const added = CAMARA_SUBSCRIBERS.find((s) => s.phone === phone);
  if (added) return { kind: 'subscriber', subscriber: added };
  if (phone === CAMARA_RATE_LIMITED_NUMBER)
    return { kind: 'rate_limited', retryAfterSeconds: CAMARA_RETRY_AFTER_SECONDS };
  return lookupPhone(raw);
}

/**
 * What the DQE face answers for a line: {@link lookupPhone}, plus the two v3 lines that show the SIM-swap signal
 * (DQE has a `simswap` scope too): swapped two days ago, and an operator that does not answer SIM swap. The other
 * v3 lines are CAMARA's only (error 10 here).
 */
export function lookupDqeLine(raw: string): Lookup {
  const phone = normalisePhone(raw);
  const signal = CAMARA_SUBSCRIBERS.find((s) => s.phone === phone && s.simSwap !== undefined);
  return signal ? { kind: 'subscriber', subscriber: signal } : lookupPhone(raw);
}

/** The CAMARA subscriber of a line, if it is one of the v3 lines. */
export const camaraSubscriberOf = (phone: string): CamaraSubscriber | undefined =>
  CAMARA_SUBSCRIBERS.find((s) => s.phone === phone);
