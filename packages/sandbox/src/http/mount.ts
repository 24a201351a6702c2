/**
 * How surfaces are mounted: each surface folder exports `mount(ctx): Mount[]`, app.ts lists them.
 * A request goes to the mounts whose prefix it starts with, longest prefix first; a handler that
 * returns false declines it and the next one is tried; nobody answering -> `fallback`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestRecord } from './request-log.js';

/** One request, split once. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** upper-case */
  readonly method: string;
  /** raw path (not percent-decoded), without the query */
  readonly path: string;
  /** the text after '?', undefined when there is no '?' */
  readonly rawQuery: string | undefined;
  /** what the terminal log says about this request, when someone listens (surfaces fill in what they know) */
  readonly log: RequestRecord | undefined;
}

/** Answers the exchange (true) or declines it (false). */
export type ExchangeHandler = (x: Exchange) => boolean | Promise<boolean>;

export interface Mount {
  /** `/v1/`, `/_sandbox`, `/client/v1/`, `/hostedcheckout/`, `/` ... */
  readonly prefix: string;
  readonly handle: ExchangeHandler;
}

/** One handler for all mounts. */
export function dispatcher(mounts: readonly Mount[], fallback: (x: Exchange) => void | Promise<void>): ExchangeHandler {
  const ordered = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  return async (x) => {
    for (const m of ordered) {
      if (!x.path.startsWith(m.prefix)) continue;
      const r = m.handle(x);
      if (r === true || (r !== false && (await r))) return true;
    }
    await fallback(x);
    return true;
  };
}

/**
 * Splits the request line into an exchange. With `listeners`, the exchange carries a request record
 * that they get once the response is finished (the record is made only when someone listens, so the
 * throughput path stays as it was).
 */
export function exchange(
  req: IncomingMessage,
  res: ServerResponse,
  listeners?: ReadonlySet<(r: RequestRecord) => void>,
): Exchange {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  let log: RequestRecord | undefined;
  if (listeners !== undefined && listeners.size > 0) {
    const rec: RequestRecord = {
      at: Date.now(),
      method,
      path,
      operation: undefined,
      merchantId: undefined,
      status: 0,
      durationMs: 0,
      replay: false,
      fault: undefined,
    };
    const started = performance.now();
    res.once('close', () => {
      rec.status = res.headersSent ? res.statusCode : 0;
      rec.durationMs = Math.round((performance.now() - started) * 10) / 10;
      for (const l of listeners) {
        try {
          l(rec);
        } catch {
          // a failing log line must not break the server
        }
      }
    });
    log = rec;
  }
  return { req, res, method, path, rawQuery: q >= 0 ? rawUrl.slice(q + 1) : undefined, log };
}
