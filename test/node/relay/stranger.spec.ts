/**
 * Issue 23, through the real stack (the package's `idmobile-relay` command on its test mode, over HTTP, as the
 * widget calls it): a stranger who has a subscriber's number and knows one name tries first names. The relay's
 * default disclosure (bands) shows no percentage to climb, only each name's band; and with the per-(phone, client)
 * limit on, as outside test mode, the twelve tries from one client are cut after five.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startRelayProcess, type RelayProcess } from './relay-process.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ORIGIN = 'http://localhost:5173';
const CAMILLE = '+33612345678'; // Camille Martin's line (test mode)
const GUESSES = ['Camila', 'Camile', 'Camille', 'Yvonne', 'Carole', 'Céline', 'Chloé', 'Anne', 'Marie', 'Julie'];

let relay: RelayProcess;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (!existsSync(`${ROOT}dist/relay/node.js`)) {
    expect(spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' }).status).toBe(0);
  }
  relay = await startRelayProcess('bin/idmobile-relay.mjs', ROOT, {
    PORT: '0',
    HOST: '127.0.0.1',
    RELAY_MODE: 'test',
    RELAY_ALLOWED_ORIGINS: ORIGIN,
    RELAY_PHONE_CLIENT_LIMIT: '5', // the default outside test mode
  });
});
test.afterAll(() => relay.stop());

const check = async (given_name: string) => {
  const res = await fetch(`http://127.0.0.1:${relay.port}/match`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({
      v: 3,
      scope: 'matching_notp',
      phone: CAMILLE,
      identity: { given_name, family_name: 'Martin', address: { postal_code: '75002', country: 'FR' } },
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

test('a stranger who knows one name: bands only, no percentage; cut after the per-(phone, client) limit', async () => {
  const answers = [];
  for (const guess of [...GUESSES, 'Camille', 'Camille']) answers.push({ guess, ...(await check(guess)) }); // 12
  const served = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status !== 200);
  expect(served).toHaveLength(5);
  expect(refused).toHaveLength(7);
  for (const a of refused) expect(a.body).toMatchObject({ status: 'error', error_id: 'R429' });
  for (const { guess, body } of served) {
    expect(body['disclosure'], guess).toBe('bands');
    // every number the browser gets is a band's level: nothing says how near a wrong guess came
    const numbers = JSON.stringify(body).match(/:(\d+(\.\d+)?)[,}]/g) ?? [];
    for (const n of numbers) expect(['0', '0.6', '1'], `${guess}: ${n}`).toContain(n.slice(1, -1));
  }
  // near misses and far misses read the same: "Camila" and "Camile" are partial, exactly as near as each other
  const given = (g: string) => served.find((a) => a.guess === g)?.body['given_name'];
  expect(given('Camila')).toBe(given('Camile'));
  expect(given('Camille')).toBe(1);
  expect(given('Yvonne')).toBe(0);
});
