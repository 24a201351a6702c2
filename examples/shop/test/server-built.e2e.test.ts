// Flow 3 (the shop's own form from products.find / products.get) in headless Chromium, plus the back office:
// every case ends with the shop's order compared to the sandbox's payment.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser, newPage, screenshot, seriousViolations } from '../../../test/support/browser.js';
import { expectStatus, finishRedirect, placeOrder } from './browser-flows.js';
import { CARDS, DATABASES, expectOrderMatchesPayment, startTestEnv, type TestEnv } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!hasBrowser && !process.env['CI']).each(DATABASES)('server-built flow on %s', (database) => {
  let env: TestEnv;
  let page: Page;
  beforeAll(async () => {
    env = await startTestEnv(database);
    page = await newPage(browser);
  });
  afterAll(async () => {
    await page?.context().close();
    await env?.close();
  });

  async function payByCard(card: string, shot?: string): Promise<string> {
    const orderId = await placeOrder(page, env.shop.url, 'server');
    await page.getByRole('link', { name: 'VISA', exact: true }).click();
    await page.getByLabel('Card number').fill(card.replace(/(\d{4})/g, '$1 ').trim());
    await page.getByLabel('Expiry date').fill('12/30');
    await page.getByLabel(/CVV/).fill('123');
    await page.getByLabel('Cardholder name').fill('Wile E. Coyote');
    if (shot) {
      if (database === 'pglite') expect(await seriousViolations(page)).toEqual([]);
      if (database === 'pglite') await screenshot(page, shot);
    }
    await page.getByRole('button', { name: /^Pay / }).click();
    return orderId;
  }

  it.runIf(database === 'pglite')('products, cart, my orders and back office are accessible', async () => {
    await page.goto(env.shop.url);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shop-home');
    await page.getByRole('button', { name: /^Add to cart\W+Desk lamp$/ }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    expect(await page.getByRole('table').getByText('Desk lamp')).toBeTruthy();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'shop-cart');
    for (const path of ['/orders', '/admin', '/orders/nope']) {
      await page.goto(env.shop.url + path);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await page.goto(`${env.shop.url}/cart`);
    await page.getByRole('button', { name: 'Empty the cart' }).click();
    await page.getByText('Your cart is empty').waitFor();
  });

  it('approved card: authorised, then captured and partly refunded in the back office', async () => {
    const orderId = await payByCard(CARDS.approved, `shop-server-form-${database}`);
    await expectStatus(page, orderId, 'Payment authorised');
    if (database === 'pglite') expect(await seriousViolations(page)).toEqual([]);
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');

    await page.goto(`${env.shop.url}/admin/orders/${orderId}`);
    await page.getByLabel('Amount to capture (cents)').fill('1295');
    await page.getByRole('button', { name: 'Capture' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Capture requested');
    await expectOrderMatchesPayment(env, orderId, 'CAPTURE_REQUESTED');

    await env.admin('POST', 'settle');
    await expectOrderMatchesPayment(env, orderId, 'PAID');

    await page.goto(`${env.shop.url}/admin/orders/${orderId}`);
    await page.getByLabel('Amount to refund (cents)').fill('500');
    await page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Refund requested');
    if (database === 'pglite') expect(await seriousViolations(page)).toEqual([]);
    if (database === 'pglite') await screenshot(page, `shop-backoffice-${database}`);
    await expectOrderMatchesPayment(env, orderId, 'PAID');

    // more than what is left: the platform refuses, and the back office says so in words
    await page.getByLabel('Amount to refund (cents)').fill('5000');
    await page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/did not accept|refused/);
    await expectOrderMatchesPayment(env, orderId, 'PAID');
  });

  it('declined card: the order shows the decline', async () => {
    const orderId = await payByCard(CARDS.declined);
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('3-D Secure approved: redirect to the issuer and back, RETURNMAC checked', async () => {
    const orderId = await payByCard(CARDS.threeDsApproved);
    await finishRedirect(page, 'success');
    await expectStatus(page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure failed: the order shows the decline', async () => {
    const orderId = await payByCard(CARDS.threeDsFailed);
    await finishRedirect(page, 'failure');
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('iDEAL: bank chosen in the shop’s form, redirect to the bank and back', async () => {
    const orderId = await placeOrder(page, env.shop.url, 'server');
    await page.getByRole('link', { name: /iDEAL/ }).click();
    await page.getByLabel('Your bank').selectOption({ index: 0 });
    await page.getByRole('button', { name: /^Pay / }).click();
    await finishRedirect(page, 'success');
    const order = await env.shop.ctx.orders.get(orderId);
    await expect.poll(async () => (await env.shop.ctx.orders.get(orderId))?.status).not.toBe('REDIRECTED');
    expect(order?.paymentId).toBeTruthy();
    const status = (await env.shop.ctx.orders.get(orderId))?.status ?? '';
    expect(['CAPTURE_REQUESTED', 'PENDING_APPROVAL', 'PAID']).toContain(status);
    await expectOrderMatchesPayment(env, orderId, status);
  });

  it('a forged return (wrong RETURNMAC) is refused and changes nothing', async () => {
    const orderId = await payByCard(CARDS.threeDsApproved);
    const res = await page.goto(`${env.shop.url}/orders/${orderId}/return?RETURNMAC=forged&paymentId=x`);
    expect(res?.status()).toBe(403);
    await expectOrderMatchesPayment(env, orderId, 'REDIRECTED');
  });
});
