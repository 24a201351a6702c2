import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConnectSdk as createCompatSdk } from '../src/compat/index.js';
import {
  ApiVersionMismatchError,
  InMemorySecretKeyStore,
  isWebhooksEventType,
  SecretKeyNotAvailableError,
  SignatureValidationError,
  secretKeyStoreFromFunction,
  signWebhook,
  WebhookBodySyntaxError,
  WebhooksHelper,
} from '../src/webhooks/index.js';

const KEY_ID = 'key-2024-01';
const SECRET = 'hello+world-secret-9f8e7d';

const paymentPaidBody = JSON.stringify(
  {
    apiVersion: 'v1',
    id: '8ee793f6-4553-4749-85dc-f2ef095c5ab0',
    created: '2017-02-02T11:24:14.040+0100',
    merchantId: '20000',
    type: 'payment.paid',
    payment: {
      id: '00000200000143570012',
      paymentOutput: {
        amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
        references: { paymentReference: '200001681810' },
      },
      status: 'PAID',
      statusOutput: {
        isCancellable: false,
        statusCategory: 'COMPLETED',
        statusCode: 1000,
        isAuthorized: true,
        isRefundable: true,
      },
    },
  },
  null,
  2,
);

function helperWithKey(keyId = KEY_ID, secret = SECRET): { helper: WebhooksHelper; store: InMemorySecretKeyStore } {
  const store = new InMemorySecretKeyStore();
  store.storeSecretKey(keyId, secret);
  return { helper: new WebhooksHelper({ secretKeyStore: store }), store };
}

function sign(body: string | Buffer, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

describe('WebhooksHelper.unmarshal', () => {
  it('accepts a correctly signed body and returns the typed event (string body)', async () => {
    const { helper } = helperWithKey();
    const event = await helper.unmarshal(paymentPaidBody, {
      'x-gcs-signature': sign(paymentPaidBody),
      'x-gcs-keyid': KEY_ID,
    });
    expect(event.id).toBe('8ee793f6-4553-4749-85dc-f2ef095c5ab0');
    expect(event.type).toBe('payment.paid');
    if (event.type === 'payment.paid') {
      // narrowed by type: payment is present and typed
      expect(event.payment.status).toBe('PAID');
    } else {
      expect.unreachable('type should be payment.paid');
    }
  });

  it('accepts the same body as a Buffer and as a Uint8Array', async () => {
    const { helper } = helperWithKey();
    const buf = Buffer.from(paymentPaidBody, 'utf8');
    const headers = { 'X-GCS-Signature': sign(buf), 'X-GCS-KeyId': KEY_ID };
    await expect(helper.unmarshal(buf, headers)).resolves.toMatchObject({ type: 'payment.paid' });
    await expect(helper.unmarshal(new Uint8Array(buf), headers)).resolves.toMatchObject({ type: 'payment.paid' });
  });

  it('signs and checks the UTF-8 bytes of non-ASCII bodies', async () => {
    const { helper } = helperWithKey();
    const body = JSON.stringify({ apiVersion: 'v1', id: 'e1', type: 'payment.created', payment: { id: 'p€ü' } });
    const headers = signWebhook(body, KEY_ID, SECRET);
    expect(headers['X-GCS-Signature']).toBe(sign(Buffer.from(body, 'utf8')));
    await expect(helper.unmarshal(Buffer.from(body), headers)).resolves.toMatchObject({ payment: { id: 'p€ü' } });
  });

  it('matches header names case-insensitively, from a fetch Headers object and from raw header arrays', async () => {
    const { helper } = helperWithKey();
    const sig = sign(paymentPaidBody);
    await expect(
      helper.unmarshal(paymentPaidBody, { 'X-Gcs-SIGNATURE': sig, 'x-GCS-keyid': KEY_ID }),
    ).resolves.toBeTruthy();
    const fetchHeaders = new Headers({ 'X-GCS-Signature': sig, 'X-GCS-KeyId': KEY_ID });
    await expect(helper.unmarshal(paymentPaidBody, fetchHeaders)).resolves.toBeTruthy();
    await expect(
      helper.unmarshal(paymentPaidBody, ['X-GCS-Signature', sig, 'X-GCS-KeyId', KEY_ID]),
    ).resolves.toBeTruthy();
  });

  it('rejects a tampered body', async () => {
    const { helper } = helperWithKey();
    const headers = signWebhook(paymentPaidBody, KEY_ID, SECRET);
    const tampered = paymentPaidBody.replace('"amount": 1000', '"amount": 1');
    expect(tampered).not.toBe(paymentPaidBody);
    const error = await helper.unmarshal(tampered, headers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureValidationError);
    expect((error as SignatureValidationError).header).toBe('X-GCS-Signature');
  });

  it('rejects a tampered signature: one character changed, appended junk, other case, other secret', async () => {
    const { helper } = helperWithKey();
    const good = sign(paymentPaidBody);
    const flipped = (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
    for (const bad of [
      flipped,
      good + '=',
      good + 'x',
      good.toLowerCase(),
      sign(paymentPaidBody, 'other'),
      good.slice(0, -1),
    ]) {
      await expect(
        helper.unmarshal(paymentPaidBody, { 'X-GCS-Signature': bad, 'X-GCS-KeyId': KEY_ID }),
        bad,
      ).rejects.toBeInstanceOf(SignatureValidationError);
    }
  });

  it('rejects an unknown key id with SecretKeyNotAvailableError carrying the key id', async () => {
    const { helper } = helperWithKey();
    const headers = signWebhook(paymentPaidBody, 'unknown-key', SECRET);
    const error = await helper.unmarshal(paymentPaidBody, headers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretKeyNotAvailableError);
    expect(error).toBeInstanceOf(SignatureValidationError);
    expect((error as SecretKeyNotAvailableError).keyId).toBe('unknown-key');
    expect((error as Error).message).toContain('unknown-key');
  });

  it('rejects a body signed with the secret of another key id', async () => {
    const { helper, store } = helperWithKey();
    store.storeSecretKey('other-key', 'other-secret');
    const headers = { 'X-GCS-Signature': sign(paymentPaidBody, 'other-secret'), 'X-GCS-KeyId': KEY_ID };
    await expect(helper.unmarshal(paymentPaidBody, headers)).rejects.toBeInstanceOf(SignatureValidationError);
  });

  it.each([
    ['X-GCS-Signature', { 'X-GCS-KeyId': KEY_ID }],
    ['X-GCS-KeyId', { 'X-GCS-Signature': 'c2ln' }],
  ])('names the missing header %s', async (name, headers) => {
    const { helper } = helperWithKey();
    const error = await helper.unmarshal(paymentPaidBody, headers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureValidationError);
    expect((error as Error).message).toContain(`'${name}'`);
    expect((error as SignatureValidationError).header).toBe(name);
  });

  it('treats an empty header as missing, and undefined values as absent', async () => {
    const { helper } = helperWithKey();
    await expect(helper.unmarshal(paymentPaidBody, { 'X-GCS-Signature': '', 'X-GCS-KeyId': KEY_ID })).rejects.toThrow(
      /X-GCS-Signature/,
    );
    await expect(
      helper.unmarshal(paymentPaidBody, { 'X-GCS-Signature': sign(paymentPaidBody), 'X-GCS-KeyId': undefined }),
    ).rejects.toThrow(/could not find header 'X-GCS-KeyId'/);
  });

  it('rejects duplicate headers in every shape: array values, two names differing in case, raw arrays, joined values', async () => {
    const { helper } = helperWithKey();
    const sig = sign(paymentPaidBody);
    const shapes: [string, Parameters<WebhooksHelper['unmarshal']>[1]][] = [
      ['X-GCS-Signature', { 'x-gcs-signature': [sig, sig], 'x-gcs-keyid': KEY_ID }],
      ['X-GCS-Signature', { 'X-GCS-Signature': sig, 'x-gcs-signature': sig, 'X-GCS-KeyId': KEY_ID }],
      ['X-GCS-KeyId', { 'X-GCS-Signature': sig, 'x-gcs-keyid': [KEY_ID, KEY_ID] }],
      ['X-GCS-KeyId', ['X-GCS-Signature', sig, 'X-GCS-KeyId', KEY_ID, 'x-gcs-keyid', 'other']],
      ['X-GCS-Signature', { 'x-gcs-signature': `${sig}, ${sig}`, 'x-gcs-keyid': KEY_ID }],
    ];
    for (const [name, headers] of shapes) {
      const error = await helper.unmarshal(paymentPaidBody, headers).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SignatureValidationError);
      expect((error as Error).message).toMatch(/found multiple values for header/);
      expect((error as SignatureValidationError).header).toBe(name);
    }
  });

  it('rejects a correctly signed body that is not JSON with a clear error that does not echo the body', async () => {
    const { helper } = helperWithKey();
    const body = 'cardNumber=4567350000427977&not json';
    const error = await helper.unmarshal(body, signWebhook(body, KEY_ID, SECRET)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookBodySyntaxError);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect((error as Error).message).not.toContain('4567350000427977');
  });

  it('says clearly when it gets a parsed object instead of the raw body, or no headers', async () => {
    const { helper } = helperWithKey();
    const headers = signWebhook(paymentPaidBody, KEY_ID, SECRET);
    await expect(helper.unmarshal(JSON.parse(paymentPaidBody) as never, headers)).rejects.toThrow(
      /raw body as a string, Buffer/,
    );
    await expect(helper.unmarshal(paymentPaidBody, undefined as never)).rejects.toThrow(/request headers must be/);
  });

  it('rejects signed JSON that is not an object, and bodies that are not UTF-8', async () => {
    const { helper } = helperWithKey();
    for (const body of ['42', 'null', '[{"apiVersion":"v1"}]', '"v1"']) {
      await expect(helper.unmarshal(body, signWebhook(body, KEY_ID, SECRET)), body).rejects.toThrow(
        /JSON but not an object/,
      );
    }
    const latin1 = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]); // {"é":1} in Latin-1
    await expect(helper.unmarshal(latin1, signWebhook(latin1, KEY_ID, SECRET))).rejects.toThrow(/not valid UTF-8/);
  });

  it('rejects an event of another API version, and one without apiVersion', async () => {
    const { helper } = helperWithKey();
    const v2 = JSON.stringify({ apiVersion: 'v2', id: 'e', type: 'payment.paid', payment: { id: 'p' } });
    const error = await helper.unmarshal(v2, signWebhook(v2, KEY_ID, SECRET)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiVersionMismatchError);
    expect((error as ApiVersionMismatchError).eventApiVersion).toBe('v2');
    expect((error as ApiVersionMismatchError).sdkApiVersion).toBe('v1');
    const none = JSON.stringify({ id: 'e', type: 'payment.paid' });
    const error2 = await helper.unmarshal(none, signWebhook(none, KEY_ID, SECRET)).catch((e: unknown) => e);
    expect(error2).toBeInstanceOf(ApiVersionMismatchError);
    expect((error2 as ApiVersionMismatchError).eventApiVersion).toBeUndefined();
  });

  it('checks the exact bytes: a CRLF body signed as CRLF passes, the same body with LF does not (and vice versa)', async () => {
    const { helper } = helperWithKey();
    const lf = paymentPaidBody;
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(crlf).not.toBe(lf);
    await expect(helper.unmarshal(crlf, signWebhook(crlf, KEY_ID, SECRET))).resolves.toMatchObject({
      type: 'payment.paid',
    });
    await expect(helper.unmarshal(Buffer.from(crlf), signWebhook(crlf, KEY_ID, SECRET))).resolves.toBeTruthy();
    await expect(helper.unmarshal(lf, signWebhook(crlf, KEY_ID, SECRET))).rejects.toBeInstanceOf(
      SignatureValidationError,
    );
    await expect(helper.unmarshal(crlf, signWebhook(lf, KEY_ID, SECRET))).rejects.toBeInstanceOf(
      SignatureValidationError,
    );
  });

  it('never puts the secret key or the received signature into error messages', async () => {
    const { helper } = helperWithKey();
    const messages: string[] = [];
    const attempts: [string, Parameters<WebhooksHelper['unmarshal']>[1]][] = [
      [paymentPaidBody + ' ', signWebhook(paymentPaidBody, KEY_ID, SECRET)],
      ['{', signWebhook('{', KEY_ID, SECRET)],
      ['{"apiVersion":"v0"}', signWebhook('{"apiVersion":"v0"}', KEY_ID, SECRET)],
    ];
    for (const [body, headers] of attempts) {
      const error = (await helper.unmarshal(body, headers).catch((e: unknown) => e)) as Error;
      messages.push(error.message, String(error.stack), JSON.stringify(error));
    }
    const all = messages.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(sign(paymentPaidBody));
  });

  it('a fast-check property: no body differing from the signed one by one byte is accepted', async () => {
    const { helper } = helperWithKey();
    const original = Buffer.from(paymentPaidBody, 'utf8');
    const headers = signWebhook(original, KEY_ID, SECRET);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: original.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        fc.constantFrom('replace', 'insert', 'delete'),
        async (index, delta, kind) => {
          let mutated: Buffer;
          if (kind === 'replace') {
            mutated = Buffer.from(original);
            mutated[index] = (original[index]! + delta) % 256;
          } else if (kind === 'insert') {
            mutated = Buffer.concat([original.subarray(0, index), Buffer.from([delta]), original.subarray(index)]);
          } else {
            mutated = Buffer.concat([original.subarray(0, index), original.subarray(index + 1)]);
          }
          expect(mutated.equals(original)).toBe(false);
          const outcome = await helper.unmarshal(mutated, headers).then(
            () => 'accepted',
            (e: unknown) => (e instanceof SignatureValidationError ? 'rejected' : `other: ${String(e)}`),
          );
          expect(outcome).toBe('rejected');
        },
      ),
      { numRuns: 300, seed: 20261128 },
    );
    // and the unmodified body still passes
    await expect(helper.unmarshal(original, headers)).resolves.toBeTruthy();
  });

  it('exhaustively: flipping any single bit of any byte of the body is rejected', async () => {
    const { helper } = helperWithKey();
    const original = Buffer.from(paymentPaidBody, 'utf8');
    const headers = signWebhook(original, KEY_ID, SECRET);
    let accepted = 0;
    for (let i = 0; i < original.length; i++) {
      const mutated = Buffer.from(original);
      mutated[i] = original[i]! ^ (1 << (i % 8));
      await helper.unmarshal(mutated, headers).then(
        () => accepted++,
        () => undefined,
      );
    }
    expect(accepted).toBe(0);
    expect(original.length).toBeGreaterThan(300);
  });

  it('the signature agrees with the official connect-sdk-nodejs 4.x webhooks helper, both ways', async () => {
    const require = createRequire(import.meta.url);
    const official = require('connect-sdk-nodejs-4').webhooks as {
      init(ctx: { getSecretKey: unknown }): unknown;
      inMemorySecretKeyStore: { getSecretKey: unknown; storeSecretKey(k: string, s: string): void; clear(): void };
      unmarshal(body: string | Buffer, headers: object, cb: (e: unknown, ev: unknown) => void): void;
    };
    official.init({ getSecretKey: official.inMemorySecretKeyStore.getSecretKey });
    official.inMemorySecretKeyStore.storeSecretKey(KEY_ID, SECRET);
    try {
      const ours = signWebhook(paymentPaidBody, KEY_ID, SECRET);
      const viaOfficial = await new Promise((resolve, reject) =>
        official.unmarshal(paymentPaidBody, ours, (e, ev) => (e ? reject(e) : resolve(ev))),
      );
      expect(viaOfficial).toMatchObject({ type: 'payment.paid' });
      const { helper } = helperWithKey();
      await expect(helper.unmarshal(paymentPaidBody, ours)).resolves.toEqual(viaOfficial);
    } finally {
      official.inMemorySecretKeyStore.clear();
    }
  });
});

describe("the platform SDKs' published webhook test vector", () => {
  // the valid body, key id, secret and signature of the official SDKs' webhooks helper tests (Java, Node.js)
  const vectorBody = [
    '{',
    '  "apiVersion": "v1",',
    '  "id": "8ee793f6-4553-4749-85dc-f2ef095c5ab0",',
    '  "created": "2017-02-02T11:24:14.040+0100",',
    '  "merchantId": "20000",',
    '  "type": "payment.paid",',
    '  "payment": {',
    '    "id": "00000200000143570012",',
    '    "paymentOutput": {',
    '      "amountOfMoney": {',
    '        "amount": 1000,',
    '        "currencyCode": "EUR"',
    '      },',
    '      "references": {',
    '        "paymentReference": "200001681810"',
    '      },',
    '      "paymentMethod": "bankTransfer",',
    '      "bankTransferPaymentMethodSpecificOutput": {',
    '        "paymentProductId": 11',
    '      }',
    '    },',
    '    "status": "PAID",',
    '    "statusOutput": {',
    '      "isCancellable": false,',
    '      "statusCategory": "COMPLETED",',
    '      "statusCode": 1000,',
    '      "statusCodeChangeDateTime": "20170202112414",',
    '      "isAuthorized": true',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const vectorSignature = '2S7doBj/GnJnacIjSJzr5fxGM5xmfQyFAwxv1I53ZEk=';
  const vectorKeyId = 'dummy-key-id';
  const vectorSecret = 'hello+world';

  it('signWebhook reproduces the published signature', () => {
    expect(signWebhook(vectorBody, vectorKeyId, vectorSecret)['X-GCS-Signature']).toBe(vectorSignature);
  });

  it('is accepted as string, Buffer and ArrayBuffer with headers in any case and form', async () => {
    const { helper } = helperWithKey(vectorKeyId, vectorSecret);
    const bytes = Buffer.from(vectorBody, 'utf8');
    const headerForms: WebhookHeadersForTest[] = [
      { 'x-gcs-signature': vectorSignature, 'x-gcs-keyid': vectorKeyId },
      { 'X-GCS-SIGNATURE': vectorSignature, 'X-Gcs-KeyId': vectorKeyId },
      { 'x-gcs-signature': [vectorSignature], 'x-gcs-keyid': [vectorKeyId] },
      ['X-GCS-Signature', vectorSignature, 'Content-Type', 'application/json', 'X-GCS-KeyId', vectorKeyId],
      new Headers({ 'X-GCS-Signature': vectorSignature, 'X-GCS-KeyId': vectorKeyId }),
      new Map([
        ['X-GCS-Signature', vectorSignature],
        ['X-GCS-KeyId', vectorKeyId],
      ]),
    ];
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    for (const headers of headerForms) {
      for (const body of [vectorBody, bytes, new Uint8Array(bytes), arrayBuffer]) {
        const event = await helper.unmarshal(body, headers);
        expect(event).toMatchObject({ id: '8ee793f6-4553-4749-85dc-f2ef095c5ab0', type: 'payment.paid' });
        expect(event.payment?.id).toBe('00000200000143570012');
      }
    }
  });

  it('accepts bodies whose bytes come from another realm (vm contexts, as in Jest, where Buffer is not instanceof Uint8Array)', async () => {
    const { helper } = helperWithKey(vectorKeyId, vectorSecret);
    const headers = { 'x-gcs-signature': vectorSignature, 'x-gcs-keyid': vectorKeyId };
    const bytes = [...Buffer.from(vectorBody, 'utf8')];
    const foreign = vm.runInNewContext('({ u8: new Uint8Array(b), ab: new Uint8Array(b).buffer })', { b: bytes }) as {
      u8: Uint8Array;
      ab: ArrayBuffer;
    };
    expect(foreign.u8 instanceof Uint8Array).toBe(false);
    for (const body of [foreign.u8, foreign.ab]) {
      await expect(helper.unmarshal(body, headers)).resolves.toMatchObject({ type: 'payment.paid' });
    }
    expect(signWebhook(foreign.u8, vectorKeyId, vectorSecret)['X-GCS-Signature']).toBe(vectorSignature);
  });

  it('a trailing newline, CRLF line ends, a BOM or the invalid body of the vector are rejected', async () => {
    const { helper } = helperWithKey(vectorKeyId, vectorSecret);
    const headers = { 'x-gcs-signature': vectorSignature, 'x-gcs-keyid': vectorKeyId };
    const altered = [
      `${vectorBody}\n`,
      `${vectorBody}\r\n`,
      vectorBody.replace(/\n/g, '\r\n'),
      `\uFEFF${vectorBody}`,
      vectorBody.replace('11:24:14.040', '11:25:14.040').replace('20170202112414', '20170202112514'),
    ];
    for (const body of altered) {
      await expect(helper.unmarshal(body, headers)).rejects.toBeInstanceOf(SignatureValidationError);
      await expect(helper.unmarshal(Buffer.from(body, 'utf8'), headers)).rejects.toBeInstanceOf(
        SignatureValidationError,
      );
    }
    // the same altered bodies pass once signed as they are: the check is over the bytes, nothing is normalised
    for (const body of altered) {
      const signed = signWebhook(body, vectorKeyId, vectorSecret);
      const parsed = await helper.unmarshal(Buffer.from(body, 'utf8'), signed);
      expect(parsed.type).toBe('payment.paid');
    }
  });

  it('the classic API gives the official results for the vector (valid, wrong secret, tampered signature, no key)', async () => {
    const sdk = createCompatSdk();
    const webhooks = sdk.webhooks;
    webhooks.init({ getSecretKey: webhooks.inMemorySecretKeyStore.getSecretKey });
    const headers = { 'x-gcs-signature': vectorSignature, 'x-gcs-keyid': vectorKeyId };
    const run = (body: string | Buffer, h: object) =>
      new Promise<[Error | null, unknown]>((resolve) =>
        webhooks.unmarshal(body, h as Record<string, string>, (error, event) => resolve([error, event])),
      );

    let [error, event] = await run(vectorBody, headers);
    expect(error).toBeInstanceOf(SecretKeyNotAvailableError);
    expect(error?.message).toBe(`could not find secret key for key id ${vectorKeyId}`);
    expect(error).toHaveProperty('keyId', vectorKeyId);
    expect(event).toBeNull();

    [error] = await run(vectorBody, {});
    expect(error?.message).toBe("could not find header 'X-GCS-Signature'");

    webhooks.inMemorySecretKeyStore.storeSecretKey(vectorKeyId, vectorSecret);
    for (const body of [vectorBody, Buffer.from(vectorBody)]) {
      [error, event] = await run(body, headers);
      expect(error).toBeNull();
      expect(event).toMatchObject({ apiVersion: 'v1', merchantId: '20000', payment: { id: '00000200000143570012' } });
      expect((event as { refund?: unknown }).refund).toBeUndefined();
    }
    [error, event] = await run(vectorBody, { ...headers, 'x-gcs-signature': `1${vectorSignature}` });
    expect(error).toBeInstanceOf(SignatureValidationError);
    expect(error?.message).toMatch(/^failed to validate signature/);
    expect(event).toBeNull();

    webhooks.inMemorySecretKeyStore.storeSecretKey(vectorKeyId, `1${vectorSecret}`);
    [error, event] = await run(vectorBody, headers);
    expect(error?.message).toMatch(/^failed to validate signature/);
    expect(event).toBeNull();
  });
});

type WebhookHeadersForTest = Parameters<WebhooksHelper['unmarshal']>[1];

describe('secret key stores', () => {
  it('InMemorySecretKeyStore instances never share keys', async () => {
    const a = new InMemorySecretKeyStore();
    const b = new InMemorySecretKeyStore();
    a.storeSecretKey(KEY_ID, SECRET);
    await expect(a.getSecretKey(KEY_ID)).resolves.toBe(SECRET);
    await expect(b.getSecretKey(KEY_ID)).rejects.toBeInstanceOf(SecretKeyNotAvailableError);
    const helperB = new WebhooksHelper({ secretKeyStore: b });
    await expect(
      helperB.unmarshal(paymentPaidBody, signWebhook(paymentPaidBody, KEY_ID, SECRET)),
    ).rejects.toBeInstanceOf(SecretKeyNotAvailableError);
  });

  it('store, replace, remove and clear take effect on the next delivery', async () => {
    const { helper, store } = helperWithKey();
    const headers = signWebhook(paymentPaidBody, KEY_ID, SECRET);
    await expect(helper.unmarshal(paymentPaidBody, headers)).resolves.toBeTruthy();
    store.storeSecretKey(KEY_ID, 'rotated-secret');
    await expect(helper.unmarshal(paymentPaidBody, headers)).rejects.toBeInstanceOf(SignatureValidationError);
    await expect(
      helper.unmarshal(paymentPaidBody, signWebhook(paymentPaidBody, KEY_ID, 'rotated-secret')),
    ).resolves.toBeTruthy();
    store.removeSecretKey(KEY_ID);
    await expect(helper.unmarshal(paymentPaidBody, headers)).rejects.toBeInstanceOf(SecretKeyNotAvailableError);
    store.storeSecretKey('k1', 's1');
    store.storeSecretKey('k2', 's2');
    expect(store.size).toBe(2);
    store.clear();
    expect(store.size).toBe(0);
    await expect(store.getSecretKey('k1')).rejects.toBeInstanceOf(SecretKeyNotAvailableError);
  });

  it('rejects blank key ids and secrets, and never shows secrets when logged', () => {
    const store = new InMemorySecretKeyStore({ [KEY_ID]: SECRET });
    expect(() => store.storeSecretKey('  ', 'x')).toThrow(/keyId is required/);
    expect(() => store.storeSecretKey('k', '')).toThrow(/secretKey is required/);
    expect(JSON.stringify(store)).not.toContain(SECRET);
    expect(JSON.stringify(store)).toContain(KEY_ID);
  });

  it('secretKeyStoreFromFunction: async lookup, nullish means unknown, other failures pass through', async () => {
    const db = new Map([[KEY_ID, SECRET]]);
    const seen: string[] = [];
    const store = secretKeyStoreFromFunction(async (keyId) => {
      seen.push(keyId);
      if (keyId === 'db-down') throw new Error('database unavailable');
      return db.get(keyId);
    });
    const helper = new WebhooksHelper({ secretKeyStore: store });
    await expect(helper.unmarshal(paymentPaidBody, signWebhook(paymentPaidBody, KEY_ID, SECRET))).resolves.toBeTruthy();
    const missing = await helper
      .unmarshal(paymentPaidBody, signWebhook(paymentPaidBody, 'nope', SECRET))
      .catch((e) => e);
    expect(missing).toBeInstanceOf(SecretKeyNotAvailableError);
    expect((missing as SecretKeyNotAvailableError).keyId).toBe('nope');
    await expect(helper.unmarshal(paymentPaidBody, signWebhook(paymentPaidBody, 'db-down', SECRET))).rejects.toThrow(
      'database unavailable',
    );
    expect(seen).toEqual([KEY_ID, 'nope', 'db-down']);
  });

  it('a custom SecretKeyStore implementation (synchronous) works', async () => {
    const helper = new WebhooksHelper({
      secretKeyStore: {
        getSecretKey(keyId: string): string {
          if (keyId !== KEY_ID) throw new SecretKeyNotAvailableError(keyId);
          return SECRET;
        },
      },
    });
    await expect(helper.unmarshal(paymentPaidBody, signWebhook(paymentPaidBody, KEY_ID, SECRET))).resolves.toBeTruthy();
  });

  it('bad configuration gets a clear error', () => {
    expect(() => new WebhooksHelper({} as never)).toThrow(/secretKeyStore/);
    expect(() => signWebhook('x', '', SECRET)).toThrow(/keyId is required/);
    expect(() => signWebhook('x', KEY_ID, '')).toThrow(/secretKey is required/);
  });
});

describe('typed events', () => {
  it('narrows each object type and keeps unknown types usable', async () => {
    const { helper } = helperWithKey();
    const bodies = [
      { apiVersion: 'v1', id: '1', type: 'refund.refunded', refund: { id: 'r1', status: 'REFUNDED' } },
      { apiVersion: 'v1', id: '2', type: 'payout.account_credited', payout: { id: 'po1', status: 'ACCOUNT_CREDITED' } },
      { apiVersion: 'v1', id: '3', type: 'token.deleted', token: { id: 't1' } },
      { apiVersion: 'v1', id: '4', type: 'dispute.created', dispute: { id: 'd1' } },
      { apiVersion: 'v1', id: '5', type: 'payment.brand_new_event', payment: { id: 'p9' } },
    ];
    const seen: string[] = [];
    for (const raw of bodies) {
      const body = JSON.stringify(raw);
      const event = await helper.unmarshal(body, signWebhook(body, KEY_ID, SECRET));
      switch (event.type) {
        case 'refund.refunded':
          seen.push(`refund ${event.refund.id}`);
          break;
        case 'payout.account_credited':
          seen.push(`payout ${event.payout.id}`);
          break;
        case 'token.deleted':
          seen.push(`token ${event.token.id}`);
          break;
        case 'dispute.created':
          seen.push(`dispute ${event.dispute.id}`);
          break;
        default:
          if (isWebhooksEventType(event, 'payment.brand_new_event')) seen.push(`new ${event.type}`);
      }
    }
    expect(seen).toEqual(['refund r1', 'payout po1', 'token t1', 'dispute d1', 'new payment.brand_new_event']);
  });
});

describe('signatureEquals', () => {
  it('accepts only the exact expected signature', async () => {
    const { signatureEquals } = await import('../src/webhooks/signature.js');
    const expected = 'K0Zr3Hc8l9r0m8V1l4m3q0Wc2Yg3a1u8Zb0J7r2e6Xw=';
    expect(signatureEquals(expected, expected)).toBe(true);
    expect(signatureEquals(expected.slice(0, -1), expected)).toBe(false);
    expect(signatureEquals(`${expected}=`, expected)).toBe(false);
    expect(signatureEquals(`L${expected.slice(1)}`, expected)).toBe(false);
    // a character whose low byte equals the expected one must not pass (no lossy encoding)
    expect(signatureEquals(`\u014b${expected.slice(1)}`, expected)).toBe(false);
    expect(signatureEquals('', expected)).toBe(false);
  });
});
