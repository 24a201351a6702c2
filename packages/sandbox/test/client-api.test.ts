/**
 * The Client API (what the browser Client SDK calls) and encrypted customer input on the Server API,
 * driven from Node: session auth, CORS, the product calls, and payments/tokens made from
 * `encryptCustomerInput` (the package's server-side twin of the Client SDK's encryption).
 * The official Client SDK itself runs in Chromium in test/client-sdk-browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientApiOperations } from '../src/generated/client-api-routes.js';
import { encryptCustomerInput, type Sandbox } from '../src/index.js';
import { type AnyClient, admin, sdk5, start } from './helpers.js';
import { responseValidator } from './response-schemas.js';

interface SessionResponse {
  clientSessionId: string;
  customerId: string;
  clientApiUrl: string;
  assetUrl: string;
}

let sb: Sandbox;
let other: Sandbox;
let v1: AnyClient;
let m: string;
let session: SessionResponse;

const order = (amount = 1000, currencyCode = 'EUR') => ({
  amountOfMoney: { amount, currencyCode },
  customer: { billingAddress: { countryCode: 'NL' } },
});
const card = (cardNumber: string, extra: Record<string, string> = {}) => ({
  paymentProductId: 1,
  values: { cardNumber, expiryDate: '1230', cvv: '123', cardholderName: 'Wile E. Coyote', ...extra },
});

async function newSession(body: Record<string, unknown> = {}, client = v1, merchant = m): Promise<SessionResponse> {
  return (await client.sessions.create(merchant, body)).body as SessionResponse;
}

/** A Client API call as the Client SDK makes it (session header, JSON content type even on GET). */
async function call(
  s: SessionResponse,
  path: string,
  init: { method?: string; body?: unknown; authorization?: string; customerId?: string } = {},
) {
  const res = await fetch(`${s.clientApiUrl}/v1/${init.customerId ?? s.customerId}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      Authorization: init.authorization ?? `GCS v1Client:${s.clientSessionId}`,
      'Content-Type': 'application/json',
      Origin: 'http://merchant.example',
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (res.status === 200)
    answered.push({ method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), path, body });
  return { status: res.status, headers: res.headers, text, body };
}

/** every 200 answer of the Client API in this file, checked against the spec at the end */
const answered: { method: string; path: string; body: unknown }[] = [];

async function pay(encryptedCustomerInput: string, extra: Record<string, unknown> = {}) {
  return v1.payments.create(m, { encryptedCustomerInput, order: order(), ...extra });
}

beforeAll(async () => {
  [sb, other] = await Promise.all([start(), start()]);
  v1 = sdk5(sb);
  m = sb.merchantId;
  session = await newSession();
});

afterAll(async () => {
  await Promise.all([sb?.close(), other?.close()]);
});

describe('Client API: session authentication and CORS', () => {
  it('serves the public key (base64 DER SubjectPublicKeyInfo, RSA-2048) with CORS headers', async () => {
    const r = await call(session, '/crypto/publickey');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(r.body.keyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.publicKey).toMatch(/^MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA[A-Za-z0-9+/]+={0,2}$/);
    // one key per sandbox: another session sees the same key, another sandbox a different one
    expect((await call(await newSession(), '/crypto/publickey')).body.keyId).toBe(r.body.keyId);
    const foreign = await newSession({}, sdk5(other), other.merchantId);
    expect((await call(foreign, '/crypto/publickey')).body.keyId).not.toBe(r.body.keyId);
  });

  it('answers the preflight of every path, including unknown ones', async () => {
    for (const path of ['/client/v1/x/products', '/client/v1/x/services/getIINdetails', '/client/v1/x/nothing']) {
      const res = await fetch(sb.url + path, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://merchant.example',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization,content-type,x-gcs-clientmetainfo',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toMatch(
        /Authorization.*X-GCS-ClientMetaInfo.*Content-Type/,
      );
    }
  });

  it('refuses a missing or unknown session with 401 and another customer with 403, in the platform shape with CORS', async () => {
    const none = await call(session, '/products?countryCode=NL&currencyCode=EUR', { authorization: 'Bearer x' });
    expect(none.status).toBe(401);
    expect(none.headers.get('access-control-allow-origin')).toBe('*');
    expect(none.body.errors[0]).toMatchObject({
      code: '9002',
      id: 'MISSING_OR_INVALID_AUTHORIZATION',
      httpStatusCode: 401,
    });
    expect(none.body.errorId).toEqual(expect.any(String));
    const unknown = await call(session, '/crypto/publickey', { authorization: 'GCS v1Client:0123456789abcdef' });
    expect(unknown.status).toBe(401);
    const second = await newSession();
    const foreign = await call(session, '/crypto/publickey', { customerId: second.customerId });
    expect(foreign.status).toBe(403);
    expect(foreign.body.errors[0].id).toBe('ACCESS_TO_CUSTOMER_NOT_ALLOWED');
  });

  it('says 404/405 for calls it does not have, never 500', async () => {
    expect((await call(session, '/nothing/here')).status).toBe(404);
    const wrong = await call(session, '/crypto/publickey', { method: 'POST', body: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const badJson = await fetch(`${session.clientApiUrl}/v1/${session.customerId}/services/getIINdetails`, {
      method: 'POST',
      headers: { Authorization: `GCS v1Client:${session.clientSessionId}`, 'Content-Type': 'application/json' },
      body: '{"bin":',
    });
    expect(badJson.status).toBe(400);
  });
});

describe('Client API: products as the Client SDK reads them', () => {
  const ctx = 'countryCode=NL&isRecurring=false&amount=1000&currencyCode=EUR&locale=en_GB';

  it('lists the products of a context, ignoring cacheBust, with hide=fields', async () => {
    const r = await call(session, `/products?${ctx}&cacheBust=1795834566494&hide=fields`);
    expect(r.status).toBe(200);
    const ids = r.body.paymentProducts.map((p: { id: number }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([1, 2, 3, 809, 840]));
    expect(ids).not.toContain(1503); // Boleto: Brazil only
    for (const p of r.body.paymentProducts) {
      expect(p.fields).toBeUndefined();
      expect(typeof p.displayHints.logo).toBe('string'); // the SDK calls startsWith on it
    }
    const recurring = await call(session, `/products?countryCode=NL&isRecurring=true&amount=1000&currencyCode=EUR`);
    expect(recurring.body.paymentProducts.map((p: { id: number }) => p.id)).not.toContain(809);
    const small = await call(session, `/products?countryCode=NL&isRecurring=false&amount=100&currencyCode=EUR`);
    expect(ids).toContain(9000); // AfterPay from 5.00 EUR
    expect(small.body.paymentProducts.map((p: { id: number }) => p.id)).not.toContain(9000);
    const usd = await call(session, `/products?countryCode=US&isRecurring=false&amount=1000&currencyCode=USD`);
    expect(usd.body.paymentProducts.map((p: { id: number }) => p.id)).toContain(128); // Discover
  });

  it('serves a card product with fields, validators, masks and a tooltip whose image resolves to an SVG', async () => {
    const r = await call(session, `/products/1?${ctx}&cacheBust=1`);
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.fields.map((f: { id: string }) => [f.id, f]));
    expect(Object.keys(byId)).toEqual(['cardNumber', 'expiryDate', 'cvv', 'cardholderName']);
    expect(byId.cardNumber.dataRestrictions.validators).toHaveProperty('luhn');
    expect(byId.expiryDate.displayHints.mask).toBe('{{99}}/{{99}}');
    expect(byId.expiryDate.dataRestrictions.validators).toHaveProperty('expirationDate');
    const image = byId.cvv.displayHints.tooltip.image as string;
    const img = await fetch(session.assetUrl + image);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/svg+xml');
    expect(await img.text()).toContain('<svg');
    const logo = await fetch(session.assetUrl + r.body.displayHints.logo);
    expect(await logo.text()).toContain('VISA');
    expect((await fetch(`${session.assetUrl}templates/nothing.png`)).status).toBe(404);
  });

  it('serves groups, IIN details, the iDEAL directory, networks, conversion, privacy policy', async () => {
    const groups = await call(session, `/productgroups?${ctx}&hide=fields`);
    expect(groups.body.paymentProductGroups.map((g: { id: string }) => g.id)).toEqual(['cards']);
    const group = await call(session, `/productgroups/cards?${ctx}`);
    expect(group.body.fields.map((f: { id: string }) => f.id)).toContain('cardNumber');
    const iin = await call(session, '/services/getIINdetails', {
      body: {
        bin: '45673500',
        paymentContext: {
          countryCode: 'NL',
          isRecurring: false,
          isInstallments: false,
          amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
        },
      },
    });
    expect(iin.body).toMatchObject({ paymentProductId: 1, countryCode: 'NL', isAllowedInContext: true });
    expect((await call(session, '/services/getIINdetails', { body: { bin: '99999999' } })).status).toBe(404);
    const dir = await call(session, '/products/809/directory?countryCode=NL&currencyCode=EUR');
    expect(dir.body.entries.length).toBeGreaterThan(0);
    expect(dir.body.entries[0]).toHaveProperty('issuerId');
    const nets = await call(session, `/products/302/networks?${ctx}`);
    expect(nets.body.networks).toContain('Visa');
    const conv = await call(session, '/services/convert/amount?source=EUR&target=USD&amount=1000');
    expect(conv.body).toEqual({ convertedAmount: 1100 });
    const pp = await call(session, '/services/privacypolicy?paymentProductId=1&locale=en_GB');
    expect(pp.body.htmlContent).toContain('<');
  });

  it("answers third-party status for the merchant's payments, Apple Pay sessions, and the SDK's //client path", async () => {
    const created = await v1.payments.create(m, {
      order: order(),
      redirectPaymentMethodSpecificInput: { paymentProductId: 840, returnUrl: 'https://shop.example/return' },
    });
    const status = await call(session, `/payments/${created.body.payment.id}/thirdpartystatus`);
    expect(status.body).toEqual({ thirdPartyStatus: 'WAITING' });
    expect((await call(session, '/payments/000/thirdpartystatus')).status).toBe(404);
    const apple = await call(session, '/products/302/sessions', {
      body: {
        paymentProductSession302SpecificInput: {
          displayName: 'Shop',
          domainName: 'shop.example',
          validationUrl: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
        },
      },
    });
    expect(JSON.parse(apple.body.paymentProductSession302SpecificOutput.sessionObject)).toHaveProperty(
      'merchantSessionIdentifier',
    );
    // a clientApiUrl given with a trailing slash makes the Client SDK request //client/v1/...
    const doubled = await fetch(`${sb.url}//client/v1/${session.customerId}/crypto/publickey`, {
      headers: { Authorization: `GCS v1Client:${session.clientSessionId}` },
    });
    expect(doubled.status).toBe(200);
  });

  it('applies the session paymentProductFilters and shows its card tokens as accounts on file', async () => {
    const token = (
      await v1.tokens.create(m, {
        paymentProductId: 1,
        card: {
          data: { cardWithoutCvv: { cardNumber: '4567350000427977', expiryDate: '1230', cardholderName: 'Ann' } },
        },
      })
    ).body.token as string;
    const s = await newSession({
      tokens: [token],
      paymentProductFilters: { restrictTo: { groups: ['cards'] }, exclude: { products: [2] } },
    });
    const list = await call(s, `/products?${ctx}&hide=fields`);
    const ids = list.body.paymentProducts.map((p: { id: number }) => p.id);
    expect(ids).toContain(1);
    expect(ids).not.toContain(2);
    expect(ids).not.toContain(809);
    expect((await call(s, `/products/809?${ctx}`)).status).toBe(404);
    const visa = await call(s, `/products/1?${ctx}`);
    expect(visa.body.accountsOnFile).toEqual([
      expect.objectContaining({
        id: 1,
        paymentProductId: 1,
        attributes: expect.arrayContaining([{ key: 'alias', value: '************7977', status: 'READ_ONLY' }]),
      }),
    ]);
    expect(visa.text).not.toContain('4567350000427977');
  });
});

describe('Client API answers match the spec', () => {
  it("every 200 body so far validates strictly against its operation's schema, and every operation was called", () => {
    const called = new Set<string>();
    for (const a of answered) {
      const rest = (a.path.split('?')[0] as string).slice(1);
      const op = clientApiOperations.find((o) => o.method === a.method && o.pattern.test(rest));
      expect(op, a.path).toBeDefined();
      if (!op) continue;
      called.add(op.id);
      const validate = responseValidator(op.response);
      expect(validate(a.body) ? [] : validate.errors, `${a.method} ${a.path}`).toEqual([]);
    }
    expect([...called].sort()).toEqual(clientApiOperations.map((o) => o.id).sort());
  });
});

describe('Server API: payments and tokens from encrypted customer input', () => {
  it('approves a card payment; the card is masked in the response', async () => {
    const jwe = await encryptCustomerInput(session, card('4567350000427977'));
    expect(jwe.split('.')).toHaveLength(5);
    const r = await pay(jwe);
    expect(r.status).toBe(201);
    expect(r.body.payment.status).toBe('CAPTURE_REQUESTED');
    expect(r.body.payment.paymentOutput.cardPaymentMethodSpecificOutput.paymentProductId).toBe(1);
    expect(JSON.stringify(r.body)).not.toContain('4567350000427977');
    expect(JSON.stringify(r.body)).toContain('************7977');
  });

  it('leaves no card number or CVV in the event log', async () => {
    const events = await admin(sb, 'GET', '/events?all=true');
    expect(events.status).toBe(200);
    const text = JSON.stringify(events.body);
    expect(text).toContain('encryptedinput.accepted');
    expect(text).not.toMatch(/4567350000427977|"cvv"/);
  });

  it('declines (402) a declined test card, redirects a 3-D Secure card, fails Luhn and expiry like server-built input', async () => {
    const declined = await pay(await encryptCustomerInput(session, card('4000000000000036')));
    expect(declined.status).toBe(402);
    expect(declined.body.paymentResult.payment.status).toBe('REJECTED');
    const challenged = await pay(await encryptCustomerInput(session, card('4012007153923001')), {
      cardPaymentMethodSpecificInput: {
        threeDSecure: { redirectionData: { returnUrl: 'https://shop.example/return' } },
      },
    });
    expect(challenged.status).toBe(201);
    expect(challenged.body.merchantAction.actionType).toBe('REDIRECT');
    expect(challenged.body.payment.status).toBe('REDIRECTED');
    const luhn = await pay(await encryptCustomerInput(session, card('4567350000427978')));
    expect(luhn.status).toBe(400);
    expect(luhn.body.errors[0].id).toBe('INVALID_CARD_NUMBER');
    expect(JSON.stringify(luhn.body)).not.toContain('4567350000427978');
    const expired = await pay(await encryptCustomerInput(session, card('4567350000427977', { expiryDate: '0120' })));
    expect(expired.status).toBe(400);
    expect(expired.body.errors[0].id).toBe('INVALID_EXPIRY_DATE');
  });

  it('pays iDEAL with the issuer chosen from the directory', async () => {
    const dir = await call(session, '/products/809/directory?countryCode=NL&currencyCode=EUR');
    const issuerId = dir.body.entries[0].issuerId as string;
    const jwe = await encryptCustomerInput(session, { paymentProductId: 809, values: { issuerId } });
    const r = await pay(jwe, { redirectPaymentMethodSpecificInput: { returnUrl: 'https://shop.example/return' } });
    expect(r.status).toBe(201);
    expect(r.body.merchantAction.actionType).toBe('REDIRECT');
    expect(r.body.payment.paymentOutput.redirectPaymentMethodSpecificOutput.paymentProductId).toBe(809);
  });

  it('tokenizes on request and pays later with the account on file plus a fresh CVV', async () => {
    const r = await pay(await encryptCustomerInput(session, { ...card('4567350000427977'), tokenize: true }));
    expect(r.status).toBe(201);
    const token = r.body.creationOutput.token as string;
    expect(token).toEqual(expect.any(String));
    const s = await newSession({ tokens: [token] });
    const again = await pay(
      await encryptCustomerInput(s, { paymentProductId: 1, values: { cvv: '123' }, accountOnFileId: 1 }),
    );
    expect(again.status).toBe(201);
    expect(again.body.payment.status).toBe('CAPTURE_REQUESTED');
    expect(again.body.payment.paymentOutput.cardPaymentMethodSpecificOutput.card.cardNumber).toBe('************7977');
  });

  it('creates a token from encrypted input (tokens.create)', async () => {
    const jwe = await encryptCustomerInput(session, card('5424180279791732'));
    const r = await v1.tokens.create(m, { encryptedCustomerInput: jwe });
    expect(r.status).toBe(201);
    const t = await v1.tokens.get(m, r.body.token);
    expect(t.body.card.data.cardWithoutCvv.cardNumber).toBe('************1732');
  });

  it('decodes the plaintext as Latin-1, as the Client SDK encodes it (é, ü survive)', async () => {
    const r = await pay(
      await encryptCustomerInput(session, card('4567350000427977', { cardholderName: 'José Müller' })),
    );
    expect(r.status).toBe(201);
    expect(r.body.payment.paymentOutput.cardPaymentMethodSpecificOutput.card.cardholderName).toBe('José Müller');
  });
});

describe('Server API: refused encrypted input says why (400), never 500, never the plaintext', () => {
  const expectRefused = (r: { status: number; body: AnyClient }, id: string) => {
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ id, propertyName: 'encryptedCustomerInput' });
    expect(JSON.stringify(r.body)).not.toMatch(/4567350000427977|Coyote/);
  };

  it('refuses a replay of the same encrypted input', async () => {
    const jwe = await encryptCustomerInput(session, card('4567350000427977'));
    expect((await pay(jwe)).status).toBe(201);
    const again = await pay(jwe);
    expectRefused(again, 'ENCRYPTED_CUSTOMER_INPUT_REPLAYED');
    expect(again.body.errors[0].message).toMatch(/already used/);
  });

  it('a retry with the same idempotence key replays the first answer instead of refusing the input as replayed', async () => {
    const jwe = await encryptCustomerInput(session, card('4567350000427977'));
    const context = { idempotence: { key: `retry-${Date.now()}` } };
    const first = await v1.payments.create(m, { encryptedCustomerInput: jwe, order: order() }, context);
    const again = await v1.payments.create(m, { encryptedCustomerInput: jwe, order: order() }, context);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.payment.id).toBe(first.body.payment.id);
  });

  it('refuses a tampered JWE (any byte of ciphertext, tag or header changed)', async () => {
    const jwe = await encryptCustomerInput(session, card('4567350000427977'));
    const parts = jwe.split('.');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const ct = [...parts];
    ct[3] = flip(ct[3] as string, 5);
    expectRefused(await pay(ct.join('.')), 'ENCRYPTED_CUSTOMER_INPUT_TAMPERED');
    const tag = [...parts];
    tag[4] = flip(tag[4] as string, 3);
    expectRefused(await pay(tag.join('.')), 'ENCRYPTED_CUSTOMER_INPUT_TAMPERED');
    expectRefused(await pay('not-a-jwe'), 'ENCRYPTED_CUSTOMER_INPUT_MALFORMED');
    expectRefused(await pay(`${parts.slice(0, 4).join('.')}`), 'ENCRYPTED_CUSTOMER_INPUT_MALFORMED');
    // the untouched input still works afterwards: the failed attempts did not use its nonce
    expect((await pay(jwe)).status).toBe(201);
  });

  it('refuses input encrypted with another sandbox key', async () => {
    const foreignSession = await newSession({}, sdk5(other), other.merchantId);
    const foreignKey = (await call(foreignSession, '/crypto/publickey')).body;
    const jwe = await encryptCustomerInput(session, card('4567350000427977'), { publicKey: foreignKey });
    const r = await pay(jwe);
    expectRefused(r, 'ENCRYPTED_CUSTOMER_INPUT_UNKNOWN_KEY');
    expect(r.body.errors[0].message).toMatch(/key this sandbox did not issue/);
  });

  it('refuses input from an expired session (and the Client API refuses the session with 401)', async () => {
    const s = await newSession();
    const jwe = await encryptCustomerInput(s, card('4567350000427977'));
    // the last test of the file: the clock stays 3 hours ahead
    expect((await admin(sb, 'POST', '/clock/advance', { hours: 3 })).status).toBe(200);
    expectRefused(await pay(jwe), 'ENCRYPTED_CUSTOMER_INPUT_SESSION_EXPIRED');
    const r = await call(s, '/crypto/publickey');
    expect(r.status).toBe(401);
    expect(r.body.errors[0].id).toBe('SESSION_EXPIRED');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });
});
