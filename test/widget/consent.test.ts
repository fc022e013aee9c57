import { expect, waitUntil } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { captureConsole, clickSubmit, fillValid, mount, nextEvent, q, waitState, shownErrorId } from './helpers.js';
import { SEED_SCORES, StubRelay } from './stub-relay.js';

let relay: StubRelay;
let navigations: string[];
beforeEach(() => {
  relay = new StubRelay().install();
  navigations = [];
});
afterEach(() => {
  relay.restore();
  sessionStorage.clear(); // no consent trip left for the next test
});

const consent = (url: unknown, operator = 'Orange') => ({ json: { status: 'success', operator, url } });
const stubNavigate = (el: IdmobileCheck) => (el.environment = { navigate: (u: string) => void navigations.push(u) });

async function submitFor(attrs: string) {
  const el = await mount(attrs, stubNavigate);
  await fillValid(el);
  await clickSubmit(el);
  return el;
}

describe('<idmobile-check> consent', () => {
  it('is accessible showing the operator notice', async () => {
    relay.reply(consent('https://op.example/consent?s=1'));
    const el = await submitFor('relay-url="/r"');
    await waitState(el, 'consent');
    await expect(el).to.be.accessible();
  });

  it('button mode: fires idmobile-consent, shows the notice, navigates only on continue', async () => {
    relay.reply(consent('https://op.example/consent?s=1'));
    const el = await mount('relay-url="/r" lang="en"', stubNavigate);
    await fillValid(el);
    const event = nextEvent<{ operator: string; url: string }>(el, 'idmobile-consent');
    await clickSubmit(el);
    const { detail } = await event;
    expect(detail).to.deep.equal({ operator: 'Orange', url: 'https://op.example/consent?s=1' });
    await waitState(el, 'consent');
    const notice = q(el, '[part="consent"]')!;
    expect(notice.dataset['operator']).to.equal('Orange');
    expect(notice.textContent).to.contain('Orange');
    expect(navigations).to.deep.equal([]);
    const cont = q<HTMLButtonElement>(el, '[part="continue"]')!;
    expect(el.shadowRoot!.activeElement).to.equal(cont);
    cont.click();
    expect(navigations).to.deep.equal(['https://op.example/consent?s=1']);
  });

  it('auto mode navigates at once', async () => {
    relay.reply(consent('https://op.example/c'));
    const el = await submitFor('relay-url="/r" consent="auto"');
    await waitState(el, 'consent');
    expect(navigations).to.deep.equal(['https://op.example/c']);
    expect(q(el, '[part="continue"]')).to.equal(null);
  });

  it('a cancelled idmobile-consent shows the notice but never navigates', async () => {
    relay.reply(consent('https://op.example/c'));
    const el = await mount('relay-url="/r" consent="auto"', stubNavigate);
    el.addEventListener('idmobile-consent', (e) => e.preventDefault());
    await fillValid(el);
    await clickSubmit(el);
    await waitState(el, 'consent');
    expect(q(el, '[part="consent"]')).to.not.equal(null);
    expect(q(el, '[part="continue"]')).to.equal(null);
    expect(navigations).to.deep.equal([]);
  });

  it('names the operator as text, never as HTML', async () => {
    relay.reply(consent('https://op.example/c', '<img src=x onerror=alert(1)>'));
    const el = await submitFor('relay-url="/r"');
    await waitState(el, 'consent');
    expect(q(el, '[part="consent"] img')).to.equal(null);
    expect(q(el, '[part="consent"]')!.textContent).to.contain('<img src=x onerror=alert(1)>');
  });

  it('allows http only to the local test mode', async () => {
    relay.reply(consent('http://localhost:5173/simulator/consent/abc'));
    const el = await submitFor('relay-url="/r" consent="auto"');
    await waitState(el, 'consent');
    expect(navigations).to.deep.equal(['http://localhost:5173/simulator/consent/abc']);
  });

  const unsafe: Array<[string, unknown, string?]> = [
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['http to a remote host', 'http://op.example/consent'],
    ['protocol-relative', '//evil.example/consent'],
    ['relative', '/consent'],
    ['credentials', 'https://user:pw@op.example/'],
    ['leading whitespace', ' https://op.example/'],
    ['outside operator-origins', 'https://evil.example/', 'https://op.example'],
    ['look-alike of an allowed origin', 'https://оp.example/', 'https://op.example'],
  ];
  for (const [name, url, origins] of unsafe) {
    it(`refuses ${name}: consent_url error, no notice, no navigation`, async () => {
      relay.reply(consent(url));
      const c = captureConsole('error');
      try {
        const el = await submitFor(`relay-url="/r" consent="auto"${origins ? ` operator-origins="${origins}"` : ''}`);
        const events: Event[] = [];
        el.addEventListener('idmobile-consent', (e) => events.push(e));
        await waitState(el, 'error');
        expect(shownErrorId(el)).to.equal('consent_url');
        expect(q(el, '[part="consent"]')).to.equal(null);
        expect(q(el, '[part="continue"]')).to.equal(null);
        expect(events).to.have.length(0);
        expect(navigations).to.deep.equal([]);
      } finally {
        c.restore();
      }
    });
  }

  it('operator-origins lets a listed origin through', async () => {
    relay.reply(consent('https://op.example:8443/c?x=1'));
    const el = await submitFor(
      'relay-url="/r" consent="auto" operator-origins="https://other.example https://op.example:8443"',
    );
    await waitState(el, 'consent');
    expect(navigations).to.deep.equal(['https://op.example:8443/c?x=1']);
  });
});

describe('<idmobile-check> return from consent', () => {
  const original = window.location.href;
  afterEach(() => history.replaceState(null, '', original));

  const visit = (query: string) => {
    const url = new URL(original);
    url.search = query;
    url.hash = '#pay';
    history.replaceState(null, '', url);
  };

  it('fetches /result with the token, polls while pending, shows gauges and cleans the address bar', async () => {
    visit('?cart=42&idmobile_return=1&token=sess-1&status=success');
    relay.reply({ json: { status: 'pending' } }, { json: { ...SEED_SCORES, attestation: 'a' } });
    const el = await mount(
      'relay-url="/relay/"',
      (e) => (e.environment = { poll: { firstDelayMs: 20, maxDelayMs: 50, deadlineMs: 2000 } }),
    );
    await waitState(el, 'result');
    expect(relay.calls.map((c) => [c.url, c.body])).to.deep.equal([
      ['/relay/result', { token: 'sess-1' }],
      ['/relay/result', { token: 'sess-1' }],
    ]);
    const now = new URL(window.location.href);
    expect(now.searchParams.get('cart')).to.equal('42');
    expect(now.searchParams.has('idmobile_return')).to.equal(false);
    expect(now.searchParams.has('token')).to.equal(false);
    expect(now.searchParams.has('status')).to.equal(false);
    expect(now.hash).to.equal('#pay');
    expect(el.result!.attestation).to.equal('a');
  });

  it('forwards the sealed state and the session to /result, and removes the state from the address bar', async () => {
    const state = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q+/=.dGFn';
    const token = 'tok/+=~!$*';
    visit(
      `?cart=42&idmobile_return=1&token=${encodeURIComponent(token)}&status=success&idmobile_state=${encodeURIComponent(state)}`,
    );
    relay.reply({ json: { ...SEED_SCORES, attestation: 'a' } });
    const el = await mount('relay-url="/r" session="sess.v1:ABC+/=_-~"');
    await waitState(el, 'result');
    expect(relay.calls.map((c) => c.body)).to.deep.equal([{ token, state, session: 'sess.v1:ABC+/=_-~' }]);
    expect(window.location.search).to.equal('?cart=42');
    expect(window.location.hash).to.equal('#pay');
  });

  it('a session set as a property is sent too; without state or session neither key is sent', async () => {
    visit('?idmobile_return=1&token=t1&status=success');
    relay.reply({ json: SEED_SCORES }, { json: SEED_SCORES });
    const el = await mount('relay-url="/r"', (e) => (e.session = 's-1'));
    await waitState(el, 'result');
    visit('?idmobile_return=1&token=t2&status=success');
    const bare = await mount('relay-url="/r"');
    await waitState(bare, 'result');
    expect(relay.calls.map((c) => c.body)).to.deep.equal([{ token: 't1', session: 's-1' }, { token: 't2' }]);
  });

  it('a malformed session is an integration error: nothing sent, a generic message, details in the console', async () => {
    visit('?idmobile_return=1&token=t1&status=success');
    const c = captureConsole('error');
    try {
      const el = await mount('relay-url="/r" session="has a space"');
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal('R400');
      expect(relay.calls).to.have.length(0);
      expect(c.lines.join('\n')).to.contain('session');
    } finally {
      c.restore();
    }
  });

  it('a repeated or malformed state is not guessed at: bad_response, nothing sent, address bar cleaned', async () => {
    visit('?idmobile_return=1&token=t1&status=success&idmobile_state=a&idmobile_state=b');
    const el = await mount('relay-url="/r"');
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('bad_response');
    expect(relay.calls).to.have.length(0);
    expect(window.location.search).to.equal('');
  });

  it('R409 (the consent result was already used): says to start again, no retry of the same token', async () => {
    visit('?idmobile_return=1&token=t1&status=success&idmobile_state=s');
    relay.reply({
      json: { status: 'error', error_id: 'R409', error_type: 'consent result already retrieved' },
      status: 409,
    });
    const el = await mount('relay-url="/r" lang="en"');
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('R409');
    expect(q(el, '[part="error"]')!.textContent).to.contain('start the verification again');
    expect(q(el, '[part="retry"]')).to.equal(null);
  });

  it('status=error shows consent_refused and calls nothing', async () => {
    visit('?idmobile_return=1&token=sess-2&status=error&idmobile_state=s');
    const el = await mount('relay-url="/r"');
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('consent_refused');
    expect(relay.calls).to.have.length(0);
    expect(window.location.search).to.equal('');
  });

  it('gives up with timeout when the result stays pending', async () => {
    visit('?idmobile_return=1&token=sess-3&status=success');
    for (let i = 0; i < 50; i++) relay.reply({ json: { status: 'pending' } });
    const el = await mount(
      'relay-url="/r"',
      (e) => (e.environment = { poll: { firstDelayMs: 10, maxDelayMs: 40, deadlineMs: 300 } }),
    );
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('timeout');
    expect(relay.calls.length).to.be.within(3, 20);
    // the delays grow: far fewer polls than a 10 ms loop would make
  });

  it('a retry after a failed /result asks again', async () => {
    visit('?idmobile_return=1&token=sess-4&status=success');
    relay.reply({ network: true }, { json: SEED_SCORES });
    const el = await mount('relay-url="/r"');
    await waitState(el, 'error');
    expect(shownErrorId(el)).to.equal('network');
    q<HTMLButtonElement>(el, '[part="retry"]')!.click();
    await waitState(el, 'result');
    expect(relay.calls.map((c) => c.body)).to.deep.equal([{ token: 'sess-4' }, { token: 'sess-4' }]);
  });

  it('does nothing special without idmobile_return', async () => {
    visit('?token=abc&status=success');
    let reads = 0;
    const replaced: string[] = [];
    const el = await mount('relay-url="/r"', (e) => {
      e.environment = {
        href: () => (reads++, window.location.href),
        replaceHref: (href) => void replaced.push(href),
      };
    });
    await waitUntil(() => reads > 0, 'the address was never read');
    await el.updateComplete;
    expect(replaced, 'the address bar is left alone').to.deep.equal([]);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(relay.calls).to.have.length(0);
    await waitUntil(() => new URL(window.location.href).searchParams.get('token') === 'abc');
  });
});
