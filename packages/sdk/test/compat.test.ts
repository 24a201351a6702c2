/**
 * The classic API (`connect-server-sdk/compat`): every code snippet of the platform's Node.js SDK guide,
 * run as written (only the require name changed, placeholders such as '[your-api-key-id]' filled in),
 * against a local node:http stub of the platform that checks every request's v1HMAC signature itself.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as compatModule from '../src/compat/index.js';
import {
  COMPAT_OPERATION_NAMES,
  type ConnectSdk,
  createConnectSdk,
  type SdkResponse,
  type UntypedConnectSdk,
} from '../src/compat/index.js';
import { operations } from '../src/generated/operations.js';
import { SecretKeyNotAvailableError, SignatureValidationError, signWebhook } from '../src/webhooks/index.js';

const API_KEY_ID = 'compat-key-id';
const SECRET_API_KEY = 'compat-secret-api-key-Zm9vYmFy';
const MERCHANT = '1234';

// ------------------------------------------------------------------ stub platform

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Independent v1HMAC verifier (the API reference's authentication page), not using the SDK's signer. */
function verifySignature(req: IncomingMessage): boolean {
  const auth = req.headers.authorization ?? '';
  const m = /^GCS v1HMAC:([^:]+):(.+)$/.exec(auth);
  if (!m || m[1] !== API_KEY_ID) return false;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const resource = q < 0 ? url : `${url.slice(0, q)}?${decodeURIComponent(url.slice(q + 1))}`;
  const gcs = Object.entries(req.headers)
    .filter(([n]) => n.startsWith('x-gcs'))
    .map(
      ([n, v]) =>
        `${n}:${String(v)
          .replace(/\r?\n[^\S\r\n]*/g, ' ')
          .trim()}\n`,
    )
    .sort()
    .join('');
  const toSign = `${req.method}\n${req.headers['content-type'] ?? ''}\n${req.headers.date}\n${gcs}${resource}\n`;
  const expected = createHmac('sha256', SECRET_API_KEY).update(toSign, 'utf8').digest();
  const got = Buffer.from(m[2]!, 'base64');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

const recorded: Recorded[] = [];
const idempotence = new Map<string, { status: number; body: string; ts: number }>();
let paymentCounter = 0;
let server: Server;
let port = 0;

function json(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json', ...extra });
  res.end(text);
}

function errorBody(code: string, httpStatusCode: number, message: string): object {
  return { errorId: `err-${code}`, errors: [{ code, httpStatusCode, message, id: message }] };
}

function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://stub');
  const path = url.pathname;
  if (!verifySignature(req)) {
    json(res, 401, errorBody('9002', 401, 'MISSING_OR_INVALID_AUTHORIZATION'));
    return;
  }
  const base = `/v1/${MERCHANT}`;
  if (req.method === 'POST' && path === `${base}/payments`) {
    const key = req.headers['x-gcs-idempotence-key'];
    if (typeof key === 'string' && idempotence.has(key)) {
      const first = idempotence.get(key)!;
      res.writeHead(first.status, {
        'Content-Type': 'application/json',
        'X-GCS-Idempotence-Request-Timestamp': String(first.ts),
      });
      res.end(first.body);
      return;
    }
    const request = JSON.parse(body.toString('utf8')) as { order?: { amountOfMoney?: { amount?: number } } };
    const id = `0000${MERCHANT}${String(++paymentCounter).padStart(6, '0')}`;
    let status: number;
    let out: unknown;
    if (request.order?.amountOfMoney?.amount === 1) {
      status = 402;
      out = {
        ...errorBody('430285', 402, 'Not authorised'),
        paymentResult: { payment: { id, status: 'REJECTED', statusOutput: { statusCode: 100 } } },
      };
    } else {
      status = 201;
      out = { creationOutput: { isNewToken: false }, payment: { id, status: 'PENDING_APPROVAL' } };
    }
    const text = JSON.stringify(out, null, 2);
    if (typeof key === 'string') idempotence.set(key, { status, body: text, ts: 1732780800000 + paymentCounter });
    res.writeHead(status, { 'Content-Type': 'application/json', Location: `${base}/payments/${id}` });
    res.end(text);
    return;
  }
  if (req.method === 'GET' && path.startsWith(`${base}/payments/`)) {
    const id = decodeURIComponent(path.slice(`${base}/payments/`.length));
    if (id === 'html-error') {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('<html>upstream broke</html>');
      return;
    }
    if (id === 'missing') {
      json(res, 404, errorBody('1002', 404, 'UNKNOWN_PAYMENT_ID'));
      return;
    }
    json(res, 200, { id, status: 'CAPTURED', statusOutput: { statusCategory: 'COMPLETED' } });
    return;
  }
  if (req.method === 'POST' && path === `${base}/hostedcheckouts`) {
    json(res, 201, {
      RETURNMAC: 'f5b66cf9-c64c-4c8d-8171-b47205c89a56',
      hostedCheckoutId: '8915-28e5b79c889641c8ba770f1ba576c1fe',
      partialRedirectUrl:
        'poweredbyglobalcollect.com/pay8915-53ebca407e6b4a1dbd086aad4f10354d:8915-28e5b79c889641c8ba770f1ba576c1fe:9798f4c44ac6406e8288494332d1daa0',
    });
    return;
  }
  if (req.method === 'GET' && path.startsWith(`${base}/hostedcheckouts/`)) {
    json(res, 200, {
      status: 'PAYMENT_CREATED',
      createdPaymentOutput: {
        payment: { id: '000001234000001', status: 'CAPTURED' },
        paymentStatusCategory: 'SUCCESSFUL',
      },
    });
    return;
  }
  if (req.method === 'POST' && path === `${base}/sessions`) {
    json(res, 201, {
      clientSessionId: 'cs-1',
      customerId: 'cust-1',
      region: 'EU',
      clientApiUrl: 'https://x',
      assetUrl: 'https://y',
    });
    return;
  }
  if (req.method === 'GET' && path === `${base}/products`) {
    json(res, 200, {
      paymentProducts: [{ id: 1, paymentMethod: 'card' }],
      query: Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)])),
    });
    return;
  }
  if (req.method === 'GET' && path === `${base}/products/1`) {
    json(res, 200, {
      id: 1,
      fields: [
        { id: 'cardNumber', type: 'numericstring' },
        { id: 'cvv', type: 'numericstring' },
      ],
    });
    return;
  }
  if (req.method === 'DELETE' && path.startsWith(`${base}/tokens/`)) {
    res.writeHead(204).end();
    return;
  }
  if (req.method === 'GET' && path.startsWith(`/files/v1/${MERCHANT}/files/`)) {
    const content = Buffer.from('%PDF-1.4 fake');
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Length': String(content.length),
      'Content-Disposition': 'attachment; filename="evidence.pdf"',
    });
    res.end(content);
    return;
  }
  if (req.method === 'POST' && path.startsWith(`/files/v1/${MERCHANT}/disputes/`)) {
    const text = body.toString('latin1');
    const ok =
      /filename="receipt\.txt"/.test(text) &&
      text.includes('receipt content') &&
      /multipart\/form-data/.test(String(req.headers['content-type']));
    json(res, ok ? 200 : 400, ok ? { result: 'OK', id: 'file-1' } : errorBody('1', 400, 'BAD_MULTIPART'));
    return;
  }
  if (req.method === 'GET' && path === `${base}/services/testconnection`) {
    json(res, 200, { result: 'OK' });
    return;
  }
  json(res, 404, errorBody('1002', 404, 'UNKNOWN_RESOURCE'));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      recorded.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const sdks: ConnectSdk[] = [];
afterEach(async () => {
  await Promise.all(sdks.splice(0).map((s) => s.close()));
  recorded.length = 0;
});

/** A fresh classic SDK object, initialised against the stub. */
function freshSdk(extra: Record<string, unknown> = {}): ConnectSdk {
  const sdk = createConnectSdk();
  sdks.push(sdk);
  sdk.init({
    host: '127.0.0.1',
    scheme: 'http',
    port,
    apiKeyId: API_KEY_ID,
    secretApiKey: SECRET_API_KEY,
    integrator: 'compat-tests',
    ...extra,
  });
  return sdk;
}

/**
 * Runs a snippet's source text as-is. `require('connect-server-sdk/compat')` inside it resolves to `sdk`
 * (default: a fresh, uninitialised classic SDK object, with the module's shape: named exports plus default).
 */
function runSnippet(source: string, scope: Record<string, unknown>, sdk: ConnectSdk = createConnectSdk()): void {
  if (!sdks.includes(sdk)) sdks.push(sdk);
  const fakeRequire = (name: string): unknown => {
    if (name !== 'connect-server-sdk/compat') throw new Error(`unexpected require('${name}') in a snippet`);
    return sdk;
  };
  const names = Object.keys(scope);
  // biome-ignore lint/complexity/noBannedTypes: executing the guide's snippet text verbatim
  const fn = new Function('require', ...names, source) as Function;
  fn(fakeRequire, ...names.map((n) => scope[n]));
}

function capturingLogger(): {
  info: (m: string) => void;
  warn: (m: string) => void;
  error: (m: string) => void;
  lines: string[];
} {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
  };
}

function callback<T = unknown>(): {
  cb: (error: Error | null, r: SdkResponse<T> | null) => void;
  done: Promise<{ error: Error | null; response: SdkResponse<T> | null }>;
} {
  let resolve!: (v: { error: Error | null; response: SdkResponse<T> | null }) => void;
  const done = new Promise<{ error: Error | null; response: SdkResponse<T> | null }>((r) => {
    resolve = r;
  });
  return { cb: (error, response) => resolve({ error, response }), done };
}

const createPaymentStub = {
  order: {
    amountOfMoney: { amount: 2980, currencyCode: 'EUR' },
    customer: { billingAddress: { countryCode: 'NL' } },
  },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber: '4567350000427977', cvv: '123', expiryDate: '1230', cardholderName: 'Wile E. Coyote' },
  },
};

// ------------------------------------------------------------------ the guide's snippets

describe('guide snippets, as written', () => {
  it('snippet "Initialization of the Node.js SDK": require + connectSdk.init({...}) with logging through the given logger', async () => {
    const logger = capturingLogger();
    const sdk = createConnectSdk();
    const snippet = `
var connectSdk = require('connect-server-sdk/compat');

connectSdk.init({
  host: '127.0.0.1',
  scheme: 'http',
  port: ${port},
  enableLogging: true, // defaults to false
  logger: logger, // if undefined console.log will be used
  apiKeyId: '${API_KEY_ID}',
  secretApiKey: '${SECRET_API_KEY}',
  integrator: 'compat-tests'
});
`;
    runSnippet(snippet, { logger }, sdk);
    const { cb, done } = callback();
    sdk.payments.create(MERCHANT, createPaymentStub, {}, cb);
    const { error, response } = await done;
    expect(error).toBeNull();
    expect(response).toMatchObject({ status: 201, isSuccess: true, body: { payment: { status: 'PENDING_APPROVAL' } } });
    // logged through the logger, obfuscated
    const log = logger.lines.join('\n');
    expect(log).toMatch(/Request with Message ID/);
    expect(log).toMatch(/Response from Message ID/);
    expect(log).not.toContain('4567350000427977');
    expect(log).toContain('7977');
    expect(log).not.toContain(SECRET_API_KEY);
    expect(recorded[0]!.headers['x-gcs-servermetainfo']).toBeDefined();
  });

  it('snippet "Idempotent requests": paymentContext.idemPotence + connectSdk.context.getIdempotenceRequestTimestamp()', async () => {
    const sdk = freshSdk();
    const logged: unknown[][] = [];
    const rendered: { error: unknown; sdkResponse: SdkResponse | null }[] = [];
    let resolveRender!: () => void;
    const scope = {
      connectSdk: sdk,
      merchantId: MERCHANT,
      createPaymentStub,
      res: {},
      render: (_res: unknown, error: unknown, sdkResponse: SdkResponse | null) => {
        rendered.push({ error, sdkResponse });
        resolveRender();
      },
      console: { log: (...args: unknown[]) => logged.push(args) },
    };
    const snippet = `
var paymentContext = {};
paymentContext.idemPotence = {
  key: 'idempotence'
};
connectSdk.payments.create(merchantId, createPaymentStub, paymentContext, function (error, sdkResponse) {
  render(res, error, sdkResponse);
if (connectSdk.context.getIdempotenceRequestTimestamp()) {
// this call is made with idempotence annd is still being handled
console.log('idempotence timestamp', connectSdk.context.getIdempotenceRequestTimestamp());
} });
`;
    idempotence.delete('idempotence');
    for (let i = 0; i < 2; i++) {
      const rendering = new Promise<void>((r) => {
        resolveRender = r;
      });
      runSnippet(snippet, scope, sdk);
      await rendering;
      await new Promise((r) => setImmediate(r));
    }
    // both calls sent the key; the second was answered as a replay of the first
    expect(recorded.map((r) => r.headers['x-gcs-idempotence-key'])).toEqual(['idempotence', 'idempotence']);
    expect(rendered).toHaveLength(2);
    expect(rendered[0]!.error).toBeNull();
    expect(rendered[1]!.sdkResponse!.body).toEqual(rendered[0]!.sdkResponse!.body);
    const ts = idempotence.get('idempotence')!.ts;
    expect(logged).toEqual([['idempotence timestamp', String(ts)]]);
    expect(sdk.context.getIdempotenceRequestTimestamp()).toBe(String(ts));
  });

  it('snippet "Payment exceptions": render(error, response) answers an Express request with the error status and body', async () => {
    const sdk = freshSdk();
    const snippet = `
var render = function (error, response) {
  if (error) {
    console.log(error, error.body);
    var status = (typeof error.status !== 'undefined') ? error.status : 500;
    var body = (typeof error.body !== 'undefined') ? error.body : error;
    res.status(status).json(body).end();
  }
}
connectSdk.payments.get(merchantId, paymentId, null, function (error, response) {
  render(error, response);
  if (!error) res.status(response.status).json(response.body).end();
});
`;
    const consoleLines: unknown[][] = [];
    const app = express();
    app.get('/order/:paymentId', (req, res) => {
      runSnippet(
        snippet,
        {
          connectSdk: sdk,
          merchantId: MERCHANT,
          paymentId: req.params.paymentId,
          res,
          console: { log: (...a: unknown[]) => consoleLines.push(a) },
        },
        sdk,
      );
    });
    const shop = createServer(app);
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
    try {
      const shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
      // a response the SDK cannot parse is an error carrying status and body (4.x behaviour)
      const broken = await fetch(`${shopUrl}/order/html-error`);
      expect(broken.status).toBe(500);
      expect(await broken.json()).toBe('<html>upstream broke</html>');
      expect(consoleLines).toHaveLength(1);
      // an API error (404) is not an error but a response with isSuccess false
      const missing = await fetch(`${shopUrl}/order/missing`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ errors: [{ code: '1002' }] });
      const found = await fetch(`${shopUrl}/order/000012340001`);
      expect(await found.json()).toMatchObject({ id: '000012340001', status: 'CAPTURED' });
      // a transport failure: the platform is unreachable -> status 500 and the error itself
      const dead = createConnectSdk();
      sdks.push(dead);
      dead.init({
        host: '127.0.0.1',
        scheme: 'http',
        port: 1,
        apiKeyId: API_KEY_ID,
        secretApiKey: SECRET_API_KEY,
        integrator: 'x',
      });
      app.get('/dead/:paymentId', (req, res) => {
        runSnippet(
          snippet,
          { connectSdk: dead, merchantId: MERCHANT, paymentId: req.params.paymentId, res, console: { log: () => {} } },
          dead,
        );
      });
      const unreachable = await fetch(`${shopUrl}/dead/p1`);
      expect(unreachable.status).toBe(500);
    } finally {
      await new Promise((r) => shop.close(r));
    }
  });

  it('snippet "Initialization of the webhooks helper": require(...).webhooks + init({ getSecretKey: inMemorySecretKeyStore.getSecretKey })', async () => {
    const sdk = createConnectSdk();
    const snippet = `
var webhooks = require('connect-server-sdk/compat').webhooks;
// replace webhooks.inMemorySecretKeyStore.getSecretKey with your own function if needed
webhooks.init({
  getSecretKey: webhooks.inMemorySecretKeyStore.getSecretKey
});
`;
    runSnippet(snippet, {}, sdk);
    sdk.webhooks.inMemorySecretKeyStore.storeSecretKey('wh-key', 'wh-secret');
    const body = JSON.stringify({ apiVersion: 'v1', id: 'ev', type: 'payment.paid', payment: { id: 'p' } });
    await expect(sdk.webhooks.unmarshal(body, signWebhook(body, 'wh-key', 'wh-secret'))).resolves.toMatchObject({
      id: 'ev',
    });
  });

  it('snippet "Use the webhooks helper": webhooks.unmarshal(body, requestHeaders, cb) inside a node:http endpoint', async () => {
    const sdk = createConnectSdk();
    runSnippet(
      "var webhooks = require('connect-server-sdk/compat').webhooks;\nwebhooks.init({\n  getSecretKey: webhooks.inMemorySecretKeyStore.getSecretKey\n});",
      {},
      sdk,
    );
    sdk.webhooks.inMemorySecretKeyStore.storeSecretKey('wh-key', 'wh-secret');
    // the guide's snippet, with its two comments replaced by what this endpoint does in each branch
    const snippet = `
webhooks.unmarshal(body, requestHeaders, function (error, event) {
  if (error) {
    // something went wrong in validating the signature or unmarshalling the event
    res.writeHead(400); res.end(error.name);
  } else {
    // process the event
    processed.push(event); res.writeHead(200); res.end(event.type);
  }
});
`;
    const processed: unknown[] = [];
    const endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        runSnippet(
          snippet,
          { webhooks: sdk.webhooks, body: Buffer.concat(chunks), requestHeaders: req.headers, res, processed },
          sdk,
        );
      });
    });
    await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/`;
      const body =
        '{\n  "apiVersion": "v1",\n  "id": "ev-9",\n  "type": "refund.refunded",\n  "refund": {"id": "r-1"}\n}';
      const ok = await fetch(url, { method: 'POST', body, headers: signWebhook(body, 'wh-key', 'wh-secret') });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('refund.refunded');
      const forged = await fetch(url, {
        method: 'POST',
        body: body.replace('r-1', 'r-2'),
        headers: signWebhook(body, 'wh-key', 'wh-secret'),
      });
      expect(forged.status).toBe(400);
      expect(await forged.text()).toBe('SignatureValidationError');
      const unknownKey = await fetch(url, {
        method: 'POST',
        body,
        headers: signWebhook(body, 'other-key', 'wh-secret'),
      });
      expect(await unknownKey.text()).toBe('SecretKeyNotAvailableError');
      expect(processed).toHaveLength(1);
    } finally {
      await new Promise((r) => endpoint.close(r));
    }
  });
});

// ------------------------------------------------------------------ calls named in the guide's prose

describe('calls the guide names', () => {
  it('connectSdk.payments.get(merchantId, paymentId) without paymentContext and cb returns a Promise', async () => {
    const sdk = freshSdk();
    const response = await sdk.payments.get(MERCHANT, 'pay 1ü');
    expect(response).toEqual({ status: 200, isSuccess: true, body: expect.objectContaining({ id: 'pay 1ü' }) });
    // path values are encoded on the wire; ids that would change the path are refused before sending
    expect(recorded[0]!.url).toBe(`/v1/${MERCHANT}/payments/pay%201%C3%BC`);
    await expect(sdk.payments.get(MERCHANT, '../refunds')).rejects.toThrow(/paymentId must not contain/);
    expect(recorded).toHaveLength(1);
  });

  it('hosted checkout flow: hostedcheckouts.create, "https://yoursubdomain" + partialRedirectUrl, hostedcheckouts.get', async () => {
    const sdk = freshSdk();
    const created = await sdk.hostedcheckouts.create(
      MERCHANT,
      { order: { amountOfMoney: { amount: 100, currencyCode: 'EUR' } } },
      null,
    );
    expect(created.status).toBe(201);
    const body = created.body as { partialRedirectUrl: string; hostedCheckoutId: string; RETURNMAC: string };
    const url = 'https://payment.' + body.partialRedirectUrl;
    expect(url).toMatch(/^https:\/\/payment\.poweredbyglobalcollect\.com\/pay8915-/);
    const status = await sdk.hostedcheckouts.get(MERCHANT, body.hostedCheckoutId, {});
    expect(status.body).toMatchObject({ status: 'PAYMENT_CREATED' });
  });

  it('client session: sessions.create with a callback', async () => {
    const sdk = freshSdk();
    const { cb, done } = callback();
    sdk.sessions.create(MERCHANT, {}, null, cb);
    expect((await done).response).toMatchObject({ status: 201, body: { clientSessionId: 'cs-1', region: 'EU' } });
  });

  it('server flow: products.find with FindParams in paymentContext (query), repeated params, then products.get', async () => {
    const sdk = freshSdk();
    const found = await sdk.products.find(MERCHANT, {
      countryCode: 'NL',
      currencyCode: 'EUR',
      locale: 'nl_NL',
      amount: 1000,
      isRecurring: false,
      hide: ['fields', 'accountsOnFile'],
    });
    expect(found.body).toMatchObject({
      query: {
        countryCode: ['NL'],
        currencyCode: ['EUR'],
        locale: ['nl_NL'],
        amount: ['1000'],
        isRecurring: ['false'],
        hide: ['fields', 'accountsOnFile'],
      },
    });
    const product = await sdk.products.get(MERCHANT, 1, { countryCode: 'NL', currencyCode: 'EUR' });
    expect(product.body).toMatchObject({ id: 1, fields: [{ id: 'cardNumber' }, { id: 'cvv' }] });
  });

  it('a declined payment is a response with isSuccess false carrying the payment result, not an error', async () => {
    const sdk = freshSdk();
    const { cb, done } = callback();
    sdk.payments.create(
      MERCHANT,
      { ...createPaymentStub, order: { amountOfMoney: { amount: 1, currencyCode: 'EUR' } } },
      {},
      cb,
    );
    const { error, response } = await done;
    expect(error).toBeNull();
    expect(response).toMatchObject({
      status: 402,
      isSuccess: false,
      body: { paymentResult: { payment: { status: 'REJECTED' } } },
    });
  });

  it('paymentContext.idempotence (lower-case spelling) works too and receives requestTimestamp on a replay', async () => {
    const sdk = freshSdk();
    idempotence.delete('k-2');
    const first = { idempotence: { key: 'k-2' } as { key: string; requestTimestamp?: string } };
    await sdk.payments.create(MERCHANT, createPaymentStub, first);
    expect(sdk.context.getIdempotenceRequestTimestamp()).toBeUndefined();
    expect(first.idempotence.requestTimestamp).toBeUndefined();
    const second = { idempotence: { key: 'k-2' } as { key: string; requestTimestamp?: string } };
    await sdk.payments.create(MERCHANT, createPaymentStub, second);
    expect(second.idempotence.requestTimestamp).toBe(String(idempotence.get('k-2')!.ts));
    expect(sdk.context.getIdempotenceRequestTimestamp()).toBe(String(idempotence.get('k-2')!.ts));
    // a later call without replay clears it
    await sdk.services.testconnection(MERCHANT, null);
    expect(sdk.context.getIdempotenceRequestTimestamp()).toBeUndefined();
  });

  it('inside each callback, context.getIdempotenceRequestTimestamp() belongs to that response, even with concurrent calls', async () => {
    const sdk = freshSdk();
    idempotence.delete('conc');
    await sdk.payments.create(MERCHANT, createPaymentStub, { idemPotence: { key: 'conc' } });
    const seenInCallbacks: Record<string, string | undefined> = {};
    await Promise.all(
      [0, 1, 2, 3].map(
        (i) =>
          new Promise<void>((resolve) => {
            const done = (name: string) => () => {
              seenInCallbacks[name] = sdk.context.getIdempotenceRequestTimestamp();
              resolve();
            };
            if (i % 2 === 0)
              sdk.payments.create(MERCHANT, createPaymentStub, { idemPotence: { key: 'conc' } }, done(`replay${i}`));
            else sdk.services.testconnection(MERCHANT, null, done(`plain${i}`));
          }),
      ),
    );
    const ts = String(idempotence.get('conc')!.ts);
    expect(seenInCallbacks).toEqual({ replay0: ts, plain1: undefined, replay2: ts, plain3: undefined });
  });

  it('extraHeaders in paymentContext are sent and signed; they are not query parameters', async () => {
    const sdk = freshSdk();
    const r = await sdk.services.testconnection(MERCHANT, {
      extraHeaders: [{ key: 'X-GCS-Trace', value: 'line1\n  line2' }],
    });
    expect(r.status).toBe(200); // the stub verified the signature
    expect(recorded[0]!.headers['x-gcs-trace']).toBe('line1 line2');
    expect(recorded[0]!.url).toBe(`/v1/${MERCHANT}/services/testconnection`);
  });

  it('void operations: tokens.remove resolves status 204 with a null body', async () => {
    const sdk = freshSdk();
    const r = await sdk.tokens.remove(MERCHANT, 'tok-1', { mandateCancelDate: '20261231' });
    expect(r).toEqual({ status: 204, body: null, isSuccess: true });
    expect(recorded[0]!.url).toBe(`/v1/${MERCHANT}/tokens/tok-1?mandateCancelDate=20261231`);
  });

  it('files: disputes.uploadFile takes the 4.x { file: { fileName, contentType, content } } body; files.getFile streams', async () => {
    const sdk = freshSdk();
    const up = await sdk.disputes.uploadFile(
      MERCHANT,
      'disp-1',
      { file: { fileName: 'receipt.txt', contentType: 'text/plain', content: Buffer.from('receipt content') } },
      null,
    );
    expect(up).toMatchObject({ status: 200, body: { id: 'file-1' } });
    const file = await sdk.files.getFile(MERCHANT, 'file-1', null);
    expect(file.file).toEqual({ contentType: 'application/pdf', contentLength: 13, filename: 'evidence.pdf' });
    expect(file.body).toBeInstanceOf(Readable);
    const chunks: Buffer[] = [];
    for await (const c of file.body as Readable) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('%PDF-1.4 fake');
  });

  it('a transport failure reaches the callback as error, with a null response', async () => {
    const sdk = createConnectSdk();
    sdks.push(sdk);
    sdk.init({
      host: '127.0.0.1',
      scheme: 'http',
      port: 1,
      apiKeyId: API_KEY_ID,
      secretApiKey: SECRET_API_KEY,
      integrator: 'x',
    });
    const { cb, done } = callback();
    sdk.services.testconnection(MERCHANT, null, cb);
    const { error, response } = await done;
    expect(error).toBeInstanceOf(Error);
    expect(response).toBeNull();
    expect(String(error)).not.toContain(SECRET_API_KEY);
  });

  it('a body that is not JSON is an error with status and body whatever its content type, as in 4.x (a proxy 503 page)', async () => {
    const pages: Record<string, { status: number; type: string; body: string }> = {
      '/v1/1234/payments/proxy-page': { status: 503, type: 'text/html', body: '<html>Service Unavailable</html>' },
      '/v1/1234/payments/plain-json': { status: 200, type: 'text/plain', body: '{"id":"plain-json"}' },
    };
    const proxy = createServer((req, res) => {
      const page = pages[req.url ?? ''] ?? { status: 404, type: 'text/plain', body: 'no route' };
      res.writeHead(page.status, { 'Content-Type': page.type });
      res.end(page.body);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const sdk = createConnectSdk();
      sdks.push(sdk);
      sdk.init({
        host: '127.0.0.1',
        scheme: 'http',
        port: (proxy.address() as AddressInfo).port,
        apiKeyId: API_KEY_ID,
        secretApiKey: SECRET_API_KEY,
        integrator: 'x',
      });
      const page = callback();
      sdk.payments.get(MERCHANT, 'proxy-page', null, page.cb);
      const broken = await page.done;
      expect(broken.response).toBeNull();
      expect(broken.error).toBeInstanceOf(Error);
      expect(broken.error).toMatchObject({ status: 503, body: '<html>Service Unavailable</html>' });
      // 4.x parses any non-binary body as JSON: JSON sent as text/plain is still a parsed body
      const plain = callback();
      sdk.payments.get(MERCHANT, 'plain-json', null, plain.cb);
      const ok = await plain.done;
      expect(ok.error).toBeNull();
      expect(ok.response).toEqual({ status: 200, body: { id: 'plain-json' }, isSuccess: true });
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});

describe('shape and argument checks', () => {
  it('has every operation of the table under its 4.x group and name', () => {
    const sdk = createConnectSdk();
    const names = (g: object) => Object.keys(g).sort();
    expect(names(sdk.payments)).toEqual(
      [
        'create',
        'find',
        'get',
        'complete',
        'thirdPartyStatus',
        'tokenize',
        'processchallenged',
        'approve',
        'capture',
        'finalizecapture',
        'cancelapproval',
        'captures',
        'refund',
        'refunds',
        'cancel',
        'dispute',
        'disputes',
        'devicefingerprint',
      ].sort(),
    );
    expect(names(sdk.hostedcheckouts)).toEqual(['create', 'get', 'remove']);
    expect(names(sdk.services)).toEqual([
      'bankaccount',
      'convertAmount',
      'getIINdetails',
      'privacypolicy',
      'testconnection',
    ]);
    expect(names(sdk.tokens)).toEqual(['approvesepadirectdebit', 'create', 'get', 'remove', 'update']);
    expect(names(sdk.products)).toEqual([
      'customerDetails',
      'deviceFingerprint',
      'directory',
      'find',
      'get',
      'networks',
      'sessions',
    ]);
    const total = [
      sdk.hostedcheckouts,
      sdk.hostedmandatemanagements,
      sdk.payments,
      sdk.captures,
      sdk.refunds,
      sdk.disputes,
      sdk.payouts,
      sdk.productgroups,
      sdk.products,
      sdk.riskassessments,
      sdk.services,
      sdk.tokens,
      sdk.mandates,
      sdk.sessions,
      sdk.installments,
      sdk.files,
    ].reduce((n, g) => n + Object.keys(g).length, 0);
    expect(total).toBe(73);
  });

  it('COMPAT_OPERATION_NAMES (which types the groups) equals the generated operation table', () => {
    const fromTable: Record<string, string[]> = {};
    for (const op of operations) fromTable[op.legacyGroup] = [...(fromTable[op.legacyGroup] ?? []), op.legacyName];
    const declared = Object.fromEntries(Object.entries(COMPAT_OPERATION_NAMES).map(([g, ns]) => [g, [...ns]]));
    expect(declared).toEqual(fromTable);
  });

  it('the module has the 4.x shape: named exports and a default export of the same object', () => {
    expect(typeof compatModule.init).toBe('function');
    expect(compatModule.webhooks).toBe(compatModule.default.webhooks);
    expect(compatModule.payments).toBe(compatModule.default.payments);
    expect(Object.keys(compatModule.obfuscate).sort()).toEqual(['all', 'allButFirst', 'allButLast', 'withFixedLength']);
  });

  it('every classic group of the operation table is a named export and a member of the SDK object', () => {
    const named = compatModule as unknown as Record<string, unknown>;
    const sdk = compatModule.default as unknown as Record<string, unknown>;
    for (const group of Object.keys(COMPAT_OPERATION_NAMES)) {
      expect(named[group], group).toBeDefined();
      expect(named[group], group).toBe(sdk[group]);
    }
  });

  it('init takes the port as a string of digits (e.g. process.env.CONNECT_PORT), as 4.x did', async () => {
    const sdk = freshSdk({ port: String(port) });
    const { cb, done } = callback();
    sdk.payments.get(MERCHANT, 'p-port-string', null, cb);
    const { error, response } = await done;
    expect(error).toBeNull();
    expect(response).toMatchObject({ status: 200, isSuccess: true, body: { id: 'p-port-string' } });
    expect(() => freshSdk({ port: '80a' })).toThrow(/port/);
  });

  it('bad arguments and calls before init get clear errors', () => {
    const sdk = createConnectSdk();
    expect(() => sdk.payments.get(MERCHANT, 'p', null, () => {})).toThrow(
      /connectSdk\.init\(\{\.\.\.\}\) must be called before payments\.get/,
    );
    // deliberately wrong arguments, as untyped JavaScript code passes them
    const ready = freshSdk() as unknown as UntypedConnectSdk;
    expect(() => ready.payments.get('', 'p', null, () => {})).toThrow(/merchantId is required/);
    expect(() => ready.payments.get(MERCHANT, undefined, null, () => {})).toThrow(/paymentId is required/);
    expect(() => ready.payments.create(MERCHANT, 'not a body', {}, () => {})).toThrow(
      /body must be a CreatePaymentRequest object/,
    );
    expect(() => ready.payments.get(MERCHANT, 'p', 'ctx', () => {})).toThrow(/paymentContext must be an object/);
    expect(() => ready.payments.get(MERCHANT, 'p', {}, 1, () => {})).toThrow(/too many arguments/);
    expect(() => ready.payments.create(MERCHANT, {}, { idemPotence: { key: '' } })).toThrow(/idemPotence must be/);
    expect(() => ready.products.find(MERCHANT, { countryCode: { nested: true } })).toThrow(
      /query parameter 'countryCode'/,
    );
    expect(() => createConnectSdk().init({ host: 'h', apiKeyId: 'k', secretApiKey: 's' } as never)).toThrow(
      /integrator is required/,
    );
    let message = '';
    try {
      createConnectSdk().init({
        host: 'https://bad host',
        apiKeyId: 'k',
        secretApiKey: SECRET_API_KEY,
        integrator: 'i',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/host/);
    expect(message).not.toContain(SECRET_API_KEY);
  });

  it('obfuscate rules apply to logs through init({ obfuscationRules })', async () => {
    const logger = capturingLogger();
    const sdk = freshSdk({
      enableLogging: true,
      logger,
      obfuscationRules: { cardholderName: createConnectSdk().obfuscate.all() },
    });
    await sdk.payments.create(MERCHANT, createPaymentStub, {});
    const log = logger.lines.join('\n');
    expect(log).not.toContain('Wile E. Coyote');
    expect(log).toContain('**************');
    expect(log).not.toMatch(/"cvv": "123"/);
  });

  it('logging is off unless enableLogging is true (as in 4.x), even with a logger', async () => {
    const logger = capturingLogger();
    const sdk = freshSdk({ logger });
    await sdk.services.testconnection(MERCHANT, null);
    expect(logger.lines).toEqual([]);
  });
});

describe('classic webhooks helper', () => {
  const body = JSON.stringify({ apiVersion: 'v1', id: 'e1', type: 'payment.paid', payment: { id: 'p1' } });

  it('errors: before init, unknown key id, tampered body, wrong api version; stores are per SDK object', async () => {
    const sdk = createConnectSdk();
    await expect(sdk.webhooks.unmarshal(body, signWebhook(body, 'k', 's'))).rejects.toThrow(/webhooks\.init/);
    sdk.webhooks.init({ getSecretKey: sdk.webhooks.inMemorySecretKeyStore.getSecretKey });
    const r1 = await new Promise<Error | null>((r) =>
      sdk.webhooks.unmarshal(body, signWebhook(body, 'k', 's'), (e) => r(e)),
    );
    expect(r1).toBeInstanceOf(SecretKeyNotAvailableError);
    sdk.webhooks.inMemorySecretKeyStore.storeSecretKey('k', 's');
    const other = createConnectSdk();
    other.webhooks.init({ getSecretKey: other.webhooks.inMemorySecretKeyStore.getSecretKey });
    await expect(other.webhooks.unmarshal(body, signWebhook(body, 'k', 's'))).rejects.toBeInstanceOf(
      SecretKeyNotAvailableError,
    );
    await expect(sdk.webhooks.unmarshal(body + ' ', signWebhook(body, 'k', 's'))).rejects.toBeInstanceOf(
      SignatureValidationError,
    );
    const v2 = body.replace('"v1"', '"v2"');
    await expect(sdk.webhooks.unmarshal(v2, signWebhook(v2, 'k', 's'))).rejects.toMatchObject({
      name: 'ApiVersionMismatchError',
      eventApiVersion: 'v2',
      sdkApiVersion: 'v1',
    });
    sdk.webhooks.inMemorySecretKeyStore.removeSecretKey('k');
    await expect(sdk.webhooks.unmarshal(body, signWebhook(body, 'k', 's'))).rejects.toBeInstanceOf(
      SecretKeyNotAvailableError,
    );
    sdk.webhooks.inMemorySecretKeyStore.storeSecretKey('k', 's');
    sdk.webhooks.inMemorySecretKeyStore.clear();
    await expect(sdk.webhooks.unmarshal(body, signWebhook(body, 'k', 's'))).rejects.toBeInstanceOf(
      SecretKeyNotAvailableError,
    );
    expect(() => sdk.webhooks.inMemorySecretKeyStore.storeSecretKey('', 's')).toThrow(/keyId is required/);
    expect(() => sdk.webhooks.init({} as never)).toThrow(/no valid secret key store/);
  });

  it('a custom getSecretKey(keyId, callback) over "a database"', async () => {
    const sdk = createConnectSdk();
    const db: Record<string, string> = { 'db-key': 'db-secret' };
    sdk.webhooks.init({
      getSecretKey(keyId, callback) {
        setImmediate(() => (db[keyId] ? callback(null, db[keyId]) : callback(new Error(`no key ${keyId}`))));
      },
    });
    const event = await new Promise((resolve, reject) =>
      sdk.webhooks.unmarshal(Buffer.from(body), signWebhook(body, 'db-key', 'db-secret'), (e, ev) =>
        e ? reject(e) : resolve(ev),
      ),
    );
    expect(event).toMatchObject({ id: 'e1' });
    await expect(sdk.webhooks.unmarshal(body, signWebhook(body, 'x', 'db-secret'))).rejects.toThrow('no key x');
    const valid = await new Promise<Error | null>((r) =>
      sdk.webhooks.validate(body, signWebhook(body, 'db-key', 'db-secret'), r),
    );
    expect(valid).toBeNull();
  });

  it('a Promise-returning getSecretKey(keyId) works as well', async () => {
    const sdk = createConnectSdk();
    sdk.webhooks.init({
      getSecretKey: async (keyId: string) => {
        if (keyId === 'p-key') return 'p-secret';
        throw new SecretKeyNotAvailableError(keyId);
      },
    });
    await expect(sdk.webhooks.unmarshal(body, signWebhook(body, 'p-key', 'p-secret'))).resolves.toMatchObject({
      id: 'e1',
    });
    await expect(sdk.webhooks.unmarshal(body, signWebhook(body, 'nope', 'p-secret'))).rejects.toMatchObject({
      keyId: 'nope',
    });
  });
});
