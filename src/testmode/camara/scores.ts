/**
 * A subscriber's record compared with a CAMARA KYC Match request, in `KYC_MatchResponse`'s shape: for each field
 * sent, `<field>Match` `"true"` (exact after folding) or `"false"` with `<field>MatchScore` (0..99, Jaro-Winkler
 * like the specification suggests) for the text fields that have one; `"not_available"` where the operator does
 * not hold the value (gender at SFR). Fields not sent are not answered. Pure.
 */
import { KYC_MATCH_GENDERS, type KycMatchBody } from '../../protocol/kyc-match.js';
import type { Subscriber } from '../registry.js';
import { exact, normaliseGender, scoreBirthdate, scoreCountry, scoreEmail, scoreFamilyName } from '../scoring.js';
import { fold, similarity } from '../similarity.js';

export type KycMatchAnswer = Record<string, string | number>;

/** The street of a record without its leading number: "12 rue de la Paix" -> "rue de la Paix", "12". */
function recordStreet(street: string): { number: string; name: string } {
  const [, number, name] = /^\s*(\d+\s*(?:bis|ter)?)\s*,?\s+(.*)$/i.exec(street) ?? [];
  return number !== undefined && name !== undefined
    ? { number: number.trim(), name: name.trim() }
    : { number: '', name: street.trim() };
}

export function kycMatch(sent: KycMatchBody, subscriber: Pick<Subscriber, 'record' | 'holdsGender'>): KycMatchAnswer {
  const r = subscriber.record;
  const street = recordStreet(r.street_address);
  const answer: KycMatchAnswer = {};
  // a comparison per field: a similarity (with a MatchScore when not exact), an exact test, or not available
  const put = (field: keyof KycMatchBody, score: number | null, withScore: boolean) => {
    if (sent[field] === undefined) return;
    if (score === null) answer[`${field}Match`] = 'not_available';
    else if (score >= 1) answer[`${field}Match`] = 'true';
    else {
      answer[`${field}Match`] = 'false';
      if (withScore) answer[`${field}MatchScore`] = Math.min(99, Math.floor(score * 100));
    }
  };
  const s = (field: keyof KycMatchBody) => sent[field] ?? '';
  put('givenName', similarity(s('givenName'), r.firstname), true);
  put('familyName', scoreFamilyName({ lastname: s('familyName'), maiden_name: '' }, r), true);
  put('birthdate', scoreBirthdate(s('birthdate'), r), false);
  put('email', scoreEmail(s('email'), r.email), true);
  const gender = Object.entries(KYC_MATCH_GENDERS).find(([, written]) => written === s('gender'))?.[0] ?? s('gender');
  put('gender', subscriber.holdsGender ? (normaliseGender(gender) === r.gender ? 1 : 0) : null, false);
  put('streetName', similarity(s('streetName'), street.name), true);
  put('streetNumber', fold(s('streetNumber')) === fold(street.number) ? 1 : 0, false);
  put('postalCode', exact(s('postalCode'), r.postal_code), false);
  put('locality', similarity(s('locality'), r.locality), true);
  put('country', scoreCountry(s('country'), r.country), false);
  return answer;
}
