/**
 * Encrypted customer input without HTTP: the JWE the helper makes has the Client SDK's exact shape, and
 * decryption names each kind of bad input.
 */
import { inspect } from 'node:util';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  acceptCustomerInput,
  CustomerInputError,
  decryptCustomerInput,
  encryptCustomerInput,
  KeyRing,
  paymentRequestFrom,
  tokenRequestFrom,
  UsedNonces,
} from '../src/domain/customer-input/index.js';
import type { PrivateKey } from '../src/domain/customer-input/keys.js';

const keys = new KeyRing();
const session = { clientSessionId: 'sess-1', customerId: 'cust-1', clientApiUrl: 'http://127.0.0.1:1/client' };

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CustomerInputError) return e.problem;
    throw e;
  }
  return 'accepted';
}

describe('encryptCustomerInput (the Client SDK twin)', () => {
  it('makes a compact JWE with the Client SDK header, a 256-byte key and the payload keys in its order', async () => {
    const publicKey = await keys.publicKey();
    const jwe = await encryptCustomerInput(
      session,
      { paymentProductId: 1, values: { cardNumber: '4567350000427977' } },
      { publicKey },
    );
    const [header, key, iv, , tag] = jwe.split('.') as [string, string, string, string, string];
    expect(Buffer.from(header, 'base64url').toString()).toBe(
      `{"alg":"RSA-OAEP","enc":"A256CBC-HS512","kid":"${publicKey.keyId}"}`,
    );
    expect(Buffer.from(key, 'base64url')).toHaveLength(256);
    expect(Buffer.from(iv, 'base64url')).toHaveLength(16);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(32);
    const input = await decryptCustomerInput(jwe, keys);
    expect(Object.keys(input)).toEqual([
      'clientSessionId',
      'nonce',
      'tokenize',
      'collectedDeviceInformation',
      'paymentProductId',
      'paymentValues',
    ]);
    expect(input.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(input.paymentValues).toEqual([{ key: 'cardNumber', value: '4567350000427977' }]);
  });

  it('encodes the JSON one byte per character (Latin-1), like node-forge in the Client SDK', async () => {
    const publicKey = await keys.publicKey();
    const jwe = await encryptCustomerInput(
      session,
      { paymentProductId: 1, values: { cardholderName: 'José' } },
      { publicKey },
    );
    const { plaintext } = await compactDecrypt(jwe, (await keys.privateKey(publicKey.keyId)) as PrivateKey);
    const bytes = Buffer.from(plaintext);
    expect(bytes.includes(Buffer.from([0x4a, 0x6f, 0x73, 0xe9]))).toBe(true); // "Jos" + é as one byte
    expect((await decryptCustomerInput(jwe, keys)).paymentValues[0]?.value).toBe('José');
  });
});

describe('decryptCustomerInput refusals', () => {
  it('names malformed, unsupported, unknown-key, tampered and invalid-payload input', async () => {
    const publicKey = await keys.publicKey();
    const good = await encryptCustomerInput(session, { paymentProductId: 1 }, { publicKey });
    expect(await problem(decryptCustomerInput('a.b.c', keys))).toBe('malformed');
    expect(await problem(decryptCustomerInput(`x${good.slice(1)}`, keys))).toBe('malformed');
    const rsa256 = await new CompactEncrypt(Buffer.from('{}'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256CBC-HS512', kid: publicKey.keyId })
      .encrypt(
        (await import('node:crypto')).createPublicKey({
          key: Buffer.from(publicKey.publicKey, 'base64'),
          format: 'der',
          type: 'spki',
        }),
      );
    expect(await problem(decryptCustomerInput(rsa256, keys))).toBe('unsupported');
    const other = new KeyRing();
    const foreign = await encryptCustomerInput(
      session,
      { paymentProductId: 1 },
      { publicKey: await other.publicKey() },
    );
    expect(await problem(decryptCustomerInput(foreign, keys))).toBe('unknown-key');
    expect(await problem(decryptCustomerInput(good, new KeyRing()))).toBe('unknown-key');
    const parts = good.split('.');
    parts[2] = Buffer.alloc(16, 7).toString('base64url'); // another IV
    expect(await problem(decryptCustomerInput(parts.join('.'), keys))).toBe('tampered');
    const notTheSdk = await new CompactEncrypt(Buffer.from('[1,2]'))
      .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256CBC-HS512', kid: publicKey.keyId })
      .encrypt(
        (await import('node:crypto')).createPublicKey({
          key: Buffer.from(publicKey.publicKey, 'base64'),
          format: 'der',
          type: 'spki',
        }),
      );
    expect(await problem(decryptCustomerInput(notTheSdk, keys))).toBe('invalid-payload');
  });

  it('checks the session (merchant, expiry) and refuses a second use of a nonce', async () => {
    const publicKey = await keys.publicKey();
    const nonces = new UsedNonces();
    const record = { id: 'sess-1', merchantId: 'm1', customerId: 'cust-1', expiresAt: 10_000, tokens: [] };
    const ctx = (merchantId: string, now: number) => ({
      keys,
      nonces,
      merchantId,
      now,
      session: (id: string) => (id === 'sess-1' ? record : undefined),
    });
    const jwe = await encryptCustomerInput(session, { paymentProductId: 1 }, { publicKey });
    expect(await problem(acceptCustomerInput(jwe, ctx('m2', 0)))).toBe('foreign-session');
    expect(await problem(acceptCustomerInput(jwe, ctx('m1', 10_000)))).toBe('expired-session');
    expect(await problem(acceptCustomerInput(jwe, ctx('m1', 0)))).toBe('accepted');
    expect(await problem(acceptCustomerInput(jwe, ctx('m1', 1)))).toBe('replayed');
    const unknown = await encryptCustomerInput(
      { ...session, clientSessionId: 'nope' },
      { paymentProductId: 1 },
      { publicKey },
    );
    expect(await problem(acceptCustomerInput(unknown, ctx('m1', 0)))).toBe('unknown-session');
  });

  it('keeps the private key out of logs', () => {
    expect(inspect(keys)).toBe('KeyRing { [private key hidden] }');
    expect(JSON.stringify({ keys })).toBe('{"keys":{}}');
  });
});

describe('the equivalent server-built request', () => {
  const record = { id: 's', merchantId: 'm', customerId: 'c', expiresAt: 1, tokens: ['tok-a', 'tok-b'] };
  const input = (paymentProductId: number, values: Record<string, string>, extra = {}) => ({
    clientSessionId: 's',
    nonce: 'n',
    tokenize: false,
    paymentProductId,
    paymentValues: Object.entries(values).map(([key, value]) => ({ key, value })),
    ...extra,
  });

  it("puts card values into the card input, keeps the merchant's 3-D Secure input, drops other methods", () => {
    const body = {
      encryptedCustomerInput: 'x',
      order: { amountOfMoney: { amount: 1, currencyCode: 'EUR' } },
      cardPaymentMethodSpecificInput: { threeDSecure: { redirectionData: { returnUrl: 'https://r' } } },
      redirectPaymentMethodSpecificInput: { returnUrl: 'https://r' },
    };
    const out = paymentRequestFrom(
      body,
      input(1, { cardNumber: '4567350000427977', expiryDate: '1230' }, { tokenize: true }),
      record,
    );
    expect(out).toEqual({
      order: body.order,
      cardPaymentMethodSpecificInput: {
        threeDSecure: { redirectionData: { returnUrl: 'https://r' } },
        paymentProductId: 1,
        card: { cardNumber: '4567350000427977', expiryDate: '1230' },
        tokenize: true,
      },
    });
  });

  it('maps the iDEAL issuer, an account on file to its token, and refuses a product mismatch', () => {
    const ideal = paymentRequestFrom({ encryptedCustomerInput: 'x' }, input(809, { issuerId: 'INGBNL2A' }), record);
    expect(ideal['redirectPaymentMethodSpecificInput']).toEqual({
      paymentProductId: 809,
      paymentProduct809SpecificInput: { issuerId: 'INGBNL2A' },
    });
    const aof = paymentRequestFrom({}, input(1, { cvv: '123' }, { accountOnFileId: 2 }), record);
    expect(aof['cardPaymentMethodSpecificInput']).toMatchObject({ token: 'tok-b', card: { cvv: '123' } });
    expect(() => paymentRequestFrom({}, input(1, {}, { accountOnFileId: 3 }), record)).toThrow(/account on file 3/);
    expect(() =>
      paymentRequestFrom({ cardPaymentMethodSpecificInput: { paymentProductId: 3 } }, input(1, {}), record),
    ).toThrow(/differs/);
    expect(tokenRequestFrom({}, input(1, { cardNumber: '4567350000427977', cvv: '123' }))).toEqual({
      paymentProductId: 1,
      card: { data: { cardWithoutCvv: { cardNumber: '4567350000427977' } } },
    });
  });
});
