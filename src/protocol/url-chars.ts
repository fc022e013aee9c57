/**
 * Characters that never belong in a URL the product forwards or navigates to: whitespace, control characters
 * (C0, DEL, C1), invisible formatting characters (soft hyphen, zero-width, bidi overrides), and the backslash
 * that URL parsers turn into a slash. Refused rather than trimmed: the parser would silently strip or
 * reinterpret them. One definition for the widget's consent rule, the origin lists and the relay's `return_url`.
 */
export const UNSAFE_URL_CHARS = /[\s\p{Cc}\p{Cf}\\]/u;

/** Control characters (C0, DEL, C1), for text that is shown or logged: replace them. */
export const CONTROL_CHARS = /\p{Cc}/gu;

/** `new URL(href)`, or null when `href` is not a string or not a URL (never throws). */
export function urlOf(href: unknown): URL | null {
  try {
    return new URL(href as string);
  } catch {
    return null;
  }
}
