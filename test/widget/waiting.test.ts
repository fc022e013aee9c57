/**
 * (v3) Decoupled consent (CAMARA CIBA, DESIGN "Relay contract → Browser API" and "v3 precisions" 3, 4, 6): `/match`
 * answers `{"status":"pending","operator","token","state","expires_in","interval"}`, the element waits (host
 * `state="waiting"`, `part="waiting"`) while it polls `/result` with `{token, state, session}` at the contract's
 * pace (first poll within 1 s, doubling to at most 5 s, never sooner than `interval` nor `retry_after`), until a
 * final answer or `expires_in` (`timeout`). Time is the injected clock's: nothing here waits for real seconds.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { FakeClock, settle } from './fake-clock.js';
import { CAMILLE, captureConsole, clickSubmit, fill, fillValid, mount, nextEvent, q, shownErrorId } from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';

const STATE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn';
const PENDING = {
  status: 'pending',
  operator: 'Orange',
  token: 'ciba.tok-1',
  state: STATE,
  expires_in: 120,
  interval: 2,
};
const STILL = { json: { status: 'pending' } };

let relay: StubRelay;
let clock: FakeClock;
/** The clock's time at each relay call. */
let at: number[];
beforeEach(() => {
  relay = new StubRelay().install();
  clock = new FakeClock();
  at = [];
  const stub = window.fetch.bind(window);
  window.fetch = (input, init) => (at.push(clock.now()), stub(input, init));
});
afterEach(() => {
  relay.restore();
  sessionStorage.clear(); // no consent trip left for the next test
});

/** A widget (with a session) that has submitted Camille's details and got `pending` (the clock at 0). */
async function waiting(attrs = 'relay-url="/r" lang="en" session="sess-1"', pending: object = PENDING) {
  relay.reply({ json: pending });
  const el = await mount(attrs, (e) => (e.environment = { clock }));
  await fillValid(el);
  await clickSubmit(el);
  await settle();
  await el.updateComplete;
  return el;
}

const polls = () => relay.calls.filter((c) => c.url === '/r/result');
const status = (el: IdmobileCheck) => q(el, '[role="status"]')!.textContent.trim();

describe('<idmobile-check> waiting for the subscriber’s approval', () => {
  it('is accessible while waiting', async () => {
    const el = await waiting();
    expect(el.getAttribute('state')).to.equal('waiting');
    await expect(el).to.be.accessible();
  });

  it('names the operator, says what to do and how long is left, and focuses cancel', async () => {
    relay.reply({ json: PENDING });
    const el = await mount('relay-url="/r" lang="en"', (e) => (e.environment = { clock }));
    await fillValid(el);
    const pending = nextEvent<{ operator: string; expiresIn: number }>(el, 'idmobile-pending');
    await clickSubmit(el);
    expect((await pending).detail).to.deep.equal({ operator: 'Orange', expiresIn: 120 });
    await el.updateComplete;
    const panel = q(el, '[part="waiting"]')!;
    expect(panel.dataset['operator']).to.equal('Orange');
    expect(panel.textContent).to.contain('Approve the request on your phone').and.contain('Orange');
    expect(q(el, '[part="countdown"]')!.textContent.trim()).to.equal('Time left: 2:00');
    expect(el.shadowRoot!.activeElement).to.equal(q(el, '[part="cancel"]'));
    expect(q(el, '[part="cancel"]')!.textContent.trim()).to.equal('Cancel');
    expect(q(el, 'form')!.getAttribute('aria-busy')).to.equal('true');
  });

  it('counts down on screen every second, but the live region changes only a few times', async () => {
    const el = await waiting('relay-url="/r" lang="en"', { ...PENDING, expires_in: 65 });
    for (let i = 0; i < 40; i++) relay.reply(STILL);
    const spoken = new Set([status(el)]);
    const shown = new Set<string>();
    for (let s = 0; s < 60; s++) {
      await clock.advance(1000);
      await el.updateComplete;
      shown.add(q(el, '[part="countdown"]')!.textContent.trim());
      spoken.add(status(el));
    }
    expect(shown.size).to.equal(60); // 1:04, 1:03, … 0:05
    expect(q(el, '[part="countdown"]')!.textContent.trim()).to.equal('Time left: 0:05');
    expect([...spoken]).to.deep.equal([
      'Orange: approve the request on your phone. Time left: 2 minutes.',
      'Orange: approve the request on your phone. Time left: 1 minute.',
      'Orange: approve the request on your phone. Time left: 30 seconds.',
      'Orange: approve the request on your phone. Time left: 10 seconds.',
    ]);
  });

  it('speaks French with French typography', async () => {
    const el = await waiting('relay-url="/r" lang="fr"');
    expect(q(el, '[part="waiting"]')!.textContent).to.contain('Validez la demande sur votre téléphone');
    expect(q(el, '[part="countdown"]')!.textContent.trim()).to.equal('Temps restant\u00a0: 2:00');
    expect(status(el)).to.equal(
      'Orange\u00a0: validez la demande sur votre téléphone. Temps restant\u00a0: 2\u00a0minutes.',
    );
    expect(q(el, '[part="cancel"]')!.textContent.trim()).to.equal('Annuler');
  });

  it('polls /result with {token, state, session}: first within 1 s, then doubling, never sooner than interval, at most 5 s apart', async () => {
    const el = await waiting();
    for (let i = 0; i < 10; i++) relay.reply(STILL);
    await clock.advance(30_000);
    expect(el.getAttribute('state')).to.equal('waiting');
    expect(polls()[0]!.body).to.deep.equal({ token: 'ciba.tok-1', state: STATE, session: 'sess-1' });
    expect(polls().every((c) => JSON.stringify(c.body) === JSON.stringify(polls()[0]!.body))).to.equal(true);
    // /match at 0; polls at 0.5 s, then gaps of max(doubling delay, interval 2 s), capped at 5 s
    expect(at).to.deep.equal([0, 500, 2500, 4500, 8500, 13_500, 18_500, 23_500, 28_500]);
  });

  it('honours retry_after: the next poll waits that long', async () => {
    const el = await waiting('relay-url="/r" lang="en"', { ...PENDING, interval: 0 });
    relay.reply({ json: { status: 'pending', retry_after: 9 } }, { json: SEED_SCORES });
    await clock.advance(9_400);
    expect(polls()).to.have.length(1);
    await clock.advance(100);
    expect(polls()).to.have.length(2);
    expect(at).to.deep.equal([0, 500, 9_500]);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('result');
  });

  it('a final answer after pending is the usual outcome: result event, gauges, form value', async () => {
    const el = await waiting();
    relay.reply(STILL, { json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } });
    const result = nextEvent<{ attestation: string }>(el, 'idmobile-result');
    await clock.advance(3_000);
    expect((await result).detail.attestation).to.equal('att');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('result');
    expect(q(el, '[part="waiting"]')).to.equal(null);
    expect(el.result!.verdict).to.equal('verified');
  });

  it('an error answer while waiting is the usual error display', async () => {
    const el = await waiting();
    relay.reply({ json: { status: 'error', error_id: '21', error_type: 'access denied' } });
    await clock.advance(500);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('error');
    expect(shownErrorId(el)).to.equal('21');
  });

  it('expires_in passed: timeout, no poll after it; the retry is a new check (the subscriber is asked again)', async () => {
    const el = await waiting('relay-url="/r" lang="en"', { ...PENDING, expires_in: 10, interval: 0 });
    for (let i = 0; i < 10; i++) relay.reply(STILL);
    await clock.advance(9_999);
    expect(el.getAttribute('state')).to.equal('waiting');
    const count = relay.calls.length;
    await clock.advance(1);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('error');
    expect(shownErrorId(el)).to.equal('timeout');
    expect(at.every((t) => t < 10_000)).to.equal(true);
    await clock.advance(60_000);
    expect(relay.calls).to.have.length(count);
    relay.reply({ json: SEED_SCORES });
    q<HTMLButtonElement>(el, '[part="retry"]')!.click();
    await settle();
    expect(relay.calls.at(-1)!.url).to.equal('/r/match');
  });

  it('the relay’s own timeout (final, before expires_in on the widget’s clock): the retry is a new check', async () => {
    const el = await waiting('relay-url="/r" lang="en"', { ...PENDING, interval: 0 });
    relay.reply({ json: { status: 'error', error_id: 'timeout', error_type: 'the operator did not answer in time' } });
    await clock.advance(500);
    await el.updateComplete;
    expect(shownErrorId(el)).to.equal('timeout');
    relay.reply({ json: SEED_SCORES });
    q<HTMLButtonElement>(el, '[part="retry"]')!.click();
    await settle();
    expect(relay.calls.map((c) => c.url)).to.deep.equal(['/r/match', '/r/result', '/r/match']);
  });

  it('a network failure while time remains: the retry resumes waiting with the same token', async () => {
    const el = await waiting('relay-url="/r" lang="en"', { ...PENDING, interval: 0 });
    relay.reply({ network: true });
    await clock.advance(500);
    await el.updateComplete;
    expect(shownErrorId(el)).to.equal('network');
    relay.reply({ json: SEED_SCORES });
    q<HTMLButtonElement>(el, '[part="retry"]')!.click();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('waiting');
    await clock.advance(500);
    expect(polls().map((c) => c.body['token'])).to.deep.equal(['ciba.tok-1', 'ciba.tok-1']);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('result');
  });

  it('cancel stops polling (no request after it), back to idle, fires idmobile-reset {reason: cancelled}', async () => {
    const el = await waiting();
    for (let i = 0; i < 10; i++) relay.reply(STILL);
    await clock.advance(2_500); // two polls, then asleep
    const count = relay.calls.length;
    const reset = nextEvent<{ reason: string }>(el, 'idmobile-reset');
    q<HTMLButtonElement>(el, '[part="cancel"]')!.click();
    expect((await reset).detail).to.deep.equal({ reason: 'cancelled' });
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    expect(q(el, '[part="waiting"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(q(el, '[part="submit"]'));
    expect(clock.sleeping, 'no poll and no countdown left asleep').to.equal(0);
    await clock.advance(300_000);
    expect(relay.calls).to.have.length(count);
    expect(q(el, '[role="status"]')!.textContent.trim()).to.equal('');
  });

  it('cancel during a poll in flight aborts that request', async () => {
    const el = await waiting();
    relay.reply({ hang: true });
    await clock.advance(500);
    const inFlight = polls()[0]!;
    expect(inFlight.signal!.aborted).to.equal(false);
    q<HTMLButtonElement>(el, '[part="cancel"]')!.click();
    expect(inFlight.signal!.aborted).to.equal(true);
    await clock.advance(300_000);
    expect(polls()).to.have.length(1);
    expect(el.getAttribute('state')).to.equal('idle');
  });

  it('removing the element while waiting aborts the poll and stops the clock', async () => {
    const el = await waiting();
    relay.reply({ hang: true });
    await clock.advance(500);
    el.remove();
    expect(polls()[0]!.signal!.aborted).to.equal(true);
    await clock.advance(300_000);
    expect(polls()).to.have.length(1);
    expect(clock.sleeping).to.equal(0);
  });

  const changes: Array<[string, (el: IdmobileCheck) => Promise<void> | void]> = [
    ['the shopper edits the phone', (el) => fill(el, 'phone', '06 98 76 54 32')],
    ['the shopper edits a name', (el) => fill(el, 'family_name', 'Dupont')],
    ['the page sets another phone', (el) => void (el.phone = '+33698765432')],
    ['the page sets another identity', (el) => void (el.identity = { ...CAMILLE, given_name: 'Claire' })],
  ];
  for (const [name, change] of changes) {
    it(`${name} while waiting: polling stops, idle, idmobile-reset {reason: details-changed}`, async () => {
      const el = await waiting();
      for (let i = 0; i < 10; i++) relay.reply(STILL);
      await clock.advance(500);
      const count = relay.calls.length;
      const reasons: string[] = [];
      el.addEventListener('idmobile-reset', (e) => reasons.push(e.detail.reason));
      await change(el);
      await el.updateComplete;
      expect(reasons).to.deep.equal(['details-changed']);
      expect(el.getAttribute('state')).to.equal('idle');
      await clock.advance(300_000);
      expect(relay.calls).to.have.length(count);
    });
  }

  it('the page setting the same identity again (a fresh, equal object) changes nothing', async () => {
    const el = await waiting();
    el.identity = { ...el.identity };
    const phone = el.phone;
    el.phone = phone;
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('waiting');
  });

  it('a submit while waiting starts no other check and moves focus to cancel', async () => {
    const el = await waiting();
    (el.shadowRoot!.activeElement as HTMLElement).blur();
    el.submit();
    await el.updateComplete;
    expect(relay.calls.filter((c) => c.url === '/r/match')).to.have.length(1);
    expect(el.shadowRoot!.activeElement).to.equal(q(el, '[part="cancel"]'));
  });

  it('with submit-with-form, the page’s submission is held across the wait and resumed on verified', async () => {
    const form = document.createElement('form');
    form.innerHTML =
      '<idmobile-check relay-url="/r" lang="en" submit-with-form></idmobile-check><button>Place order</button>';
    document.body.append(form);
    const submitted: Array<FormDataEntryValue | null> = [];
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submitted.push(new FormData(form).get('idmobile'));
    });
    try {
      const el = form.querySelector('idmobile-check')!;
      el.environment = { clock };
      await el.updateComplete;
      await fillValid(el);
      relay.reply({ json: PENDING }, STILL, { json: { ...SEED_SCORES, verdict: 'verified', attestation: 'att' } });
      form.querySelector('button')!.click();
      await settle();
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('waiting');
      expect(submitted, 'held while the subscriber approves').to.deep.equal([]);
      await clock.advance(3_000);
      await el.updateComplete;
      await settle();
      expect(submitted).to.deep.equal(['att']);
    } finally {
      form.remove();
    }
  });

  const malformed: Array<[string, object]> = [
    ['no interval', { ...PENDING, interval: undefined }],
    ['no state', { ...PENDING, state: undefined }],
    ['no operator', { ...PENDING, operator: '' }],
    ['a token with a space', { ...PENDING, token: 'a b' }],
    ['expires_in 0', { ...PENDING, expires_in: 0 }],
    ['expires_in as a string', { ...PENDING, expires_in: '120' }],
    ['a negative interval', { ...PENDING, interval: -1 }],
    ['the /result shape', { status: 'pending' }],
    ['retry_after only', { status: 'pending', retry_after: 3 }],
  ];
  for (const [name, body] of malformed) {
    it(`a malformed pending answer (${name}) is bad_response: no waiting, no poll`, async () => {
      const c = captureConsole('error');
      try {
        const el = await waiting('relay-url="/r" lang="en"', JSON.parse(JSON.stringify(body)) as object);
        expect(el.getAttribute('state')).to.equal('error');
        expect(shownErrorId(el)).to.equal('bad_response');
        await clock.advance(10_000);
        expect(polls()).to.have.length(0);
      } finally {
        c.restore();
      }
    });
  }

  it('a malformed pending answer from /result while waiting is bad_response', async () => {
    const el = await waiting();
    relay.reply({ json: { status: 'pending', retry_after: 'soon' } });
    await clock.advance(500);
    await el.updateComplete;
    expect(shownErrorId(el)).to.equal('bad_response');
  });
});
