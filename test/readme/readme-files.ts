/**
 * The files README.md spells out in full, so that tests can rebuild what a reader would from the README alone.
 *
 * A fenced code block whose line before is an HTML comment `<!-- file: <app>/<path> -->` is the whole content of
 * `<path>` in the app `<app>` (`<!-- file: react/src/App.tsx -->`). A reader sees only the code; the comment is
 * invisible on npm and GitHub. An app's files are everything the README gives it: a test writes them into a
 * temporary folder and builds, type-checks or runs them there.
 */
import { readFileSync } from 'node:fs';

const README = new URL('../../README.md', import.meta.url);
const MARKER = /^<!-- file: ([a-z0-9-]+)\/([^\s>]+) -->$/;

export interface ReadmeFile {
  app: string;
  /** The path inside the app's folder, `/`-separated, never absolute nor climbing out (`..`). */
  path: string;
  content: string;
  /** The README line of the marker, for failure messages. */
  line: number;
}

/** Every marked file of the README, in order. Throws on a marker not followed by a fence, or a path reused. */
export function readmeFiles(readme: string = readFileSync(README, 'utf8')): ReadmeFile[] {
  const lines = readme.split('\n');
  const out: ReadmeFile[] = [];
  const seen = new Set<string>();
  lines.forEach((text, i) => {
    const m = MARKER.exec(text.trim());
    if (!m) return;
    const [, app, path] = m as unknown as [string, string, string];
    const fence = /^(\s*)(`{3,})/.exec(lines[i + 1] ?? '');
    if (!fence) throw new Error(`README.md:${i + 1}: "${text.trim()}" is not followed by a code fence`);
    if (path.split('/').some((s) => s === '..' || s === '') || path.startsWith('/'))
      throw new Error(`README.md:${i + 1}: "${path}" must stay inside its app`);
    const key = `${app}/${path}`;
    if (seen.has(key)) throw new Error(`README.md:${i + 1}: ${key} is given twice`);
    seen.add(key);
    const [, indent, ticks] = fence as unknown as [string, string, string];
    const body: string[] = [];
    let j = i + 2;
    for (; j < lines.length && !lines[j]!.trimStart().startsWith(ticks); j++)
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!);
    if (j === lines.length) throw new Error(`README.md:${i + 1}: the fence of ${key} is never closed`);
    out.push({ app, path, content: body.join('\n') + '\n', line: i + 1 });
  });
  return out;
}

/** The files of one app, by path. Throws when the README gives that app nothing. */
export function appFiles(app: string, readme?: string): Map<string, string> {
  const files = new Map(
    readmeFiles(readme)
      .filter((f) => f.app === app)
      .map((f) => [f.path, f.content]),
  );
  if (files.size === 0) throw new Error(`README.md gives no file for the app "${app}" (<!-- file: ${app}/… -->)`);
  return files;
}
