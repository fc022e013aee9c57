/** The README's marked files are read as a reader would copy them (test/readme/readme-files.ts). */
import { expect, test } from '@playwright/test';
import { appFiles, readmeFiles } from '../readme/readme-files.js';

const doc = [
  'Some prose.',
  '<!-- file: shop/index.html -->',
  '```html',
  '<p>hi</p>',
  '```',
  '- a list item',
  '  <!-- file: shop/src/main.ts -->',
  '  ```ts',
  '  const a = 1;',
  '  ```',
].join('\n');

test('a marked block is the whole file, its list indentation removed', () => {
  expect(readmeFiles(doc)).toEqual([
    { app: 'shop', path: 'index.html', content: '<p>hi</p>\n', line: 2 },
    { app: 'shop', path: 'src/main.ts', content: 'const a = 1;\n', line: 7 },
  ]);
  expect([...appFiles('shop', doc).keys()]).toEqual(['index.html', 'src/main.ts']);
});

test('a marker without a fence, a path out of its app, a path twice or an unknown app is refused', () => {
  expect(() => readmeFiles('<!-- file: a/x.ts -->\ntext')).toThrow(/not followed by a code fence/);
  expect(() => readmeFiles('<!-- file: a/../x.ts -->\n```\n```')).toThrow(/inside its app/);
  expect(() => readmeFiles('<!-- file: a/x.ts -->\n```\n```\n<!-- file: a/x.ts -->\n```\n```')).toThrow(/twice/);
  expect(() => readmeFiles('<!-- file: a/x.ts -->\n```\nno end')).toThrow(/never closed/);
  expect(() => appFiles('nope', doc)).toThrow(/no file for the app "nope"/);
});
