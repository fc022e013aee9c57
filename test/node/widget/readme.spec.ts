// The README's element tables are checked against custom-elements.json (generated from the element's JSDoc).
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../../', import.meta.url);

interface Named {
  name: string;
}
interface Member extends Named {
  kind: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
}
interface Declaration {
  tagName?: string;
  attributes: Named[];
  events: Named[];
  cssParts: Named[];
  cssProperties: Named[];
  members: Member[];
}
interface Manifest {
  modules: Array<{ declarations?: Declaration[] }>;
}

test('README documents every attribute, event, part and custom property of the manifest', () => {
  if (!existsSync(new URL('custom-elements.json', root))) {
    execFileSync('npx', ['--no-install', 'cem', 'analyze', '--quiet'], { cwd: root });
  }
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8')) as Manifest;
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'idmobile-check');
  expect(element, 'idmobile-check in the manifest').toBeTruthy();
  if (!element) return;
  const names = [
    ...element.attributes.map((a) => a.name),
    ...element.events.map((e) => e.name),
    ...element.cssParts.map((p) => p.name),
    ...element.cssProperties.map((p) => p.name),
    ...element.members
      .filter((m) => (m.privacy ?? 'public') === 'public' && !m.static && !m.attribute)
      .map((m) => (m.kind === 'method' ? `${m.name}()` : m.name)),
  ];
  expect(names.length).toBeGreaterThan(40);
  const missing = names.filter(
    (n) => !readme.includes(`| \`${n}\``) && !readme.includes(`\`${n}\`,`) && !readme.includes(`\`${n}\` |`),
  );
  expect(missing, 'documented in a README table').toEqual([]);
});
