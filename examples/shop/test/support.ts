// Test support for the shop: a sandbox and a shop wired together (webhooks included), on PGlite or on a
// database of its own in the PostgreSQL that DATABASE_URL names; a cookie-keeping HTTP client for tests
// that do not need a browser; and the check every test ends with: the shop's order against the sandbox's payment.
import { randomBytes } from 'node:crypto';
import type { Payment } from 'connect-server-sdk';
import pg from 'pg';
import { expect } from 'vitest';
import { type Sandbox, startSandbox } from '../../../packages/sandbox/src/index.js';
import { type RunningShop, startShop } from '../src/app.js';
import { configFromEnv, type ShopConfig } from '../src/config.js';
import { refundCounts } from '../src/status.js';

export const WEBHOOK_KEY_ID = 'test-webhooks';
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

/** The databases every suite runs on: PGlite always, PostgreSQL when DATABASE_URL is set (see scripts/with-postgres.mjs). */
export const DATABASES: readonly ('pglite' | 'postgres')[] = process.env['DATABASE_URL']
  ? ['pglite', 'postgres']
  : ['pglite'];

/** A fresh database in the PostgreSQL of DATABASE_URL, dropped by the returned function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env['DATABASE_URL'];
  if (!adminUrl) throw new Error('DATABASE_URL is not set: run through scripts/with-postgres.mjs');
  const name = `shop_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The environment variables that point a shop at `sandbox`: its endpoint, API key, merchant and the test webhook key. */
export function sandboxEnv(sandbox: Sandbox): Record<string, string> {
  return {
    CONNECT_API_ENDPOINT: sandbox.url,
    CONNECT_API_KEY_ID: sandbox.apiKeyId,
    CONNECT_SECRET_API_KEY: sandbox.secretApiKey,
    CONNECT_MERCHANT_ID: sandbox.merchantId,
    CONNECT_WEBHOOK_KEY_ID: WEBHOOK_KEY_ID,
    CONNECT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  };
}

export function shopConfig(
  sandbox: Sandbox,
  overrides: Partial<ShopConfig> = {},
  connect: Partial<ShopConfig['connect']> = {},
): ShopConfig {
  const base = configFromEnv({ SHOP_PORT: '0', ...sandboxEnv(sandbox), SHOP_INSTANCE: 'test-shop' });
  return { ...base, ...overrides, connect: { ...base.connect, ...connect } };
}

export interface TestEnv {
  sandbox: Sandbox;
  shop: RunningShop;
  logs: string[];
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startTestEnv(
  database: 'pglite' | 'postgres',
  overrides: Partial<ShopConfig> = {},
  connect: Partial<ShopConfig['connect']> = {},
): Promise<TestEnv> {
  const sandbox = await startSandbox({ port: 0, webhooks: { retryBaseMs: 50 } });
  const pgdb = database === 'postgres' ? await freshPostgresDatabase() : undefined;
  const logs: string[] = [];
  const shop = await startShop(shopConfig(sandbox, { databaseUrl: pgdb?.url, ...overrides }, connect), {
    log: (m) => logs.push(m),
  });
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    // the admin API takes JSON only, also for a POST without parameters
    const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      ...(method === 'GET'
        ? {}
        : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  await admin('POST', 'webhooks', { url: `${shop.url}/webhooks`, keyId: WEBHOOK_KEY_ID, secretKey: WEBHOOK_SECRET });
  return {
    sandbox,
    shop,
    logs,
    admin,
    close: async () => {
      await shop.close();
      await sandbox.close();
      await pgdb?.drop();
    },
  };
}

/** The payment as the sandbox has it (read with the shop's own SDK client: the platform's view). */
export async function platformPayment(env: TestEnv, paymentId: string): Promise<Payment> {
  return env.shop.ctx.merchant.payments.get(paymentId);
}

/**
 * The check every test ends with: the shop's order agrees with the sandbox's payment on status and amounts
 * (amount, captured, refunded). Webhooks arrive asynchronously, so it waits for them (up to 5 s).
 */
export async function expectOrderMatchesPayment(env: TestEnv, orderId: string, expectedStatus: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const order = await env.shop.ctx.orders.get(orderId);
        if (!order?.paymentId) return { order: order?.status ?? 'missing', payment: 'none' };
        const p = await platformPayment(env, order.paymentId);
        const out = p.paymentOutput;
        const refunds = await env.shop.ctx.orders.refunds(orderId);
        return {
          order: order.status,
          payment: p.status,
          amount: [order.amount, out?.amountOfMoney?.amount],
          captured: [order.amountCaptured, (out?.amountCaptureRequested ?? 0) + (out?.amountCaptured ?? 0)],
          refunded: [
            refunds.filter((r) => refundCounts(r.status)).reduce((s, r) => s + r.amount, 0),
            (out?.amountRefundRequested ?? 0) + (out?.amountRefunded ?? 0),
          ],
        };
      },
      { timeout: 5000, interval: 50 },
    )
    .toSatisfy((v: { order: string; payment: string; amount?: number[]; captured?: number[]; refunded?: number[] }) => {
      const same = (pair: number[] | undefined) => pair === undefined || pair[0] === pair[1];
      return (
        v.order === expectedStatus &&
        v.payment === expectedStatus &&
        same(v.amount) &&
        same(v.captured) &&
        same(v.refunded)
      );
    });
}

/** A tiny browser-less client that keeps cookies and does not follow redirects. */
export class ShopClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string | null; text: string }> {
    const headers: Record<string, string> = { Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      redirect: 'manual',
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair?.indexOf('=') ?? -1;
      if (pair && i > 0) this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  /** Cart with one product -> order with the given flow; returns the order id. */
  async placeOrder(flow: 'hosted' | 'client' | 'server', productId = 'mug'): Promise<string> {
    await this.request('POST', '/cart', { productId });
    const cart = await this.request('GET', '/cart');
    const token = /name="checkoutToken" value="([0-9a-f]+)"/.exec(cart.text)?.[1];
    if (!token) throw new Error('no checkout token on the cart page');
    const placed = await this.request('POST', '/orders', { checkoutToken: token, flow });
    const id = /^\/orders\/([^/]+)\/pay$/.exec(placed.location ?? '')?.[1];
    if (!id) throw new Error(`placing the order did not redirect to its payment page (${placed.status})`);
    return id;
  }
}

export const CARDS = {
  approved: '4567350000427977',
  declined: '4000000000000036',
  threeDsApproved: '4012007153923001',
  threeDsFailed: '4000000000000010',
} as const;
