/**
 * What the dashboard and the CLI stand on, through the admin API: webhook endpoints with ids (one
 * removed, its retries stop), delivery records (latency, next retry, resend), cursors, the payment
 * index's pages across status changes, chargeback and reversal scenarios with their events, trigger,
 * and the request records behind the terminal log.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../src/index.js';
import { admin, cardPayment, m, raw, sb, useSandbox, v1 } from './helpers.js';

useSandbox({ webhooks: { retryBaseMs: 50, maxAttempts: 3 } });

let app: Server;
let appUrl: string;
let answer = 200;
const hits: string[] = [];

beforeAll(async () => {
  app = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push(body === '' ? '' : (JSON.parse(body) as { type: string }).type);
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise((r) => app.close(r)));

async function paid(): Promise<string> {
  const created = await v1.payments.create(m, cardPayment(1500));
  const id = created.body.payment.id as string;
  sb.state.settle();
  return id;
}

describe('webhook endpoints and deliveries', () => {
  it('gives endpoints ids, removes one by id, filters by event type, and records each attempt', async () => {
    const a = await admin(sb, 'POST', '/webhooks', {
      url: appUrl,
      keyId: 'k',
      secretKey: 's',
      eventTypes: ['refund.*'],
    });
    const b = await admin(sb, 'POST', '/webhooks', { url: appUrl, keyId: 'k2', secretKey: 's2' });
    expect(a.status).toBe(201);
    expect(a.body.id).toMatch(/^we_/);
    expect(a.body.id).not.toBe(b.body.id);
    expect(JSON.stringify((await admin(sb, 'GET', '/webhooks')).body)).not.toContain('"secretKey"');

    const start = (await admin(sb, 'GET', '/deliveries')).body.cursor as number;
    const id = await paid();
    await v1.payments.refund(m, id, { amountOfMoney: { amount: 500, currencyCode: 'EUR' } });
    await expect
      .poll(async () => (await admin(sb, 'GET', `/deliveries?after=${start}`)).body.deliveries.length)
      .toBe(4); // payment.capture_requested, payment.paid, refund.pending_approval to b; refund.* to a
    const ds = (await admin(sb, 'GET', `/deliveries?after=${start}&endpointId=${a.body.id}`)).body.deliveries;
    expect(ds.map((d: { eventType: string }) => d.eventType)).toEqual(['refund.pending_approval']);
    expect(ds[0]).toMatchObject({ attempt: 1, status: 200, nextRetryAt: null, url: appUrl, endpointId: a.body.id });
    expect(ds[0].latencyMs).toBeGreaterThanOrEqual(0);

    expect((await admin(sb, 'DELETE', `/webhooks/${a.body.id}`)).status).toBe(204);
    expect((await admin(sb, 'DELETE', `/webhooks/${a.body.id}`)).status).toBe(404);
    expect((await admin(sb, 'GET', '/webhooks')).body.endpoints.map((e: { id: string }) => e.id)).toEqual([b.body.id]);
    await admin(sb, 'DELETE', '/webhooks');
  });

  it('retries a failing endpoint with nextRetryAt set, and stops once the endpoint is removed', async () => {
    answer = 500;
    const ep = (await admin(sb, 'POST', '/webhooks', { url: appUrl, keyId: 'k', secretKey: 's' })).body;
    const id = await paid();
    await expect
      .poll(async () => (await admin(sb, 'GET', `/deliveries?endpointId=${ep.id}`)).body.deliveries.length)
      .toBeGreaterThanOrEqual(2);
    const ds = (await admin(sb, 'GET', `/deliveries?endpointId=${ep.id}`)).body.deliveries;
    expect(ds[0]).toMatchObject({ status: 500, attempt: 1 });
    expect(Date.parse(ds[0].nextRetryAt)).toBeGreaterThanOrEqual(Date.parse(ds[0].at));
    await admin(sb, 'DELETE', `/webhooks/${ep.id}`);
    await new Promise((r) => setTimeout(r, 30)); // let an attempt already in flight finish
    const atRemoval = (await admin(sb, 'GET', `/deliveries?endpointId=${ep.id}`)).body.deliveries.length;
    await new Promise((r) => setTimeout(r, 300)); // past every retry delay (50, 100 ms)
    const after = (await admin(sb, 'GET', `/deliveries?endpointId=${ep.id}`)).body.deliveries;
    expect(after).toHaveLength(atRemoval);
    expect(atRemoval).toBeLessThan(6); // 2 events x 3 attempts would be 6
    answer = 200;

    // resend: the same event again, as a new attempt 1 marked resend
    const ep2 = (await admin(sb, 'POST', '/webhooks', { url: appUrl, keyId: 'k', secretKey: 's' })).body;
    const ev = (await admin(sb, 'GET', '/events?type=payment.paid')).body.events.find(
      (e: { payment: { id: string } }) => e.payment.id === id,
    );
    const r = await admin(sb, 'POST', `/events/${ev.id}/resend`, {});
    expect(r).toEqual({ status: 202, body: { eventId: ev.id, sends: 1 } });
    await expect
      .poll(async () =>
        (await admin(sb, 'GET', `/events/${ev.id}`)).body.deliveries.filter((d: { resend?: boolean }) => d.resend),
      )
      .toHaveLength(1);
    const one = (await admin(sb, 'GET', `/events/${ev.id}`)).body;
    expect(JSON.parse(one.body)).toEqual(one.event);
    expect((await admin(sb, 'POST', '/events/nope/resend', {})).status).toBe(404);
    await admin(sb, 'DELETE', `/webhooks/${ep2.id}`);
  });
});

describe('payments list (payment index)', () => {
  it('pages newest first by status and merchant, following status changes', async () => {
    await admin(sb, 'POST', '/reset');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await v1.payments.create(m, cardPayment(100 + i))).body.payment.id);
    const page1 = (await admin(sb, 'GET', '/payments?limit=3')).body;
    expect(page1.payments.map((p: { id: string }) => p.id)).toEqual(ids.slice(4).reverse());
    expect(page1.total).toBe(7);
    const page2 = (await admin(sb, 'GET', `/payments?limit=3&before=${page1.next}`)).body;
    expect(page2.payments.map((p: { id: string }) => p.id)).toEqual(ids.slice(1, 4).reverse());
    const page3 = (await admin(sb, 'GET', `/payments?limit=3&before=${page2.next}`)).body;
    expect([page3.payments.length, page3.next]).toEqual([1, null]);

    // two payments change status: PAID lists them, most recently changed first; CAPTURE_REQUESTED no longer
    await admin(sb, 'POST', `/payments/${ids[2]}/status`, { status: 'PAID' });
    await admin(sb, 'POST', `/payments/${ids[5]}/status`, { status: 'PAID' });
    const paidPage = (await admin(sb, 'GET', '/payments?status=PAID&limit=1')).body;
    expect(paidPage.payments.map((p: { id: string }) => p.id)).toEqual([ids[5]]);
    const paidRest = (await admin(sb, 'GET', `/payments?status=PAID&limit=1&before=${paidPage.next}`)).body;
    expect([paidRest.payments[0].id, paidRest.next, paidRest.total]).toEqual([ids[2], null, 2]);
    const open = (await admin(sb, 'GET', '/payments?status=CAPTURE_REQUESTED&limit=50')).body;
    expect(open.payments).toHaveLength(5);
    expect(open.payments.map((p: { id: string }) => p.id)).not.toContain(ids[5]);
    // back and forth does not list a payment twice
    await admin(sb, 'POST', `/payments/${ids[5]}/status`, { status: 'CAPTURE_REQUESTED' });
    await admin(sb, 'POST', `/payments/${ids[5]}/status`, { status: 'PAID' });
    expect((await admin(sb, 'GET', '/payments?status=PAID&limit=50')).body.payments).toHaveLength(2);
    expect((await admin(sb, 'GET', '/payments?merchantId=nobody')).body).toEqual({
      payments: [],
      next: null,
      total: 0,
    });
    expect((await admin(sb, 'GET', '/payments?limit=0')).status).toBe(400);
  });
});

describe('chargebacks and reversals', () => {
  it('moves a PAID payment through the chargeback with both events; reversal likewise; other statuses get 409', async () => {
    const id = await paid();
    const cb = await admin(sb, 'POST', `/payments/${id}/chargeback`, {});
    expect(cb.body).toMatchObject({
      status: 'CHARGEBACKED',
      statusOutput: { statusCategory: 'REVERSED', statusCode: 1500 },
    });
    const types = (await admin(sb, 'GET', '/events')).body.events
      .filter((e: { payment?: { id: string } }) => e.payment?.id === id)
      .map((e: { type: string }) => e.type);
    expect(types.slice(-2)).toEqual(['payment.chargeback_notification', 'payment.chargebacked']);
    expect((await v1.payments.get(m, id)).body.status).toBe('CHARGEBACKED');
    expect((await admin(sb, 'POST', `/payments/${id}/chargeback`, {})).status).toBe(409);

    const id2 = await paid();
    expect((await admin(sb, 'POST', `/payments/${id2}/chargeback`, { notificationOnly: true })).body.status).toBe(
      'CHARGEBACK_NOTIFICATION',
    );
    const id3 = await paid();
    expect((await admin(sb, 'POST', `/payments/${id3}/reverse`)).body).toMatchObject({
      status: 'REVERSED',
      statusOutput: { statusCode: 1520 },
    });
    const open = (await v1.payments.create(m, cardPayment(900))).body.payment.id;
    expect((await admin(sb, 'POST', `/payments/${open}/reverse`)).status).toBe(409);
    expect((await admin(sb, 'POST', `/payments/${open}/status`, { status: 'CHARGEBACKED' })).status).toBe(200);
  });

  it('trigger refuses an unknown type with the list of known ones', async () => {
    const r = await admin(sb, 'POST', '/trigger', { type: 'payment.nope' });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toContain('payment.chargebacked');
    expect((await admin(sb, 'POST', '/trigger', { type: 'payment.paid', merchantId: 'nobody' })).status).toBe(400);
  });
});

describe('request records (terminal log)', () => {
  it('tells listeners the operation, merchant, status, replay and fault of each request', async () => {
    const seen: RequestRecord[] = [];
    const l = (r: RequestRecord) => void seen.push(r);
    sb.context.requestListeners.add(l);
    try {
      const body = JSON.stringify(cardPayment(700));
      const headers = { 'X-GCS-Idempotence-Key': 'log-key-1' };
      const path = `/v1/${m}/payments`;
      await raw(sb, 'POST', path, { body, contentType: 'application/json', headers });
      await raw(sb, 'POST', path, { body, contentType: 'application/json', headers });
      await admin(sb, 'POST', '/faults', { operation: 'payments.get', status: 503 });
      await raw(sb, 'GET', `/v1/${m}/payments/000`);
      await expect.poll(() => seen.length).toBeGreaterThanOrEqual(4);
    } finally {
      sb.context.requestListeners.delete(l);
    }
    const api = seen.filter((r) => r.operation !== 'admin');
    expect(api.map((r) => [r.operation, r.merchantId, r.status, r.replay, r.fault !== undefined])).toEqual([
      ['payments.create', m, 201, false, false],
      ['payments.create', m, 201, true, false],
      ['payments.get', m, 503, false, true],
    ]);
    expect(api.every((r) => r.durationMs >= 0 && r.method !== '' && r.path.startsWith('/v1/'))).toBe(true);
  });
});
