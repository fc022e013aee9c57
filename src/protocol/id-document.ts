/**
 * (v3) The identity document number (`identity.id_document`), which some CAMARA operators require (403
 * `ID_DOCUMENT_REQUIRED`, the relay's R428) and receive as `idDocument`: 1 to 40 characters among letters,
 * digits, spaces, dots and dashes. Plain TypeScript, shared by the relay's schema and the widget's input (whose
 * bundle carries no schema library).
 */
export const ID_DOCUMENT_MAX = 40;

/** An identity document number as typed: 1 to {@link ID_DOCUMENT_MAX} of `[A-Za-z0-9 .-]`. */
export const ID_DOCUMENT_PATTERN = /^[A-Za-z0-9 .-]{1,40}$/;
