/**
 * `connect-server-sdk/compat`: the classic callback API of the platform's Node.js SDK guide and of
 * connect-sdk-nodejs 4.x, built on this SDK's core (same signing, transport, logging).
 *
 * ```js
 * var connectSdk = require('connect-server-sdk/compat');
 * connectSdk.init({ host, scheme, port, enableLogging, logger, apiKeyId, secretApiKey, integrator });
 * connectSdk.payments.create(merchantId, body, paymentContext, function (error, sdkResponse) { ... });
 * ```
 */
import { createConnectSdk as createWithTransport } from './api.js';
import { coreTransportFactory } from './core-transport.js';
import { type TypedConnectSdk, typedConnectSdk } from './typed.js';

export type * from '../generated/compat-types.js';
export { COMPAT_OPERATION_NAMES } from './api.js';
export type {
  CompatCallback,
  CompatPaymentContext,
  CompatResponse,
  CompatUploadFileBody,
  /** The classic SDK object, its operations typed with the modern API's request and response types. */
  TypedConnectSdk as ConnectSdk,
  TypedConnectSdk,
} from './typed.js';
export type {
  CompatContext,
  CompatGroup,
  CompatGroupName,
  CompatGroups,
  CompatInitContext,
  CompatLogger,
  CompatOperation,
  /** The classic SDK object with untyped operations (`(...args) => ...`), as 4.x declared it. */
  ConnectSdk as UntypedConnectSdk,
  PaymentContext,
  SdkCallback,
  SdkResponse,
} from './types.js';
export type { CompatGetSecretKey, CompatWebhooks, CompatWebhooksCallback } from './webhooks.js';

/** A new, independent classic SDK object (own configuration, idempotence context and webhook keys). */
export function createConnectSdk(): TypedConnectSdk {
  return typedConnectSdk(createWithTransport(coreTransportFactory));
}

const connectSdk: TypedConnectSdk = createConnectSdk();

export default connectSdk;
export const init = connectSdk.init;
export const context = connectSdk.context;
export const webhooks = connectSdk.webhooks;
export const obfuscate = connectSdk.obfuscate;
// The groups come from the generated operation table (legacyOperationNames); ES modules need their named
// exports spelt out, so they are the one hand-written list, and a test checks it against the table.
export const hostedcheckouts = connectSdk.hostedcheckouts;
export const hostedmandatemanagements = connectSdk.hostedmandatemanagements;
export const payments = connectSdk.payments;
export const captures = connectSdk.captures;
export const refunds = connectSdk.refunds;
export const disputes = connectSdk.disputes;
export const payouts = connectSdk.payouts;
export const productgroups = connectSdk.productgroups;
export const products = connectSdk.products;
export const riskassessments = connectSdk.riskassessments;
export const services = connectSdk.services;
export const tokens = connectSdk.tokens;
export const mandates = connectSdk.mandates;
export const sessions = connectSdk.sessions;
export const installments = connectSdk.installments;
export const files = connectSdk.files;
export const close = connectSdk.close;
