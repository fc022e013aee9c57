// @ts-check
// Transfer sizes: gzip -9 and brotli (quality 11) of what a page downloads, file by file (each is its own
// response), ours against intl-tel-input 29 (its JS plus its utils, the usual peer for a phone field).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { createRequire } from 'node:module';
import { ROOT, at, ratio } from './lib.mjs';

/** @param {Buffer} buf */
function sizesOf(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

/** Sums the sizes of several files (compressed one by one, as they are served). */
function group(/** @type {string} */ label, /** @type {string[]} */ files) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const s = sizesOf(readFileSync(f));
    total.raw += s.raw;
    total.gzip += s.gzip;
    total.brotli += s.brotli;
  }
  return { label, files: files.map((f) => relative(ROOT, f)), ...total };
}

/** An ES module and every relative module it imports statically (its chunks). */
function esmClosure(/** @type {string} */ entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const src = readFileSync(entry, 'utf8');
  for (const m of src.matchAll(
    /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g,
  )) {
    const dep = join(dirname(entry), m[1]);
    if (existsSync(dep)) esmClosure(dep, seen);
  }
  return seen;
}

export function measureSizes() {
  const require = createRequire(import.meta.url);
  /** @type {string | null} */
  let itiDir = null;
  try {
    itiDir = dirname(require.resolve('intl-tel-input/package.json'));
  } catch {
    /* not installed: no peer figures */
  }
  const itiVersion = itiDir ? JSON.parse(readFileSync(join(itiDir, 'package.json'), 'utf8')).version : null;

  const ours = {
    iife: group('idmobile-check IIFE (everything, Lit included)', [at('dist/idmobile-check.iife.js')]),
    esm: group('idmobile-check ESM entry + chunks (Lit external)', [...esmClosure(at('dist/idmobile-check.js'))]),
    esmDefine: group('idmobile-check/define ESM + chunks (Lit external)', [...esmClosure(at('dist/define.js'))]),
  };
  const peer = itiDir
    ? {
        js: group(`intl-tel-input ${itiVersion}: intlTelInput.min.js + utils.js`, [
          join(itiDir, 'dist/js/intlTelInput.min.js'),
          join(itiDir, 'dist/js/utils.js'),
        ]),
        jsCss: group(`intl-tel-input ${itiVersion}: JS + utils + intlTelInput.min.css`, [
          join(itiDir, 'dist/js/intlTelInput.min.js'),
          join(itiDir, 'dist/js/utils.js'),
          join(itiDir, 'dist/css/intlTelInput.min.css'),
        ]),
        bundled: group(`intl-tel-input ${itiVersion}: intlTelInputWithUtils.min.js`, [
          join(itiDir, 'dist/js/intlTelInputWithUtils.min.js'),
        ]),
      }
    : null;
  const ratios = peer
    ? {
        iifeVsPeerJs: { gzip: ratio(ours.iife.gzip, peer.js.gzip), brotli: ratio(ours.iife.brotli, peer.js.brotli) },
        iifeVsPeerJsCss: {
          gzip: ratio(ours.iife.gzip, peer.jsCss.gzip),
          brotli: ratio(ours.iife.brotli, peer.jsCss.brotli),
        },
        esmVsPeerJs: { gzip: ratio(ours.esm.gzip, peer.js.gzip), brotli: ratio(ours.esm.brotli, peer.js.brotli) },
      }
    : null;
  return { ours, peer, peerVersion: itiVersion, ratios };
}
