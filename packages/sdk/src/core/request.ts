/**
 * The request core: one path for every call. Headers are computed once per call, the Date and the signature on
 * every attempt; the retry loop, the transport (undici keep-alive pool), response parsing and the error factory
 * all live here. Generated resource classes reach it through ResourceBase (resource.ts).
 *
 * Transport choice (packages/sdk/bench/transport.mjs, local keep-alive server in a child process, concurrency 16,
 * GET with Date + ServerMetaInfo + HMAC + JSON, best of 3, client CPU per call, 2-core machine under load ~9):
 *   undici Pool 66 µs/call; node:http + keep-alive Agent 72 µs/call (0.92x of undici); this SDK 60-76 µs/call
 *   (1.09x best, ~0.85x typical: within the noise of the raw floor). So: undici Pool (ProxyAgent for proxies).
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, Pool, ProxyAgent } from 'undici';
import type { OperationDef } from '../generated/operations.js';
import type { APIResponse } from './api-promise.js';
import { DEFAULTS, MAX_TIMER_MS, type ResolvedConfig } from './config.js';
import {
  AbortError,
  CommunicationError,
  type ConnectError,
  createApiError,
  NotFoundError,
  TimeoutError,
} from './errors.js';
import { checkIdempotenceKey, type ExtraHeader, extraHeaders, httpDate, serverMetaInfo } from './headers.js';
import { RequestLogger } from './logging.js';
import { buildMultipart, type MultipartBody, type UploadFileInput } from './multipart.js';
import { Obfuscator } from './obfuscation.js';
import { isRetryable, isRetryableStatus, isRetryableTransportError, parseRetryAfter, retryDelay } from './retry.js';
import { V1HmacSigner } from './signer.js';
import { type BuiltQuery, buildPath, buildQuery } from './url.js';

/** Per-call options; every field is optional. */
export interface RequestOptions {
  /** Sent as X-GCS-Idempotence-Key. A replayed response carries the original's timestamp (see withResponse()). */
  idempotenceKey?: string;
  /** Aborts the call (rejects with AbortError). */
  signal?: AbortSignal;
  /** Per-attempt deadline for this call (overrides the client's timeoutMs). */
  timeoutMs?: number;
  /** Retries for this call (overrides the client's maxRetries). */
  maxRetries?: number;
  /** Extra headers, typically X-GCS-* ones; they are signed. Line breaks in values are folded to one space. */
  headers?: Record<string, string>;
}

/** The response of `files.getFile`: a stream plus what the headers say about it. Consume or destroy the body. */
export interface BinaryResponse {
  /** The file content (a Node Readable; also async-iterable). */
  body: Readable;
  contentType: string | undefined;
  contentLength: number | undefined;
  /** From Content-Disposition (`filename*` preferred), when present. */
  filename: string | undefined;
}

/** What `rawRequest` resolves: any HTTP status. */
export interface RawResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, the text of a non-JSON body, null for an empty body; a Readable for a successful binary op. */
  body: unknown;
  idempotenceRequestTimestamp: number | undefined;
}

/** A request for `connect.request()`: the escape hatch for calls the typed API does not cover. */
export interface RawRequestInit extends RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The encoded path, e.g. `/v1/1234/payments/abc`. */
  path: string;
  query?: object;
  /** A JSON body (serialised with JSON.stringify). */
  body?: unknown;
}

interface Prepared {
  readonly method: string;
  readonly pathAndQuery: string;
  readonly path: string;
  readonly query: BuiltQuery;
  readonly contentType: string | undefined;
  readonly body: string | Buffer | AsyncIterable<Uint8Array> | undefined;
  readonly logBody: string | undefined;
  readonly multipart: boolean;
  readonly replayable: boolean;
  readonly extra: readonly ExtraHeader[];
  readonly idempotenceKey: string | undefined;
  readonly binary: boolean;
}

interface Received {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Body text (undefined when streamed). */
  readonly text: string | undefined;
  readonly stream: Readable | undefined;
  readonly messageId: string;
}

const TIMESTAMP_HEADER = 'x-gcs-idempotence-request-timestamp';
const JSON_TYPE = 'application/json';

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return v === undefined ? undefined : typeof v === 'string' ? v : v.join(', ');
}

/** Response headers as a flat record with lower-case names. */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined) out[k] = typeof v === 'string' ? v : v.join(', ');
  }
  return out;
}

function timestampOf(headers: Record<string, string | string[] | undefined>): number | undefined {
  const v = header(headers, TIMESTAMP_HEADER);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** platform-semantics §1.1: a body is JSON when Content-Type is absent or starts with application/json. */
function isJsonType(ct: string | undefined): boolean {
  if (ct === undefined) return true;
  return ct.trimStart().toLowerCase().startsWith(JSON_TYPE);
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

/**
 * A minimal abort signal for one attempt (undici accepts any EventEmitter-style `once`/`removeListener` signal).
 * Cheaper than an AbortController per call; fires on the deadline or when the caller's AbortSignal aborts.
 */
class AttemptSignal {
  aborted = false;
  reason: unknown = undefined;
  timedOut = false;
  #listener: (() => void) | null = null;
  on(_event: 'abort', listener: () => void): void {
    this.#listener = listener;
  }
  once(_event: 'abort', listener: () => void): void {
    this.#listener = listener;
  }
  removeListener(_event: 'abort', _listener: () => void): void {
    this.#listener = null;
  }
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const l = this.#listener;
    this.#listener = null;
    l?.();
  }
}

/**
 * The internals a MerchantClient needs. Opaque to generated code; the compat layer uses `rawRequest`.
 */
export class ClientCore {
  readonly config: ResolvedConfig;
  readonly #signer: V1HmacSigner;
  readonly #metaInfo: string;
  readonly #dispatcher: Dispatcher;
  readonly #logger: RequestLogger | undefined;
  #closed = false;

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.#signer = new V1HmacSigner(config.apiKeyId, config.secretApiKey);
    this.#metaInfo = serverMetaInfo(config.integrator, config.shoppingCartExtension);
    const tls = config.tls
      ? {
          ...(config.tls.ca !== undefined ? { ca: config.tls.ca as string | Buffer | (string | Buffer)[] } : {}),
          ...(config.tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: config.tls.rejectUnauthorized } : {}),
        }
      : undefined;
    this.#dispatcher = config.proxy
      ? new ProxyAgent({
          uri: config.proxy.uri,
          ...(config.proxy.token !== undefined ? { token: config.proxy.token } : {}),
          ...(tls ? { requestTls: tls } : {}),
          connections: config.maxConnections,
          keepAliveTimeout: DEFAULTS.keepAliveTimeoutMs,
        })
      : new Pool(config.origin, {
          connections: config.maxConnections,
          keepAliveTimeout: DEFAULTS.keepAliveTimeoutMs,
          ...(tls ? { connect: tls } : {}),
        });
    this.#logger = config.logger
      ? new RequestLogger(config.logger, new Obfuscator(config.obfuscationRules))
      : undefined;
  }

  /** Releases pooled connections; later calls fail. Waits for in-flight requests. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#dispatcher.close();
  }

  get closed(): boolean {
    return this.#closed;
  }

  // ---------------------------------------------------------------- preparation

  /** Prepares a request; only multipart bodies need the async path (a Blob is read). */
  #prepare(
    op: OperationDef | undefined,
    method: string,
    path: string,
    query: object | undefined,
    body: unknown,
    options: RequestOptions | undefined,
  ): Prepared | Promise<Prepared> {
    if (op?.requestContentType === 'multipart/form-data') {
      return buildMultipart(body as UploadFileInput).then((mp) =>
        this.#prepareWith(op, method, path, query, mp, options),
      );
    }
    return this.#prepareWith(op, method, path, query, body, options);
  }

  #prepareWith(
    op: OperationDef | undefined,
    method: string,
    path: string,
    query: object | undefined,
    body: unknown,
    options: RequestOptions | undefined,
  ): Prepared {
    const q = buildQuery(query);
    let key = options?.idempotenceKey;
    if (key !== undefined) key = checkIdempotenceKey(key);
    const extra = extraHeaders(options?.headers);
    let contentType: string | undefined;
    let payload: Prepared['body'];
    let logBody: string | undefined;
    let multipart = false;
    let replayable = true;
    if (op?.requestContentType === 'multipart/form-data') {
      const mp = body as MultipartBody;
      contentType = mp.contentType;
      payload = mp.body;
      replayable = mp.replayable;
      multipart = true;
    } else if (body !== undefined) {
      contentType = JSON_TYPE;
      const s = JSON.stringify(body);
      if (s === undefined) throw new TypeError('the request body is not JSON-serialisable');
      payload = s;
      logBody = s;
    }
    const maxRetries = options?.maxRetries ?? this.config.maxRetries;
    if (key === undefined && method === 'POST' && maxRetries > 0 && replayable) {
      // POSTs get a key so that a retry can never create a second payment; errors report it.
      key = randomUUID();
    }
    return {
      method,
      path,
      query: q,
      pathAndQuery: q.encoded === '' ? path : `${path}?${q.encoded}`,
      contentType,
      body: payload,
      logBody,
      multipart,
      replayable,
      extra,
      idempotenceKey: key,
      binary: op?.responseBody === 'binary',
    };
  }

  // ---------------------------------------------------------------- transport

  async #attempt(p: Prepared, timeoutMs: number, signal: AbortSignal | undefined): Promise<Received> {
    const date = httpDate();
    const headers: Record<string, string> = {};
    const gcs: [string, string][] = [['X-GCS-ServerMetaInfo', this.#metaInfo]];
    if (p.contentType !== undefined) headers['Content-Type'] = p.contentType;
    headers['Date'] = date;
    headers['X-GCS-ServerMetaInfo'] = this.#metaInfo;
    if (p.idempotenceKey !== undefined) {
      headers['X-GCS-Idempotence-Key'] = p.idempotenceKey;
      gcs.push(['X-GCS-Idempotence-Key', p.idempotenceKey]);
    }
    for (const h of p.extra) {
      headers[h.name] = h.value;
      if (h.gcs) gcs.push([h.name, h.value]);
    }
    headers['Authorization'] = this.#signer.authorization({
      method: p.method,
      contentType: p.contentType,
      date,
      gcsHeaders: gcs,
      path: p.path,
      decodedQuery: p.query.decoded,
    });

    const messageId = this.#logger ? randomUUID() : '';
    const started = this.#logger ? performance.now() : 0;
    this.#logger?.request(messageId, p.method, p.pathAndQuery, headers, p.logBody, p.multipart);

    const attemptSignal = new AttemptSignal();
    const timer = setTimeout(() => {
      attemptSignal.timedOut = true;
      attemptSignal.abort();
    }, timeoutMs);
    const onAbort = signal ? (): void => attemptSignal.abort(signal.reason) : undefined;
    if (signal && onAbort) signal.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.#dispatcher.request({
        origin: this.config.origin,
        path: p.pathAndQuery,
        method: p.method as Dispatcher.HttpMethod,
        headers,
        body:
          p.body === undefined
            ? null
            : typeof p.body === 'string' || p.body instanceof Uint8Array
              ? p.body
              : Readable.from(p.body),
        signal: attemptSignal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const resHeaders = res.headers as Record<string, string | string[] | undefined>;
      if (p.binary && res.statusCode >= 200 && res.statusCode < 300) {
        // The stream outlives this call: the deadline covered the headers; undici's bodyTimeout guards stalls.
        clearTimeout(timer);
        if (signal && onAbort) signal.removeEventListener('abort', onAbort);
        this.#logger?.response(
          messageId,
          p.method,
          p.pathAndQuery,
          res.statusCode,
          Math.round(performance.now() - started),
          resHeaders,
          undefined,
          true,
        );
        return { status: res.statusCode, headers: resHeaders, text: undefined, stream: res.body, messageId };
      }
      const text = await res.body.text();
      this.#logger?.response(
        messageId,
        p.method,
        p.pathAndQuery,
        res.statusCode,
        Math.round(performance.now() - started),
        resHeaders,
        text,
        false,
      );
      return { status: res.statusCode, headers: resHeaders, text, stream: undefined, messageId };
    } catch (e) {
      const err = this.#transportError(e, attemptSignal.timedOut, signal, timeoutMs, p.idempotenceKey);
      this.#logger?.error(messageId, p.method, p.pathAndQuery, Math.round(performance.now() - started), err);
      throw err;
    } finally {
      clearTimeout(timer);
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  #transportError(
    e: unknown,
    timedOut: boolean,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    key: string | undefined,
  ): ConnectError {
    const code = (e as { code?: unknown } | null)?.code;
    if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new TimeoutError(`request timed out after ${timeoutMs} ms`, { cause: e, idempotenceKey: key });
    }
    if (signal?.aborted) {
      return new AbortError('request aborted by the caller', { cause: signal.reason ?? e, idempotenceKey: key });
    }
    if (this.#closed || code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') {
      return new CommunicationError('the client is closed', { cause: e, idempotenceKey: key });
    }
    const detail = e instanceof Error ? `${typeof code === 'string' ? `${code}: ` : ''}${e.message}` : String(e);
    return new CommunicationError(`communication with ${this.config.origin} failed (${detail})`, {
      cause: e,
      idempotenceKey: key,
    });
  }

  /** Sends with retries; resolves for any HTTP status; rejects with CommunicationError (or a subclass). */
  async #send(p: Prepared, options: RequestOptions | undefined): Promise<Received> {
    const timeoutMs = options?.timeoutMs ?? this.config.timeoutMs;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > MAX_TIMER_MS)
      throw new TypeError(`options.timeoutMs must be a positive number of ms, at most ${MAX_TIMER_MS}`);
    const maxRetries = options?.maxRetries ?? this.config.maxRetries;
    if (!Number.isInteger(maxRetries) || maxRetries < 0)
      throw new TypeError('options.maxRetries must be a non-negative integer');
    const signal = options?.signal;
    const retryable = maxRetries > 0 && isRetryable(p.method, p.idempotenceKey, p.replayable);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) {
        throw new AbortError('request aborted by the caller', {
          cause: signal.reason,
          idempotenceKey: p.idempotenceKey,
        });
      }
      if (this.#closed) throw new CommunicationError('the client is closed', { idempotenceKey: p.idempotenceKey });
      let r: Received;
      try {
        r = await this.#attempt(p, timeoutMs, signal);
      } catch (err) {
        const cause = (err as { cause?: unknown }).cause;
        if (
          retryable &&
          attempt < maxRetries &&
          !(err instanceof TimeoutError) &&
          !(err instanceof AbortError) &&
          !this.#closed &&
          isRetryableTransportError(cause)
        ) {
          await this.#backoff(attempt + 1, undefined, signal, p, String((cause as { code?: unknown }).code));
          continue;
        }
        throw err;
      }
      if (retryable && attempt < maxRetries && (r.status === 502 || r.status === 503 || r.status === 409)) {
        let parsed: unknown = null;
        if (r.status === 409 && r.text) {
          try {
            parsed = JSON.parse(r.text);
          } catch {
            parsed = null;
          }
        }
        if (isRetryableStatus(r.status, parsed)) {
          await this.#backoff(
            attempt + 1,
            parseRetryAfter(header(r.headers, 'retry-after')),
            signal,
            p,
            `HTTP ${r.status}`,
          );
          continue;
        }
      }
      return r;
    }
  }

  async #backoff(
    retry: number,
    retryAfterMs: number | undefined,
    signal: AbortSignal | undefined,
    p: Prepared,
    reason: string,
  ): Promise<void> {
    const delay = retryDelay(retry, retryAfterMs, this.config.retryInitialDelayMs, this.config.retryMaxDelayMs);
    this.#logger?.retry(p.method, p.pathAndQuery, retry, delay, reason);
    if (delay <= 0) return;
    try {
      await sleep(delay, undefined, signal ? { signal } : undefined);
    } catch (e) {
      // same cause as an abort in flight: the caller's reason
      throw new AbortError('request aborted by the caller', {
        cause: signal?.reason ?? e,
        idempotenceKey: p.idempotenceKey,
      });
    }
  }

  // ---------------------------------------------------------------- responses

  #result<T>(r: Received, p: Prepared, op: OperationDef | undefined): APIResponse<T> {
    const headers = flattenHeaders(r.headers);
    const idempotenceRequestTimestamp = timestampOf(r.headers);
    const base = {
      status: r.status,
      headers,
      idempotenceRequestTimestamp,
      idempotenceKey: p.idempotenceKey,
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
      try {
        return { ...base, data: JSON.parse(r.text) as T };
      } catch (e) {
        throw new CommunicationError(`the response body (HTTP ${r.status}) is not valid JSON`, {
          cause: e,
          statusCode: r.status,
          responseBody: r.text,
          headers,
          idempotenceKey: p.idempotenceKey,
        });
      }
    }
    throw this.#errorFor(r, p, op, headers, idempotenceRequestTimestamp);
  }

  #errorFor(
    r: Received,
    p: Prepared,
    op: OperationDef | undefined,
    headers: Record<string, string>,
    idempotenceRequestTimestamp: number | undefined,
  ): ConnectError {
    const text = r.text ?? '';
    const ct = headers['content-type'];
    let body: unknown = null;
    if (text !== '') {
      if (!isJsonType(ct)) {
        const init = { statusCode: r.status, responseBody: text, headers, idempotenceKey: p.idempotenceKey };
        if (r.status === 404) {
          return new NotFoundError(`the requested resource was not found; invalid path: ${p.path}`, init);
        }
        return new CommunicationError(
          `unexpected non-JSON response (HTTP ${r.status}, content type '${ct ?? ''}')`,
          init,
        );
      }
      try {
        body = JSON.parse(text);
      } catch (e) {
        return new CommunicationError(`the error response body (HTTP ${r.status}) is not valid JSON`, {
          cause: e,
          statusCode: r.status,
          responseBody: text,
          headers,
          idempotenceKey: p.idempotenceKey,
        });
      }
    }
    const b = body as { errorId?: unknown; errors?: unknown } | null;
    return createApiError({
      statusCode: r.status,
      responseBody: text,
      errorId: b && typeof b.errorId === 'string' ? b.errorId : undefined,
      errors: b && Array.isArray(b.errors) ? b.errors : [],
      headers,
      idempotenceKey: p.idempotenceKey,
      idempotenceRequestTimestamp,
      declined: op?.declined ?? null,
      body,
    });
  }

  // ---------------------------------------------------------------- entry points

  /**
   * Typed call used by resources: throws ApiError subclasses for HTTP errors, CommunicationError for transport.
   * `pathValues` are ALL path values in path order (merchant id first); `encodedMerchantId` skips re-checking it.
   */
  async execute<T>(
    op: OperationDef,
    pathValues: readonly unknown[],
    query: object | undefined,
    body: unknown,
    options: RequestOptions | undefined,
    encodedMerchantId?: string,
  ): Promise<APIResponse<T>> {
    const prepared = this.#prepare(op, op.method, buildPath(op, pathValues, encodedMerchantId), query, body, options);
    const p = prepared instanceof Promise ? await prepared : prepared;
    const r = await this.#send(p, options);
    return this.#result<T>(r, p, op);
  }

  /**
   * Non-throwing entry point for the classic (compat) API: same signing, transport, retries and logging, but it
   * resolves `{ status, headers, body, idempotenceRequestTimestamp }` for ANY HTTP status and rejects only when
   * there is no usable response (CommunicationError: connection, timeout, abort, unparsable JSON body).
   * `pathValues` are ALL path values in path order, merchant id first (e.g. ['1234', paymentId]).
   * For a successful binary operation (files.getFile) `body` is the Readable stream.
   */
  async rawRequest(
    op: OperationDef,
    pathValues: readonly unknown[],
    query: object | undefined,
    body: unknown,
    options?: RequestOptions,
  ): Promise<RawResponse> {
    const p = await this.#prepare(op, op.method, buildPath(op, pathValues), query, body, options);
    const r = await this.#send(p, options);
    const headers = flattenHeaders(r.headers);
    const idempotenceRequestTimestamp = timestampOf(r.headers);
    if (r.stream !== undefined) return { status: r.status, headers, body: r.stream, idempotenceRequestTimestamp };
    let parsed: unknown = null;
    if (r.text) {
      if (isJsonType(headers['content-type'])) {
        try {
          parsed = JSON.parse(r.text);
        } catch (e) {
          throw new CommunicationError(`the response body (HTTP ${r.status}) is not valid JSON`, {
            cause: e,
            statusCode: r.status,
            responseBody: r.text,
            headers,
            idempotenceKey: p.idempotenceKey,
          });
        }
      } else {
        parsed = r.text;
      }
    }
    return { status: r.status, headers, body: parsed, idempotenceRequestTimestamp };
  }

  /** The merchant escape hatch behind `connect.request()`: throwing, untyped, same pipeline. */
  async custom<T>(init: RawRequestInit): Promise<APIResponse<T>> {
    {
      if (init === null || typeof init !== 'object') throw new TypeError('request() expects { method, path, ... }');
      const method = init.method;
      if (method !== 'GET' && method !== 'POST' && method !== 'PUT' && method !== 'DELETE') {
        throw new TypeError(`request(): method must be GET, POST, PUT or DELETE, got ${String(method)}`);
      }
      const path = init.path;
      if (
        typeof path !== 'string' ||
        !path.startsWith('/') ||
        /[^\x21-\x7e]|[?#]/.test(path) ||
        path.split('/').includes('..')
      ) {
        throw new TypeError(
          "request(): path must be an encoded absolute path (printable ASCII, non-ASCII percent-encoded) without query, fragment, whitespace or '..' (put parameters in query)",
        );
      }
      const p = await this.#prepare(undefined, method, path, init.query, init.body, init);
      const r = await this.#send(p, init);
      return this.#result<T>(r, p, undefined);
    }
  }
}
