/**
 * The main checkout (phone typed in the shop's form, the widget's read-only summary, one "Place order" press): when
 * the operator refuses the number (07, 09, 10, 11), the widget shows its phone as an input, marked invalid and
 * described by the error, the number in it; the focus is on the error; the dead ends keep their next steps; the
 * number corrected right there is the order's number, and the next press places the order.
 */
import { expect, test } from '@playwright/test';
import { MAGIC_NUMBERS } from '../../src/testmode/index.js';
import { CAMILLE, Checkout, expectNoAxeViolations, focused, literally } from './helpers.js';

for (const id of ['07', '09', '10', '11']) {
  test(`error ${id}: the phone to correct in the widget, then one press places the order`, async ({ page }) => {
    const magic = MAGIC_NUMBERS.find((m) => m.errorId === id)!.phone;
    const c = new Checkout(page);
    await c.open();
    await c.fillShipping({ ...CAMILLE, phone: magic });
    const phone = c.field('phone');
    await expect(phone, 'the phone is in the summary').toHaveCount(0);
    await c.placeOrder.click();
    await expect(c.error).toHaveAttribute('data-error-id', id);

    await expect(phone).toBeVisible();
    await expect(phone).toHaveValue(magic);
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    const message = (await c.error.locator('p').innerText()).trim();
    expect(message).not.toBe('');
    await expect(phone).toHaveAccessibleDescription(literally(message));
    expect(await focused(page)).toMatch(/idmobile-check#idcheck > .*\[part=error\]$/);
    if (id === '09' || id === '10') {
      await expect(c.next.otherNumber).toBeVisible();
      await expect(c.next.edit).toBeVisible();
      await expect(c.next.fallback).toBeVisible();
    }
    await expectNoAxeViolations(page, `error ${id} with the phone to correct`);

    await phone.fill(CAMILLE.phone);
    await expect(c.widget).toHaveAttribute('state', 'idle');
    await expect(phone).toHaveAttribute('aria-invalid', 'false');
    await expect(c.shipping.getByLabel('Mobile phone'), 'the order’s number too').toHaveValue(CAMILLE.phone);
    await c.placeOrder.click();
    await expect(page).toHaveURL(/\/demo\/order$/);
    await expect(page.locator('[data-order]')).toHaveAttribute('data-order', 'placed');
    await expect(page.locator('[data-order]')).toHaveAttribute('data-verdict', 'verified');
  });
}
