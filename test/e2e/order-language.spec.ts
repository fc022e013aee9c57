/**
 * The demo shop's order pages speak the shopper's language: the checkout's FR/EN choice travels with the order
 * (the form's hidden `lang` field, else the `?lang` of the page it came from), validated (`fr` or `en`, anything
 * else English); the page's `<html lang>` says it, and the way back to the checkout keeps it.
 */
import { expect, test } from '@playwright/test';
import { CAMILLE, Checkout, expectNoAxeViolations } from './helpers.js';

test('a French order: the confirmation in French, <html lang="fr">, and the way back keeps the language', async ({
  page,
}) => {
  const c = new Checkout(page);
  await c.open('/?lang=fr');
  await c.fillShipping(CAMILLE);
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  const outcome = page.locator('[data-order]');
  await expect(outcome).toHaveAttribute('data-order', 'placed');
  await expect(outcome).toHaveAttribute('data-verdict', 'verified');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page).toHaveTitle('Commande validée — Maison Lumen (démo)');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Merci, ${CAMILLE.given} ${CAMILLE.family} !`);
  await expect(outcome).toHaveText(/^Votre commande ML-[A-Z0-9]{8} est validée\.$/);
  const main = page.locator('main');
  await expect(main).toContainText('Résultat : identité vérifiée');
  await expect(main.locator('summary')).toHaveText('Résultat de la vérification');
  // every sentence of the page (the verification result's JSON apart) is French
  const words = (await main.locator(':scope > :not(details), summary').allTextContents()).join(' ');
  expect(words).not.toMatch(/Thank you|Order|order|verdict|Back to|the /);
  await expectNoAxeViolations(page, 'French order page');

  const back = page.getByRole('link', { name: 'Retour au paiement de la démo' });
  await expect(back).toHaveAttribute('href', '/?lang=fr');
  await back.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paiement');
});

test('a bogus language in the form gives the English page', async ({ page }) => {
  const c = new Checkout(page);
  await c.open('/?lang=fr');
  await c.fillShipping(CAMILLE);
  // what a tampered (or foreign) form would send
  await page.locator('#order-lang').evaluate((i: HTMLInputElement) => (i.value = 'fr-FR"><b>'));
  await c.placeOrder.click();
  await expect(page).toHaveURL(/\/demo\/order$/);
  await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Thank you, ${CAMILLE.given} ${CAMILLE.family}!`);
  await expect(page.getByRole('link', { name: 'Back to the demo checkout' })).toHaveAttribute('href', '/');
});

test('refusals too: only "fr" gives French, the form’s field first, else the page the order came from', async ({
  page,
  baseURL,
}) => {
  const c = new Checkout(page);
  await c.open(); // an order in progress (its cookie), never placed here: every answer is a refusal
  const order = { given_name: 'Camille', family_name: 'Martin', phone: CAMILLE.phone };
  const cases: Array<{ lang?: string; referer?: string; expected: 'fr' | 'en' }> = [
    { lang: 'fr', expected: 'fr' },
    { lang: 'en', expected: 'en' },
    ...['FR', 'fr-FR', ' fr', 'de', '', '"><script>alert(1)</script>'].map((lang) => ({
      lang,
      expected: 'en' as const,
    })),
    { referer: `${baseURL}/?lang=fr`, expected: 'fr' },
    { referer: `${baseURL}/?lang=xx`, expected: 'en' },
    { referer: 'not a URL', expected: 'en' },
    { lang: 'en', referer: `${baseURL}/?lang=fr`, expected: 'en' },
    { expected: 'en' },
  ];
  for (const { lang, referer, expected } of cases) {
    const answer = await page.request.post('/demo/order', {
      form: lang === undefined ? order : { ...order, lang },
      ...(referer ? { headers: { referer } } : {}),
    });
    const html = await answer.text();
    const when = JSON.stringify({ lang, referer });
    expect(answer.status(), when).toBe(400);
    expect(html, when).toContain(`<html lang="${expected}">`);
    expect(html, when).toContain('data-order="refused" data-reason="missing_attestation"');
    expect(html, when).toContain(expected === 'fr' ? '<h1>Commande refusée</h1>' : '<h1>Order refused</h1>');
    expect(html, when).toContain(expected === 'fr' ? '<a href="/?lang=fr">' : '<a href="/">');
    expect(html, when).not.toContain('<script>');
  }
});
