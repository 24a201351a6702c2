import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiVersionMismatchError, SignatureValidationError, WebhookBodySyntaxError } from './errors.js';
import type { TypedWebhooksEvent } from './events.js';
import type { WebhooksHelper } from './helper.js';
import { forEachHeader, type WebhookHeaders } from './signature.js';

/** Header with which the platform checks a new webhook endpoint; the answer must echo its value. */
export const ENDPOINT_VERIFICATION_HEADER = 'X-GCS-Webhooks-Endpoint-Verification';

/**
 * The answer to the platform's endpoint verification request, or `undefined` when the request
 * is not one: status 200, `text/plain`, the header value echoed as the body.
 */
export function endpointVerificationResponse(
  headers: WebhookHeaders,
): { status: 200; headers: { 'Content-Type': 'text/plain; charset=utf-8' }; body: string } | undefined {
  const wanted = ENDPOINT_VERIFICATION_HEADER.toLowerCase();
  let value: string | undefined;
  const visit = (name: string, v: unknown): void => {
    if (value === undefined && name.toLowerCase() === wanted && v !== undefined && v !== null) {
      value = Array.isArray(v) ? String(v[0]) : String(v);
    }
  };
  forEachHeader(headers, visit);
  if (value === undefined) return undefined;
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: value };
}

/**
 * node:http (and Express, whose req/res extend node's): answers an endpoint verification
 * request and returns true; returns false (and writes nothing) for any other request.
 */
export function respondToEndpointVerification(req: IncomingMessage, res: ServerResponse): boolean {
  const answer = endpointVerificationResponse(req.headers);
  if (answer === undefined) return false;
  res.writeHead(answer.status, {
    ...answer.headers,
    'Content-Length': Buffer.byteLength(answer.body),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(answer.body);
  return true;
}

/** Thrown by {@link readRawBody} when the body cannot be read as raw bytes. */
export class RawBodyError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'RawBodyError';
    this.status = status;
  }
}

/**
 * The raw body bytes of a request. Works on a plain node:http request (reads the stream) and on
 * an Express request after `express.raw({ type: '*\/*' })` or `express.text()` (uses `req.body`).
 * If a JSON body parser already replaced the body with an object, the exact bytes are gone and
 * the signature cannot be checked: this rejects with a {@link RawBodyError} saying so.
 */
export async function readRawBody(
  req: IncomingMessage & { body?: unknown },
  options: { limitBytes?: number } = {},
): Promise<Buffer> {
  const limit = options.limitBytes ?? 1024 * 1024;
  const pre = req.body;
  if (Buffer.isBuffer(pre)) return pre;
  if (typeof pre === 'string') return Buffer.from(pre, 'utf8');
  if (pre instanceof Uint8Array || (ArrayBuffer.isView(pre) && !(pre instanceof DataView))) {
    return Buffer.from(pre.buffer, pre.byteOffset, pre.byteLength);
  }
  if (
    pre !== undefined &&
    pre !== null &&
    !(typeof pre === 'object' && Object.keys(pre).length === 0 && req.readable)
  ) {
    throw new RawBodyError(
      'the request body was already parsed (e.g. by express.json()); the webhook signature covers the exact bytes, ' +
        "so mount express.raw({ type: '*/*' }) on the webhook route instead",
      500,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    size += buf.length;
    if (size > limit) {
      throw new RawBodyError(`the webhook body is larger than ${limit} bytes`, 413);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

export interface WebhooksListenerOptions {
  /** Largest accepted body in bytes (default 1 MiB). */
  limitBytes?: number;
  /** Called with every rejected or failed delivery (e.g. to log it). Never receives secrets. */
  onError?: (error: unknown, req: IncomingMessage) => void;
}

/**
 * A request listener for node:http (`http.createServer(listener)`) that is also an Express
 * handler (`app.post('/webhooks', listener)`):
 * - endpoint verification requests get their value echoed (200, text/plain);
 * - other methods than POST get 405;
 * - deliveries are validated and parsed; `onEvent` runs with the typed event;
 * - 200 when `onEvent` resolved, 400 for a forged/invalid delivery, 500 when `onEvent` (or the
 *   secret key store) failed, so that the platform delivers the event again later.
 */
export function createWebhooksListener(
  helper: WebhooksHelper,
  onEvent: (event: TypedWebhooksEvent, req: IncomingMessage) => unknown,
  options: WebhooksListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const send = (res: ServerResponse, status: number, text: string): void => {
    if (res.headersSent) return;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  return async (req, res) => {
    if (respondToEndpointVerification(req, res)) return;
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      send(res, 405, 'webhook deliveries must be POST requests');
      return;
    }
    let event: TypedWebhooksEvent;
    try {
      const readOptions = options.limitBytes === undefined ? {} : { limitBytes: options.limitBytes };
      const body = await readRawBody(req, readOptions);
      // headersDistinct keeps repeated headers apart (req.headers joins them with ", ")
      event = await helper.unmarshal(body, req.headersDistinct ?? req.headers);
    } catch (error) {
      options.onError?.(error, req);
      if (error instanceof RawBodyError) {
        send(res, error.status, error.message);
      } else if (
        error instanceof SignatureValidationError ||
        error instanceof WebhookBodySyntaxError ||
        error instanceof ApiVersionMismatchError
      ) {
        send(res, 400, `rejected webhook delivery: ${error.message}`);
      } else {
        send(res, 500, 'the webhook delivery could not be checked');
      }
      return;
    }
    try {
      await onEvent(event, req);
    } catch (error) {
      options.onError?.(error, req);
      send(res, 500, 'the webhook event could not be processed');
      return;
    }
    send(res, 200, 'OK');
  };
}
