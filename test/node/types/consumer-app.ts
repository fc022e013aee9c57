/**
 * A throwaway app that uses the BUILT package as an app installed from npm would: its node_modules holds a copy of
 * what the package ships for types (package.json, custom-elements.json, dist/types) under `idmobile-check`, so
 * `idmobile-check/react` resolves through package.json's `exports` to the generated files, and links to the
 * frameworks' own packages. Checkers (tsc, vue-tsc, svelte-check) run in it with a time limit each.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The packages a consumer installs beside idmobile-check: its dependency lit, the frameworks and their checkers'
 * needs. zod too, for now: the widget's `Identity` type is zod's inference (src/protocol/schemas.ts), so an app
 * without zod would read it as `any`.
 */
const LINKED = [
  'lit',
  'lit-html',
  'lit-element',
  '@lit',
  'zod',
  'react',
  '@types/react',
  'vue',
  '@vue',
  'svelte',
  'vite',
  '@vitejs',
];

export interface Run {
  code: number | null;
  output: string;
  ms: number;
}

export interface ConsumerApp {
  dir: string;
  /** Runs a command of the worktree's node_modules/.bin in the app folder; killed after `timeoutMs`. */
  run(bin: string, args: string[], timeoutMs?: number): Promise<Run>;
  remove(): void;
}

/** Creates the app with `files` (path inside the app → content); throws when the package is not built. */
export function consumerApp(files: Map<string, string>): ConsumerApp {
  if (!existsSync(join(ROOT, 'dist/types/frameworks/react.d.ts')))
    throw new Error('dist/types/frameworks is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'idmobile-types-'));
  const pkg = join(dir, 'node_modules', 'idmobile-check');
  mkdirSync(pkg, { recursive: true });
  for (const f of ['package.json', 'custom-elements.json', 'dist/types'])
    cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
  for (const name of LINKED) {
    const to = join(dir, 'node_modules', name);
    mkdirSync(dirname(to), { recursive: true });
    if (existsSync(join(ROOT, 'node_modules', name))) symlinkSync(join(ROOT, 'node_modules', name), to);
  }
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return {
    dir,
    run: (bin, args, timeoutMs = 45_000) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(join(ROOT, 'node_modules', '.bin', bin), args, { cwd: dir, stdio: 'pipe' });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        const timer = setTimeout(() => {
          output += `\n[killed after ${timeoutMs} ms]`;
          child.kill('SIGKILL');
        }, timeoutMs);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, output, ms: Date.now() - started });
        });
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/**
 * The errors of a checker's output: tsc and vue-tsc with `--pretty false` (`src/a.tsx(12,7): error TS2322: …`),
 * and the indented lines that elaborate it; svelte-check with `--output machine` (`123 ERROR "src/A.svelte" 12:7 "…"`).
 */
export function diagnostics(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    // tsc's elaboration of the error before, indented
    if (/^\s+\S/.test(line) && out.length) out[out.length - 1]!.message += `\n${line.trim()}`;
    const ts = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (ts) out.push({ file: ts[1]!, line: Number(ts[2]), message: ts[3]! });
    const sv = /^\d+ ERROR "(.+?)" (\d+):\d+ (".*")$/.exec(line);
    if (sv) out.push({ file: sv[1]!, line: Number(sv[2]), message: JSON.parse(sv[3]!) as string });
  }
  return out;
}
