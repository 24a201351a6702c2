// Flow 1 (hosted checkout) in headless Chromium, through the sandbox's customer pages: every case ends with
// the shop's order compared to the sandbox's payment.
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

describe.skipIf(!hasBrowser && !process.env['CI']).each(DATABASES)('hosted checkout on %s', (database) => {
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

  /** Places an order and follows "Continue" to the platform's (here: the sandbox's) payment page. */
  async function toCheckout(shot?: string): Promise<string> {
    const orderId = await placeOrder(page, env.shop.url, 'hosted');
    if (shot) {
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, shot);
    }
    await page.getByRole('button', { name: 'Continue to the secure payment page' }).click();
    await page.waitForURL((u) => u.origin === env.sandbox.url);
    return orderId;
  }

  async function payWithCard(card: string): Promise<void> {
    await page.getByLabel(/card number/i).fill(card);
    await page.getByLabel(/expiry/i).fill('1230');
    await page.getByLabel(/cvv/i).fill('123');
    await page.getByRole('button', { name: /^pay$/i }).click();
  }

  it('approved card: back in the shop, RETURNMAC checked, payment read from the platform', async () => {
    const orderId = await toCheckout(`shop-hosted-start-${database}`);
    await payWithCard(CARDS.approved);
    await expectStatus(page, orderId, 'Payment authorised');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `shop-order-${database}`);
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('declined card', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.declined);
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('3-D Secure approved', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.threeDsApproved);
    await finishRedirect(page, 'success');
    await expectStatus(page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure failed', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.threeDsFailed);
    await finishRedirect(page, 'failure');
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('iDEAL', async () => {
    const orderId = await toCheckout();
    await page.getByRole('button', { name: /ideal/i }).click();
    await finishRedirect(page, 'success');
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
    const status = (await env.shop.ctx.orders.get(orderId))?.status ?? '';
    expect(['CAPTURE_REQUESTED', 'PENDING_APPROVAL', 'PAID']).toContain(status);
    await expectOrderMatchesPayment(env, orderId, status);
  });

  it('cancelled by the customer: no payment, the order says so', async () => {
    const orderId = await toCheckout();
    await page.getByRole('button', { name: /cancel/i }).click();
    await expectStatus(page, orderId, 'Checkout cancelled');
    const order = await env.shop.ctx.orders.get(orderId);
    expect(order?.paymentId).toBeNull();
    const found = await env.shop.ctx.merchant.payments.find({ merchantReference: orderId });
    expect(found.payments ?? []).toEqual([]);
  });

  it('a forged return (right checkout id, wrong RETURNMAC) is refused', async () => {
    const orderId = await toCheckout();
    const order = await env.shop.ctx.orders.get(orderId);
    const res = await page.goto(
      `${env.shop.url}/orders/${orderId}/return/hosted?RETURNMAC=00000000-0000-0000-0000-000000000000&hostedCheckoutId=${order?.hostedCheckoutId}`,
    );
    expect(res?.status()).toBe(403);
    expect((await env.shop.ctx.orders.get(orderId))?.status).toBe('NEW');
  });
});
