// Steps a customer takes in the browser, shared by the flow suites: by visible labels and roles only.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export type FlowLabel = RegExp;
export const FLOW_LABEL = {
  hosted: /Hosted checkout/,
  client: /Card form in this page/,
  server: /Shop’s own payment form/,
} as const;

/** Home -> add a product -> cart -> choose the flow -> place the order; returns the order id. */
export async function placeOrder(
  page: Page,
  shopUrl: string,
  flow: keyof typeof FLOW_LABEL,
  product = 'Coffee mug',
): Promise<string> {
  await page.goto(shopUrl);
  await page.getByRole('button', { name: new RegExp(`^Add to cart\\W+${product}$`) }).click();
  await page.getByRole('heading', { name: 'Your cart' }).waitFor();
  await page.getByLabel(FLOW_LABEL[flow]).check();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/[^/]+\/pay/);
  const id = /\/orders\/([^/]+)\/pay/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a payment page: ${page.url()}`);
  return id;
}

/** On the sandbox's 3-D Secure / bank page: authenticate, fail or cancel. */
export async function finishRedirect(page: Page, outcome: 'success' | 'failure' | 'cancel'): Promise<void> {
  const name = {
    success: /^(authenticate|confirm payment|approve payment)/i,
    failure: /^(fail|refuse)/i,
    cancel: /^cancel/i,
  }[outcome];
  await page.getByRole('link', { name }).or(page.getByRole('button', { name })).first().click();
}

/** The order page's status text once the customer is back. */
export async function orderStatusText(page: Page, orderId: string): Promise<string> {
  await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  return (await page.getByTestId('order-status').textContent())?.trim() ?? '';
}

export async function expectStatus(page: Page, orderId: string, text: string): Promise<void> {
  expect(await orderStatusText(page, orderId)).toBe(text);
}
