/**
 * The dashboard as a tester uses it, in headless Chromium: payments created through the SDK appear
 * live, a payment's page settles and refunds it, and the refund with its webhook delivery shows up on
 * the timeline; axe-core finds nothing serious on any page; screenshots go to artifacts/screenshots.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser, launchBrowser, newPage, screenshot, seriousViolations } from '../../../test/support/browser.js';
import { sandboxConnection } from '../../../test/support/sandbox-connection.js';
import { Connect } from '../../sdk/src/index.js';
import { createWebhooksListener, InMemorySecretKeyStore, WebhooksHelper } from '../../sdk/src/webhooks/index.js';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let connect: Connect;
let app: Server;
let browser: Browser;
let page: Page;
let appUrl: string;
const received: string[] = [];

async function admin(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${sb.url}/_sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

const card = (amount: number, ref: string) => ({
  order: {
    amountOfMoney: { amount, currencyCode: 'EUR' },
    customer: { billingAddress: { countryCode: 'NL' } },
    references: { merchantReference: ref },
  },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123', cardholderName: 'Ada <b>Lovelace</b>' },
  },
});

describe.skipIf(!hasBrowser && !process.env.CI)('dashboard in a browser', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
    connect = new Connect(sandboxConnection(sb, 'dashboard tests'));
    const keys = new InMemorySecretKeyStore();
    keys.storeSecretKey('dash-key', 'dash-secret');
    app = createServer(
      createWebhooksListener(new WebhooksHelper({ secretKeyStore: keys }), (e) => void received.push(e.type)),
    );
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`;
    await admin('webhooks', { url: appUrl, keyId: 'dash-key', secretKey: 'dash-secret' });
    browser = await launchBrowser();
    page = await newPage(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await connect?.close();
    await sb?.close();
    await new Promise((r) => app?.close(r));
  });

  it('shows payments created through the SDK without a reload', async () => {
    await page.goto(`${sb.url}/`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^live/ }).count()).toBe(1);
    const m = connect.merchant(sb.merchantId);
    const ids: string[] = [];
    for (const [i, amount] of [1250, 4999, 300].entries()) {
      const created = await m.payments.create(card(amount, `order-<${i}>`));
      ids.push(created.payment?.id as string);
    }
    for (const id of ids) await page.getByRole('link', { name: id }).waitFor();
    // the merchant reference is shown as text, escaped
    await page.getByRole('cell', { name: 'order-<1>' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(4);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-payments');
  });

  it('settles and refunds a payment from its page; the refund and its delivery are on the timeline', async () => {
    await page
      .getByRole('link', { name: /0000100001$/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /^Payment / }).waitFor();
    await page.getByRole('button', { name: 'Settle now' }).click();
    await page.getByText('Settled 1 pending object(s)').waitFor();
    await page.getByLabel('Refund amount (EUR)').fill('1.00');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByText('Refund requested').waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByRole('link', { name: 'refund.pending_approval' }).waitFor();
    // the delivery arrives after the page was rendered: the live feed brings it in
    await expect
      .poll(() => timeline.getByText(/attempt 1 · HTTP 200/).count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    expect(received).toContain('refund.pending_approval');
    await expect
      .poll(() => page.getByRole('table', { name: 'Operations' }).getByText('PENDING_APPROVAL').count())
      .toBe(1);
    // card number masked in the JSON
    const json = (await page.locator('pre.json').textContent()) ?? '';
    expect(json).toContain('************7977');
    expect(json).not.toContain('4567350000427977');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-payment');
  });

  it('has no serious accessibility violations on the other pages', async () => {
    await admin('trigger', { type: 'payout.account_credited' });
    await admin('trigger', { type: 'dispute.created' });
    await admin('trigger', { type: 'token.created' });
    for (const path of [
      '/refunds',
      '/payouts',
      '/tokens',
      '/mandates',
      '/hostedcheckouts',
      '/disputes',
      '/events',
      '/deliveries',
      '/settings',
    ]) {
      await page.goto(`${sb.url}${path}`);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
    }
    await page.goto(`${sb.url}/events`);
    await page.getByRole('link', { name: 'refund.pending_approval' }).first().click();
    await page.getByRole('heading', { name: 'Event refund.pending_approval' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Resend to every endpoint' }).click();
    await page.getByText('Resent to 1 endpoint(s)').waitFor();
    await expect.poll(() => page.getByRole('cell', { name: '1 (resend)' }).count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'dashboard-event');
  }, 60_000); // axe-core on ten pages: seconds alone, more on a machine shared by several test runs

  it('settings: adds, verifies and removes a webhook endpoint; adds and clears a fault; moves the clock', async () => {
    await page.goto(`${sb.url}/settings`);
    const add = page.getByRole('region', { name: 'Add a webhook endpoint' });
    await add.getByLabel('URL').fill(appUrl);
    await add.getByLabel('Key id').fill('dash-key');
    await add.getByLabel('Secret key').fill('dash-secret');
    await add.getByLabel('Event types (comma-separated, blank = all)').fill('refund.*');
    await add.getByLabel('Verify first').check();
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(/^Endpoint we_\w+ added$/).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'refund.*' });
    await row.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Endpoint verified: it echoed the challenge').waitFor();
    // the secret was accepted but is shown nowhere
    expect(await page.content()).not.toContain('dash-secret');
    await page.getByRole('row').filter({ hasText: 'refund.*' }).getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Endpoint removed').waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'refund.*' }).count()).toBe(0);

    const faults = page.getByRole('region', { name: 'Faults' });
    await faults.getByLabel('Operation (e.g. payments.create)').fill('payments.get');
    await faults.getByRole('button', { name: 'Add fault' }).click();
    await page.getByText(/^Fault fault-\d+ added$/).waitFor();
    expect(sb.context.faults.rules.map((f) => [f.operation, f.status])).toEqual([['payments.get', 503]]);
    await page.getByRole('button', { name: 'Clear faults' }).click();
    await page.getByText('Faults cleared').waitFor();
    expect(sb.context.faults.rules).toEqual([]);

    const before = sb.context.clock.offset;
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await page.getByText('Clock advanced by 60 min').waitFor();
    expect(sb.context.clock.offset - before).toBe(3_600_000);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('refuses a POST without the dashboard token and from another origin', async () => {
    const p = (sb.context.domain.stores.payments.values().next().value as { id: string }).id;
    const noToken = await fetch(`${sb.url}/payments/${p}/actions/settle`, { method: 'POST', redirect: 'manual' });
    expect(noToken.status).toBe(403);
    const html = await (await fetch(`${sb.url}/payments`)).text();
    const token = /name="dashboard-token" content="([^"]+)"/.exec(html)?.[1] as string;
    const crossOrigin = await fetch(`${sb.url}/payments/${p}/actions/settle`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: `_token=${encodeURIComponent(token)}`,
    });
    expect(crossOrigin.status).toBe(403);
    const ok = await fetch(`${sb.url}/payments/${p}/actions/settle`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_token=${encodeURIComponent(token)}`,
    });
    expect(ok.status).toBe(303);

    // the other buttons, as the forms post them: finish a redirect, force a status
    const redirected = (await admin('trigger', { type: 'payment.redirected' })) as { resources: { id: string }[] };
    const rid = redirected.resources[0]?.id as string;
    const post = (action: string, fields: string) =>
      fetch(`${sb.url}/payments/${rid}/actions/${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: sb.url },
        body: `_token=${encodeURIComponent(token)}&${fields}`,
      });
    const finished = await post('redirect', 'outcome=success');
    expect(finished.headers.get('location')).toBe(
      `/payments/${rid}?done=redirect%3A%20the%20payment%20is%20now%20CAPTURE_REQUESTED`,
    );
    const forced = await post('force', 'status=CHARGEBACKED');
    expect(forced.status).toBe(303);
    const refused = await post('reverse', '');
    expect(decodeURIComponent(refused.headers.get('location') ?? '')).toContain('error=INVALID_STATUS_FOR_ACTION');
    const page = await (await fetch(`${sb.url}/payments/${rid}`)).text();
    expect(page).toContain('payment.chargebacked');
  });
});
