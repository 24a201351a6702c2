// Shared by the customer-page browser tests: a tiny "shop" that the customer returns to, the checks every
// page gets (axe-core, a screenshot) and the check of the return (RETURNMAC accepted by the SDK's helper).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, screenshot, seriousViolations } from '../../../test/support/browser.js';
import { isValidReturnMac } from '../../sdk/src/checkout/index.js';

export interface Shop {
  url: string;
  close(): Promise<void>;
}

/** A merchant's return page: answers every path with a small HTML page. */
export async function startShop(): Promise<Shop> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Shop</title><h1>Back at the shop</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser and a shop for the enclosing describe block: both started before its tests and closed after. The
 * returned object is filled in by then.
 */
export function useBrowserAndShop(): { browser: Browser; shop: Shop } {
  const s = {} as { browser: Browser; shop: Shop };
  beforeAll(async () => {
    [s.browser, s.shop] = await Promise.all([launchBrowser(), startShop()]);
  });
  afterAll(async () => {
    await Promise.all([s.browser?.close(), s.shop?.close()]);
  });
  return s;
}

/** Every page: no serious or critical axe-core violation, and a screenshot for a person to look at. */
export async function checkPage(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshot(page, name);
}

/**
 * Waits until the page's main heading reads `text` (after a click or a key press the next page may still be
 * loading); fails naming the heading that is there instead.
 */
export async function expectHeading(page: Page, text: string): Promise<void> {
  try {
    await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor({ timeout: 10_000 });
  } catch {
    const actual = await page
      .getByRole('heading', { level: 1 })
      .first()
      .textContent()
      .catch(() => null);
    throw new Error(`expected the heading "${text}", the page shows "${actual ?? '(none)'}" at ${page.url()}`);
  }
}

/** Waits until the browser is back at the shop and checks RETURNMAC with the SDK; returns the return URL. */
export async function backAtShop(page: Page, shop: Shop, returnmac: string): Promise<URL> {
  await page.waitForURL(`${shop.url}/**`);
  const url = new URL(page.url());
  expect(isValidReturnMac(returnmac, url.searchParams.get('RETURNMAC'))).toBe(true);
  expect(isValidReturnMac(returnmac, 'forged')).toBe(false);
  return url;
}

/** Types a card as a person does (the number key by key, so the brand shows as it is typed). */
export async function typeCard(
  page: Page,
  pan: string,
  labels = {
    number: 'Card number',
    expiry: 'Expiry date',
    cvv: 'Card verification code (CVV)',
    name: 'Cardholder name',
  },
  values = { expiry: '12/30', cvv: '123', name: 'Jan Jansen' },
): Promise<void> {
  const number = page.getByLabel(labels.number, { exact: true });
  await number.fill('');
  await number.pressSequentially(pan);
  await page.getByLabel(labels.expiry, { exact: true }).fill(values.expiry);
  await page.getByLabel(labels.cvv, { exact: true }).fill(values.cvv);
  await page.getByLabel(labels.name, { exact: true }).fill(values.name);
}
