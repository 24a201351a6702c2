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

/** 400 for a request property that is missing or wrong. */
export function invalidProperty(propertyName: string, message: string, code = '21000020'): SandboxError {
  return new SandboxError(400, [
    { code, id: 'PARAMETER_NOT_FOUND_IN_REQUEST', category: 'CONNECT_PLATFORM_ERROR', message, propertyName },
  ]);
}

/** 404 for an unknown resource id. */
export function unknownResource(what: string, id: string, code = '1002'): SandboxError {
  return new SandboxError(404, [
    {
      code,
      id: `UNKNOWN_${what.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`,
      category: 'CONNECT_PLATFORM_ERROR',
      message: `${what} ${id} not found`,
    },
  ]);
}

const platform = 'CONNECT_PLATFORM_ERROR' as const;

/** 401 `9002`: missing, malformed or wrong v1HMAC signature, or an unknown API key. */
export function invalidAuthorization(message = 'MISSING_OR_INVALID_AUTHORIZATION'): SandboxError {
  return new SandboxError(401, [{ code: '9002', id: 'MISSING_OR_INVALID_AUTHORIZATION', category: platform, message }]);
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

/** 409 `1409`: a request with the same idempotence key is still being processed. */
export function duplicateInProgress(): SandboxError {
  return new SandboxError(409, [
    { code: '1409', id: 'DUPLICATE_REQUEST_IN_PROGRESS', category: platform, message: 'DUPLICATE REQUEST IN PROGRESS' },
  ]);
}

/** 404 for a path that is no Server API operation. */
export function unknownRoute(method: string, path: string): SandboxError {
  return new SandboxError(404, [
    { code: '1002', id: 'UNKNOWN_RESOURCE', category: platform, message: `no operation ${method} ${path}` },
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

/** 400 for a request body problem (bad JSON, schema violation, unknown property...). */
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

/** 409: the resource is not in a status that allows this action. */
export function invalidStatus(what: string, id: string, status: string, action: string): SandboxError {
  return new SandboxError(409, [
    {
      code: '300450',
      id: 'INVALID_STATUS_FOR_ACTION',
      category: 'PAYMENT_PLATFORM_ERROR',
      message: `${action} is not allowed for ${what} ${id} in status ${status}`,
    },
  ]);
}

/** 400: an amount beyond what is left to capture, refund or approve. */
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
      category: 'PAYMENT_PLATFORM_ERROR',
      message: `${action} amount ${requested} exceeds the ${available} that is left`,
      propertyName,
    },
  ]);
}

/** 500 `9999`: anything unexpected (never a stack trace). */
export function internalError(): SandboxError {
  return new SandboxError(500, [
    { code: '9999', id: 'UNKNOWN_SERVER_ERROR', category: platform, message: 'UNKNOWN_SERVER_ERROR' },
  ]);
}
