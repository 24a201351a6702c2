/**
 * The request core: one path for every call, orchestration only. A call is prepared once (path, query, body,
 * idempotence key), then each attempt gets a fresh Date and signature, goes through the transport (transport.ts:
 * the seam; undici-transport.ts: the default) under a per-attempt deadline, and is read and parsed in
 * response.ts; retry.ts decides whether to go again. Generated resource classes reach it through ResourceBase
 * (resource.ts), the classic API through `exchange`, `connect.request()` through `callPath`.
 */
import { Readable } from 'node:stream';
import type { OperationDef } from '../generated/operations.js';
import type { APIResponse } from './api-promise.js';
import { MAX_TIMER_MS, type ResolvedConfig } from './config.js';
import { defaultTransport } from './default-transport.js';
import { CommunicationError, ConnectError } from './errors.js';
import { checkIdempotenceKey, type ExtraHeader, extraHeaders, httpDate, serverMetaInfo } from './headers.js';
import { RequestLogger } from './logging.js';
import { buildMultipart, type MultipartBody, type UploadFileInput } from './multipart.js';
import { Obfuscator } from './obfuscation.js';
import { randomUUID, sleep } from './platform.js';
import {
  discard,
  flattenHeaders,
  header,
  type RawResponse,
  type Received,
  readText,
  toRawResponse,
  toResult,
} from './response.js';
import { decideRetry, isRetryable, type RetryDecision, type RetryPolicy } from './retry.js';
import { V1HmacSigner } from './signer.js';
import { type CallTrace, Telemetry } from './telemetry.js';
import {
  AttemptDeadline,
  abortError,
  type FailureContext,
  failure,
  type Transport,
  type TransportBody,
  timeoutError,
} from './transport.js';
import { type BuiltQuery, buildPath, buildQuery } from './url.js';

export type { BinaryResponse, RawResponse } from './response.js';

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

/** A request for `connect.request()`: the escape hatch for calls the typed API does not cover. */
export interface RawRequestInit extends RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The encoded path, e.g. `/v1/1234/payments/abc`. */
  path: string;
  query?: object;
  /** A JSON body (serialised with JSON.stringify). */
  body?: unknown;
}

/** A call, prepared once for all its attempts. */
interface Prepared {
  readonly method: string;
  readonly pathAndQuery: string;
  readonly path: string;
  readonly query: BuiltQuery;
  readonly contentType: string | undefined;
  readonly body: TransportBody | undefined;
  readonly logBody: string | undefined;
  readonly multipart: boolean;
  readonly replayable: boolean;
  readonly extra: readonly ExtraHeader[];
  readonly idempotenceKey: string | undefined;
  readonly binary: boolean;
}

const JSON_TYPE = 'application/json';

/**
 * The internals a MerchantClient needs. Opaque to generated code; the classic (compat) API uses `exchange`.
 */
export class ClientCore {
  readonly config: ResolvedConfig;
  readonly #signer: V1HmacSigner;
  readonly #metaInfo: string;
  readonly #transport: Transport;
  readonly #policy: RetryPolicy;
  readonly #logger: RequestLogger | undefined;
  readonly #obfuscator: Obfuscator;
  readonly #telemetry: Telemetry;
  #closed = false;

  /** Masks a body as the log masks it (the client's obfuscation rules); what errors keep in responseBody. */
  readonly maskBody = (text: string): string => this.#obfuscator.body(text);

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.#signer = new V1HmacSigner(config.apiKeyId, config.secretApiKey.reveal());
    this.#metaInfo = serverMetaInfo(config.integrator, config.shoppingCartExtension);
    this.#transport = config.transport ?? defaultTransport(config);
    this.#telemetry = new Telemetry(config.hooks);
    this.#policy = {
      maxRetries: config.maxRetries,
      initialDelayMs: config.retryInitialDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
    };
    this.#obfuscator = new Obfuscator(config.obfuscationRules);
    this.#logger = config.logger ? new RequestLogger(config.logger, this.#obfuscator) : undefined;
  }

  /** Releases pooled connections; later calls fail. Waits for in-flight requests. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#transport.close();
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

  // ---------------------------------------------------------------- one attempt

  /**
   * The signed headers of one attempt: a fresh Date, so a fresh signature. Synchronous with node:crypto (the fast
   * path); a Promise where the signature comes from WebCrypto (platform.web.ts).
   */
  #headers(p: Prepared): Record<string, string> | Promise<Record<string, string>> {
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
    const auth = this.#signer.authorization({
      method: p.method,
      contentType: p.contentType,
      date,
      gcsHeaders: gcs,
      path: p.path,
      decodedQuery: p.query.decoded,
    });
    if (typeof auth === 'string') {
      headers['Authorization'] = auth;
      return headers;
    }
    return auth.then((a) => {
      headers['Authorization'] = a;
      return headers;
    });
  }

  async #attempt(p: Prepared, timeoutMs: number, signal: AbortSignal | undefined): Promise<Received> {
    const signed = this.#headers(p);
    const headers = signed instanceof Promise ? await signed : signed;
    const messageId = this.#logger ? randomUUID() : '';
    const started = this.#logger ? performance.now() : 0;
    this.#logger?.request(messageId, p.method, p.pathAndQuery, headers, p.logBody, p.multipart);

    const deadline = new AttemptDeadline(timeoutMs, signal);
    let body: AsyncIterable<Uint8Array> | undefined;
    let handedOut = false;
    try {
      const res = await deadline.race(
        this.#transport.send(
          { method: p.method, origin: this.config.origin, path: p.pathAndQuery, headers, body: p.body, timeoutMs },
          deadline,
        ),
      );
      if (p.binary && res.status >= 200 && res.status < 300) {
        // The file streams to the caller after this call returns. The attempt's deadline (and the caller's signal)
        // keep running until the stream closes: a body that drips slowly cannot outlive timeoutMs.
        const source = res.body instanceof Readable ? res.body : Readable.from(res.body);
        // the caller reads a stream whose errors are the SDK's (a transport's own errors, such as undici's
        // ResponseContentLengthMismatchError for a body shorter than announced, become CommunicationError)
        const stream = Readable.from(
          typedErrors(source, () => this.#failureContext(deadline, signal, p, timeoutMs)),
          {
            objectMode: false,
          },
        );
        stream.once('close', () => source.destroy());
        // the source's errors reach the caller through `stream` (typedErrors); none may go unhandled
        source.on('error', () => {});
        deadline.onAbort = () => {
          const err = deadline.timedOut
            ? timeoutError(this.#failureContext(deadline, signal, p, timeoutMs))
            : abortError(signal, p.idempotenceKey);
          stream.destroy(err);
          // a read still waiting on the transport ends now, not when its next chunk arrives
          source.destroy(err);
        };
        stream.once('close', () => deadline.finish());
        // whoever reads the stream (for await, pipeline) still gets the error; a stream nobody reads must not
        // crash the process with an unhandled 'error' event when its deadline passes
        stream.on('error', () => {});
        handedOut = true;
        this.#logger?.response(
          messageId,
          p.method,
          p.pathAndQuery,
          res.status,
          Math.round(performance.now() - started),
          res.headers,
          undefined,
          true,
        );
        return { status: res.status, headers: res.headers, text: undefined, stream, messageId };
      }
      const max = this.config.maxResponseBytes;
      const declared = header(res.headers, 'content-length');
      body = res.body;
      const text = declared !== undefined && Number(declared) > max ? null : await deadline.race(readText(body, max));
      if (text === null) throw this.#tooLarge(res.status, res.headers, p);
      body = undefined;
      this.#logger?.response(
        messageId,
        p.method,
        p.pathAndQuery,
        res.status,
        Math.round(performance.now() - started),
        res.headers,
        text,
        false,
      );
      return { status: res.status, headers: res.headers, text, stream: undefined, messageId };
    } catch (e) {
      // a body left half-read (deadline, abort, too large) must not hold its connection
      if (body instanceof Readable) discard(body);
      const err = e instanceof ConnectError ? e : failure(e, this.#failureContext(deadline, signal, p, timeoutMs));
      this.#logger?.error(messageId, p.method, p.pathAndQuery, Math.round(performance.now() - started), err);
      throw err;
    } finally {
      if (!handedOut) deadline.finish();
    }
  }

  #failureContext(
    deadline: AttemptDeadline,
    caller: AbortSignal | undefined,
    p: Prepared,
    timeoutMs: number,
  ): FailureContext {
    return {
      deadline,
      caller,
      closed: this.#closed,
      origin: this.config.origin,
      method: p.method,
      path: p.path,
      timeoutMs,
      idempotenceKey: p.idempotenceKey,
    };
  }

  #tooLarge(status: number, headers: Received['headers'], p: Prepared): CommunicationError {
    const max = this.config.maxResponseBytes;
    return new CommunicationError(
      `the response body (HTTP ${status}) of ${p.method} ${p.path} is larger than maxResponseBytes (${max} bytes)`,
      { statusCode: status, headers: flattenHeaders(headers), idempotenceKey: p.idempotenceKey },
    );
  }

  // ---------------------------------------------------------------- attempts and retries

  /** Sends with retries; resolves for any HTTP status; rejects with CommunicationError (or a subclass). */
  async #send(p: Prepared, options: RequestOptions | undefined, trace?: CallTrace): Promise<Received> {
    const timeoutMs = options?.timeoutMs ?? this.config.timeoutMs;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || timeoutMs > MAX_TIMER_MS)
      throw new TypeError(`options.timeoutMs must be a positive number of ms, at most ${MAX_TIMER_MS}`);
    const maxRetries = options?.maxRetries ?? this.config.maxRetries;
    if (!Number.isInteger(maxRetries) || maxRetries < 0)
      throw new TypeError('options.maxRetries must be a non-negative integer');
    const policy = maxRetries === this.#policy.maxRetries ? this.#policy : { ...this.#policy, maxRetries };
    const signal = options?.signal;
    const eligible = maxRetries > 0 && isRetryable(p.method, p.idempotenceKey, p.replayable);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError(signal, p.idempotenceKey);
      if (this.#closed) throw new CommunicationError('the client is closed', { idempotenceKey: p.idempotenceKey });
      let r: Received;
      try {
        r = await this.#attempt(p, timeoutMs, signal);
      } catch (err) {
        const retry = decideRetry(attempt, { error: err as Error }, policy, eligible, this.#closed);
        if (retry === null) throw err;
        trace?.retry(attempt + 2, undefined, retry.reason, retry.delayMs);
        await this.#backoff(attempt + 1, retry, signal, p);
        continue;
      }
      const outcome = { status: r.status, retryAfter: header(r.headers, 'retry-after'), body: r.text };
      const retry = decideRetry(attempt, outcome, policy, eligible, this.#closed);
      if (retry === null) return r;
      trace?.retry(attempt + 2, r.status, retry.reason, retry.delayMs);
      await this.#backoff(attempt + 1, retry, signal, p);
    }
  }

  async #backoff(retry: number, decision: RetryDecision, signal: AbortSignal | undefined, p: Prepared): Promise<void> {
    this.#logger?.retry(p.method, p.pathAndQuery, retry, decision.delayMs, decision.reason);
    if (decision.delayMs <= 0) return;
    try {
      await sleep(decision.delayMs, signal);
    } catch (e) {
      // same cause as an abort in flight: the caller's reason
      throw abortError(signal, p.idempotenceKey, e);
    }
  }

  // ---------------------------------------------------------------- entry points

  /**
   * One typed operation (the generated resources): resolves the parsed result of a 2xx, throws the ApiError
   * subclass of any other status, CommunicationError for transport failures.
   * `pathValues` are ALL path values in path order (merchant id first); `encodedMerchantId` skips re-checking it.
   */
  async callOperation<T>(
    op: OperationDef,
    pathValues: readonly unknown[],
    query: object | undefined,
    body: unknown,
    options: RequestOptions | undefined,
    encodedMerchantId?: string,
  ): Promise<APIResponse<T>> {
    const prepared = this.#prepare(op, op.method, buildPath(op, pathValues, encodedMerchantId), query, body, options);
    const p = prepared instanceof Promise ? await prepared : prepared;
    const trace = this.#telemetry.active ? this.#trace(op.id, op.path, p, pathValues[0]) : undefined;
    if (trace === undefined) return toResult<T>(await this.#send(p, options), p, op, this.maskBody);
    try {
      const r = await this.#send(p, options, trace);
      const result = toResult<T>(r, p, op, this.maskBody);
      trace.end(r.status, r.headers);
      return result;
    } catch (e) {
      trace.error(e);
      throw e;
    }
  }

  /** Starts the trace of a call (only when someone listens: see telemetry.ts). */
  #trace(operation: string, pathTemplate: string, p: Prepared, merchantId: unknown): CallTrace | undefined {
    return this.#telemetry.begin({
      operation,
      merchantId: typeof merchantId === 'string' ? merchantId : undefined,
      method: p.method,
      pathTemplate,
      origin: this.config.origin,
      idempotenceKey: p.idempotenceKey,
    });
  }

  /**
   * One operation, any status (the classic compat API): same signing, transport, retries and logging, but it
   * resolves `{ status, headers, body, idempotenceRequestTimestamp }` for ANY HTTP status and rejects only when
   * there is no usable response (CommunicationError: connection, timeout, abort, unparsable JSON body).
   * `pathValues` are ALL path values in path order, merchant id first (e.g. ['1234', paymentId]).
   * For a successful binary operation (files.getFile) `body` is the Readable stream.
   */
  async exchange(
    op: OperationDef,
    pathValues: readonly unknown[],
    query: object | undefined,
    body: unknown,
    options?: RequestOptions,
  ): Promise<RawResponse> {
    const p = await this.#prepare(op, op.method, buildPath(op, pathValues), query, body, options);
    const trace = this.#telemetry.active ? this.#trace(op.id, op.path, p, pathValues[0]) : undefined;
    try {
      const r = await this.#send(p, options, trace);
      const raw = toRawResponse(r, p, this.maskBody);
      trace?.end(r.status, r.headers);
      return raw;
    } catch (e) {
      trace?.error(e);
      throw e;
    }
  }

  /** A signed request to any path (`connect.request()`): throwing, untyped, same pipeline as callOperation. */
  async callPath<T>(init: RawRequestInit): Promise<APIResponse<T>> {
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
    const trace = this.#telemetry.active ? this.#trace('request', path, p, path.split('/')[2]) : undefined;
    try {
      const r = await this.#send(p, init, trace);
      const result = toResult<T>(r, p, undefined, this.maskBody);
      trace?.end(r.status, r.headers);
      return result;
    } catch (e) {
      trace?.error(e);
      throw e;
    }
  }
}

/** The chunks of a downloaded file; an error of the transport while reading becomes the SDK's error (failure()). */
async function* typedErrors(
  source: AsyncIterable<Uint8Array>,
  context: () => FailureContext,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of source) yield chunk;
  } catch (e) {
    throw e instanceof ConnectError ? e : failure(e, context());
  }
}
