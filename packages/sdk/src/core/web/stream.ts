/**
 * Stands in for `node:stream` in the workerd/deno/bun build (tsup.config.ts), so that the request core needs no
 * Node module there. Only what the core uses: `Readable.from(asyncIterable)`, `instanceof Readable`, and, on the
 * file stream handed to the caller of a download, async iteration, `destroy(error)`, `once('close')`,
 * `on('error')`.
 */
type Listener = (error?: unknown) => void;

export class Readable implements AsyncIterable<Uint8Array> {
  readonly #it: AsyncIterator<Uint8Array>;
  #error: unknown = undefined;
  #closed = false;
  readonly #listeners: { close: Listener[]; error: Listener[] } = { close: [], error: [] };

  static from(source: AsyncIterable<Uint8Array>, _options?: { objectMode?: boolean }): Readable {
    return source instanceof Readable ? source : new Readable(source);
  }

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#it = source[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: async () => {
        if (this.#error !== undefined) throw this.#error;
        if (this.#closed) return { done: true, value: undefined };
        try {
          const r = await this.#it.next();
          if (this.#error !== undefined) throw this.#error;
          if (r.done) this.#close();
          return r;
        } catch (e) {
          throw this.#error ?? e;
        }
      },
      return: async () => {
        this.destroy();
        return { done: true, value: undefined };
      },
    };
  }

  destroy(error?: unknown): this {
    if (this.#closed) return this;
    if (error !== undefined) {
      this.#error = error;
      for (const l of this.#listeners.error) l(error);
    }
    this.#it.return?.()?.catch(() => {});
    this.#close();
    return this;
  }

  on(event: 'close' | 'error', listener: Listener): this {
    this.#listeners[event].push(listener);
    return this;
  }

  once(event: 'close' | 'error', listener: Listener): this {
    const wrapped: Listener = (e) => {
      const list = this.#listeners[event];
      list.splice(list.indexOf(wrapped), 1);
      listener(e);
    };
    return this.on(event, wrapped);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const l of [...this.#listeners.close]) l();
  }
}
