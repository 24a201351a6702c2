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

  constructor(status: number, errors: ApiErrorItem[], extra?: Record<string, unknown>) {
    super(errors.map((e) => `${e.code} ${e.id ?? ''} ${e.message ?? ''}`.trim()).join('; ') || `HTTP ${status}`);
    this.name = 'SandboxError';
    this.status = status;
    this.errors = errors;
    this.extra = extra;
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
