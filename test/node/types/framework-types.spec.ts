/**
 * The generated framework types (scripts/framework-types.mjs → dist/types/frameworks, `idmobile-check/react`,
 * `/vue`, `/svelte`) checked as an app checks them: the fixtures of test/types are copied into a throwaway app
 * whose node_modules holds the built package (consumer-app.ts), and each framework's own checker runs there:
 * tsc for React 19, vue-tsc for Vue, svelte-check for Svelte. The good fixture must pass; the bad one must fail
 * with, on each line of a mistake, the diagnostic expected for it (a type too loose, e.g. `any`, fails this).
 * Needs `npm run build` (the spec builds when dist/types/frameworks is missing).
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumerApp, diagnostics, ROOT, type ConsumerApp, type Diagnostic } from './consumer-app.js';

const FIXTURES = join(ROOT, 'test/types');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

/** A mistake of a bad fixture: the line holding `at` (or line `at`) must carry a diagnostic containing `message`. */
interface Mistake {
  at: string | number;
  message: string;
}

interface Checker {
  framework: string;
  bin: string;
  args: string[];
  /** fixture → path in the app */
  files: Record<string, string>;
  good: string;
  bad: string;
  /** The bad fixture as the checker sees it, and its mistakes. */
  mistakes: (bad: string) => { source: string; mistakes: Mistake[] };
}

const TS = ['-p', 'tsconfig.json', '--pretty', 'false'];
/** React's bad fixture names its mistakes itself: each `@ts-expect-error <message>` line is blanked. */
function fromDirectives(source: string) {
  const mistakes: Mistake[] = [];
  const lines = source.split('\n').map((line, i) => {
    const m = /@ts-expect-error (.+?)(?: \*\/\})?$/.exec(line);
    if (!m) return line;
    mistakes.push({ at: i + 2, message: m[1]! });
    return '';
  });
  return { source: lines.join('\n'), mistakes };
}
const CHECKERS: Checker[] = [
  {
    framework: 'React 19 (tsc)',
    bin: 'tsc',
    args: TS,
    files: { 'react/tsconfig.app.json': 'tsconfig.json', 'react/good.tsx': 'src/good.tsx' },
    good: 'src/good.tsx',
    bad: 'src/bad.tsx',
    mistakes: () => fromDirectives(read('react/bad.tsx')),
  },
  {
    framework: 'Vue 3 (vue-tsc)',
    bin: 'vue-tsc',
    args: TS,
    files: { 'vue/tsconfig.app.json': 'tsconfig.json', 'vue/env.d.ts': 'src/env.d.ts', 'vue/Good.vue': 'src/Good.vue' },
    good: 'src/Good.vue',
    bad: 'src/Bad.vue',
    mistakes: () => ({
      source: read('vue/Bad.vue'),
      mistakes: [
        { at: ':identity="{ given_name: 42 }"', message: "Type 'number' is not assignable to type 'string'" },
        { at: ':phone="33612345678"', message: "Type 'number' is not assignable to type 'string'" },
        { at: 'consent="always"', message: `Type '"always"' is not assignable to type '"button" | "auto"` },
        { at: `:timeout="'soon'"`, message: "Type 'string' is not assignable to type 'number'" },
        {
          at: '@idmobile-result="onError"',
          message: "Type 'CustomEvent<ResultDetail>' is not assignable to type 'CustomEvent<ErrorDetail>'",
        },
        { at: '@idmobile-error=', message: "Property 'verdict' does not exist on type 'ErrorDetail'" },
      ],
    }),
  },
  {
    framework: 'Svelte 5 (svelte-check)',
    bin: 'svelte-check',
    args: ['--tsconfig', './tsconfig.json', '--output', 'machine'],
    files: {
      'svelte/tsconfig.app.json': 'tsconfig.json',
      'svelte/app.d.ts': 'src/app.d.ts',
      'svelte/Good.svelte': 'src/Good.svelte',
    },
    good: 'src/Good.svelte',
    bad: 'src/Bad.svelte',
    mistakes: () => ({
      source: read('svelte/Bad.svelte'),
      mistakes: [
        { at: 'identity={42}', message: "Type 'number' has no properties in common with type" },
        { at: 'phone={33612345678}', message: "Type 'number' is not assignable to type 'string'" },
        { at: 'consent="always"', message: `Type '"always"' is not assignable to type '"button" | "auto"` },
        { at: 'timeout="soon"', message: "Type 'string' is not assignable to type 'number'" },
        // Svelte writes `false` as the text "false": the boolean attribute would be on
        { at: 'submit-with-form={false}', message: "Type 'false' is not assignable to type 'true'" },
        {
          at: 'onidmobile-result={onError}',
          message: "Type 'CustomEvent<ResultDetail>' is not assignable to type 'CustomEvent<ErrorDetail>'",
        },
        { at: 'onidmobile-error=', message: "Property 'verdict' does not exist on type 'ErrorDetail'" },
      ],
    }),
  },
];

test.beforeAll(() => {
  test.setTimeout(120_000);
  if (!existsSync(join(ROOT, 'dist/types/frameworks/react.d.ts')))
    expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' }).status).toBe(0);
});

/** The 1-based line of `at` in `source` (which must hold it once). */
function lineOf(source: string, at: string | number): number {
  if (typeof at === 'number') return at;
  const lines = source.split('\n');
  const found = lines.flatMap((l, i) => (l.includes(at) ? [i + 1] : []));
  expect(found, `the fixture holds "${at}" once`).toHaveLength(1);
  return found[0]!;
}

test.describe.configure({ mode: 'parallel' });
for (const checker of CHECKERS) {
  test(`${checker.framework}: the good fixture passes, each mistake of the bad one is reported`, async () => {
    test.setTimeout(60_000);
    const { source, mistakes } = checker.mistakes('');
    expect(mistakes.length).toBeGreaterThanOrEqual(5);
    const files = new Map(Object.entries(checker.files).map(([from, to]) => [to, read(from)]));
    files.set(checker.bad, source);
    let app: ConsumerApp | undefined;
    try {
      app = consumerApp(files);
      const run = await app.run(checker.bin, checker.args, 50_000);
      const found = diagnostics(run.output);
      const at = (file: string) => found.filter((d: Diagnostic) => d.file === file);
      expect(at(checker.good), run.output).toEqual([]);
      const expected = mistakes.map((m) => ({ line: lineOf(source, m.at), message: m.message }));
      for (const m of expected)
        expect(
          at(checker.bad).some((d) => d.line === m.line && d.message.includes(m.message)),
          `${checker.bad}:${m.line} should report "${m.message}"\n${run.output}`,
        ).toBe(true);
      // nothing else: every diagnostic is one of the expected mistakes
      expect(found.filter((d) => !(d.file === checker.bad && expected.some((m) => m.line === d.line)))).toEqual([]);
      expect(run.code).not.toBe(0);
    } finally {
      app?.remove();
    }
  });
}

test('React types under the older `moduleResolution: node` (package.json typesVersions, no exports)', async () => {
  test.setTimeout(60_000);
  const config = read('react/tsconfig.app.json')
    .replace('"moduleResolution": "bundler"', '"moduleResolution": "node"')
    .replace('"module": "ESNext"', '"module": "commonjs"');
  const bad = "import type {} from 'idmobile-check/react';\nexport const x = <idmobile-check identity={42} />;\n";
  const app = consumerApp(
    new Map([
      ['tsconfig.json', config],
      ['src/good.tsx', read('react/good.tsx')],
      ['src/bad.tsx', bad],
    ]),
  );
  try {
    const run = await app.run('tsc', TS, 50_000);
    expect(
      diagnostics(run.output).map((d) => `${d.file}:${d.line} ${d.message.slice(0, 59)}`),
      run.output,
    ).toEqual(["src/bad.tsx:2 TS2559: Type 'number' has no properties in common with type"]);
  } finally {
    app.remove();
  }
});
