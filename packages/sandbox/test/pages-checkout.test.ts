// The hosted checkout in a real browser (headless Chromium), driven by visible labels and roles: card
// approved, declined then retried, 3-D Secure approved and failed, cancelled, expired. Each ends back at the
// shop with a RETURNMAC the SDK accepts, and the status is read back with the official connect-sdk-nodejs 5.x.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasBrowser, newPage } from '../../../test/support/browser.js';
import { admin, m, sb, useSandbox, v1 } from './helpers.js';
import { backAtShop, checkPage, expectHeading, typeCard, useBrowserAndShop } from './pages-support.js';

useSandbox();

describe.skipIf(!hasBrowser && !process.env.CI)('hosted checkout in the browser', () => {
  const s = useBrowserAndShop();

  async function checkout(input: Record<string, unknown> = {}) {
    const r = await v1.hostedcheckouts.create(m, {
      order: {
        amountOfMoney: { amount: 4599, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
        references: { merchantReference: 'order-<b>42</b>' },
      },
      hostedCheckoutSpecificInput: { returnUrl: `${s.shop.url}/return?order=42`, locale: 'en_GB', ...input },
    });
    expect(r.status).toBe(201);
    return r.body as { RETURNMAC: string; hostedCheckoutId: string; partialRedirectUrl: string };
  }

  async function openCardForm(page: Page, hc: { partialRedirectUrl: string }) {
    await page.goto(`http://${hc.partialRedirectUrl}`);
    await page.getByRole('link', { name: /Credit or debit card/ }).click();
    await expectHeading(page, 'Credit or debit card');
  }

  const status = async (id: string) => (await v1.hostedcheckouts.get(m, id)).body;

  it('card approved: method choice, card form with brand detection, result page, back to the shop', async () => {
    const hc = await checkout();
    const page = await newPage(s.browser);
    await page.goto(`http://${hc.partialRedirectUrl}`);
    await expectHeading(page, 'Choose a payment method');
    // the amount in major units for the locale, the merchant's reference as text (not markup)
    expect(await page.getByText('€45.99').first().isVisible()).toBe(true);
    expect(await page.getByText('Order reference: order-<b>42</b>').isVisible()).toBe(true);
    await checkPage(page, 'checkout-1-methods');
    await page.getByRole('link', { name: /Credit or debit card/ }).click();
    await page.getByLabel('Card number', { exact: true }).pressSequentially('4567350000427977');
    await page.getByText('Card type: VISA').waitFor();
    expect(await page.getByLabel('Card number', { exact: true }).inputValue()).toBe('4567 3500 0042 7977');
    // the grouping is the brand's own mask from the catalogue: American Express 4-6-5
    await page.getByLabel('Card number', { exact: true }).fill('');
    await page.getByLabel('Card number', { exact: true }).pressSequentially('378282246310005');
    await page.getByText('Card type: American Express').waitFor();
    expect(await page.getByLabel('Card number', { exact: true }).inputValue()).toBe('3782 822463 10005');
    await page.getByLabel('Expiry date', { exact: true }).pressSequentially('1230');
    expect(await page.getByLabel('Expiry date', { exact: true }).inputValue()).toBe('12/30');
    await page.getByText('Sandbox test data').click();
    await typeCard(page, '4567350000427977');
    await checkPage(page, 'checkout-2-card-form');
    expect((await status(hc.hostedCheckoutId)).status).toBe('IN_PROGRESS');
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await expectHeading(page, 'Payment successful');
    await checkPage(page, 'checkout-3-result-success');
    await page.getByRole('link', { name: 'Return to the shop' }).click();
    const back = await backAtShop(page, s.shop, hc.RETURNMAC);
    expect(back.searchParams.get('hostedCheckoutId')).toBe(hc.hostedCheckoutId);
    expect(back.searchParams.get('order')).toBe('42');
    const g = await status(hc.hostedCheckoutId);
    expect(g.status).toBe('PAYMENT_CREATED');
    expect(g.createdPaymentOutput.payment.status).toBe('CAPTURE_REQUESTED');
    expect(g.createdPaymentOutput.payment.paymentOutput.amountOfMoney.amount).toBe(4599);
    // a paid checkout shows its result, never the form again, and cannot be paid a second time
    await page.goto(`http://${hc.partialRedirectUrl}/method/cards`);
    await expectHeading(page, 'Payment successful');
    const again = await admin(sb, 'POST', `/hostedcheckouts/${hc.hostedCheckoutId}/pay`, {
      card: { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123' },
    });
    expect(again.status).toBe(409);
    expect((await v1.payments.find(m, { hostedCheckoutId: hc.hostedCheckoutId })).body.payments).toHaveLength(1);
  });

  it('declined card, then another card in the same checkout; inline errors stop bad input first', async () => {
    const hc = await checkout();
    const page = await newPage(s.browser);
    await openCardForm(page, hc);
    await typeCard(page, '1234', undefined, { expiry: '01/20', cvv: '1', name: 'J' });
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await page.getByText('Please correct the following:').waitFor();
    expect(await page.locator('#e-cardNumber').textContent()).toBe('This card number is too short.');
    expect(await page.locator('#e-expiryDate').textContent()).toBe(
      'This card has expired. Use a card that is still valid.',
    );
    expect(await page.locator('#e-cvv').textContent()).toBe('The security code has 3 digits.');
    await typeCard(page, '4567350000427978');
    await page.getByLabel('Card number', { exact: true }).blur();
    expect(await page.locator('#e-cardNumber').textContent()).toBe(
      'This card number is not valid. Check it for typing errors.',
    );
    await checkPage(page, 'checkout-4-inline-errors');
    // nothing was sent
    expect((await status(hc.hostedCheckoutId)).status).toBe('IN_PROGRESS');

    await typeCard(page, '4000000000000036');
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await page.getByText('Your payment was declined. Try another card or another payment method.').waitFor();
    expect(await page.getByLabel('Card number', { exact: true }).inputValue()).toBe('');
    await checkPage(page, 'checkout-5-declined');
    const declined = await status(hc.hostedCheckoutId);
    expect(declined.status).toBe('PAYMENT_CREATED');
    expect(declined.createdPaymentOutput.payment.status).toBe('REJECTED');

    await typeCard(page, '5424180279791732');
    await page.getByText('Card type: MasterCard Debit').waitFor();
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await expectHeading(page, 'Payment successful');
    await page.getByRole('link', { name: 'Return to the shop' }).click();
    await backAtShop(page, s.shop, hc.RETURNMAC);
    const paid = await status(hc.hostedCheckoutId);
    expect(paid.createdPaymentOutput.payment.status).toBe('CAPTURE_REQUESTED');
    expect(paid.createdPaymentOutput.payment.paymentOutput.cardPaymentMethodSpecificOutput.paymentProductId).toBe(119);
    expect((await v1.payments.find(m, { hostedCheckoutId: hc.hostedCheckoutId })).body.payments).toHaveLength(2);
  });

  it('3-D Secure approved, by keyboard only: the issuer page names the method and the card, then the result', async () => {
    const hc = await checkout();
    const page = await newPage(s.browser);
    await openCardForm(page, hc);
    await typeCard(page, '4012007153923001');
    // Enter in the last field sends the form; on the issuer page the first button has the focus after one Tab
    await page.getByLabel('Cardholder name', { exact: true }).press('Enter');
    await expectHeading(page, '3-D Secure verification');
    expect(await page.getByText('VISA •••• 3001').isVisible()).toBe(true);
    await checkPage(page, 'checkout-6-3ds-challenge');
    expect((await status(hc.hostedCheckoutId)).createdPaymentOutput.payment.status).toBe('REDIRECTED');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Confirm payment');
    await page.keyboard.press('Enter');
    await expectHeading(page, 'Payment successful');
    await page.getByRole('link', { name: 'Return to the shop' }).focus();
    await page.keyboard.press('Enter');
    await backAtShop(page, s.shop, hc.RETURNMAC);
    expect((await status(hc.hostedCheckoutId)).createdPaymentOutput.payment.status).toBe('CAPTURE_REQUESTED');
  });

  it('3-D Secure failed, showResultPage false: straight back to the shop, payment rejected', async () => {
    const hc = await checkout({ showResultPage: false });
    const page = await newPage(s.browser);
    await openCardForm(page, hc);
    await typeCard(page, '4012007153923001');
    await page.getByRole('button', { name: 'Pay €45.99' }).click();
    await page.getByRole('button', { name: 'Fail verification' }).click();
    await backAtShop(page, s.shop, hc.RETURNMAC);
    const g = await status(hc.hostedCheckoutId);
    expect(g.createdPaymentOutput.payment.status).toBe('REJECTED');
    expect(g.createdPaymentOutput.paymentStatusCategory).toBe('REJECTED');
  });

  it('cancelled by the customer (returnCancelState): back to the shop, CANCELLED_BY_CONSUMER', async () => {
    const hc = await checkout({ returnCancelState: true });
    const page = await newPage(s.browser);
    await page.goto(`http://${hc.partialRedirectUrl}`);
    await page.getByRole('button', { name: 'Cancel payment' }).click();
    await backAtShop(page, s.shop, hc.RETURNMAC);
    expect((await status(hc.hostedCheckoutId)).status).toBe('CANCELLED_BY_CONSUMER');
    await page.goto(`http://${hc.partialRedirectUrl}`);
    await expectHeading(page, 'Payment cancelled');
    await checkPage(page, 'checkout-7-cancelled');
  });

  it('expired: a clear page with the way back; the platform no longer knows the checkout', async () => {
    const hc = await checkout();
    await admin(sb, 'POST', '/clock/advance', { hours: 3 });
    const page = await newPage(s.browser);
    await page.goto(`http://${hc.partialRedirectUrl}`);
    await expectHeading(page, 'This payment page has expired');
    await checkPage(page, 'checkout-8-expired');
    await page.getByRole('link', { name: 'Return to the shop' }).click();
    await backAtShop(page, s.shop, hc.RETURNMAC);
    expect((await v1.hostedcheckouts.get(m, hc.hostedCheckoutId)).status).toBe(404);
  });
});
