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
      if (database === 'pglite') expect(await seriousViolations(page)).toEqual([]);
      if (database === 'pglite') await screenshot(page, shot);
    }
    await page.getByRole('button', { name: 'Continue to the secure payment page' }).click();
    await page.waitForURL((u) => u.origin === env.sandbox.url);
    return orderId;
  }

  // Works on the sandbox's minimal checkout page (one form) and on its full pages (method choice first).
  async function payWithCard(card: string): Promise<void> {
    const cards = page.getByRole('link', { name: /credit or debit card/i });
    const full = (await cards.count()) > 0;
    if (full) await cards.click();
    await page.getByRole('textbox', { name: /card number/i }).fill(card);
    await page.getByRole('textbox', { name: /expiry/i }).fill(full ? '12/30' : '1230');
    await page.getByRole('textbox', { name: /cvv|security code|verification/i }).fill('123');
    const holder = page.getByRole('textbox', { name: /cardholder/i });
    if ((await holder.count()) > 0) await holder.fill('Wile E. Coyote');
    await page.getByRole('button', { name: /^pay(\s+€\s?[\d.,]+)?$/i }).click();
  }

  async function payWithIdeal(): Promise<void> {
    const ideal = page.getByRole('link', { name: /iDEAL/ });
    if ((await ideal.count()) === 0) return page.getByRole('button', { name: /ideal/i }).click();
    await ideal.click();
    const bank = page.getByRole('combobox');
    if ((await bank.count()) > 0) await bank.first().selectOption({ index: 1 });
    await page
      .getByRole('button', { name: /continue|pay/i })
      .first()
      .click();
  }

  /** The full pages show a result page with a way back; the minimal page sends the customer back at once. */
  async function returnToShop(orderId: string): Promise<void> {
    const back = page
      .getByRole('link', { name: /return to the shop/i })
      .or(page.getByRole('button', { name: /return to the shop/i }));
    await expect
      .poll(async () => page.url().startsWith(env.shop.url) || (await back.count()) > 0, { timeout: 10_000 })
      .toBe(true);
    if (!page.url().startsWith(env.shop.url)) await back.first().click();
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  }

  /** A failed attempt: the minimal page returns at once; the full pages show a result page or offer another try. */
  async function leaveAfterDecline(orderId: string): Promise<void> {
    const onShop = () => page.url().startsWith(env.shop.url);
    const back = page
      .getByRole('link', { name: /return to the shop/i })
      .or(page.getByRole('button', { name: /return to the shop/i }));
    const failed = page.getByText(/declined|did not succeed|failed|unsuccessful/i);
    await expect
      .poll(async () => onShop() || (await back.count()) > 0 || (await failed.count()) > 0, { timeout: 10_000 })
      .toBe(true);
    if (!onShop()) {
      if ((await back.count()) > 0) await back.first().click();
      else
        await page
          .getByRole('button', { name: /cancel/i })
          .first()
          .click();
    }
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  }

  it('approved card: back in the shop, RETURNMAC checked, payment read from the platform', async () => {
    const orderId = await toCheckout(`shop-hosted-start-${database}`);
    await payWithCard(CARDS.approved);
    await returnToShop(orderId);
    await expectStatus(page, orderId, 'Payment authorised');
    if (database === 'pglite') expect(await seriousViolations(page)).toEqual([]);
    if (database === 'pglite') await screenshot(page, `shop-order-${database}`);
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('declined card', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.declined);
    await leaveAfterDecline(orderId);
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('a declined attempt, then an approved card in the same checkout: the order follows the approved payment', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.declined);
    await page.waitForLoadState();
    if (page.url().startsWith(env.shop.url)) return; // the minimal page allows one attempt only
    await expect.poll(() => page.getByText(/declined|did not succeed/i).count()).toBeGreaterThan(0);
    await expect.poll(async () => (await env.shop.ctx.orders.get(orderId))?.status).toBe('REJECTED');
    await payWithCard(CARDS.approved);
    await returnToShop(orderId);
    await expectStatus(page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure approved', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.threeDsApproved);
    await finishRedirect(page, 'success');
    await returnToShop(orderId);
    await expectStatus(page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure failed', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.threeDsFailed);
    await finishRedirect(page, 'failure');
    await leaveAfterDecline(orderId);
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('iDEAL', async () => {
    const orderId = await toCheckout();
    await payWithIdeal();
    await finishRedirect(page, 'success');
    await returnToShop(orderId);
    const status = (await env.shop.ctx.orders.get(orderId))?.status ?? '';
    expect(['CAPTURE_REQUESTED', 'PENDING_APPROVAL', 'PAID']).toContain(status);
    await expectOrderMatchesPayment(env, orderId, status);
  });

  it('cancelled by the customer: no payment, the order says so', async () => {
    const orderId = await toCheckout();
    await page
      .getByRole('button', { name: /cancel/i })
      .first()
      .click();
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
