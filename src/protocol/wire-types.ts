/**
 * The request bodies' types, written without a schema library: the widget's declarations (and the framework
 * types generated from them) use these, so that a page that installs only the element types its `identity`
 * without zod. `schemas.ts` proves at compile time that its zod schemas infer exactly these.
 */

export interface Address {
  street_address?: string;
  postal_code?: string;
  locality?: string;
  /** ISO 3166-1 alpha-2, such as `FR`. */
  country?: string;
}

/** The identity of an order, in the request's shape. */
export interface Identity {
  gender?: 'M' | 'F' | '';
  given_name?: string;
  family_name?: string;
  /** `YYYY-MM-DD`. */
  birthdate?: string;
  email?: string;
  address?: Address;
  /** (v3) The identity document number, asked after R428 (CAMARA only): 1 to 40 characters `[A-Za-z0-9 .-]`. */
  id_document?: string;
}

/** Body of `POST {relay}/match`. */
export interface MatchRequest {
  scope: 'matching_notp';
  /** E.164, such as `+33612345678`. */
  phone: string;
  identity: Identity;
  return_url?: string;
  session?: string;
  /** The widget's wire version (3). */
  v?: 3;
}

/** Body of `POST {relay}/result`. */
export interface ResultRequest {
  token: string;
  state?: string;
  session?: string;
}
