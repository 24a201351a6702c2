/**
 * Client API authentication: `Authorization: GCS v1Client:{clientSessionId}` names a client session made
 * by the Server API's sessions.create. Unknown or expired sessions get 401, a session used with another
 * customer's path gets 403, both in the platform's error shape.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SandboxError } from '../errors.js';

/** What the Client API needs to know about a client session. */
export interface ClientApiSession {
  readonly id: string;
  readonly merchantId: string;
  readonly customerId: string;
  readonly expiresAt: number;
  /** token ids given to sessions.create (accounts on file 1, 2, ...) */
  readonly tokens: readonly string[];
  /** the sessions.create request (paymentProductFilters) */
  readonly request: Readonly<Record<string, unknown>>;
}

const PREFIX = 'GCS v1Client:';

function unauthorised(id: string, message: string): SandboxError {
  return new SandboxError(401, [{ code: '9002', id, category: 'CONNECT_PLATFORM_ERROR', message }]);
}

/** The session a Client API call is made in, or a 401/403 SandboxError. */
export function authenticate(
  headers: IncomingHttpHeaders,
  customerId: string,
  lookup: (clientSessionId: string) => ClientApiSession | undefined,
  now: number,
): ClientApiSession {
  const header = headers.authorization;
  if (header === undefined || !header.startsWith(PREFIX) || header.length === PREFIX.length) {
    throw unauthorised(
      'MISSING_OR_INVALID_AUTHORIZATION',
      'send Authorization: GCS v1Client:{clientSessionId} with the clientSessionId from sessions.create',
    );
  }
  const session = lookup(header.slice(PREFIX.length).trim());
  if (session === undefined) {
    throw unauthorised(
      'MISSING_OR_INVALID_AUTHORIZATION',
      'unknown clientSessionId: create a session with sessions.create',
    );
  }
  if (session.expiresAt <= now) {
    throw unauthorised(
      'SESSION_EXPIRED',
      `the client session expired at ${new Date(session.expiresAt).toISOString()}: create a new one with sessions.create`,
    );
  }
  if (session.customerId !== customerId) {
    throw new SandboxError(403, [
      {
        code: '9007',
        id: 'ACCESS_TO_CUSTOMER_NOT_ALLOWED',
        category: 'CONNECT_PLATFORM_ERROR',
        message: 'the client session belongs to another customerId than the one in the path',
      },
    ]);
  }
  return session;
}
