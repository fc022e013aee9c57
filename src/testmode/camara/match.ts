/**
 * KYC Match's answer for an authenticated request (camaraproject/KnowYourCustomerMatch r1.2, kyc-match v0.4.0;
 * the same body is served at the v0.2 and v0.3 paths operators still publish). Pure: a token and the request's
 * text in, a status, a body and headers out. In order:
 * - a token whose scope lacks `kyc-match:match`: 403 `PERMISSION_DENIED`;
 * - a body that is not a JSON object of strings: 400 `INVALID_ARGUMENT`; a `phoneNumber` not E.164 likewise;
 * - a three-legged token used for another `phoneNumber`: 403 `INVALID_TOKEN_CONTEXT`; a two-legged token without
 *   `phoneNumber`: 422 `MISSING_IDENTIFIER`; no field to match: 400 `KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION`;
 * - the rate-limited number: 429 `TOO_MANY_REQUESTS` with `Retry-After`;
 * - a magic number's CAMARA error, a landline 422 `SERVICE_NOT_APPLICABLE`, an unknown line 404;
 * - an operator that requires the identity document: without `idDocument` 403
 *   `KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED`, another one 403 `KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH` (checked
 *   before the other fields, as the YAML says), the right one `idDocumentMatch: "true"` with the scores;
 * - the scores (scores.ts): integers 0..99, only with `"false"`.
 */
import type { DqeErrorId } from '../../protocol/errors.js';
import { KYC_MATCH_COMPARED_FIELDS, type KycMatchBody } from '../../protocol/kyc-match.js';
import { lookupCamaraLine, type CamaraSubscriber, type Subscriber } from '../registry.js';
import { kycMatch, type KycMatchAnswer } from './scores.js';

/** The scope KYC Match's operation requires (kyc-match.yaml, `security: openId: [kyc-match:match]`). */
export const KYC_MATCH_SCOPE = 'kyc-match:match';

export interface CamaraErrorInfo {
  status: number;
  code: string;
  message: string;
}

// kyc-match.yaml's `components.responses.Generic4xx` examples (r1.2); 429 and 503 from CAMARA_common.yaml
export const INVALID_ARGUMENT: CamaraErrorInfo = {
  status: 400,
  code: 'INVALID_ARGUMENT',
  message: 'Client specified an invalid argument, request body or query param.',
};
const INVALID_PARAM_COMBINATION: CamaraErrorInfo = {
  status: 400,
  code: 'KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION',
  message: 'Indicated parameter combination is invalid',
};
export const UNAUTHENTICATED: CamaraErrorInfo = {
  status: 401,
  code: 'UNAUTHENTICATED',
  message:
    'Request not authenticated due to missing, invalid, or expired credentials. A new authentication is required.',
};
const PERMISSION_DENIED: CamaraErrorInfo = {
  status: 403,
  code: 'PERMISSION_DENIED',
  message: 'Client does not have sufficient permissions to perform this action.',
};
const INVALID_TOKEN_CONTEXT: CamaraErrorInfo = {
  status: 403,
  code: 'INVALID_TOKEN_CONTEXT',
  message: 'phoneNumber is not consistent with access token.',
};
export const ID_DOCUMENT_REQUIRED: CamaraErrorInfo = {
  status: 403,
  code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED',
  message: 'The idDocument is required to perform the properties validation',
};
export const ID_DOCUMENT_MISMATCH: CamaraErrorInfo = {
  status: 403,
  code: 'KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH',
  message: 'The idDocument needs to match the one associated with the provided phoneNumber',
};
const IDENTIFIER_NOT_FOUND: CamaraErrorInfo = {
  status: 404,
  code: 'IDENTIFIER_NOT_FOUND',
  message: 'The phone number provided is not associated with a customer account',
};
const MISSING_IDENTIFIER: CamaraErrorInfo = {
  status: 422,
  code: 'MISSING_IDENTIFIER',
  message: 'No phone number has been provided',
};
export const TOO_MANY_REQUESTS: CamaraErrorInfo = {
  status: 429,
  code: 'TOO_MANY_REQUESTS',
  message: 'Either out of resource quota or reaching rate limiting.',
};

/** The CAMARA error answering a DQE magic number, where the contract's table has one. */
export const CAMARA_ERRORS: Partial<Record<DqeErrorId, CamaraErrorInfo>> = {
  '01': INVALID_ARGUMENT,
  '09': {
    status: 422,
    code: 'SERVICE_NOT_APPLICABLE',
    message: 'The service is not applicable for the provided phone number',
  },
  '10': IDENTIFIER_NOT_FOUND,
  '14': PERMISSION_DENIED,
  '16': { status: 503, code: 'UNAVAILABLE', message: 'Service Unavailable.' },
  '30': UNAUTHENTICATED,
};

/** What an access token grants at KYC Match. */
export interface MatchGrant {
  /** The line a three-legged token is bound to; `null` for a two-legged token. */
  phone: string | null;
  scopes: readonly string[];
}

export interface MatchAnswer {
  status: number;
  body: CamaraErrorInfo | KycMatchAnswer;
  headers: Record<string, string>;
}

const error = (e: CamaraErrorInfo, headers: Record<string, string> = {}): MatchAnswer => ({
  status: e.status,
  body: { status: e.status, code: e.code, message: e.message },
  headers,
});

/** Folds an identity document number as the contract does (precision 12): upper case, no spaces, dots, dashes. */
export const foldIdDocument = (value: string): string => value.replace(/[\s.-]/g, '').toUpperCase();

export function answerMatch(grant: MatchGrant, text: string): MatchAnswer {
  if (!grant.scopes.includes(KYC_MATCH_SCOPE)) return error(PERMISSION_DENIED);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return error(INVALID_ARGUMENT);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return error(INVALID_ARGUMENT);
  const sent: KycMatchBody = {};
  let idDocument: string | undefined;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v !== 'string') return error(INVALID_ARGUMENT);
    if (k === 'idDocument') idDocument = v;
    else if (k === 'phoneNumber' || (KYC_MATCH_COMPARED_FIELDS as readonly string[]).includes(k))
      sent[k as keyof KycMatchBody] = v;
  }
  if (sent.phoneNumber !== undefined && !/^\+[1-9][0-9]{4,14}$/.test(sent.phoneNumber)) return error(INVALID_ARGUMENT);
  if (grant.phone !== null && sent.phoneNumber !== undefined && sent.phoneNumber !== grant.phone)
    return error(INVALID_TOKEN_CONTEXT);
  const phone = grant.phone ?? sent.phoneNumber;
  if (phone === undefined) return error(MISSING_IDENTIFIER);
  if (!KYC_MATCH_COMPARED_FIELDS.some((f) => sent[f] !== undefined) && idDocument === undefined)
    return error(INVALID_PARAM_COMBINATION);

  const found = lookupCamaraLine(phone);
  if (found.kind === 'rate_limited')
    return error(TOO_MANY_REQUESTS, { 'Retry-After': String(found.retryAfterSeconds) });
  if (found.kind === 'error') return error(CAMARA_ERRORS[found.errorId] ?? IDENTIFIER_NOT_FOUND);
  const subscriber: Subscriber & Partial<Pick<CamaraSubscriber, 'idDocument'>> = found.subscriber;
  const answer: KycMatchAnswer = {};
  if (subscriber.idDocument !== undefined) {
    if (idDocument === undefined || idDocument.trim() === '') return error(ID_DOCUMENT_REQUIRED);
    if (foldIdDocument(idDocument) !== foldIdDocument(subscriber.idDocument)) return error(ID_DOCUMENT_MISMATCH);
    answer['idDocumentMatch'] = 'true';
  } else if (idDocument !== undefined) answer['idDocumentMatch'] = 'not_available';
  return { status: 200, body: { ...answer, ...kycMatch(sent, subscriber) }, headers: {} };
}
