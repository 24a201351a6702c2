import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, cardPayment, m, raw, sb, start, useSandbox, v1 } from './helpers.js';

const sdk = createRequire(import.meta.url)('connect-sdk-nodejs-5');
useSandbox({ webhooks: { retryBaseMs: 20, maxAttempts: 4, timeoutMs: 2000 } });

describe('fault injection', () => {
  it('503 with Retry-After for the next 2 matching requests, then normal', async () => {
    const f = await admin(sb, 'POST', '/faults', {
      operation: 'services.testConnection',
      status: 503,
      retryAfter: 3,
      count: 2,
    });
    expect(f.status).toBe(201);
    const a = await raw(sb, 'GET', `/v1/${m}/services/testconnection`);
    const b = await raw(sb, 'GET', `/v1/${m}/services/testconnection`);
    const c = await raw(sb, 'GET', `/v1/${m}/services/testconnection`);
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.headers.get('retry-after')).toBe('3');
    expect((a.json()['errors'] as { httpStatusCode: number }[])[0]?.httpStatusCode).toBe(503);
  });

  it('500 and 502 by method + path; other requests are untouched', async () => {
    await admin(sb, 'POST', '/faults', { method: 'POST', path: '/payments', status: 502 });
    expect((await raw(sb, 'GET', `/v1/${m}/services/testconnection`)).status).toBe(200);
    const r = await v1.payments.create(m, cardPayment());
    expect(r.status).toBe(502);
    expect((await v1.payments.create(m, cardPayment())).status).toBe(201);
  });

  it('connection reset', async () => {
    await admin(sb, 'POST', '/faults', { operation: 'services.testConnection', reset: true });
    await expect(raw(sb, 'GET', `/v1/${m}/services/testconnection`)).rejects.toThrow();
    expect((await raw(sb, 'GET', `/v1/${m}/services/testconnection`)).status).toBe(200);
  });

  it('a delayed keyed request is in flight: the same key gets 409 code 1409, then the replay', async () => {
    await admin(sb, 'POST', '/faults', { operation: 'payments.create', delayMs: 800 });
    const key = `slow-${Date.now()}`;
    const body = JSON.stringify(cardPayment(555));
    const send = () =>
      raw(sb, 'POST', `/v1/${m}/payments`, {
        contentType: 'application/json',
        body,
        headers: { 'X-GCS-Idempotence-Key': key },
      });
    const first = send();
    await new Promise((r) => setTimeout(r, 100));
    const second = await send();
    expect(second.status).toBe(409);
    expect((second.json()['errors'] as { code: string }[])[0]?.code).toBe('1409');
    expect(Number(second.headers.get('x-gcs-idempotence-request-timestamp'))).toBeGreaterThan(0);
    const f = await first;
    expect(f.status).toBe(201);
    expect(f.headers.get('x-gcs-idempotence-request-timestamp')).toBeNull();
    const third = await send();
    expect(third.status).toBe(201);
    expect(third.text).toBe(f.text);
    expect(third.headers.get('location')).toBe(f.headers.get('location'));
  });

  it('idempotence keys are scoped per merchant', async () => {
    await admin(sb, 'POST', '/keys', { apiKeyId: 'k2', secretApiKey: 's2', merchantIds: ['2222'] });
    const headers = { 'X-GCS-Idempotence-Key': 'shared-key' };
    const a = await raw(sb, 'POST', `/v1/${m}/payments`, {
      contentType: 'application/json',
      body: JSON.stringify(cardPayment()),
      headers,
    });
    const b = await raw(sb, 'POST', '/v1/2222/payments', {
      contentType: 'application/json',
      body: JSON.stringify(cardPayment()),
      headers,
      keyId: 'k2',
      secret: 's2',
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('x-gcs-idempotence-request-timestamp')).toBeNull();
    expect((b.json()['payment'] as { id: string }).id).not.toBe((a.json()['payment'] as { id: string }).id);
  });

  it('rejects a fault without an effect, naming the problem', async () => {
    const r = await admin(sb, 'POST', '/faults', { operation: 'payments.create' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('status, delayMs or reset');
  });
});

describe('clock', () => {
  it('advancing the clock settles 800 -> PAID and expires hosted checkouts', async () => {
    const p = (await v1.payments.create(m, cardPayment(100))).body.payment;
    const hc = (await v1.hostedcheckouts.create(m, { order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } }))
      .body;
    await admin(sb, 'POST', '/clock/advance', { minutes: 30 });
    expect((await v1.payments.get(m, p.id)).body.status).toBe('CAPTURE_REQUESTED');
    expect((await v1.hostedcheckouts.get(m, hc.hostedCheckoutId)).status).toBe(200);
    await admin(sb, 'POST', '/clock/advance', { hours: 2 });
    const paid = await v1.payments.get(m, p.id);
    expect(paid.body.status).toBe('PAID');
    expect(paid.body.statusOutput.statusCode).toBe(1000);
    expect((await v1.hostedcheckouts.get(m, hc.hostedCheckoutId)).status).toBe(404);
  });

  it('reset forgets payments', async () => {
    const p = (await v1.payments.create(m, cardPayment(100))).body.payment;
    expect((await admin(sb, 'POST', '/reset')).status).toBe(200);
    expect((await v1.payments.get(m, p.id)).status).toBe(404);
  });
});

describe('webhooks', () => {
  let hook: Server;
  let hookUrl: string;
  const received: {
    body: string;
    signature: string;
    keyId: string;
    headers: Record<string, string | string[] | undefined>;
  }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    hook = createServer((req, res) => {
      if (req.method === 'GET') {
        res.end(req.headers['x-gcs-webhooks-endpoint-verification']);
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.statusCode = 500;
          res.end();
          return;
        }
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['x-gcs-signature']),
          keyId: String(req.headers['x-gcs-keyid']),
          headers: req.headers,
        });
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((r) => hook.close(r));
  });

  const waitFor = async (pred: () => boolean) => {
    for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(pred()).toBe(true);
  };

  it('registers (with the verification handshake) and delivers signed events; retries failures', async () => {
    const reg = await admin(sb, 'POST', '/webhooks', {
      url: hookUrl,
      keyId: 'wh-key',
      secretKey: 'wh-secret',
      verify: true,
    });
    expect(reg.status).toBe(201);
    failNext = 2;
    const p = (await v1.payments.create(m, cardPayment(100, {}, { requiresApproval: true }))).body.payment;
    await waitFor(() => received.some((r) => JSON.parse(r.body).type === 'payment.pending_approval'));
    const ev = received.find((r) => JSON.parse(r.body).type === 'payment.pending_approval');
    expect(ev?.keyId).toBe('wh-key');
    const expected = createHmac('sha256', 'wh-secret')
      .update(ev?.body ?? '')
      .digest('base64');
    expect(ev?.signature).toBe(expected);
    const parsed = JSON.parse(ev?.body ?? '{}');
    expect(parsed).toMatchObject({ apiVersion: 'v1', merchantId: m, type: 'payment.pending_approval' });
    expect(parsed.payment.id).toBe(p.id);
    expect(parsed.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(ev?.body).not.toContain('4567350000427977');

    const deliveries = (await admin(sb, 'GET', '/deliveries')).body.deliveries as {
      status: number | null;
      eventId: string;
    }[];
    expect(deliveries.filter((d) => d.status === 500).length).toBeGreaterThanOrEqual(1);
    const events = (await admin(sb, 'GET', `/events?type=payment.pending_approval&merchantId=${m}`)).body.events as {
      id: string;
    }[];
    expect(events.map((e) => e.id)).toContain(parsed.id);

    // the official SDK's webhooks helper accepts the delivery as it arrived
    const helper = sdk.webhooks.v1.init({ getSecretKey: async (id: string) => (id === 'wh-key' ? 'wh-secret' : '') });
    const unmarshalled = await helper.unmarshal(ev?.body ?? '', ev?.headers ?? {});
    expect(unmarshalled.payment.id).toBe(p.id);
    await expect(helper.unmarshal(`${ev?.body} `, ev?.headers ?? {})).rejects.toThrow();

    await v1.payments.approve(m, p.id, {});
    await waitFor(() => received.some((r) => JSON.parse(r.body).type === 'payment.capture_requested'));
  });

  it('refuses an endpoint that fails the verification handshake', async () => {
    const r = await admin(sb, 'POST', '/webhooks', {
      url: 'http://127.0.0.1:1/nothing',
      keyId: 'k',
      secretKey: 's',
      verify: true,
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('verification');
  });
});

const externalIp = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;

describe('admin API access', () => {
  it.skipIf(externalIp === undefined)(
    'refuses non-loopback clients by default, serves them when configured',
    async () => {
      for (const loopbackOnly of [true, false]) {
        const open = await start({ host: '0.0.0.0', adminLoopbackOnly: loopbackOnly });
        try {
          const viaLan = await fetch(`http://${externalIp}:${open.port}/_sandbox/clock`);
          expect(viaLan.status).toBe(loopbackOnly ? 403 : 200);
          const viaLoopback = await fetch(`http://127.0.0.1:${open.port}/_sandbox/clock`);
          expect(viaLoopback.status).toBe(200);
        } finally {
          await open.close();
        }
      }
    },
  );

  it('lists endpoints and answers unknown admin routes with JSON 404', async () => {
    const idx = await admin(sb, 'GET', '');
    expect(idx.status).toBe(200);
    expect(idx.body.endpoints.length).toBeGreaterThan(5);
    expect((await admin(sb, 'GET', '/nope')).status).toBe(404);
  });

  it('bad clock input names the problem', async () => {
    const r = await admin(sb, 'POST', '/clock/advance', { hours: -1 });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('hours');
  });
});
