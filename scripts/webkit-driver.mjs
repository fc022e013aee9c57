// @ts-check
/**
 * WebKitGTK through W3C WebDriver (Linux, where Playwright's own WebKit is not installed): starts `WebKitWebDriver`
 * on a free local port (under `xvfb-run -a` when there is no display: MiniBrowser has no headless mode), waits
 * until its `/status` says ready, and stops it with everything it started (driver, MiniBrowser, Xvfb: one process
 * group). `WebKitLauncher` is `@web/test-runner-webdriver`'s launcher with that driver managed; the WebKit
 * end-to-end smoke (test/e2e-webkit/) uses `startWebKitDriver` with webdriverio.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebdriverLauncher } from '@web/test-runner-webdriver';

/**
 * @typedef {{ executablePath: string, driver?: string, xvfbRun?: string | null }} WebKitGtk  (browsers.mjs's Found)
 * @typedef {{ port: number, hostname: string, stop: () => Promise<void> }} RunningDriver
 */

/**
 * WebDriver capabilities for MiniBrowser. `wdio:enforceWebDriverClassic`: webdriverio 9 asks for a BiDi
 * `webSocketUrl` by default, which WebKitWebDriver refuses.
 * @param {WebKitGtk} webkit
 */
export const webkitCapabilities = (webkit) => ({
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': { binary: webkit.executablePath, args: ['--automation'] },
  'wdio:enforceWebDriverClassic': true,
});

/** A free TCP port on 127.0.0.1 (the small window before the driver binds it is accepted). */
function freePort() {
  return /** @type {Promise<number>} */ (
    new Promise((resolve, reject) => {
      const server = createServer().on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() =>
          typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
        );
      });
    })
  );
}

/**
 * @param {WebKitGtk} webkit
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<RunningDriver>}
 */
export async function startWebKitDriver(webkit, { timeoutMs = 30_000 } = {}) {
  if (!webkit.driver) throw new Error('no WebKitWebDriver: this WebKit is not WebKitGTK');
  const [port, hostname] = [await freePort(), '127.0.0.1'];
  const driverArgs = [webkit.driver, `--port=${port}`, `--host=${hostname}`];
  const [command = '', ...args] = webkit.xvfbRun
    ? [webkit.xvfbRun, '-a', '-s', '-screen 0 1280x1024x24', ...driverArgs]
    : driverArgs;
  // its own process group: stop() signals the group, so Xvfb and MiniBrowser go with the driver
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => (output = (output + chunk.toString()).slice(-4000)));
  const state = { failed: /** @type {Error | null} */ (null), gone: false };
  child.on('error', (e) => (state.failed = e));
  const exited = new Promise((resolve) => child.on('close', () => resolve((state.gone = true))));
  const signal = (/** @type {NodeJS.Signals} */ name) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      /* already gone */
    }
  };
  const stop = async () => {
    if (state.gone || child.pid === undefined) return;
    signal('SIGTERM');
    const kill = setTimeout(() => signal('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (state.failed) throw state.failed;
    if (state.gone) throw new Error(`${command} exited before it was ready:\n${output.trim()}`);
    const ready = await fetch(`http://${hostname}:${port}/status`, { signal: AbortSignal.timeout(1000) })
      .then(async (r) => r.ok && /** @type {{ value?: { ready?: unknown } }} */ (await r.json()).value?.ready === true)
      .catch(() => false); // not listening yet
    if (ready) return { port, hostname, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `WebKitWebDriver did not answer on ${hostname}:${port} within ${timeoutMs} ms:\n${output.trim()}`,
      );
    }
    await sleep(100); // polling the driver's /status: the condition is its answer
  }
}

/** Web Test Runner's WebDriver launcher, with WebKitWebDriver started in `initialize` and stopped in `stop`. */
export class WebKitLauncher extends WebdriverLauncher {
  /** @type {RunningDriver | undefined} */
  #driver;
  #options;
  #webkit;

  /** @param {WebKitGtk} webkit */
  constructor(webkit) {
    const options = {
      hostname: '127.0.0.1',
      port: 0,
      logLevel: /** @type {const} */ ('error'),
      capabilities: webkitCapabilities(webkit),
    };
    super(options);
    this.#options = options; // its port is filled in once the driver listens
    this.#webkit = webkit;
  }

  /**
   * @override
   * @param {import('@web/test-runner').TestRunnerCoreConfig} config
   */
  async initialize(config) {
    this.#driver = await startWebKitDriver(this.#webkit);
    this.#options.port = this.#driver.port;
    await super.initialize(config);
    this.name = 'WebKit';
  }

  /** @override */
  async stop() {
    try {
      await super.stop();
    } finally {
      await this.#driver?.stop();
      this.#driver = undefined;
    }
  }
}
