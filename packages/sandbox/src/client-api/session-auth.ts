/**
 * Client API authentication: `Authorization: GCS v1Client:{clientSessionId}` names a client session made
 * by the Server API's sessions.create. Unknown or expired sessions get 401, a session used with another
 * customer's path gets 403, both in the platform's error shape.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { clientSessionExpired, clientSessionRequired, customerNotAllowed } from '../domain/errors.js';

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

/** The session a Client API call is made in, or a 401/403 SandboxError. */
export function authenticate(
  headers: IncomingHttpHeaders,
  customerId: string,
  lookup: (clientSessionId: string) => ClientApiSession | undefined,
  now: number,
): ClientApiSession {
  const header = headers.authorization;
  if (header === undefined || !header.startsWith(PREFIX) || header.length === PREFIX.length) {
    throw clientSessionRequired(false);
  }
  const session = lookup(header.slice(PREFIX.length).trim());
  if (session === undefined) throw clientSessionRequired(true);
  if (session.expiresAt <= now) throw clientSessionExpired(session.expiresAt);
  if (session.customerId !== customerId) throw customerNotAllowed();
  return session;
}
