/** Errors that say what to do: a scheme mismatch and a timeout name their cause and the call. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommunicationError, Connect, TimeoutError } from '../src/index.js';
import { rejection } from './helpers/rejection.js';
import { baseConfig, json, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url.includes('/slow')) return; // never answers in time
    json(res, 200, { result: 'OK' });
  });
});
afterAll(async () => {
  await server.close();
});

describe('error hints', () => {
  it("https against a plain-http endpoint (a local sandbox) is a CommunicationError that suggests scheme: 'http'", async () => {
    const { scheme: _http, ...target } = baseConfig(server);
    const connect = new Connect({ ...target, maxRetries: 0 }); // https by default
    const e = await rejection(connect.merchant('1234').services.testConnection());
    expect(e).toBeInstanceOf(CommunicationError);
    expect((e as Error).message).toContain("scheme: 'http'");
    expect((e as Error).message).toMatch(/plain HTTP/i);
    await connect.close();
  });

  it('a TimeoutError names the method and the path of the call', async () => {
    const connect = new Connect({ ...baseConfig(server), timeoutMs: 100 });
    const e = await rejection(connect.merchant('1234').payments.get('slow-1'));
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as Error).message).toContain('GET /v1/1234/payments/slow-1');
    expect((e as Error).message).toContain('100 ms');
    await connect.close();
  });
});
