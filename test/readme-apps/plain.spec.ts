/**
 * README "Quickstart": the plain page (one `<script>` tag) served by its `server.mjs`, with `npx idmobile-relay`,
 * rebuilt from the README alone; the consent round trip with a page that keeps nothing itself (issue 22).
 */
import { test } from '@playwright/test';
import { launchApp, type RunningApp } from './apps.js';
import { expectConsentRoundTrip, expectRefusedRoundTrip } from './round-trip.js';

let app: RunningApp | undefined;
test.beforeAll(async () => {
  app = await launchApp({ app: 'plain', backend: { app: 'plain', command: process.execPath, args: ['server.mjs'] } });
});
test.afterAll(() => app?.stop());

test('plain page + relay + server.mjs: the consent round trip places the verified order', async ({ page }) => {
  await expectConsentRoundTrip(page, app!);
});

test('plain page + relay + server.mjs: consent refused, the form refilled, no order sent', async ({ page }) => {
  await expectRefusedRoundTrip(page, app!);
});
