/** Building the URLs customers are sent to. */

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
