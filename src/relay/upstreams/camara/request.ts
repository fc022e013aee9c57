/**
 * The widget's `/match` request as a CAMARA KYC Match request body (kyc-match v0.4, `KYC_MatchRequestBody`).
 * Pure. Only non-empty fields are sent: KYC Match answers only for the fields it was asked about, and an empty
 * string would be compared as a value.
 *
 * - `gender` `F`/`M` -> `FEMALE`/`MALE`;
 * - the street line is split like DQE's: `streetNumber` apart, `streetName` the rest WITH its street type
 *   ("rue de la Paix"): the specification says the name should not include the type, but a French street name
 *   without its type is ambiguous ("Paix" in "rue"/"place"/"avenue"), and operators compare with Jaro-Winkler;
 * - `country` ISO-2 as received; `phoneNumber` E.164 as received.
 */
import { KYC_MATCH_GENDERS, type KycMatchBody, type KycMatchField } from '../../../protocol/kyc-match.js';
import type { MatchRequest } from '../../../protocol/schemas.js';
import { splitStreetNumber } from '../address.js';

export type { KycMatchBody, KycMatchField };

const GENDERS: Readonly<Record<string, string>> = KYC_MATCH_GENDERS;

export function toKycMatchBody(request: MatchRequest): KycMatchBody {
  const id = request.identity;
  const address = id.address ?? {};
  const country = (address.country ?? '').trim();
  const { number, street } = splitStreetNumber(address.street_address, country);
  const candidates: Array<[KycMatchField, string | undefined]> = [
    ['phoneNumber', request.phone],
    ['givenName', id.given_name],
    ['familyName', id.family_name],
    ['birthdate', id.birthdate],
    ['email', id.email],
    ['gender', GENDERS[id.gender ?? '']],
    ['streetName', street],
    ['streetNumber', number],
    ['postalCode', address.postal_code],
    ['locality', address.locality],
    ['country', country],
    // only when the shopper gave it (after R428): folded as the operator compares it
    ['idDocument', id.id_document],
  ];
  const body: KycMatchBody = {};
  for (const [field, value] of candidates) {
    const v = (value ?? '').trim();
    if (v !== '') body[field] = v;
  }
  return body;
}
