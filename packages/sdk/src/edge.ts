/**
 * connect-server-sdk for the fetch runtimes: Cloudflare Workers (workerd), Deno and Bun, selected by the
 * package's `exports` conditions. The same client as on Node (src/index.ts) over the fetch transport, with
 * v1HMAC and webhook signatures through WebCrypto; built without undici or any node: module (tsup.config.ts
 * swaps core/platform.ts for core/platform.web.ts). Left out: the classic compat API and the node:http webhook
 * listener (use createFetchWebhooksHandler), and the synchronous computeWebhookSignature/signWebhook (use the
 * Async versions).
 */

export * from './checkout/index.js';
export { Connect } from './client.js';
export type { APIResponse } from './core/api-promise.js';
export { APIPromise } from './core/api-promise.js';
export type { ConnectConfig, ProxyConfig } from './core/config.js';
export { DEFAULTS } from './core/config.js';
export {
  AbortError,
  ApiError,
  AuthenticationError,
  AuthorizationError,
  CommunicationError,
  ConnectError,
  DeclinedPaymentError,
  DeclinedPayoutError,
  DeclinedRefundError,
  DeclinedTransactionError,
  IdempotenceError,
  InvalidReferenceError,
  NotFoundError,
  PlatformError,
  TimeoutError,
  ValidationError,
} from './core/errors.js';
export { type FetchFunction, type FetchInit, type FetchResponseLike, FetchTransport } from './core/fetch-transport.js';
export type { ShoppingCartExtension } from './core/headers.js';
export type { Logger } from './core/logging.js';
export type { UploadFileInput } from './core/multipart.js';
export { type ObfuscationRule, Obfuscator, obfuscate } from './core/obfuscation.js';
export type { Page, PagedIterable } from './core/pagination.js';
export type { RawRequestInit, RequestOptions } from './core/request.js';
export type { BinaryResponse, RawResponse } from './core/response.js';
export {
  type CallEndEvent,
  type CallErrorEvent,
  type CallEvent,
  type CallInfo,
  type CallRetryEvent,
  type CallStartEvent,
  CHANNELS,
  type ConnectHooks,
} from './core/telemetry.js';
export type {
  Transport,
  TransportBody,
  TransportRequest,
  TransportResponse,
  TransportSignal,
} from './core/transport.js';
export type { HttpMethod, OperationDef, OperationId } from './generated/operations.js';
export { operations, operationsById } from './generated/operations.js';
export * from './generated/resources.js';
export type * from './models/index.js';
export { SDK_VERSION } from './version.js';
export {
  ApiVersionMismatchError,
  SDK_API_VERSION,
  SecretKeyNotAvailableError,
  SignatureValidationError,
  WebhookBodySyntaxError,
} from './webhooks/errors.js';
export {
  type DisputeWebhooksEvent,
  isWebhooksEventOf,
  isWebhooksEventType,
  type KnownWebhooksEventType,
  type PaymentWebhooksEvent,
  type PayoutWebhooksEvent,
  type RefundWebhooksEvent,
  type TokenWebhooksEvent,
  type TypedWebhooksEvent,
  type UnknownWebhooksEvent,
  type UnknownWebhooksEventType,
  type WebhooksEventFor,
  type WebhooksEventObject,
  type WebhooksEventOf,
  type WebhooksEventTypeOf,
} from './webhooks/events.js';
export { createFetchWebhooksHandler } from './webhooks/fetch.js';
export { parseWebhooksEvent, WebhooksHelper, type WebhooksHelperOptions } from './webhooks/helper.js';
export { ENDPOINT_VERIFICATION_HEADER, endpointVerificationResponse, RawBodyError } from './webhooks/http.js';
export {
  InMemorySecretKeyStore,
  type SecretKeyLookup,
  type SecretKeyStore,
  secretKeyStoreFromFunction,
} from './webhooks/secret-key-store.js';
export {
  computeWebhookSignatureAsync,
  constantTimeEquals,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signWebhookAsync,
  type WebhookBody,
  type WebhookHeaders,
} from './webhooks/signature.js';
