/**
 * Hardening (issue 7): fault injection through a real HTTP relay in the browser. The element's own `fetch` goes
 * over the network to a misbehaving relay (test/widget/fault-relay.mjs, mounted as Web Test Runner middleware):
 * relay down, 500 with HTML, truncated body, cut JSON, a body that never ends, an answer slower than the
 * `timeout`, a 429. Each must end in the right error, never stay in `submitting`, leave the form usable, and a
 * retry (once the fault is switched off) must reach `result`.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { fillValid, mount, q, waitState, shownErrorId } from './helpers.js';

type Fault = { kind: string; id: string; note: string };
const FAULTS: Fault[] = [
  { kind: 'down', id: 'network', note: 'relay down (connection refused)' },
  { kind: 'html500', id: 'bad_response', note: '500 with an HTML body' },
  { kind: 'truncated', id: 'network', note: 'connection destroyed mid-body (content-length lies)' },
  { kind: 'cutjson', id: 'bad_response', note: 'complete response, truncated JSON' },
  { kind: 'endless', id: 'timeout', note: 'headers, then a body that never ends' },
  { kind: 'slow', id: 'timeout', note: 'an answer slower than the timeout' },
  { kind: 'r429', id: 'R429', note: '429 with the relay error shape' },
];

const TIMEOUT_MS = 300;
let n = 0;

async function relayUrlFor(kind: string, session: string): Promise<string> {
  if (kind !== 'down') return `/fault/${kind}/${session}`;
  const { port } = (await (await fetch('/fault/down/port')).json()) as { port: number };
  return `http://127.0.0.1:${port}/api`;
}
const control = (kind: string, session: string, action: 'heal' | 'break') =>
  fetch(`/fault/${kind}/${session}/${action}`, { method: 'POST' });

function expectUsable(el: IdmobileCheck): void {
  expect(el.getAttribute('state')).to.not.equal('submitting');
  expect(q(el, 'form')!.getAttribute('aria-busy')).to.equal('false');
  expect(q<HTMLButtonElement>(el, 'button[part="submit"]')!.disabled).to.equal(false);
}

describe('<idmobile-check> against a misbehaving relay over real HTTP', () => {
  it('is accessible showing a retryable error from a real relay', async () => {
    const el = await mount(`relay-url="/fault/html500/a11y${Date.now()}" timeout="${TIMEOUT_MS}" lang="en"`);
    await fillValid(el);
    el.submit();
    await waitState(el, 'error');
    await expect(el).to.be.accessible();
  });

  it('the healthy stand-in answers scores (control)', async () => {
    const el = await mount(`relay-url="/fault/none/ctl" timeout="${TIMEOUT_MS}"`);
    await fillValid(el);
    el.submit();
    await waitState(el, 'result');
    expect(el.result!.attestation).to.equal('fault.relay.attestation');
  });

  for (const fault of FAULTS) {
    it(`${fault.note}: ${fault.id}, usable, retry reaches result`, async () => {
      const session = `s${Date.now()}-${n++}`;
      if (fault.kind === 'down') await control('down', session, 'break');
      const el = await mount(`relay-url="${await relayUrlFor(fault.kind, session)}" timeout="${TIMEOUT_MS}" lang="en"`);
      const errors: string[] = [];
      el.addEventListener('idmobile-error', (e) => errors.push((e as CustomEvent<{ id: string }>).detail.id));
      await fillValid(el);
      const started = performance.now();
      el.submit();
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('submitting');
      await waitState(el, 'error');
      const elapsed = performance.now() - started;
      expect(shownErrorId(el)).to.equal(fault.id);
      expect(errors).to.deep.equal([fault.id]);
      // the timeout is honoured: never much beyond it, whatever the relay does
      expect(elapsed, 'ms to the error').to.be.below(TIMEOUT_MS + 1500);
      expectUsable(el);
      const retry = q<HTMLButtonElement>(el, '[part="retry"]');
      expect(retry, 'retryable').to.not.equal(null);

      // the fault goes away: retry works
      await control(fault.kind, session, 'heal');
      retry!.click();
      await waitState(el, 'result');
      expect(el.result!.verdict).to.equal('verified');
      expectUsable(el);

      // and a fresh submit after that works too
      el.submit();
      await waitState(el, 'result');
      if (fault.kind === 'down') await control('down', session, 'break');
    });
  }

  it('a second submit during an endless answer sends nothing more and the state still ends', async () => {
    const el = await mount(`relay-url="/fault/endless/dup${Date.now()}" timeout="${TIMEOUT_MS}"`);
    await fillValid(el);
    el.submit();
    el.submit();
    q<HTMLButtonElement>(el, 'button[part="submit"]')!.click();
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('timeout');
    expectUsable(el);
  });

  it('reset during an endless answer goes back to idle and stays there', async () => {
    const el = await mount(`relay-url="/fault/endless/rst${Date.now()}" timeout="${TIMEOUT_MS}"`);
    await fillValid(el);
    el.submit();
    await el.updateComplete;
    el.reset();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    // a control started after the reset, against the same endless answer, times out: so would have the first
    const control = await mount(`relay-url="/fault/endless/rst-control${Date.now()}" timeout="${TIMEOUT_MS}"`);
    await fillValid(control);
    control.submit();
    await waitState(control, 'error');
    expect(shownErrorId(control)).to.equal('timeout');
    expect(el.getAttribute('state')).to.equal('idle');
    expectUsable(el);
  });
});
