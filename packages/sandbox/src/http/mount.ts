/**
 * How surfaces are mounted: each surface folder exports `mount(ctx): Mount[]`, app.ts lists them.
 * A request goes to the mounts whose prefix it starts with, longest prefix first; a handler that
 * returns false declines it and the next one is tried; nobody answering -> `fallback`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

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

/** Splits the request line into an exchange. */
export function exchange(req: IncomingMessage, res: ServerResponse): Exchange {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  return {
    req,
    res,
    method: (req.method ?? 'GET').toUpperCase(),
    path: q >= 0 ? rawUrl.slice(0, q) : rawUrl,
    rawQuery: q >= 0 ? rawUrl.slice(q + 1) : undefined,
  };
}
