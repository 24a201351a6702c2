/**
 * Every error the sandbox answers with, as named factories: one file to audit the platform error
 * codes, ids, categories and HTTP statuses against the public API reference
 * (https://apireference.connect.worldline-solutions.com/s2sapi/v1/en_US/json/error-codes.html).
 * Domain rules, surfaces and the catalogue throw these; the only other `SandboxError`s are the admin API's own
 * sandbox-only refusals, in `admin/guard.ts`.
 */
import { randomUUID } from 'node:crypto';

/** One element of a platform error body (`APIError`). */
export interface ApiErrorItem {
  code: string;
  id?: string;
  category?: 'CONNECT_PLATFORM_ERROR' | 'PAYMENT_PLATFORM_ERROR' | 'IO_ERROR';
  httpStatusCode?: number;
  message?: string;
  propertyName?: string;
  requestId?: string;
}

/**
 * Thrown by any sandbox handler to answer with a platform-shaped error body:
 * `{ errorId, errors: [...] }` plus optional extra fields such as `paymentResult`.
 */
export class SandboxError extends Error {
  readonly status: number;
  readonly errors: ApiErrorItem[];
  readonly extra: Record<string, unknown> | undefined;
  /** extra response headers (such as `Allow` on a 405) */
  headers: Record<string, string> | undefined;

  constructor(status: number, errors: ApiErrorItem[], extra?: Record<string, unknown>) {
    super(errors.map((e) => `${e.code} ${e.id ?? ''} ${e.message ?? ''}`.trim()).join('; ') || `HTTP ${status}`);
    this.name = 'SandboxError';
    this.status = status;
    this.errors = errors;
    this.extra = extra;
    this.headers = undefined;
  }

  /** The JSON body the platform would send. */
  toBody(requestId: string = randomUUID()): Record<string, unknown> {
    return {
      errorId: requestId,
      errors: this.errors.map((e) => ({ httpStatusCode: this.status, requestId, ...e })),
      ...(this.extra ?? {}),
    };
  }
}

const platform = 'CONNECT_PLATFORM_ERROR' as const;
const payment = 'PAYMENT_PLATFORM_ERROR' as const;
const LUHN_MESSAGE = 'VALUE **************** OF FIELD CREDITCARDNUMBER DID NOT PASS THE LUHNCHECK';

// ------------------------------------------------------------------ error items (also stored on rejected objects)

/** `21000020 INVALID_CARD_NUMBER`: the card number fails the Luhn check (the number is never repeated). */
export function invalidCardNumberItem(propertyName: string): ApiErrorItem {
  return { code: '21000020', id: 'INVALID_CARD_NUMBER', category: platform, message: LUHN_MESSAGE, propertyName };
}

/** A card decline (`4303xx`, `4304xx`, ...), as the scenario table names it. */
export function declinedItem(code: string, message: string): ApiErrorItem {
  return { code, id: 'NOT_AUTHORISED', category: payment, message };
}

/** `430421 FRAUD_DENIED`: fraud screening refused the payment. */
export function fraudDeniedItem(): ApiErrorItem {
  return { code: '430421', id: 'FRAUD_DENIED', category: payment, message: 'DENIED BY FRAUD SCREENING' };
}

/** `430285 NOT_AUTHORISED`: the customer failed the third-party / 3-D Secure step. */
export function redirectFailedItem(): ApiErrorItem {
  return { code: '430285', id: 'NOT_AUTHORISED', category: payment, message: 'NOT AUTHORISED', httpStatusCode: 402 };
}

// ------------------------------------------------------------------ request problems (400, 413, 415)

/** 400 for a request body problem (schema violation, wrong value...). */
export function badRequest(
  message: string,
  propertyName?: string,
  code = '21000050',
  id = 'INVALID_VALUE',
): SandboxError {
  return new SandboxError(400, [
    { code, id, category: platform, message, ...(propertyName === undefined ? {} : { propertyName }) },
  ]);
}

/** 400 for a request property that is missing or wrong. */
export function invalidProperty(propertyName: string, message: string, code = '21000020'): SandboxError {
  return new SandboxError(400, [
    { code, id: 'PARAMETER_NOT_FOUND_IN_REQUEST', category: platform, message, propertyName },
  ]);
}

/** 400 `21000040 INVALID_JSON`. */
export function invalidJson(): SandboxError {
  return badRequest('the request body is not valid JSON', undefined, '21000040', 'INVALID_JSON');
}

/** 400 `21000140 UNKNOWN_PROPERTY`. */
export function unknownProperty(propertyName: string): SandboxError {
  return badRequest(`unknown property ${propertyName}`, propertyName, '21000140', 'UNKNOWN_PROPERTY');
}

/** 400 `21000020` for a required property that is absent. */
export function missingProperty(propertyName: string): SandboxError {
  return badRequest(`missing property ${propertyName}`, propertyName, '21000020', 'PARAMETER_NOT_FOUND_IN_REQUEST');
}

/** 400 `21000050 INVALID_CONTENT_TYPE`: an upload that is not multipart/form-data. */
export function invalidMultipart(): SandboxError {
  return badRequest(
    'the body must be multipart/form-data with a boundary',
    undefined,
    '21000050',
    'INVALID_CONTENT_TYPE',
  );
}

/** 413 `21000060 REQUEST_TOO_LARGE`. */
export function requestTooLarge(limit: number): SandboxError {
  return new SandboxError(413, [
    {
      code: '21000060',
      id: 'REQUEST_TOO_LARGE',
      category: platform,
      message: `request body larger than ${limit} bytes`,
    },
  ]);
}

/** 415 `21000070 UNSUPPORTED_MEDIA_TYPE`. */
export function unsupportedMediaType(contentType: string): SandboxError {
  return new SandboxError(415, [
    {
      code: '21000070',
      id: 'UNSUPPORTED_MEDIA_TYPE',
      category: platform,
      message: `Content-Type ${contentType} is not supported; send application/json`,
    },
  ]);
}

/** 400 `21000020 INVALID_CARD_NUMBER`. */
export function invalidCardNumber(propertyName: string, extra?: Record<string, unknown>): SandboxError {
  return new SandboxError(400, [invalidCardNumberItem(propertyName)], extra);
}

/** 400 `21000120 INVALID_EXPIRY_DATE`: expired, or not MMYY. */
export function invalidExpiryDate(propertyName: string): SandboxError {
  return new SandboxError(400, [
    {
      code: '21000120',
      id: 'INVALID_EXPIRY_DATE',
      category: platform,
      message: `${propertyName} (MMYY) has expired or is not MMYY`,
      propertyName,
    },
  ]);
}

/** 400 `1002 UNKNOWN_TOKEN`: a payment names a token this merchant does not have. */
export function unknownToken(tokenId: string, propertyName: string): SandboxError {
  return badRequest(`unknown token ${tokenId}`, propertyName, '1002', 'UNKNOWN_TOKEN');
}

/** 400 `300420 AMOUNT_EXCEEDS_AVAILABLE`: more than what is left to capture, refund or approve. */
export function amountTooHigh(
  propertyName: string,
  requested: number,
  available: number,
  action: string,
): SandboxError {
  return new SandboxError(400, [
    {
      code: '300420',
      id: 'AMOUNT_EXCEEDS_AVAILABLE',
      category: payment,
      message: `${action} amount ${requested} exceeds the ${available} that is left`,
      propertyName,
    },
  ]);
}

// ------------------------------------------------------------------ catalogue and services (400, 404)

/** 400 `20000000 PARAMETER_NOT_FOUND_IN_REQUEST`: a required catalogue parameter is absent. */
export function parameterMissing(propertyName: string): SandboxError {
  return new SandboxError(400, [
    {
      code: '20000000',
      id: 'PARAMETER_NOT_FOUND_IN_REQUEST',
      category: platform,
      message: `${propertyName} is missing`,
      propertyName,
    },
  ]);
}

/** 400 `21000020 INVALID_VALUE` naming the property; the message never repeats the value. */
export function invalidValue(propertyName: string, message: string): SandboxError {
  return new SandboxError(400, [{ code: '21000020', id: 'INVALID_VALUE', category: platform, message, propertyName }]);
}

/** 400 `21000020 INVALID_VALUE` for a card number failing the Luhn check in a service call (number masked). */
export function invalidCardNumberValue(propertyName: string): SandboxError {
  return invalidValue(propertyName, LUHN_MESSAGE);
}

/** 400 `21000020 PAYMENT_PRODUCT_NOT_AVAILABLE`: the product does not match the query's filters. */
export function productNotAvailable(productId: number, filters: string): SandboxError {
  return new SandboxError(400, [
    {
      code: '21000020',
      id: 'PAYMENT_PRODUCT_NOT_AVAILABLE',
      category: platform,
      message: `payment product ${productId} does not match the filters (${filters})`,
    },
  ]);
}

/** 404 `1002 UNKNOWN_PRODUCT_ID`. */
export function unknownProduct(id: number | string): SandboxError {
  return new SandboxError(404, [
    { code: '1002', id: 'UNKNOWN_PRODUCT_ID', category: platform, message: `payment product ${id} not found` },
  ]);
}

/** 404 `1002 UNKNOWN_PRODUCT_GROUP_ID`. */
export function unknownProductGroup(id: string): SandboxError {
  return new SandboxError(404, [
    {
      code: '1002',
      id: 'UNKNOWN_PRODUCT_GROUP_ID',
      category: platform,
      message: `payment product group ${id} not found`,
    },
  ]);
}

/** 404 `1002 UNKNOWN_IIN`: no card product is known for the IIN. */
export function unknownIin(): SandboxError {
  return new SandboxError(404, [
    { code: '1002', id: 'UNKNOWN_IIN', category: platform, message: 'no card product is known for this IIN' },
  ]);
}

/** 404 `1002 CUSTOMER_NOT_FOUND` (products.customerDetails). */
export function customerNotFound(): SandboxError {
  return new SandboxError(404, [
    {
      code: '1002',
      id: 'CUSTOMER_NOT_FOUND',
      category: platform,
      message: 'no customer found for this fiscal number',
    },
  ]);
}

// ------------------------------------------------------------------ authentication (401, 403)

/** 401 `9002`: missing, malformed or wrong v1HMAC signature, or an unknown API key. */
export function invalidAuthorization(message = 'MISSING_OR_INVALID_AUTHORIZATION'): SandboxError {
  return new SandboxError(401, [{ code: '9002', id: 'MISSING_OR_INVALID_AUTHORIZATION', category: platform, message }]);
}

/** 401 `9002`: a Client API call with an unknown or expired client session. */
export function invalidClientSession(): SandboxError {
  return invalidAuthorization('MISSING_OR_INVALID_AUTHORIZATION: unknown or expired client session');
}

/** 401 `9002`: a Client API call without `Authorization: GCS v1Client:{clientSessionId}`, or with an unknown session. */
export function clientSessionRequired(unknown: boolean): SandboxError {
  return invalidAuthorization(
    unknown
      ? 'unknown clientSessionId: create a session with sessions.create'
      : 'send Authorization: GCS v1Client:{clientSessionId} with the clientSessionId from sessions.create',
  );
}

/** 401 `9002 SESSION_EXPIRED`: the client session is past its lifetime (`sessionTtlMs`). */
export function clientSessionExpired(expiresAt: number): SandboxError {
  return new SandboxError(401, [
    {
      code: '9002',
      id: 'SESSION_EXPIRED',
      category: platform,
      message: `the client session expired at ${new Date(expiresAt).toISOString()}: create a new one with sessions.create`,
    },
  ]);
}

/** 403 `9007`: a client session used with another customerId in the Client API path. */
export function customerNotAllowed(): SandboxError {
  return new SandboxError(403, [
    {
      code: '9007',
      id: 'ACCESS_TO_CUSTOMER_NOT_ALLOWED',
      category: platform,
      message: 'the client session belongs to another customerId than the one in the path',
    },
  ]);
}

/**
 * 400 `21000020` for an `encryptedCustomerInput` that is refused; the id says why (MALFORMED,
 * UNSUPPORTED_ALGORITHM, UNKNOWN_KEY, TAMPERED, INVALID_PAYLOAD, UNKNOWN_SESSION, FOREIGN_SESSION,
 * SESSION_EXPIRED, REPLAYED). The message never contains the plaintext.
 */
export function encryptedInputRefused(reason: string, message: string): SandboxError {
  return new SandboxError(400, [
    {
      code: '21000020',
      id: `ENCRYPTED_CUSTOMER_INPUT_${reason}`,
      category: platform,
      message,
      propertyName: 'encryptedCustomerInput',
    },
  ]);
}

/** 403 `9007`: the API key is valid but not linked to the merchant in the path. */
export function merchantNotAllowed(merchantId: string): SandboxError {
  return new SandboxError(403, [
    {
      code: '9007',
      id: 'ACCESS_TO_MERCHANT_NOT_ALLOWED',
      category: platform,
      message: `ACCESS_TO_MERCHANT_NOT_ALLOWED: the API key is not linked to merchant ${merchantId}`,
    },
  ]);
}

// ------------------------------------------------------------------ unknown things (404, 405)

/** 404 for an unknown resource id. */
export function unknownResource(what: string, id: string, code = '1002'): SandboxError {
  return new SandboxError(404, [
    {
      code,
      id: `UNKNOWN_${what.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
      category: platform,
      message: `${what} ${id} not found`,
    },
  ]);
}

/** 404 `300240 UNKNOWN_PAYMENT_ID`, worded as the platform does. */
export function unknownPayment(id: string): SandboxError {
  return new SandboxError(404, [
    {
      code: '300240',
      id: 'UNKNOWN_PAYMENT_ID',
      category: payment,
      message: `REQUEST ${id} GET_ORDERSTATUS ORDER NOT FOUND`,
    },
  ]);
}

/** 404 `1002 UNKNOWN_HOSTED_CHECKOUT` for a checkout past its lifetime. */
export function hostedCheckoutExpired(id: string): SandboxError {
  return new SandboxError(404, [
    { code: '1002', id: 'UNKNOWN_HOSTED_CHECKOUT', category: platform, message: `hosted checkout ${id} has expired` },
  ]);
}

/** 404 for a path that is no Server API operation. */
export function unknownRoute(method: string, path: string): SandboxError {
  return new SandboxError(404, [
    { code: '1002', id: 'UNKNOWN_RESOURCE', category: platform, message: `no operation ${method} ${path}` },
  ]);
}

/** 404 (sandbox only) for an admin path that does not exist. */
export function unknownAdminEndpoint(method: string, path: string): SandboxError {
  return new SandboxError(404, [
    {
      code: '1002',
      id: 'UNKNOWN_ADMIN_ENDPOINT',
      message: `no admin endpoint ${method} ${path}; GET /_sandbox lists them`,
    },
  ]);
}

/** 405 for a known path called with a method it does not support. */
export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): SandboxError {
  const err = new SandboxError(405, [
    {
      code: '1003',
      id: 'METHOD_NOT_ALLOWED',
      category: platform,
      message: `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
    },
  ]);
  err.headers = { Allow: allowed.join(', ') };
  return err;
}

// ------------------------------------------------------------------ status rules (402, 409)

/** 409 `300450 INVALID_STATUS_FOR_ACTION`: the resource's status does not allow this action. */
export function invalidStatus(what: string, id: string, status: string, action: string): SandboxError {
  return new SandboxError(409, [
    {
      code: '300450',
      id: 'INVALID_STATUS_FOR_ACTION',
      category: payment,
      message: `${action} is not allowed for ${what} ${id} in status ${status}`,
    },
  ]);
}

/** 402 `410110 UNKNOWN_ORDER_OR_NOT_PENDING`: approve on a payment that is not PENDING_APPROVAL. */
export function notPendingApproval(id: string, status: string): SandboxError {
  return new SandboxError(402, [
    {
      code: '410110',
      id: 'UNKNOWN_ORDER_OR_NOT_PENDING',
      category: payment,
      message: `UNKNOWN ORDER OR NOT PENDING: payment ${id} is ${status}`,
    },
  ]);
}

/** 400 `300450 PAYMENT_NOT_REFUNDABLE`: refunds need a PAID payment (or capture). */
export function paymentNotRefundable(id: string, status: string): SandboxError {
  return new SandboxError(400, [
    {
      code: '300450',
      id: 'PAYMENT_NOT_REFUNDABLE',
      category: payment,
      message: `payment ${id} in status ${status} cannot be refunded (a payment becomes refundable once PAID; advance the sandbox clock or POST /_sandbox/settle)`,
    },
  ]);
}

/** 409 `1409001 MANDATE_ALREADY_EXISTS`. */
export function mandateExists(reference: string): SandboxError {
  return new SandboxError(409, [
    {
      code: '1409001',
      id: 'MANDATE_ALREADY_EXISTS',
      category: payment,
      message: `mandate ${reference} already exists`,
    },
  ]);
}

/** 409 `1409 DUPLICATE_REQUEST_IN_PROGRESS`: the same idempotence key is still being processed. */
export function duplicateInProgress(): SandboxError {
  return new SandboxError(409, [
    { code: '1409', id: 'DUPLICATE_REQUEST_IN_PROGRESS', category: platform, message: 'DUPLICATE REQUEST IN PROGRESS' },
  ]);
}

// ------------------------------------------------------------------ server side (5xx)

/** An injected fault (`/_sandbox/faults`): 503 `9998 SERVICE_UNAVAILABLE`, else `9999`. */
export function injectedFault(status: number): SandboxError {
  return new SandboxError(status, [
    {
      code: status === 503 ? '9998' : '9999',
      id: status === 503 ? 'SERVICE_UNAVAILABLE' : 'UNKNOWN_SERVER_ERROR',
      category: platform,
      message: `injected fault (HTTP ${status})`,
    },
  ]);
}

/** 500 `9999`: anything unexpected (never a stack trace). */
export function internalError(): SandboxError {
  return new SandboxError(500, [
    { code: '9999', id: 'UNKNOWN_SERVER_ERROR', category: platform, message: 'UNKNOWN_SERVER_ERROR' },
  ]);
}
