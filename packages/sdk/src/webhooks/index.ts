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
export {
  createWebhooksListener,
  ENDPOINT_VERIFICATION_HEADER,
  endpointVerificationResponse,
  RawBodyError,
  readRawBody,
  respondToEndpointVerification,
  type WebhooksListenerOptions,
} from './http.js';
export {
  InMemorySecretKeyStore,
  type SecretKeyLookup,
  type SecretKeyStore,
  secretKeyStoreFromFunction,
} from './secret-key-store.js';
export {
  computeWebhookSignature,
  constantTimeEquals,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  type WebhookBody,
  type WebhookHeaders,
} from './signature.js';
