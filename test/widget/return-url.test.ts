import { expect } from '@open-wc/testing';
import { LIMITS } from '../../src/protocol/limits.js';
import { buildReturnUrl, readReturnParams, stripReturnParams, type ReturnParams } from '../../src/widget/return-url.js';

describe('buildReturnUrl', () => {
  const table: Array<[string, string]> = [
    ['https://shop.example/checkout', 'https://shop.example/checkout?idmobile_return=1'],
    ['https://shop.example/checkout?', 'https://shop.example/checkout?idmobile_return=1'],
    ['https://shop.example/checkout#pay', 'https://shop.example/checkout?idmobile_return=1'],
    ['https://shop.example/checkout#', 'https://shop.example/checkout?idmobile_return=1'],
    ['https://shop.example/checkout?step=2', 'https://shop.example/checkout?step=2&idmobile_return=1'],
    [
      'https://shop.example/checkout?step=2&cart=a1#pay',
      'https://shop.example/checkout?step=2&cart=a1&idmobile_return=1',
    ],
    ['https://shop.example/c?idmobile_return=1', 'https://shop.example/c?idmobile_return=1'],
    [
      'https://shop.example/c?idmobile_return=1&token=abc&status=success&step=2',
      'https://shop.example/c?step=2&idmobile_return=1',
    ],
    [
      'https://shop.example/c?token=a&token=b&status=error&status=success&x=1',
      'https://shop.example/c?x=1&idmobile_return=1',
    ],
    [
      'https://shop.example/c?idmobile_return=1&token=t&idmobile_state=eyJ.a.b&x=1',
      'https://shop.example/c?x=1&idmobile_return=1',
    ],
    ['https://shop.example/c?idmobile%5Fstate=s&x=1', 'https://shop.example/c?x=1&idmobile_return=1'],
    ['https://shop.example/c?idmobile_error=R409&x=1', 'https://shop.example/c?x=1&idmobile_return=1'],
    ['https://shop.example/c?idmobile_return=0&idmobile_return', 'https://shop.example/c?idmobile_return=1'],
    ['https://shop.example/c?tok%65n=abc&st%61tus=error&x=1', 'https://shop.example/c?x=1&idmobile_return=1'],
    ['https://shop.example/c?Token=abc&STATUS=x', 'https://shop.example/c?Token=abc&STATUS=x&idmobile_return=1'],
    [
      'https://shop.example/c?tokens=1&my_token=2&status_x=3',
      'https://shop.example/c?tokens=1&my_token=2&status_x=3&idmobile_return=1',
    ],
    [
      'https://shop.example/c?q=a%20b&r=c+d&flag&e=%zz',
      'https://shop.example/c?q=a%20b&r=c+d&flag&e=%zz&idmobile_return=1',
    ],
    ['https://shop.example/c?a=1&&b=2&', 'https://shop.example/c?a=1&b=2&idmobile_return=1'],
    ['https://shop.example/c??x=1', 'https://shop.example/c??x=1&idmobile_return=1'],
    ['https://shop.example/c?next=%2Fa%3Ftoken%3D1', 'https://shop.example/c?next=%2Fa%3Ftoken%3D1&idmobile_return=1'],
    ['https://shop.example/c?q=café', 'https://shop.example/c?q=caf%C3%A9&idmobile_return=1'],
    ['http://localhost:5173/?x=1', 'http://localhost:5173/?x=1&idmobile_return=1'],
    ['https://shop.example/#/checkout?token=1', 'https://shop.example/?idmobile_return=1'],
    ['not a url', ''],
    ['/relative/path', ''],
    ['', ''],
  ];
  for (const [page, expected] of table) {
    it(`${JSON.stringify(page)} -> ${JSON.stringify(expected)}`, () => expect(buildReturnUrl(page)).to.equal(expected));
  }
  it('is idempotent', () => {
    for (const [page, expected] of table) if (expected) expect(buildReturnUrl(expected)).to.equal(expected, page);
  });
});

describe('readReturnParams', () => {
  const base = 'https://shop.example/checkout';
  const long = 'a'.repeat(512);
  const table: Array<[string, ReturnParams | null]> = [
    [base, null],
    [`${base}?step=2`, null],
    [`${base}?token=abc&status=success`, null],
    [`${base}?idmobile_return=0&token=abc`, null],
    [`${base}?idmobile_return=true&token=abc`, null],
    [`${base}?idmobile_return&token=abc`, null],
    [`${base}#idmobile_return=1&token=abc`, null],
    [`${base}?idmobile_return=1&token=abc&status=success`, { kind: 'token', token: 'abc' }],
    [`${base}?idmobile_return=1&token=abc`, { kind: 'token', token: 'abc' }],
    [`${base}?step=2&idmobile_return=1&token=A-b_c.d~9&status=success#pay`, { kind: 'token', token: 'A-b_c.d~9' }],
    [`${base}?idmobile_return=1&tok%65n=abc`, { kind: 'token', token: 'abc' }],
    [`${base}?idmobile_return=1&token=ab%2Dc`, { kind: 'token', token: 'ab-c' }],
    [`${base}?idmobile_return=1&token=${long}`, { kind: 'token', token: long }],
    [`${base}?idmobile_return=1&idmobile_return=1&token=abc`, { kind: 'token', token: 'abc' }],
    [`${base}?idmobile_return=1&status=error`, { kind: 'refused' }],
    [`${base}?idmobile_return=1&token=abc&status=error`, { kind: 'refused' }],
    [`${base}?idmobile_return=1&status=success&status=error`, { kind: 'refused' }],
    [`${base}?idmobile_return=1`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&status=success`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&status=ERROR`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=${long}a`, { kind: 'invalid' }],
    // opaque printable ASCII: any of it, not just letters and digits
    [`${base}?idmobile_return=1&token=a/b`, { kind: 'token', token: 'a/b' }],
    [`${base}?idmobile_return=1&token=a%2Bb%3D%3D`, { kind: 'token', token: 'a+b==' }],
    [
      `${base}?idmobile_return=1&token=%21%24%28%29*%2C%3B%3A%40%5B%5D%7B%7D`,
      { kind: 'token', token: '!$()*,;:@[]{}' },
    ],
    [`${base}?idmobile_return=1&token=%3Cscript%3E`, { kind: 'token', token: '<script>' }],
    [`${base}?idmobile_return=1&token=%7E%60%22%27%5C%7C%5E`, { kind: 'token', token: '~`"\'\\|^' }],
    // the relay's sealed state, forwarded
    [
      `${base}?idmobile_return=1&token=abc&status=success&idmobile_state=eyJhbGciOiJkaXIifQ..iv.ct.tag`,
      { kind: 'token', token: 'abc', state: 'eyJhbGciOiJkaXIifQ..iv.ct.tag' },
    ],
    [`${base}?idmobile_return=1&idmobile%5Fstate=s%2B1&token=abc`, { kind: 'token', token: 'abc', state: 's+1' }],
    [
      `${base}?idmobile_return=1&token=abc&idmobile_state=${'s'.repeat(LIMITS.state)}`,
      { kind: 'token', token: 'abc', state: 's'.repeat(LIMITS.state) },
    ],
    [`${base}?idmobile_return=1&token=abc&idmobile_state=${'s'.repeat(LIMITS.state + 1)}`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=abc&idmobile_state=`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=abc&idmobile_state=a%20b`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=abc&idmobile_state=a&idmobile_state=a`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&idmobile_state=s&status=error`, { kind: 'refused' }],
    // (v3) the relay's error after the authorization-code callback ("v3 precisions" 2)
    [`${base}?idmobile_return=1&status=error&idmobile_error=R409&idmobile_state=s`, { kind: 'error', id: 'R409' }],
    [`${base}?idmobile_return=1&status=error&idmobile_error=R400`, { kind: 'error', id: 'R400' }],
    [`${base}?idmobile_return=1&status=error&idmobile_error=line_mismatch`, { kind: 'error', id: 'line_mismatch' }],
    [`${base}?idmobile_return=1&status=error&idmobile_error=7`, { kind: 'error', id: '07' }],
    [`${base}?idmobile_return=1&idmobile%5Ferror=R409&status=error`, { kind: 'error', id: 'R409' }],
    [`${base}?idmobile_return=1&status=error&idmobile_error=`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&status=error&idmobile_error=%3Cb%3E`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&status=error&idmobile_error=${'R'.repeat(33)}`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&status=error&idmobile_error=R409&idmobile_error=R409`, { kind: 'invalid' }],
    // only with status=error: a success keeps its token
    [`${base}?idmobile_return=1&token=abc&status=success&idmobile_error=R409`, { kind: 'token', token: 'abc' }],
    // spaces, controls and non-ASCII are not tokens
    [`${base}?idmobile_return=1&token=a%20b`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=a+b`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=abc%0A`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=abc%7F`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=a%09b`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=caf%C3%A9`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=abc&token=def`, { kind: 'invalid' }],
    [`${base}?idmobile_return=1&token=abc&token=abc`, { kind: 'invalid' }],
    ['not a url', null],
    ['', null],
  ];
  for (const [page, expected] of table) {
    it(`${JSON.stringify(page.length > 100 ? `${page.slice(0, 80)}…` : page)} -> ${JSON.stringify(expected)}`, () => {
      expect(readReturnParams(page)).to.deep.equal(expected);
    });
  }
});

describe('stripReturnParams', () => {
  const table: Array<[string, string]> = [
    ['https://shop.example/checkout', 'https://shop.example/checkout'],
    ['https://shop.example/checkout?idmobile_return=1', 'https://shop.example/checkout'],
    ['https://shop.example/checkout?idmobile_return=1&token=abc&status=success', 'https://shop.example/checkout'],
    [
      'https://shop.example/checkout?step=2&idmobile_return=1&token=abc&status=success#pay',
      'https://shop.example/checkout?step=2#pay',
    ],
    [
      'https://shop.example/checkout?idmobile_return=1&step=2&status=error&cart=a1',
      'https://shop.example/checkout?step=2&cart=a1',
    ],
    [
      'https://shop.example/c?token=a&token=b&status=x&status=y&idmobile_return=1&idmobile_return=2',
      'https://shop.example/c',
    ],
    ['https://shop.example/c?tok%65n=a&x=1', 'https://shop.example/c?x=1'],
    ['https://shop.example/c?q=a%20b&r=c+d&flag&idmobile_return=1', 'https://shop.example/c?q=a%20b&r=c+d&flag'],
    ['https://shop.example/c?x=1#token=abc', 'https://shop.example/c?x=1#token=abc'],
    ['https://shop.example/c?idmobile_return=1#', 'https://shop.example/c#'],
    ['http://localhost:5173/demo/?idmobile_return=1&token=t1&status=success', 'http://localhost:5173/demo/'],
    [
      'https://shop.example/c?order=7&idmobile_return=1&token=t&status=success&idmobile_state=x.y.z#pay',
      'https://shop.example/c?order=7#pay',
    ],
    ['https://shop.example/c?idmobile_state=a&idmobile_state=b&keep=1', 'https://shop.example/c?keep=1'],
    [
      'https://shop.example/c?order=7&idmobile_return=1&status=error&idmobile_error=R409&idmobile_state=x#pay',
      'https://shop.example/c?order=7#pay',
    ],
    ['https://shop.example/c?idmobile%5Ferror=R400&idmobile_error=R409&keep=1', 'https://shop.example/c?keep=1'],
    ['not a url', 'not a url'],
  ];
  for (const [page, expected] of table) {
    it(`${JSON.stringify(page)} -> ${JSON.stringify(expected)}`, () =>
      expect(stripReturnParams(page)).to.equal(expected));
  }
});

describe('round trip', () => {
  it('a page that builds a return URL, comes back with a token and strips it is the page without its hash', () => {
    const page = 'https://shop.example/checkout?step=2&cart=a1#pay';
    // the relay adds its sealed state, the operator its token and status
    const back = `${buildReturnUrl(page)}&idmobile_state=sealed.st&token=t0k%2Fn&status=success`;
    expect(readReturnParams(back)).to.deep.equal({ kind: 'token', token: 't0k/n', state: 'sealed.st' });
    expect(stripReturnParams(back)).to.equal('https://shop.example/checkout?step=2&cart=a1');
  });
});
