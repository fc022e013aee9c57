/**
 * Hardening (issue 7): the widget's answer parsers, attacked with arbitrary JSON. `classifyAnswer` and
 * `parseScores` never throw, give exactly one well-defined outcome, never pollute prototypes, and a value that
 * is not a score is never turned into one (`unverified` is never shown as a score).
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { classifyAnswer, type Answer } from '../../src/protocol/answer.js';
import { ADDRESS_PARTS, FIELD_PATHS } from '../../src/protocol/fields.js';
import { bandOf, bandsOf, parseScore, parseScores, scoreAt, type Scores } from '../../src/protocol/scores.js';
import { SCORE_FIELDS_LIKE, assertNoPollution, hostileBody, httpStatus } from '../fixtures/hostile-json.js';

const SEED = 7_0701;
const ID_SHAPE = /^[A-Za-z0-9_-]{1,32}$/;

function checkScores(scores: Scores): void {
  for (const path of FIELD_PATHS) {
    const s = scoreAt(scores, path);
    if (s !== null) expect(s, `${path} is a score`).to.be.a('number').within(0, 1);
  }
  expect(Object.keys(scores).sort()).to.deep.equal([
    'address',
    'birthdate',
    'email',
    'family_name',
    'gender',
    'given_name',
  ]);
  expect(Object.keys(scores.address).sort()).to.deep.equal([...ADDRESS_PARTS].sort());
}

/** The invariants every outcome must satisfy, whatever the input. */
function checkAnswer(a: Answer, status: number, allowPending: boolean): void {
  const ok = status >= 200 && status <= 299;
  switch (a.kind) {
    case 'scores':
      expect(ok, 'scores only from a 2xx').to.equal(true);
      checkScores(a.scores);
      expect(a.attestation === null || (typeof a.attestation === 'string' && a.attestation.length > 0)).to.equal(true);
      expect(a.invalid.every((p) => FIELD_PATHS.includes(p))).to.equal(true);
      break;
    case 'consent':
      expect(ok, 'consent only from a 2xx').to.equal(true);
      expect(a.operator).to.be.a('string');
      expect(a.operator.length).to.be.within(1, 100);
      expect(a.url).to.be.a('string');
      break;
    case 'pending':
      expect(allowPending).to.equal(true);
      expect(ok).to.equal(true);
      break;
    case 'error':
      expect(a.id).to.match(ID_SHAPE);
      expect(a.errorType).to.be.a('string');
      expect(a.errorType.length).to.be.at.most(200);
      break;
    default:
      expect.fail(`no such outcome: ${JSON.stringify(a)}`);
  }
}

describe('classifyAnswer under hostile input (properties)', () => {
  afterEach(() => assertNoPollution());

  it('never throws and always gives exactly one well-defined outcome', () => {
    fc.assert(
      fc.property(httpStatus, hostileBody, fc.boolean(), (status, body, allowPending) => {
        const a = classifyAnswer(status, body, { allowPending });
        checkAnswer(a, status, allowPending);
        // deterministic
        expect(classifyAnswer(status, body, { allowPending })).to.deep.equal(a);
        assertNoPollution();
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('an error shape is that error on any status; a non-2xx without one is bad_response', () => {
    fc.assert(
      fc.property(httpStatus, hostileBody, (status, body) => {
        const a = classifyAnswer(status, body);
        const isErrorShape =
          body !== null &&
          typeof body === 'object' &&
          !Array.isArray(body) &&
          (body as Record<string, unknown>)['status'] === 'error' &&
          ['string', 'number'].includes(typeof (body as Record<string, unknown>)['error_id']);
        if (isErrorShape) expect(a.kind).to.equal('error');
        else if (status < 200 || status > 299) expect(a).to.include({ kind: 'error', id: 'bad_response' });
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  it('a prototype-polluting key never makes an answer of a shape it does not have', () => {
    const sneaky = [
      '{"__proto__":{"status":"success","operator":"Orange","url":"https://evil.example/"}}',
      '{"__proto__":{"status":"error","error_id":"30"}}',
      '{"__proto__":{"family_name":1}}',
      '{"constructor":{"prototype":{"family_name":1}}}',
    ];
    for (const text of sneaky) {
      const a = classifyAnswer(200, JSON.parse(text));
      expect(a, text).to.include({ kind: 'error', id: 'bad_response' });
    }
  });
});

describe('parseScores under hostile input (properties)', () => {
  const leafRecord = fc.record(SCORE_FIELDS_LIKE, { requiredKeys: [] });

  it('each leaf is a score in [0,1] or null; null only for a value that is not a score', () => {
    fc.assert(
      fc.property(leafRecord, (body) => {
        const { scores, invalid } = parseScores(body);
        checkScores(scores);
        const raw = body as Record<string, unknown>;
        for (const path of FIELD_PATHS) {
          const v = path.startsWith('address.')
            ? raw['address'] !== null && typeof raw['address'] === 'object' && !Array.isArray(raw['address'])
              ? (raw['address'] as Record<string, unknown>)[path.slice(8)]
              : undefined
            : raw[path];
          const s = scoreAt(scores, path);
          if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1) expect(s, path).to.equal(v);
          if (v === '' || v === null || v === undefined) {
            expect(s, path).to.equal(null);
          }
          if (s === null) expect(bandOf(s)).to.equal('unverified');
          else expect(bandOf(s)).to.not.equal('unverified');
        }
        // everything flagged invalid is unverified, never a score
        for (const p of invalid) expect(scoreAt(scores, p)).to.equal(null);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('a number written as a decimal string is read as that number', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 12 }), (n, digits) => {
        const text = n.toFixed(digits);
        expect(parseScore(text).score).to.equal(Number(text));
        expect(parseScore(n).score).to.equal(n);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never throws on arbitrary bodies, and bands are always one of four', () => {
    fc.assert(
      fc.property(hostileBody, (body) => {
        const { scores } = parseScores(body);
        checkScores(scores);
        const bands = bandsOf(scores);
        for (const b of [
          bands.gender,
          bands.given_name,
          bands.family_name,
          bands.birthdate,
          bands.email,
          ...Object.values(bands.address),
        ]) {
          expect(['match', 'partial', 'mismatch', 'unverified']).to.include(b);
        }
      }),
      { seed: SEED, numRuns: 800 },
    );
  });
});
