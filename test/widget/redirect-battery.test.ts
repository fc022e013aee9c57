/**
 * Hardening (issue 7): the consent-redirect battery, in a real browser. The stubbed relay answers the consent
 * shape with each hostile URL; every one must end in the `consent_url` error: no notice, no continue control, no
 * `idmobile-consent` event, no call to `navigate` (the element's only navigation path) and an unchanged
 * `window.location.href`, in both consent modes. A few safe URLs are checked too, so the battery cannot pass
 * by refusing everything.
 *
 * Unit-level coverage of the same function is in test/protocol/consent-url.test.ts (and its property test);
 * test/widget/consent.test.ts checks nine of these cases through the element. This file is the full table.
 */
import { expect } from '@open-wc/testing';
import type { IdmobileCheck } from '../../src/widget/index.js';
import { captureConsole, clickSubmit, fillValid, mount, q, waitState, shownErrorId } from './helpers.js';
import { StubRelay } from './stub-relay.js';

const long = (n: number) => `https://op.example/${'a'.repeat(n - 'https://op.example/'.length)}`;

/** [label, url, operator-origins] */
const HOSTILE: Array<[string, string, string?]> = [
  // other schemes, any case, any disguise
  ['javascript:', 'javascript:alert(document.domain)'],
  ['JAVASCRIPT: upper case', 'JAVASCRIPT:alert(1)'],
  ['JaVaScRiPt: mixed case', 'JaVaScRiPt:alert(1)'],
  ['javascript: with a tab inside the scheme', 'java\tscript:alert(1)'],
  ['javascript: with a newline inside the scheme', 'java\nscript:alert(1)'],
  ['javascript: after a NUL', '\u0000javascript:alert(1)'],
  ['javascript: url-encoded', 'javascript:%61lert(1)'],
  ['javascript: that looks like https', 'javascript://https://op.example/%0aalert(1)'],
  ['data: html', 'data:text/html,<script>alert(1)</script>'],
  ['data: base64', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ['DATA: upper case', 'DATA:text/html,x'],
  ['vbscript:', 'vbscript:msgbox(1)'],
  ['VBScript: mixed case', 'VBScript:msgbox(1)'],
  ['file:', 'file:///etc/passwd'],
  ['blob:', 'blob:https://op.example/0b5a1c8e-7f7c-4c3a-9a0e-2f1d1b2c3d4e'],
  ['ftp:', 'ftp://op.example/x'],
  ['intent:', 'intent://op.example#Intent;scheme=https;end'],
  // plain http off the local host
  ['http to a public host', 'http://op.example/consent'],
  ['HTTP upper case to a public host', 'HTTP://OP.EXAMPLE/consent'],
  ['http to a LAN address', 'http://192.168.1.10/consent'],
  ['http to a localhost look-alike', 'http://localhost.evil.example/'],
  ['http to localhost with a trailing dot', 'http://localhost.:5173/'],
  ['http to 0.0.0.0', 'http://0.0.0.0/'],
  // protocol-relative, relative, repaired by the parser
  ['protocol-relative', '//evil.example/consent'],
  ['protocol-relative with a backslash', '/\\evil.example/consent'],
  ['backslashes', '\\\\evil.example\\consent'],
  ['https with backslashes', 'https:\\\\evil.example'],
  ['https: without slashes', 'https:evil.example'],
  ['https: with one slash', 'https:/evil.example'],
  ['https: with three slashes', 'https:///evil.example/'],
  ['relative path', '/consent/abc'],
  ['relative file', 'consent.html'],
  ['dot-dot relative', '../../logout'],
  ['query only', '?next=https://evil.example'],
  ['fragment only', '#x'],
  // credentials
  ['a user', 'https://user@evil.example/'],
  ['a user and password', 'https://user:pw@op.example/'],
  ['an empty userinfo', 'https://@op.example/'],
  ['an allowed origin hidden in the userinfo', 'https://op.example@evil.example/'],
  ['an encoded @', 'https://op.example%40evil.example/'],
  ['credentials on localhost', 'http://admin:admin@localhost:5173/'],
  // whitespace and control characters before, inside or after
  ['a leading space', ' https://op.example/'],
  ['a leading tab', '\thttps://op.example/'],
  ['a leading newline', '\nhttps://op.example/'],
  ['a leading NUL', '\u0000https://op.example/'],
  ['a leading C0 control', '\u001fhttps://op.example/'],
  ['a leading no-break space', '\u00a0https://op.example/'],
  ['a leading BOM', '\ufeffhttps://op.example/'],
  ['a leading zero-width space', '\u200bhttps://op.example/'],
  ['a control inside the scheme', 'ht\u0000tps://op.example/'],
  ['a newline inside the host', 'https://op.exa\nmple/'],
  ['a trailing newline', 'https://op.example/\n'],
  ['a bidi override', 'https://op.example/\u202eelpmaxe.live'],
  ['a line separator', 'https://op.example/\u2028'],
  // look-alikes of an allowed origin
  ['a Cyrillic о in the host', 'https://оp.example/consent', 'https://op.example'],
  ['the punycode of that look-alike', 'https://xn--p-jmb.example/consent', 'https://op.example'],
  ['a Greek ο in the host', 'https://οp.example/consent', 'https://op.example'],
  ['a digit 1 for l', 'https://op.examp1e/consent', 'https://op.example'],
  ['the allowed host as a subdomain', 'https://op.example.evil.example/', 'https://op.example'],
  ['a sibling subdomain', 'https://www.op.example/', 'https://op.example'],
  ['another port of the allowed host', 'https://op.example:8443/', 'https://op.example'],
  ['http of the allowed host', 'http://op.example/', 'https://op.example'],
  ['the allowed origin in the query', 'https://evil.example/?https://op.example', 'https://op.example'],
  ['the allowed origin in the fragment', 'https://evil.example/#https://op.example', 'https://op.example'],
  // size
  ['a URL of 2049 characters', long(2049)],
  ['a URL of 20 000 characters', long(20_000)],
];

const SAFE: Array<[string, string, string?]> = [
  ['plain https', 'https://op.example/consent?s=1'],
  ['HTTPS upper case', 'HTTPS://OP.EXAMPLE/consent'],
  ['http to the local test mode', 'http://localhost:5173/simulator/consent/abc'],
  ['a listed origin', 'https://op.example/consent', 'https://op.example'],
  ['a URL of exactly 2048 characters', long(2048)],
  // the parser reads these as the loopback address itself, and the widget navigates to the normalised form
  ['loopback written as a decimal (normalised to 127.0.0.1)', 'http://2130706433/'],
  ['loopback written short (normalised to 127.0.0.1)', 'http://127.1/'],
];

let relay: StubRelay;
let navigations: string[];
let consentEvents: Event[];
const startHref = window.location.href;

beforeEach(() => {
  relay = new StubRelay().install();
  navigations = [];
  consentEvents = [];
});
afterEach(() => relay.restore());

async function run(
  mode: 'auto' | 'button',
  url: string,
  origins: string | undefined,
  expected: 'error' | 'consent',
): Promise<IdmobileCheck> {
  relay.reply({ json: { status: 'success', operator: 'Orange', url } });
  const el = await mount(`relay-url="/r" consent="${mode}"${origins ? ` operator-origins="${origins}"` : ''}`, (e) => {
    e.environment = { navigate: (u: string) => void navigations.push(u) };
    e.addEventListener('idmobile-consent', (ev) => consentEvents.push(ev));
  });
  await fillValid(el);
  await clickSubmit(el);
  await waitState(el, expected);
  return el;
}

describe('consent redirect battery (real browser)', () => {
  it('is accessible showing the refusal of a hostile consent URL', async () => {
    const c = captureConsole('error');
    try {
      const el = await run('button', 'javascript:alert(1)', undefined, 'error');
      await expect(el).to.be.accessible();
    } finally {
      c.restore();
    }
  });

  for (const mode of ['auto', 'button'] as const) {
    for (const [label, url, origins] of HOSTILE) {
      it(`${mode}: refuses ${label}`, async () => {
        const c = captureConsole('error');
        try {
          const el = await run(mode, url, origins, 'error');
          expect(shownErrorId(el)).to.equal('consent_url');
          expect(q(el, '[part="consent"]')).to.equal(null);
          expect(q(el, '[part="continue"]')).to.equal(null);
          expect(q(el, 'a[href]')).to.equal(null);
          expect(q(el, '[part="retry"]'), 'not retryable').to.equal(null);
          expect(consentEvents).to.have.length(0);
          expect(navigations).to.deep.equal([]);
          expect(window.location.href).to.equal(startHref);
          expect(c.lines.some((l) => l.includes('consent URL refused'))).to.equal(true);
          // the page never receives the hostile URL in any event either
          expect(el.result).to.equal(null);
        } finally {
          c.restore();
        }
      });
    }
  }

  for (const [label, url, origins] of SAFE) {
    it(`auto: allows ${label} (control)`, async () => {
      const el = await run('auto', url, origins, 'consent');
      expect(el.getAttribute('state')).to.equal('consent');
      expect(navigations).to.deep.equal([new URL(url).href]);
      expect(consentEvents).to.have.length(1);
    });
  }

  it('non-string, empty and oversized urls are bad answers: no navigation either', async () => {
    for (const url of [null, 42, { href: 'https://op.example/' }, ['https://op.example/'], '', long(100_000)]) {
      relay.reply({ json: { status: 'success', operator: 'Orange', url } });
      const el = await mount(
        'relay-url="/r" consent="auto"',
        (e) => (e.environment = { navigate: (u: string) => void navigations.push(u) }),
      );
      await fillValid(el);
      await clickSubmit(el);
      await waitState(el, 'error');
      expect(shownErrorId(el)).to.equal('bad_response');
      expect(navigations).to.deep.equal([]);
      el.remove();
    }
    expect(window.location.href).to.equal(startHref);
  });
});
