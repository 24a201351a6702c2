/**
 * The exports both entries share: src/index.ts (Node) and src/edge.ts (workerd/deno/bun) each re-export this
 * list and add their own webhook exports, so a new public name is added once. Nothing here may import a node:
 * module or undici except through the files the edge build swaps (tsup.config.ts).
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
