// Finds a Chromium for the browser tests: CHROME_PATH, Debian's package, or Playwright's own cache.
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
];

export async function findChromium() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  try {
    const { chromium } = await import('playwright');
    candidates.push(chromium.executablePath());
  } catch {
    /* playwright not installed: no cache to look in */
  }
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

export const NO_CHROMIUM =
  'No Chromium found: install one (Debian/Ubuntu: apt-get install -y chromium) or set CHROME_PATH to a Chrome/Chromium binary.';
