/**
 * A transport over WHATWG `fetch`: the default on Bun, Deno and Cloudflare Workers (the `workerd`/`deno`/`bun`
 * build), selectable on Node with `new Connect({ fetch })`. The core's deadline, abort, retry and idempotence
 * logic is the same as over undici (request.ts, transport.ts); this file only moves the bytes and translates
 * fetch's connection errors into the Node-style codes the retry policy knows (retry.ts).
 */
import type { Transport, TransportRequest, TransportResponse, TransportSignal } from './transport.js';

/** What the transport hands to `fetch` (a subset of RequestInit every runtime accepts). */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  signal: AbortSignal;
  /** The platform never redirects; a redirect is answered as it is. */
  redirect: 'manual';
  /** Needed by undici and Deno for a streamed (multipart) body. */
  duplex?: 'half';
}

/** The part of a fetch Response the transport reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  readonly body: ReadableStream<Uint8Array> | null;
}

/** A `fetch` function: `globalThis.fetch`, undici's fetch, or a test double. */
export type FetchFunction = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/** Connection failures by message, for runtimes whose fetch gives no Node-style code (Deno, Bun, workerd). */
const REFUSED = /ECONNREFUSED|connection refused|ConnectionRefused/i;
const RESET = /ECONNRESET|connection reset|ConnectionReset|ConnectionClosed|socket hang up|EPIPE/i;
const NOT_FOUND = /ENOTFOUND|EAI_AGAIN|dns error|failed to lookup|name resolution/i;

/** The Node-style code of a fetch failure, looked up in the error and its causes. */
export function fetchErrorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur !== null && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$|^UND_ERR_/.test(code)) return code;
    const text = `${typeof code === 'string' ? code : ''} ${String((cur as { message?: unknown }).message ?? '')}`;
    if (REFUSED.test(text)) return 'ECONNREFUSED';
    if (NOT_FOUND.test(text)) return 'ENOTFOUND';
    if (RESET.test(text)) return 'ECONNRESET';
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A streamed (multipart) body as a ReadableStream (ReadableStream.from is not in every runtime yet). */
function toStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/** A response body as an async iterable; leaving the loop early cancels the stream (and frees the connection). */
async function* iterate(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (body === null) return;
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

export class FetchTransport implements Transport {
  readonly #fetch: FetchFunction;

  constructor(options: { fetch: FetchFunction }) {
    if (typeof options?.fetch !== 'function') throw new TypeError('FetchTransport needs a fetch function');
    this.#fetch = options.fetch;
  }

  async send(request: TransportRequest, signal: TransportSignal): Promise<TransportResponse> {
    // fetch wants a real AbortSignal: the attempt's deadline/caller signal is bridged to a controller
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort);
    const b = request.body;
    const init: FetchInit = {
      method: request.method,
      headers: request.headers as Record<string, string>,
      signal: controller.signal,
      redirect: 'manual',
    };
    if (b !== undefined) {
      if (typeof b === 'string' || b instanceof Uint8Array) init.body = b;
      else {
        init.body = toStream(b);
        init.duplex = 'half';
      }
    }
    let res: FetchResponseLike;
    try {
      // called unbound: workerd's fetch throws "Illegal invocation" when called as a method of another object
      const f = this.#fetch;
      res = await f(request.origin + request.path, init);
    } catch (e) {
      signal.removeEventListener('abort', onAbort);
      const code = fetchErrorCode(e);
      if (code === undefined) throw e;
      throw Object.assign(new Error(e instanceof Error ? e.message : String(e), { cause: e }), { code });
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const body = iterate(res.body);
    return {
      status: res.status,
      headers,
      body: {
        [Symbol.asyncIterator]: () => ({
          next: () => body.next(),
          return: async () => {
            signal.removeEventListener('abort', onAbort);
            return body.return(undefined);
          },
        }),
      },
    };
  }

  /** fetch keeps no pool this client owns: nothing to release. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
