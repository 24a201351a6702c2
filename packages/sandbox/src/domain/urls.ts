/** Building the URLs customers are sent to. */
import { badRequest } from './errors.js';

/** `url` with `params` added to its query (before any fragment). */
export function appendQuery(url: string, params: Record<string, string>): string {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const frag = hash >= 0 ? url.slice(hash) : '';
  const qs = new URLSearchParams(params).toString();
  return `${base}${base.includes('?') ? '&' : '?'}${qs}${frag}`;
}

/** The customer's URL after a hosted checkout: the merchant's returnUrl + RETURNMAC + hostedCheckoutId. */
export function hostedCheckoutReturnUrl(h: {
  readonly id: string;
  readonly returnmac: string;
  readonly request: Record<string, unknown>;
}): string | undefined {
  const hc = h.request['hostedCheckoutSpecificInput'];
  const url = typeof hc === 'object' && hc !== null ? (hc as Record<string, unknown>)['returnUrl'] : undefined;
  if (typeof url !== 'string') return undefined;
  return appendQuery(url, { RETURNMAC: h.returnmac, hostedCheckoutId: h.id });
}

/** Schemes a browser would run or render instead of navigating to the merchant: never a return URL. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:', 'filesystem:']);

/**
 * 400 naming `propertyName` unless `url` is an absolute URL the customer can safely be sent to:
 * http(s) or an app's own scheme (`myshop://return`), never javascript:, data: and the like, and
 * nothing that needs a browser's error correction (control characters, spaces).
 */
export function checkReturnUrl(url: string, propertyName: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (parsed === undefined || /[\u0000-\u0020\u007f]/.test(url) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw badRequest(`${propertyName} must be an absolute URL such as https://shop.example/return`, propertyName);
  }
  if (UNSAFE_SCHEMES.has(parsed.protocol)) {
    throw badRequest(`${propertyName} must not use the ${parsed.protocol} scheme`, propertyName);
  }
}

/** `checkReturnUrl` for an optional string property of a request body. */
export function checkOptionalReturnUrl(url: unknown, propertyName: string): void {
  if (typeof url === 'string') checkReturnUrl(url, propertyName);
}
