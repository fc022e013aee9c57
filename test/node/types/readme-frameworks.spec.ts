/**
 * README "## Frameworks": each framework's snippet, copied as a reader would (test/readme/readme-files.ts), into a
 * throwaway app holding the BUILT package (consumer-app.ts), type-checks with that framework's checker against the
 * generated types: React (tsc), Vue (vue-tsc, with its vite.config.ts), Svelte (svelte-check). Angular is not
 * installed here (and needs Node 22): its snippet gets a structural check only, against custom-elements.json.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFromFile, type Plugin } from 'vite';
import { compileTemplate, parse } from 'vue/compiler-sfc';
import { appFiles } from '../../readme/readme-files.js';
import { consumerApp, diagnostics, ROOT, type ConsumerApp } from './consumer-app.js';

const tsconfig = (framework: string, extra: string[] = []) => {
  const text = readFileSync(join(ROOT, 'test/types', framework, 'tsconfig.app.json'), 'utf8');
  if (!extra.length) return text;
  // the fixtures' settings (JSON with comments), with more files included
  return text.replace(/"include": \[/, `"include": [${extra.map((e) => JSON.stringify(e)).join(', ')}, `);
};

const CHECKS = [
  { app: 'react-types', bin: 'tsc', args: ['-p', 'tsconfig.json', '--pretty', 'false'], config: tsconfig('react') },
  {
    app: 'vue-types',
    bin: 'vue-tsc',
    args: ['-p', 'tsconfig.json', '--pretty', 'false'],
    config: tsconfig('vue', ['vite.config.ts']),
  },
  {
    app: 'svelte-types',
    bin: 'svelte-check',
    args: ['--tsconfig', './tsconfig.json', '--output', 'machine'],
    config: tsconfig('svelte'),
  },
];

test.beforeAll(() => {
  test.setTimeout(120_000);
  if (!existsSync(join(ROOT, 'dist/types/frameworks/react.d.ts')))
    expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' }).status).toBe(0);
});

test.describe.configure({ mode: 'parallel' });
for (const check of CHECKS) {
  test(`README's ${check.app} type-checks (${check.bin}) against the built package's types`, async () => {
    test.setTimeout(60_000);
    const files = appFiles(check.app);
    expect([...files.keys()].some((p) => p.startsWith('src/'))).toBe(true);
    let app: ConsumerApp | undefined;
    try {
      app = consumerApp(new Map([['tsconfig.json', check.config], ...files]));
      const run = await app.run(check.bin, check.args, 50_000);
      expect(diagnostics(run.output), run.output).toEqual([]);
      expect(run.code, run.output).toBe(0);
    } finally {
      app?.remove();
    }
  });
}

test("README's vite.config.ts makes Vue compile <idmobile-check> as a custom element, not a component to resolve", async () => {
  const files = appFiles('vue-types');
  const app = consumerApp(files);
  try {
    // the config as Vite loads it, and the template compiler options it gives the Vue plugin
    const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, undefined, app.dir, 'silent');
    const vue = (loaded?.config.plugins ?? []).flat().find((p) => (p as Plugin | null)?.name === 'vite:vue') as
      | Plugin<{ options: { template?: { compilerOptions?: { isCustomElement?: (tag: string) => boolean } } } }>
      | undefined;
    const compilerOptions = vue?.api?.options.template?.compilerOptions;
    expect(compilerOptions?.isCustomElement).toBeInstanceOf(Function);
    const { descriptor } = parse(files.get('src/Checkout.vue')!, { filename: 'Checkout.vue' });
    const compile = (options: typeof compilerOptions) =>
      compileTemplate({
        source: descriptor.template!.content,
        filename: 'Checkout.vue',
        id: 'c',
        compilerOptions: options,
      }).code;
    expect(compile({})).toContain('resolveComponent("idmobile-check")'); // what Vue warns about without the setting
    expect(compile(compilerOptions)).not.toContain('resolveComponent');
    expect(compile(compilerOptions)).toContain('"idmobile-check"');
  } finally {
    app.remove();
  }
});

interface ManifestElement {
  tagName?: string;
  members?: Array<{ kind: string; name: string; static?: boolean; readonly?: boolean }>;
  attributes?: Array<{ name: string }>;
  events?: Array<{ name: string; type?: { text: string } }>;
}

/** The bindings of the first `<tag …>` of an Angular template: `[prop]`, `(event)`, and plain attributes. */
function angularBindings(template: string, tag: string) {
  const open = new RegExp(`<${tag}\\b([^>]*)>`).exec(template);
  if (!open) throw new Error(`no <${tag}> in the template`);
  const names = [...open[1]!.matchAll(/([[(]?)([\w.-]+)[\])]?=/g)];
  return {
    properties: names.filter((n) => n[1] === '[').map((n) => n[2]!),
    events: names.filter((n) => n[1] === '(').map((n) => n[2]!),
    attributes: names.filter((n) => n[1] === '').map((n) => n[2]!),
  };
}

test("README's Angular snippet binds only what custom-elements.json lists (structure only: Angular is not installed)", () => {
  const component = appFiles('angular-types').get('src/checkout.component.ts');
  expect(component).toBeDefined();
  // the element is registered, and Angular told it is a custom element
  expect(component).toContain("import 'idmobile-check/define';");
  expect(component).toMatch(/schemas: \[CUSTOM_ELEMENTS_SCHEMA\]/);
  const template = /template: `([^`]*)`/.exec(component!)?.[1] ?? '';
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: ManifestElement[] }>;
  };
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'idmobile-check');
  const writable = (element?.members ?? []).filter((m) => m.kind === 'field' && !m.static && !m.readonly);
  const bound = angularBindings(template, 'idmobile-check');
  expect(bound.properties.length + bound.events.length).toBeGreaterThanOrEqual(4);
  expect(bound.properties.filter((p) => !writable.some((m) => m.name === p))).toEqual([]);
  expect(bound.events.filter((e) => !element?.events?.some((m) => m.name === e))).toEqual([]);
  expect(bound.attributes.filter((a) => !element?.attributes?.some((m) => m.name === a))).toEqual([]);
  // each handler reads its event's detail as the type the manifest gives that event
  for (const [, event, handler] of template.matchAll(/\((idmobile-[\w-]+)\)="(\w+)\(\$event\)"/g)) {
    const detail = /CustomEvent<(\w+)>/.exec(
      new RegExp(`${handler}\\(event: Event\\) \\{[^}]*`).exec(component!)?.[0] ?? '',
    );
    const type = element?.events?.find((e) => e.name === event)?.type?.text;
    expect(`CustomEvent<${detail?.[1]}>`, `${handler} reads ${event}'s detail`).toBe(type);
  }
});

test('angularBindings reads property, event and attribute bindings of one tag', () => {
  expect(angularBindings('<p [x]="1"></p><a-b c="1" [d]="e" (f-g)="h($event)"></a-b>', 'a-b')).toEqual({
    properties: ['d'],
    events: ['f-g'],
    attributes: ['c'],
  });
});
