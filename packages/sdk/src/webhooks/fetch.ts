import { ApiVersionMismatchError, SignatureValidationError, WebhookBodySyntaxError } from './errors.js';
import type { TypedWebhooksEvent } from './events.js';
import type { WebhooksHelper } from './helper.js';
import { endpointVerificationResponse } from './http.js';

/**
 * A handler for fetch-style servers (`(request: Request) => Promise<Response>`: Next.js route handlers, Hono,
 * Bun, Deno, undici). Same answers as {@link createWebhooksListener}: endpoint verification echoed as text/plain,
 * 405 for other methods than POST, 400 for a forged or invalid delivery, 500 when `onEvent` or the key store
 * fails, 200 otherwise. The body is read as raw bytes with `request.arrayBuffer()`.
 */
export function createFetchWebhooksHandler(
  helper: WebhooksHelper,
  onEvent: (event: TypedWebhooksEvent, request: Request) => unknown,
  options: { onError?: (error: unknown, request: Request) => void } = {},
): (request: Request) => Promise<Response> {
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
      event = await helper.unmarshal(new Uint8Array(await request.arrayBuffer()), request.headers);
    } catch (error) {
      options.onError?.(error, request);
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
