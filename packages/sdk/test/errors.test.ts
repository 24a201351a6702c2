import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  AuthorizationError,
  CommunicationError,
  Connect,
  DeclinedPaymentError,
  DeclinedPayoutError,
  DeclinedRefundError,
  IdempotenceError,
  InvalidReferenceError,
  NotFoundError,
  PlatformError,
  ValidationError,
} from '../src/index.js';
import { baseConfig, json, SECRET, startServer, type TestServer } from './helpers/server.js';

type Reply = { status: number; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> };
let next: Reply;
let server: TestServer;
let connect: Connect;

beforeAll(async () => {
  server = await startServer((_req, res) => {
    const r = next;
    if (r.raw !== undefined) {
      res.writeHead(r.status, { ...(r.contentType ? { 'Content-Type': r.contentType } : {}), ...r.headers });
      res.end(r.raw);
    } else {
      json(res, r.status, r.body, r.headers);
    }
  });
  connect = new Connect({ ...baseConfig(server), maxRetries: 0 });
});
afterAll(async () => {
  await connect.close();
  await server.close();
});

const err = (code: string, extra: Record<string, unknown> = {}) => ({
  errorId: 'e-1',
  errors: [{ code, message: 'MSG', httpStatusCode: 0, requestId: 'r-9', ...extra }],
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

const m = () => connect.merchant('1234');

describe('error mapping from real responses', () => {
  it('402 with paymentResult on payments.create -> DeclinedPaymentError carrying the payment', async () => {
    next = {
      status: 402,
      body: { ...err('430285'), paymentResult: { payment: { id: 'pay-1', status: 'REJECTED' } } },
    };
    const e = await failure(m().payments.create({ order: {} }, { idempotenceKey: 'k1' }));
    expect(e).toBeInstanceOf(DeclinedPaymentError);
    const d = e as DeclinedPaymentError;
    expect(d).toBeInstanceOf(ApiError);
    expect(d.paymentResult.payment?.id).toBe('pay-1');
    expect(d.message).toContain("declined payment 'pay-1' with status 'REJECTED'");
    expect(d.statusCode).toBe(402);
    expect(d.errorId).toBe('e-1');
    expect(d.errors[0]?.code).toBe('430285');
    expect(d.requestId).toBe('r-9');
    expect(d.idempotenceKey).toBe('k1');
  });

  it('400 with a paymentResult is still a decline', async () => {
    next = { status: 400, body: { ...err('21000020'), paymentResult: { payment: { id: 'p2', status: 'REJECTED' } } } };
    expect(await failure(m().payments.create({ order: {} }))).toBeInstanceOf(DeclinedPaymentError);
  });

  it('payoutResult -> DeclinedPayoutError, refundResult -> DeclinedRefundError', async () => {
    next = { status: 402, body: { ...err('1'), payoutResult: { id: 'po-1', status: 'REJECTED' } } };
    const po = await failure(m().payouts.create({}));
    expect(po).toBeInstanceOf(DeclinedPayoutError);
    expect((po as DeclinedPayoutError).payoutResult.id).toBe('po-1');
    next = { status: 402, body: { ...err('1'), refundResult: { id: 'rf-1', status: 'REJECTED' } } };
    const rf = await failure(m().payments.refund('pay-1', {}));
    expect(rf).toBeInstanceOf(DeclinedRefundError);
    expect((rf as DeclinedRefundError).refundResult.id).toBe('rf-1');
    const cap = await failure(m().captures.refund('cap-1', {}));
    expect(cap).toBeInstanceOf(DeclinedRefundError);
  });

  it('a paymentResult on a non-create call is not a decline', async () => {
    next = { status: 402, body: { ...err('410110'), paymentResult: { payment: { id: 'x' } } } };
    const e = await failure(m().payments.approve('p1', {}));
    expect(e).not.toBeInstanceOf(DeclinedPaymentError);
    expect((e as ApiError).constructor).toBe(ApiError);
  });

  it.each([
    [400, ValidationError],
    [403, AuthorizationError],
    [404, InvalidReferenceError],
    [409, InvalidReferenceError],
    [410, InvalidReferenceError],
    [500, PlatformError],
    [502, PlatformError],
    [503, PlatformError],
  ] as const)('HTTP %i -> %o', async (status, cls) => {
    next = { status, body: err('123', { propertyName: 'order.amountOfMoney' }) };
    const e = await failure(m().payments.get('p1'));
    expect(e).toBeInstanceOf(cls);
    expect((e as ApiError).statusCode).toBe(status);
    expect((e as ApiError).responseBody).toContain('"code": "123"');
    expect((e as ApiError).headers['content-type']).toBe('application/json');
  });

  it('401 -> AuthenticationError that says to check the key, without the idempotence key; 405 is a generic ApiError', async () => {
    next = { status: 401, body: err('9002', { id: 'MISSING_OR_INVALID_AUTHORIZATION' }) };
    const e = await failure(m().payments.create({ order: {} }, { idempotenceKey: 'order-401' }));
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e).toBeInstanceOf(ApiError);
    const message = (e as AuthenticationError).message;
    expect(message).toContain('9002');
    expect(message).toContain('check apiKeyId and secretApiKey');
    expect(message).not.toContain('order-401');
    expect(message).not.toContain(SECRET);
    next = { status: 405, body: err('1') };
    expect(((await failure(m().payments.get('p1'))) as ApiError).constructor).toBe(ApiError);
  });

  it('409 + 1409 with an idempotence key -> IdempotenceError with key and timestamp', async () => {
    next = {
      status: 409,
      body: err('1409', { message: 'DUPLICATE REQUEST IN PROGRESS' }),
      headers: { 'X-GCS-Idempotence-Request-Timestamp': '1700000000000' },
    };
    const e = await failure(m().payments.create({ order: {} }, { idempotenceKey: 'order-42' }));
    expect(e).toBeInstanceOf(IdempotenceError);
    expect((e as IdempotenceError).idempotenceKey).toBe('order-42');
    expect((e as IdempotenceError).idempotenceRequestTimestamp).toBe(1700000000000);
    expect((e as IdempotenceError).message).toContain('order-42');
  });

  it('409 + 1409 without an idempotence key -> InvalidReferenceError', async () => {
    next = { status: 409, body: err('1409') };
    const e = await failure(m().payments.get('p1'));
    expect(e).toBeInstanceOf(InvalidReferenceError);
    expect(e).not.toBeInstanceOf(IdempotenceError);
  });

  it('empty error body -> mapped by status with no errorId and no errors', async () => {
    next = { status: 500, raw: '', contentType: 'text/html' };
    const e = (await failure(m().payments.get('p1'))) as PlatformError;
    expect(e).toBeInstanceOf(PlatformError);
    expect(e.errorId).toBeUndefined();
    expect(e.errors).toEqual([]);
    expect(e.responseBody).toBe('');
  });

  it('non-JSON 404 -> NotFoundError naming the path; other non-JSON -> CommunicationError', async () => {
    next = { status: 404, raw: '<html>Not Found</html>', contentType: 'text/html' };
    const nf = (await failure(m().payments.get('p1'))) as NotFoundError;
    expect(nf).toBeInstanceOf(NotFoundError);
    expect(nf).toBeInstanceOf(CommunicationError);
    expect(nf.message).toContain('/v1/1234/payments/p1');
    expect(nf.statusCode).toBe(404);
    next = { status: 502, raw: '<html>Bad Gateway</html>', contentType: 'text/html' };
    const ce = await failure(m().payments.get('p1'));
    expect(ce).toBeInstanceOf(CommunicationError);
    expect(ce).not.toBeInstanceOf(ApiError);
  });

  it('an errors array with null or non-object entries still maps by status (no TypeError from the SDK)', async () => {
    next = {
      status: 400,
      raw: '{"errorId":"e-2","errors":[null,"x",{"code":"21","requestId":"r-1"}]}',
      contentType: 'application/json',
    };
    const e = (await failure(m().payments.get('p1'))) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.errorId).toBe('e-2');
    expect(e.errors).toHaveLength(3);
    expect(e.requestId).toBe('r-1');
    next = { status: 409, raw: '{"errors":[null]}', contentType: 'application/json' };
    expect(await failure(m().payments.get('p1', undefined, { idempotenceKey: 'k' }))).toBeInstanceOf(
      InvalidReferenceError,
    );
  });

  it('JSON is recognised as the platform does: no Content-Type or application/json (any case, with parameters)', async () => {
    next = { status: 500, raw: JSON.stringify(err('9999')), contentType: 'Application/JSON; charset=UTF-8' };
    expect(await failure(m().payments.get('p1'))).toBeInstanceOf(PlatformError);
    next = { status: 400, raw: JSON.stringify(err('21')) };
    expect(await failure(m().payments.get('p1'))).toBeInstanceOf(ValidationError);
    // a gateway's problem+json (or any other type) is not a platform error body
    next = { status: 503, raw: JSON.stringify(err('1')), contentType: 'application/problem+json' };
    const e = (await failure(m().payments.get('p1'))) as CommunicationError;
    expect(e).toBeInstanceOf(CommunicationError);
    expect(e).not.toBeInstanceOf(ApiError);
    expect(e.statusCode).toBe(503);
  });

  it('unparsable JSON (error or success) -> CommunicationError', async () => {
    next = { status: 400, raw: '{"errorId": ', contentType: 'application/json' };
    expect(await failure(m().payments.get('p1'))).toBeInstanceOf(CommunicationError);
    next = { status: 200, raw: '{"id": ', contentType: 'application/json' };
    expect(await failure(m().payments.get('p1'))).toBeInstanceOf(CommunicationError);
  });

  it('the stack shows the caller line, and messages never contain the secret or the body', async () => {
    next = {
      status: 400,
      body: { ...err('21000020'), echo: { cardNumber: '4111111111111111' } },
    };
    async function merchantCheckoutStep(): Promise<void> {
      await m().payments.get('p1');
    }
    const e = (await failure(merchantCheckoutStep())) as ValidationError;
    expect(e.stack?.split('\n')[0]).toBe(`ValidationError: ${e.message}`);
    expect(e.stack).toMatch(/at (?:async )?merchantCheckoutStep \(.*errors\.test\.ts:\d+/);
    expect(e.message).not.toContain('4111111111111111');
    expect(e.message).not.toContain(SECRET);
    expect(String(e)).not.toContain(SECRET);
  });

  it('stacks of input errors and of withResponse() errors show the caller too', async () => {
    async function refundStep(): Promise<void> {
      await m().payments.get('../x');
    }
    const bad = (await failure(refundStep())) as Error;
    expect(bad).toBeInstanceOf(TypeError);
    expect(bad.stack).toMatch(/refundStep .*errors\.test\.ts:\d+/);
    next = { status: 503, body: err('1') };
    async function statusStep(): Promise<void> {
      await m().payments.get('p1').withResponse();
    }
    const e = (await failure(statusStep())) as Error;
    expect(e).toBeInstanceOf(PlatformError);
    expect(e.stack).toMatch(/at (?:async )?statusStep \(.*errors\.test\.ts:\d+/);
  });

  it('a failing call nobody awaits causes no unhandled rejection; awaiting it later still rejects', async () => {
    next = { status: 400, body: err('1') };
    const p = m().payments.get('p1');
    void m().payments.get('p2'); // fire and forget
    await new Promise((r) => setTimeout(r, 50));
    await expect(p).rejects.toBeInstanceOf(ValidationError);
    await expect(p.withResponse()).rejects.toBeInstanceOf(ValidationError);
  });

  it('withResponse exposes status, headers and the idempotence timestamp on success', async () => {
    next = {
      status: 201,
      body: { payment: { id: 'p-7' } },
      headers: { 'X-GCS-Idempotence-Request-Timestamp': '1234567890123', Location: '/v1/1234/payments/p-7' },
    };
    const r = await m().payments.create({ order: {} }, { idempotenceKey: 'k' }).withResponse();
    expect(r.status).toBe(201);
    expect(r.data.payment?.id).toBe('p-7');
    expect(r.headers['location']).toBe('/v1/1234/payments/p-7');
    expect(r.idempotenceRequestTimestamp).toBe(1234567890123);
    expect(r.idempotenceKey).toBe('k');
  });

  it('an APIPromise sends its request at once (even if never awaited), and only one whether awaited, withResponse()d or both', async () => {
    next = { status: 200, body: { result: 'OK' } };
    const before = server.requests.length;
    const p = m().services.testConnection();
    // nothing awaits p: the request must still arrive (polling keeps this robust on a loaded machine)
    for (let i = 0; i < 200 && server.requests.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(server.requests.length).toBe(before + 1); // a fire-and-forget call still happens
    expect(p).toBeInstanceOf(Promise);
    const [a, b] = await Promise.all([p, p.withResponse()]);
    expect(a).toEqual({ result: 'OK' });
    expect(b.data).toEqual({ result: 'OK' });
    expect(server.requests.length).toBe(before + 1);
  });

  it('never mutates the caller body', async () => {
    next = { status: 201, body: { payment: { id: 'p' } } };
    const body = Object.freeze({
      order: Object.freeze({ amountOfMoney: Object.freeze({ amount: 1, currencyCode: 'EUR' }) }),
    });
    await m().payments.create(body);
    expect(body).toEqual({ order: { amountOfMoney: { amount: 1, currencyCode: 'EUR' } } });
  });
});
