/**
 * The request types the widget's declarations use (src/protocol/wire-types.ts, written without zod so that a page
 * installing only the element gets them typed) are exactly what the relay's zod schemas infer: `npm run typecheck`
 * fails on this file when one drifts from the other; the test below checks one parse agrees at run time too.
 */
import { expect, test } from '@playwright/test';
import type * as z from 'zod/mini';
import { Identity, MatchRequest, ResultRequest } from '../../../src/protocol/schemas.js';
import type * as Wire from '../../../src/protocol/wire-types.js';

/** True when `A` and `B` are the same type (each assignable to the other, optional keys included). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inferred: [
  Same<z.infer<typeof Identity>, Wire.Identity>,
  Same<z.infer<typeof MatchRequest>, Wire.MatchRequest>,
  Same<z.infer<typeof ResultRequest>, Wire.ResultRequest>,
] = [true, true, true];

test('the zod schemas infer the hand-written wire types', () => {
  expect(inferred).toEqual([true, true, true]);
  const identity: Wire.Identity = { gender: 'F', given_name: 'Camille', address: { country: 'FR' } };
  expect(Identity.parse(identity)).toEqual(identity);
});
