/**
 * Breaks found by an adversarial pass against the SDK (hostile proxies and servers, hostile inputs), one test per
 * break, each named after what it guards.
 */

import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from '../src/core/retry.js';
import {
  ApiError,
  CommunicationError,
  Connect,
  DEFAULTS,
  hostedCheckoutUrl,
  Obfuscator,
  TimeoutError,
} from '../src/index.js';
import { rejection } from './helpers/rejection.js';
import { baseConfig, SECRET, startServer, type TestServer } from './helpers/server.js';

/**
 * Runs `call` with a client (no retries) against a loopback TCP server that answers the first bytes it receives
 * with `answer(bytes)` as raw HTTP; returns what the call rejects with (undefined when it resolves).
 */
async function againstRawServer(
  answer: (request: Buffer) => string,
  call: (c: Connect) => Promise<unknown>,
): Promise<unknown> {
  const server: NetServer = createNetServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (d: Buffer) => socket.end(answer(d)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const c = new Connect({
    host: '127.0.0.1',
    scheme: 'http',
    port,
    apiKeyId: 'k',
    secretApiKey: SECRET,
    integrator: 'Test Shop',
    maxRetries: 0,
  });
  try {
    return await rejection(call(c));
  } finally {
    await c.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

let api: TestServer;
beforeAll(async () => {
  api = await startServer((req, res) => {
    const big = `{"result":"${'x'.repeat(5000)}"}`;
    if (req.url.includes('/big-length')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(big.length) });
      return void res.end(big);
    }
    if (req.url.includes('/big-chunked')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < big.length; i += 500) res.write(big.slice(i, i + 500));
      return void res.end();
    }
    if (req.url.includes('/files/drip')) {
      // a file that drips one byte every 50 ms for 10 s: never idle long enough for an idle timer
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      let n = 0;
      const timer = setInterval(() => {
        if (res.destroyed || n++ > 200) {
          clearInterval(timer);
          return void res.end();
        }
        res.write('x');
      }, 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (req.url.includes('/retry-after/')) {
      // first call: 503 with the Retry-After in the path; the retry: 200
      const seen = api.requests.filter((r) => r.url === req.url).length;
      if (seen === 1) {
        const value = decodeURIComponent(req.url.slice(req.url.indexOf('/retry-after/') + 13));
        res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': value });
        return void res.end('{"errorId":"busy","errors":[]}');
      }
    }
    if (req.url.includes('/echo-error')) {
      // a server (or a proxy) that echoes the request in its error body
      res.writeHead(400, { 'Content-Type': 'application/json' });
      const echoed = JSON.parse(req.body.toString('utf8') || '{}');
      return void res.end(
        JSON.stringify({ errorId: 'echo', errors: [{ code: '21000020' }], request: echoed }, null, 2),
      );
    }
    if (req.url.includes('/echo-broken')) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      return void res.end(`{"errorId": "x", "request": ${req.body.toString('utf8')}`); // truncated JSON
    }
    if (req.url.includes('/forge')) {
      // a non-JSON body whose raw line breaks would start a forged log line
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      return void res.end('Bad gateway\r\nRequest with Message ID: forged, GET to /v1/1234/admin\u2028more');
    }
    if (req.url.includes('/big-error')) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ errorId: 'e', errors: [{ code: '1' }], padding: 'y'.repeat(200_000) }));
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"result":"OK"}');
  });
});
afterAll(async () => {
  await api.close();
});

/** Settles with the error (or the value) of `p`, or 'pending' after `ms`. */
async function outcome(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Promise((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([
      p.then(
        (v) => ({ value: v }),
        (e: unknown) => e,
      ),
      pending,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A hostile proxy: `close` ends every connection as soon as CONNECT arrives; `silent` never answers. */
async function hostileProxy(
  mode: 'close' | 'silent',
): Promise<{ server: NetServer; port: number; count: () => number }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.once('data', () => {
      if (mode === 'close') s.end();
    });
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, count: () => connections };
}

describe('a call through a proxy cannot outlive timeoutMs', () => {
  it('a proxy that never answers CONNECT: the call ends at timeoutMs with TimeoutError', async () => {
    const proxy = await hostileProxy('silent');
    const connect = new Connect({ ...baseConfig(api), timeoutMs: 300, proxy: `http://127.0.0.1:${proxy.port}` });
    const started = Date.now();
    const e = await outcome(connect.merchant('1234').payments.get('p1'), 3000);
    expect(e).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await outcome(connect.close(), 2000)).not.toBe('pending');
    proxy.server.close();
  });

  it('a proxy that closes every connection after CONNECT: the call fails within timeoutMs, no endless redialling', async () => {
    const proxy = await hostileProxy('close');
    const connect = new Connect({
      ...baseConfig(api),
      timeoutMs: 300,
      maxRetries: 0,
      proxy: `http://127.0.0.1:${proxy.port}`,
    });
    const started = Date.now();
    const e = await outcome(connect.merchant('1234').payments.get('p1'), 3000);
    expect(e).toBeInstanceOf(CommunicationError);
    expect(Date.now() - started).toBeLessThan(1500);
    // undici alone redials such a proxy thousands of times a second, forever
    const after = proxy.count();
    await new Promise((r) => setTimeout(r, 200));
    expect(proxy.count() - after).toBeLessThanOrEqual(2);
    expect(await outcome(connect.close(), 2000)).not.toBe('pending');
    proxy.server.close();
  });
});

describe('response bodies are bounded', () => {
  it('a response body past maxResponseBytes is refused with a clear error, with or without Content-Length', async () => {
    expect(DEFAULTS.maxResponseBytes).toBeGreaterThan(0);
    const connect = new Connect({ ...baseConfig(api), maxResponseBytes: 1000 });
    for (const path of ['/v1/1234/big-length', '/v1/1234/big-chunked']) {
      const e = await rejection(connect.request({ method: 'GET', path }));
      expect(e, path).toBeInstanceOf(CommunicationError);
      expect((e as Error).message).toMatch(/larger than maxResponseBytes \(1000 bytes\)/);
      expect((e as CommunicationError).statusCode).toBe(200);
      expect((e as CommunicationError).responseBody).toBeUndefined();
    }
    // a small body still works on the same client
    await expect(connect.request({ method: 'GET', path: '/v1/1234/ok' })).resolves.toEqual({ result: 'OK' });
    expect(() => new Connect({ ...baseConfig(api), maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
    await connect.close();
  });

  it('err.responseBody keeps a bounded part of a large error body', async () => {
    const connect = new Connect({ ...baseConfig(api) });
    const e = await rejection(connect.request({ method: 'GET', path: '/v1/1234/big-error' }));
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).errorId).toBe('e');
    expect((e as ApiError).responseBody.length).toBeLessThan(70_000);
    expect((e as ApiError).responseBody).toMatch(/truncated/);
    await connect.close();
  });
});

describe('file downloads are cut off by timeoutMs', () => {
  it('a file stream nobody reads is ended at timeoutMs without an unhandled error', async () => {
    const connect = new Connect({ ...baseConfig(api), timeoutMs: 200 });
    const file = await connect.merchant('1234').files.getFile('drip');
    await new Promise((r) => setTimeout(r, 500));
    expect(file.body.destroyed).toBe(true);
    await connect.close();
    // the same through an injected transport whose body is a plain async iterable
    async function* drip(): AsyncIterable<Uint8Array> {
      for (let i = 0; i < 100; i++) {
        yield new Uint8Array([120]);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const injected = new Connect({
      host: 'api.example.test',
      apiKeyId: 'k',
      secretApiKey: 's',
      integrator: 'i',
      timeoutMs: 200,
      transport: {
        send: async () => ({ status: 200, headers: { 'content-type': 'application/pdf' }, body: drip() }),
        close: async () => {},
      },
    });
    const other = await injected.merchant('1234').files.getFile('drip');
    await new Promise((r) => setTimeout(r, 500));
    expect(other.body.destroyed).toBe(true);
    await injected.close();
  });

  it('a slowly dripping files.getFile body ends with TimeoutError at timeoutMs (an overall deadline)', async () => {
    const connect = new Connect({ ...baseConfig(api), timeoutMs: 400 });
    const started = Date.now();
    const file = await connect.merchant('1234').files.getFile('drip');
    const read = (async () => {
      let bytes = 0;
      for await (const chunk of file.body) bytes += (chunk as Uint8Array).length;
      return bytes;
    })();
    const e = await outcome(read, 4000);
    expect(e).toBeInstanceOf(TimeoutError);
    expect((e as Error).message).toContain('400 ms');
    expect(Date.now() - started).toBeLessThan(1500);
    await connect.close();
  });
});

describe('Retry-After cannot remove the backoff', () => {
  it('a negative Retry-After or a date in the past waits the policy floor (retryInitialDelayMs), not zero', async () => {
    expect(retryDelay(1, parseRetryAfter('-5'), 500, 8000)).toBe(500);
    expect(retryDelay(1, parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT'), 500, 8000)).toBe(500);
    expect(retryDelay(1, parseRetryAfter('0'), 500, 8000)).toBe(500);
    expect(retryDelay(1, parseRetryAfter('2'), 500, 8000)).toBe(2000);
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (line: string) => warnings.push(line), error: () => {} };
    const connect = new Connect({ ...baseConfig(api), retryInitialDelayMs: 150, logger });
    for (const value of ['-5', 'Thu, 01 Jan 1970 00:00:00 GMT']) {
      const path = `/v1/1234/retry-after/${encodeURIComponent(value)}`;
      await expect(connect.request({ method: 'GET', path })).resolves.toEqual({ result: 'OK' });
    }
    expect(warnings).toHaveLength(2);
    for (const line of warnings) expect(line).toContain('in 150 ms after HTTP 503');
    await connect.close();
  });
});

describe('the client never shows its secrets', () => {
  it('connect.core.config and util.inspect of the client and its config show neither the secret nor proxy credentials', async () => {
    const password = 'pr0xy-Pa55word';
    const basic = Buffer.from(`proxy-user:${password}`).toString('base64');
    for (const proxy of [
      `http://proxy-user:${password}@127.0.0.1:3128`,
      { url: 'http://127.0.0.1:3128', username: 'proxy-user', password },
    ]) {
      const connect = new Connect({ ...baseConfig(api), proxy });
      const shown = [
        inspect(connect, { depth: 10, showHidden: true }),
        inspect(connect.core, { depth: 10 }),
        inspect(connect.core.config, { depth: 10 }),
        JSON.stringify(connect.core.config),
        String(connect.core.config.secretApiKey),
        `${JSON.stringify(connect.core.config.proxy)}`,
      ].join('\n');
      for (const secret of [SECRET, password, basic]) expect(shown).not.toContain(secret);
      expect(shown).toContain('127.0.0.1:3128'); // the proxy is still visible, just not its credentials
      await connect.close();
    }
  });
});

describe('errors never keep card data a server echoed', () => {
  const card = { cardNumber: '4567350000427977', cvv: '123', expiryDate: '1230' };
  it('err.responseBody is obfuscated like a logged body: util.inspect(err) shows no card number or CVV', async () => {
    const connect = new Connect({ ...baseConfig(api), maxRetries: 0 });
    for (const path of ['/v1/1234/echo-error', '/v1/1234/echo-broken']) {
      const e = await rejection(
        connect.request({ method: 'POST', path, body: { cardPaymentMethodSpecificInput: { card } } }),
      );
      expect(e, path).toBeInstanceOf(Error);
      const shown = `${inspect(e, { depth: 10 })}\n${(e as ApiError).responseBody}`;
      expect(shown, path).not.toContain(card.cardNumber);
      expect(shown, path).not.toMatch(/"cvv":\s*"123"/);
      expect(shown, path).toContain('7977'); // masked as logs mask it: all but the last 4
    }
    await connect.close();
  });
});

describe('errors never keep the raw bytes of a response the SDK could not parse', () => {
  it('util.inspect(err) of a malformed response that echoes the request shows no card data', async () => {
    // found by the reliability suite: undici's HTTPParserError (the error's cause) kept the raw bytes in `data`
    const pan = '4263982640269299';
    const e = await againstRawServer(
      (d) => {
        const echoed = JSON.stringify({ request: d.toString('latin1') });
        return `HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${echoed}\r\n0\r\n\r\n`;
      },
      (c) => c.request({ method: 'POST', path: '/v1/1234/payments', body: { card: { cardNumber: pan, cvv: '917' } } }),
    );
    expect(e).toBeInstanceOf(CommunicationError);
    const shown = inspect(e, { depth: 10 });
    expect(shown).toContain('bytes of the response withheld');
    expect(shown).not.toContain(pan);
    expect(shown).not.toMatch(/917/);
  });
});

describe('hostile responses end in typed errors', () => {
  // found by the reliability suite: each of these escaped as a RangeError or an undici error
  const hostile = (answer: string, call: (c: Connect) => Promise<unknown>) => againstRawServer(() => answer, call);

  it('an error body nested 100,000 deep is an ApiError with a masked responseBody, not a stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const e = await hostile(
      `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: ${deep.length}\r\n\r\n${deep}`,
      (c) => c.merchant('1234').payments.get('p1'),
    );
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).responseBody).toContain('too deep');
  });

  it('a file body shorter than its Content-Length fails the stream with CommunicationError', async () => {
    const e = await hostile(
      'HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 100\r\n\r\nshort',
      async (c) => {
        const f = await c.merchant('1234').files.getFile('f1');
        for await (const _chunk of f.body) {
          // read to the end
        }
      },
    );
    expect(e).toBeInstanceOf(CommunicationError);
  });
});

describe('logging masks card numbers wherever they are and keeps one line per event', () => {
  const pan = '4567350000427977';
  it('card numbers in arrays and nested objects under a card property are masked', () => {
    const ob = new Obfuscator();
    for (const body of [
      { card: { cardNumber: [pan, '5399999999999999'] } },
      { cardNumber: { number: pan } },
      { tokens: [{ card: { data: { cardWithoutCvv: { cardNumber: [[pan]] } } } }] },
      { message: `card ${pan} was declined` },
    ]) {
      const masked = ob.text(JSON.stringify(body));
      expect(masked).not.toContain(pan);
      expect(masked).not.toContain('5399999999999999');
      expect(masked).toContain('7977');
    }
  });

  it('card numbers and CVVs inside HTML, XML and form bodies are masked', () => {
    const ob = new Obfuscator();
    const bodies = [
      `<html><body><h1>502</h1><td>Card: 4567 3500 0042 7977</td></body></html>`,
      `<?xml version="1.0"?><payment><cardNumber>${pan}</cardNumber><cvv>123</cvv></payment>`,
      `<ns:card xmlns:ns="x"><ns:cardNumber type="pan">${pan}</ns:cardNumber></ns:card>`,
      `cardNumber=${pan}&cvv=123&amount=100`,
    ];
    for (const body of bodies) {
      const masked = ob.text(body);
      expect(masked, body).not.toContain(pan);
      expect(masked, body).not.toContain('4567 3500 0042');
      expect(masked, body).not.toMatch(/cvv>123|cvv=123/);
    }
    // ordinary numbers are left alone: ids, amounts, a timestamp
    const plain = '<p>payment 000000850010000188180000200001, amount 2980, at 20240101120000</p>';
    expect(ob.text(plain)).toBe(plain);
  });

  it('a request echoed as a JSON string or as escaped JSON inside text shows no CVV or IBAN', () => {
    // found by the reliability suite: a server echoing the raw request kept the CVV and IBAN readable
    // (the card number was masked by its digits, the rest by name only in unescaped JSON)
    const ob = new Obfuscator();
    const request = JSON.stringify({
      card: { cardNumber: pan, cvv: '917' },
      bankAccountIban: { iban: 'DE89370400440532013000' },
    });
    for (const body of [
      JSON.stringify({ errorId: 'echo', request }), // JSON whose string value holds the request
      `Bad gateway: ${JSON.stringify(request)}`, // text holding the request, its quotes escaped
      `echo: ${JSON.stringify(JSON.stringify(request))}`, // escaped twice
    ]) {
      for (const masked of [ob.text(body), ob.body(body)]) {
        expect(masked, body).not.toContain(pan);
        expect(masked, body).not.toMatch(/917/);
        expect(masked, body).not.toContain('DE8937040044053201');
        expect(masked, body).toContain('3000'); // masked as logs mask it: all but the last 4
      }
    }
  });

  it('a non-JSON body with raw line breaks cannot forge a log line', async () => {
    const lines: string[] = [];
    const logger = {
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };
    const connect = new Connect({ ...baseConfig(api), logger, maxRetries: 0 });
    await connect.request({ method: 'GET', path: '/v1/1234/forge' }).catch(() => undefined);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(lines[1]).toContain('Bad gateway\\r\\nRequest with Message ID: forged');
    await connect.close();
  });
});

describe('the hosted checkout URL stays on the hosted checkout host', () => {
  it('a partialRedirectUrl cannot move hostedCheckoutUrl to another host (userinfo, backslash, empty label)', () => {
    const hostile: [string, string][] = [
      ['@evil.example/x', 'payment'],
      ['@evil.example/x', 'https://payment.'],
      ['@evil.example/x', 'https://payment'],
      ['x@evil.example/y', 'https://'],
      ['pay1.secured-by-ingenico.com@evil.example/x', 'payment'],
      ['pay1.secured-by-ingenico.com:443@evil.example/x', 'payment'],
      ['pay1.secured-by-ingenico.com\\@evil.example/x', 'payment'],
      ['.evil.example/x', 'payment'],
      ['\\\\evil.example/x', 'http://localhost:8080/'],
    ];
    for (const [partial, base] of hostile) {
      let built: string | undefined;
      try {
        built = hostedCheckoutUrl(partial, base);
      } catch (e) {
        expect((e as Error).message, partial).toMatch(/partialRedirectUrl/);
        continue;
      }
      expect.fail(`${partial} with ${base} built ${built} (host ${new URL(built).host})`);
    }
    // what the platform and the sandbox return still works
    expect(hostedCheckoutUrl('pay1.secured-by-ingenico.com/checkout/1-abc', 'payment')).toBe(
      'https://payment.pay1.secured-by-ingenico.com/checkout/1-abc',
    );
    expect(hostedCheckoutUrl('127.0.0.1:8080/hostedcheckout/abc', 'http://')).toBe(
      'http://127.0.0.1:8080/hostedcheckout/abc',
    );
  });
});
