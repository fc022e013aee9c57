#!/usr/bin/env node
// @ts-check
/**
 * Firefox ESR for Playwright's WebDriver BiDi mode (the `e2e-firefox` project): Playwright launches this script as
 * its Firefox (`executablePath`), with Firefox's arguments, when the Firefox found is a system one (a Firefox from
 * Playwright's cache is launched by Playwright itself). It starts the real Firefox (scripts/browsers.mjs finds it) and puts a small WebSocket relay between Playwright and Firefox's BiDi endpoint, because Playwright sends a
 * command Firefox ESR does not implement: `emulation.setMediaFeaturesOverride` (sent for every new page, to set
 * `prefers-color-scheme`), which Firefox answers "unknown command" and `newPage` fails. The relay answers that one
 * command itself with an empty success and passes every other message through untouched. Consequence: the
 * `colorScheme` option has no effect in that project (Firefox's `ui.systemUsesDarkTheme` pref does that job).
 *
 * Playwright reads the endpoint from the browser's stderr ("WebDriver BiDi listening on ws://…"): this script
 * prints the relay's address in that line, and copies every other line of Firefox's output. It exits with
 * Firefox's status; Playwright stops the whole process group.
 *
 * The WebSocket client and server are the `ws` build Playwright itself ships (playwright-core's utilsBundle): the
 * relay speaks to exactly the client it was written for.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { findEngine } from './browsers.mjs';

/** The BiDi commands Firefox ESR lacks and Playwright sends anyway; answered here with an empty success. */
export const ANSWERED_HERE = new Set(['emulation.setMediaFeaturesOverride']);

const LISTENING = /^WebDriver BiDi listening on (ws:\/\/\S+?)\/?$/;

/**
 * What to do with one message from Playwright: pass it on, or answer it here.
 * @param {string} text
 * @returns {{ forward: true } | { forward: false, reply: string }}
 */
export function route(text) {
  /** @type {unknown} */
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return { forward: true }; // not ours to judge: Firefox answers it
  }
  if (typeof message !== 'object' || message === null) return { forward: true };
  const { id, method } = /** @type {{ id?: unknown, method?: unknown }} */ (message);
  if (typeof method !== 'string' || !ANSWERED_HERE.has(method) || typeof id !== 'number') return { forward: true };
  return { forward: false, reply: JSON.stringify({ type: 'success', id, result: {} }) };
}

/**
 * A relay on 127.0.0.1 to Firefox's BiDi endpoint; resolves to its ws:// address.
 * @param {string} upstream  Firefox's endpoint, without a path (`ws://127.0.0.1:PORT`)
 * @returns {Promise<string>}
 */
async function startRelay(upstream) {
  /** @type {{ ws: any, wsServer: any }} */
  const { ws: WebSocket, wsServer: WebSocketServer } = createRequire(import.meta.url)(
    'playwright-core/lib/utilsBundle',
  );
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 256 * 1024 * 1024 });
  server.on('connection', (/** @type {any} */ client, /** @type {import('node:http').IncomingMessage} */ request) => {
    const firefox = new WebSocket(upstream + (request.url ?? ''), { maxPayload: 256 * 1024 * 1024 });
    /** @type {string[]} */
    const early = [];
    firefox.on('open', () => {
      for (const text of early.splice(0)) firefox.send(text);
    });
    firefox.on('message', (/** @type {Buffer} */ data) => client.send(data.toString()));
    firefox.on('close', () => client.close());
    firefox.on('error', () => client.close());
    client.on('message', (/** @type {Buffer} */ data) => {
      const text = data.toString();
      const decision = route(text);
      if (!decision.forward) client.send(decision.reply);
      else if (firefox.readyState === WebSocket.OPEN) firefox.send(text);
      else early.push(text);
    });
    client.on('close', () => firefox.close());
    client.on('error', () => firefox.close());
  });
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address();
  return `ws://127.0.0.1:${port}`;
}

async function main() {
  const found = await findEngine('firefox');
  if (!found.found) {
    console.error(`firefox-bidi-shim: ${found.missing}`);
    process.exit(1);
  }
  const firefox = spawn(found.executablePath, process.argv.slice(2), { stdio: ['ignore', 'inherit', 'pipe'] });
  for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) {
    process.on(signal, () => firefox.kill(signal));
  }
  firefox.on('error', (e) => {
    console.error(`firefox-bidi-shim: ${found.executablePath}: ${e.message}`);
    process.exit(1);
  });
  firefox.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
  const lines = createInterface({ input: firefox.stderr });
  for await (const line of lines) {
    const listening = LISTENING.exec(line);
    if (listening?.[1]) console.error(`WebDriver BiDi listening on ${await startRelay(listening[1])}`);
    else console.error(line);
  }
}

// run as a program (by Playwright), not when a test imports route()
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();
