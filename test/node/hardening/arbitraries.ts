/** fast-check generators of hostile requests for the relay-side hardening tests (Node), on the shared hostile JSON. */
import fc from 'fast-check';

import { HOSTILE_KEYS, SCORE_LIKE, assertNoPollution, jsonText } from '../../unit/hostile-json.js';

export { HOSTILE_KEYS, SCORE_LIKE, assertNoPollution, jsonText };

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', 'Camille', 'Léa', 'a'.repeat(101), 'a'.repeat(300), 'x\u0000y', '\n', '<script>', '+33612345678'),
  fc.integer(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
);

/** Match bodies near the valid one: each field possibly wrong, missing, or extra. */
export const nearMatchBody = fc.record(
  {
    scope: fc.oneof(fc.constant('matching_notp'), fc.constantFrom('MATCHING_NOTP', 'matching_otp', '', 1, null)),
    phone: fc.oneof(
      fc.constantFrom(
        '+33612345678',
        '+33698765432',
        '0612345678',
        '+0612345678',
        '+3361234567890123',
        '+33 6 12 34 56 78',
        '',
        '+',
      ),
      fc.stringMatching(/^\+[0-9]{0,17}$/),
      fc.integer(),
      fc.constant(null),
    ),
    identity: fc.oneof(
      fc.record(
        {
          gender: fc.oneof(fc.constantFrom('M', 'F', '', 'X', 'm'), text),
          given_name: text,
          family_name: text,
          birthdate: fc.oneof(
            fc.constantFrom('1990-04-12', '1990-02-30', '1899-12-31', '2024-13-01', '', '1990-4-12'),
            text,
          ),
          email: fc.oneof(fc.constantFrom('a@b.fr', 'not-an-email', `${'a'.repeat(250)}@b.fr`, ''), text),
          address: fc.oneof(
            fc.record(
              {
                street_address: text,
                postal_code: text,
                locality: text,
                country: fc.oneof(fc.constantFrom('FR', 'fr', 'FRA', ''), text),
              },
              { requiredKeys: [] },
            ),
            text,
          ),
          __proto__: fc.constant({ given_name: 'polluted' }),
        },
        { requiredKeys: [] },
      ),
      text,
    ),
    return_url: fc.oneof(
      fc.constantFrom(
        'https://shop.example/checkout?idmobile_return=1',
        'https://evil.example/',
        'javascript:alert(1)',
        '//evil',
        `https://shop.example/${'a'.repeat(2100)}`,
        '',
      ),
      fc.webUrl(),
      text,
    ),
    extra: text,
  },
  { requiredKeys: [] },
);

export const anyBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => (JSON.stringify(v) as string | undefined) ?? 'null'),
  nearMatchBody.map((v) => JSON.stringify(v)),
  jsonText,
  jsonText.map((t) => t.slice(0, Math.max(0, t.length - 2))),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '{"__proto__":{"scope":"matching_notp","phone":"+33612345678","identity":{}}}',
    '{"constructor":{"prototype":{"identity":{}}},"scope":"matching_notp","phone":"+33612345678"}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"scope":"matching_notp","phone":"+33612345678","identity":${'{"address":'.repeat(3000)}1${'}'.repeat(3000)}}`,
    '{"scope":"matching_notp","phone":"+33612345678","identity":{},"scope":"x"}',
    '\ufeff{}',
    '{"phone":1e999}',
  ),
);
