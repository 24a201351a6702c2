/**
 * Who may use the admin API. It is unsigned, so it trusts the machine, not the caller: loopback
 * clients only (unless `adminLoopbackOnly: false`), with a Host that names this machine (so a
 * DNS-rebinding page cannot reach it by a name of its own), no cross-origin browser requests,
 * `application/json` for changes (a cross-site form or text/plain POST cannot be one), and browser
 * pages of this sandbox (the dashboard) changing state only with the instance's admin token.
 */
import type { IncomingMessage } from 'node:http';
import type { SandboxContext } from '../context.js';
import { SandboxError } from '../domain/errors.js';
import { crossOriginReason, fromBrowser } from '../http/browser.js';
import { isLoopbackAddress, isLoopbackHost } from '../http/loopback.js';

/** The header a same-origin page (the dashboard) sends with `ctx.adminToken`. */
export const ADMIN_TOKEN_HEADER = 'x-sandbox-admin-token';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The refusal for this request, or undefined when it may go on. */
export function adminRefusal(ctx: SandboxContext, req: IncomingMessage, method: string): SandboxError | undefined {
  const host = req.headers.host;
  const publicUrl = ctx.publicUrl === '' ? undefined : new URL(ctx.publicUrl);
  if (ctx.options.adminLoopbackOnly) {
    if (!isLoopbackAddress(req.socket.remoteAddress)) return adminLoopbackOnly();
    if (!isLoopbackHost(host) && host?.toLowerCase() !== publicUrl?.host) {
      return adminForbidden(`Host ${host ?? '(none)'} does not name this machine`);
    }
  }
  if (fromBrowser(req)) {
    const origins: string[] = [];
    if (publicUrl !== undefined) origins.push(publicUrl.origin);
    if (host !== undefined) origins.push(`http://${host.toLowerCase()}`);
    const reason = crossOriginReason(req, origins);
    if (reason !== undefined) return adminForbidden(reason);
    if (CHANGES.has(method) && req.headers[ADMIN_TOKEN_HEADER] !== ctx.adminToken) {
      return adminForbidden(`a browser page needs the ${ADMIN_TOKEN_HEADER} header to change anything`);
    }
  }
  // DELETE carries no body and cannot be sent cross-site without a CORS preflight, which is never granted
  if (
    (method === 'POST' || method === 'PUT' || method === 'PATCH') &&
    !JSON_TYPE.test(req.headers['content-type'] ?? '')
  ) {
    return adminJsonRequired(req.headers['content-type']);
  }
  return undefined;
}

// The admin API's own refusals: sandbox-only answers, so they live here and not in the platform's error table.

/** 403 (sandbox only): the admin API answers loopback clients only. */
export function adminLoopbackOnly(): SandboxError {
  return new SandboxError(403, [
    { code: '9007', id: 'ADMIN_LOOPBACK_ONLY', message: 'the admin API only answers loopback clients' },
  ]);
}

/** 403 (sandbox only): the admin API refuses the request (cross-origin page, foreign Host, missing token). */
export function adminForbidden(reason: string): SandboxError {
  return new SandboxError(403, [
    { code: '9007', id: 'ADMIN_REQUEST_REFUSED', message: `the admin API refused this request: ${reason}` },
  ]);
}

/** 415 (sandbox only): admin requests that change something must be application/json. */
export function adminJsonRequired(contentType: string | undefined): SandboxError {
  return new SandboxError(415, [
    {
      code: '21000070',
      id: 'UNSUPPORTED_MEDIA_TYPE',
      message: `the admin API takes application/json, not ${contentType ?? 'a body without Content-Type'}`,
    },
  ]);
}
