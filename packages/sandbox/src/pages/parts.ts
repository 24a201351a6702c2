/**
 * Small pieces several pages share: a state-changing button (a POST form with the page's token), the
 * "return to the shop" action (only http(s) URLs become links), the order summary of a checkout and the
 * way a payment's status reads to a customer.
 */
import { esc, followableUrl } from './escape.js';
import { formatAmount, type PageLocale, translator } from './i18n.js';
import type { OrderSummary } from './layout.js';

/** A button that POSTs `fields` (plus the page token) to `action`. */
export function postButton(
  action: string,
  token: string,
  label: string,
  fields: Readonly<Record<string, string>> = {},
  cls = '',
): string {
  const hidden = Object.entries({ token, ...fields })
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return (
    `<form method="post" action="${esc(action)}">${hidden}` +
    `<button type="submit"${cls ? ` class="${esc(cls)}"` : ''}>${esc(label)}</button></form>`
  );
}

/** "Return to the shop" for an http(s) return URL; otherwise a sentence saying why there is no link. */
export function returnAction(locale: PageLocale, url: string | undefined, primary = true): string {
  const t = translator(locale);
  if (url === undefined) return `<p>${esc(t('noReturnUrl'))}</p>`;
  const href = followableUrl(url);
  if (href === undefined) return `<p>${esc(t('returnNotFollowed', { url }))}</p>`;
  return `<a class="button${primary ? '' : ' secondary'}" href="${esc(href)}">${esc(t('returnToShop'))}</a>`;
}

type Json = Record<string, unknown>;
export const at = (v: unknown, ...path: string[]): unknown => {
  let cur = v;
  for (const key of path) cur = typeof cur === 'object' && cur !== null ? (cur as Json)[key] : undefined;
  return cur;
};

/** The shop's name as the customer sees it: its website's host when the request gives one. */
export function merchantName(locale: PageLocale, merchantId: string, request?: unknown): string {
  const site = at(request, 'merchant', 'websiteUrl');
  if (typeof site === 'string') {
    try {
      return new URL(site).host;
    } catch {
      // not a URL: fall through
    }
  }
  return `${translator(locale)('threeDsMerchant')} ${merchantId}`;
}

export function orderAmount(request: unknown): { amount: number; currency: string } {
  const amount = at(request, 'order', 'amountOfMoney', 'amount');
  const currency = at(request, 'order', 'amountOfMoney', 'currencyCode');
  return { amount: typeof amount === 'number' ? amount : 0, currency: typeof currency === 'string' ? currency : 'EUR' };
}

export function orderSummary(locale: PageLocale, merchantId: string, request: unknown): OrderSummary {
  const { amount, currency } = orderAmount(request);
  const reference = at(request, 'order', 'references', 'merchantReference');
  return {
    merchant: merchantName(locale, merchantId, request),
    amount: formatAmount(amount, currency, locale),
    reference: typeof reference === 'string' ? reference : undefined,
  };
}

/** How a payment status reads to the customer. */
export type Outcome = 'success' | 'pending' | 'failed' | 'cancelled' | 'redirect';

export function outcomeOf(status: string): Outcome {
  switch (status) {
    case 'REJECTED':
    case 'REJECTED_CAPTURE':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'REDIRECTED':
      return 'redirect';
    case 'PENDING_PAYMENT':
    case 'PENDING_FRAUD_APPROVAL':
    case 'PENDING_COMPLETION':
    case 'CREATED':
      return 'pending';
    default:
      return 'success';
  }
}
