/**
 * The webhook exports that need no Node module: re-exported by webhooks/index.ts (Node) and by src/edge.ts
 * (workerd/deno/bun). The node:http listener and the synchronous signature functions live in webhooks/index.ts.
 */

export {
  ApiVersionMismatchError,
  SDK_API_VERSION,
  SecretKeyNotAvailableError,
  SignatureValidationError,
  WebhookBodySyntaxError,
} from './errors.js';
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
} from './events.js';
export { createFetchWebhooksHandler } from './fetch.js';
export { parseWebhooksEvent, WebhooksHelper, type WebhooksHelperOptions } from './helper.js';
export { ENDPOINT_VERIFICATION_HEADER, endpointVerificationResponse, RawBodyError } from './http.js';
export {
  InMemorySecretKeyStore,
  type SecretKeyLookup,
  type SecretKeyStore,
  secretKeyStoreFromFunction,
} from './secret-key-store.js';
export {
  computeWebhookSignatureAsync,
  constantTimeEquals,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signWebhookAsync,
  type WebhookBody,
  type WebhookHeaders,
} from './signature.js';
