/** A Promise of a parsed result that can also give the response metadata (one request either way). */

/** The result plus what the response said about it. */
export interface APIResponse<T> {
  data: T;
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** `X-GCS-Idempotence-Request-Timestamp` (epoch ms): present when the platform replayed a keyed request. */
  idempotenceRequestTimestamp: number | undefined;
  /** The idempotence key sent (the caller's or a generated one), if any. */
  idempotenceKey: string | undefined;
  /** The SDK's message id for this call (also in the log lines). */
  requestId: string;
}

/**
 * `await promise` gives the data; `await promise.withResponse()` gives data, status, headers and the idempotence
 * timestamp. The request is sent when the method is called, as with any Promise-returning API (a `cancel` or
 * `capture` that is not awaited still happens), and runs only once.
 */
export class APIPromise<T> extends Promise<T> {
  readonly #response: Promise<APIResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(executor: () => Promise<APIResponse<T>>) {
    super((resolve) => resolve(null as T));
    this.#response = executor();
    // A caller who never awaits (fire and forget) must not crash the process with an unhandled rejection;
    // whoever awaits still gets the error.
    this.#response.catch(() => undefined);
  }

  // then/catch/finally of derived promises are plain Promises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** Data plus status, headers and idempotence metadata. */
  withResponse(): Promise<APIResponse<T>> {
    return this.#response;
  }

  #dataPromise(): Promise<T> {
    if (this.#data === undefined) this.#data = this.#response.then((r) => r.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: an APIPromise is a Promise by design
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#dataPromise().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#dataPromise().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#dataPromise().finally(onfinally);
  }
}
