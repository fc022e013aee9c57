/**
 * The README's error reference is the code's: regenerated from the error catalogue, the relay's texts and the
 * widget's English messages, it must equal the README's block (run `npx tsx scripts/error-reference.ts`).
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { END, errorReference, START } from '../../scripts/error-reference.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('the README’s error reference is the one the code generates', () => {
  const start = README.indexOf(START);
  const end = README.indexOf(END);
  expect(start, 'the markers are in the README').toBeGreaterThan(0);
  expect(README.slice(start, end + END.length)).toBe(errorReference());
});

test('every id is there once, with the relay’s status for its own ids', () => {
  const rows = errorReference()
    .split('\n')
    .filter((l) => l.startsWith('| `'));
  const ids = rows.map((r) => /^\| `([^`]+)`/.exec(r)![1]);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ['09', '21', 'R428', 'R429', 'line_mismatch', 'consent_refused', 'timeout'])
    expect(ids).toContain(id);
  expect(rows.find((r) => r.startsWith('| `R428`'))).toContain('relay (HTTP 428)');
  expect(rows.find((r) => r.startsWith('| `line_mismatch`'))).toContain('phone input');
});
