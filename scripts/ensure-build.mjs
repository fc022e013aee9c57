// @ts-check
/**
 * Builds the library when `dist/` is missing or older than its sources, before what reads the build:
 * `npm start` (the demo's strict-CSP page embeds the built IIFE), and `npm run lint` / `npm run typecheck` (the
 * demo and the type fixtures import the framework types generated from `custom-elements.json`). A failing build
 * does not stop them: they then say what is missing, and `npm run build` shows why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What the IIFE is built from: a change to any of these makes it stale. */
export const INPUTS = [
  'src/widget',
  'src/protocol',
  'scripts/build.mjs',
  'scripts/minify-lit-templates.mjs',
  'scripts/framework-types.mjs',
  'custom-elements-manifest.config.mjs',
];
export const OUTPUT = 'dist/idmobile-check.iife.js';

/**
 * Newest modification time of a file or of the files under a folder (0 when it does not exist).
 * @param {string} path
 * @returns {number}
 */
export function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * Why the build must run, or null when the output is newer than every input.
 * @param {string} base  the repository root
 * @param {string} output
 * @param {string[]} inputs
 * @returns {string | null}
 */
export function staleness(base, output = OUTPUT, inputs = INPUTS) {
  const out = join(base, output);
  if (!existsSync(out)) return `${output} is missing`;
  const built = statSync(out).mtimeMs;
  const changed = inputs.filter((i) => newest(join(base, i)) > built);
  return changed.length ? `${changed.join(', ')} changed since the last build` : null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const why = staleness(root);
  if (why) {
    console.log(`${why}: building the library first (npm run build)…`);
    const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) {
      console.warn(
        `⚠ the library build failed (status ${r.status}): what needs it (the strict-CSP demo page, the framework types) may be missing`,
      );
    }
  }
}
