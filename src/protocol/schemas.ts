/**
 * Wire schemas (zod/mini: no eval). The relay parses requests with them; the widget builds requests that pass
 * them (a property test proves it) and reads answers through the guards of `answer.ts`, so that its bundle
 * carries no schema library.
 */
import * as z from 'zod/mini';
import {
  isConsentAnswer,
  isErrorAnswer,
  isPendingAnswer,
  type ConsentAnswer as ConsentShape,
  type ErrorAnswer as ErrorShape,
  type PendingAnswer as PendingShape,
} from './answer.js';
import { E164_PATTERN, EMAIL_PATTERN, LIMITS, hasControlChars, isOpaqueToken, realDate } from './limits.js';
import { WIRE_VERSION } from './wire.js';
import { ID_DOCUMENT_PATTERN } from './id-document.js';
import type * as Wire from './wire-types.js';

export { LIMITS, isOpaqueToken };

const text = (max: number) =>
  z.string().check(
    z.maxLength(max),
    z.refine((s) => !hasControlChars(s), 'must not contain control characters'),
  );

export const E164 = z.string().check(z.regex(E164_PATTERN, 'must be an E.164 phone number such as +33612345678'));
export const Gender = z.enum(['M', 'F', '']);
export const IsoDate = z
  .string()
  .check(z.refine((s) => s === '' || isRealDate(s), 'must be a date written YYYY-MM-DD'));
export const Iso2 = z.string().check(z.regex(/^([A-Z]{2})?$/, 'must be an ISO 3166-1 alpha-2 country code such as FR'));
export const Email = text(LIMITS.email).check(
  z.refine((s) => s === '' || EMAIL_PATTERN.test(s), 'must be an email address'),
);

export const Address = z.object({
  street_address: z.optional(text(LIMITS.street)),
  postal_code: z.optional(text(LIMITS.postal)),
  locality: z.optional(text(LIMITS.locality)),
  country: z.optional(Iso2),
});

export const Identity = z.object({
  gender: z.optional(Gender),
  given_name: z.optional(text(LIMITS.name)),
  family_name: z.optional(text(LIMITS.name)),
  birthdate: z.optional(IsoDate),
  email: z.optional(Email),
  address: z.optional(Address),
  /**
   * (v3) The identity document number, asked after R428 (CAMARA only, sent as `idDocument`; DQE ignores it):
   * 1 to 40 characters `[A-Za-z0-9 .-]`.
   */
  id_document: z.optional(
    z.string().check(z.regex(ID_DOCUMENT_PATTERN, 'must be 1 to 40 letters, digits, spaces, dots or dashes')),
  ),
});

/** A check session (`POST /sessions`), as the page renders it. Any string: the relay judges it (R401). */
export const SessionToken = z.string().check(z.maxLength(LIMITS.session));

/** The sealed state the relay appended to `return_url` (`idmobile_state`): a compact JWE. */
export const SealedState = z
  .string()
  .check(z.maxLength(LIMITS.state), z.regex(/^[\w-]*(\.[\w-]*){4}$/, 'must be the idmobile_state of the return URL'));

/** Body of `POST {relay}/match`. */
export const MatchRequest = z.object({
  scope: z.literal('matching_notp'),
  phone: E164,
  identity: Identity,
  return_url: z.optional(
    z.string().check(z.maxLength(LIMITS.url), z.refine(isHttpUrl, 'must be an absolute http(s) URL')),
  ),
  session: z.optional(SessionToken),
  /** The widget's version: the v3 widget sends 3 (a body without it comes from a v2 widget: R502). */
  v: z.optional(z.literal(WIRE_VERSION)),
});

/** Body of `POST {relay}/result`: the consent token, the sealed `idmobile_state` (at most a URL long), the session. */
export const ResultRequest = z.object({
  token: z
    .string()
    .check(
      z.refine(
        (s) => isOpaqueToken(s, LIMITS.resultToken),
        `must be 1 to ${LIMITS.resultToken} printable ASCII characters`,
      ),
    ),
  /** Required by the relay (R400 without it); optional in the shape so that its absence gets its own message. */
  state: z.optional(SealedState),
  session: z.optional(SessionToken),
});

export type Identity = Wire.Identity;
export type MatchRequest = Wire.MatchRequest;
export type ResultRequest = Wire.ResultRequest;

/** The error shape, from DQE or the relay. `error_id` is a string in DQE's documentation; numbers are tolerated. */
export const ErrorAnswer = z.custom<ErrorShape>(isErrorAnswer, 'not the error shape');

/** The consent shape: the operator requires the shopper's consent at `url`. */
export const ConsentAnswer = z.custom<ConsentShape>(isConsentAnswer, 'not the consent shape');

/** `/result` while the operator has not answered yet. */
export const PendingAnswer = z.custom<PendingShape>(isPendingAnswer, 'not the pending shape');

export type ErrorAnswer = ErrorShape;
export type ConsentAnswer = ConsentShape;

/** The first message of a failed parse, prefixed with the path of the field at fault. */
export function describeIssue(error: {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function isRealDate(s: string): boolean {
  return realDate(s) !== null;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
