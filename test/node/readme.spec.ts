// The README's element tables are checked against custom-elements.json (generated from the element's JSDoc).
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

test('README documents every attribute, event, part and custom property of the manifest', () => {
  if (!existsSync(new URL('custom-elements.json', root))) {
    execFileSync('npx', ['--no-install', 'cem', 'analyze', '--quiet'], { cwd: root });
  }
  const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const element = manifest.modules
    .flatMap((m: { declarations?: unknown[] }) => m.declarations ?? [])
    .find((d: { tagName?: string }) => d.tagName === 'idmobile-check');
  expect(element, 'idmobile-check in the manifest').toBeTruthy();
  const names = [
    ...element.attributes.map((a: { name: string }) => a.name),
    ...element.events.map((e: { name: string }) => e.name),
    ...element.cssParts.map((p: { name: string }) => p.name),
    ...element.cssProperties.map((p: { name: string }) => p.name),
    ...element.members
      .filter(
        (m: { privacy?: string; static?: boolean; kind: string; attribute?: string }) =>
          !m.privacy && !m.static && !m.attribute,
      )
      .map((m: { name: string; kind: string }) => (m.kind === 'method' ? `${m.name}()` : m.name)),
  ];
  expect(names.length).toBeGreaterThan(40);
  const missing = names.filter(
    (n) => !readme.includes(`| \`${n}\``) && !readme.includes(`\`${n}\`,`) && !readme.includes(`\`${n}\` |`),
  );
  expect(missing, 'documented in a README table').toEqual([]);
});
