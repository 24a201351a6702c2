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
  /** The SDK's message id of the final attempt, shown in the log lines; undefined when logging is off. */
  requestId: string | undefined;
}

/**
 * `await promise` gives the data; `await promise.withResponse()` gives data, status, headers and the idempotence
 * timestamp. The request is sent when the method is called, as with any Promise-returning API (a `cancel` or
 * `capture` that is not awaited still happens), and runs only once.
 */
const FAILED: unique symbol = Symbol('failed');

export class APIPromise<T> extends Promise<T> {
  readonly #main: Promise<APIResponse<T> | typeof FAILED>;
  #data: Promise<T> | undefined;
  #response: Promise<APIResponse<T>> | undefined;
  #observed = false;
  #error: unknown;

  constructor(executor: () => Promise<APIResponse<T>>) {
    super((resolve) => resolve(null as T));
    this.#main = this.#run(executor);
  }

  // then/catch/finally of derived promises are plain Promises.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /*
   * Error stacks show the caller's line through V8's zero-cost async stack traces, which follow a chain of single
   * `await`s: SDK internals -> #run -> #awaitData / #awaitResponse -> the caller's `await`. So there is no
   * `.then()`/`.catch()` in the chain. A call nobody awaits (fire and forget) must not crash the process with an
   * unhandled rejection: #run keeps the error until someone asks for it.
   */
  async #run(executor: () => Promise<APIResponse<T>>): Promise<APIResponse<T> | typeof FAILED> {
    try {
      return await executor();
    } catch (e) {
      if (this.#observed) throw e;
      this.#error = e;
      return FAILED;
    }
  }

  async #awaitResponse(): Promise<APIResponse<T>> {
    const r = await this.#main;
    if (r === FAILED) throw this.#error;
    return r;
  }

  async #awaitData(): Promise<T> {
    const r = await this.#main;
    if (r === FAILED) throw this.#error;
    return r.data;
  }

  /** Data plus status, headers and idempotence metadata. */
  withResponse(): Promise<APIResponse<T>> {
    this.#observed = true;
    if (this.#response === undefined) this.#response = this.#awaitResponse();
    return this.#response;
  }

  #dataPromise(): Promise<T> {
    this.#observed = true;
    if (this.#data === undefined) this.#data = this.#awaitData();
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
