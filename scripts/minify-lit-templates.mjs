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
 * - css: comments go; whitespace next to `{ } ; , : >` goes, other runs become one space; quoted strings and
 *   `url(…)` are copied verbatim. A space before `:` is kept (`a :hover` is a descendant selector), and so is
 *   one after a comma inside parentheses (`var(--x, #fff)`: custom properties keep whitespace as written); a
 *   function's arguments spread over several lines keep their whitespace as written (a value with `var()` is
 *   serialized as written, indentation included).
 * - Line breaks are kept in number, so every line of the module keeps its line number and the source map
 *   (which this transform passes through unchanged) still points at the right line.
 * Only the raw text between `${…}` is touched, never the expressions.
 */
const TAGS = new Set(['html', 'svg', 'css']);
const KEEP_HTML = /<(pre|textarea|listing|plaintext)\b|white-space\s*:\s*pre/i;

/**
 * html/svg raw text: indentation after (and before) line breaks goes, the line breaks stay.
 * @param {string} raw
 */
export function minifyHtmlText(raw) {
  if (KEEP_HTML.test(raw)) return raw;
  return raw.replace(/[ \t]*(?:\r?\n[ \t]*)+/g, (/** @type {string} */ run) => '\n'.repeat(run.split('\n').length - 1));
}

/**
 * css raw text, see the file comment.
 * @param {string} raw
 */
export function minifyCssText(raw) {
  let out = '';
  let i = 0;
  let parens = 0;
  while (i < raw.length) {
    const c = raw.charAt(i);
    if (c === '(') parens++;
    else if (c === ')') parens = Math.max(0, parens - 1);
    if (c === '"' || c === "'") {
      // a string, escapes included, copied verbatim
      let j = i + 1;
      while (j < raw.length && raw[j] !== c && raw[j] !== '\n') j += raw[j] === '\\' ? 2 : 1;
      out += raw.slice(i, j + 1);
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
      // whitespace after `{ } ; , : >` or before `{ } ; , >` separates nothing (but `a :hover` keeps its space);
      // inside parentheses a comma keeps its space: `var(--x, #fff)` keeps its token stream (custom properties)
      const after = parens > 0 ? '{};:>' : '{};,:>';
      const before = parens > 0 ? '{};>' : '{};,>';
      const droppable = (prev !== undefined && after.includes(prev)) || (next !== undefined && before.includes(next));
      // a function's arguments written over several lines are copied as written: a declaration with `var()` is
      // serialized as written (CSSOM), so even its indentation is part of the rule the browser keeps
      if (parens > 0 && breaks) out += raw.slice(i, j);
      else if (breaks) out += '\n'.repeat(breaks);
      else if (!droppable) out += ' ';
      i = j;
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
      for (const q of node.quasi.quasis) {
        const raw = code.slice(q.start, q.end);
        const min = minify(raw);
        if (min !== raw) edits.push([q.start, q.end, min]);
      }
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
