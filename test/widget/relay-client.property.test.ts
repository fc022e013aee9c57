/**
 * Hardening (issue 7): the widget's relay client `callRelay` with an injected `fetch` answering arbitrary
 * statuses and bodies (JSON of any shape, not JSON, truncated, huge, lying content-length, failing streams).
 * It never rejects (except when the caller aborts), gives exactly one outcome, caps the size it reads, and the
 * element never renders `unverified` as a score.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { Answer, MatchAnswer } from '../../src/protocol/answer.js';
import { FIELD_PATHS } from '../../src/protocol/fields.js';
import { MAX_ANSWER_BYTES, callRelay } from '../../src/widget/relay-client.js';
import { clickSubmit, fillValid, mount, qa, waitState } from './helpers.js';
import { StubRelay } from './stub-relay.js';
import { SCORE_FIELDS_LIKE, assertNoPollution, hostileBody, httpStatus, jsonText } from '../fixtures/hostile-json.js';

const SEED = 7_0705;
const KINDS = ['scores', 'consent', 'pending', 'error'];

type Reply =
  | { kind: 'body'; status: number; text: string; contentLength?: string }
  | { kind: 'throw' }
  | { kind: 'stream-error'; status: number; prefix: string }
  | { kind: 'huge'; status: number; declared: boolean };

const encoder = new TextEncoder();

function fakeFetch(reply: Reply): typeof fetch {
  return async (_input, init) => {
    await Promise.resolve(); // a real fetch never answers in the same tick
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    if (reply.kind === 'throw') throw new TypeError('Failed to fetch');
    if (reply.kind === 'body') {
      const headers = new Headers({ 'content-type': 'application/json' });
      if (reply.contentLength !== undefined) headers.set('content-length', reply.contentLength);
      return new Response([204, 205, 304].includes(reply.status) ? null : reply.text, {
        status: reply.status,
        headers,
      });
    }
    if (reply.kind === 'stream-error') {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(encoder.encode(reply.prefix));
          c.error(new TypeError('network error'));
        },
      });
      return new Response(body, { status: reply.status });
    }
    // more than the cap, in chunks, optionally declared: valid JSON of the scores shape, so only the cap refuses it
    let sent = 0;
    const head = encoder.encode('{"family_name":1,"pad":"');
    const pad = encoder.encode('x'.repeat(8192));
    const tail = encoder.encode('"}');
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent === 0) c.enqueue(head);
        if (sent > MAX_ANSWER_BYTES * 2) {
          c.enqueue(tail);
          c.close();
          return;
        }
        sent += pad.byteLength;
        c.enqueue(pad);
      },
    });
    const headers = reply.declared ? { 'content-length': String(MAX_ANSWER_BYTES * 2 + 8192 + 26) } : undefined;
    return new Response(body, { status: reply.status, headers });
  };
}

const texts = fc.oneof(
  hostileBody.map((b) => (JSON.stringify(b) as string | undefined) ?? 'null'),
  jsonText,
  jsonText.map((t) => t.slice(0, Math.max(0, t.length - 1))), // truncated
  fc.string({ maxLength: 50 }),
  fc.constantFrom(
    '',
    '<!doctype html><h1>502 Bad Gateway</h1>',
    '\ufeff{"family_name":1}',
    'null',
    '1e999',
    '{"family_name":1}{"given_name":1}',
    '\u0000',
  ),
);
/** Statuses a Response may carry a body with (204, 205 and 304 may not). */
const bodyStatus = httpStatus.filter((s) => ![204, 205, 304].includes(s));
const replies: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('body' as const), status: httpStatus, text: texts }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('body' as const),
      status: httpStatus,
      text: texts,
      contentLength: fc.constantFrom('0', '-1', 'abc', '1e9', String(MAX_ANSWER_BYTES + 1), '99999999999999999999'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'throw' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('stream-error' as const),
      status: bodyStatus,
      prefix: fc.string({ maxLength: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('huge' as const), status: bodyStatus, declared: fc.boolean() }),
  },
);

function checkOutcome(a: Answer | MatchAnswer, reply: Reply): void {
  expect(KINDS).to.include(a.kind);
  if (a.kind === 'error') expect(a.id).to.match(/^[A-Za-z0-9_-]{1,32}$/);
  if (reply.kind === 'throw') expect(a).to.include({ kind: 'error', id: 'network' });
  if (reply.kind === 'huge') expect(a).to.include({ kind: 'error', id: 'bad_response' });
  if (reply.kind === 'stream-error') expect(a.kind).to.equal('error');
  if (reply.kind === 'body' && (reply.status < 200 || reply.status > 299)) expect(['error']).to.include(a.kind);
  if (a.kind === 'scores') {
    for (const p of FIELD_PATHS) {
      const s = p.startsWith('address.') ? a.scores.address[p.slice(8) as 'country'] : a.scores[p as 'email'];
      if (s !== null) expect(s).to.be.within(0, 1);
    }
  }
}

describe('<idmobile-check> after an odd relay answer', () => {
  it('is accessible showing scores of every kind (numbers, numeric strings, not compared, not scores)', async () => {
    const relay = new StubRelay().install();
    const original = console.warn;
    console.warn = () => {}; // "not a score, shown as not verified"
    try {
      relay.reply({ json: { given_name: '0.5', family_name: 1, gender: '', birthdate: 'x', email: null } });
      const el = await mount('relay-url="/r" lang="en"');
      await fillValid(el);
      await clickSubmit(el);
      await waitState(el, 'result');
      await expect(el).to.be.accessible();
    } finally {
      console.warn = original;
      relay.restore();
    }
  });
});

describe('callRelay under hostile relay answers (properties)', () => {
  afterEach(() => assertNoPollution());

  it('never rejects and gives exactly one outcome, whatever the relay sends', async () => {
    await fc.assert(
      fc.asyncProperty(replies, fc.boolean(), async (reply, allowPending) => {
        const a = await callRelay('/relay/match', { x: 1 }, { fetch: fakeFetch(reply), timeoutMs: 2000, allowPending });
        checkOutcome(a, reply);
        if (a.kind === 'pending') expect(allowPending).to.equal(true);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('a relay that never answers ends in timeout, not a hang', async () => {
    const hang: typeof fetch = (_i, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const t = performance.now();
    const a = await callRelay('/r/match', {}, { fetch: hang, timeoutMs: 50 });
    expect(a).to.include({ kind: 'error', id: 'timeout' });
    expect(performance.now() - t).to.be.below(1000);
  });

  it('a caller abort rejects (the element owns the state then), every other failure resolves', async () => {
    const controller = new AbortController();
    controller.abort();
    let rejected = false;
    await callRelay('/r/match', {}, { fetch: fakeFetch({ kind: 'throw' }), signal: controller.signal }).catch(
      () => (rejected = true),
    );
    expect(rejected).to.equal(true);
  });
});

describe('<idmobile-check> renders arbitrary scores without ever showing unverified as a score (property)', () => {
  let relay: StubRelay;
  beforeEach(() => (relay = new StubRelay().install()));
  afterEach(() => relay.restore());

  it('a gauge is a meter with the rounded score exactly when the field has a score', async () => {
    const body = fc.record(SCORE_FIELDS_LIKE, { requiredKeys: ['family_name'] });
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        relay.reply({ json });
        const el = await mount('relay-url="/r" lang="en"');
        const original = console.warn;
        console.warn = () => {};
        try {
          await fillValid(el);
          await clickSubmit(el);
          await waitState(el, 'result');
        } finally {
          console.warn = original;
        }
        const result = el.result!;
        const gauges = qa(el, '[part="gauge"]');
        expect(gauges.map((g) => g.dataset['field'])).to.deep.equal([...FIELD_PATHS]);
        for (const g of gauges) {
          const path = g.dataset['field']!;
          const score = path.startsWith('address.')
            ? result.scores.address[path.slice(8) as 'country']
            : result.scores[path as 'email'];
          const band = g.dataset['band'];
          expect(['match', 'partial', 'mismatch', 'unverified']).to.include(band);
          const meter = g.getAttribute('role') === 'meter' ? g : g.querySelector('[role="meter"]');
          if (score === null) {
            expect(band, path).to.equal('unverified');
            expect(meter, `${path}: unverified must not be a meter`).to.equal(null);
            expect(g.hasAttribute('aria-valuenow')).to.equal(false);
            expect(g.shadowRoot!.textContent, `${path}: no percentage for unverified`).to.not.contain('%');
          } else {
            expect(band, path).to.not.equal('unverified');
            expect(meter).to.not.equal(null);
            expect(meter!.getAttribute('aria-valuenow')).to.equal(String(Math.round(score * 100)));
          }
        }
        el.remove();
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});
