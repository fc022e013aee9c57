/**
 * Shared fast-check generators of hostile JSON for the property tests, on both sides: the widget's (browser)
 * and the relay's (Node, test/node/hardening/arbitraries.ts builds on these). Kept in a plain module so the
 * property test files stay about properties.
 */
import fc from 'fast-check';

/** Keys an attacker would try: prototype pollution, shape keys, score keys. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'status',
  'url',
  'operator',
  'error_id',
  'error_type',
  'attestation',
  'gender',
  'given_name',
  'family_name',
  'birthdate',
  'email',
  'address',
  'street_address',
  'postal_code',
  'locality',
  'country',
  'scope',
  'phone',
  'identity',
  'return_url',
  'token',
];

/** Values that sit at the edges of what a score may be. */
export const SCORE_LIKE = fc.oneof(
  fc.double(), // NaN, ±Infinity, -0, huge, tiny
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(1e308, -1e308, 1.0000001, -0.0000001, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1),
  fc.integer(),
  fc.constantFrom(
    '',
    ' ',
    '0.78',
    '1',
    '0',
    '1.0',
    '.5',
    '+0.5',
    '1e-1',
    '0x1',
    'NaN',
    'Infinity',
    '0,5',
    '１',
    '0.5 ',
    ' 1.',
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map(String),
  fc.string({ maxLength: 12 }),
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ valueOf: 0.5 }),
);

/** JSON text (not a value) so that `__proto__` really becomes an own key once parsed, as from the network. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ node: string; obj: string; arr: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }).map((v) => (JSON.stringify(v) as string | undefined) ?? 'null'),
    SCORE_LIKE.map((v) => (JSON.stringify(v) as string | undefined) ?? 'null'),
    tie('obj'),
    tie('arr'),
  ),
  obj: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('node')), {
      maxLength: 6,
    })
    .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  arr: fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
})).node;

/** Something close to each known shape, with each field possibly wrong. */
export const nearShapes: fc.Arbitrary<unknown> = fc.oneof(
  // scores shape
  fc.record(
    {
      gender: SCORE_LIKE,
      given_name: SCORE_LIKE,
      family_name: SCORE_LIKE,
      birthdate: SCORE_LIKE,
      email: SCORE_LIKE,
      address: fc.oneof(
        fc.record(
          { street_address: SCORE_LIKE, postal_code: SCORE_LIKE, locality: SCORE_LIKE, country: SCORE_LIKE },
          { requiredKeys: [] },
        ),
        SCORE_LIKE,
      ),
      attestation: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      status: fc.constantFrom('success', 'error', 'pending', 'ok', 1, null),
    },
    { requiredKeys: [] },
  ),
  // consent shape
  fc.record(
    {
      status: fc.constantFrom('success', 'SUCCESS', 'error', 'pending'),
      operator: fc.oneof(fc.string({ maxLength: 120 }), fc.integer(), fc.constant(null)),
      url: fc.oneof(fc.webUrl(), fc.string(), fc.integer(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
  // error shape
  fc.record(
    {
      status: fc.constantFrom('error', 'Error', 'success'),
      error_id: fc.oneof(
        fc.integer(),
        fc.double(),
        fc.string({ maxLength: 40 }),
        fc.constantFrom('07', '7', 7, '30', 'R429', 'R502', '../../x', '<img>', ' 12 ', '1e3'),
        fc.constant(null),
        fc.constant({}),
        fc.constant([]),
      ),
      error_type: fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null), fc.constant({ a: 1 })),
    },
    { requiredKeys: ['status'] },
  ),
);

/** Any parsed body a relay could send: arbitrary values, near-shapes, and JSON text with hostile keys. */
export const hostileBody: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  nearShapes,
  jsonText.map((t) => JSON.parse(t) as unknown),
  fc.constantFrom<unknown>(
    JSON.parse('{"__proto__":{"status":"success","url":"javascript:alert(1)","operator":"x","polluted":1}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":1}},"family_name":1}'),
    JSON.parse('{"__proto__":{"family_name":1},"given_name":"0.5"}'),
    JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`),
    JSON.parse(`${'{"address":'.repeat(500)}1${'}'.repeat(500)}`),
    { family_name: 1e308 ** 2 }, // Infinity
    { status: 'success', operator: 'o'.repeat(101), url: 'https://op.example/' },
  ),
);

/** HTTP statuses a Response can carry. */
export const httpStatus = fc.oneof(
  fc.constantFrom(200, 201, 204, 299, 300, 400, 404, 413, 429, 500, 502, 504),
  fc.integer({ min: 200, max: 599 }),
);

/** Fails when the prototype of plain objects has been written to. */
export function assertNoPollution(): void {
  const probe: Record<string, unknown> = {};
  for (const k of ['polluted', ...HOSTILE_KEYS.filter((k) => !(k in Object.prototype))]) {
    if (probe[k] !== undefined) throw new Error(`Object.prototype polluted with ${k}`);
  }
}
