// Flow 1 (hosted checkout) in headless Chromium, through the sandbox's customer pages: every case ends with
// the shop's order compared to the sandbox's payment.
import { expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../../../test/support/browser.js';
import { describeFlow, expectStatus, finishRedirect, placeOrder } from './browser-flows.js';
import { CARDS, expectOrderMatchesPayment } from './support.js';

describeFlow('hosted checkout on %s', (database, s) => {
  /** Places an order and follows "Continue" to the platform's (here: the sandbox's) payment page. */
  async function toCheckout(shot?: string): Promise<string> {
    const orderId = await placeOrder(s.page, s.env.shop.url, 'hosted');
    if (shot) {
      if (database === 'pglite') expect(await seriousViolations(s.page)).toEqual([]);
      if (database === 'pglite') await screenshot(s.page, shot);
    }
    await s.page.getByRole('button', { name: 'Continue to the secure payment page' }).click();
    await s.page.waitForURL((u) => u.origin === s.env.sandbox.url);
    return orderId;
  }

  // Works on the sandbox's minimal checkout page (one form) and on its full pages (method choice first).
  async function payWithCard(card: string): Promise<void> {
    const cards = s.page.getByRole('link', { name: /credit or debit card/i });
    const full = (await cards.count()) > 0;
    if (full) await cards.click();
    await s.page.getByRole('textbox', { name: /card number/i }).fill(card);
    await s.page.getByRole('textbox', { name: /expiry/i }).fill(full ? '12/30' : '1230');
    await s.page.getByRole('textbox', { name: /cvv|security code|verification/i }).fill('123');
    const holder = s.page.getByRole('textbox', { name: /cardholder/i });
    if ((await holder.count()) > 0) await holder.fill('Wile E. Coyote');
    await s.page.getByRole('button', { name: /^pay(\s+€\s?[\d.,]+)?$/i }).click();
  }

  async function payWithIdeal(): Promise<void> {
    const ideal = s.page.getByRole('link', { name: /iDEAL/ });
    if ((await ideal.count()) === 0) return s.page.getByRole('button', { name: /ideal/i }).click();
    await ideal.click();
    const bank = s.page.getByRole('combobox');
    if ((await bank.count()) > 0) await bank.first().selectOption({ index: 1 });
    await s.page
      .getByRole('button', { name: /continue|pay/i })
      .first()
      .click();
  }

  /** The full pages show a result page with a way back; the minimal page sends the customer back at once. */
  async function returnToShop(orderId: string): Promise<void> {
    const back = s.page
      .getByRole('link', { name: /return to the shop/i })
      .or(s.page.getByRole('button', { name: /return to the shop/i }));
    await expect
      .poll(async () => s.page.url().startsWith(s.env.shop.url) || (await back.count()) > 0, { timeout: 10_000 })
      .toBe(true);
    if (!s.page.url().startsWith(s.env.shop.url)) await back.first().click();
    await s.page.waitForURL(new RegExp(`/orders/${orderId}$`));
  }

  /** A failed attempt: the minimal page returns at once; the full pages show a result page or offer another try. */
  async function leaveAfterDecline(orderId: string): Promise<void> {
    const onShop = () => s.page.url().startsWith(s.env.shop.url);
    const back = s.page
      .getByRole('link', { name: /return to the shop/i })
      .or(s.page.getByRole('button', { name: /return to the shop/i }));
    const failed = s.page.getByText(/declined|did not succeed|failed|unsuccessful/i);
    await expect
      .poll(async () => onShop() || (await back.count()) > 0 || (await failed.count()) > 0, { timeout: 10_000 })
      .toBe(true);
    if (!onShop()) {
      if ((await back.count()) > 0) await back.first().click();
      else
        await s.page
          .getByRole('button', { name: /cancel/i })
          .first()
          .click();
    }
    await s.page.waitForURL(new RegExp(`/orders/${orderId}$`));
  }

  it('approved card: back in the shop, RETURNMAC checked, payment read from the platform', async () => {
    const orderId = await toCheckout(`shop-hosted-start-${database}`);
    await payWithCard(CARDS.approved);
    await returnToShop(orderId);
    await expectStatus(s.page, orderId, 'Payment authorised');
    if (database === 'pglite') expect(await seriousViolations(s.page)).toEqual([]);
    if (database === 'pglite') await screenshot(s.page, `shop-order-${database}`);
    await expectOrderMatchesPayment(s.env, orderId, 'PENDING_APPROVAL');
  });

  it('declined card', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.declined);
    await leaveAfterDecline(orderId);
    await expectStatus(s.page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(s.env, orderId, 'REJECTED');
  });

  it('a declined attempt, then an approved card in the same checkout: the order follows the approved payment', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.declined);
    await s.page.waitForLoadState();
    if (s.page.url().startsWith(s.env.shop.url)) return; // the minimal page allows one attempt only
    await expect.poll(() => s.page.getByText(/declined|did not succeed/i).count()).toBeGreaterThan(0);
    await expect.poll(async () => (await s.env.shop.ctx.orders.get(orderId))?.status).toBe('REJECTED');
    await payWithCard(CARDS.approved);
    await returnToShop(orderId);
    await expectStatus(s.page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(s.env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure approved', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.threeDsApproved);
    await finishRedirect(s.page, 'success');
    await returnToShop(orderId);
    await expectStatus(s.page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(s.env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure failed', async () => {
    const orderId = await toCheckout();
    await payWithCard(CARDS.threeDsFailed);
    await finishRedirect(s.page, 'failure');
    await leaveAfterDecline(orderId);
    await expectStatus(s.page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(s.env, orderId, 'REJECTED');
  });

  it('iDEAL', async () => {
    const orderId = await toCheckout();
    await payWithIdeal();
    await finishRedirect(s.page, 'success');
    await returnToShop(orderId);
    const status = (await s.env.shop.ctx.orders.get(orderId))?.status ?? '';
    expect(['CAPTURE_REQUESTED', 'PENDING_APPROVAL', 'PAID']).toContain(status);
    await expectOrderMatchesPayment(s.env, orderId, status);
  });

  it('cancelled by the customer: no payment, the order says so', async () => {
    const orderId = await toCheckout();
    await s.page
      .getByRole('button', { name: /cancel/i })
      .first()
      .click();
    await expectStatus(s.page, orderId, 'Checkout cancelled');
    const order = await s.env.shop.ctx.orders.get(orderId);
    expect(order?.paymentId).toBeNull();
    const found = await s.env.shop.ctx.merchant.payments.find({ merchantReference: orderId });
    expect(found.payments ?? []).toEqual([]);
  });

  it('a forged return (right checkout id, wrong RETURNMAC) is refused', async () => {
    const orderId = await toCheckout();
    const order = await s.env.shop.ctx.orders.get(orderId);
    const res = await s.page.goto(
      `${s.env.shop.url}/orders/${orderId}/return/hosted?RETURNMAC=00000000-0000-0000-0000-000000000000&hostedCheckoutId=${order?.hostedCheckoutId}`,
    );
    expect(res?.status()).toBe(403);
    expect((await s.env.shop.ctx.orders.get(orderId))?.status).toBe('NEW');
  });
});
