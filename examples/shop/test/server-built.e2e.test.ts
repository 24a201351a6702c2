// Flow 3 (the shop's own form from products.find / products.get) in headless Chromium, plus the back office:
// every case ends with the shop's order compared to the sandbox's payment.
import { expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../../../test/support/browser.js';
import { describeFlow, expectStatus, finishRedirect, placeOrder } from './browser-flows.js';
import { CARDS, expectOrderMatchesPayment } from './support.js';

describeFlow('server-built flow on %s', (database, s) => {
  async function payByCard(card: string, shot?: string): Promise<string> {
    const orderId = await placeOrder(s.page, s.env.shop.url, 'server');
    await s.page.getByRole('link', { name: 'VISA', exact: true }).click();
    await s.page.getByLabel('Card number').fill(card.replace(/(\d{4})/g, '$1 ').trim());
    await s.page.getByLabel('Expiry date').fill('12/30');
    await s.page.getByLabel(/CVV/).fill('123');
    await s.page.getByLabel('Cardholder name').fill('Wile E. Coyote');
    if (shot) {
      if (database === 'pglite') expect(await seriousViolations(s.page)).toEqual([]);
      if (database === 'pglite') await screenshot(s.page, shot);
    }
    await s.page.getByRole('button', { name: /^Pay / }).click();
    return orderId;
  }

  it.runIf(database === 'pglite')('products, cart, my orders and back office are accessible', async () => {
    await s.page.goto(s.env.shop.url);
    expect(await seriousViolations(s.page)).toEqual([]);
    await screenshot(s.page, 'shop-home');
    await s.page.getByRole('button', { name: /^Add to cart\W+Desk lamp$/ }).click();
    await s.page.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await s.page.getByRole('table').getByText('Desk lamp')).toBeTruthy();
    expect(await seriousViolations(s.page)).toEqual([]);
    await screenshot(s.page, 'shop-cart');
    for (const path of ['/orders', '/admin', '/orders/nope']) {
      await s.page.goto(s.env.shop.url + path);
      expect(await seriousViolations(s.page), path).toEqual([]);
    }
    await s.page.goto(`${s.env.shop.url}/cart`);
    await s.page.getByRole('button', { name: 'Empty the cart' }).click();
    await s.page.getByText('Your cart is empty').waitFor();
  });

  it('approved card: authorised, then captured and partly refunded in the back office', async () => {
    const orderId = await payByCard(CARDS.approved, `shop-server-form-${database}`);
    await expectStatus(s.page, orderId, 'Payment authorised');
    if (database === 'pglite') expect(await seriousViolations(s.page)).toEqual([]);
    await expectOrderMatchesPayment(s.env, orderId, 'PENDING_APPROVAL');

    await s.page.goto(`${s.env.shop.url}/admin/orders/${orderId}`);
    await s.page.getByLabel('Amount to capture (cents)').fill('1295');
    await s.page.getByRole('button', { name: 'Capture' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toContain('Capture requested');
    await expectOrderMatchesPayment(s.env, orderId, 'CAPTURE_REQUESTED');

    await s.env.admin('POST', 'settle');
    await expectOrderMatchesPayment(s.env, orderId, 'PAID');

    await s.page.goto(`${s.env.shop.url}/admin/orders/${orderId}`);
    await s.page.getByLabel('Amount to refund (cents)').fill('500');
    await s.page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => s.page.getByRole('status').textContent()).toContain('Refund requested');
    if (database === 'pglite') expect(await seriousViolations(s.page)).toEqual([]);
    if (database === 'pglite') await screenshot(s.page, `shop-backoffice-${database}`);
    await expectOrderMatchesPayment(s.env, orderId, 'PAID');

    // more than what is left: the platform refuses, and the back office says so in words
    await s.page.getByLabel('Amount to refund (cents)').fill('5000');
    await s.page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => s.page.getByRole('alert').textContent()).toMatch(/did not accept|refused/);
    await expectOrderMatchesPayment(s.env, orderId, 'PAID');
  });

  it('declined card: the order shows the decline', async () => {
    const orderId = await payByCard(CARDS.declined);
    await expectStatus(s.page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(s.env, orderId, 'REJECTED');
  });

  it('3-D Secure approved: redirect to the issuer and back, RETURNMAC checked', async () => {
    const orderId = await payByCard(CARDS.threeDsApproved);
    await finishRedirect(s.page, 'success');
    await expectStatus(s.page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(s.env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure failed: the order shows the decline', async () => {
    const orderId = await payByCard(CARDS.threeDsFailed);
    await finishRedirect(s.page, 'failure');
    await expectStatus(s.page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(s.env, orderId, 'REJECTED');
  });

  it('iDEAL: bank chosen in the shop’s form, redirect to the bank and back', async () => {
    const orderId = await placeOrder(s.page, s.env.shop.url, 'server');
    await s.page.getByRole('link', { name: /iDEAL/ }).click();
    await s.page.getByLabel('Your bank').selectOption({ index: 0 });
    await s.page.getByRole('button', { name: /^Pay / }).click();
    await finishRedirect(s.page, 'success');
    const order = await s.env.shop.ctx.orders.get(orderId);
    await expect.poll(async () => (await s.env.shop.ctx.orders.get(orderId))?.status).not.toBe('REDIRECTED');
    expect(order?.paymentId).toBeTruthy();
    const status = (await s.env.shop.ctx.orders.get(orderId))?.status ?? '';
    expect(['CAPTURE_REQUESTED', 'PENDING_APPROVAL', 'PAID']).toContain(status);
    await expectOrderMatchesPayment(s.env, orderId, status);
  });

  it('a forged return (wrong RETURNMAC) is refused and changes nothing', async () => {
    const orderId = await payByCard(CARDS.threeDsApproved);
    const res = await s.page.goto(`${s.env.shop.url}/orders/${orderId}/return?RETURNMAC=forged&paymentId=x`);
    expect(res?.status()).toBe(403);
    await expectOrderMatchesPayment(s.env, orderId, 'REDIRECTED');
  });
});
