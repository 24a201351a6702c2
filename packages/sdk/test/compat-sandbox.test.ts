/**
 * The classic API end to end against connect-sandbox (the local emulator): the guide's three flows with
 * `connect-server-sdk/compat`, and webhooks the sandbox delivers, checked by the classic webhooks helper and by
 * the modern listener.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConnection } from '../../../test/support/sandbox-connection.js';
import { type Sandbox, startSandbox } from '../../sandbox/src/index.js';
import { hostedCheckoutUrl } from '../src/checkout/index.js';
import { type ConnectSdk, createConnectSdk } from '../src/compat/index.js';
import { createWebhooksListener, InMemorySecretKeyStore, WebhooksHelper } from '../src/webhooks/index.js';

let sb: Sandbox;
let connectSdk: ConnectSdk;

const card = (amount: number, cardNumber = '4567350000427977') => ({
  order: {
    amountOfMoney: { amount, currencyCode: 'EUR' },
    customer: { billingAddress: { countryCode: 'NL', city: 'Amsterdam' }, merchantCustomerId: 'c-1' },
  },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber, expiryDate: '1230', cvv: '123', cardholderName: 'Wile E. Coyote' },
  },
});

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  connectSdk = createConnectSdk();
  connectSdk.init(sandboxConnection(sb, 'compat e2e'));
});

afterAll(async () => {
  await connectSdk.close();
  await sb.close();
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 150 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('classic API against the sandbox', () => {
  it('server flow: products.find with query in paymentContext, payments.create, payments.get', async () => {
    const products = await connectSdk.products.find(sb.merchantId, {
      countryCode: 'NL',
      currencyCode: 'EUR',
      amount: 1000,
    });
    expect(products.isSuccess).toBe(true);
    expect((products.body as { paymentProducts: unknown[] }).paymentProducts.length).toBeGreaterThan(0);
    const created = await new Promise<{ status: number; body: { payment: { id: string } } }>((resolve, reject) =>
      connectSdk.payments.create(sb.merchantId, card(1500), {}, (error, sdkResponse) =>
        error ? reject(error) : resolve(sdkResponse as never),
      ),
    );
    expect(created.status).toBe(201);
    const got = await connectSdk.payments.get(sb.merchantId, created.body.payment.id);
    expect(got).toMatchObject({ status: 200, isSuccess: true, body: { id: created.body.payment.id } });
  });

  it('idempotence: the replay has the first response and a timestamp in connectSdk.context', async () => {
    const ctx = { idemPotence: { key: `compat-e2e-${Date.now()}` } };
    const first = await connectSdk.payments.create(sb.merchantId, card(2500), ctx);
    expect(connectSdk.context.getIdempotenceRequestTimestamp()).toBeUndefined();
    const second = await connectSdk.payments.create(sb.merchantId, card(2500), ctx);
    expect(second.body).toEqual(first.body);
    expect(connectSdk.context.getIdempotenceRequestTimestamp()).toMatch(/^\d{13}$/);
  });

  it('invalid input is a 400 response (isSuccess false) naming the property, not an exception', async () => {
    const r = await connectSdk.payments.create(sb.merchantId, card(1000, '4567350000427978'), null);
    expect(r.isSuccess).toBe(false);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(r.body)).toMatch(/errors/);
  });

  it('hosted checkout: create, the customer URL opens, get shows the status', async () => {
    const created = await connectSdk.hostedcheckouts.create(
      sb.merchantId,
      {
        order: { amountOfMoney: { amount: 1000, currencyCode: 'EUR' } },
        hostedCheckoutSpecificInput: { returnUrl: 'https://shop.example/return' },
      },
      null,
    );
    expect(created.status).toBe(201);
    const body = created.body as { partialRedirectUrl: string; hostedCheckoutId: string; RETURNMAC: string };
    const page = await fetch(hostedCheckoutUrl(body.partialRedirectUrl, 'http://'));
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    const status = await connectSdk.hostedcheckouts.get(sb.merchantId, body.hostedCheckoutId, null);
    expect(status.body).toMatchObject({ status: 'IN_PROGRESS' });
  });

  it('webhooks delivered by the sandbox pass the classic webhooks.unmarshal and the modern listener', async () => {
    connectSdk.webhooks.init({ getSecretKey: connectSdk.webhooks.inMemorySecretKeyStore.getSecretKey });
    connectSdk.webhooks.inMemorySecretKeyStore.storeSecretKey('compat-e2e-key', 'compat-e2e-secret');
    const classic: string[] = [];
    const modern: string[] = [];
    const keys = new InMemorySecretKeyStore({ 'compat-e2e-key': 'compat-e2e-secret' });
    const listener = createWebhooksListener(new WebhooksHelper({ secretKeyStore: keys }), (event) => {
      modern.push(String(event.type));
    });
    const server: Server = createServer((req, res) => {
      if (req.url === '/modern') {
        void listener(req, res);
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        connectSdk.webhooks.unmarshal(Buffer.concat(chunks), req.headers, (error, event) => {
          if (error) {
            res.writeHead(400).end();
          } else {
            classic.push(String(event?.type));
            res.writeHead(200).end();
          }
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const register = (path: string) =>
      fetch(`${sb.url}/_sandbox/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: `http://127.0.0.1:${port}${path}`,
          keyId: 'compat-e2e-key',
          secretKey: 'compat-e2e-secret',
        }),
      }).then((r) => r.arrayBuffer());
    try {
      await register('/classic');
      await register('/modern');
      await connectSdk.payments.create(sb.merchantId, card(5150), null);
      await waitFor(
        () => classic.includes('payment.capture_requested') && modern.includes('payment.capture_requested'),
      );
      expect(classic).toContain('payment.capture_requested');
      expect(modern).toContain('payment.capture_requested');
    } finally {
      await fetch(`${sb.url}/_sandbox/webhooks`, { method: 'DELETE' });
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
