/**
 * CAMARA KYC Match's request (kyc-match v0.4, `KYC_MatchRequestBody`): its field names and gender values. One
 * list for the relay, which writes the request, and the test mode, which reads it.
 */

/** The fields KYC Match compares with the operator's records (`phoneNumber`, besides, names the line). */
export const KYC_MATCH_COMPARED_FIELDS = [
  'givenName',
  'familyName',
  'birthdate',
  'email',
  'gender',
  'streetName',
  'streetNumber',
  'postalCode',
  'locality',
  'country',
] as const;
export type KycMatchComparedField = (typeof KYC_MATCH_COMPARED_FIELDS)[number];
/**
 * `idDocument` (the identity document number) is sent only when the operator asked for it (403
 * `ID_DOCUMENT_REQUIRED`) and the shopper gave it.
 */
export type KycMatchField = 'phoneNumber' | KycMatchComparedField | 'idDocument';

/** A request body: only the fields sent (KYC Match would compare an empty string as a value). */
export type KycMatchBody = Partial<Record<KycMatchField, string>>;

/** The contract's gender (`F`, `M`) as KYC Match writes it. */
export const KYC_MATCH_GENDERS: Readonly<Record<'F' | 'M', 'FEMALE' | 'MALE'>> = { F: 'FEMALE', M: 'MALE' };
