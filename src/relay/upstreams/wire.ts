/**
 * The seed's scores shape rebuilt from parsed scores, for the browser: every key present, a number or `""` (not
 * compared). Pure.
 */
import { ADDRESS_PARTS } from '../../protocol/fields.js';
import type { Scores } from '../../protocol/scores.js';

type Wire = number | '';
const wire = (s: number | null): Wire => (s === null ? '' : s);

export function scoresBody(scores: Scores): {
  gender: Wire;
  given_name: Wire;
  family_name: Wire;
  birthdate: Wire;
  email: Wire;
  address: Record<(typeof ADDRESS_PARTS)[number], Wire>;
} {
  return {
    gender: wire(scores.gender),
    given_name: wire(scores.given_name),
    family_name: wire(scores.family_name),
    birthdate: wire(scores.birthdate),
    email: wire(scores.email),
    address: Object.fromEntries(ADDRESS_PARTS.map((p) => [p, wire(scores.address[p])])) as Record<
      (typeof ADDRESS_PARTS)[number],
      Wire
    >,
  };
}
