// @ts-check
/**
 * WebKitGTK through W3C WebDriver: starts `WebKitWebDriver` on a free local port (under `xvfb-run -a` when there
 * is no display: MiniBrowser has no headless mode), waits until its `/status` says ready, and stops it with
 * everything it started (driver, MiniBrowser, Xvfb: one process group). Used by the component suite's launcher
 * (scripts/wtr-webkit-launcher.mjs) and the WebKit end-to-end smoke (test/e2e-webkit/).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * WebDriver capabilities for MiniBrowser. `wdio:enforceWebDriverClassic`: webdriverio 9 asks for a BiDi
 * `webSocketUrl` by default, which WebKitWebDriver refuses.
 * @param {import('./engines.mjs').WebKit} webkit
 */
export function webkitCapabilities(webkit) {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: webkit.browser, args: ['--automation'] },
    'wdio:enforceWebDriverClassic': true,
  };
}

/** A free TCP port on 127.0.0.1 (the OS picks one; the small window before the driver binds it is accepted). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * @typedef {object} RunningDriver
 * @property {number} port
 * @property {string} hostname
 * @property {() => Promise<void>} stop  kills the driver's process group (idempotent)
 */

/**
 * @param {import('./engines.mjs').WebKit} webkit
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<RunningDriver>}
 */
export async function startWebKitDriver(webkit, { timeoutMs = 30_000 } = {}) {
  const port = /** @type {number} */ (await freePort());
  const hostname = '127.0.0.1';
  const driverArgs = [`--port=${port}`, `--host=${hostname}`];
  const [command, args] = webkit.xvfbRun
    ? [webkit.xvfbRun, ['-a', '-s', '-screen 0 1280x1024x24', webkit.driver, ...driverArgs]]
    : [webkit.driver, driverArgs];
  // its own process group: stop() signals the group, so Xvfb and MiniBrowser go with the driver
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => child.on('exit', () => resolve()));
  const state = { gone: false };
  void exited.then(() => (state.gone = true));
  /** @type {Promise<never>} */
  const spawnError = new Promise((_, reject) => child.on('error', reject));
  spawnError.catch(() => {}); // read in ready(); never an unhandled rejection

  const stop = async () => {
    if (state.gone || child.pid === undefined) return;
    signalGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (state.gone) throw new Error(`${command} exited before it was ready:\n${output.trim()}`);
    if (await ready(hostname, port, spawnError)) return { port, hostname, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `WebKitWebDriver did not answer on ${hostname}:${port} within ${timeoutMs} ms:\n${output.trim()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/**
 * Does the driver's `/status` say ready? False while it is not listening yet.
 * @param {string} hostname
 * @param {number} port
 * @param {Promise<never>} spawnError  rejects when the binary could not be started at all
 */
async function ready(hostname, port, spawnError) {
  try {
    const response = await Promise.race([
      fetch(`http://${hostname}:${port}/status`, { signal: AbortSignal.timeout(1000) }),
      spawnError,
    ]);
    if (!response.ok) return false;
    const body = /** @type {{ value?: { ready?: unknown } }} */ (await response.json());
    return body.value?.ready === true;
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') throw e;
    return false;
  }
}
