import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect as netConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, CommunicationError, Connect, TimeoutError } from '../src/index.js';
import { rejection } from './helpers/rejection.js';
import { baseConfig, json, startServer, type TestServer, verifySignature } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url.includes('/slow')) {
      // never answers within the test's deadline; closed by server.close()
      return;
    }
    if (req.url.includes('/busy')) return json(res, 503, { errorId: 'b', errors: [] });
    json(res, 200, { result: 'OK', path: req.url });
  });
});
afterAll(async () => {
  await server.close();
});

describe('timeouts and abort', () => {
  it('a call that exceeds timeoutMs rejects with TimeoutError (a CommunicationError)', async () => {
    const connect = new Connect({ ...baseConfig(server), timeoutMs: 100 });
    const e = await rejection(connect.request({ method: 'GET', path: '/v1/1234/slow' }));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e).toBeInstanceOf(CommunicationError);
    expect((e as Error).message).toContain('100 ms');
    // a timed-out GET is not retried: the caller's deadline is the deadline
    expect(server.requests.filter((r) => r.url.includes('/slow'))).toHaveLength(1);
    await connect.close();
  });

  it('a timeout beyond what a timer can hold (2^31-1 ms) is rejected, never turned into a 1 ms deadline', async () => {
    expect(() => new Connect({ ...baseConfig(server), timeoutMs: 3_000_000_000 })).toThrow(/timeoutMs/);
    expect(() => new Connect({ ...baseConfig(server), retryMaxDelayMs: 3_000_000_000 })).toThrow(/retryMaxDelayMs/);
    const connect = new Connect({ ...baseConfig(server) });
    for (const timeoutMs of [3_000_000_000, Number.POSITIVE_INFINITY]) {
      const e = await rejection(connect.request({ method: 'GET', path: '/v1/1234/fast', timeoutMs }));
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toContain('timeoutMs');
    }
    // the largest allowed value works
    await expect(
      connect.request({ method: 'GET', path: '/v1/1234/fast', timeoutMs: 2_147_483_647 }),
    ).resolves.toMatchObject({
      result: 'OK',
    });
    await connect.close();
  });

  it('per-call timeoutMs overrides the client default', async () => {
    const connect = new Connect({ ...baseConfig(server) });
    await expect(connect.request({ method: 'GET', path: '/v1/1234/slow', timeoutMs: 50 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    await connect.close();
  });

  it('an AbortSignal aborts an in-flight call with AbortError', async () => {
    const connect = new Connect({ ...baseConfig(server) });
    const ac = new AbortController();
    const p = connect.merchant('1234').payments.get('slow', undefined, { signal: ac.signal });
    const settled = p.then(
      () => undefined,
      (x: unknown) => x,
    );
    setTimeout(() => ac.abort(), 30);
    const e = await settled;
    expect(e).toBeInstanceOf(AbortError);
    await connect.close();
  });

  it('aborting during the backoff between retries rejects at once with AbortError carrying the reason', async () => {
    const ac = new AbortController();
    const reason = new Error('shutting down');
    // the retry line is logged just before the backoff sleep starts: abort there
    const logger = { info: () => {}, warn: () => ac.abort(reason), error: () => {} };
    const connect = new Connect({ ...baseConfig(server), retryInitialDelayMs: 60_000, logger });
    const before = server.requests.length;
    const e = await rejection(connect.request({ method: 'GET', path: '/v1/1234/busy', signal: ac.signal }));
    expect(e).toBeInstanceOf(AbortError);
    expect((e as AbortError).cause).toBe(reason);
    expect(server.requests.length - before).toBe(1);
    await connect.close();
  });

  it('an already aborted signal sends nothing', async () => {
    const connect = new Connect({ ...baseConfig(server) });
    const before = server.requests.length;
    await expect(
      connect.merchant('1234').services.testConnection({ signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(server.requests.length).toBe(before);
    await connect.close();
  });
});

describe('connection pool', () => {
  it('reuses keep-alive connections and close() releases them', async () => {
    const sockets = new Set<unknown>();
    const onConn = (s: unknown) => sockets.add(s);
    server.server.on('connection', onConn);
    const connect = new Connect({ ...baseConfig(server) });
    for (let i = 0; i < 20; i++) await connect.merchant('1234').services.testConnection();
    // undici may open a second socket while the first is being released; never one per call
    expect(sockets.size).toBeLessThanOrEqual(2);
    await connect.close();
    server.server.off('connection', onConn);
    await expect(connect.merchant('1234').services.testConnection()).rejects.toBeInstanceOf(CommunicationError);
  });

  it('connection refused is a CommunicationError', async () => {
    const connect = new Connect({
      host: '127.0.0.1',
      scheme: 'http',
      port: 1,
      apiKeyId: 'k',
      secretApiKey: 's',
      integrator: 'i',
      maxRetries: 0,
    });
    await expect(connect.merchant('1234').services.testConnection()).rejects.toBeInstanceOf(CommunicationError);
    await connect.close();
  });
});

describe('proxy', () => {
  let proxy: Server;
  let proxyPort: number;
  const seen: { method: string; target: string; auth: string | undefined }[] = [];

  beforeAll(async () => {
    proxy = createHttpServer((req, res) => {
      // forward proxy for absolute-form requests
      seen.push({ method: req.method ?? '', target: req.url ?? '', auth: req.headers['proxy-authorization'] });
      const url = new URL(req.url ?? '');
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      const up = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      req.pipe(up);
    });
    proxy.on('connect', (req, client: Socket, head: Buffer) => {
      seen.push({ method: 'CONNECT', target: req.url ?? '', auth: req.headers['proxy-authorization'] });
      if (req.headers['proxy-authorization'] !== `Basic ${Buffer.from('user:p@ss').toString('base64')}`) {
        client.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n',
        );
        return;
      }
      const [host, port] = (req.url ?? '').split(':');
      const upstream = netConnect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyPort = (proxy.address() as AddressInfo).port;
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
  });

  it('sends through an HTTP proxy with credentials; the request arrives signed', async () => {
    const connect = new Connect({
      ...baseConfig(server),
      proxy: { url: `http://127.0.0.1:${proxyPort}`, username: 'user', password: 'p@ss' },
    });
    const before = server.requests.length;
    const data = await connect.merchant('1234').services.testConnection();
    expect(data).toMatchObject({ result: 'OK' });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((s) => s.target.includes(`127.0.0.1:${server.port}`))).toBe(true);
    expect(server.requests.length).toBe(before + 1);
    expect(verifySignature(server.requests[before]!)).toBe(true);
    await connect.close();
  });

  it('wrong proxy credentials fail with a CommunicationError', async () => {
    const connect = new Connect({
      ...baseConfig(server),
      maxRetries: 0,
      proxy: `http://user:wrong@127.0.0.1:${proxyPort}`,
    });
    const e = await rejection(connect.merchant('1234').services.testConnection());
    expect(e).toBeInstanceOf(CommunicationError);
    expect((e as Error).message).not.toContain('wrong');
    await connect.close();
  });
});
