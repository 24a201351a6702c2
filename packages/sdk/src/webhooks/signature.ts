import { bytesEqual, constantTimeStringEquals, hmacSha256Base64, hmacSha256Base64Sync } from '../core/platform.js';
import { SignatureValidationError } from './errors.js';

const encoder = new TextEncoder();

/** Header carrying the base64 HMAC-SHA256 of the raw body. */
export const SIGNATURE_HEADER = 'X-GCS-Signature';
/** Header naming the webhook key whose secret signed the body. */
export const KEY_ID_HEADER = 'X-GCS-KeyId';

/** A webhook body exactly as received: the raw bytes, or a string (taken as its UTF-8 bytes). */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/**
 * Request headers as your framework gives them. Accepted shapes:
 * - a plain object, e.g. node's `req.headers` or `req.headersDistinct` (names in any case,
 *   values a string or an array of strings);
 * - anything with `forEach((value, name) => ...)`, e.g. a fetch `Headers` or a `Map`;
 * - a flat `[name, value, name, value, ...]` array, e.g. node's `req.rawHeaders`.
 */
export type WebhookHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { forEach(callback: (value: string, name: string) => void): void }
  | readonly string[];

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/** The raw bytes of a body (strings as UTF-8). */
export function bodyBytes(body: WebhookBody): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  // realm-independent checks: in a vm context (Jest's node environment, say) a Buffer or Uint8Array made
  // elsewhere is not `instanceof` this realm's Uint8Array
  const view: unknown = body;
  if (ArrayBuffer.isView(view)) {
    return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  if (isArrayBuffer(body)) return new Uint8Array(body);
  throw new TypeError('the webhook body must be the raw body as a string, Buffer, Uint8Array or ArrayBuffer');
}

/** Visits every header (name, value) of any accepted header shape. */
export function forEachHeader(headers: WebhookHeaders, visit: (name: string, value: unknown) => void): void {
  if (headers === null || typeof headers !== 'object') {
    throw new TypeError('the webhook request headers must be an object, a Headers instance or a raw header array');
  }
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) visit(String(headers[i]), headers[i + 1]);
    return;
  }
  const withForEach = headers as { forEach?: unknown };
  if (typeof withForEach.forEach === 'function') {
    (headers as { forEach(cb: (value: unknown, name: unknown) => void): void }).forEach((value, name) => {
      visit(String(name), value);
    });
    return;
  }
  for (const [name, value] of Object.entries(headers)) visit(name, value);
}

/**
 * The single value of a header, matched case-insensitively. Throws
 * {@link SignatureValidationError} when the header is missing, empty or present more than once.
 * `commaMeansRepeated`: the value can never contain a comma, so a comma means that two
 * headers were joined (node's `req.headers` and fetch `Headers` join repeated headers with ", ").
 */
export function singleHeader(headers: WebhookHeaders, headerName: string, commaMeansRepeated = false): string {
  const wanted = headerName.toLowerCase();
  const values: string[] = [];
  forEachHeader(headers, (name, value) => {
    if (name.toLowerCase() !== wanted || value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (const v of value) values.push(String(v));
    } else {
      values.push(String(value));
    }
  });
  if (values.length === 0) {
    throw new SignatureValidationError(`could not find header '${headerName}'`, { header: headerName });
  }
  if (values.length > 1 || (commaMeansRepeated && values[0]!.includes(','))) {
    throw new SignatureValidationError(`found multiple values for header '${headerName}'; expected exactly one`, {
      header: headerName,
    });
  }
  const value = values[0]!.trim();
  if (value === '') {
    throw new SignatureValidationError(`header '${headerName}' is empty`, { header: headerName });
  }
  return value;
}

/** The `X-GCS-Signature` value for a body: standard base64 of HMAC-SHA256 keyed with the UTF-8 secret. */
export function computeWebhookSignature(body: WebhookBody, secretKey: string): string {
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new TypeError('secretKey is required (a non-empty string)');
  }
  return hmacSha256Base64Sync(secretKey, bodyBytes(body));
}

/**
 * {@link computeWebhookSignature} on every runtime: node:crypto on Node, WebCrypto on Bun, Deno and Cloudflare
 * Workers (where the synchronous version is not available).
 */
export async function computeWebhookSignatureAsync(body: WebhookBody, secretKey: string): Promise<string> {
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw new TypeError('secretKey is required (a non-empty string)');
  }
  return hmacSha256Base64(secretKey)(bodyBytes(body));
}

/** {@link signWebhook} on every runtime (WebCrypto where node:crypto is absent). */
export async function signWebhookAsync(
  body: WebhookBody,
  keyId: string,
  secretKey: string,
): Promise<{ 'X-GCS-Signature': string; 'X-GCS-KeyId': string }> {
  if (typeof keyId !== 'string' || keyId.trim() === '') {
    throw new TypeError('keyId is required (a non-empty string)');
  }
  return { 'X-GCS-Signature': await computeWebhookSignatureAsync(body, secretKey), 'X-GCS-KeyId': keyId };
}

/**
 * Signs a webhook body the way the platform does, for tests and emulators.
 * Returns the two headers to send along with exactly these body bytes.
 */
export function signWebhook(
  body: WebhookBody,
  keyId: string,
  secretKey: string,
): { 'X-GCS-Signature': string; 'X-GCS-KeyId': string } {
  if (typeof keyId !== 'string' || keyId.trim() === '') {
    throw new TypeError('keyId is required (a non-empty string)');
  }
  return { 'X-GCS-Signature': computeWebhookSignature(body, secretKey), 'X-GCS-KeyId': keyId };
}

/**
 * Compares a received signature with the expected one in constant time. The expected value always has the
 * public length of a base64 HMAC-SHA256 (44 characters), so a length mismatch reveals nothing and the equal-length
 * case is compared byte by byte without hashing.
 */
export function signatureEquals(received: string, expected: string): boolean {
  if (typeof received !== 'string' || received.length !== expected.length) return false;
  const a = encoder.encode(received); // any non-ASCII character makes it longer than expected
  return a.length === expected.length && bytesEqual(a, encoder.encode(expected));
}

/**
 * Compares two strings in constant time (independent of where they differ and of their
 * lengths): both sides are hashed first, so equal-length digests are compared.
 */
export function constantTimeEquals(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  return constantTimeStringEquals(a, b);
}
