import { constantTimeEquals } from '../webhooks/signature.js';

/**
 * The URL to send the customer to after `hostedCheckouts.create` (or a hosted mandate
 * management): `https://<subdomain>.` + `partialRedirectUrl`.
 *
 * `subdomainOrBaseUrl` is either your MyCheckout subdomain (`'payment'` always works,
 * `'mysubdomain'`, or with a trailing dot `'payment.'`), or a URL prefix:
 * - `'https://payment.'` or `'https://payment'` (the guide's "https://yoursubdomain"): prepended to the host;
 * - `'http://'`: when partialRedirectUrl already starts with the full host, as the local sandbox returns it
 *   (`127.0.0.1:8080/hostedcheckout/...`);
 * - `'http://localhost:8080/'`: a base of which the partial URL is a path.
 *
 * ```ts
 * hostedCheckoutUrl('pay1.secured-by-ingenico.com/checkout/1-abc', 'payment')
 * // 'https://payment.pay1.secured-by-ingenico.com/checkout/1-abc'
 * ```
 */
export function hostedCheckoutUrl(partialRedirectUrl: string, subdomainOrBaseUrl = 'payment'): string {
  if (typeof partialRedirectUrl !== 'string' || partialRedirectUrl.trim() === '') {
    throw new TypeError(
      'partialRedirectUrl is required: the partialRedirectUrl of the create hosted checkout response',
    );
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(partialRedirectUrl)) {
    throw new TypeError(
      'partialRedirectUrl must be the partial URL from the create response (without scheme), not a full URL',
    );
  }
  if (typeof subdomainOrBaseUrl !== 'string' || subdomainOrBaseUrl.trim() === '') {
    throw new TypeError("subdomainOrBaseUrl is required: your MyCheckout subdomain (e.g. 'payment') or a base URL");
  }
  const partial = partialRedirectUrl.trim();
  const base = subdomainOrBaseUrl.trim();
  if (/[\\\s\x7f]|[^\x20-\uffff]/.test(partial)) {
    throw new TypeError('partialRedirectUrl must not contain backslashes, whitespace or control characters');
  }
  let url: string;
  const scheme = /^https?:\/\//i.exec(base);
  if (scheme) {
    const rest = base.slice(scheme[0].length);
    const firstSegment = partial.replace(/^\/+/, '').split('/')[0] ?? '';
    if (rest === '' || rest.endsWith('.')) {
      // 'https://' or 'https://payment.': a prefix of the host name
      url = base + hostAndPath(partial);
    } else if (/^[a-z0-9-]+$/i.test(rest) && firstSegment.includes('.')) {
      // 'https://payment' + 'pay1.secured-by-ingenico.com/...': the guide's "https://yoursubdomain"
      url = `${base}.${hostAndPath(partial)}`;
    } else {
      // 'http://localhost:8080/': a base the partial URL is a path of
      url = base.replace(/\/+$/, '') + '/' + partial.replace(/^\/+/, '');
    }
  } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(base)) {
    url = 'https://' + (base.endsWith('.') ? base : base + '.') + hostAndPath(partial);
  } else {
    throw new TypeError(
      `subdomainOrBaseUrl ${JSON.stringify(base)} is neither a subdomain (letters, digits, '-', '.') nor an http(s) base URL`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url); // validation only: the URL is returned exactly as built, not normalised
  } catch {
    throw new TypeError(`the hosted checkout URL built from these inputs is not a valid URL: ${JSON.stringify(url)}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError('partialRedirectUrl must not carry user information (user@host): it would change the host');
  }
  return url;
}

/** host[:port] as the platform writes it: letters, digits and '-' in dot-separated labels. */
const AUTHORITY = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

/**
 * The partial URL when it starts with the hosted checkout page's host (it is appended to a host prefix): its
 * first part must be a plain host[:port], so that nothing in it (`@`, an empty label) can move the URL to
 * another host.
 */
function hostAndPath(partial: string): string {
  const p = partial.replace(/^\/+/, '');
  const end = p.search(/[/?#]/);
  const authority = end === -1 ? p : p.slice(0, end);
  if (!AUTHORITY.test(authority)) {
    throw new TypeError(
      `partialRedirectUrl must start with the host name of the hosted checkout page (e.g. 'pay1.secured-by-ingenico.com/checkout/...'), got ${JSON.stringify(authority)} before the path`,
    );
  }
  return p;
}

/**
 * Checks the `RETURNMAC` the customer came back with (a query parameter of your returnUrl)
 * against the one you stored from the create response, in constant time. Returns false for
 * a missing or non-string value instead of throwing, so a forged return is simply rejected.
 */
export function isValidReturnMac(expected: string, received: string | null | undefined | readonly string[]): boolean {
  if (typeof expected !== 'string' || expected === '') {
    throw new TypeError('expected RETURNMAC is required: the RETURNMAC stored from the create response');
  }
  if (typeof received !== 'string') return false;
  return constantTimeEquals(expected, received);
}
