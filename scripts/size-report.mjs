// @ts-check
/**
 * Where the IIFE's bytes go: `node scripts/size-report.mjs [file.js]` (default `dist/idmobile-check.iife.js`,
 * after `npm run build`) reads the bundle's source map and prints, for each source module, the bytes it puts in
 * the bundle: raw, gzip of its bytes alone, and its marginal gzip cost (the bundle's gzip minus the gzip of the
 * bundle without that module's bytes), the measure that says what removing or shrinking it would save. Same
 * measure as the build's size budget: gzip level 9 (scripts/build.mjs).
 *
 * Attribution: each mapped segment of the generated code, up to the next segment (on whatever line), belongs
 * to its segment's source; unmapped segments are "(unmapped)" (the bundler's glue).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { relative, resolve, dirname } from 'node:path';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes one Base64 VLQ segment into its fields.
 * @param {string} seg
 * @returns {number[]}
 */
export function decodeVlq(seg) {
  /** @type {number[]} */
  const out = [];
  let value = 0;
  let shift = 0;
  for (const ch of seg) {
    const digit = B64.indexOf(ch);
    if (digit < 0) throw new Error(`not a Base64 VLQ character: ${JSON.stringify(ch)}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * Splits a generated file into runs of bytes, each with the index of its source (-1: unmapped).
 * @param {string} code the generated code
 * @param {string} mappings the source map's `mappings`
 * @returns {Array<{ source: number, text: string }>}
 */
export function attribute(code, mappings) {
  const lines = code.split('\n');
  const mapLines = mappings.split(';');
  /** @type {Array<{ source: number, text: string }>} */
  const runs = [];
  let source = 0;
  // a line's bytes before its first segment continue the previous line's last segment (a template literal
  // over several lines is mapped at its start only)
  let current = -1;
  lines.forEach((line, i) => {
    let col = 0;
    let start = 0;
    for (const seg of (mapLines[i] ?? '').split(',')) {
      if (!seg) continue;
      const [dCol = 0, dSource = 0, ...rest] = decodeVlq(seg);
      const mapped = rest.length >= 2;
      col += dCol;
      if (mapped) source += dSource;
      if (col > start) runs.push({ source: current, text: line.slice(start, col) });
      start = Math.max(start, col);
      current = mapped ? source : -1;
    }
    runs.push({ source: current, text: line.slice(start) + (i < lines.length - 1 ? '\n' : '') });
  });
  return runs;
}

/**
 * The per-module report of a bundle and its source map.
 * @param {string} code
 * @param {{ sources: string[], mappings: string }} map
 * @param {(source: string) => string} [name] how a source is named in the report
 */
export function sizeReport(code, map, name = (s) => s) {
  const gz = (/** @type {string} */ s) => gzipSync(Buffer.from(s), { level: 9 }).length;
  const runs = attribute(code, map.mappings);
  /** @type {Map<string, Set<number>>} */
  const groups = new Map();
  for (const [i, s] of map.sources.entries()) {
    const n = name(s);
    groups.set(n, (groups.get(n) ?? new Set()).add(i));
  }
  groups.set('(unmapped)', new Set([-1]));
  const total = gz(code);
  const rows = [...groups].map(([module, ids]) => {
    const own = runs.filter((r) => ids.has(r.source)).map((r) => r.text);
    const rest = runs.filter((r) => !ids.has(r.source)).map((r) => r.text);
    const raw = Buffer.byteLength(own.join(''));
    return { module, raw, gzipAlone: raw ? gz(own.join('')) : 0, gzipMarginal: raw ? total - gz(rest.join('')) : 0 };
  });
  rows.sort((a, b) => b.gzipMarginal - a.gzipMarginal);
  return { raw: Buffer.byteLength(code), gzip: total, rows: rows.filter((r) => r.raw > 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = resolve(process.argv[2] ?? 'dist/idmobile-check.iife.js');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const base = resolve(dirname(file), map.sourceRoot ?? '');
  // node_modules paths shortened to the package's file (`lit-html/lit-html.js`), ours relative to the repo
  const name = (/** @type {string} */ s) => {
    const abs = resolve(base, s);
    const nm = abs.lastIndexOf('/node_modules/');
    return nm >= 0 ? abs.slice(nm + '/node_modules/'.length) : relative(process.cwd(), abs);
  };
  const report = sizeReport(readFileSync(file, 'utf8'), map, name);
  const pad = (/** @type {unknown} */ v, /** @type {number} */ n) => String(v).padStart(n);
  console.log(`${relative(process.cwd(), file)}: ${report.raw} B raw, ${report.gzip} B gzip -9`);
  console.log(`${'module'.padEnd(44)}${pad('raw', 8)}${pad('gz alone', 10)}${pad('gz marg.', 10)}`);
  for (const r of report.rows) {
    console.log(`${r.module.padEnd(44)}${pad(r.raw, 8)}${pad(r.gzipAlone, 10)}${pad(r.gzipMarginal, 10)}`);
  }
}
