/**
 * The platform's own browser Client SDK (connect-sdk-client-js 6.0.6, its UMD bundle unchanged) in headless
 * Chromium, on a merchant checkout page served from another origin than the sandbox: session -> product list
 * (groups on and off) -> IIN lookup -> product fields -> validation -> encryption. The merchant's server
 * then creates the payment from the encrypted input with this repo's Server SDK or the official
 * connect-sdk-nodejs 5.x, and never sees a card number.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../packages/sandbox/src/index.js';
import { ApiError, Connect, type CreatePaymentRequest, DeclinedPaymentError } from '../packages/sdk/src/index.js';
import { hasBrowser, launchBrowser, newPage, screenshot, seriousViolations } from './support/browser.js';
import { sandboxConnection } from './support/sandbox-connection.js';

const require = createRequire(import.meta.url);
const FIXTURES = join(import.meta.dirname, 'fixtures', 'client-sdk');
// the package's exports map only exposes its main entry; the UMD bundle sits next to it in dist/
const UMD = join(dirname(require.resolve('connect-sdk-client-js')), 'connect-sdk-client-js.umd.js');

let sb: Sandbox;
let connect: Connect;
// biome-ignore lint/suspicious/noExplicitAny: the official SDK 5.x is driven as an untyped black box
let sdk5: any;
let shop: Server;
let shopUrl: string;
let browser: Browser;
/** every request body the merchant's server received */
const received: string[] = [];

interface PayResult {
  message: string;
  httpStatus: number;
  paymentStatus?: string | undefined;
  paymentId?: string | undefined;
  redirectURL?: string | undefined;
}

/** What the merchant's server sends next to the encrypted input: defaults for whichever method the customer picks. */
function paymentRequest(encryptedCustomerInput: string): CreatePaymentRequest {
  return {
    encryptedCustomerInput,
    order: {
      amountOfMoney: { amount: 1000, currencyCode: 'EUR' },
      customer: { billingAddress: { countryCode: 'NL' }, merchantCustomerId: 'c-42' },
      references: { merchantReference: `order-${Math.random().toString(36).slice(2)}` },
    },
    cardPaymentMethodSpecificInput: {
      threeDSecure: { redirectionData: { returnUrl: `${shopUrl}/return` } },
    },
    redirectPaymentMethodSpecificInput: { returnUrl: `${shopUrl}/return` },
  };
}

async function createPayment(sdk: string, encrypted: string): Promise<PayResult> {
  if (sdk === 'nodejs5') {
    const r = await sdk5.payments.create(sb.merchantId, paymentRequest(encrypted));
    const payment = r.status < 300 ? r.body.payment : r.body.paymentResult?.payment;
    return {
      httpStatus: r.status,
      paymentStatus: payment?.status,
      redirectURL: r.body.merchantAction?.redirectData?.redirectURL,
      message: outcome(r.status, payment?.status, r.body.merchantAction?.redirectData?.redirectURL, r.body.errors),
    };
  }
  try {
    const r = await connect.merchant(sb.merchantId).payments.create(paymentRequest(encrypted));
    const url = r.merchantAction?.redirectData?.redirectURL;
    return {
      httpStatus: 201,
      paymentId: r.payment?.id,
      paymentStatus: r.payment?.status,
      redirectURL: url,
      message: outcome(201, r.payment?.status, url, []),
    };
  } catch (e) {
    if (e instanceof DeclinedPaymentError) {
      const status = e.paymentResult.payment?.status;
      return {
        httpStatus: e.statusCode,
        paymentStatus: status,
        message: outcome(e.statusCode, status, undefined, e.errors),
      };
    }
    if (e instanceof ApiError)
      return { httpStatus: e.statusCode, message: outcome(e.statusCode, undefined, undefined, e.errors) };
    throw e;
  }
}

function outcome(
  status: number,
  paymentStatus?: string,
  redirect?: string,
  errors: readonly { id?: string; message?: string }[] = [],
) {
  if (redirect)
    return `Redirecting you to ${redirect.includes('/redirect/') ? 'your bank' : redirect} (${paymentStatus})`;
  if (status === 201) return `Payment accepted: ${paymentStatus}`;
  if (status === 402) return `Payment declined (402): ${errors[0]?.message ?? ''}`;
  return `Payment refused (${status}): ${errors[0]?.id ?? ''}`;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  received.push(text);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function startShop(): Promise<Server> {
  const files: Record<string, [string, string]> = {
    '/': [join(FIXTURES, 'checkout.html'), 'text/html; charset=utf-8'],
    '/checkout.js': [join(FIXTURES, 'checkout.js'), 'text/javascript'],
    '/vendor/connect-sdk-client-js.umd.js': [UMD, 'text/javascript'],
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const file = files[path];
    if (req.method === 'GET' && file) {
      res.writeHead(200, { 'Content-Type': file[1] });
      res.end(readFileSync(file[0]));
      return;
    }
    (async () => {
      if (req.method === 'POST' && path === '/session') {
        const body = await readJson(req);
        const s = await connect
          .merchant(sb.merchantId)
          .sessions.create(Array.isArray(body['tokens']) ? { tokens: body['tokens'] as string[] } : {});
        send(200, {
          clientSessionId: s.clientSessionId,
          customerId: s.customerId,
          clientApiUrl: s.clientApiUrl,
          assetUrl: s.assetUrl,
        });
      } else if (req.method === 'POST' && path === '/pay') {
        const body = await readJson(req);
        send(200, await createPayment(String(body['sdk']), String(body['encryptedCustomerInput'])));
      } else {
        send(404, { message: 'not found' });
      }
    })().catch((e: unknown) => send(500, { message: String(e) }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Step {
  step: string;
  [k: string]: unknown;
}

async function steps(page: Page): Promise<Step[]> {
  return page.evaluate(() => (globalThis as unknown as { checkoutSteps: Step[] }).checkoutSteps);
}

/** Opens the checkout and waits until the payment methods are listed. */
async function openCheckout(query = ''): Promise<Page> {
  const page = await newPage(browser);
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${shopUrl}/${query}`);
  await page.getByRole('status').filter({ hasText: 'Choose a payment method.' }).waitFor();
  return page;
}

async function fillCard(page: Page, cardNumber: string, expiry = '12/30') {
  await page.getByLabel('Card number').pressSequentially(cardNumber);
  await page.getByText(/Card brand: /).waitFor();
  await page.getByLabel('Expiry date').pressSequentially(expiry);
  await page.getByLabel('CVV').fill('123');
  await page.getByLabel('Cardholder name').fill('Wile E. Coyote');
}

async function payAndWait(page: Page, expected: RegExp): Promise<string> {
  await page.getByRole('button', { name: 'Pay' }).click();
  const status = page.getByRole('status');
  await status.filter({ hasText: expected }).waitFor();
  return (await status.textContent()) ?? '';
}

beforeAll(async () => {
  if (!hasBrowser) return;
  sb = await startSandbox({ port: 0 });
  connect = new Connect(sandboxConnection(sb, 'client sdk browser tests'));
  sdk5 = require('connect-sdk-nodejs-5').init(sandboxConnection(sb, 'client sdk browser tests')).v1;
  shop = await startShop();
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => (shop ? shop.close(r) : r(undefined)));
  await connect?.close();
  await sb?.close();
});

describe.skipIf(!hasBrowser && !process.env['CI'])(
  'connect-sdk-client-js 6.0.6 in Chromium against the sandbox',
  () => {
    it('runs on a page of another origin than the sandbox', () => {
      expect(new URL(shopUrl).origin).not.toBe(new URL(sb.url).origin);
    });

    it('groups on: Cards group -> IIN lookup finds VISA -> fields -> encrypt -> the Server SDK pays it', async () => {
      const page = await openCheckout();
      await page.getByLabel('Cards').check();
      await fillCard(page, '4567350000427977');
      expect(await page.getByLabel('Card number').inputValue()).toBe('4567 3500 0042 7977');
      expect(await payAndWait(page, /Payment accepted/)).toBe('Payment accepted: CAPTURE_REQUESTED');
      const s = await steps(page);
      expect(s.find((x) => x.step === 'items')?.['ids']).toEqual(expect.arrayContaining(['cards', 809]));
      expect(s.find((x) => x.step === 'fields')?.['fields']).toEqual([
        'cardNumber',
        'expiryDate',
        'cvv',
        'cardholderName',
      ]);
      expect(s.find((x) => x.step === 'iin')).toMatchObject({ status: 'SUPPORTED', paymentProductId: 1 });
      expect(s.find((x) => x.step === 'validate')?.['errors']).toEqual([]);
      expect(s.find((x) => x.step === 'encrypted')?.['parts']).toBe(5);
      // what the SDK sent: the header our encryptCustomerInput reproduces, byte for byte
      const sent = JSON.parse(received.at(-1) as string).encryptedCustomerInput as string;
      expect(Buffer.from(sent.split('.')[0] as string, 'base64url').toString()).toMatch(
        /^\{"alg":"RSA-OAEP","enc":"A256CBC-HS512","kid":"[0-9a-f-]{36}"\}$/,
      );
      // the logos and the CVV tooltip come from the sandbox's asset URL and load
      const broken = await page
        .locator('img')
        .evaluateAll((imgs) =>
          (imgs as { complete: boolean; naturalWidth: number; src: string }[])
            .filter((i) => !i.complete || i.naturalWidth === 0)
            .map((i) => i.src),
        );
      expect(broken).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'client-sdk-checkout-approved');
      await page.context().close();
    });

    it('groups off: brands listed one by one; the SDK refuses a Luhn error before encrypting; SDK 5.x pays the fix', async () => {
      const page = await openCheckout('?groups=off&sdk=nodejs5');
      const ids = (await steps(page)).find((x) => x.step === 'items')?.['ids'];
      expect(ids).toEqual(expect.arrayContaining([1, 2, 3, 809]));
      expect(ids).not.toContain('cards');
      await page.getByLabel('VISA', { exact: true }).check();
      await fillCard(page, '4567350000427978');
      expect(await payAndWait(page, /correct the marked fields/)).toBe('Please correct the marked fields.');
      await expect.poll(() => page.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#field-cardNumber-error').textContent()).toContain('luhn');
      const before = received.length;
      await page.getByLabel('Card number').fill('');
      await page.getByLabel('Card number').pressSequentially('4567350000427977');
      expect(await payAndWait(page, /Payment accepted/)).toBe('Payment accepted: CAPTURE_REQUESTED');
      // one /pay request, and no request to the merchant ever carried the card number
      expect(received.length).toBe(before + 1);
      expect(received.join('\n')).not.toMatch(/4567350000427977|4567 3500/);
      await page.context().close();
    });

    it('a declined test card: 402 through the Server SDK (DeclinedPaymentError)', async () => {
      const page = await openCheckout('?groups=off');
      await page.getByLabel('VISA', { exact: true }).check();
      await fillCard(page, '4000000000000036');
      expect(await payAndWait(page, /declined/)).toBe('Payment declined (402): NOT AUTHORISED');
      await page.context().close();
    });

    it('a 3-D Secure card: the payment waits for the customer at the challenge (SDK 5.x)', async () => {
      const page = await openCheckout('?sdk=nodejs5');
      await page.getByLabel('Cards').check();
      await fillCard(page, '4012007153923001');
      expect(await payAndWait(page, /Redirecting/)).toBe('Redirecting you to your bank (REDIRECTED)');
      await page.context().close();
    });

    it('a saved card (token as account on file): only the CVV is asked for, the payment uses the token', async () => {
      const { token } = await connect.merchant(sb.merchantId).tokens.create({
        paymentProductId: 1,
        card: {
          alias: 'Wile E. Coyote',
          data: { cardWithoutCvv: { cardNumber: '4567350000427977', expiryDate: '1230', cardholderName: 'Wile E.' } },
        },
      });
      const page = await openCheckout(`?token=${token}`);
      await page.getByLabel('Saved card ************7977').check();
      await page.getByLabel('CVV').fill('123');
      expect(await page.getByLabel('Card number').count()).toBe(0);
      expect(await payAndWait(page, /Payment accepted/)).toBe('Payment accepted: CAPTURE_REQUESTED');
      const s = await steps(page);
      expect(s.find((x) => x.step === 'accountsOnFile')?.['ids']).toEqual([1]);
      expect(s.find((x) => x.step === 'fields')?.['fields']).toEqual(['cvv']);
      const paid = s.find((x) => x.step === 'paid')?.['result'] as PayResult;
      const payment = await connect.merchant(sb.merchantId).payments.get(paid.paymentId as string);
      expect(payment.paymentOutput?.cardPaymentMethodSpecificOutput?.token).toBe(token);
      await page.context().close();
    });

    it('iDEAL: the bank list comes from the directory; the chosen issuer goes encrypted to the payment', async () => {
      const page = await openCheckout();
      await page.getByLabel('iDEAL').check();
      const bank = page.getByRole('combobox');
      await bank.waitFor();
      const options = await bank.locator('option').allTextContents();
      expect(options.length).toBeGreaterThan(2);
      await bank.selectOption({ label: options[1] as string });
      expect(await payAndWait(page, /Redirecting/)).toBe('Redirecting you to your bank (REDIRECTED)');
      const s = await steps(page);
      expect(s.find((x) => x.step === 'directory')?.['entries']).toBe(options.length - 1);
      const payments = (await (await fetch(`${sb.url}/_sandbox/events`)).json()) as unknown;
      expect(JSON.stringify(payments)).toContain('809');
      await page.context().close();
    });
  },
);
