/** Headers the SDK adds to every request (Date and X-GCS-*: https://apireference.connect.worldline-solutions.com/s2sapi/v1/en_US/nodejs/authentication.html). */
import { release } from 'node:os';
import { SDK_VERSION } from '../version.js';
import { canonicalHeaderValue } from './signer.js';

export interface ShoppingCartExtension {
  creator: string;
  name: string;
  version: string;
  extensionId?: string;
}

export const SDK_IDENTIFIER = `TypeScriptServerSDK/v${SDK_VERSION}`;
export const SDK_CREATOR = 'connect-server-sdk';

/** The base64 JSON value of `X-GCS-ServerMetaInfo`; computed once per client. */
export function serverMetaInfo(integrator: string, shoppingCartExtension?: ShoppingCartExtension): string {
  const meta: Record<string, unknown> = {
    platformIdentifier: `${process.platform}/${release()} Node.js/${process.versions.node}`,
    sdkIdentifier: SDK_IDENTIFIER,
    sdkCreator: SDK_CREATOR,
    integrator,
  };
  if (shoppingCartExtension) {
    const { creator, name, version, extensionId } = shoppingCartExtension;
    meta['shoppingCartExtension'] =
      extensionId === undefined ? { creator, name, version } : { creator, name, version, extensionId };
  }
  return Buffer.from(JSON.stringify(meta), 'utf8').toString('base64');
}

let cachedSecond = -1;
let cachedDate = '';
/** RFC 1123 date in GMT, e.g. `Sat, 28 Nov 2026 03:32:01 GMT`; fresh for every attempt (cached per second). */
export function httpDate(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(second * 1000).toUTCString();
  }
  return cachedDate;
}

// After canonicalisation: tab, printable ASCII and Latin-1 only (no control characters, no code points > 0xff).
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PROHIBITED = new Set(['x-gcs-servermetainfo', 'x-gcs-idempotence-key', 'date', 'content-type', 'authorization']);

/** A validated extra header: name as given, lower-cased name, canonical value, and whether it is signed. */
export interface ExtraHeader {
  readonly name: string;
  readonly lower: string;
  readonly value: string;
  readonly gcs: boolean;
}

/**
 * Validates per-call extra headers. Names must be HTTP tokens and may not replace a header the SDK owns
 * (X-GCS-ServerMetaInfo, X-GCS-Idempotence-Key, Date, Content-Type, Authorization). Values are canonicalised
 * (line breaks folded to one space) so the signed value and the sent value are the same, and never raw CR/LF.
 */
export function extraHeaders(headers: Readonly<Record<string, string>> | undefined): ExtraHeader[] {
  if (headers === undefined) return [];
  if (headers === null || typeof headers !== 'object') throw new TypeError('options.headers must be an object');
  const out: ExtraHeader[] = [];
  const seen = new Set<string>();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (!TOKEN.test(name)) throw new TypeError(`options.headers: invalid header name ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (PROHIBITED.has(lower)) {
      throw new TypeError(
        `options.headers: header "${name}" is set by the SDK` +
          (lower === 'x-gcs-idempotence-key' ? ' (use options.idempotenceKey)' : ''),
      );
    }
    if (seen.has(lower)) throw new TypeError(`options.headers: header "${name}" is given twice`);
    seen.add(lower);
    if (typeof value !== 'string') throw new TypeError(`options.headers: the value of "${name}" must be a string`);
    const canonical = canonicalHeaderValue(value);
    if (!HEADER_VALUE.test(canonical)) {
      throw new TypeError(`options.headers: the value of "${name}" contains characters not allowed in a header`);
    }
    out.push({ name, lower, value: canonical, gcs: lower.startsWith('x-gcs') });
  }
  return out;
}

const IDEMPOTENCE_KEY = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
/** Checks an idempotence key: printable ASCII, no surrounding spaces. */
export function checkIdempotenceKey(key: unknown): string {
  if (typeof key !== 'string' || !IDEMPOTENCE_KEY.test(key)) {
    throw new TypeError(
      'options.idempotenceKey must be a non-empty string of printable ASCII characters without leading or trailing spaces',
    );
  }
  return key;
}
