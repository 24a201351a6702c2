/**
 * The transport seam: the one interface between the request core (request.ts) and the network, after
 * stripe-node's HttpClient. The core builds, signs, retries, parses and maps errors; a transport only moves one
 * signed request and hands back status, headers and a body stream. The default is the undici keep-alive pool
 * (undici-transport.ts); tests and other runtimes inject their own with `new Connect({ transport })`
 * (docs/transport.md).
 *
 * This file also holds what every transport shares: the per-attempt deadline (a timer plus the caller's
 * AbortSignal, raced against the transport so that no transport can outlive `timeoutMs`) and the mapping of a
 * transport's failure to the SDK's error classes.
 */
import { AbortError, CommunicationError, type ConnectError, TimeoutError } from './errors.js';

/** A request body as the core hands it over: JSON text, bytes, or a (multipart) stream of bytes. */
export type TransportBody = string | Uint8Array | AsyncIterable<Uint8Array>;

/** One signed HTTP request. Every header is final: the transport must send them as they are (they are signed). */
export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | (string & {});
  /** `https://host[:port]` of the platform. */
  readonly origin: string;
  /** Encoded path plus query, e.g. `/v1/1234/payments?limit=10`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: TransportBody | undefined;
  /**
   * The attempt's deadline in ms. The core enforces it whatever the transport does; a transport may also use
   * it for its own socket timers.
   */
  readonly timeoutMs: number;
}

/** What a transport resolves as soon as the status line and headers have arrived. */
export interface TransportResponse {
  readonly status: number;
  /** Header names in lower case; repeated headers as an array. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * The body, not yet read. The core reads it (bounded by `maxResponseBytes`) or, for a file download, hands it
   * to the caller. Ending the iteration early (`return()`) must release the connection: a Node Readable and a
   * WHATWG ReadableStream both do.
   */
  readonly body: AsyncIterable<Uint8Array>;
}

/**
 * The abort signal of one attempt: fires on the deadline, on the caller's AbortSignal, or when the body
 * handed out is no longer wanted. A real `AbortSignal` fits this shape; so does undici's signal option.
 */
export interface TransportSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Moves one request. `send` rejects only when no response arrived; a failure that certainly happened before the
 * server got the request should carry a Node-style `code` (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, ...; see
 * retry.ts) so that the core may retry it. `close` releases pooled connections; in-flight requests may finish.
 */
export interface Transport {
  send(request: TransportRequest, signal: TransportSignal): Promise<TransportResponse>;
  close(): Promise<void>;
}

/**
 * One attempt's deadline and abort, as the signal handed to the transport: fires when `timeoutMs` has passed or
 * the caller's AbortSignal aborts. `race` settles with the transport's work or rejects the moment the signal
 * fires, even if the transport never settles (a proxy that is redialled forever or never answers): the deadline
 * is the core's, not the transport's. Cheaper than an AbortController per call.
 */
export class AttemptDeadline implements TransportSignal {
  aborted = false;
  reason: unknown = undefined;
  /** Set when the deadline (not the caller) ended the attempt. */
  timedOut = false;
  #listeners: (() => void)[] = [];
  #reject: ((reason: unknown) => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort: (() => void) | undefined;
  /** Called first when the attempt is aborted (e.g. to end a file stream handed out with the right error). */
  onAbort: (() => void) | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.abort(undefined);
    }, timeoutMs);
    this.#caller = caller;
    if (caller) {
      this.#onCallerAbort = () => this.abort(caller.reason);
      caller.addEventListener('abort', this.#onCallerAbort, { once: true });
    }
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.#listeners.indexOf(listener);
    if (i !== -1) this.#listeners.splice(i, 1);
  }

  /** `work`, unless the attempt is aborted first: then it rejects at once with the abort reason (see failure()). */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.aborted) {
      work.catch(() => {});
      return Promise.reject(this.reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      work.then(resolve, reject);
    });
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.finish();
    this.onAbort?.();
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const l of listeners) l();
    const reject = this.#reject;
    this.#reject = null;
    reject?.(reason);
  }

  /** The attempt is over: stop the timer and stop listening to the caller's signal. */
  finish(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#caller && this.#onCallerAbort) this.#caller.removeEventListener('abort', this.#onCallerAbort);
  }
}

/** What the failure mapping needs to know about the attempt. */
export interface FailureContext {
  readonly deadline: AttemptDeadline;
  readonly caller: AbortSignal | undefined;
  readonly closed: boolean;
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;
  readonly idempotenceKey: string | undefined;
}

/** The error for an attempt that ended on its deadline. */
export function timeoutError(ctx: FailureContext, cause?: unknown): TimeoutError {
  return new TimeoutError(`${ctx.method} ${ctx.path} timed out after ${ctx.timeoutMs} ms`, {
    cause,
    idempotenceKey: ctx.idempotenceKey,
  });
}

/** The error for an attempt the caller's AbortSignal ended. */
export function abortError(caller: AbortSignal | undefined, key: string | undefined, cause?: unknown): AbortError {
  return new AbortError('request aborted by the caller', { cause: caller?.reason ?? cause, idempotenceKey: key });
}

/** OpenSSL's complaint when TLS gets a plain-HTTP answer (`https` against `http://localhost:...`). */
const PLAIN_HTTP_ANSWER = /wrong version number|WRONG_VERSION_NUMBER|packet length too long/i;

/**
 * undici's HTTPParserError keeps the raw bytes it could not parse in `data`: a response that echoed the request
 * (card data, an IBAN) would then show in util.inspect(err) and in loggers. The SDK keeps the error, not the bytes.
 */
function withoutRawBytes(e: unknown): void {
  let x: unknown = e;
  for (let depth = 0; depth < 4 && x !== null && typeof x === 'object'; depth++) {
    const data = (x as { data?: unknown }).data;
    if (typeof data === 'string' || data instanceof Uint8Array) {
      try {
        Object.defineProperty(x, 'data', {
          value: `[${data.length} bytes of the response withheld]`,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      } catch {
        // a frozen error keeps its property; nothing else to do
      }
    }
    x = (x as { cause?: unknown }).cause;
  }
}

/** Maps whatever a transport (or the deadline) rejected with to the SDK's error classes. */
export function failure(e: unknown, ctx: FailureContext): ConnectError {
  withoutRawBytes(e);
  const code = (e as { code?: unknown } | null)?.code;
  if (ctx.deadline.timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return timeoutError(ctx, e);
  }
  if (ctx.caller?.aborted) return abortError(ctx.caller, ctx.idempotenceKey, e);
  if (ctx.closed || code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') {
    return new CommunicationError('the client is closed', { cause: e, idempotenceKey: ctx.idempotenceKey });
  }
  const detail = e instanceof Error ? `${typeof code === 'string' ? `${code}: ` : ''}${e.message}` : String(e);
  const hint =
    ctx.origin.startsWith('https:') && PLAIN_HTTP_ANSWER.test(detail)
      ? ". The server answered in plain HTTP, not TLS: for a local sandbox (http://localhost:...) set scheme: 'http'"
      : '';
  return new CommunicationError(`communication with ${ctx.origin} failed (${detail})${hint}`, {
    cause: e,
    idempotenceKey: ctx.idempotenceKey,
  });
}
