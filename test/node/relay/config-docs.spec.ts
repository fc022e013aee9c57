/**
 * The README documents every setting the relay reads, and names none it does not: the configuration code's
 * variable lists (RELAY_ENV_VARIABLES, with the upstreams') against the README's tables.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { RELAY_ENV_VARIABLES } from '../../../src/relay/config.js';
import { UPSTREAM_ENV_VARIABLES } from '../../../src/relay/upstreams/config.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
/** Variables named in the first cell of a table row. */
const tabled = new Set(
  README.split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...(l.split('|')[1] ?? '').matchAll(/`((?:RELAY|DQE|CAMARA|ATTESTATION|PORT|HOST)[A-Z_]*)`/g)])
    .map((m) => m[1]!),
);
const read = new Set([...RELAY_ENV_VARIABLES, ...UPSTREAM_ENV_VARIABLES]);

test('every variable the relay reads has a row in a README table', () => {
  const missing = [...read].filter((v) => !tabled.has(v) && !README.includes(`\`${v}\``));
  expect(missing).toEqual([]);
});

test('every RELAY_/DQE_/CAMARA_ variable a README table names is one the relay reads', () => {
  const unknown = [...tabled].filter((v) => /^(RELAY|DQE|CAMARA)_/.test(v) && !read.has(v));
  expect(unknown).toEqual([]);
});
