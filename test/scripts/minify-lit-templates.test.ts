/**
 * The build minifies the markup and styles inside Lit's templates (scripts/minify-lit-templates.mjs, size
 * budget). These tests take every `html` and `css` template of the widget's sources, minify it, and check in the
 * browser that nothing a shopper could see changes: the parsed DOM is the same (attributes exact, text with
 * whitespace collapsed as rendering does) and the parsed style sheet serialises to the same rules.
 */
import { expect } from '@open-wc/testing';
import { minifyCssText, minifyHtmlText, minifyLitTemplates } from '../../scripts/minify-lit-templates.mjs';

const SOURCES = [
  'idmobile-check.ts',
  'outcome-templates.ts',
  'form-templates.ts',
  'idmobile-gauge.ts',
  'idmobile-check.styles.ts',
];

interface Template {
  tag: 'html' | 'svg' | 'css';
  quasis: string[];
}

/** Finds the tagged templates of a (transpiled) module: a small scanner for strings, comments and `${…}`. */
function findTemplates(code: string): Template[] {
  const found: Template[] = [];
  let i = 0;
  // Reads a template literal starting after its backtick; returns its quasis and scans its expressions.
  const readTemplate = (): string[] => {
    const quasis: string[] = [];
    let start = i;
    while (i < code.length) {
      const c = code[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        quasis.push(code.slice(start, i));
        i++;
        return quasis;
      } else if (c === '$' && code[i + 1] === '{') {
        quasis.push(code.slice(start, i));
        i += 2;
        scan('}');
        start = i;
      } else i++;
    }
    throw new Error('unterminated template');
  };
  // Scans code until the closing character at depth 0 (or the end), collecting tagged templates.
  const scan = (close?: string): void => {
    let depth = 0;
    while (i < code.length) {
      const c = code[i]!;
      if (c === '"' || c === "'") {
        i++;
        while (i < code.length && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
        i++;
      } else if (c === '/' && code[i + 1] === '/') i = code.indexOf('\n', i) < 0 ? code.length : code.indexOf('\n', i);
      else if (c === '/' && code[i + 1] === '*') i = code.indexOf('*/', i) + 2;
      else if (c === '`') {
        const tag = /\b(html|svg|css)\s*$/.exec(code.slice(Math.max(0, i - 8), i))?.[1] as Template['tag'] | undefined;
        i++;
        const quasis = readTemplate();
        if (tag) found.push({ tag, quasis });
      } else if (c === '{') {
        depth++;
        i++;
      } else if (c === '}') {
        if (depth === 0 && close === '}') {
          i++;
          return;
        }
        depth--;
        i++;
      } else i++;
    }
  };
  scan();
  return found;
}

/** The DOM as rendering sees it: tags, exact attributes, text with whitespace runs collapsed. */
function rendered(quasis: string[]): string {
  const template = document.createElement('template');
  template.innerHTML = quasis.map((q, n) => (n === 0 ? q : `__v${n}__${q}`)).join('');
  const walk = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return JSON.stringify(node.textContent!.replace(/\s+/g, ' '));
    if (node.nodeType === Node.COMMENT_NODE) return `<!--${(node as Comment).data}-->`;
    const children = [...node.childNodes].map(walk).join('');
    if (!(node instanceof Element)) return children;
    const attributes = [...node.attributes].map((a) => `${a.name}=${JSON.stringify(a.value)}`).join(' ');
    return `<${node.localName} ${attributes}>${children}</${node.localName}>`;
  };
  return walk(template.content);
}

/**
 * The style sheet's rules as CSSOM serializes them. A value with `var()` is serialized as written: whitespace
 * next to a comma and a number's leading `0` (`0.5`, `.5`) are normalized here, since they make no token of
 * their own, so the same tokens compare equal.
 */
function cssRules(quasis: string[]): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(quasis.join('0'));
  return [...sheet.cssRules].map((r) => r.cssText.replace(/\s*,\s*/g, ', ').replace(/(^|[^\w.#-])0\.(\d)/g, '$1.$2'));
}

describe('minified Lit templates render the same', () => {
  let templates: Array<Template & { file: string }> = [];
  before(async () => {
    for (const file of SOURCES) {
      const code = await (await fetch(new URL(`../../src/widget/${file}`, import.meta.url))).text();
      templates = templates.concat(findTemplates(code).map((t) => ({ ...t, file })));
    }
  });

  it('finds the templates of the widget', () => {
    expect(templates.filter((t) => t.tag === 'html').length).to.be.greaterThan(10);
    expect(templates.filter((t) => t.tag === 'css').length).to.be.greaterThanOrEqual(2);
  });

  it('html: same DOM, fewer bytes, same number of lines', () => {
    let before = 0;
    let after = 0;
    for (const t of templates.filter((x) => x.tag !== 'css')) {
      const min = t.quasis.map(minifyHtmlText);
      expect(rendered(min), `${t.file}: ${t.quasis.join('${}').slice(0, 80)}`).to.equal(rendered(t.quasis));
      expect(min.join('').split('\n').length).to.equal(t.quasis.join('').split('\n').length);
      before += t.quasis.join('').length;
      after += min.join('').length;
    }
    expect(after).to.be.lessThan(before);
  });

  it('css: same rules, fewer bytes, same number of lines', () => {
    for (const t of templates.filter((x) => x.tag === 'css')) {
      const min = t.quasis.map(minifyCssText);
      const rules = cssRules(t.quasis);
      expect(rules.length, t.file).to.be.greaterThan(0);
      expect(cssRules(min), t.file).to.deep.equal(rules);
      expect(min.join('').split('\n').length).to.equal(t.quasis.join('').split('\n').length);
      expect(min.join('').length).to.be.lessThan(t.quasis.join('').length);
    }
  });

  it('css: keeps what is significant', () => {
    expect(minifyCssText('a :hover , b > c { content: ": ; {" ; margin: 0 auto; }')).to.equal(
      'a :hover,b>c{content:": ; {";margin:0 auto}',
    );
    expect(minifyCssText('a/* x */b { x: url( a b.png ) }')).to.equal('a b{x:url( a b.png )}');
    expect(minifyCssText('@container (min-width: 32rem) {\n  .g { x: calc(1px + 2px) }\n}')).to.equal(
      '@container (min-width:32rem){\n.g{x:calc(1px + 2px)}\n}',
    );
  });

  it('css: the same tokens in fewer characters', () => {
    const cases: Array<[string, string]> = [
      // an attribute selector's value that is an identifier needs no quotes; `-1`, a flagged value, a string do
      ['[part=\'result\'], [data-band="match"] { x: 1 }', '[part=result],[data-band=match]{x:1}'],
      [
        "[tabindex='-1'], [a='b c'], [a='b' i], [a|='--x'] { content: 'a' }",
        "[tabindex='-1'],[a='b c'],[a='b' i],[a|=--x]{content:'a'}",
      ],
      // a number below one loses its `0`, not `10.5`, `-0.5`, an identifier or a colour
      [
        'a { gap: 0.25rem 0.75rem; x: 10.5px -0.5em; --y: var(--z, 0.5rem); c: #00.5 }',
        'a{gap:.25rem .75rem;x:10.5px -0.5em;--y:var(--z,.5rem);c:#00.5}',
      ],
      // spaces next to commas inside functions go too: `var(--x, #fff)` is the same tokens as `var(--x,#fff)`
      [
        'a { --c: var(--x, light-dark(#fff, #000)); b: minmax(0, 1fr) }',
        'a{--c:var(--x,light-dark(#fff,#000));b:minmax(0,1fr)}',
      ],
      // a slash needs no spaces (`1 / -1`), but `/ *` must not open a comment
      ['a { grid-area: 1 / 1; b: c / *; }', 'a{grid-area:1/1;b:c/ *}'],
      // the last `;` of a block goes, its line breaks stay
      ['a {\n  x: 1;\n}\n@media (y: z) {\n  b { c: d; }\n}', 'a{\nx:1\n}\n@media (y:z){\nb{c:d}\n}'],
    ];
    for (const [raw, min] of cases) expect(minifyCssText(raw), raw).to.equal(min);
  });

  it("a module: a css template's line breaks move out of the string, every line keeps its number", () => {
    const code = 'const s = css`\n  a {\n    b: c;\n  }\n  ${x} d { e: f }\n`;\nconst h = html`<p>\n  y</p>`;\nf();\n';
    // the ESTree nodes the bundler's parser gives (positions of the raw texts between backticks and `${…}`)
    const at = (text: string) => ({ start: code.indexOf(text), end: code.indexOf(text) + text.length });
    const template = (tag: string, texts: string[]) => ({
      type: 'TaggedTemplateExpression',
      tag: { type: 'Identifier', name: tag },
      quasi: { type: 'TemplateLiteral', quasis: texts.map((t) => ({ type: 'TemplateElement', ...at(t) })) },
    });
    const ast = {
      type: 'Program',
      body: [template('css', ['\n  a {\n    b: c;\n  }\n  ', ' d { e: f }\n']), template('html', ['<p>\n  y</p>'])],
    };
    const out = minifyLitTemplates(code, () => ast)!;
    expect(out).to.equal('const s = css`a{b:c}${\n\n\n\nx} d{e:f}`\n;\nconst h = html`<p>\ny</p>`;\nf();\n');
    expect(out.split('\n').length).to.equal(code.split('\n').length);
    expect(out.indexOf('f();') - out.lastIndexOf('\n', out.indexOf('f();'))).to.equal(1); // same line, same column
  });

  it('html: keeps spaces on a line and leaves preformatted content alone', () => {
    expect(minifyHtmlText('<label>a</label> <span>b</span>\n    <p>')).to.equal('<label>a</label> <span>b</span>\n<p>');
    expect(minifyHtmlText('<pre>\n  x\n</pre>')).to.equal('<pre>\n  x\n</pre>');
  });
});
