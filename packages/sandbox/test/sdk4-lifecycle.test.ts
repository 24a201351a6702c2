import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, cardPayment, m, sb, useSandbox } from './helpers.js';

/** The old Ingenico Node SDK 4.18.0 (callback API, global singleton) drives the sandbox unchanged. */
const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the official SDK is driven as an untyped black box in tests
const connectSdk: any = require('connect-sdk-nodejs-4');

interface Res {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: untyped SDK response bodies
  body: any;
}

/** Promisifies one callback call: `call(group, op, ...args)`. */
function call(group: string, op: string, ...args: unknown[]): Promise<Res> {
  return new Promise((resolve, reject) => {
    connectSdk[group][op](...args, (err: Error | null, res: Res | null) => {
      if (err) reject(err);
      else resolve(res as Res);
    });
  });
}

function init(secret: string): void {
  connectSdk.init({
    host: '127.0.0.1',
    scheme: 'http',
    port: sb.port,
    enableLogging: false,
    apiKeyId: sb.apiKeyId,
    secretApiKey: secret,
    integrator: 'connect-sandbox tests',
  });
}

useSandbox();
beforeAll(() => {
  init(sb.secretApiKey);
});

describe('connect-sdk-nodejs 4.18.0', () => {
  it('payment create -> get -> approve -> settle -> refund -> find', async () => {
    const c = await call('payments', 'create', m, cardPayment(1800, {}, { requiresApproval: true }), null);
    expect(c.status).toBe(201);
    const id = c.body.payment.id;
    expect((await call('payments', 'get', m, id, null)).body.status).toBe('PENDING_APPROVAL');
    const a = await call('payments', 'approve', m, id, { amount: 1800 }, null);
    expect(a.body.payment.status).toBe('CAPTURE_REQUESTED');
    await admin(sb, 'POST', '/settle');
    const r = await call('payments', 'refund', m, id, { amountOfMoney: { amount: 800, currencyCode: 'EUR' } }, null);
    expect(r.status).toBe(201);
    expect(r.body.refundOutput.amountOfMoney.amount).toBe(800);
    const f = await call('payments', 'find', m, {
      merchantReference: c.body.payment.paymentOutput.references.merchantReference,
    });
    expect(f.body.payments).toHaveLength(1);
    expect(f.body.payments[0].paymentOutput.amountRefundRequested).toBe(800);
  });

  it('idempotent replay exposes the request timestamp through the SDK context', async () => {
    const ctx = { idemPotence: { key: `v4-${Date.now()}` } };
    const first = await call('payments', 'create', m, cardPayment(321), ctx);
    const second = await call('payments', 'create', m, cardPayment(321), ctx);
    expect(second.body.payment.id).toBe(first.body.payment.id);
    expect(Number(connectSdk.context.getIdempotenceRequestTimestamp())).toBeGreaterThan(0);
  });

  it('hosted checkout create/get and session create', async () => {
    const h = await call(
      'hostedcheckouts',
      'create',
      m,
      { order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } },
      null,
    );
    expect(h.status).toBe(201);
    const g = await call('hostedcheckouts', 'get', m, h.body.hostedCheckoutId, null);
    expect(g.body.status).toBe('IN_PROGRESS');
    const s = await call('sessions', 'create', m, {}, null);
    expect(s.body.clientSessionId).toBeTypeOf('string');
  });

  it('products find/get', async () => {
    const q = { countryCode: 'NL', currencyCode: 'EUR', amount: 1000, locale: 'en_GB' };
    const f = await call('products', 'find', m, q);
    expect(f.status).toBe(200);
    expect(f.body.paymentProducts.length).toBeGreaterThan(0);
    const g = await call('products', 'get', m, 1, q);
    expect(g.body.id).toBe(1);
  });

  it('a declined payment: 402 with the created payment REJECTED', async () => {
    const d = await call('payments', 'create', m, cardPayment(1000, { cardNumber: '4000000000000036' }), null);
    expect(d.status).toBe(402);
    expect(d.body.paymentResult.payment.status).toBe('REJECTED');
  });

  it('a wrong secret key: 401 (the SDK keeps its key; the sandbox gets a different secret for it)', async () => {
    // SDK 4 is a singleton that refuses a second init(), so change the secret on the sandbox side
    await admin(sb, 'POST', '/keys', { apiKeyId: sb.apiKeyId, secretApiKey: 'rotated-secret', merchantIds: [m] });
    try {
      const r = await call('services', 'testconnection', m, null);
      expect(r.status).toBe(401);
      expect(r.body.errors[0].code).toBe('9002');
    } finally {
      await admin(sb, 'POST', '/keys', { apiKeyId: sb.apiKeyId, secretApiKey: sb.secretApiKey, merchantIds: [m] });
    }
    expect((await call('services', 'testconnection', m, null)).status).toBe(200);
  });
});
