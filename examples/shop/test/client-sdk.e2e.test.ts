// Flow 2 (the platform's Client SDK in the browser) in headless Chromium: the official connect-sdk-client-js
// 6.0.6 bundle, served from the shop's node_modules, renders the product's fields, validates and encrypts;
// the shop creates the payment from encryptedCustomerInput, through the sandbox's Client API (/client/v1).
import { expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../../../test/support/browser.js';
import { describeFlow, expectStatus, finishRedirect, placeOrder } from './browser-flows.js';
import { CARDS, expectOrderMatchesPayment } from './support.js';

describeFlow('Client SDK flow on %s', (database, s) => {
  async function fillCard(card: string, shot?: string): Promise<string> {
    const orderId = await placeOrder(s.page, s.env.shop.url, 'client');
    await s.page.getByRole('radio', { name: /^\s*VISA$/ }).check();
    await s.page.getByLabel(/card number/i).fill(card);
    await s.page.getByLabel(/expiry/i).fill('12/30');
    await s.page.getByLabel(/cvv|verification/i).fill('123');
    const name = s.page.getByLabel(/cardholder/i);
    if ((await name.count()) > 0) await name.fill('Wile E. Coyote');
    if (shot) {
      if (database === 'pglite') expect(await seriousViolations(s.page)).toEqual([]);
      if (database === 'pglite') await screenshot(s.page, shot);
    }
    return orderId;
  }

  async function pay(card: string, shot?: string): Promise<string> {
    const orderId = await fillCard(card, shot);
    await s.page.getByRole('button', { name: /^Pay / }).click();
    return orderId;
  }

  it('approved card: encrypted in the browser, payment created by the shop', async () => {
    const orderId = await pay(CARDS.approved, `shop-client-form-${database}`);
    await expectStatus(s.page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(s.env, orderId, 'PENDING_APPROVAL');
  });

  it('a card the browser-side validation rejects: nothing is sent, no payment exists', async () => {
    const orderId = await fillCard('4567350000427978');
    await s.page.getByRole('button', { name: /^Pay / }).click();
    await expect.poll(() => s.page.getByRole('alert').first().textContent()).toContain('nothing was sent');
    expect(await s.page.getByText(/is not a valid card number/).count()).toBeGreaterThan(0);
    expect(s.page.url()).toMatch(new RegExp(`/orders/${orderId}/pay$`));
    const found = await s.env.shop.ctx.merchant.payments.find({ merchantReference: orderId });
    expect(found.payments ?? []).toEqual([]);
    expect((await s.env.shop.ctx.orders.get(orderId))?.status).toBe('NEW');
  });

  it('declined card', async () => {
    const orderId = await pay(CARDS.declined);
    await expectStatus(s.page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(s.env, orderId, 'REJECTED');
  });

  it('3-D Secure approved', async () => {
    const orderId = await pay(CARDS.threeDsApproved);
    await finishRedirect(s.page, 'success');
    await expectStatus(s.page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(s.env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure failed', async () => {
    const orderId = await pay(CARDS.threeDsFailed);
    await finishRedirect(s.page, 'failure');
    await expectStatus(s.page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(s.env, orderId, 'REJECTED');
  });

  it('iDEAL', async () => {
    const orderId = await placeOrder(s.page, s.env.shop.url, 'client');
    await s.page.getByRole('radio', { name: /iDEAL/ }).check();
    const bank = s.page.getByLabel('Your bank');
    if ((await bank.count()) > 0) await bank.selectOption({ index: 0 });
    await s.page.getByRole('button', { name: /^Pay / }).click();
    await finishRedirect(s.page, 'success');
    await s.page.waitForURL(new RegExp(`/orders/${orderId}$`));
    const status = (await s.env.shop.ctx.orders.get(orderId))?.status ?? '';
    expect(['CAPTURE_REQUESTED', 'PENDING_APPROVAL', 'PAID']).toContain(status);
    await expectOrderMatchesPayment(s.env, orderId, status);
  });
});
