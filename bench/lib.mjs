// @ts-check
// Small helpers shared by the bench modules: paths, statistics, formatting.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const at = (/** @type {string} */ rel) => fileURLToPath(new URL(`../${rel}`, import.meta.url));

/** @param {number[]} xs @param {number} p in [0,1] (nearest-rank on the sorted values, interpolated) */
export function quantile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}
export const median = (/** @type {number[]} */ xs) => quantile(xs, 0.5);

/** Median, p10/p90, min and max of a sample, rounded to µs-level precision for the JSON. */
export function summary(/** @type {number[]} */ xs) {
  const r = (/** @type {number} */ x) => Math.round(x * 1000) / 1000;
  return {
    n: xs.length,
    median: r(median(xs)),
    p10: r(quantile(xs, 0.1)),
    p90: r(quantile(xs, 0.9)),
    p99: r(quantile(xs, 0.99)),
    min: r(Math.min(...xs)),
    max: r(Math.max(...xs)),
  };
}

export const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
export const ms = (/** @type {number} */ n, digits = 2) => `${n.toFixed(digits)} ms`;
export const ratio = (/** @type {number} */ a, /** @type {number} */ b) => (b > 0 ? a / b : NaN);
export const x = (/** @type {number} */ r) => `${r.toFixed(2)}×`;

/** Renders rows as an aligned plain-text table (first row = header). */
export function table(/** @type {string[][]} */ rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  const line = (/** @type {string[]} */ r) =>
    r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]) : String(v).padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Renders rows as a Markdown table (first row = header). */
export function mdTable(/** @type {string[][]} */ rows) {
  const esc = (/** @type {string} */ v) => String(v).replace(/\|/g, '\\|');
  return [
    `| ${rows[0].map(esc).join(' | ')} |`,
    `| ${rows[0].map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/**
 * The built relay (dist/relay, what a merchant runs), typed by its sources. The path is held in a variable so
 * the type checker reads the declarations of src/ rather than the bundled JavaScript.
 * @returns {Promise<typeof import('../src/relay/index.js')>}
 */
export function loadBuiltRelay() {
  const built = new URL('../dist/relay/index.js', import.meta.url).href;
  return import(built);
}
