/** The transport seam: a transport injected through the config carries every call, signed, with retries. */
import { describe, expect, it } from 'vitest';
import {
  CommunicationError,
  Connect,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../src/index.js';
import { rejection } from './helpers/rejection.js';
import { KEY_ID, type Recorded, SECRET, verifySignature } from './helpers/server.js';

const config = { host: 'api.example.test', apiKeyId: KEY_ID, secretApiKey: SECRET, integrator: 'Test Shop' };

async function* bytes(text: string): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/** An in-memory transport: answers from `reply`, records what it was given. */
function memoryTransport(reply: (r: TransportRequest, n: number) => Promise<TransportResponse> | TransportResponse) {
  const sent: TransportRequest[] = [];
  let closed = 0;
  const transport: Transport = {
    async send(request) {
      sent.push(request);
      return reply(request, sent.length - 1);
    },
    async close() {
      closed++;
    },
  };
  return { transport, sent, closed: () => closed };
}

function asRecorded(r: TransportRequest, body = ''): Recorded {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) lower[k.toLowerCase()] = v;
  return {
    method: r.method,
    url: r.path,
    rawHeaders: Object.entries(r.headers),
    headers: lower,
    body: Buffer.from(body),
  };
}

const ok = (body: unknown, status = 200): TransportResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: bytes(JSON.stringify(body)),
});

describe('transport seam', () => {
  it('an injected transport carries the call: signed headers, origin, path with query, JSON body; result parsed', async () => {
    const t = memoryTransport(() => ok({ payment: { id: 'p1', status: 'CREATED' } }, 201));
    const connect = new Connect({ ...config, transport: t.transport });
    const r = await connect
      .merchant('1234')
      .payments.create({ order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } }, { idempotenceKey: 'k-1' })
      .withResponse();
    expect(r.status).toBe(201);
    expect(r.data.payment?.id).toBe('p1');
    expect(t.sent).toHaveLength(1);
    const sent = t.sent[0]!;
    expect(sent.origin).toBe('https://api.example.test');
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/1234/payments');
    expect(sent.headers['X-GCS-Idempotence-Key']).toBe('k-1');
    expect(sent.body).toBe('{"order":{"amountOfMoney":{"amount":100,"currencyCode":"EUR"}}}');
    expect(verifySignature(asRecorded(sent))).toBe(true);
    await connect.close();
    expect(t.closed()).toBe(1);
  });

  it('a failure the transport reports with a connection code is retried with a fresh signature', async () => {
    const t = memoryTransport((_r, n) => {
      if (n === 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return ok({ result: 'OK' });
    });
    const connect = new Connect({ ...config, transport: t.transport, retryInitialDelayMs: 1 });
    await expect(connect.merchant('1234').services.testConnection()).resolves.toEqual({ result: 'OK' });
    expect(t.sent).toHaveLength(2);
    for (const s of t.sent) expect(verifySignature(asRecorded(s))).toBe(true);
    await connect.close();
  });

  it('any other transport failure is a CommunicationError naming the cause, not retried', async () => {
    const t = memoryTransport(() => {
      throw new Error('no route in this test');
    });
    const connect = new Connect({ ...config, transport: t.transport });
    const e = await rejection(connect.merchant('1234').payments.get('p1'));
    expect(e).toBeInstanceOf(CommunicationError);
    expect((e as Error).message).toContain('no route in this test');
    expect(t.sent).toHaveLength(1);
    await connect.close();
  });

  it('the transport config is checked: send/close required, not combined with the default transport options', () => {
    const t = memoryTransport(() => ok({}));
    expect(() => new Connect({ ...config, transport: {} as Transport })).toThrow(/transport must be an object/);
    expect(() => new Connect({ ...config, transport: t.transport, proxy: 'http://proxy.test:3128' })).toThrow(
      /proxy configures the default transport/,
    );
    expect(() => new Connect({ ...config, transport: t.transport, maxConnections: 2 })).toThrow(/maxConnections/);
  });
});
