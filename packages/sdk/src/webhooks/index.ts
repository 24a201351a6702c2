/** Every webhook export on Node: the portable ones (webhooks/portable.ts) and the ones that need node: modules. */

export {
  createWebhooksListener,
  readRawBody,
  respondToEndpointVerification,
  type WebhooksListenerOptions,
} from './http.js';
export * from './portable.js';
export { computeWebhookSignature, signWebhook } from './signature.js';
