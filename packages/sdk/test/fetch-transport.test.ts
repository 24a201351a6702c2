/**
 * The fetch transport on Node (`new Connect({ fetch })`) and the WebCrypto half of the platform layer (what
 * Bun, Deno and Workers run), checked against node:crypto. The same suite runs in the other runtimes through
 * scripts/runtime-smoke.mjs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/core/config.js';
import { defaultTransport as webDefaultTransport } from '../src/core/default-transport.web.js';
import { fetchErrorCode } from '../src/core/fetch-transport.js';
import * as node from '../src/core/platform.js';
import * as web from '../src/core/platform.web.js';
import { AbortError, CommunicationError, Connect, type FetchFunction, TimeoutError } from '../src/index.js';
import { baseConfig, json, startServer, verifySignature } from './helpers/server.js';

describe('new Connect({ fetch }) on Node', () => {
  it('sends every call through the given fetch, signed, and parses the answer', async () => {
    const server = await startServer((_req, res) => json(res, 200, { id: 'p1', status: 'CAPTURED' }));
    const urls: string[] = [];
    const spy: FetchFunction = (url, init) => {
      urls.push(`${init.method} ${url}`);
      return fetch(url, init);
    };
    const connect = new Connect({ ...baseConfig(server), fetch: spy });
    try {
      const p = await connect.merchant('1234').payments.get('p1');
      expect(p.id).toBe('p1');
      expect(urls).toEqual([`GET http://127.0.0.1:${server.port}/v1/1234/payments/p1`]);
      expect(verifySignature(server.requests[0]!)).toBe(true);
    } finally {
      await connect.close();
      await server.close();
    }
  });

  it('retries a 503 with the same idempotence key, and times out like undici does', async () => {
    const server = await startServer((_req, res, i) => {
      if (i === 0) json(res, 503, { errorId: 'x', errors: [{ code: '1', message: 'busy' }] });
      else if (i === 1) json(res, 201, { payment: { id: 'p2', status: 'CAPTURE_REQUESTED' } });
      // the third request never gets an answer: the deadline must end it
    });
    const connect = new Connect({ ...baseConfig(server), fetch: globalThis.fetch, retryInitialDelayMs: 1 });
    try {
      await connect.merchant('1234').payments.create({ order: { amountOfMoney: { amount: 1, currencyCode: 'EUR' } } });
      const keys = server.requests.map((r) => r.headers['x-gcs-idempotence-key']);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBe(keys[1]);
      const started = Date.now();
      await expect(connect.merchant('1234').payments.get('p2', { timeoutMs: 200 })).rejects.toBeInstanceOf(
        TimeoutError,
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      server.server.closeAllConnections();
      await connect.close();
      await server.close();
    }
  });

  it("the caller's AbortSignal ends a fetch call with AbortError", async () => {
    const server = await startServer(() => {}); // never answers
    const connect = new Connect({ ...baseConfig(server), fetch: globalThis.fetch });
    try {
      const ac = new AbortController();
      const pending = connect.merchant('1234').payments.get('p1', { signal: ac.signal });
      setTimeout(() => ac.abort(new Error('user left')), 50);
      await expect(pending).rejects.toBeInstanceOf(AbortError);
    } finally {
      server.server.closeAllConnections();
      await connect.close();
      await server.close();
    }
  });

  it('a refused connection is a CommunicationError naming ECONNREFUSED (and retryable for GET)', async () => {
    const server = await startServer(() => {});
    const cfg = baseConfig(server);
    await server.close();
    let calls = 0;
    const counting: FetchFunction = (url, init) => {
      calls++;
      return fetch(url, init);
    };
    const connect = new Connect({ ...cfg, fetch: counting, maxRetries: 1, retryInitialDelayMs: 1 });
    const err = await connect
      .merchant('1234')
      .payments.get('p1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommunicationError);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect(calls).toBe(2);
  });

  it('refuses fetch combined with the undici options, and bad hooks', () => {
    const base = { host: 'h.example', apiKeyId: 'k', secretApiKey: 's', integrator: 'i' };
    expect(() => new Connect({ ...base, fetch: globalThis.fetch, proxy: 'http://proxy:3128' })).toThrow(
      /fetch and proxy cannot be combined/,
    );
    expect(() => new Connect({ ...base, hooks: { onEnd: 'log' as never } })).toThrow(/hooks.onEnd must be a function/);
  });

  it('the fetch runtimes refuse proxy and tls instead of ignoring them', () => {
    const config = resolveConfig({
      host: 'h.example',
      apiKeyId: 'k',
      secretApiKey: 's',
      integrator: 'i',
      proxy: 'http://proxy:3128',
    });
    expect(() => webDefaultTransport(config)).toThrow(/proxy and tls configure the Node transport/);
  });

  it('maps the connection errors of every runtime to the codes the retry policy knows', () => {
    const undici = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(fetchErrorCode(undici)).toBe('ECONNREFUSED');
    expect(fetchErrorCode(new TypeError('error sending request: Connection refused (os error 111)'))).toBe(
      'ECONNREFUSED',
    );
    expect(fetchErrorCode(Object.assign(new Error('Unable to connect'), { code: 'ConnectionRefused' }))).toBe(
      'ECONNREFUSED',
    );
    expect(fetchErrorCode(new Error('connection reset by peer'))).toBe('ECONNRESET');
    expect(fetchErrorCode(new Error('dns error: failed to lookup address'))).toBe('ENOTFOUND');
    expect(fetchErrorCode(new Error('Network connection lost.'))).toBeUndefined();
  });
});

describe('WebCrypto platform (Bun, Deno, Workers) equals node:crypto', () => {
  it('property: HMAC-SHA256 base64, base64 of UTF-8, constant-time equality', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string(), fc.string(), async (secret, data, other) => {
        const expected = node.hmacSha256Base64(secret)(data);
        expect(await web.hmacSha256Base64(secret)(data)).toBe(expected);
        expect(web.base64Utf8(data)).toBe(node.base64Utf8(data));
        expect(web.constantTimeStringEquals(data, other)).toBe(node.constantTimeStringEquals(data, other));
        expect(web.constantTimeStringEquals(data, data)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('random ids and hex have the right shape', () => {
    expect(web.randomUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(web.randomHex(12)).toMatch(/^[0-9a-f]{24}$/);
  });

  it('sleep ends early with the signal reason', async () => {
    const ac = new AbortController();
    const p = web.sleep(10_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
