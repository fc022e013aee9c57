/**
 * (v3) The answers the widget classifies ("v3 precisions" 3 and 4): from `/match`, the pending shape of
 * decoupled consent `{"status":"pending","operator","token","state","expires_in","interval"}` with every key
 * present is decoupled consent; from `/result`, `{"status":"pending"}` with at most a `retry_after` is pending;
 * any other pending body is `bad_response`. Pure: no element.
 */
import { expect } from '@open-wc/testing';
import {
  MAX_DECOUPLED_TOKEN,
  classifyAnswer,
  classifyMatchAnswer,
  type Answer,
  type MatchAnswer,
} from '../../src/protocol/answer.js';

const STATE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn';
const PENDING = { status: 'pending', operator: 'Orange', token: 'tok', state: STATE, expires_in: 120, interval: 5 };
const said = (a: Answer | MatchAnswer) => (a.kind === 'error' ? `error:${a.id}` : a.kind);

describe('classifyMatchAnswer: /match', () => {
  it('the pending shape with every key is decoupled consent, keys renamed', () => {
    expect(classifyMatchAnswer(200, PENDING)).to.deep.equal({
      kind: 'decoupled',
      operator: 'Orange',
      token: 'tok',
      state: STATE,
      expiresIn: 120,
      interval: 5,
    });
  });

  it('unknown keys are ignored', () => {
    expect(classifyMatchAnswer(200, { ...PENDING, extra: 1 }).kind).to.equal('decoupled');
  });

  const table: Array<[string, number, unknown, string]> = [
    ['a fractional interval and an interval of 0', 200, { ...PENDING, interval: 0 }, 'decoupled'],
    ['the longest token', 200, { ...PENDING, token: 'x'.repeat(MAX_DECOUPLED_TOKEN) }, 'decoupled'],
    ['a token too long', 200, { ...PENDING, token: 'x'.repeat(MAX_DECOUPLED_TOKEN + 1) }, 'error:bad_response'],
    ['expires_in of an hour', 200, { ...PENDING, expires_in: 3600 }, 'decoupled'],
    ['expires_in beyond an hour', 200, { ...PENDING, expires_in: 3601 }, 'error:bad_response'],
    ['no operator', 200, { ...PENDING, operator: undefined }, 'error:bad_response'],
    ['an empty operator', 200, { ...PENDING, operator: '' }, 'error:bad_response'],
    ['an operator of 101 characters', 200, { ...PENDING, operator: 'O'.repeat(101) }, 'error:bad_response'],
    ['no token', 200, { ...PENDING, token: undefined }, 'error:bad_response'],
    ['a token with a space', 200, { ...PENDING, token: 'a b' }, 'error:bad_response'],
    ['a numeric token', 200, { ...PENDING, token: 42 }, 'error:bad_response'],
    ['no state', 200, { ...PENDING, state: undefined }, 'error:bad_response'],
    ['an empty state', 200, { ...PENDING, state: '' }, 'error:bad_response'],
    ['no expires_in', 200, { ...PENDING, expires_in: undefined }, 'error:bad_response'],
    ['expires_in 0', 200, { ...PENDING, expires_in: 0 }, 'error:bad_response'],
    ['expires_in as a string', 200, { ...PENDING, expires_in: '120' }, 'error:bad_response'],
    [
      'expires_in Infinity (not JSON, but not a number of seconds either)',
      200,
      { ...PENDING, expires_in: Infinity },
      'error:bad_response',
    ],
    ['no interval', 200, { ...PENDING, interval: undefined }, 'error:bad_response'],
    ['a negative interval', 200, { ...PENDING, interval: -1 }, 'error:bad_response'],
    ['an interval of 601 s', 200, { ...PENDING, interval: 601 }, 'error:bad_response'],
    ['the /result pending shape', 200, { status: 'pending' }, 'error:bad_response'],
    ['pending with retry_after only', 200, { status: 'pending', retry_after: 2 }, 'error:bad_response'],
    ['the full shape with a non-2xx status', 500, PENDING, 'error:bad_response'],
    ['the error shape, HTTP 428', 428, { status: 'error', error_id: 'R428', field: 'id_document' }, 'error:R428'],
    ['line_mismatch, HTTP 200', 200, { status: 'error', error_id: 'line_mismatch' }, 'error:line_mismatch'],
    ['scores still scores', 200, { given_name: 1, family_name: 1 }, 'scores'],
    ['consent still consent', 200, { status: 'success', operator: 'Orange', url: 'https://op.example/' }, 'consent'],
  ];
  for (const [name, status, body, expected] of table) {
    it(`${name}: ${expected}`, () => {
      expect(said(classifyMatchAnswer(status, body))).to.equal(expected);
    });
  }
});

describe('classifyAnswer: /result (allowPending)', () => {
  const table: Array<[string, unknown, Answer | string]> = [
    ['bare pending', { status: 'pending' }, { kind: 'pending' }],
    ['pending with retry_after', { status: 'pending', retry_after: 4 }, { kind: 'pending', retryAfter: 4 }],
    ['retry_after 0', { status: 'pending', retry_after: 0 }, { kind: 'pending', retryAfter: 0 }],
    ['retry_after as a string', { status: 'pending', retry_after: '4' }, 'error:bad_response'],
    ['a negative retry_after', { status: 'pending', retry_after: -1 }, 'error:bad_response'],
    ['retry_after beyond 600 s', { status: 'pending', retry_after: 601 }, 'error:bad_response'],
    ['retry_after null', { status: 'pending', retry_after: null }, 'error:bad_response'],
    // DQE's own retrieval answer carries its scope: extra keys do not make it another shape
    ['pending with DQE’s scope', { status: 'pending', scope: 'matching_notp' }, { kind: 'pending' }],
    ['a timeout error after expiry, HTTP 200', { status: 'error', error_id: 'timeout' }, 'error:timeout'],
  ];
  for (const [name, body, expected] of table) {
    it(`${name}: ${typeof expected === 'string' ? expected : JSON.stringify(expected)}`, () => {
      const a = classifyAnswer(200, body, { allowPending: true });
      if (typeof expected === 'string') expect(said(a)).to.equal(expected);
      else expect(a).to.deep.equal(expected);
    });
  }

  it('without allowPending (a /match through the old entry), any pending body stays bad_response', () => {
    expect(said(classifyAnswer(200, PENDING))).to.equal('error:bad_response');
  });
});

describe('classifyAnswer: scores under "disclosure":"bands" (precision 4)', () => {
  const ALL_WITHHELD = {
    street_address: 'withheld',
    postal_code: 'withheld',
    locality: 'withheld',
    country: 'withheld',
  };
  const BANDS = {
    gender: 'withheld',
    given_name: 'partial',
    family_name: 'mismatch',
    birthdate: 'withheld',
    email: 'withheld',
    address: ALL_WITHHELD,
  };
  const WITHHELD = ['gender', 'birthdate', 'email', ...Object.keys(ALL_WITHHELD).map((p) => `address.${p}`)];
  const EMPTY = { street_address: '', postal_code: '', locality: '', country: '' };
  const STRANGER = {
    gender: '',
    given_name: 0.6,
    family_name: 0,
    birthdate: '',
    email: '',
    address: EMPTY,
    verdict: 'rejected',
    disclosure: 'bands',
    bands: BANDS,
    withheld: WITHHELD,
  };

  it('the relay’s bands are read, with the disclosure and the withheld paths', () => {
    const a = classifyAnswer(200, STRANGER);
    if (a.kind !== 'scores') throw new Error(said(a));
    expect(a.disclosure).to.equal('bands');
    expect(a.bands).to.deep.equal(BANDS);
    expect(a.withheld).to.have.length(WITHHELD.length);
  });

  it('a v2 answer (no disclosure) reads as scores, without bands', () => {
    const v2: Record<string, unknown> = { ...STRANGER };
    delete v2['disclosure'];
    delete v2['bands'];
    const a = classifyAnswer(200, v2);
    expect(a.kind === 'scores' && [a.disclosure, a.bands]).to.deep.equal(['scores', null]);
  });

  const refused: Array<[string, unknown]> = [
    ['an unknown disclosure', { ...STRANGER, disclosure: 'percent' }],
    ['bands without their bands', { ...STRANGER, bands: undefined }],
    ['bands with an unknown band name', { ...STRANGER, bands: { ...BANDS, given_name: 'close' } }],
    ['bands missing a field', { ...STRANGER, bands: { ...BANDS, email: undefined } }],
    ['bands without the address', { ...STRANGER, bands: { ...BANDS, address: 'withheld' } }],
    ['a withheld path whose band is not withheld', { ...STRANGER, bands: { ...BANDS, email: 'unverified' } }],
    ['bands on a "scores" answer', { ...STRANGER, disclosure: 'scores' }],
  ];
  for (const [name, body] of refused) {
    it(`${name}: bad_response`, () => {
      expect(said(classifyAnswer(200, body))).to.equal('error:bad_response');
    });
  }
});
