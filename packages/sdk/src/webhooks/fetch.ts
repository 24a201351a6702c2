import { ApiVersionMismatchError, SignatureValidationError, WebhookBodySyntaxError } from './errors.js';
import type { TypedWebhooksEvent } from './events.js';
import type { WebhooksHelper } from './helper.js';
import { endpointVerificationResponse, RawBodyError } from './http.js';

/** The raw body bytes, refusing more than `limit` (by Content-Length first, then while reading). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = (): RawBodyError => new RawBodyError(`the webhook body is larger than ${limit} bytes`, 413);
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A handler for fetch-style servers (`(request: Request) => Promise<Response>`: Next.js route handlers, Hono,
 * Bun, Deno, undici). Same answers as {@link createWebhooksListener}: endpoint verification echoed as text/plain,
 * 405 for other methods than POST, 400 for a forged or invalid delivery, 500 when `onEvent` or the key store
 * fails, 200 otherwise. The body is read as raw bytes with `request.arrayBuffer()`.
 */
export function createFetchWebhooksHandler(
  helper: WebhooksHelper,
  onEvent: (event: TypedWebhooksEvent, request: Request) => unknown,
  options: {
    /** Largest accepted body in bytes (default 1 MiB); larger bodies get 413 before any signature work. */
    limitBytes?: number;
    onError?: (error: unknown, request: Request) => void;
  } = {},
): (request: Request) => Promise<Response> {
  const limit = options.limitBytes ?? 1024 * 1024;
  const text = (status: number, body: string, headers: Record<string, string> = {}): Response =>
    new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
  return async (request) => {
    const verification = endpointVerificationResponse(request.headers);
    if (verification !== undefined) {
      return text(verification.status, verification.body, { 'X-Content-Type-Options': 'nosniff' });
    }
    if (request.method !== 'POST') return text(405, 'webhook deliveries must be POST requests', { Allow: 'POST' });
    let event: TypedWebhooksEvent;
    try {
      event = await helper.unmarshal(await readLimited(request, limit), request.headers);
    } catch (error) {
      options.onError?.(error, request);
      if (error instanceof RawBodyError) return text(error.status, error.message);
      if (
        error instanceof SignatureValidationError ||
        error instanceof WebhookBodySyntaxError ||
        error instanceof ApiVersionMismatchError
      ) {
        return text(400, `rejected webhook delivery: ${error.message}`);
      }
      return text(500, 'the webhook delivery could not be checked');
    }
    try {
      await onEvent(event, request);
    } catch (error) {
      options.onError?.(error, request);
      return text(500, 'the webhook event could not be processed');
    }
    return text(200, 'OK');
  };
}
