/**
 * Hostile responses against the SDK: a local node:net server answers each call as fast-check says
 * (odd status lines, lying or broken framing, huge headers, truncated, huge, deeply nested or
 * non-JSON bodies, bodies that echo the request's card data, slow drips, stalls, resets, closes),
 * sometimes acting as the client's HTTP proxy (with credentials). Every call must end within its
 * deadline, and when it fails it fails with a typed ConnectError (never a TypeError, a SyntaxError
 * or a raw socket error); every error and the client are recorded for the secrets scan.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { Connect, ConnectError } from '../../packages/sdk/src/index.js';
import {
  API_KEY_ID,
  CARDS,
  CVV,
  capturingLogger,
  cardPayment,
  emptyResult,
  fmt,
  IBAN,
  type Mode,
  PROXY_PASSWORD,
  PROXY_USER,
  pool,
  recordError,
  SECRET,
  type SectionResult,
  shown,
  sleep,
  within,
} from './lib.js';

type Delivery =
  | 'whole'
  | 'drip'
  | 'stall-after-headers'
  | 'stall'
  | 'reset'
  | 'reset-mid-body'
  | 'close-mid-body'
  | 'close';

interface Behaviour {
  statusLine: string;
  headers: string[];
  framing: 'exact' | 'short' | 'long' | 'invalid' | 'none' | 'chunked' | 'bad-chunks';
  body: string;
  delivery: Delivery;
}

const behaviourArb: fc.Arbitrary<Behaviour> = fc.record({
  statusLine: fc.oneof(
    fc.constantFrom(
      'HTTP/1.1 200 OK',
      'HTTP/1.1 201 Created',
      'HTTP/1.1 204 No Content',
      'HTTP/1.1 400 Bad Request',
      'HTTP/1.1 401 Unauthorized',
      'HTTP/1.1 402 Payment Required',
      'HTTP/1.1 404 Not Found',
      'HTTP/1.1 409 Conflict',
      'HTTP/1.1 500 Internal Server Error',
      'HTTP/1.1 502 Bad Gateway',
      'HTTP/1.1 503 Service Unavailable',
      'HTTP/1.1 302 Found',
      'HTTP/1.1 407 Proxy Authentication Required',
    ),
    fc.constantFrom(
      'HTTP/1.1 999 Odd',
      'HTTP/1.1 600',
      'HTTP/1.1 20 OK',
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK',
      'HTTP/2.0 200 OK',
      'HTTP/1.0 200 OK',
      'garbage',
      '',
      'HTTP/1.1 200 OK\nX-Bare: lf',
    ),
  ),
  headers: fc.array(
    fc.oneof(
      fc.constantFrom(
        'Content-Type: application/json',
        'Content-Type: application/json; charset=utf-16',
        'Content-Type: text/html',
        'Content-Type: application/pdf',
        'Retry-After: -5',
        'Retry-After: 99999999',
        'Retry-After: soon',
        'Retry-After: Wed, 21 Oct 2015 07:28:00 GMT',
        'Location: http://evil.example/',
        'Content-Encoding: gzip',
        'Connection: close',
        'X-GCS-Idempotence-Request-Timestamp: yesterday',
        'Content-Disposition: attachment; filename="../../etc/passwd"',
        'X-Nul: a\0b',
      ),
      fc.nat({ max: 120_000 }).map((n) => `X-Big: ${'h'.repeat(n)}`),
    ),
    { maxLength: 4 },
  ),
  framing: fc.constantFrom('exact', 'exact', 'exact', 'short', 'long', 'invalid', 'none', 'chunked', 'bad-chunks'),
  body: fc.oneof(
    fc.constantFrom(
      '',
      '{}',
      '{"errorId":"e","errors":[{"code":"1409","message":"in flight"}]}',
      '{"errorId":"e","errors":[{"code":"21000020","httpStatusCode":400}]}',
      '{"payment":{"id":"p1","status":"CAPTURED"},"creationOutput":{}}',
      '{"errorId":"e","errors":',
      '<html><body>Bad gateway</body></html>',
      'null',
      '[]',
      '"string"',
      '{"__proto__":{"polluted":true}}',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ),
    fc.json({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.nat({ max: 2_000_000 }).map((n) => `{"errorId":"e","errors":[],"pad":"${'p'.repeat(n)}"}`),
  ),
  delivery: fc.oneof(
    { weight: 6, arbitrary: fc.constant('whole' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'drip' as const,
        'stall-after-headers' as const,
        'stall' as const,
        'reset' as const,
        'reset-mid-body' as const,
        'close-mid-body' as const,
        'close' as const,
      ),
    },
  ),
});

interface Case {
  behaviour: Behaviour;
  /** the body echoes the request (card data, IBAN) back */
  echo: boolean;
  op: 'create' | 'get' | 'payout' | 'file';
  viaProxy: boolean;
  maxRetries: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  behaviour: behaviourArb,
  echo: fc.boolean(),
  op: fc.constantFrom('create' as const, 'get' as const, 'payout' as const, 'file' as const),
  viaProxy: fc.boolean().map((b) => b && Math.random() < 0.5),
  maxRetries: fc.integer({ min: 0, max: 2 }),
});

/** Writes the behaviour's answer to `socket` once the request (head and body) has arrived. */
async function answer(socket: Socket, b: Behaviour, request: string, echo: boolean): Promise<void> {
  const body = Buffer.from(
    echo ? `{"errorId":"echo","errors":[{"code":"1"}],"request":${JSON.stringify(request)}}` : b.body,
    'latin1',
  );
  const lines = [b.statusLine, ...b.headers];
  let payload = body;
  if (b.framing === 'exact') lines.push(`Content-Length: ${body.length}`);
  else if (b.framing === 'short') lines.push(`Content-Length: ${Math.max(0, body.length - 5)}`);
  else if (b.framing === 'long') lines.push(`Content-Length: ${body.length + 100}`);
  else if (b.framing === 'invalid') lines.push('Content-Length: 12abc', `Content-Length: ${body.length}`);
  else if (b.framing === 'chunked' || b.framing === 'bad-chunks') {
    lines.push('Transfer-Encoding: chunked');
    const size = b.framing === 'chunked' ? body.length.toString(16) : 'zz';
    payload = Buffer.concat([Buffer.from(`${size}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
  } else lines.push('Connection: close');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  const write = (d: Buffer) => (socket.destroyed ? undefined : socket.write(d));
  switch (b.delivery) {
    case 'whole':
      write(Buffer.concat([head, payload]));
      if (b.framing === 'none') socket.end();
      return;
    case 'drip': {
      const all = Buffer.concat([head, payload]);
      // one byte every 100 ms for at most 8 s: longer than any deadline of the run
      for (let i = 0; i < Math.min(all.length, 80) && !socket.destroyed; i++) {
        write(all.subarray(i, i + 1));
        await sleep(100);
      }
      socket.destroy();
      return;
    }
    case 'stall-after-headers':
      write(head);
      await sleep(8000);
      socket.destroy();
      return;
    case 'stall':
      await sleep(8000);
      socket.destroy();
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'reset-mid-body':
      write(Buffer.concat([head, payload.subarray(0, payload.length >> 1)]));
      await sleep(20);
      socket.resetAndDestroy();
      return;
    case 'close-mid-body':
      write(Buffer.concat([head, payload.subarray(0, payload.length >> 1)]));
      socket.end();
      return;
    case 'close':
      socket.end();
      return;
  }
}

/** A server that answers every request on every connection with `current.behaviour`. */
class HostileServer {
  current: Case | undefined;
  requests = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<HostileServer> {
    const server = createServer();
    const h = new HostileServer(server);
    server.on('connection', (s) => h.serve(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return h;
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let got = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /content-length:\s*(\d+)/i.exec(got.subarray(0, end).toString('latin1'));
      const need = end + 4 + (m ? Number(m[1]) : 0);
      if (got.length < need) return;
      const request = got.subarray(0, need).toString('latin1');
      got = got.subarray(need);
      this.requests += 1;
      const c = this.current;
      if (c === undefined) socket.destroy();
      else void answer(socket, c.behaviour, request, c.echo);
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

const TIMEOUT_MS = 800;

export async function runHostileResponses(mode: Mode, seed: number): Promise<SectionResult> {
  const started = Date.now();
  const result = emptyResult(
    'hostile responses -> SDK',
    'fast-check odd statuses, broken framing, huge headers/bodies, non-JSON and echoing bodies, drips, stalls, resets, closes; direct and through a proxy',
  );
  const cases = fc.sample(caseArb, { numRuns: mode === 'quick' ? 150 : 1500, seed });
  const outcomes = { resolved: 0, typed: 0 };
  const untyped = new Map<string, number>();
  // one server per lane: each call sees only its own behaviour
  const lanes = 8;
  const servers = await Promise.all(Array.from({ length: lanes }, () => HostileServer.start()));
  const free = [...servers];
  try {
    await pool(cases, lanes, async (c) => {
      const server = free.pop() as HostileServer;
      server.current = c;
      result.attacksTried += 1;
      const connect = new Connect({
        host: c.viaProxy ? 'api.example.test' : '127.0.0.1',
        scheme: 'http',
        port: c.viaProxy ? 80 : server.port,
        apiKeyId: API_KEY_ID,
        secretApiKey: SECRET,
        integrator: 'reliability suite',
        timeoutMs: TIMEOUT_MS,
        maxRetries: c.maxRetries,
        retryInitialDelayMs: 10,
        retryMaxDelayMs: 50,
        maxResponseBytes: 256 * 1024,
        logger: capturingLogger,
        ...(c.viaProxy
          ? { proxy: { url: `http://127.0.0.1:${server.port}`, username: PROXY_USER, password: PROXY_PASSWORD } }
          : {}),
      });
      const m = connect.merchant('1234');
      const call = async (): Promise<unknown> => {
        switch (c.op) {
          case 'create':
            return m.payments.create(cardPayment(100, 'hostile'));
          case 'get':
            return m.payments.get('000000123400000000010000100001');
          case 'payout':
            return m.payouts.create({
              amountOfMoney: { amount: 100, currencyCode: 'EUR' },
              bankTransferPayoutMethodSpecificInput: {
                bankAccountIban: { iban: IBAN, accountHolderName: 'Wile E. Coyote' },
                payoutDate: '20301231',
              },
              cardPayoutMethodSpecificInput: { card: { cardNumber: CARDS[1], expiryDate: '1230', cvv: CVV } },
            } as Parameters<typeof m.payouts.create>[0]);
          case 'file': {
            const f = await m.files.getFile('f1');
            let n = 0;
            for await (const chunk of f.body) n += (chunk as Buffer).length;
            return n;
          }
        }
      };
      const deadline = (c.maxRetries + 1) * (TIMEOUT_MS + 100) + 3000;
      const o = await within(call(), deadline);
      if (o === 'hang') {
        result.hangs += 1;
        result.notes.push(`BAD hang: ${JSON.stringify(c).slice(0, 300)}`);
      } else if (o.ok) outcomes.resolved += 1;
      else if (o.error instanceof ConnectError) {
        outcomes.typed += 1;
        recordError(o.error);
      } else {
        result.otherBad += 1;
        const name = o.error instanceof Error ? `${o.error.name}: ${o.error.message}` : String(o.error);
        untyped.set(name, (untyped.get(name) ?? 0) + 1);
        if (untyped.get(name) === 1)
          result.notes.push(`BAD untyped error ${name.slice(0, 200)} for ${JSON.stringify(c).slice(0, 300)}`);
        recordError(o.error);
      }
      shown.add(inspect(connect, { depth: 4 }));
      shown.add(inspect(connect.core.config, { depth: 4 }));
      await within(connect.close(), 5000);
      server.current = undefined;
      free.push(server);
    });
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
  result.requestsSent = servers.reduce((n, s) => n + s.requests, 0);
  result.notes.push(
    `${fmt(cases.length)} calls (fast-check seed ${seed}): ${fmt(outcomes.typed)} ended in a typed ConnectError, ${fmt(outcomes.resolved)} resolved (an answer the SDK could read)`,
  );
  result.ms = Date.now() - started;
  return result;
}
