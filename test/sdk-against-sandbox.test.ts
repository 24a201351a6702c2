/**
 * connect-server-sdk against connect-sandbox, end to end over real HTTP: what a merchant's integration test does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../packages/sandbox/src/index.js';
import {
  ApiError,
  Connect,
  type CreatePaymentRequest,
  DeclinedPaymentError,
  IdempotenceError,
  InvalidReferenceError,
  ValidationError,
} from '../packages/sdk/src/index.js';
import { InMemorySecretKeyStore, WebhooksHelper } from '../packages/sdk/src/webhooks/index.js';
import { sandboxConnection } from './support/sandbox-connection.js';

let sb: Sandbox;
let connect: Connect;

const card = (cardNumber: string, amount: number, extra: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => ({
  order: {
    amountOfMoney: { amount, currencyCode: 'EUR' },
    customer: { billingAddress: { countryCode: 'NL', city: 'Amsterdam' }, merchantCustomerId: 'c-1' },
    references: { merchantReference: `order-${cardNumber.slice(-4)}-${amount}` },
  },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber, expiryDate: '1230', cvv: '123', cardholderName: 'Wile E. Coyote' },
  },
  ...extra,
});

async function admin(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sb.url}/_sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  connect = new Connect({
    ...sandboxConnection(sb, 'e2e tests'),
    retryInitialDelayMs: 10,
    retryMaxDelayMs: 50,
  });
});

afterAll(async () => {
  await connect.close();
  await sb.close();
});

describe('connect-server-sdk against connect-sandbox', () => {
  it('runs a card payment through approve, capture and refund, and the books add up', async () => {
    const m = connect.merchant(sb.merchantId);
    const created = await m.payments.create(
      card('4567350000427977', 2980, {
        cardPaymentMethodSpecificInput: {
          paymentProductId: 1,
          requiresApproval: true,
          card: { cardNumber: '4567350000427977', expiryDate: '1230', cvv: '123' },
        },
      }),
    );
    const id = created.payment?.id as string;
    expect(created.payment?.status).toBe('PENDING_APPROVAL');
    expect(created.payment?.statusOutput?.statusCategory).toBe('PENDING_MERCHANT');

    const approved = await m.payments.approve(id, { amount: 2980 });
    expect(approved.payment?.status).toBe('CAPTURE_REQUESTED');

    await admin('settle', {});
    const paid = await m.payments.get(id);
    expect(paid.status).toBe('PAID');
    expect(paid.statusOutput?.isRefundable).toBe(true);

    const refund = await m.payments.refund(id, { amountOfMoney: { amount: 1000, currencyCode: 'EUR' } });
    expect(refund.refundOutput?.amountOfMoney?.amount).toBe(1000);
    const refunds = await m.payments.refunds(id);
    expect(refunds.refunds?.map((r) => r.id)).toContain(refund.id);

    // more than what is left is refused with the platform's error, typed
    const over = await m.payments
      .refund(id, { amountOfMoney: { amount: 5000, currencyCode: 'EUR' } })
      .catch((e: unknown) => e);
    expect(over).toBeInstanceOf(ApiError);
    expect((over as ApiError).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('throws DeclinedPaymentError with the created payment for a declined card', async () => {
    const err = await connect
      .merchant(sb.merchantId)
      .payments.create(card('4000000000000036', 100))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeclinedPaymentError);
    const d = err as DeclinedPaymentError;
    expect(d.statusCode).toBe(402);
    expect(d.paymentResult?.payment?.status).toBe('REJECTED');
    expect(d.errors[0]?.code).toBe('430330');
    expect(String(d.message)).not.toContain('4000000000000036');
  });

  it('replays a keyed create with the original timestamp, and never creates twice', async () => {
    const m = connect.merchant(sb.merchantId);
    const body = card('4567350000427977', 4242);
    const first = await m.payments.create(body, { idempotenceKey: 'e2e-replay-1' }).withResponse();
    expect(first.status).toBe(201);
    expect(first.idempotenceRequestTimestamp).toBeUndefined();
    const again = await m.payments.create(body, { idempotenceKey: 'e2e-replay-1' }).withResponse();
    expect(again.data.payment?.id).toBe(first.data.payment?.id);
    expect(again.idempotenceRequestTimestamp).toEqual(expect.any(Number));
    const found = await m.payments.find({ merchantReference: body.order?.references?.merchantReference as string });
    expect(found.payments).toHaveLength(1);
  });

  it('retries a keyed create through injected 503s and a reset, creating exactly one payment', async () => {
    await admin('faults', { operation: 'payments.create', status: 503, retryAfter: 0, count: 1 });
    await admin('faults', { operation: 'payments.create', reset: true, count: 1 });
    const m = connect.merchant(sb.merchantId);
    const body = card('4567350000427977', 777);
    const res = await m.payments.create(body, { idempotenceKey: 'e2e-retry-1', maxRetries: 3 });
    expect(res.payment?.id).toEqual(expect.any(String));
    const found = await m.payments.find({ merchantReference: body.order?.references?.merchantReference as string });
    expect(found.payments).toHaveLength(1);
  });

  it('does not retry an unkeyed create when retries are off', async () => {
    await admin('faults', { operation: 'payments.create', status: 503, count: 1 });
    const err = await connect
      .merchant(sb.merchantId)
      .payments.create(card('4567350000427977', 778), { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).statusCode).toBe(503);
  });

  it('maps validation and reference errors to their classes', async () => {
    const m = connect.merchant(sb.merchantId);
    const bad = await m.payments
      // @ts-expect-error a misspelt field: the sandbox rejects unknown properties, like the platform
      .create({ order: { ammountOfMoney: { amount: 1, currencyCode: 'EUR' } } })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).errors[0]?.propertyName).toContain('ammountOfMoney');
    const missing = await m.payments.get('000000000000000000000000000000').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvalidReferenceError);
    expect((missing as InvalidReferenceError).statusCode).toBe(404);
  });

  it('iterates every payment across pages', async () => {
    const m = connect.merchant(sb.merchantId);
    const ref = 'e2e-paging';
    const body = (i: number): CreatePaymentRequest => {
      const b = card('4567350000427977', 100 + i);
      return { ...b, order: { ...b.order, references: { merchantReference: ref } } };
    };
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await m.payments.create(body(i))).payment?.id as string);
    const seen: string[] = [];
    for await (const p of m.payments.list({ merchantReference: ref, limit: 3 })) seen.push(p.id as string);
    expect(new Set(seen)).toEqual(ids);
    expect(seen).toHaveLength(7);
  });

  it('creates a hosted checkout with a real partialRedirectUrl and RETURNMAC', async () => {
    const hc = await connect.merchant(sb.merchantId).hostedCheckouts.create({
      order: {
        amountOfMoney: { amount: 1500, currencyCode: 'EUR' },
        customer: { billingAddress: { countryCode: 'NL' } },
      },
      hostedCheckoutSpecificInput: { returnUrl: 'http://127.0.0.1:1/return', locale: 'en_GB' },
    });
    expect(hc.hostedCheckoutId).toEqual(expect.any(String));
    expect(hc.RETURNMAC).toEqual(expect.any(String));
    expect(hc.partialRedirectUrl).toEqual(expect.any(String));
    const got = await connect.merchant(sb.merchantId).hostedCheckouts.get(hc.hostedCheckoutId as string);
    expect(got.status).toBe('IN_PROGRESS');
  });

  it('uploads a dispute file and downloads it back as a stream', async () => {
    const m = connect.merchant(sb.merchantId);
    const created = await m.payments.create(card('4567350000427977', 3000));
    const id = created.payment?.id as string;
    await admin('settle', {});
    const dispute = await m.payments.dispute(id, {
      amountOfMoney: { amount: 3000, currencyCode: 'EUR' },
      contactPerson: 'E2E',
      emailAddress: 'e2e@example.com',
      replyTo: 'e2e@example.com',
      requestMessage: 'customer says the parcel never arrived',
    });
    const content = Buffer.from('%PDF-1.4 receipt for order 42\n');
    const up = await m.disputes.uploadFile(dispute.id as string, {
      file: content,
      filename: 'receipt.pdf',
      contentType: 'application/pdf',
    });
    expect(up.fileId).toEqual(expect.any(String));
    const file = await m.files.getFile(up.fileId as string);
    const chunks: Buffer[] = [];
    for await (const c of file.body) chunks.push(Buffer.from(c as Uint8Array));
    expect(Buffer.concat(chunks)).toEqual(content);
    expect(file.contentType).toContain('application/pdf');
    expect(file.filename).toBe('receipt.pdf');
  });

  it('delivers signed webhooks that WebhooksHelper verifies', async () => {
    const keys = new InMemorySecretKeyStore();
    keys.storeSecretKey('e2e-key', 'e2e-webhook-secret');
    const helper = new WebhooksHelper({ secretKeyStore: keys });
    const types: string[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        helper
          .unmarshal(Buffer.concat(chunks), req.headers)
          .then((event) => {
            types.push(String(event.type));
            res.writeHead(200).end();
          })
          .catch(() => res.writeHead(400).end());
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await admin('webhooks', {
        url: `http://127.0.0.1:${port}/hook`,
        keyId: 'e2e-key',
        secretKey: 'e2e-webhook-secret',
      });
      await connect.merchant(sb.merchantId).payments.create(card('4567350000427977', 5150));
      for (let i = 0; i < 100 && !types.includes('payment.capture_requested'); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(types).toContain('payment.capture_requested');
    } finally {
      await fetch(`${sb.url}/_sandbox/webhooks`, { method: 'DELETE' });
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('reports a keyed request still in flight as IdempotenceError with the key', async () => {
    await admin('faults', { operation: 'payments.create', delayMs: 1500, count: 1 });
    const m = connect.merchant(sb.merchantId);
    const body = card('4567350000427977', 9090);
    const first = m.payments.create(body, { idempotenceKey: 'e2e-inflight', maxRetries: 0 });
    await new Promise((r) => setTimeout(r, 400)); // the first is now held by the sandbox
    const second = await m.payments
      .create(body, { idempotenceKey: 'e2e-inflight', maxRetries: 0 })
      .catch((e: unknown) => e);
    await first;
    expect(second).toBeInstanceOf(IdempotenceError);
    expect((second as IdempotenceError).idempotenceKey).toBe('e2e-inflight');
  });
});
