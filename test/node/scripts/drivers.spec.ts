/**
 * The two engine drivers the harness manages itself: WebKitWebDriver's lifecycle (scripts/webkit-driver.mjs, with a
 * stand-in driver) and the Firefox BiDi shim's one answer (scripts/firefox-bidi-shim.mjs).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ANSWERED_HERE, route } from '../../../scripts/firefox-bidi-shim.mjs';
import { startWebKitDriver } from '../../../scripts/webkit-driver.mjs';

test.describe('WebKitWebDriver lifecycle (a stand-in driver: a Node script that answers /status)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idmobile-fake-driver-'));
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/usr/bin/env node\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const good = script(
    'driver',
    `const port = Number(process.argv.find((a) => a.startsWith('--port=')).slice(7));
require('node:http').createServer((req, res) => res.end(JSON.stringify({ value: { ready: true } }))).listen(port, '127.0.0.1');`,
  );
  const dies = script('dies', `console.error('cannot open display'); process.exit(3);`);
  const silent = script('silent', `setInterval(() => {}, 1000);`);
  const webkit = (driver: string) => ({ driver, executablePath: '/x/MiniBrowser', xvfbRun: null });

  test('started on a free port, ready, and gone after stop()', async () => {
    const running = await startWebKitDriver(webkit(good));
    const status = await fetch(`http://127.0.0.1:${running.port}/status`);
    expect(((await status.json()) as { value: { ready: boolean } }).value.ready).toBe(true);
    await running.stop();
    await expect(fetch(`http://127.0.0.1:${running.port}/status`)).rejects.toThrow();
    await running.stop(); // twice: harmless
  });

  test('a driver that exits at once: the error says so, with its output', async () => {
    await expect(startWebKitDriver(webkit(dies))).rejects.toThrow(/exited before it was ready:\s+cannot open display/);
  });

  test('a driver that never answers: a timeout, and the process is stopped', async () => {
    await expect(startWebKitDriver(webkit(silent), { timeoutMs: 500 })).rejects.toThrow(/did not answer/);
  });

  test('a driver binary that does not exist: a clear error', async () => {
    await expect(startWebKitDriver(webkit(join(dir, 'missing')))).rejects.toThrow(/ENOENT|exited before/);
  });
});

test.describe('Firefox BiDi shim: answers the command Firefox ESR lacks, relays the rest', () => {
  test('emulation.setMediaFeaturesOverride gets an empty success with its own id', () => {
    expect([...ANSWERED_HERE]).toEqual(['emulation.setMediaFeaturesOverride']);
    const decision = route(
      JSON.stringify({ id: 42, method: 'emulation.setMediaFeaturesOverride', params: { features: {} } }),
    );
    expect(decision.forward).toBe(false);
    expect(JSON.parse(decision.forward ? '' : decision.reply)).toEqual({ type: 'success', id: 42, result: {} });
  });

  for (const text of [
    JSON.stringify({ id: 1, method: 'browsingContext.navigate', params: {} }),
    JSON.stringify({ method: 'emulation.setMediaFeaturesOverride' }), // no id: not a command to answer
    'not json',
    'null',
    '[]',
  ]) {
    test(`passed through: ${text}`, () => {
      expect(route(text)).toEqual({ forward: true });
    });
  }
});
