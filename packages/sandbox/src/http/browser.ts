/**
 * Telling browser requests from other clients, and same-origin ones from the rest: browsers send
 * `Origin` (on POST and on cross-origin requests) and `Sec-Fetch-Site`; SDKs, curl and tests send
 * neither. Used to keep web pages the developer visits away from local, unsigned APIs.
 */
import type { IncomingMessage } from 'node:http';

/** Whether the request comes from a browser page (it carries Origin or Sec-Fetch-Site). */
export function fromBrowser(req: IncomingMessage): boolean {
  return req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined;
}

/**
 * Why a browser request is not same-origin with this server (undefined: it is, or it is no browser
 * request). `Sec-Fetch-Site: none` is a navigation the user started (typed URL, bookmark).
 * `origins` are the server's own origins (`http://<Host>` and the public URL's origin).
 */
export function crossOriginReason(req: IncomingMessage, origins: readonly string[]): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = req.headers.origin;
  if (origin !== undefined && !origins.includes(origin.toLowerCase())) return `Origin ${origin} is not this server`;
  return undefined;
}
