/**
 * Hardening (issue 7): `checkConsentUrl` attacked with arbitrary strings and mutated URLs. It never throws, and
 * whatever it accepts is an absolute https URL (http only to the local test mode), without credentials, within
 * `operator-origins` when set, and exactly the normalised form of what was received.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { checkConsentUrl, checkWidgetConsentUrl, parseOriginList } from '../../src/protocol/consent-url.js';

const SEED = 7_0702;
const LOCAL = ['localhost', '127.0.0.1', '[::1]'];

/** What an accepted URL must be, checked independently of the implementation. */
function checkAccepted(raw: string, href: string, origins: readonly string[]): void {
  const url = new URL(href);
  expect(href, 'href is the normalised input').to.equal(new URL(raw).href);
  expect(
    url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL.includes(url.hostname)),
    `${href}: unsafe scheme/host`,
  ).to.equal(true);
  expect(url.username, 'no user').to.equal('');
  expect(url.password, 'no password').to.equal('');
  expect(/^https?:\/\//i.test(raw), 'explicit absolute http(s) URL').to.equal(true);
  expect(/[\s\p{Cc}\\]/u.test(raw), 'no whitespace, control character or backslash').to.equal(false);
  expect(raw.length).to.be.at.most(2048);
  if (origins.length) expect(origins).to.include(url.origin);
}

const controls = fc.constantFrom(
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\ufeff',
  '\u200b',
  '\u202e',
  '\u2028',
  '\\',
  '\f',
  '\v',
);
const schemes = fc.constantFrom(
  'https',
  'http',
  'javascript',
  'data',
  'vbscript',
  'file',
  'blob',
  'ftp',
  'wss',
  'HTTPS',
  'hTtPs',
  'JaVaScRiPt',
  '',
);
const hosts = fc.constantFrom(
  'op.example',
  'evil.example',
  'localhost',
  '127.0.0.1',
  '[::1]',
  'localhost.evil.example',
  'оp.example',
  'xn--p-jmb.example',
  '192.168.0.1',
  '0x7f.1',
  '2130706433',
  'op.example.evil.example',
  'op.example:8443',
  'user@op.example',
  'op.example@evil.example',
  'user:pw@localhost',
  '@op.example',
  '',
  'op%2eexample',
);
const separators = fc.constantFrom('://', ':', ':/', ':///', ':\\\\', '://\\', ':////', ': //');

/** URL-ish strings assembled from hostile pieces, so that most cases are near-misses. */
const assembled = fc
  .tuple(
    fc.option(controls, { nil: '' }),
    schemes,
    separators,
    fc.option(controls, { nil: '' }),
    hosts,
    fc.constantFrom('', '/', '/consent?s=1', '/a b', '/%0a', '#x', '?u=https://op.example'),
    fc.option(controls, { nil: '' }),
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const webUrls = fc.webUrl({
  validSchemes: ['https', 'http'],
  withQueryParameters: true,
  withFragments: true,
  authoritySettings: { withUserInfo: true, withPort: true, withIPv4: true, withIPv6: true },
});
const candidates = fc.oneof(
  assembled,
  anyText,
  webUrls,
  fc.tuple(controls, webUrls).map(([c, u]) => c + u),
  fc.tuple(webUrls, controls).map(([u, c]) => u + c),
);

describe('checkConsentUrl under hostile input (properties)', () => {
  it('never throws, and everything it accepts is safe (no operator-origins)', () => {
    fc.assert(
      fc.property(candidates, (raw) => {
        const r = checkConsentUrl(raw, []);
        if (r.ok) checkAccepted(raw, r.href, []);
        else expect(r.reason).to.be.a('string').and.not.equal('');
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('with operator-origins, an accepted URL is always within them', () => {
    const allowed = parseOriginList('https://op.example https://auth.op.example:8443 http://localhost:5173').origins;
    fc.assert(
      fc.property(candidates, (raw) => {
        const r = checkConsentUrl(raw, allowed);
        if (r.ok) checkAccepted(raw, r.href, allowed);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('the widget’s rule (checkWidgetConsentUrl) is checkConsentUrl without options, with or without origins', () => {
    const allowed = parseOriginList('https://op.example http://localhost:5173').origins;
    fc.assert(
      fc.property(candidates, fc.boolean(), (raw, withOrigins) => {
        const origins = withOrigins ? allowed : [];
        expect(checkWidgetConsentUrl(raw, origins), raw).to.deep.equal(checkConsentUrl(raw, origins));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('non-strings of every kind are refused', () => {
    fc.assert(
      fc.property(
        fc
          .anything({ withObjectString: true, withNullPrototype: true, withBoxedValues: true })
          .filter((v) => typeof v !== 'string'),
        (v) => {
          expect(checkConsentUrl(v, []).ok).to.equal(false);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('still accepts plain https URLs without credentials (the check is not vacuous)', () => {
    const plain = fc.webUrl({
      validSchemes: ['https'],
      withQueryParameters: true,
      withFragments: true,
      authoritySettings: { withUserInfo: false, withPort: true },
    });
    fc.assert(
      fc.property(plain, (raw) => {
        fc.pre(raw.length <= 2048 && !/[\s\\]/.test(raw));
        const r = checkConsentUrl(raw, []);
        expect(r.ok, raw).to.equal(true);
        if (r.ok) checkAccepted(raw, r.href, []);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('very long inputs are refused quickly', () => {
    for (const n of [2049, 10_000, 1_000_000]) {
      const raw = `https://op.example/${'a'.repeat(n)}`;
      const t = performance.now();
      expect(checkConsentUrl(raw, []).ok).to.equal(false);
      expect(performance.now() - t).to.be.below(50);
    }
  });
});
