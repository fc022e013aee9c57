// @ts-check
/**
 * Build-time minification of the markup and styles inside Lit's `html` / `svg` / `css` tagged templates (size
 * budget, issue 6). Vite's minifier leaves template literals as written, indentation included.
 *
 * Safe by construction, so that the rendered page cannot change:
 * - html/svg: a run of whitespace that contains line breaks becomes those line breaks alone (indentation goes).
 *   HTML collapses any whitespace run to one space, so the DOM renders exactly the same; text nodes that were
 *   whitespace-only stay whitespace-only, spaces on one line (`</label> <span>`) are kept as written. There is
 *   no `<pre>`, `<textarea>` content or `white-space: pre*` in our templates (a template containing one of
 *   these is left alone).
 * - css: comments go; whitespace next to `{ } ; , : > /` goes, other runs become one space; quoted strings and
 *   `url(…)` are copied verbatim, but for the quotes around an attribute selector's value that is an identifier
 *   (`[part='result']` is `[part=result]`). A space before `:` is kept (`a :hover` is a descendant selector).
 *   The `;` before a `}` goes, and so does the `0` of a number below one (`0.5rem` is `.5rem`). Values with
 *   `var()` (custom properties included) keep their tokens, not their whitespace as written: CSSOM serializes
 *   such a value as written, but no whitespace next to a comma separates tokens, so what renders is the same.
 * - Line breaks are kept in number, so every line of the module keeps its line number and the source map
 *   (which this transform passes through unchanged) still points at the right line. A css template's line
 *   breaks leave the style sheet (they cost bytes in the bundle): `minifyLitTemplates` moves them out of the
 *   string, into the JavaScript whitespace that follows it (after the next `${`, or after the closing backtick),
 *   where the bundle's minifier drops them.
 * Only the raw text between `${…}` is touched, never the expressions.
 */
const TAGS = new Set(['html', 'svg', 'css']);
const KEEP_HTML = /<(pre|textarea|listing|plaintext)\b|white-space\s*:\s*pre/i;
/** A CSS identifier (roughly: `-1` is not one, so `[tabindex='-1']` keeps its quotes). */
const IDENT = /^(-?[A-Za-z_]|--)[\w-]*$/;

/**
 * html/svg raw text: indentation after (and before) line breaks goes, the line breaks stay.
 * @param {string} raw
 */
export function minifyHtmlText(raw) {
  if (KEEP_HTML.test(raw)) return raw;
  return raw.replace(/[ \t]*(?:\r?\n[ \t]*)+/g, (/** @type {string} */ run) => '\n'.repeat(run.split('\n').length - 1));
}

/**
 * css raw text, see the file comment; its line breaks are kept (`minifyLitTemplates` moves them out).
 * @param {string} raw
 */
export function minifyCssText(raw) {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw.charAt(i);
    if (c === '"' || c === "'") {
      // a string, escapes included, copied verbatim; an attribute selector's identifier value loses its quotes
      let j = i + 1;
      while (j < raw.length && raw[j] !== c && raw[j] !== '\n') j += raw[j] === '\\' ? 2 : 1;
      const value = raw.slice(i + 1, j);
      out += out.endsWith('=') && raw[j + 1] === ']' && IDENT.test(value) ? value : raw.slice(i, j + 1);
      i = j + 1;
    } else if (raw.startsWith('url(', i)) {
      const j = raw.indexOf(')', i);
      const end = j < 0 ? raw.length : j + 1;
      out += raw.slice(i, end);
      i = end;
    } else if (/\s/.test(c) || raw.startsWith('/*', i)) {
      // a run of whitespace and comments (a comment separates tokens like a space: `a/**/b` is two)
      let j = i;
      while (j < raw.length) {
        if (/\s/.test(raw.charAt(j))) j++;
        else if (raw.startsWith('/*', j)) j = raw.indexOf('*/', j + 2) < 0 ? raw.length : raw.indexOf('*/', j + 2) + 2;
        else break;
      }
      const breaks = raw.slice(i, j).split('\n').length - 1;
      const next = raw[j];
      const prev = out[out.length - 1];
      // whitespace after `{ } ; , : > /` or before `{ } ; , > /` separates nothing (but `a :hover` keeps its space,
      // and `/ *` does not become a comment)
      const droppable =
        ((prev !== undefined && '{};,:>/'.includes(prev)) || (next !== undefined && '{};,>/'.includes(next))) &&
        !(prev === '/' && next === '*');
      if (breaks) out += '\n'.repeat(breaks);
      else if (!droppable) out += ' ';
      i = j;
    } else if (c === '}' && /;\n*$/.test(out)) {
      // the last declaration of a block needs no `;` (line breaks after it are kept, see the file comment)
      out = out.replace(/;(\n*)$/, '$1') + c;
      i++;
    } else if (c === '0' && /^\.\d/.test(raw.slice(i + 1, i + 3)) && !/[\w.#-]$/.test(out)) {
      // `0.5` is `.5` (not in `10.5`, an identifier or a colour)
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Rewrites the tagged templates of one module (JavaScript); returns null when nothing changed. `parseAst` returns
 * the module's ESTree Program (Vite's `parseSync`), passed in so that the text functions above load in a browser too.
 * @param {string} code
 * @param {(code: string) => unknown} parseAst
 * @returns {string | null}
 */
export function minifyLitTemplates(code, parseAst) {
  if (!/\b(html|svg|css)`/.test(code)) return null;
  /** @type {Array<[number, number, string]>} */
  const edits = [];
  /** @param {any} node an ESTree node (Vite's parser), walked generically */
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && TAGS.has(node.tag.name)) {
      const minify = node.tag.name === 'css' ? minifyCssText : minifyHtmlText;
      const quasis = node.quasi.quasis;
      quasis.forEach((/** @type {{ start: number, end: number }} */ q, /** @type {number} */ n) => {
        const raw = code.slice(q.start, q.end);
        let min = minify(raw);
        if (node.tag.name === 'css' && min.includes('\n')) {
          // the line breaks go just after this text: after the `${` that follows it, or the closing backtick
          const breaks = min.split('\n').length - 1;
          min = min.replace(/\n/g, '');
          edits.push([
            q.end + (n < quasis.length - 1 ? 2 : 1),
            q.end + (n < quasis.length - 1 ? 2 : 1),
            '\n'.repeat(breaks),
          ]);
        }
        if (min !== raw) edits.push([q.start, q.end, min]);
      });
    }
    for (const key of Object.keys(node)) {
      const v = node[key];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v);
    }
  };
  visit(parseAst(code));
  if (!edits.length) return null;
  edits.sort((a, b) => b[0] - a[0]);
  let out = code;
  for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/**
 * Vite plugin: applied to our widget sources only, after TypeScript is stripped.
 * @returns {import('vite').Plugin}
 */
export function minifyLitTemplatesPlugin() {
  return {
    name: 'idmobile:minify-lit-templates',
    enforce: 'post',
    /** @param {string} code @param {string} id */
    async transform(code, id) {
      if (!/\/src\/widget\/[^?]*\.ts(\?|$)/.test(id)) return null;
      const { parseSync } = await import('vite');
      const out = minifyLitTemplates(code, (source) => parseSync(id, source, { lang: 'js' }).program);
      // Line breaks are preserved, so the incoming source map stays valid line by line.
      return out === null ? null : { code: out, map: null };
    },
  };
}
