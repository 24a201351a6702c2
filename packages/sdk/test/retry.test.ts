import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isRetryable, isRetryableStatus, parseRetryAfter, retryDelay } from '../src/core/retry.js';
import { CommunicationError, Connect, IdempotenceError, PlatformError } from '../src/index.js';
import { rejection } from './helpers/rejection.js';
import { baseConfig, json, type Recorded, startServer, type TestServer, verifySignature } from './helpers/server.js';

type Step = (res: ServerResponse) => void;
const reset: Step = (res) => res.socket?.destroy();
const status =
  (
    code: number,
    body: unknown = { errorId: 'x', errors: [{ code: String(code) }] },
    headers: Record<string, string> = {},
  ): Step =>
  (res) =>
    json(res, code, body, headers);
const dup = status(409, { errorId: 'd', errors: [{ code: '1409', message: 'DUPLICATE REQUEST IN PROGRESS' }] });
const ok = status(200, { result: 'OK' });
const created = status(201, { payment: { id: 'p1', status: 'CREATED' } });

let script: Step[] = [];
let server: TestServer;
let connect: Connect;

beforeAll(async () => {
  server = await startServer((_req, res) => {
    const step = script.shift() ?? ok;
    step(res);
  });
  connect = new Connect({ ...baseConfig(server), maxRetries: 3, retryInitialDelayMs: 1, retryMaxDelayMs: 5 });
});
beforeEach(() => {
  server.requests.length = 0;
});
afterAll(async () => {
  await connect.close();
  await server.close();
});

const key = (r: Recorded) => r.headers['x-gcs-idempotence-key'];
const m = () => connect.merchant('1234');

describe('retries', () => {
  it('GET: connection reset before a response is retried, then succeeds', async () => {
    script = [reset, ok];
    await expect(m().services.testConnection()).resolves.toEqual({ result: 'OK' });
    expect(server.requests).toHaveLength(2);
  });

  it('GET: 503 then 200, and 502 then 200', async () => {
    script = [status(503), ok];
    await expect(m().payments.get('p1')).resolves.toEqual({ result: 'OK' });
    script = [status(502), ok];
    await expect(m().payments.get('p1')).resolves.toEqual({ result: 'OK' });
    expect(server.requests).toHaveLength(4);
  });

  it('every attempt is freshly signed and valid', async () => {
    script = [status(503), status(503), ok];
    await m().payments.get('p1');
    expect(server.requests).toHaveLength(3);
    for (const r of server.requests) expect(verifySignature(r)).toBe(true);
  });

  it('Retry-After is honoured (0 seconds) and the call is retried', async () => {
    script = [status(503, { errors: [] }, { 'Retry-After': '0' }), ok];
    await expect(m().payments.get('p1')).resolves.toEqual({ result: 'OK' });
    expect(server.requests).toHaveLength(2);
  });

  it('Retry-After in seconds and as an HTTP date replaces the computed backoff', async () => {
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (s: string) => warnings.push(s), error: () => {} };
    const c = new Connect({ ...baseConfig(server), retryInitialDelayMs: 1, retryMaxDelayMs: 3000, logger });
    try {
      script = [status(503, { errors: [] }, { 'Retry-After': '1' }), ok];
      await expect(c.merchant('1234').payments.get('p1')).resolves.toEqual({ result: 'OK' });
      expect(warnings[0]).toContain('in 1000 ms after HTTP 503');
      script = [status(503, { errors: [] }, { 'Retry-After': new Date(Date.now() + 2000).toUTCString() }), ok];
      await expect(c.merchant('1234').payments.get('p1')).resolves.toEqual({ result: 'OK' });
      const delay = Number(/in (\d+) ms/.exec(warnings[1] ?? '')?.[1]);
      expect(delay).toBeGreaterThanOrEqual(1000); // the computed backoff would be 1 ms
      expect(delay).toBeLessThanOrEqual(2000);
    } finally {
      await c.close();
    }
  });

  it('POST with a key: 409/1409 then 201, the same key on every attempt', async () => {
    script = [dup, reset, created];
    const r = await m().payments.create({ order: {} }, { idempotenceKey: 'order-42' }).withResponse();
    expect(r.status).toBe(201);
    expect(server.requests.map(key)).toEqual(['order-42', 'order-42', 'order-42']);
  });

  it('POST without a caller key: retried only with a generated key that never changes', async () => {
    script = [status(503), reset, created];
    const r = await m().payments.create({ order: {} }).withResponse();
    expect(server.requests).toHaveLength(3);
    const keys = server.requests.map(key);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(r.idempotenceKey).toBe(keys[0]);
  });

  it('POST without a key is never retried when no key may be added (maxRetries 0)', async () => {
    script = [status(503), created];
    await expect(m().payments.create({ order: {} }, { maxRetries: 0 })).rejects.toBeInstanceOf(PlatformError);
    expect(server.requests).toHaveLength(1);
    expect(key(server.requests[0]!)).toBeUndefined();
    script = [reset, created];
    await expect(m().payments.create({ order: {} }, { maxRetries: 0 })).rejects.toBeInstanceOf(CommunicationError);
    expect(server.requests).toHaveLength(2);
  });

  it('PUT without a key is never retried', async () => {
    script = [status(503), ok];
    await expect(m().tokens.update('t1', {})).rejects.toBeInstanceOf(PlatformError);
    expect(server.requests).toHaveLength(1);
  });

  it('other statuses are not retried (500, 400, 409 other than 1409)', async () => {
    script = [status(500), ok];
    await expect(m().payments.get('p1')).rejects.toBeInstanceOf(PlatformError);
    script = [status(409), ok];
    await expect(m().payments.create({ order: {} }, { idempotenceKey: 'k' })).rejects.toThrow();
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxRetries and the error names the idempotence key', async () => {
    script = [dup, dup, dup, dup, dup];
    const e = await rejection(m().payments.create({ order: {} }, { idempotenceKey: 'order-43' }));
    expect(e).toBeInstanceOf(IdempotenceError);
    expect((e as IdempotenceError).idempotenceKey).toBe('order-43');
    expect(server.requests).toHaveLength(4);
    script = [status(503), status(503), status(503), status(503)];
    const e2 = await rejection(m().payments.create({ order: {} }));
    expect(e2).toBeInstanceOf(PlatformError);
    const generated = key(server.requests[4]!);
    expect((e2 as PlatformError).idempotenceKey).toBe(generated);
    expect((e2 as PlatformError).message).toContain(String(generated));
  });

  it('a connection failure with a key reports the key so the caller can retry safely', async () => {
    script = [reset, reset, reset, reset];
    const e = await rejection(m().payments.create({ order: {} }, { idempotenceKey: 'order-44' }));
    expect(e).toBeInstanceOf(CommunicationError);
    expect((e as CommunicationError).idempotenceKey).toBe('order-44');
    expect((e as CommunicationError).message).toContain('order-44');
  });
});

describe('retry policy (pure)', () => {
  it('eligibility', () => {
    expect(isRetryable('GET', undefined, true)).toBe(true);
    expect(isRetryable('DELETE', undefined, true)).toBe(true);
    expect(isRetryable('POST', undefined, true)).toBe(false);
    expect(isRetryable('PUT', undefined, true)).toBe(false);
    expect(isRetryable('POST', 'k', true)).toBe(true);
    expect(isRetryable('POST', 'k', false)).toBe(false);
    expect(isRetryableStatus(503, null)).toBe(true);
    expect(isRetryableStatus(500, null)).toBe(false);
    expect(isRetryableStatus(409, { errors: [{ code: '1409' }] })).toBe(true);
    expect(isRetryableStatus(409, { errors: [{ code: '1409' }, { code: '1' }] })).toBe(false);
  });

  it('backoff doubles, is capped, has at most 25% jitter; Retry-After wins but is capped', () => {
    expect(retryDelay(1, undefined, 500, 8000, () => 0)).toBe(500);
    expect(retryDelay(2, undefined, 500, 8000, () => 0)).toBe(1000);
    expect(retryDelay(3, undefined, 500, 8000, () => 0)).toBe(2000);
    expect(retryDelay(10, undefined, 500, 8000, () => 0)).toBe(8000);
    expect(retryDelay(1, undefined, 500, 8000, () => 1)).toBe(375);
    expect(retryDelay(1, 3000, 500, 8000)).toBe(3000);
    expect(retryDelay(1, 60_000, 500, 8000)).toBe(8000);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
