import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Answer, MatchAnswer } from '../../src/protocol/answer.js';
import { CheckController, sleep, type Caller, type CheckOptions } from '../../src/widget/check-controller.js';
import { CAMILLE_LINE } from '../fixtures/subscribers.js';

const MATCH = {
  kind: 'match',
  request: { scope: 'matching_notp', phone: CAMILLE_LINE.phone, identity: {} },
} as const;
const RESULT = { kind: 'result', request: { token: 't' } } as const;
const scores = (n: number): Answer => ({
  kind: 'scores',
  scores: {
    gender: null,
    given_name: n,
    family_name: n,
    birthdate: null,
    email: null,
    address: { street_address: null, postal_code: null, locality: null, country: null },
  },
  attestation: null,
  invalid: [],
  verdict: null,
  withheld: [],
  disclosure: 'scores',
  bands: null,
});
const aborted = () => new DOMException('aborted', 'AbortError');

class Host implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  addController(c: ReactiveController) {
    this.controllers.push(c);
  }
  removeController() {}
  requestUpdate() {}
  readonly updateComplete = Promise.resolve(true);
}

/** A caller whose answers the test releases one by one; each call records its URL and signal. */
function scripted() {
  const calls: Array<{ url: string; signal: AbortSignal; answer: (a: Answer) => void }> = [];
  const caller: Caller = (url, _body, options) =>
    new Promise<Answer>((resolve, reject) => {
      const signal = options?.signal;
      if (!signal) throw new Error('no signal');
      signal.addEventListener('abort', () => reject(aborted()), { once: true });
      calls.push({ url, signal, answer: resolve });
    });
  return { calls, caller };
}

const options =
  (poll = { firstDelayMs: 5, maxDelayMs: 20, deadlineMs: 2000 }): (() => CheckOptions) =>
  () => ({ relayUrl: '/relay/', timeoutMs: 1000, poll });

describe('CheckController', () => {
  it('registers with its host and delivers the answer of the operation it runs', async () => {
    const host = new Host();
    const { calls, caller } = scripted();
    const check = new CheckController(host, options(), caller);
    expect(host.controllers).to.deep.equal([check]);
    const run = check.run(MATCH);
    expect(check.busy).to.equal(true);
    expect(calls.map((c) => c.url)).to.deep.equal(['/relay/match']);
    calls[0]!.answer(scores(1));
    expect(await run).to.deep.equal(scores(1));
    expect(check.busy).to.equal(false);
    expect(check.lastOperation).to.equal(MATCH);
  });

  it('a newer operation aborts the one in flight, whose late answer is never delivered', async () => {
    const received: Array<Answer | MatchAnswer | null> = [];
    const calls: Array<(a: Answer) => void> = [];
    // this caller ignores the abort signal: the stale guard alone must drop the late answer
    const caller: Caller = () => new Promise<Answer>((resolve) => calls.push(resolve));
    const check = new CheckController(new Host(), options(), caller);
    const first = check.run(MATCH).then((a) => received.push(a));
    const second = check.run(MATCH).then((a) => received.push(a));
    calls[1]!(scores(0.2));
    calls[0]!(scores(1));
    await Promise.all([first, second]);
    expect(received).to.deep.equal([scores(0.2), null]);
  });

  it('abort() resolves the operation in flight with null and aborts its request', async () => {
    const { calls, caller } = scripted();
    const check = new CheckController(new Host(), options(), caller);
    const run = check.run(MATCH);
    check.abort();
    expect(await run).to.equal(null);
    expect(calls[0]!.signal.aborted).to.equal(true);
    expect(check.busy).to.equal(false);
    expect(check.lastOperation).to.equal(MATCH); // a retry can still repeat it
    check.forget();
    expect(check.lastOperation).to.equal(null);
  });

  it('the host disconnecting aborts the operation in flight', async () => {
    const host = new Host();
    const { calls, caller } = scripted();
    const check = new CheckController(host, options(), caller);
    const run = check.run(MATCH);
    host.controllers.forEach((c) => c.hostDisconnected?.());
    expect(await run).to.equal(null);
    expect(calls[0]!.signal.aborted).to.equal(true);
  });

  it('anything thrown that is not an abort is a bug: it rejects, it is not swallowed', async () => {
    const bug = new TypeError('x is undefined');
    const check = new CheckController(new Host(), options(), () => Promise.reject(bug));
    let caught: unknown = null;
    await check.run(MATCH).catch((e: unknown) => (caught = e));
    expect(caught).to.equal(bug);
    expect(check.busy).to.equal(false);
  });

  it('an AbortError nobody asked for is not taken for an abort either', async () => {
    const stray = aborted();
    const check = new CheckController(new Host(), options(), () => Promise.reject(stray));
    let caught: unknown = null;
    await check.run(MATCH).catch((e: unknown) => (caught = e));
    expect(caught).to.equal(stray);
  });

  it('polls /result while pending, with growing delays, until an answer', async () => {
    const answers: Answer[] = [{ kind: 'pending' }, { kind: 'pending' }, { kind: 'pending' }, scores(1)];
    const times: number[] = [];
    const check = new CheckController(
      new Host(),
      options({ firstDelayMs: 20, maxDelayMs: 40, deadlineMs: 5000 }),
      (url, _body, o) => {
        expect(url).to.equal('/relay/result');
        expect(o?.allowPending).to.equal(true);
        times.push(performance.now());
        return Promise.resolve(answers.shift()!);
      },
    );
    expect(await check.run(RESULT)).to.deep.equal(scores(1));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).to.have.length(3);
    expect(gaps[0]).to.be.at.least(15);
    expect(gaps[1]).to.be.at.least(35); // doubled
    expect(gaps[2]).to.be.at.least(35).and.below(75); // capped at maxDelayMs
  });

  it('gives up with timeout when /result stays pending past the deadline', async () => {
    const check = new CheckController(new Host(), options({ firstDelayMs: 5, maxDelayMs: 10, deadlineMs: 60 }), () =>
      Promise.resolve({ kind: 'pending' }),
    );
    const answer = await check.run(RESULT);
    expect(answer).to.include({ kind: 'error', id: 'timeout' });
  });

  it('aborting during the sleep between polls ends the operation at once', async () => {
    let polls = 0;
    const check = new CheckController(
      new Host(),
      options({ firstDelayMs: 10_000, maxDelayMs: 10_000, deadlineMs: 60_000 }),
      () => {
        polls++;
        return Promise.resolve({ kind: 'pending' });
      },
    );
    const run = check.run(RESULT);
    await waitUntil(() => polls === 1, 'the first poll never ran'); // then it sleeps 10 s
    const start = performance.now();
    check.abort();
    expect(await run).to.equal(null);
    expect(performance.now() - start).to.be.below(50);
    expect(polls).to.equal(1);
  });

  it('sleep resolves after its delay and rejects with the abort reason', async () => {
    await sleep(1, new AbortController().signal);
    const c = new AbortController();
    const p = sleep(10_000, c.signal);
    c.abort();
    let caught: unknown = null;
    await p.catch((e: unknown) => (caught = e));
    expect((caught as DOMException).name).to.equal('AbortError');
  });
});
