/**
 * README "Consent round trip": the Vite React 19 app, rebuilt from the README alone and built with Vite, in front
 * of the Quickstart's `server.mjs` and `npx idmobile-relay`; the consent round trip with a page that keeps nothing.
 */
import { test } from '@playwright/test';
import { launchApp, type RunningApp } from './apps.js';
import { expectConsentRoundTrip, expectRefusedRoundTrip } from './round-trip.js';

let app: RunningApp | undefined;
test.beforeAll(async () => {
  app = await launchApp({
    app: 'react',
    modules: ['react', 'react-dom', 'vite'],
    build: 'vite',
    backend: { app: 'plain', command: process.execPath, args: ['server.mjs'] },
  });
});
test.afterAll(() => app?.stop());

test('React 19 app: the consent round trip places the verified order', async ({ page }) => {
  await expectConsentRoundTrip(page, app!);
});

test('React 19 app: consent refused, the form refilled, no order sent', async ({ page }) => {
  await expectRefusedRoundTrip(page, app!);
});
