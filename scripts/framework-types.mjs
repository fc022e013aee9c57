// @ts-check
/**
 * `npm run build`'s last type step: from custom-elements.json (and nothing written by hand per property or
 * event), the declarations that teach React 19, Vue and Svelte templates the package's elements, written to
 * dist/types/frameworks/{react,vue,svelte}.d.ts and exported as the types-only entries `idmobile-check/react`,
 * `/vue` and `/svelte`. An app includes one once: `import type {} from 'idmobile-check/react';` (erased from the
 * JavaScript; a `/// <reference types="idmobile-check/react" />` or tsconfig's `types` works too).
 *
 * Per element (a manifest class with a `tagName`): each public writable field is a property (typed as the
 * manifest types it; React 19, Vue 3 and Svelte 5 set it as a property when the element has it), each attribute
 * whose name differs from its field is an attribute (`relay-url`), and each event is a handler typed with its
 * `CustomEvent<Detail>`, spelled as the framework binds it: `onidmobile-result` (React 19, Svelte 5),
 * `@idmobile-result` (Vue, the `onIdmobileResult` prop). Type names come from the package's root entry: a name it
 * does not export fails the build, as a silently `any` type would otherwise pass every check.
 * Proved by test/node/types/framework-types.spec.ts (good and bad fixtures type-checked as a consumer does).
 *   node scripts/framework-types.mjs [manifest] [outdir]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ name: string, type?: { text: string }, description?: string, deprecated?: unknown }} Typed
 * @typedef {{ kind: string, name: string, type?: { text: string }, description?: string, static?: boolean,
 *   readonly?: boolean, privacy?: string, attribute?: string }} Member
 * @typedef {{ name: string, fieldName?: string, type?: { text: string }, description?: string }} Attribute
 * @typedef {{ kind: string, name: string, tagName?: string, description?: string, members?: Member[],
 *   attributes?: Attribute[], events?: Typed[] }} Declaration
 * @typedef {{ kind: string, name: string, declaration: { name: string, module?: string } }} Export
 * @typedef {{ path: string, declarations?: Declaration[], exports?: Export[] }} Module
 * @typedef {{ modules: Module[] }} Manifest
 * @typedef {{ name: string, type: string, doc: string }} Binding
 * @typedef {{ tag: string, className: string, doc: string, properties: Binding[], attributes: Binding[],
 *   events: Binding[] }} Element
 */

/** Names a type may use without the package exporting them: TypeScript's and the DOM's own. */
const GLOBAL_TYPES = new Set([
  'string',
  'number',
  'boolean',
  'null',
  'undefined',
  'unknown',
  'readonly',
  'Partial',
  'Readonly',
  'Record',
  'Array',
  'CustomEvent',
  'Event',
  'HTMLElement',
  'HTMLFormElement',
  'ValidityState',
]);

/**
 * The identifiers a manifest type text names (`Partial<Record<MessageKey, string>> | null` → Partial, Record,
 * MessageKey, string, null); string literals are skipped.
 * @param {string} text
 * @returns {string[]}
 */
export function typeNames(text) {
  return [...text.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '').matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
}

/** @param {string} s `idmobile-result` → `IdmobileResult` */
const pascal = (s) => s.replace(/(^|-)([a-z0-9])/g, (_, _dash, c) => String(c).toUpperCase());

/** @param {string | undefined} text the manifest's description, as a JSDoc comment (empty when none) */
function jsdoc(text, indent = '  ') {
  if (!text) return '';
  const lines = text.replaceAll('*/', '*\\/').split('\n');
  return lines.length === 1
    ? `${indent}/** ${lines[0]} */\n`
    : `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/**
 * The elements of the manifest, with what a template may bind on each.
 * @param {Manifest} manifest
 * @returns {Element[]}
 */
export function elementsOf(manifest) {
  /** @type {Element[]} */
  const out = [];
  for (const mod of manifest.modules) {
    for (const d of mod.declarations ?? []) {
      if (d.kind !== 'class' || !d.tagName) continue;
      const fields = (d.members ?? []).filter(
        (m) =>
          m.kind === 'field' &&
          !m.static &&
          !m.readonly &&
          !m.name.startsWith('#') &&
          (m.privacy ?? 'public') === 'public',
      );
      const missing = [...fields, ...(d.events ?? [])].filter((b) => !b.type?.text).map((b) => b.name);
      if (missing.length) throw new Error(`custom-elements.json: ${d.tagName} has untyped ${missing.join(', ')}`);
      const names = new Set(fields.map((f) => f.name));
      out.push({
        tag: d.tagName,
        className: d.name,
        doc: d.description ?? '',
        properties: fields.map((f) => ({ name: f.name, type: String(f.type?.text), doc: f.description ?? '' })),
        // an attribute spelled differently from its property (`relay-url`); attributes named as their
        // property (`fields`) are that property in every framework
        attributes: (d.attributes ?? [])
          .filter((a) => a.fieldName && !names.has(a.name) && names.has(a.fieldName))
          .map((a) => ({
            name: a.name,
            type: a.type?.text ?? 'string',
            doc: a.description ?? `The \`${a.fieldName}\` property as an attribute.`,
          })),
        events: (d.events ?? []).map((e) => ({ name: e.name, type: String(e.type?.text), doc: e.description ?? '' })),
      });
    }
  }
  if (!out.length) throw new Error('custom-elements.json: no element with a tagName');
  return out;
}

/**
 * The `import type` line of the names the elements' types use, all from the package's root entry (the first
 * module, whose exports the package's `.` entry has); throws on a name it does not export.
 * @param {Manifest} manifest
 * @param {Element[]} elements
 * @param {string} pkg
 */
function importLine(manifest, elements, pkg) {
  const exported = new Set((manifest.modules[0]?.exports ?? []).map((e) => e.name));
  const used = new Set(elements.map((e) => e.className));
  for (const e of elements)
    for (const b of [...e.properties, ...e.attributes, ...e.events])
      for (const n of typeNames(b.type)) if (!GLOBAL_TYPES.has(n)) used.add(n);
  const unknown = [...used].filter((n) => !exported.has(n));
  if (unknown.length)
    throw new Error(`custom-elements.json: ${unknown.join(', ')} used in element types but not exported by ${pkg}`);
  return `import type { ${[...used].sort().join(', ')} } from '${pkg}';\n`;
}

/**
 * The body of one element's props interface: properties, differing attributes, then the handlers.
 * @param {Element} el
 * @param {(event: Binding) => string[]} handlers  the handler names of an event, as the framework spells them
 * @param {false | ((attribute: Binding) => Binding)} attributes  how the framework binds an attribute by its own
 *   name (React, Svelte), or false when it binds the property instead (Vue: `relay-url` is `relayUrl`)
 */
function members(el, handlers, attributes) {
  const q = (/** @type {string} */ n) => (/^[A-Za-z_$][\w$]*$/.test(n) ? n : `'${n}'`);
  let s = '';
  for (const p of el.properties) s += `${jsdoc(p.doc)}  ${q(p.name)}?: ${p.type};\n`;
  if (attributes) for (const a of el.attributes.map(attributes)) s += `${jsdoc(a.doc)}  ${q(a.name)}?: ${a.type};\n`;
  for (const e of el.events)
    for (const h of handlers(e)) s += `${jsdoc(e.doc)}  ${q(h)}?: (event: ${e.type}) => void;\n`;
  return s;
}

/**
 * Svelte writes an attribute's value as text: `false` becomes `"false"`, which turns a boolean attribute ON. A
 * boolean attribute is therefore only `true` (written bare); its property (`submitWithForm={…}`) switches it.
 * @param {Binding} a
 * @returns {Binding}
 */
function svelteAttribute(a) {
  if (a.type !== 'boolean') return a;
  return {
    ...a,
    type: 'true',
    doc: `${a.doc}\nWritten bare (Svelte would write \`false\` as "false", which is on): bind the property to switch it.`,
  };
}

const HEADER = (/** @type {string} */ what, /** @type {string} */ use) =>
  `// Generated by scripts/framework-types.mjs from custom-elements.json: do not edit.\n` +
  `/**\n * ${what}\n * Include once in the app: ${use}\n */\n`;

/**
 * The three declaration files, by file name.
 * @param {Manifest} manifest
 * @param {{ pkg?: string }} [options]  the package name the files import the element types from
 * @returns {Map<string, string>}
 */
export function frameworkTypes(manifest, { pkg = 'idmobile-check' } = {}) {
  const elements = elementsOf(manifest);
  const imports = importLine(manifest, elements, pkg);
  const props = (/** @type {Element} */ el, /** @type {string} */ suffix) => `${el.className}${suffix}`;
  /** @type {Map<string, string>} */
  const files = new Map();

  // React 19: properties and `on<event-name>` handlers on the element itself (no wrapper)
  files.set(
    'react.d.ts',
    HEADER(
      'React 19 JSX types of the elements: properties, attributes and `on<event-name>` handlers typed with their details.',
      `\`import type {} from '${pkg}/react';\``,
    ) +
      `import type { DetailedHTMLProps, HTMLAttributes } from 'react';\n${imports}\n` +
      elements
        .map(
          (el) =>
            jsdoc(`What React 19 passes to \`<${el.tag}>\`: properties, attributes, event handlers.`, '') +
            `export interface ${props(el, 'Props')} {\n${members(
              el,
              (e) => [`on${e.name}`],
              (a) => a,
            )}}\n`,
        )
        .join('\n') +
      `\ndeclare module 'react' {\n  // eslint-disable-next-line @typescript-eslint/no-namespace\n  namespace JSX {\n    interface IntrinsicElements {\n` +
      elements
        .map(
          (el) =>
            `      '${el.tag}': Omit<DetailedHTMLProps<HTMLAttributes<${el.className}>, ${el.className}>, keyof ${props(el, 'Props')}> &\n        ${props(el, 'Props')};\n`,
        )
        .join('') +
      `    }\n  }\n}\n`,
  );

  // Vue 3: the element as a global component whose $props are its properties and `on<Event>` handlers
  // (`@idmobile-result` is the `onIdmobileResult` prop), the recipe of Vue's guide for non-Vue custom elements
  files.set(
    'vue.d.ts',
    HEADER(
      'Vue 3 template types of the elements (`GlobalComponents`): properties, and `@event` handlers typed with their details. Also set `isCustomElement` in the Vue compiler options (vite.config.ts).',
      `\`import type {} from '${pkg}/vue';\``,
    ) +
      `import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';\n${imports}\n` +
      elements
        .map(
          (el) =>
            jsdoc(
              `What a Vue template binds on \`<${el.tag}>\`: properties (\`relay-url\` is \`relayUrl\`) and \`@event\` handlers.`,
              '',
            ) +
            `export interface ${props(el, 'Props')} {\n${members(el, (e) => [`on${pascal(e.name)}`], false)}}\n` +
            `/** The events of \`<${el.tag}>\`, by name. */\n` +
            `export interface ${props(el, 'Events')} {\n${el.events.map((e) => `  '${e.name}': ${e.type};\n`).join('')}}\n`,
        )
        .join('\n') +
      `\ndeclare module 'vue' {\n  interface GlobalComponents {\n` +
      elements
        .map(
          (el) =>
            `    '${el.tag}': new () => ${el.className} & {\n` +
            `      /** @deprecated for template types only: never read it on the element. */\n` +
            `      $props: Omit<HTMLAttributes, keyof ${props(el, 'Props')}> & ${props(el, 'Props')} & PublicProps;\n` +
            `      /** @deprecated for template types only: the element dispatches DOM events. */\n` +
            `      $emit: EmitFn<{ [K in keyof ${props(el, 'Events')}]: (event: ${props(el, 'Events')}[K]) => void }>;\n` +
            `    };\n`,
        )
        .join('') +
      `  }\n}\n`,
  );

  // Svelte 5: `svelte/elements`' intrinsic elements; `onidmobile-result` (Svelte 5) and `on:idmobile-result`
  files.set(
    'svelte.d.ts',
    HEADER(
      'Svelte 5 types of the elements (`svelte/elements`): properties, attributes and event handlers typed with their details.',
      `\`import type {} from '${pkg}/svelte';\``,
    ) +
      `import type { HTMLAttributes } from 'svelte/elements';\n${imports}\n` +
      elements
        .map(
          (el) =>
            jsdoc(`What Svelte passes to \`<${el.tag}>\`: properties, attributes, event handlers.`, '') +
            `export interface ${props(el, 'Props')} {\n${members(el, (e) => [`on${e.name}`, `on:${e.name}`], svelteAttribute)}}\n`,
        )
        .join('\n') +
      `\ndeclare module 'svelte/elements' {\n  interface SvelteHTMLElements {\n` +
      elements
        .map(
          (el) =>
            `    '${el.tag}': Omit<HTMLAttributes<${el.className}>, keyof ${props(el, 'Props')}> & ${props(el, 'Props')};\n`,
        )
        .join('') +
      `  }\n}\n`,
  );
  return files;
}

/**
 * Reads the manifest and writes the files into `outdir`.
 * @param {string} manifestPath
 * @param {string} outdir
 * @returns {string[]} the paths written
 */
export function writeFrameworkTypes(manifestPath, outdir) {
  const manifest = /** @type {Manifest} */ (JSON.parse(readFileSync(manifestPath, 'utf8')));
  mkdirSync(outdir, { recursive: true });
  return [...frameworkTypes(manifest)].map(([name, text]) => {
    const path = join(outdir, name);
    writeFileSync(path, text);
    return path;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const [manifest = join(root, 'custom-elements.json'), outdir = join(root, 'dist/types/frameworks')] =
    process.argv.slice(2);
  try {
    writeFrameworkTypes(manifest, outdir);
  } catch (e) {
    console.error(`✖ framework types: ${/** @type {Error} */ (e).message}`);
    process.exit(1);
  }
}
