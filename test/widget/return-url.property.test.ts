/**
 * Hardening (issue 7): the return-from-consent parsers attacked with arbitrary page URLs. `readReturnParams`
 * never throws and gives exactly one outcome consistent with how the browser itself reads the query
 * (URLSearchParams); a token is only ever a well-formed one; `stripReturnParams` always removes our parameters.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { buildReturnUrl, readReturnParams, stripReturnParams } from '../../src/widget/return-url.js';

const SEED = 7_0703;
const TOKEN = /^[\x21-\x7e]{1,512}$/;
const STATE = /^[\x21-\x7e]{1,2048}$/;
const OWN = ['idmobile_return', 'token', 'status', 'idmobile_state', 'idmobile_error'];
/** An error id as the relay writes it in `idmobile_error` (normalised: digits padded to two). */
const ERROR_ID = /^[A-Za-z0-9_-]{1,32}$/;

const names = fc.oneof(
  fc.constantFrom(
    'idmobile_return',
    'token',
    'status',
    'idmobile_state',
    'idmobile%5Fstate',
    'idmobile_error',
    'tok%65n',
    'idmobile%5Freturn',
    'TOKEN',
    'token ',
    'cart',
    '__proto__',
    'constructor',
    '',
  ),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
  fc.string({ maxLength: 8 }),
);
const values = fc.oneof(
  fc.constantFrom(
    '1',
    '01',
    'error',
    'success',
    '',
    'sess-abc',
    'a'.repeat(513),
    '%',
    '%zz',
    '<script>',
    'javascript:alert(1)',
    'x&y',
    'R409',
    'line_mismatch',
  ),
  fc.stringMatching(/^[\w.~-]{1,20}$/),
  fc.stringMatching(/^[\x21-\x7e]{1,20}$/).map(encodeURIComponent),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ maxLength: 12 }),
);
const piece = fc.oneof(
  fc.tuple(names, values).map(([n, v]) => `${n}=${v}`),
  names,
);
const hrefs = fc
  .tuple(
    fc.constantFrom('https://shop.example/checkout', 'http://localhost:5173/', 'https://shop.example/a/b;c'),
    fc.array(piece, { maxLength: 8 }),
    fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  )
  .map(([base, ps, hash]) => `${base}?${ps.join('&')}${hash === undefined ? '' : `#${hash}`}`);
const anyHref = fc.oneof(
  hrefs,
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 40 }),
);

describe('readReturnParams / stripReturnParams / buildReturnUrl under hostile URLs (properties)', () => {
  it('readReturnParams never throws and agrees with the browser’s own reading of the query', () => {
    fc.assert(
      fc.property(anyHref, (href) => {
        const r = readReturnParams(href);
        let params: URLSearchParams;
        try {
          params = new URL(href).searchParams;
        } catch {
          expect(r).to.equal(null);
          return;
        }
        if (!params.getAll('idmobile_return').includes('1')) {
          expect(r).to.equal(null);
          return;
        }
        expect(r).to.not.equal(null);
        if (params.getAll('status').includes('error')) {
          const errors = params.getAll('idmobile_error');
          const [error] = errors;
          if (error === undefined) expect(r).to.deep.equal({ kind: 'refused' });
          else if (errors.length > 1 || !ERROR_ID.test(error.trim())) expect(r).to.deep.equal({ kind: 'invalid' });
          else expect(r).to.have.property('kind', 'error');
          return;
        }
        const tokens = params.getAll('token');
        const states = params.getAll('idmobile_state');
        const [token] = tokens;
        const [state] = states;
        if (tokens.length !== 1 || token === undefined || !TOKEN.test(token) || states.length > 1)
          expect(r).to.deep.equal({ kind: 'invalid' });
        else if (state === undefined) expect(r).to.deep.equal({ kind: 'token', token });
        else if (STATE.test(state)) expect(r).to.deep.equal({ kind: 'token', token, state });
        else expect(r).to.deep.equal({ kind: 'invalid' });
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('stripReturnParams never throws, removes every own parameter, keeps the others and the path', () => {
    fc.assert(
      fc.property(hrefs, (href) => {
        const out = stripReturnParams(href);
        const before = new URL(href);
        const after = new URL(out);
        for (const k of OWN) expect(after.searchParams.has(k), k).to.equal(false);
        expect(after.origin + after.pathname).to.equal(before.origin + before.pathname);
        expect(after.hash).to.equal(before.hash);
        const kept = [...before.searchParams].filter(([k]) => !OWN.includes(k));
        expect([...after.searchParams]).to.deep.equal(kept);
        // a second pass changes nothing
        expect(stripReturnParams(out)).to.equal(out);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('buildReturnUrl never throws; what it builds reads back as a return without a token', () => {
    fc.assert(
      fc.property(anyHref, (href) => {
        const built = buildReturnUrl(href);
        if (built === '') return;
        const url = new URL(built);
        expect(url.hash).to.equal('');
        expect(url.searchParams.getAll('idmobile_return')).to.deep.equal(['1']);
        expect(url.searchParams.has('token')).to.equal(false);
        expect(url.searchParams.has('status')).to.equal(false);
        expect(url.searchParams.has('idmobile_state')).to.equal(false);
        expect(readReturnParams(built)).to.deep.equal({ kind: 'invalid' });
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
