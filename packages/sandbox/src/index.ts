export type { ApiKeyConfig } from './auth.js';
export { canonicalHeaderValue, sign, stringToSign } from './auth.js';
export {
  type ClientSessionDetails,
  type CustomerInputToEncrypt,
  type EncryptOptions,
  encryptCustomerInput,
  fetchPublicKey,
  type PublicKeyResponse,
} from './customer-input/index.js';
export { type ApiErrorItem, SandboxError } from './errors.js';
export type { FaultRule } from './faults.js';
export { type Sandbox, type SandboxOptions, SandboxState, setCatalogueHandler, startSandbox } from './server.js';
export {
  CHALLENGE_CARDS,
  COMPLETION_CARD,
  DECLINE_AMOUNTS,
  DECLINE_CARDS,
  luhnValid,
} from './testdata.js';
export type { Delivery, WebhookEndpoint, WebhookEvent } from './webhooks.js';
