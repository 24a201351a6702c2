// Steps a customer takes in the browser, shared by the flow suites: by visible labels and roles only.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { hasBrowser, launchBrowser, newPage } from '../../../test/support/browser.js';
import { DATABASES, startTestEnv, type TestEnv } from './support.js';

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

/** What a flow suite's tests use: the started sandbox + shop, and the customer's page. Set before the first test. */
export interface FlowSuite {
  env: TestEnv;
  page: Page;
}

/**
 * The frame of every flow suite: one Chromium for the file and, per database of DATABASES, a sandbox + shop and a
 * page, closed after the suite (`title` takes the database through %s). Skipped without a browser outside CI.
 */
export function describeFlow(title: string, body: (database: (typeof DATABASES)[number], s: FlowSuite) => void): void {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  describe.skipIf(!hasBrowser && !process.env['CI']).each(DATABASES)(title, (database) => {
    const s = {} as FlowSuite;
    beforeAll(async () => {
      s.env = await startTestEnv(database);
      s.page = await newPage(browser);
    });
    afterAll(async () => {
      await s.page?.context().close();
      await s.env?.close();
    });
    body(database, s);
  });
}
