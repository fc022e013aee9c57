/**
 * Folding for binding (trust contract): the value whose digest an attestation carries, so that the merchant's
 * own spelling of the same identity verifies ("Léa-Marie  O'Brien" and "lea marie o brien" fold alike) while
 * different names stay different. Pure.
 *
 * Text fields: Unicode NFKD, combining marks removed, lower case, every run of spaces and punctuation
 * (`-` `'` `’` `.` `,` and their typographic variants) one space, trimmed. `gender` and `address.country`:
 * trimmed, upper case. `birthdate`: `YYYY-MM-DD` (a one-digit month or day is padded).
 */
import type { FieldPath } from '../../protocol/fields.js';

const MARKS = /\p{M}+/gu;
const SEPARATORS = /[\s\-'’‘ʼ‐‑‒–—.,]+/gu;

/** The folded form of a name, street, locality, postal code or e-mail address. */
export function foldText(value: string): string {
  // upper then lower case: `ß` folds as `ss`, like its capital spelling; case mapping may itself decompose
  // (`İ` lower-cases to `i` + a combining dot), hence the second NFKD before the marks go
  return value
    .normalize('NFKD')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(SEPARATORS, ' ')
    .trim();
}

function foldDate(value: string): string {
  const [, year, month, day] = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim()) ?? [];
  if (year === undefined || month === undefined || day === undefined) return value.trim();
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The folded value of one identity field. */
export function foldField(path: FieldPath, value: string): string {
  switch (path) {
    case 'gender':
    case 'address.country':
      return value.trim().toUpperCase();
    case 'birthdate':
      return foldDate(value);
    default:
      return foldText(value);
  }
}
