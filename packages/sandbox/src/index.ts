/** connect-sandbox: the public API of the package. */
export { type Sandbox, startSandbox } from './app.js';
export type { SandboxContext } from './context.js';
export type { ApiKeyConfig } from './domain/access.js';
export {
  type ClientSessionDetails,
  type CustomerInputToEncrypt,
  type EncryptOptions,
  encryptCustomerInput,
  fetchPublicKey,
  type PublicKeyResponse,
} from './domain/customer-input/index.js';
export { type ApiErrorItem, SandboxError } from './domain/errors.js';
export type { FaultRule } from './domain/faults.js';
export {
  CHALLENGE_CARDS,
  COMPLETION_CARD,
  DECLINE_AMOUNTS,
  DECLINE_CARDS,
  luhnValid,
} from './domain/scenarios.js';
export type { SandboxEvent, WebhookEvent } from './events/bus.js';
export type { Delivery, WebhookEndpoint } from './events/webhooks.js';
export type { RequestRecord } from './http/request-log.js';
export { type CatalogueHandler, DEFAULTS, type SandboxOptions } from './options.js';
export { canonicalHeaderValue, sign, stringToSign } from './server-api/auth.js';
export { SandboxState } from './state.js';
