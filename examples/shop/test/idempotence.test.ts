// Exactly-once without a browser: a double submit and a retry after a lost connection each create one
// payment; a webhook delivered twice is processed once; a forged delivery is refused. On PGlite and PostgreSQL.
import { signWebhook } from 'connect-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARDS,
  DATABASES,
  expectOrderMatchesPayment,
  ShopClient,
  startTestEnv,
  type TestEnv,
  WEBHOOK_KEY_ID,
  WEBHOOK_SECRET,
} from './support.js';

const cardForm = (card: string) => ({
  paymentProductId: '1',
  cardNumber: card,
  expiryDate: '12/30',
  cvv: '123',
  cardholderName: 'Wile E. Coyote',
});

describe.each(DATABASES)('exactly once on %s', (database) => {
  let env: TestEnv;
  let client: ShopClient;
  beforeAll(async () => {
    env = await startTestEnv(database);
    client = new ShopClient(env.shop.url);
  });
  afterAll(async () => {
    await env?.close();
  });

  const paymentsOf = async (orderId: string) =>
    (await env.shop.ctx.merchant.payments.find({ merchantReference: orderId })).payments ?? [];

  it('two identical checkout POSTs in parallel create one payment', async () => {
    const orderId = await client.placeOrder('server');
    const [a, b] = await Promise.all([
      client.request('POST', `/orders/${orderId}/pay`, cardForm(CARDS.approved)),
      client.request('POST', `/orders/${orderId}/pay`, cardForm(CARDS.approved)),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.location).toBe(`/orders/${orderId}`);
    expect(b.location).toBe(`/orders/${orderId}`);
    expect(await paymentsOf(orderId)).toHaveLength(1);
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('two identical hosted checkout POSTs in parallel lead to one checkout', async () => {
    const orderId = await client.placeOrder('hosted');
    const [a, b] = await Promise.all([
      client.request('POST', `/orders/${orderId}/pay`),
      client.request('POST', `/orders/${orderId}/pay`),
    ]);
    expect(a.location).toMatch(/\/hostedcheckout\//);
    expect(b.location).toBe(a.location);
  });

  it('a connection reset on create: the SDK retries with the same key, one payment', async () => {
    await env.admin('POST', 'faults', { operation: 'payments.create', reset: true, count: 1 });
    const orderId = await client.placeOrder('server');
    const res = await client.request('POST', `/orders/${orderId}/pay`, cardForm(CARDS.approved));
    expect(res.status).toBe(303);
    const { faults } = await env.admin<{ faults: unknown[] }>('GET', 'faults');
    expect(faults).toEqual([]); // the reset was used up: the first attempt did meet it
    expect(await paymentsOf(orderId)).toHaveLength(1);
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });

  it('a connection reset the SDK may not retry: the customer sees why, submits again, one payment', async () => {
    const env2 = await startTestEnv(database, {}, { maxRetries: 0 });
    try {
      const c2 = new ShopClient(env2.shop.url);
      await env2.admin('POST', 'faults', { operation: 'payments.create', reset: true, count: 1 });
      const orderId = await c2.placeOrder('server');
      const first = await c2.request('POST', `/orders/${orderId}/pay`, cardForm(CARDS.approved));
      expect(first.status).toBe(422);
      expect(first.text).toContain('could not be reached');
      const second = await c2.request('POST', `/orders/${orderId}/pay`, cardForm(CARDS.approved));
      expect(second.status).toBe(303);
      expect((await env2.shop.ctx.merchant.payments.find({ merchantReference: orderId })).payments ?? []).toHaveLength(
        1,
      );
      await expectOrderMatchesPayment(env2, orderId, 'PENDING_APPROVAL');
    } finally {
      await env2.close();
    }
  });

  it('a webhook delivered twice is processed once; a forged one is refused', async () => {
    const orderId = await client.placeOrder('server');
    await client.request('POST', `/orders/${orderId}/pay`, cardForm(CARDS.approved));
    const order = await env.shop.ctx.orders.get(orderId);
    const payment = await env.shop.ctx.merchant.payments.get(order?.paymentId ?? '');
    const body = JSON.stringify({
      apiVersion: 'v1',
      id: `evt-${orderId}`,
      created: new Date().toISOString(),
      merchantId: env.sandbox.merchantId,
      type: 'payment.pending_approval',
      payment,
    });
    const send = (headers: Record<string, string>) =>
      fetch(`${env.shop.url}/webhooks`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...headers },
      });
    const signed = signWebhook(body, WEBHOOK_KEY_ID, WEBHOOK_SECRET);
    const answers = await Promise.all([send(signed), send(signed)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const forged = await send({
      ...signed,
      'X-GCS-Signature': signWebhook(`${body} `, WEBHOOK_KEY_ID, WEBHOOK_SECRET)['X-GCS-Signature'],
    });
    expect(forged.status).toBe(400);
    const rows = await env.shop.ctx.db.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM webhook_events WHERE id = $1',
      [`evt-${orderId}`],
    );
    expect(Number(rows[0]?.n)).toBe(1);
    expect(env.logs.filter((l) => l.includes(`evt-${orderId}`) && l.includes('duplicate'))).toHaveLength(1);
    await expectOrderMatchesPayment(env, orderId, 'PENDING_APPROVAL');
  });
});
