/**
 * The server-side twin of the browser Client SDK's encryption, for tests and scripts without a browser:
 * given a client session (from `sessions.create`) it fetches the sandbox's public key over the Client API
 * and returns the same compact JWE the Client SDK 6.x would send for the same input (same header bytes,
 * same payload keys in the same order, the same Latin-1 encoding of the JSON).
 */
import { createPublicKey, randomBytes } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import type { PublicKeyResponse } from './keys.js';

/** The fields of a `sessions.create` response this needs (optional in the SDK's types; checked when used). */
export interface ClientSessionDetails {
  readonly clientSessionId?: string | undefined;
  readonly customerId?: string | undefined;
  readonly clientApiUrl?: string | undefined;
}

function required(session: ClientSessionDetails): {
  clientSessionId: string;
  customerId: string;
  clientApiUrl: string;
} {
  const { clientSessionId, customerId, clientApiUrl } = session;
  if (!clientSessionId || !customerId || !clientApiUrl) {
    throw new TypeError('session must be a sessions.create response (clientSessionId, customerId and clientApiUrl)');
  }
  return { clientSessionId, customerId, clientApiUrl };
}

export interface CustomerInputToEncrypt {
  readonly paymentProductId: number;
  /**
   * Field values as the Client SDK sends them: unmasked (`4567350000427977`, expiry `1230` as MMYY).
   * An object keeps its key order; a list may repeat keys like the SDK's paymentValues.
   */
  readonly values?: Readonly<Record<string, string>> | readonly { readonly key: string; readonly value: string }[];
  readonly tokenize?: boolean;
  readonly accountOnFileId?: number;
  /** What the browser reports about itself; defaults describe a desktop browser in UTC. */
  readonly deviceInformation?: {
    readonly timezoneOffsetUtcMinutes?: number;
    readonly locale?: string;
    readonly browserData?: Readonly<Record<string, unknown>>;
  };
}

export interface EncryptOptions {
  /** Use this key instead of fetching `crypto/publickey` (no HTTP call). */
  readonly publicKey?: PublicKeyResponse;
  /** Replaces the global fetch (e.g. to go through a proxy). */
  readonly fetch?: typeof fetch;
  /** The nonce; by default 16 random bytes in hex, as the Client SDK makes it. */
  readonly nonce?: string;
}

/** `clientApiUrl` normalised as the Client SDK 6.x does: it always ends in `/client/v1`. */
export function clientApiBase(clientApiUrl: string): string {
  const m = /^(https?:\/\/[^/]+)\/?(.*)$/.exec(clientApiUrl);
  if (!m) throw new TypeError('clientApiUrl must be an http(s) URL such as http://127.0.0.1:4010/client');
  const path = m[2] ?? '';
  if (path === '') return `${m[1]}/client/v1`;
  if (path === 'client') return `${m[1]}/client/v1`;
  if (path === 'client/v1') return `${m[1]}/client/v1`;
  throw new TypeError(
    `clientApiUrl must end in /client or /client/v1 (the Client SDK accepts nothing else), got ${clientApiUrl}`,
  );
}

/** Fetches the public key the Client SDK would use for this session. */
export async function fetchPublicKey(
  session: ClientSessionDetails,
  fetchImpl: typeof fetch = fetch,
): Promise<PublicKeyResponse> {
  const s = required(session);
  const url = `${clientApiBase(s.clientApiUrl)}/${s.customerId}/crypto/publickey`;
  const res = await fetchImpl(url, { headers: { Authorization: `GCS v1Client:${s.clientSessionId}` } });
  const body: unknown = await res.json().catch(() => undefined);
  const key = body as Partial<PublicKeyResponse> | undefined;
  if (!res.ok || typeof key?.keyId !== 'string' || typeof key.publicKey !== 'string') {
    throw new Error(`failed to retrieve public key (HTTP ${res.status})`);
  }
  return { keyId: key.keyId, publicKey: key.publicKey };
}

/** The plaintext JSON, keys in the Client SDK's order. */
export function customerInputJson(clientSessionId: string, input: CustomerInputToEncrypt, nonce: string): string {
  const values = Array.isArray(input.values)
    ? input.values.map(({ key, value }) => ({ key, value }))
    : Object.entries(input.values ?? {}).map(([key, value]) => ({ key, value }));
  const device = input.deviceInformation ?? {};
  return JSON.stringify({
    clientSessionId,
    nonce,
    tokenize: input.tokenize ?? false,
    collectedDeviceInformation: {
      timezoneOffsetUtcMinutes: device.timezoneOffsetUtcMinutes ?? 0,
      locale: device.locale ?? 'en-US',
      browserData: device.browserData ?? {
        javaScriptEnabled: true,
        javaEnabled: false,
        colorDepth: 24,
        screenHeight: 1080,
        screenWidth: 1920,
        innerHeight: 900,
        innerWidth: 1440,
      },
    },
    paymentProductId: input.paymentProductId,
    paymentValues: values,
    ...(input.accountOnFileId === undefined ? {} : { accountOnFileId: input.accountOnFileId }),
  });
}

/**
 * Encrypts customer input for a session exactly as the browser Client SDK does; the result goes into
 * `encryptedCustomerInput` of `payments.create` or `tokens.create`.
 */
export async function encryptCustomerInput(
  session: ClientSessionDetails,
  input: CustomerInputToEncrypt,
  options: EncryptOptions = {},
): Promise<string> {
  const { clientSessionId } = required(session);
  const key = options.publicKey ?? (await fetchPublicKey(session, options.fetch));
  const json = customerInputJson(clientSessionId, input, options.nonce ?? randomBytes(16).toString('hex'));
  // one byte per UTF-16 code unit, like node-forge's binary strings: Latin-1 survives, higher characters do not
  const publicKey = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
  return new CompactEncrypt(Buffer.from(json, 'latin1'))
    .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A256CBC-HS512', kid: key.keyId })
    .encrypt(publicKey);
}
