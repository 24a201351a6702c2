import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connect } from '../src/index.js';
import { baseConfig, json, startServer, type TestServer } from './helpers/server.js';

/** Per-call options need no placeholder query: `get(id, { headers })` is the same call as `get(id, undefined, { headers })`. */
let server: TestServer;
let connect: Connect;

beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 200, { id: 'p1', status: 'CAPTURED' }));
  connect = new Connect({ ...baseConfig(server), maxRetries: 0 });
});
afterAll(async () => {
  await connect.close();
  await server.close();
});

const last = () => server.requests[server.requests.length - 1];

describe('options without a placeholder query', () => {
  it('get(id, options) sends the options and no query', async () => {
    const m = connect.merchant('1234');
    await m.payments.get('p1', { headers: { 'X-GCS-ClientMetaInfo': 'opt-only' } });
    expect(last()?.url).toBe('/v1/1234/payments/p1');
    expect(last()?.headers['x-gcs-clientmetainfo']).toBe('opt-only');
  });

  it('get(id, query) and get(id, query, options) still send the query', async () => {
    const m = connect.merchant('1234');
    await m.payments.get('p1', { returnOperations: true });
    expect(last()?.url).toBe('/v1/1234/payments/p1?returnOperations=true');
    await m.payments.get('p1', { returnOperations: true }, { headers: { 'X-GCS-ClientMetaInfo': 'both' } });
    expect(last()?.url).toBe('/v1/1234/payments/p1?returnOperations=true');
    expect(last()?.headers['x-gcs-clientmetainfo']).toBe('both');
    await m.payments.get('p1', undefined, { headers: { 'X-GCS-ClientMetaInfo': 'placeholder' } });
    expect(last()?.url).toBe('/v1/1234/payments/p1');
    expect(last()?.headers['x-gcs-clientmetainfo']).toBe('placeholder');
  });

  it('a timeoutMs given as the second argument applies to the call', async () => {
    const slow = await startServer(() => undefined); // never answers
    const c = new Connect({ ...baseConfig(slow), maxRetries: 0 });
    try {
      const started = Date.now();
      await expect(c.merchant('1234').payments.get('p1', { timeoutMs: 100 })).rejects.toThrow(/time/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await c.close();
      await slow.close();
    }
  });
});
