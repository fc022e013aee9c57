/**
 * DQE's `user_infos` (Matching without OTP): a JSON string in which every key is present, empty when unknown.
 * One list for the relay, which writes it, and the test mode, which reads it.
 */
export const USER_INFO_KEYS = [
  'street_address',
  'number',
  'postal_code',
  'locality',
  'country',
  'birthdate',
  'email',
  'lastname',
  'maiden_name',
  'gender',
  'firstname',
  'phone',
] as const;
export type UserInfoKey = (typeof USER_INFO_KEYS)[number];
export type UserInfos = Record<UserInfoKey, string>;
