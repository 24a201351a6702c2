import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../src/index.js';

const require = createRequire(import.meta.url);

/** The official SDK 5.x (promise API, `client.v1.<group>.<op>`), untyped on purpose: used as a black box. */
// biome-ignore lint/suspicious/noExplicitAny: the official SDK is driven as an untyped black box in tests
export type AnyClient = any;

export function sdk5(sb: Sandbox, secret = sb.secretApiKey, apiKeyId = sb.apiKeyId): AnyClient {
  const sdk = require('connect-sdk-nodejs-5');
  return sdk.init({
    host: '127.0.0.1',
    scheme: 'http',
    port: sb.port,
    apiKeyId,
    secretApiKey: secret,
    integrator: 'connect-sandbox tests',
  }).v1;
}

export async function start(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, ...opts });
}

/*
 * The sandbox of the current test file, set by useSandbox() before the file's tests run. These are
 * ES module live bindings: a file that imports them sees the values assigned in beforeAll.
 */
/** the file's sandbox */
export let sb: Sandbox;
/** the official SDK 5.x client for it */
export let v1: AnyClient;
/** its default merchant id */
export let m: string;

/**
 * Starts one sandbox for the calling test file (beforeAll) and closes it afterwards (afterAll).
 * `wrap` may put something in front of it (such as a recording proxy) and returns what the tests use.
 */
export function useSandbox(opts: SandboxOptions = {}, wrap?: (started: Sandbox) => Promise<Sandbox>): void {
  beforeAll(async () => {
    const started = await start(opts);
    sb = wrap ? await wrap(started) : started;
    v1 = sdk5(sb);
    m = sb.merchantId;
  });
  afterAll(async () => {
    await sb?.close();
  });
}

/** An independent v1HMAC signer (written from the platform description, not shared with the sandbox). */
export function authorization(
  keyId: string,
  secret: string,
  method: string,
  contentType: string,
  date: string,
  gcsHeaders: Record<string, string>,
  pathAndQuery: string,
): string {
  const names = Object.keys(gcsHeaders)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(gcsHeaders).map(([k, v]) => [k.toLowerCase(), v]));
  const [path, query] = pathAndQuery.split('?', 2) as [string, string | undefined];
  let s = `${method}\n${contentType}\n${date}\n`;
  for (const n of names) s += `${n}:${(lower[n] ?? '').trim()}\n`;
  s += path + (query ? `?${decodeURIComponent(query)}` : '') + '\n';
  return `GCS v1HMAC:${keyId}:${createHmac('sha256', secret).update(s).digest('base64')}`;
}

export interface RawOptions {
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  secret?: string;
  keyId?: string;
  date?: string;
  unsigned?: boolean;
}

/** A signed request with full control over what is sent. */
export async function raw(
  sb: Sandbox,
  method: string,
  pathAndQuery: string,
  o: RawOptions = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => Record<string, unknown> }> {
  const date = o.date ?? new Date().toUTCString();
  const gcs = Object.fromEntries(Object.entries(o.headers ?? {}).filter(([k]) => k.toLowerCase().startsWith('x-gcs')));
  const headers: Record<string, string> = { Date: date, ...(o.headers ?? {}) };
  if (o.contentType !== undefined) headers['Content-Type'] = o.contentType;
  if (!o.unsigned) {
    headers['Authorization'] = authorization(
      o.keyId ?? sb.apiKeyId,
      o.secret ?? sb.secretApiKey,
      method,
      o.contentType ?? '',
      date,
      gcs,
      pathAndQuery,
    );
  }
  const res = await fetch(sb.url + pathAndQuery, {
    method,
    headers,
    ...(o.body === undefined ? {} : { body: o.body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

export async function admin(sb: Sandbox, method: string, path: string, body?: unknown): Promise<AnyClient> {
  const res = await fetch(`${sb.url}/_sandbox${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

export function cardPayment(
  amount = 1000,
  card: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    order: {
      amountOfMoney: { amount, currencyCode: 'EUR' },
      customer: { billingAddress: { countryCode: 'NL' } },
      references: { merchantReference: `order-${Math.random().toString(36).slice(2)}` },
    },
    cardPaymentMethodSpecificInput: {
      paymentProductId: 1,
      card: {
        cardNumber: '4567350000427977',
        expiryDate: '1230',
        cvv: '123',
        cardholderName: 'Wile E. Coyote',
        ...card,
      },
      ...extra,
    },
  };
}
