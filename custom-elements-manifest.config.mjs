// @ts-check
// `cem analyze` (run by `npm run build`): documents the elements from their JSDoc into custom-elements.json, then
// `packagePlugin` turns the sources' view into the package's view, the one wrapper and type generators read
// (scripts/framework-types.mjs is one): module paths are the built files the package ships, both elements carry
// their tag names (registered by src/widget/register.ts), every event has its type (src/widget/events.ts's
// `IdmobileEventMap`), and nothing private is left. Proved by test/node/types/custom-elements.spec.ts.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * The package's entries, in order: a declaration moves to the first entry that exports it. Each is the built
 * file of a source module (scripts/build.mjs: the ESM entries `idmobile-check` and `define`).
 */
const ENTRIES = [
  { source: 'src/widget/index.ts', path: 'dist/idmobile-check.js' },
  { source: 'src/widget/define.ts', path: 'dist/define.js' },
];
const REGISTER = 'src/widget/register.ts';
const EVENTS = 'src/widget/events.ts';
const EVENT_MAP = 'IdmobileEventMap';

/** @param {string} path */
const parse = (path) => ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);

/**
 * Tag names by class name, from the `registry.define('<tag>', <Class>)` calls of `path`.
 * @param {string} path
 * @returns {Map<string, string>}
 */
export function registeredTags(path) {
  /** @type {Map<string, string>} */
  const tags = new Map();
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'define'
    ) {
      const [tag, cls] = node.arguments;
      if (tag && cls && ts.isStringLiteral(tag) && ts.isIdentifier(cls)) tags.set(cls.text, tag.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(path));
  return tags;
}

/**
 * The event types by event name, from the members of interface `name` in `path` (`'idmobile-submit':
 * CustomEvent<SubmitDetail>`).
 * @param {string} path
 * @param {string} name
 * @returns {Map<string, string>}
 */
export function eventTypes(path, name) {
  const file = parse(path);
  const map = file.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!map || !ts.isInterfaceDeclaration(map)) throw new Error(`${path}: no interface ${name}`);
  /** @type {Map<string, string>} */
  const types = new Map();
  for (const m of map.members) {
    if (ts.isPropertySignature(m) && m.type && m.name && (ts.isStringLiteral(m.name) || ts.isIdentifier(m.name)))
      types.set(m.name.text, m.type.getText(file));
  }
  return types;
}

/**
 * The parts of the manifest (schema 2.x) this plugin reads and writes.
 * @typedef {{ name: string, module?: string }} Reference
 * @typedef {{ kind: string, name: string, declaration: Reference }} Export
 * @typedef {{ kind: string, name: string, tagName?: string, customElement?: boolean,
 *   members?: { name: string, privacy?: string }[], events?: { name: string, type?: { text: string } }[] }} Declaration
 * @typedef {{ kind: string, path: string, declarations?: Declaration[], exports?: Export[] }} Module
 * @typedef {{ modules: Module[] }} Package
 */

/**
 * Rewrites the manifest in place into the package's modules (see the file's comment). Throws, failing the build,
 * when an event has no type in the event map or the map has an event no element documents.
 * @param {Package} manifest
 * @param {{ entries: typeof ENTRIES, tags: Map<string, string>, events: Map<string, string> }} from
 */
export function toPackage(manifest, { entries, tags, events }) {
  const bySource = new Map(manifest.modules.map((m) => [m.path, m]));
  /** Where each class is declared in the sources: `{module}` of the analyzer's references is the source path. */
  /** @type {Map<string, Declaration>} */
  const declarations = new Map();
  for (const m of manifest.modules)
    for (const d of m.declarations ?? []) if (d.kind === 'class') declarations.set(d.name, d);

  /** @type {Map<string, string>} the package module of each declaration */
  const home = new Map();
  /** @type {Module[]} */
  const modules = entries.map(({ source, path }) => {
    const mod = bySource.get(source);
    if (!mod) throw new Error(`custom-elements.json: no module ${source} (check the globs)`);
    /** @type {Declaration[]} */
    const own = [];
    for (const e of mod.exports ?? []) {
      const d = declarations.get(e.declaration.name);
      if (d && !home.has(d.name)) {
        home.set(d.name, path);
        own.push(d);
      }
    }
    return { kind: 'javascript-module', path, declarations: own, exports: mod.exports ?? [] };
  });

  const documented = new Set();
  for (const [name, d] of declarations) {
    if (d.kind !== 'class') continue;
    const tag = tags.get(name);
    if (tag) Object.assign(d, { tagName: tag, customElement: true });
    // the package's public face: no `#private`, private or `@internal` member
    d.members = (d.members ?? []).filter((m) => !m.name.startsWith('#') && m.privacy !== 'private');
    for (const ev of d.events ?? []) {
      const type = events.get(ev.name);
      if (!type) throw new Error(`${name} fires ${ev.name}, which ${EVENTS}'s ${EVENT_MAP} does not type`);
      ev.type = { text: type };
      documented.add(ev.name);
    }
  }
  const untyped = [...events.keys()].filter((e) => !documented.has(e));
  if (untyped.length) throw new Error(`${EVENT_MAP} has events no element documents with @fires: ${untyped}`);

  for (const mod of modules) {
    mod.exports = mod.exports?.map((e) => ({
      ...e,
      declaration: { name: e.declaration.name, module: home.get(e.declaration.name) ?? mod.path },
    }));
  }
  // the tag definitions: in the entry that registers them (`idmobile-check/define`)
  const define = modules.find((m) => m.path === entries[1]?.path);
  for (const [name, tag] of tags) {
    const module = home.get(name);
    if (!module) throw new Error(`${REGISTER} defines ${tag} with ${name}, which no entry exports`);
    define?.exports?.push({ kind: 'custom-element-definition', name: tag, declaration: { name, module } });
  }
  manifest.modules = modules;
}

/** The analyzer plugin: its last phase, once every module is linked. */
function packagePlugin() {
  return {
    name: 'idmobile-package',
    /** @param {{ customElementsManifest: Package }} phase */
    packageLinkPhase({ customElementsManifest }) {
      toPackage(customElementsManifest, {
        entries: ENTRIES,
        tags: registeredTags(REGISTER),
        events: eventTypes(EVENTS, EVENT_MAP),
      });
    },
  };
}

export default {
  globs: ['src/widget/idmobile-check.ts', 'src/widget/idmobile-gauge.ts', ...ENTRIES.map((e) => e.source)],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [packagePlugin()],
};
