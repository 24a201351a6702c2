/** Authentication stage: the v1HMAC signature of a Server API request, and the key's merchant rights. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Access } from '../domain/access.js';
import { invalidAuthorization, merchantNotAllowed } from '../domain/errors.js';

const AUTH_PREFIX = 'GCS v1HMAC:';
const FOLD = /\r?\n[^\S\r\n]*/g;

/** Canonical X-GCS header value: line breaks plus following whitespace become one space; trimmed. */
export function canonicalHeaderValue(v: string): string {
  return v.replace(FOLD, ' ').trim();
}

/** The v1HMAC string-to-sign, rebuilt from what was received. */
export function stringToSign(
  method: string,
  rawHeaders: readonly string[],
  contentType: string | undefined,
  date: string | undefined,
  rawPath: string,
  rawQuery: string | undefined,
  nodeSdkOrder = false,
): string {
  const gcs: [string, string][] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (name.startsWith('x-gcs')) gcs.push([name, canonicalHeaderValue(rawHeaders[i + 1] ?? '')]);
  }
  if (nodeSdkOrder) {
    // the Node SDKs sort by the upper-cased name (differs only for names with [ \ ] ^ _ `)
    gcs.sort((a, b) => {
      const x = a[0].toUpperCase();
      const y = b[0].toUpperCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
  } else {
    gcs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  let s = `${method}\n${contentType ?? ''}\n${date ?? ''}\n`;
  for (const [n, v] of gcs) s += `${n}:${v}\n`;
  s += rawPath;
  if (rawQuery !== undefined && rawQuery !== '') s += `?${decodeQuery(rawQuery)}`;
  return `${s}\n`;
}

/**
 * Percent-decodes the query as java.net.URI#getQuery does: runs of %XX become UTF-8 text, invalid
 * sequences become U+FFFD, '+' and anything else stay as they are.
 */
function decodeQuery(q: string): string {
  if (!q.includes('%')) return q;
  return q.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** Whether an X-GCS header name contains a character whose order differs between the Java and Node SDKs. */
function hasOddGcsName(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const n = rawHeaders[i] as string;
    if (/^x-gcs/i.test(n) && /[[\\\]^_`]/.test(n)) return true;
  }
  return false;
}

/**
 * Recent signatures by secret and string-to-sign (one per sandbox). The string-to-sign has no body,
 * so calls to one endpoint within the same second (same Date) share it: under load most requests
 * skip the HMAC.
 */
export class SignatureCache {
  private readonly recent = new Map<string, string>();

  sign(secret: string, data: string): string {
    const k = `${secret}\u0000${data}`;
    let sig = this.recent.get(k);
    if (sig === undefined) {
      sig = sign(secret, data);
      if (this.recent.size >= 256) this.recent.clear();
      this.recent.set(k, sig);
    }
    return sig;
  }
}

export function sign(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data, 'utf8').digest('base64');
}

/**
 * Other strings-to-sign a correct client may have used, tried only when the canonical one fails:
 * the Node SDKs' X-GCS order; a bare '?' signed as part of the resource; the query signed without
 * percent-decoding (Python SDKs); and X-GCS values that were
 * folded on the wire (node:http drops the line break of an obs-fold but keeps the indent, so the
 * client's "line break + indent -> one space" is redone here as "whitespace run -> one space").
 */
function variants(
  method: string,
  rawHeaders: readonly string[],
  ct: string | undefined,
  date: string,
  rawPath: string,
  rawQuery: string | undefined,
): string[] {
  const out: string[] = [];
  const odd = hasOddGcsName(rawHeaders);
  if (odd) out.push(stringToSign(method, rawHeaders, ct, date, rawPath, rawQuery, true));
  if (rawQuery === '' || rawQuery?.includes('%')) {
    // a bare '?' signed as such; or the query signed still encoded, as the Python SDKs do
    // (they sign urlparse(uri).query, which is the quote()d text they send)
    const base = stringToSign(method, rawHeaders, ct, date, rawPath, undefined);
    out.push(`${base.slice(0, -1)}?${rawQuery}\n`);
  }
  let folded = false;
  const unfolded: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const n = rawHeaders[i] as string;
    let v = rawHeaders[i + 1] ?? '';
    if (/^x-gcs/i.test(n) && /[ \t]{2,}|\t/.test(v)) {
      v = v.replace(/[ \t]+/g, ' ');
      folded = true;
    }
    unfolded.push(n, v);
  }
  if (folded) {
    out.push(stringToSign(method, unfolded, ct, date, rawPath, rawQuery));
    if (odd) out.push(stringToSign(method, unfolded, ct, date, rawPath, rawQuery, true));
  }
  return out;
}

export interface AuthOptions {
  readonly access: Access;
  /** reject requests whose Date differs from the real clock by more than this (ms); undefined = off */
  readonly dateSkewMs: number | undefined;
  /** the real clock: clients sign with their own clocks, whatever the sandbox clock says */
  readonly now: () => number;
  readonly signatures: SignatureCache;
}

/** Verifies a Server API request; throws 401 (9002) or 403 (9007). Returns the API key id. */
export function verifyRequest(
  opts: AuthOptions,
  method: string,
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
  rawPath: string,
  rawQuery: string | undefined,
  merchantId: string,
): string {
  const auth = headers.authorization;
  if (auth === undefined) throw invalidAuthorization('MISSING_OR_INVALID_AUTHORIZATION: no Authorization header');
  if (!auth.startsWith(AUTH_PREFIX)) {
    throw invalidAuthorization(
      'MISSING_OR_INVALID_AUTHORIZATION: Authorization is not "GCS v1HMAC:<keyId>:<signature>"',
    );
  }
  const rest = auth.slice(AUTH_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) {
    throw invalidAuthorization(
      'MISSING_OR_INVALID_AUTHORIZATION: Authorization is not "GCS v1HMAC:<keyId>:<signature>"',
    );
  }
  const keyId = rest.slice(0, colon);
  const signature = rest.slice(colon + 1);
  const key = opts.access.keys.get(keyId);
  if (!key) throw invalidAuthorization('MISSING_OR_INVALID_AUTHORIZATION: unknown API key id');
  const date = headers.date;
  if (date === undefined) throw invalidAuthorization('MISSING_OR_INVALID_AUTHORIZATION: no Date header');
  if (opts.dateSkewMs !== undefined) {
    const t = Date.parse(date);
    if (Number.isNaN(t) || Math.abs(t - opts.now()) > opts.dateSkewMs) {
      throw invalidAuthorization('MISSING_OR_INVALID_AUTHORIZATION: Date header outside the allowed clock skew');
    }
  }
  const ct = headers['content-type'];
  const matches = (expected: string) => {
    const a = Buffer.from(expected);
    const b = Buffer.from(signature);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  if (
    !matches(opts.signatures.sign(key.secretApiKey, stringToSign(method, rawHeaders, ct, date, rawPath, rawQuery))) &&
    !variants(method, rawHeaders, ct, date, rawPath, rawQuery).some((s) => matches(sign(key.secretApiKey, s)))
  ) {
    throw invalidAuthorization('MISSING_OR_INVALID_AUTHORIZATION: signature mismatch');
  }
  if (!opts.access.allows(key, merchantId)) throw merchantNotAllowed(merchantId);
  return keyId;
}
