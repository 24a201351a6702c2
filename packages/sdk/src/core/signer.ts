/**
 * GCS v1HMAC request signing: https://apireference.connect.worldline-solutions.com/s2sapi/v1/en_US/nodejs/authentication.html
 *
 * String to sign, every line terminated by "\n":
 *   METHOD / Content-Type or "" / Date / sorted "x-gcs-name:canonical value" lines / canonical resource
 * where the canonical resource is the raw (percent-encoded) path, plus "?" and the percent-DECODED query when
 * there is a query. HMAC-SHA256 keyed with the UTF-8 bytes of the secret, base64 output.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

const LINE_BREAK_RUN = /\r?\n[^\S\r\n]*/g;

/** Canonical header value: each line break plus the whitespace after it becomes one space; then trimmed. */
export function canonicalHeaderValue(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value.indexOf('\n') === -1 && value.indexOf('\r') === -1) return value.trim();
  return value.replace(LINE_BREAK_RUN, ' ').replace(/\r/g, ' ').trim();
}

export interface SignInput {
  readonly method: string;
  /** The Content-Type actually sent, or undefined when none is sent. */
  readonly contentType: string | undefined;
  readonly date: string;
  /** X-GCS-* headers as [name, value] (any case); values are canonicalised here. */
  readonly gcsHeaders: readonly (readonly [string, string])[];
  /** Raw (encoded) path, e.g. `/v1/1234/payments/abc%20def`. */
  readonly path: string;
  /** The decoded query string without "?", or "" when there is no query. */
  readonly decodedQuery: string;
}

/** Builds the exact string to sign. */
export function stringToSign(input: SignInput): string {
  let s = `${input.method.toUpperCase()}\n${input.contentType ?? ''}\n${input.date}\n`;
  const n = input.gcsHeaders.length;
  if (n === 1) {
    const h = input.gcsHeaders[0]!;
    s += `${h[0].toLowerCase()}:${canonicalHeaderValue(h[1])}\n`;
  } else if (n > 1) {
    const lines: [string, string][] = [];
    for (const [name, value] of input.gcsHeaders) lines.push([name.toLowerCase(), canonicalHeaderValue(value)]);
    lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [name, value] of lines) s += `${name}:${value}\n`;
  }
  s += input.decodedQuery === '' ? `${input.path}\n` : `${input.path}?${input.decodedQuery}\n`;
  return s;
}

/** Signs requests for one API key. The secret is held in a KeyObject and never exposed. */
export class V1HmacSigner {
  readonly #key: KeyObject;
  readonly #prefix: string;

  constructor(apiKeyId: string, secretApiKey: string) {
    this.#key = createSecretKey(Buffer.from(secretApiKey, 'utf8'));
    this.#prefix = `GCS v1HMAC:${apiKeyId}:`;
  }

  /** The value of the Authorization header. */
  authorization(input: SignInput): string {
    return this.#prefix + createHmac('sha256', this.#key).update(stringToSign(input), 'utf8').digest('base64');
  }

  /** Keeps the secret out of console.log / util.inspect output. */
  toJSON(): string {
    return '[V1HmacSigner]';
  }
}
