import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhooksListener,
  endpointVerificationResponse,
  InMemorySecretKeyStore,
  readRawBody,
  respondToEndpointVerification,
  secretKeyStoreFromFunction,
  signWebhook,
  type TypedWebhooksEvent,
  WebhooksHelper,
} from '../src/webhooks/index.js';

const KEY_ID = 'http-key';
const SECRET = 'http-secret-0123';
const body =
  '{\r\n  "apiVersion": "v1",\r\n  "id": "ev-1",\r\n  "type": "payment.captured",\r\n  "payment": {"id": "p-1"}\r\n}';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Sends a request over a raw socket: exact body bytes and raw (possibly repeated) headers. */
function send(
  url: string,
  method: string,
  rawHeaders: [string, string][],
  payload?: Buffer | string,
): Promise<{ status: number; contentType: string | undefined; text: string }> {
  const { hostname, port, pathname } = new URL(url);
  const bodyBytes = payload === undefined ? Buffer.alloc(0) : Buffer.from(payload);
  const head =
    `${method} ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n` +
    rawHeaders.map(([n, v]) => `${n}: ${v}\r\n`).join('') +
    `Content-Length: ${bodyBytes.length}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(Buffer.concat([Buffer.from(head), bodyBytes])));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      const headLines = raw.slice(0, split).split('\r\n');
      const status = Number(headLines[0]!.split(' ')[1]);
      const contentType = headLines.find((l) => /^content-type:/i.test(l))?.replace(/^content-type:\s*/i, '');
      let text = raw.slice(split + 4);
      if (headLines.some((l) => /^transfer-encoding:\s*chunked/i.test(l))) {
        let out = '';
        let rest = text;
        for (;;) {
          const nl = rest.indexOf('\r\n');
          const size = Number.parseInt(rest.slice(0, nl), 16);
          if (!size) break;
          out += rest.slice(nl + 2, nl + 2 + size);
          rest = rest.slice(nl + 2 + size + 2);
        }
        text = out;
      }
      resolve({ status, contentType, text });
    });
  });
}

function helper(): WebhooksHelper {
  const keys = new InMemorySecretKeyStore();
  keys.storeSecretKey(KEY_ID, SECRET);
  return new WebhooksHelper({ secretKeyStore: keys });
}

const signed = (): [string, string][] => Object.entries(signWebhook(body, KEY_ID, SECRET));

describe('node:http glue', () => {
  it('createWebhooksListener: 200 for a valid delivery with the exact CRLF bytes, event handed over', async () => {
    const events: TypedWebhooksEvent[] = [];
    const url = await listen(createServer(createWebhooksListener(helper(), (e) => void events.push(e))));
    const res = await send(url, 'POST', [['Content-Type', 'application/json'], ...signed()], body);
    expect(res.status).toBe(200);
    expect(events.map((e) => e.id)).toEqual(['ev-1']);
  });

  it('400 for a forged delivery, without calling the handler', async () => {
    const events: TypedWebhooksEvent[] = [];
    const errors: unknown[] = [];
    const url = await listen(
      createServer(createWebhooksListener(helper(), (e) => void events.push(e), { onError: (e) => errors.push(e) })),
    );
    const res = await send(url, 'POST', signed(), body.replace('p-1', 'p-2'));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/rejected webhook delivery/);
    expect(res.text).not.toContain(SECRET);
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('400 naming the header when X-GCS-Signature is sent twice on the wire', async () => {
    const url = await listen(createServer(createWebhooksListener(helper(), () => {})));
    const [sig, key] = signed();
    const res = await send(url, 'POST', [sig!, sig!, key!], body);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/found multiple values for header 'X-GCS-Signature'/);
  });

  it('400 naming the header when X-GCS-KeyId is sent twice on the wire (even with the same value)', async () => {
    const url = await listen(createServer(createWebhooksListener(helper(), () => {})));
    const [sig, key] = signed();
    const res = await send(url, 'POST', [sig!, key!, key!], body);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/found multiple values for header 'X-GCS-KeyId'/);
  });

  it('500 when the handler fails, so that the platform redelivers', async () => {
    const url = await listen(
      createServer(
        createWebhooksListener(helper(), async () => {
          throw new Error('database down');
        }),
      ),
    );
    const res = await send(url, 'POST', signed(), body);
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('database down');
  });

  it('500 when the secret key store fails (e.g. its database is down), so that the platform redelivers', async () => {
    const failing = new WebhooksHelper({
      secretKeyStore: secretKeyStoreFromFunction(async () => {
        throw new Error('database down');
      }),
    });
    const url = await listen(createServer(createWebhooksListener(failing, () => {})));
    const res = await send(url, 'POST', signed(), body);
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('database down');
  });

  it('answers the endpoint verification request by echoing the value as text/plain', async () => {
    const url = await listen(createServer(createWebhooksListener(helper(), () => {})));
    const res = await send(url, 'GET', [['X-GCS-Webhooks-Endpoint-Verification', 'random-Value_123']]);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    expect(res.text).toBe('random-Value_123');
    const other = await send(url, 'GET', []);
    expect(other.status).toBe(405);
  });

  it('respondToEndpointVerification and readRawBody in a hand-written node:http handler', async () => {
    const h = helper();
    const seen: string[] = [];
    const url = await listen(
      createServer(async (req, res) => {
        if (respondToEndpointVerification(req, res)) return;
        try {
          const event = await h.unmarshal(await readRawBody(req), req.headers);
          seen.push(event.type);
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      }),
    );
    expect((await send(url, 'POST', [['x-gcs-webhooks-endpoint-verification', 'abc']])).text).toBe('abc');
    expect((await send(url, 'POST', signed(), body)).status).toBe(204);
    expect((await send(url, 'POST', signed(), Buffer.from(body.replace(/\r\n/g, '\n')))).status).toBe(400);
    expect(seen).toEqual(['payment.captured']);
  });

  it('endpointVerificationResponse works on any header shape and ignores other requests', () => {
    expect(endpointVerificationResponse(new Headers({ 'X-GCS-Webhooks-Endpoint-Verification': 'v' }))).toEqual({
      status: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: 'v',
    });
    expect(endpointVerificationResponse({ 'content-type': 'application/json' })).toBeUndefined();
  });

  it('rejects bodies over the size limit with 413', async () => {
    const url = await listen(createServer(createWebhooksListener(helper(), () => {}, { limitBytes: 16 })));
    const res = await send(url, 'POST', signed(), body);
    expect(res.status).toBe(413);
  });
});

describe('Express glue', () => {
  it('express.raw() on the webhook route keeps the exact bytes; the listener is the route handler', async () => {
    const events: string[] = [];
    const app = express();
    // the webhook route comes before any global express.json(): JSON parsing would consume the raw bytes
    app.post(
      '/webhooks',
      express.raw({ type: '*/*' }),
      createWebhooksListener(helper(), (e) => void events.push(e.id)),
    );
    app.get(
      '/webhooks',
      createWebhooksListener(helper(), () => {}),
    );
    const url = await listen(createServer(app));
    const res = await send(`${url}/webhooks`, 'POST', [['Content-Type', 'application/json'], ...signed()], body);
    expect(res.status).toBe(200);
    expect(events).toEqual(['ev-1']);
    const verify = await send(`${url}/webhooks`, 'GET', [['X-GCS-Webhooks-Endpoint-Verification', 'xyz']]);
    expect(verify.text).toBe('xyz');
    expect(verify.contentType).toMatch(/^text\/plain/);
  });

  it('a manual Express handler with req.body from express.raw()', async () => {
    const h = helper();
    const app = express();
    app.post('/hook', express.raw({ type: 'application/json' }), async (req, res) => {
      try {
        const event = await h.unmarshal(req.body as Buffer, req.headers);
        res.status(200).send(event.id);
      } catch (error) {
        res.status(400).send((error as Error).name);
      }
    });
    const url = await listen(createServer(app));
    const ok = await send(`${url}/hook`, 'POST', [['Content-Type', 'application/json'], ...signed()], body);
    expect(ok).toMatchObject({ status: 200, text: 'ev-1' });
    const bad = await send(`${url}/hook`, 'POST', [['Content-Type', 'application/json'], ...signed()], body + ' ');
    expect(bad).toMatchObject({ status: 400, text: 'SignatureValidationError' });
  });

  it('says clearly when express.json() already consumed the raw body', async () => {
    const app = express();
    app.use(express.json());
    const errors: unknown[] = [];
    app.post(
      '/webhooks',
      createWebhooksListener(helper(), () => {}, { onError: (e) => errors.push(e) }),
    );
    const url = await listen(createServer(app));
    const res = await send(`${url}/webhooks`, 'POST', [['Content-Type', 'application/json'], ...signed()], body);
    expect(res.status).toBe(500);
    expect(res.text).toMatch(/express\.raw/);
  });
});

// keep the IncomingMessage import used for typing readRawBody callers
export type { IncomingMessage };
