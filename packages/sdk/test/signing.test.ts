import { getV1HMACSignature } from 'connect-sdk-nodejs-5/lib/utils/authentication.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connect } from '../src/index.js';
import {
  baseConfig,
  json,
  KEY_ID,
  type Recorded,
  receivedStringToSign,
  SECRET,
  startServer,
  type TestServer,
  verifySignature,
} from './helpers/server.js';

let server: TestServer;
let connect: Connect;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.method === 'DELETE' || req.url.includes('/tokens/')) {
      res.writeHead(204).end();
      return;
    }
    json(res, req.method === 'POST' ? 201 : 200, { ok: true, payments: [], totalCount: 0 });
  });
  connect = new Connect({ ...baseConfig(server), maxRetries: 0 });
});
afterAll(async () => {
  await connect.close();
  await server.close();
});

function last(): Recorded {
  return server.requests[server.requests.length - 1]!;
}

function header(req: Recorded, name: string): string | undefined {
  return req.rawHeaders.find(([n]) => n.toLowerCase() === name)?.[1];
}

describe('v1HMAC signing (checked by an independent verifier)', () => {
  it('signs a POST with a JSON body and Content-Type application/json', async () => {
    await connect.merchant('1234').payments.create({ order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } });
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/1234/payments');
    expect(header(req, 'content-type')).toBe('application/json');
    expect(verifySignature(req)).toBe(true);
    expect(JSON.parse(req.body.toString())).toEqual({ order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } });
  });

  it('signs a GET without Content-Type (empty second line)', async () => {
    await connect.merchant('1234').payments.get('pay 1', { returnOperations: true });
    const req = last();
    expect(req.url).toBe('/v1/1234/payments/pay%201?returnOperations=true');
    expect(header(req, 'content-type')).toBeUndefined();
    expect(receivedStringToSign(req).split('\n')[1]).toBe('');
    expect(verifySignature(req)).toBe(true);
  });

  it('signs a query with spaces, &, = and unicode over the decoded query', async () => {
    await connect.merchant('1234').payments.find({ merchantReference: 'order 42 & co=é€😀', limit: 10 });
    const req = last();
    expect(req.url).toBe(`/v1/1234/payments?merchantReference=${encodeURIComponent('order 42 & co=é€😀')}&limit=10`);
    expect(receivedStringToSign(req)).toContain('/v1/1234/payments?merchantReference=order 42 & co=é€😀&limit=10\n');
    expect(verifySignature(req)).toBe(true);
  });

  it('signs repeated query parameters in the order sent', async () => {
    await connect.merchant('1234').products.find({ countryCode: 'NL', hide: ['fields', 'accountsOnFile'] });
    const req = last();
    expect(req.url).toBe('/v1/1234/products?countryCode=NL&hide=fields&hide=accountsOnFile');
    expect(verifySignature(req)).toBe(true);
  });

  it('signs a PUT and a DELETE (void operations resolve undefined)', async () => {
    const updated = await connect.merchant('1234').tokens.update('tok-1', { paymentProductId: 1 });
    expect(updated).toBeUndefined();
    expect(last().method).toBe('PUT');
    expect(verifySignature(last())).toBe(true);
    const removed = await connect.merchant('1234').tokens.remove('tok-1', { mandateCancelDate: '20261231' });
    expect(removed).toBeUndefined();
    expect(last().method).toBe('DELETE');
    expect(last().url).toBe('/v1/1234/tokens/tok-1?mandateCancelDate=20261231');
    expect(verifySignature(last())).toBe(true);
  });

  it('signs extra X-GCS headers sorted, including multi-line values canonicalised on the wire', async () => {
    await connect.merchant('1234').payments.get('p1', undefined, {
      idempotenceKey: 'key-1',
      headers: { 'X-GCS-ZZZ': 'last', 'X-GCS-ClientMetaInfo': 'line one\r\n   line two\n\tthree', 'x-gcs-aaa': ' a ' },
    });
    const req = last();
    expect(header(req, 'x-gcs-clientmetainfo')).toBe('line one line two three');
    expect(header(req, 'x-gcs-idempotence-key')).toBe('key-1');
    const lines = receivedStringToSign(req).split('\n');
    const gcs = lines.filter((l) => l.startsWith('x-gcs'));
    expect(gcs.map((l) => l.split(':')[0])).toEqual([
      'x-gcs-aaa',
      'x-gcs-clientmetainfo',
      'x-gcs-idempotence-key',
      'x-gcs-servermetainfo',
      'x-gcs-zzz',
    ]);
    expect(verifySignature(req)).toBe(true);
  });

  it('sends Date as RFC 1123 GMT and X-GCS-ServerMetaInfo as base64 JSON with the integrator', async () => {
    await connect.merchant('1234').services.testConnection();
    const req = last();
    expect(header(req, 'date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const meta = JSON.parse(Buffer.from(header(req, 'x-gcs-servermetainfo')!, 'base64').toString('utf8'));
    expect(meta).toMatchObject({ integrator: 'Test Shop', sdkIdentifier: expect.stringMatching(/\/v\d/) });
    expect(meta.platformIdentifier).toContain('Node.js');
  });

  it('ServerMetaInfo carries the shopping cart extension when configured', async () => {
    const other = new Connect({
      ...baseConfig(server),
      shoppingCartExtension: { creator: 'Acme', name: 'AcmeCart', version: '2.1', extensionId: 'ext-9' },
    });
    await other.merchant('1234').services.testConnection();
    const meta = JSON.parse(Buffer.from(header(last(), 'x-gcs-servermetainfo')!, 'base64').toString('utf8'));
    expect(meta.shoppingCartExtension).toEqual({
      creator: 'Acme',
      name: 'AcmeCart',
      version: '2.1',
      extensionId: 'ext-9',
    });
    expect(verifySignature(last())).toBe(true);
    await other.close();
  });

  it('a wrong secret is detected by the verifier (the verifier can fail)', async () => {
    const other = new Connect({ ...baseConfig(server), secretApiKey: 'another-secret', maxRetries: 0 });
    await other.merchant('1234').services.testConnection();
    expect(verifySignature(last())).toBe(false);
    await other.close();
  });

  it('the raw escape hatch signs too', async () => {
    const data = await connect.request<{ ok: boolean }>({
      method: 'GET',
      path: '/v1/1234/services/testconnection',
      query: { a: 'x y', b: [1, 2] },
    });
    expect(data).toMatchObject({ ok: true });
    expect(last().url).toBe('/v1/1234/services/testconnection?a=x%20y&b=1&b=2');
    expect(verifySignature(last())).toBe(true);
  });

  it('POST actions without a body send no Content-Type and no body', async () => {
    await connect.merchant('1234').payments.cancel('p1');
    const req = last();
    expect(header(req, 'content-type')).toBeUndefined();
    expect(req.body.length).toBe(0);
    expect(verifySignature(req)).toBe(true);
  });

  it('agrees with the official connect-sdk-nodejs 5.x signer on requests where its known quirks do not apply', async () => {
    await connect.merchant('1234').payments.find({ merchantReference: 'order-42', limit: 5 });
    await connect.merchant('1234').payments.create({ order: { amountOfMoney: { amount: 1, currencyCode: 'EUR' } } });
    for (const req of server.requests.slice(-2)) {
      const q = req.url.indexOf('?');
      const path = q === -1 ? req.url : `${req.url.slice(0, q)}?${decodeURIComponent(req.url.slice(q + 1))}`;
      const gcs = req.rawHeaders
        .filter(([n]) => n.toLowerCase().startsWith('x-gcs'))
        .map(([key, value]) => ({ key, value }));
      expect(gcs).toHaveLength(1); // one X-GCS header: the official comparator cannot misorder it
      const official = getV1HMACSignature(
        req.method,
        header(req, 'content-type') ?? '',
        header(req, 'date') ?? '',
        gcs,
        path,
        SECRET,
      );
      expect(req.headers['authorization']).toBe(`GCS v1HMAC:${KEY_ID}:${official}`);
    }
  });

  it('property: any query values and multi-line X-GCS header values are accepted by the independent verifier', async () => {
    const latin1Line = fc.string({
      unit: fc
        .integer({ min: 0x20, max: 0xff })
        .filter((c) => c !== 0x7f)
        .map((c) => String.fromCharCode(c)),
      maxLength: 12,
    });
    const headerValue = fc
      .array(fc.tuple(latin1Line, fc.constantFrom('\n', '\r\n', '\r\n\t ', '\n  ')), { maxLength: 3 })
      .chain((parts) => latin1Line.map((tail) => parts.map(([a, b]) => a + b).join('') + tail));
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), { maxLength: 3 }),
        headerValue,
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        async (reference, hides, value, method) => {
          await connect.request({
            method: method as 'GET',
            path: '/v1/1234/payments',
            query: { merchantReference: reference, hide: hides },
            headers: { 'X-GCS-Custom': value },
            ...(method === 'POST' || method === 'PUT' ? { body: { reference } } : {}),
          });
          const req = last();
          expect(verifySignature(req)).toBe(true);
          expect(header(req, 'x-gcs-custom')).not.toMatch(/[\r\n]/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
