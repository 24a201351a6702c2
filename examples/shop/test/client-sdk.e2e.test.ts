// Flow 2 (the platform's Client SDK in the browser) in headless Chromium: the official connect-sdk-client-js
// 6.0.6 bundle, served from the shop's node_modules, renders the product's fields, validates and encrypts;
// the shop creates the payment from encryptedCustomerInput, through the sandbox's Client API (/client/v1).
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

describe.skipIf(!hasBrowser && !process.env['CI']).each(DATABASES)('Client SDK flow on %s', (database) => {
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

  async function fillCard(card: string, shot?: string): Promise<string> {
    const orderId = await placeOrder(page, env.shop.url, 'client');
    await page.getByRole('radio', { name: /^\s*VISA$/ }).check();
    await page.getByLabel(/card number/i).fill(card);
    await page.getByLabel(/expiry/i).fill('12/30');
    await page.getByLabel(/cvv|verification/i).fill('123');
    const name = page.getByLabel(/cardholder/i);
    if ((await name.count()) > 0) await name.fill('Wile E. Coyote');
    if (shot) {
      if (database === 'pglite') expect(await seriousViolations(page)).toEqual([]);
      if (database === 'pglite') await screenshot(page, shot);
    }
    return orderId;
  }

  async function pay(card: string, shot?: string): Promise<string> {
    const orderId = await fillCard(card, shot);
    await page.getByRole('button', { name: /^Pay / }).click();
    return orderId;
  }

  it('approved card: encrypted in the browser, payment created by the shop', async () => {
    const orderId = await pay(CARDS.approved, `shop-client-form-${database}`);
    await expectStatus(page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('a card the browser-side validation rejects: nothing is sent, no payment exists', async () => {
    const orderId = await fillCard('4567350000427978');
    await page.getByRole('button', { name: /^Pay / }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('nothing was sent');
    expect(await page.getByText(/is not a valid card number/).count()).toBeGreaterThan(0);
    expect(page.url()).toMatch(new RegExp(`/orders/${orderId}/pay$`));
    const found = await env.shop.ctx.merchant.payments.find({ merchantReference: orderId });
    expect(found.payments ?? []).toEqual([]);
    expect((await env.shop.ctx.orders.get(orderId))?.status).toBe('NEW');
  });

  it('declined card', async () => {
    const orderId = await pay(CARDS.declined);
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('3-D Secure approved', async () => {
    const orderId = await pay(CARDS.threeDsApproved);
    await finishRedirect(page, 'success');
    await expectStatus(page, orderId, 'Payment authorised');
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('3-D Secure failed', async () => {
    const orderId = await pay(CARDS.threeDsFailed);
    await finishRedirect(page, 'failure');
    await expectStatus(page, orderId, 'Payment declined');
    await expectOrderMatchesPayment(env, orderId, 'REJECTED');
  });

  it('iDEAL', async () => {
    const orderId = await placeOrder(page, env.shop.url, 'client');
    await page.getByRole('radio', { name: /iDEAL/ }).check();
    const bank = page.getByLabel('Your bank');
    if ((await bank.count()) > 0) await bank.selectOption({ index: 0 });
    await page.getByRole('button', { name: /^Pay / }).click();
    await finishRedirect(page, 'success');
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
    const status = (await env.shop.ctx.orders.get(orderId))?.status ?? '';
    expect(['CAPTURE_REQUESTED', 'PENDING_APPROVAL', 'PAID']).toContain(status);
    await expectOrderMatchesPayment(env, orderId, status);
  });
});
