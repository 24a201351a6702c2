/**
 * Every error the SDK throws. HTTP errors are mapped as the platform's own SDKs do (statuses:
 * https://apireference.connect.worldline-solutions.com/s2sapi/v1/en_US/nodejs/response-codes.html):
 * a declined result wins over the status; then 400, 401, 403, 404/409/410, 409+1409 on a keyed call, 500/502/503.
 * Messages never contain the request or response body, the secret, or header values.
 */
import type { ApiErrorItem, CreatePaymentResult, PayoutResult, RefundResult } from '../models/index.js';

/** Base of every error thrown by this SDK. */
export class ConnectError extends Error {
  override get name(): string {
    return this.constructor.name;
  }
}

/** What every HTTP error response carries. */
export interface ApiErrorInit {
  readonly statusCode: number;
  readonly responseBody: string;
  readonly errorId: string | undefined;
  readonly errors: readonly ApiErrorItem[];
  readonly headers: Readonly<Record<string, string>>;
  readonly idempotenceKey: string | undefined;
  readonly idempotenceRequestTimestamp: number | undefined;
}

function describe(base: string, init: ApiErrorInit, withIdempotenceKey = true): string {
  let msg = `${base} (HTTP ${init.statusCode}`;
  if (init.errorId) msg += `, errorId ${init.errorId}`;
  msg += ')';
  const first = init.errors[0];
  if (first !== null && typeof first === 'object') {
    const parts = [first.code, first.id, first.message].filter((p) => p !== undefined && p !== '');
    if (parts.length > 0) msg += `: ${parts.join(' ')}`;
    if (first.propertyName) msg += ` [${first.propertyName}]`;
    if (init.errors.length > 1) msg += ` (+${init.errors.length - 1} more)`;
  }
  if (withIdempotenceKey && init.idempotenceKey !== undefined) msg += `; idempotence key '${init.idempotenceKey}'`;
  return msg;
}

/** Base of every error built from an HTTP response of the platform (status, errorId, errors[]). */
export class ApiError extends ConnectError {
  /** HTTP status code. */
  readonly statusCode: number;
  /** `errorId` of the error body, when there is one. */
  readonly errorId: string | undefined;
  /** The `errors` array of the error body; empty when absent. */
  readonly errors: readonly ApiErrorItem[];
  /** The raw response body ("" when empty). */
  readonly responseBody: string;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** `requestId` of the first error, when the platform gave one. */
  readonly requestId: string | undefined;
  /** The idempotence key the call was sent with (the caller's, or one the SDK generated for safe retries). */
  readonly idempotenceKey: string | undefined;
  /** `X-GCS-Idempotence-Request-Timestamp` of the response (epoch ms), when present. */
  readonly idempotenceRequestTimestamp: number | undefined;

  constructor(init: ApiErrorInit, message?: string) {
    super(message ?? describe('the Connect platform returned an error', init));
    this.statusCode = init.statusCode;
    this.errorId = init.errorId;
    this.errors = init.errors;
    this.responseBody = init.responseBody;
    this.headers = init.headers;
    // `errors` is the platform's array as received; entries that are not objects must not break the mapping.
    this.requestId = init.errors.find(
      (e) => e !== null && typeof e === 'object' && typeof e.requestId === 'string',
    )?.requestId;
    this.idempotenceKey = init.idempotenceKey;
    this.idempotenceRequestTimestamp = init.idempotenceRequestTimestamp;
  }
}

/** 400: the request was incorrect (`errors[].propertyName` names the field). */
export class ValidationError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init, describe('the Connect platform rejected the request as incorrect', init));
  }
}

/**
 * 401: the platform did not accept the request's signature: the API key id is unknown, the secret does not match it,
 * or the key belongs to another environment. Nothing was processed, so the idempotence key is not part of the message.
 */
export class AuthenticationError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(
      init,
      `${describe('the Connect platform did not accept the API key', init, false)}; check apiKeyId and secretApiKey (a key works only for the environment, e.g. pre-production or production, and the host it was issued for)`,
    );
  }
}

/** 403: the API key may not do this (for example, not linked to the merchant). */
export class AuthorizationError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init, describe('the Connect platform returned an authorization error', init));
  }
}

/** 404, 409 (not an idempotence conflict) or 410: the referenced object does not exist or is in the wrong state. */
export class InvalidReferenceError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init, describe('the Connect platform returned a reference error', init));
  }
}

/** 409 with code 1409 on a call with an idempotence key: the first request with this key is still in flight. */
export class IdempotenceError extends ApiError {
  declare readonly idempotenceKey: string;
  constructor(init: ApiErrorInit) {
    super(init, describe('the Connect platform returned a duplicate request error', init));
  }
}

/** 500, 502, 503: an error on the platform or further downstream. */
export class PlatformError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init, describe('the Connect platform returned a platform error', init));
  }
}

/** Base of the three declined-transaction errors: the platform created the object and declined it. */
export class DeclinedTransactionError extends ApiError {}

/** A payment was created and declined; `.paymentResult.payment` holds it (id, status, statusOutput). */
export class DeclinedPaymentError extends DeclinedTransactionError {
  readonly paymentResult: CreatePaymentResult;
  constructor(init: ApiErrorInit, paymentResult: CreatePaymentResult) {
    const p = paymentResult.payment;
    super(
      init,
      p
        ? describe(`declined payment '${p.id ?? ''}' with status '${p.status ?? ''}'`, init)
        : describe('the Connect platform returned a declined payment response', init),
    );
    this.paymentResult = paymentResult;
  }
}

/** A payout was created and declined; `.payoutResult` holds it. */
export class DeclinedPayoutError extends DeclinedTransactionError {
  readonly payoutResult: PayoutResult;
  constructor(init: ApiErrorInit, payoutResult: PayoutResult) {
    super(
      init,
      describe(`declined payout '${payoutResult.id ?? ''}' with status '${payoutResult.status ?? ''}'`, init),
    );
    this.payoutResult = payoutResult;
  }
}

/** A refund was created and declined; `.refundResult` holds it. */
export class DeclinedRefundError extends DeclinedTransactionError {
  readonly refundResult: RefundResult;
  constructor(init: ApiErrorInit, refundResult: RefundResult) {
    super(
      init,
      describe(`declined refund '${refundResult.id ?? ''}' with status '${refundResult.status ?? ''}'`, init),
    );
    this.refundResult = refundResult;
  }
}

export interface CommunicationErrorInit {
  readonly cause?: unknown;
  /** The idempotence key the request carried: retry with the same key to avoid a duplicate. */
  readonly idempotenceKey?: string | undefined;
  /** Set when a response arrived but could not be used (non-JSON body, unparsable JSON). */
  readonly statusCode?: number | undefined;
  readonly responseBody?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * No usable response: connection failure, reset, timeout, abort, or a body that is not the expected JSON.
 * Whether the platform processed the request is unknown; retry with the same `idempotenceKey` when there is one.
 */
export class CommunicationError extends ConnectError {
  readonly idempotenceKey: string | undefined;
  readonly statusCode: number | undefined;
  readonly responseBody: string | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(message: string, init: CommunicationErrorInit = {}) {
    super(
      init.idempotenceKey === undefined
        ? message
        : `${message}; idempotence key '${init.idempotenceKey}' (retry with the same key to avoid a duplicate)`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.idempotenceKey = init.idempotenceKey;
    this.statusCode = init.statusCode;
    this.responseBody = init.responseBody;
    this.headers = init.headers;
  }
}

/** The call did not complete within `timeoutMs`. */
export class TimeoutError extends CommunicationError {}

/** The caller's AbortSignal aborted the call. */
export class AbortError extends CommunicationError {}

/** HTTP 404 with a non-JSON body: the path does not exist on the server (wrong host or path), not a missing object. */
export class NotFoundError extends CommunicationError {}

/** The inputs of the error factory. */
export interface ErrorFactoryInput extends ApiErrorInit {
  readonly declined: 'payment' | 'payout' | 'refund' | null;
  readonly body: unknown;
}

/** Maps an error response to its class (see the file comment). */
export function createApiError(input: ErrorFactoryInput): ApiError {
  const body = input.body as
    | { paymentResult?: CreatePaymentResult; payoutResult?: PayoutResult; refundResult?: RefundResult }
    | null
    | undefined;
  if (body && typeof body === 'object') {
    if (input.declined === 'payment' && body.paymentResult != null) {
      return new DeclinedPaymentError(input, body.paymentResult);
    }
    if (input.declined === 'payout' && body.payoutResult != null) {
      return new DeclinedPayoutError(input, body.payoutResult);
    }
    if (input.declined === 'refund' && body.refundResult != null) {
      return new DeclinedRefundError(input, body.refundResult);
    }
  }
  switch (input.statusCode) {
    case 400:
      return new ValidationError(input);
    case 401:
      return new AuthenticationError(input);
    case 403:
      return new AuthorizationError(input);
    case 404:
    case 410:
      return new InvalidReferenceError(input);
    case 409:
      if (input.idempotenceKey !== undefined && input.errors.length === 1 && input.errors[0]?.code === '1409') {
        return new IdempotenceError(input);
      }
      return new InvalidReferenceError(input);
    case 500:
    case 502:
    case 503:
      return new PlatformError(input);
    default:
      return new ApiError(input);
  }
}
