/**
 * Reading and parsing a response, in one place: the body text, JSON (and the one "not valid JSON" error), the
 * success result of a typed call, the error for any other status, and the any-status form of `exchange`.
 */
import { Readable } from 'node:stream';
import type { OperationDef } from '../generated/operations.js';
import type { APIResponse } from './api-promise.js';
import { concatBytes } from './bytes.js';
import { CommunicationError, type ConnectError, createApiError, NotFoundError } from './errors.js';

/** A response as the core received it: the body already read, or (a successful binary call) still a stream. */
export interface Received {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Body text (undefined when streamed). */
  readonly text: string | undefined;
  readonly stream: Readable | undefined;
  /** The log lines' message id ('' when logging is off). */
  readonly messageId: string;
}

/** What the request said that the response handling needs. */
export interface Sent {
  readonly path: string;
  readonly idempotenceKey: string | undefined;
}

/**
 * The response of `files.getFile`: a stream plus what the headers say about it. Consume or destroy the body.
 * The call's `timeoutMs` is an overall deadline that covers the download too: a body not fully received within
 * timeoutMs of the request's start ends with TimeoutError (and with AbortError when the call's signal aborts).
 */
export interface BinaryResponse {
  /** The file content (a Node Readable; also async-iterable). */
  body: Readable;
  contentType: string | undefined;
  contentLength: number | undefined;
  /** From Content-Disposition (`filename*` preferred), when present. */
  filename: string | undefined;
}

/** What `connect.core.exchange` (the classic API's entry point) resolves: any HTTP status. */
export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, the text of a non-JSON body, null for an empty body; a Readable for a successful binary op. */
  body: unknown;
  idempotenceRequestTimestamp: number | undefined;
}

const TIMESTAMP_HEADER = 'x-gcs-idempotence-request-timestamp';
const decoder = new TextDecoder();

/** Reads a whole body as UTF-8 text; null (and the body released) when it grows past `maxBytes`. */
export function readText(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string | null> {
  return body instanceof Readable ? readNodeStream(body, maxBytes) : readIterable(body, maxBytes);
}

/** A Node stream (the undici transport's body), by its events: no promise per chunk. */
function readNodeStream(body: Readable, maxBytes: number): Promise<string | null> {
  return new Promise<string | null>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    body.on('data', (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        discard(body);
        resolve(null);
      } else {
        chunks.push(chunk);
      }
    });
    body.once('error', reject);
    body.once('end', () => resolve(decode(chunks)));
  });
}

/** Ends a body nobody will read (its connection is released); the error that ending raises is expected. */
export function discard(body: Readable): void {
  if (body.destroyed) return;
  body.on('error', () => {});
  body.destroy();
}

async function readIterable(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) return null; // leaving the loop releases the body
    chunks.push(chunk);
  }
  return decode(chunks);
}

/** The part of a body an error keeps (`err.responseBody`): enough to debug, never megabytes. */
export const ERROR_BODY_KEPT_CHARS = 65_536;

/** Masks what a body must not show (card data a server echoed): Obfuscator.body of the client's rules. */
export type BodyMask = (text: string) => string;

/**
 * The body an error keeps: masked like a logged body (before cutting, so that no half card number survives),
 * then at most ERROR_BODY_KEPT_CHARS characters and a note of the full size.
 */
export function keptBody(text: string, mask: BodyMask): string {
  const masked = mask(text);
  if (masked.length <= ERROR_BODY_KEPT_CHARS) return masked;
  return `${masked.slice(0, ERROR_BODY_KEPT_CHARS)}... [truncated: ${masked.length} characters in all]`;
}

function decode(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 0) return '';
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  return decoder.decode(concatBytes(chunks));
}

/** One header as a string (repeated headers joined with ', '). */
export function header(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  name: string,
): string | undefined {
  const v = headers[name];
  return v === undefined ? undefined : typeof v === 'string' ? v : v.join(', ');
}

/** Response headers as a flat record with lower-case names. */
export function flattenHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined) out[k] = typeof v === 'string' ? v : v.join(', ');
  }
  return out;
}

function timestampOf(headers: Readonly<Record<string, string | readonly string[] | undefined>>): number | undefined {
  const v = header(headers, TIMESTAMP_HEADER);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A body is JSON when Content-Type is absent or starts with application/json (the platform answers JSON with
 * that type: https://apireference.connect.worldline-solutions.com/s2sapi/v1/en_US/json/response-codes.html).
 */
export function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  return contentType.trimStart().toLowerCase().startsWith('application/json');
}

/** `filename` from Content-Disposition; RFC 5987 `filename*=UTF-8''...` wins. */
export function filenameFromDisposition(cd: string | undefined): string | undefined {
  if (!cd) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[2]!.trim());
    } catch {
      // fall through to plain filename
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(cd);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, '$1');
  const plain = /filename\s*=\s*([^;\s]+)/i.exec(cd);
  return plain ? plain[1] : undefined;
}

/** Where a body came from, for the error when it does not parse. */
export interface BodyOrigin {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly idempotenceKey: string | undefined;
  readonly mask: BodyMask;
}

/**
 * The one place that parses a JSON body and reports one that does not parse (a CommunicationError carrying the
 * status and the body). `what` names the body in the message; `withContentType` adds the Content-Type.
 */
export function parseJson(
  text: string,
  from: BodyOrigin,
  what: 'response body' | 'error response body' = 'response body',
  withContentType = false,
): { ok: true; value: unknown } | { ok: false; error: CommunicationError } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (cause) {
    const type = withContentType ? `, content type '${from.headers['content-type'] ?? ''}'` : '';
    return {
      ok: false,
      error: new CommunicationError(`the ${what} (HTTP ${from.status}${type}) is not valid JSON`, {
        cause,
        statusCode: from.status,
        responseBody: keptBody(text, from.mask),
        headers: from.headers,
        idempotenceKey: from.idempotenceKey,
      }),
    };
  }
}

/** The result of a typed call (`callOperation`, `callPath`): data for 2xx, else the error class of the status. */
export function toResult<T>(r: Received, sent: Sent, op: OperationDef | undefined, mask: BodyMask): APIResponse<T> {
  const headers = flattenHeaders(r.headers);
  const idempotenceRequestTimestamp = timestampOf(r.headers);
  const base = {
    status: r.status,
    headers,
    idempotenceRequestTimestamp,
    idempotenceKey: sent.idempotenceKey,
    requestId: r.messageId === '' ? undefined : r.messageId,
  };
  if (r.status >= 200 && r.status < 300) {
    if (r.stream !== undefined) {
      const len = headers['content-length'];
      const data: BinaryResponse = {
        body: r.stream,
        contentType: headers['content-type'],
        contentLength: len === undefined || Number.isNaN(Number(len)) ? undefined : Number(len),
        filename: filenameFromDisposition(headers['content-disposition']),
      };
      return { ...base, data: data as T };
    }
    if ((op !== undefined && op.responseBody === null) || r.text === undefined || r.text === '') {
      return { ...base, data: undefined as T };
    }
    const parsed = parseJson(r.text, { status: r.status, headers, idempotenceKey: sent.idempotenceKey, mask });
    if (!parsed.ok) throw parsed.error;
    return { ...base, data: parsed.value as T };
  }
  throw errorFor(r, sent, op, headers, idempotenceRequestTimestamp, mask);
}

/** The error for a non-2xx response: the platform's error classes for JSON, CommunicationError otherwise. */
function errorFor(
  r: Received,
  sent: Sent,
  op: OperationDef | undefined,
  headers: Record<string, string>,
  idempotenceRequestTimestamp: number | undefined,
  mask: BodyMask,
): ConnectError {
  const text = r.text ?? '';
  const ct = headers['content-type'];
  let body: unknown = null;
  if (text !== '') {
    if (!isJsonType(ct)) {
      const init = {
        statusCode: r.status,
        responseBody: keptBody(text, mask),
        headers,
        idempotenceKey: sent.idempotenceKey,
      };
      if (r.status === 404) {
        return new NotFoundError(`the requested resource was not found; invalid path: ${sent.path}`, init);
      }
      return new CommunicationError(
        `unexpected non-JSON response (HTTP ${r.status}, content type '${ct ?? ''}')`,
        init,
      );
    }
    const parsed = parseJson(
      text,
      { status: r.status, headers, idempotenceKey: sent.idempotenceKey, mask },
      'error response body',
    );
    if (!parsed.ok) return parsed.error;
    body = parsed.value;
  }
  const b = body as { errorId?: unknown; errors?: unknown } | null;
  return createApiError({
    statusCode: r.status,
    responseBody: keptBody(text, mask),
    errorId: b && typeof b.errorId === 'string' ? b.errorId : undefined,
    errors: b && Array.isArray(b.errors) ? b.errors : [],
    headers,
    idempotenceKey: sent.idempotenceKey,
    idempotenceRequestTimestamp,
    declined: op?.declined ?? null,
    body,
  });
}

/** The any-status form (`exchange`): parsed JSON, the text of a non-JSON body, null when empty, or the stream. */
export function toRawResponse(r: Received, sent: Sent, mask: BodyMask): RawResponse {
  const headers = flattenHeaders(r.headers);
  const idempotenceRequestTimestamp = timestampOf(r.headers);
  if (r.stream !== undefined) return { status: r.status, headers, body: r.stream, idempotenceRequestTimestamp };
  let body: unknown = null;
  if (r.text) {
    if (isJsonType(headers['content-type'])) {
      const parsed = parseJson(r.text, { status: r.status, headers, idempotenceKey: sent.idempotenceKey, mask });
      if (!parsed.ok) throw parsed.error;
      body = parsed.value;
    } else {
      body = r.text;
    }
  }
  return { status: r.status, headers, body, idempotenceRequestTimestamp };
}
