/**
 * custom-elements.json as wrapper and type generators read it: its module paths are built files of the package,
 * both elements have their tag, every event its `CustomEvent<Detail>` type (custom-elements-manifest.config.mjs);
 * and the two steps that make it so, and scripts/framework-types.mjs, refuse what would silently mistype.
 */
import { expect, test } from '@playwright/test';
import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventTypes, registeredTags, toPackage } from '../../../custom-elements-manifest.config.mjs';
import { elementsOf, frameworkTypes, typeNames } from '../../../scripts/framework-types.mjs';
import { ROOT } from './consumer-app.js';

interface Manifest {
  modules: Array<{
    path: string;
    declarations?: Array<{
      kind: string;
      name: string;
      tagName?: string;
      members?: Array<{ kind: string; name: string; privacy?: string }>;
      events?: Array<{ name: string; type?: { text: string } }>;
    }>;
    exports?: Array<{ kind: string; name: string; declaration: { name: string; module?: string } }>;
  }>;
}

/** The manifest as scripts/framework-types.mjs reads it. */
type GeneratorManifest = Parameters<typeof frameworkTypes>[0];

test.beforeAll(() => {
  test.setTimeout(120_000);
  if (!existsSync(join(ROOT, 'custom-elements.json')) || !existsSync(join(ROOT, 'dist/idmobile-check.js')))
    expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' }).status).toBe(0);
});
const built = () => JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as Manifest;
const classes = (m: Manifest) => m.modules.flatMap((mod) => mod.declarations ?? []).filter((d) => d.kind === 'class');

test('module paths and every reference are built files of the package', () => {
  const manifest = built();
  const paths = manifest.modules.map((m) => m.path);
  expect(paths).toEqual(['dist/idmobile-check.js', 'dist/define.js']);
  const refs = manifest.modules.flatMap((m) => (m.exports ?? []).map((e) => e.declaration.module ?? m.path));
  for (const path of new Set([...paths, ...refs])) expect(existsSync(join(ROOT, path)), path).toBe(true);
  // the package's `.` and `./define` entries are these files
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, { default?: string }>;
  };
  expect([pkg.exports['.']?.default, pkg.exports['./define']?.default]).toEqual(paths.map((p) => `./${p}`));
});

test("the manifest is valid for the schema of its schemaVersion (the analyzer's custom-elements-manifest)", () => {
  const manifest = built() as Manifest & { schemaVersion?: string };
  // the schema package the analyzer depends on, read where npm installs it
  const schemaPackage = join(ROOT, 'node_modules/custom-elements-manifest');
  const { version } = JSON.parse(readFileSync(join(schemaPackage, 'package.json'), 'utf8')) as { version: string };
  expect(manifest.schemaVersion).toBe(version);
  const schema = JSON.parse(readFileSync(join(schemaPackage, 'schema.json'), 'utf8')) as object;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
});

test('both elements have their tag, defined in idmobile-check/define', () => {
  const manifest = built();
  expect(classes(manifest).map((c) => [c.name, c.tagName])).toEqual([
    ['IdmobileCheck', 'idmobile-check'],
    ['IdmobileGauge', 'idmobile-gauge'],
  ]);
  const define = manifest.modules.find((m) => m.path === 'dist/define.js');
  expect(define?.exports?.filter((e) => e.kind === 'custom-element-definition').map((e) => e.name)).toEqual([
    'idmobile-gauge',
    'idmobile-check',
  ]);
});

test("every event is typed with src/widget/events.ts's map; no private member is left", () => {
  const check = classes(built()).find((c) => c.tagName === 'idmobile-check');
  const map = eventTypes(join(ROOT, 'src/widget/events.ts'), 'IdmobileEventMap');
  expect(check?.events?.length).toBe(map.size);
  for (const e of check?.events ?? []) expect(e.type?.text, e.name).toBe(map.get(e.name));
  expect(check?.events?.find((e) => e.name === 'idmobile-result')?.type?.text).toBe('CustomEvent<ResultDetail>');
  expect(
    classes(built())
      .flatMap((c) => c.members ?? [])
      .filter((m) => m.name.startsWith('#') || m.privacy === 'private'),
  ).toEqual([]);
});

test('the generated files are what the built manifest gives (nothing edited by hand)', () => {
  for (const [name, text] of frameworkTypes(built()))
    expect(readFileSync(join(ROOT, 'dist/types/frameworks', name), 'utf8'), name).toBe(text);
});

// the refusals, on small manifests
const element = (over: object = {}) => ({
  kind: 'class',
  name: 'XEl',
  tagName: 'x-el',
  members: [{ kind: 'field', name: 'value', type: { text: 'Thing | null' } }],
  events: [{ name: 'x-change', type: { text: 'CustomEvent<ChangeDetail>' } }],
  ...over,
});
const manifestOf = (el: object, exported = ['XEl', 'Thing', 'ChangeDetail']): GeneratorManifest => ({
  modules: [
    {
      path: 'dist/x.js',
      declarations: [el] as NonNullable<GeneratorManifest['modules'][number]['declarations']>,
      exports: exported.map((name) => ({ kind: 'js', name, declaration: { name, module: 'dist/x.js' } })),
    },
  ],
});

test('framework types: a type the package does not export, or an untyped binding, fails the build', () => {
  expect(() => frameworkTypes(manifestOf(element()))).not.toThrow();
  expect(() => frameworkTypes(manifestOf(element(), ['XEl', 'Thing']))).toThrow(/ChangeDetail .*not exported/);
  expect(() => frameworkTypes(manifestOf(element({ events: [{ name: 'x-change' }] })))).toThrow(
    /x-el has untyped x-change/,
  );
  expect(() => frameworkTypes({ modules: [] })).toThrow(/no element with a tagName/);
});

test('framework types: private, static and read-only members are not bindings; attributes differing from their property are', () => {
  const [el] = elementsOf(
    manifestOf(
      element({
        members: [
          { kind: 'field', name: 'value', type: { text: 'string' } },
          { kind: 'field', name: 'secret', privacy: 'private', type: { text: 'string' } },
          { kind: 'field', name: 'count', static: true, type: { text: 'number' } },
          { kind: 'field', name: 'result', readonly: true, type: { text: 'string' } },
          { kind: 'method', name: 'reset' },
        ],
        attributes: [
          { name: 'value', fieldName: 'value', type: { text: 'string' } },
          { name: 'max-value', fieldName: 'value', type: { text: 'string' } },
          { name: 'lang' },
        ],
      }),
    ),
  );
  expect(el?.properties.map((p) => p.name)).toEqual(['value']);
  expect(el?.attributes.map((a) => a.name)).toEqual(['max-value']);
  expect(typeNames("Partial<Record<MessageKey, string>> | 'a b' | null")).toEqual([
    'Partial',
    'Record',
    'MessageKey',
    'string',
    'null',
  ]);
});

test('manifest plugin: an event the map does not type, or a typed event nobody fires, fails the build', () => {
  const source = () => ({
    modules: [
      { path: 'src/x.ts', declarations: [element({ tagName: undefined })], exports: [] },
      {
        path: 'src/index.ts',
        exports: [{ kind: 'js', name: 'XEl', declaration: { name: 'XEl', module: './x.js' } }],
      },
    ],
  });
  const entries = [
    { source: 'src/index.ts', path: 'dist/x.js' },
    { source: 'src/define.ts', path: 'dist/define.js' },
  ];
  const tags = new Map([['XEl', 'x-el']]);
  const ok = source();
  // src/define.ts is absent from this manifest: every entry must be analysed
  expect(() =>
    toPackage(ok as never, { entries, tags, events: new Map([['x-change', 'CustomEvent<ChangeDetail>']]) }),
  ).toThrow(/no module src\/define.ts/);
  const one = { entries: entries.slice(0, 1), tags };
  const good = source();
  toPackage(good as never, { ...one, events: new Map([['x-change', 'CustomEvent<ChangeDetail>']]) });
  expect(good.modules.map((m) => m.path)).toEqual(['dist/x.js']);
  expect((good.modules[0] as Manifest['modules'][number]).declarations?.[0]?.tagName).toBe('x-el');
  expect(() => toPackage(source() as never, { ...one, events: new Map() })).toThrow(
    /XEl fires x-change, which .* does not type/,
  );
  expect(() =>
    toPackage(source() as never, {
      ...one,
      events: new Map([
        ['x-change', 'CustomEvent<ChangeDetail>'],
        ['x-gone', 'CustomEvent<GoneDetail>'],
      ]),
    }),
  ).toThrow(/events no element documents with @fires: x-gone/);
});

test('manifest plugin: tags come from the registry calls of src/widget/register.ts', () => {
  expect([...registeredTags(join(ROOT, 'src/widget/register.ts'))]).toEqual([
    ['IdmobileGauge', 'idmobile-gauge'],
    ['IdmobileCheck', 'idmobile-check'],
  ]);
});
