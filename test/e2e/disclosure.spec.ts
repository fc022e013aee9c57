/**
 * Issue 13: a stranger's number reveals nothing beyond the names' result, in the relay's answer to the browser,
 * in the widget's events and in its DOM; the verdict the shopper is shown is the one the attestation signs, and the
 * attestation keeps every score for the merchant's backend. Through the real widget, relay (default
 * `RELAY_DISCLOSE=on-name-match`) and test mode.
 */
import { expect, test, type Page } from '@playwright/test';
import { JEAN_PIERRE_LINE } from '../fixtures/subscribers.js';
import { recordEvents, WIDGET_ONLY } from './helpers.js';
import { WITHHELD_FROM_A_STRANGER as NOT_NAMES } from '../fixtures/contract-example.js';

/** What the attack types: the line holder's real details, under someone else's name. */
const HOLDER = JEAN_PIERRE_LINE.record;

interface ResultDetail {
  scores: Record<string, unknown>;
  bands: Record<string, unknown>;
  verdict: string;
  attestation: string | null;
}

/** The payload of a compact JWS (the test reads it; the merchant's backend verifies it). */
function payloadOf(jws: string): { verdict: string; scores: Record<string, unknown>; withheld?: string[] } {
  const [, payload = ''] = jws.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    verdict: string;
    scores: Record<string, unknown>;
    withheld?: string[];
  };
}

async function check(page: Page, given: string, family: string) {
  await recordEvents(page);
  await page.goto(WIDGET_ONLY);
  const widget = page.locator('idmobile-check');
  await expect(widget).toHaveAttribute('state', 'idle');
  const field = (name: string) => widget.locator(`[name="${name}"]`);
  await field('phone').fill(JEAN_PIERRE_LINE.phone);
  await field('gender').selectOption(HOLDER.gender);
  await field('given_name').fill(given);
  await field('family_name').fill(family);
  await field('birthdate').fill(HOLDER.birthdate);
  await field('email').fill(HOLDER.email);
  await field('address.street_address').fill(HOLDER.street_address);
  await field('address.postal_code').fill(HOLDER.postal_code);
  await field('address.locality').fill(HOLDER.locality);
  await field('address.country').selectOption('FR');
  // the relay's answer captured as it passes (the request goes on once, from the test, with the page's headers and
  // cookies): reading it afterwards from the browser's buffer (`response.json()`) raced its eviction under load
  // ("Network.getResponseBody: No data found")
  let body: Record<string, unknown> | undefined;
  await page.route('**/api/idmobile/match', async (route) => {
    const response = await route.fetch();
    body = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response });
  });
  await widget.locator('[part="submit"]').click();
  await expect(widget).toHaveAttribute('state', 'result');
  if (!body) throw new Error('the widget showed a result without the relay answering /match');
  const detail = await page.evaluate(
    () =>
      (window as unknown as { __events: Array<{ type: string; detail: unknown }> }).__events.find(
        (e) => e.type === 'idmobile-result',
      )?.detail,
  );
  return { widget, body, detail: detail as ResultDetail };
}

/** A value at a field path of the nested scores or bands shape. */
const at = (shape: Record<string, unknown>, path: string): unknown =>
  path.startsWith('address.') ? (shape['address'] as Record<string, unknown>)[path.slice(8)] : shape[path];

test("a stranger typing a line holder's real details under another name learns only that the names differ", async ({
  page,
}) => {
  const { widget, body, detail } = await check(page, 'Camille', 'Martin');

  // the relay's answer to the browser: "" (not compared) for every field but the names, listed in `withheld`
  expect(body['withheld']).toEqual(NOT_NAMES);
  for (const path of NOT_NAMES) expect(at(body, path), path).toBe('');

  // the event: no score, band `withheld`
  for (const path of NOT_NAMES) {
    expect(at(detail.scores, path), path).toBeNull();
    expect(at(detail.bands, path), path).toBe('withheld');
  }

  // the DOM: a gauge per field saying "not disclosed" in words, no meter, no percentage, no check or cross
  for (const path of NOT_NAMES) {
    const gauge = widget.locator(`[part="gauge"][data-field="${path}"]`);
    await expect(gauge).toHaveAttribute('data-band', 'withheld');
    await expect(gauge.locator('[role="meter"]')).toHaveCount(0);
    await expect(gauge).toContainText('Not disclosed');
    await expect(gauge).not.toContainText(/%|✓|✕/);
  }
  await expect(widget.locator('[part="withheld-note"]')).toContainText('the names match');
  // nothing in the shadow tree carries a withheld field's score
  const meters = await widget
    .locator('[role="meter"]')
    .evaluateAll((els) => els.map((e) => e.closest('[data-field]')?.getAttribute('data-field')));
  expect(meters.sort()).toEqual(['family_name', 'given_name']);

  // the verdict shown is the one signed; decoding the attestation the browser holds tells nothing more than
  // the answer did (v3): the withheld scores are sealed for the merchant's verifier, not in its clear claims
  if (!detail.attestation) throw new Error('no attestation');
  const attested = payloadOf(detail.attestation);
  await expect(widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', attested.verdict);
  expect(detail.verdict).toBe(attested.verdict);
  expect(attested.verdict).toBe('rejected');
  expect(at(attested.scores, 'birthdate')).toBeNull();
  expect(at(attested.scores, 'address.postal_code')).toBeNull();
  expect(at(attested.scores, 'email')).toBeNull();
  expect(attested.withheld).toEqual(body['withheld']);
});

test('the line holder sees every result, and the verdict shown is the one signed', async ({ page }) => {
  const { widget, body, detail } = await check(page, HOLDER.firstname, HOLDER.lastname);
  expect(body).not.toHaveProperty('withheld');
  await expect(widget.locator('[part="gauge"][data-band="withheld"]')).toHaveCount(0);
  await expect(widget.locator('[part="withheld-note"]')).toHaveCount(0);
  await expect(widget.locator('[part="gauge"][data-field="birthdate"]')).toHaveAttribute('data-band', 'match');
  if (!detail.attestation) throw new Error('no attestation');
  const attested = payloadOf(detail.attestation);
  expect(attested.verdict).toBe('verified');
  await expect(widget.locator('[part="verdict"]')).toHaveAttribute('data-verdict', attested.verdict);
});
