import { expect } from '@open-wc/testing';
import { checkConsentUrl, parseOriginList } from '../../src/protocol/consent-url.js';

describe('checkConsentUrl without operator-origins', () => {
  const allowed: Array<[string, string]> = [
    ['https://op.example/path?x=1', 'https://op.example/path?x=1'],
    ['https://op.example', 'https://op.example/'],
    ['https://op.example:443/a#frag', 'https://op.example/a#frag'],
    ['https://op.example:8443/a', 'https://op.example:8443/a'],
    ['HTTPS://OP.Example/Path', 'https://op.example/Path'],
    ['https://xn--range-iye.fr/', 'https://xn--range-iye.fr/'],
    ['https://op.example/a?q=%20b', 'https://op.example/a?q=%20b'],
    ['http://localhost:5173/simulator/consent/abc', 'http://localhost:5173/simulator/consent/abc'],
    ['http://localhost/', 'http://localhost/'],
    ['http://127.0.0.1:8787/x', 'http://127.0.0.1:8787/x'],
    ['http://[::1]:3000/', 'http://[::1]:3000/'],
    ['https://127.0.0.1/', 'https://127.0.0.1/'],
  ];
  for (const [raw, href] of allowed) {
    it(`allows ${raw}`, () => expect(checkConsentUrl(raw, [])).to.deep.equal({ ok: true, href }));
  }

  const refused: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['an object', { href: 'https://op.example/' }],
    ['a URL object', new URL('https://op.example/')],
    ['an array', ['https://op.example/']],
    ['the empty string', ''],
    ['a relative path', '/consent/abc'],
    ['a relative file', 'consent.html'],
    ['a query-only URL', '?x=1'],
    ['a protocol-relative URL', '//evil.example/x'],
    ['a triple-slash URL', 'https:///evil.example/'],
    ['https without slashes', 'https:evil.example'],
    ['https with one slash', 'https:/evil.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['JaVaScRiPt:', 'JaVaScRiPt:alert(1)'],
    ['javascript: with a tab', 'java\tscript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['file:', 'file:///etc/passwd'],
    ['blob:', 'blob:https://op.example/0b5a1c8e-7f7c-4c3a-9a0e-2f1d1b2c3d4e'],
    ['ftp:', 'ftp://op.example/x'],
    ['ws:', 'wss://op.example/x'],
    ['a leading space', ' https://op.example/'],
    ['a trailing space', 'https://op.example/ '],
    ['a trailing newline', 'https://op.example/\n'],
    ['a leading no-break space', '\u00a0https://op.example/'],
    ['a BOM', '\ufeffhttps://op.example/'],
    ['a NUL inside', 'https://op.exa\u0000mple/'],
    ['a tab inside', 'https://op.example/a\tb'],
    ['a newline inside the scheme', 'ht\ntps://op.example/'],
    ['a C1 control', 'https://op.example/\u0085'],
    ['a DEL', 'https://op.example/\u007f'],
    ['a bidi override', 'https://op.example/\u202e'],
    ['a space inside', 'https://op.example/a b'],
    ['http to a public host', 'http://op.example/x'],
    ['http to a LAN address', 'http://192.168.1.10/x'],
    ['http to localhost.evil', 'http://localhost.evil.example/x'],
    ['http to a look-alike of localhost', 'http://localhost.:8080/'],
    ['a user', 'https://user@op.example/'],
    ['a user and password', 'https://user:pw@op.example/'],
    ['an empty userinfo', 'https://@op.example/'],
    ['a user on localhost', 'http://admin@localhost/'],
    ['an origin hidden in the userinfo', 'https://op.example@evil.example/'],
    ['backslashes', 'https:\\\\evil.example'],
    ['a backslash in the authority', 'https://op.example\\@evil.example/'],
    ['a backslash in the path', 'https://op.example/a\\b'],
    ['an invalid port', 'https://op.example:99999/'],
    ['an invalid host', 'https://op ex/'],
    ['a URL over 2048 characters', `https://op.example/${'a'.repeat(2048)}`],
  ];
  for (const [label, raw] of refused) {
    it(`refuses ${label}`, () => {
      const r = checkConsentUrl(raw, []);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.reason).to.be.a('string').and.not.equal('');
    });
  }

  it('accepts exactly 2048 characters', () => {
    const raw = `https://op.example/${'a'.repeat(2048 - 'https://op.example/'.length)}`;
    expect(raw.length).to.equal(2048);
    expect(checkConsentUrl(raw, []).ok).to.equal(true);
  });
});

describe('checkConsentUrl with operator-origins', () => {
  const origins = ['https://orange.fr', 'https://auth.sfr.fr:8443', 'http://localhost:5173'];
  const table: Array<[string, boolean]> = [
    ['https://orange.fr/consent?t=1', true],
    ['https://ORANGE.fr/consent', true],
    ['https://orange.fr:443/consent', true],
    ['https://auth.sfr.fr:8443/x', true],
    ['http://localhost:5173/simulator/consent/abc', true],
    ['https://оrange.fr/consent', false], // Cyrillic о
    ['https://xn--range-iye.fr/consent', false],
    ['https://orange.fr.evil.example/', false],
    ['https://evil.example/?https://orange.fr', false],
    ['https://evil.example/#https://orange.fr', false],
    ['https://www.orange.fr/', false],
    ['http://orange.fr/', false],
    ['https://orange.fr:8443/', false],
    ['https://auth.sfr.fr/x', false],
    ['http://localhost:8080/', false],
    ['http://127.0.0.1:5173/', false],
    ['https://orange.fr@evil.example/', false],
  ];
  for (const [raw, ok] of table) {
    it(`${ok ? 'allows' : 'refuses'} ${raw}`, () => expect(checkConsentUrl(raw, origins).ok).to.equal(ok));
  }

  it('compares against normalised allowed origins', () => {
    expect(checkConsentUrl('https://orange.fr/x', ['HTTPS://Orange.FR:443']).ok).to.equal(true);
    expect(checkConsentUrl('https://xn--range-iye.fr/x', ['https://оrange.fr']).ok).to.equal(true);
  });
  it('ignores unusable entries of the allowed list instead of allowing everything', () => {
    expect(checkConsentUrl('https://orange.fr/x', ['not an origin', 'https://orange.fr/']).ok).to.equal(false);
  });
});

describe('parseOriginList', () => {
  const table: Array<[string | null | undefined, string[], string[]]> = [
    [null, [], []],
    [undefined, [], []],
    ['', [], []],
    ['   ', [], []],
    ['https://orange.fr', ['https://orange.fr'], []],
    [
      '  https://orange.fr \n https://auth.sfr.fr:8443\thttp://localhost:5173 ',
      ['https://orange.fr', 'https://auth.sfr.fr:8443', 'http://localhost:5173'],
      [],
    ],
    ['HTTPS://Orange.FR:443', ['https://orange.fr'], []],
    ['https://оrange.fr', ['https://xn--range-iye.fr'], []],
    ['https://orange.fr https://orange.fr:443 https://ORANGE.fr', ['https://orange.fr'], []],
    ['http://[::1]:3000 http://127.0.0.1:8787', ['http://[::1]:3000', 'http://127.0.0.1:8787'], []],
    ['https://orange.fr/', [], ['https://orange.fr/']],
    ['https://orange.fr/consent', [], ['https://orange.fr/consent']],
    ['https://orange.fr?x', [], ['https://orange.fr?x']],
    ['https://orange.fr#x', [], ['https://orange.fr#x']],
    ['https://user@orange.fr', [], ['https://user@orange.fr']],
    ['orange.fr', [], ['orange.fr']],
    ['//orange.fr', [], ['//orange.fr']],
    ['http://orange.fr', [], ['http://orange.fr']],
    ['ftp://orange.fr', [], ['ftp://orange.fr']],
    ['javascript:alert(1)', [], ['javascript:alert(1)']],
    ['https://orange.fr:99999', [], ['https://orange.fr:99999']],
    ['https:\\\\orange.fr', [], ['https:\\\\orange.fr']],
    ['https://orange.fr, https://sfr.fr', ['https://orange.fr', 'https://sfr.fr'], []], // commas tolerated, as in field lists
  ];
  for (const [value, origins, invalid] of table) {
    it(`${JSON.stringify(value) as string | undefined} -> ${JSON.stringify(origins)} / invalid ${JSON.stringify(invalid)}`, () => {
      expect(parseOriginList(value)).to.deep.equal({ origins, invalid });
    });
  }
});
