// @ts-check
/**
 * A Web Test Runner browser launcher for WebKitGTK: `@web/test-runner-webdriver`'s WebdriverLauncher, with the
 * driver managed here. `initialize` starts WebKitWebDriver on a free port (under `xvfb-run -a` when there is no
 * display) and waits for it; `stop` ends the WebDriver session, then the driver with MiniBrowser (and Xvfb).
 */
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { startWebKitDriver, webkitCapabilities } from './webkit-driver.mjs';

export class WebKitLauncher extends WebdriverLauncher {
  /** @type {import('./webkit-driver.mjs').RunningDriver | undefined} */
  #driver;
  /** the options object handed to WebdriverLauncher: its port is filled in once the driver listens */
  #options;
  #webkit;

  /** @param {import('./engines.mjs').WebKit} webkit */
  constructor(webkit) {
    const options = {
      hostname: '127.0.0.1',
      port: 0,
      logLevel: /** @type {const} */ ('error'),
      capabilities: webkitCapabilities(webkit),
    };
    super(options);
    this.#options = options;
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

/** @param {import('./engines.mjs').WebKit} webkit */
export const webkitLauncher = (webkit) => new WebKitLauncher(webkit);
