/**
 * The answer shapes are plain type guards (so the widget's bundle carries no schema library). They accept exactly
 * what the zod schemas they replaced accepted: each guard is compared with that zod definition, kept here as
 * the reference, on hostile JSON and on the edges of each shape.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { isConsentAnswer, isErrorAnswer, isPendingAnswer } from '../../src/protocol/answer.js';
import { hostileBody } from '../fixtures/hostile-json.js';

const SEED = 7_1300;

const REFERENCE = {
  error: z.object({
    status: z.literal('error'),
    error_id: z.union([z.string(), z.number()]),
    error_type: z.optional(z.unknown()),
  }),
  consent: z.object({
    status: z.literal('success'),
    operator: z.string().check(z.minLength(1), z.maxLength(100)),
    url: z.string().check(z.minLength(1)),
  }),
  pending: z.object({ status: z.literal('pending') }),
};
const GUARDS = { error: isErrorAnswer, consent: isConsentAnswer, pending: isPendingAnswer };
const SHAPES = ['error', 'consent', 'pending'] as const;

const edges = fc.oneof(
  fc.record(
    {
      status: fc.constantFrom('error', 'success', 'pending', 'ERROR', '', 1),
      error_id: fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null), fc.constant([1])),
      error_type: fc.anything(),
      operator: fc.oneof(fc.string({ maxLength: 110 }), fc.string({ unit: 'grapheme', maxLength: 110 }), fc.integer()),
      url: fc.oneof(fc.string({ maxLength: 3 }), fc.constant(''), fc.constant(null)),
    },
    { requiredKeys: ['status'] },
  ),
  fc.constantFrom(
    { status: 'success', operator: '😀'.repeat(51), url: 'u' },
    { status: 'success', operator: '😀'.repeat(101), url: 'u' },
    { status: 'success', operator: 'x'.repeat(100), url: 'u' },
    { status: 'success', operator: 'x'.repeat(101), url: 'u' },
    { status: 'error', error_id: Number.NaN },
    { status: 'error', error_id: Number.POSITIVE_INFINITY },
    Object.assign([], { status: 'pending' }),
    Object.create({ status: 'pending' }) as object,
    null,
    'error',
  ),
);

describe('answer shapes: the guards accept exactly what their zod reference accepts (properties)', () => {
  for (const shape of SHAPES) {
    it(shape, () => {
      fc.assert(
        fc.property(fc.oneof(hostileBody, edges), (body) => {
          expect(GUARDS[shape](body), JSON.stringify(body)).to.equal(REFERENCE[shape].safeParse(body).success);
        }),
        { seed: SEED, numRuns: 3000 },
      );
    });
  }
});
