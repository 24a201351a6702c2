/**
 * The pages at the end of a payment: the result (successful, being processed, failed, cancelled) with the
 * "return to the shop" button, the bank transfer instructions, the cancelled and the expired checkout, and
 * the small pages for unknown links and used-up forms.
 */
import { productSpec } from '../catalogue/index.js';
import { esc } from './escape.js';
import { formatAmount, type PageLocale, type PageText, translator } from './i18n.js';
import { messagePage, type OrderSummary, type PageResult, renderPage } from './layout.js';
import { type Outcome, outcomeOf, returnAction } from './parts.js';
import type { PaymentSnapshot } from './port.js';

const TITLES: Readonly<Record<Exclude<Outcome, 'redirect'>, [PageText, PageText, string]>> = {
  success: ['resultSuccess', 'resultSuccessBody', '✓'],
  pending: ['resultPending', 'resultPendingBody', '…'],
  failed: ['resultFailed', 'resultFailedBody', '✕'],
  cancelled: ['resultCancelled', 'resultCancelledBody', '✕'],
};

export interface ResultOptions {
  locale: PageLocale;
  payment: PaymentSnapshot;
  returnUrl: string | undefined;
  /** where "try again" leads (a hosted checkout that takes another attempt) */
  retryUrl?: string | undefined;
  order?: OrderSummary | undefined;
}

export function resultPage(o: ResultOptions): PageResult {
  const t = translator(o.locale);
  const outcome = outcomeOf(o.payment.status);
  const [title, body, icon] = TITLES[outcome === 'redirect' ? 'pending' : outcome];
  const amount = formatAmount(o.payment.amount, o.payment.currency, o.locale);
  const good = outcome === 'success' || outcome === 'pending';
  const product = productSpec(o.payment.productId);
  const retry = !good && o.retryUrl ? `<a class="button" href="${esc(o.retryUrl)}">${esc(t('tryAgain'))}</a>` : '';
  const main =
    `<div class="status-icon" aria-hidden="true">${icon}</div><h1>${esc(t(title))}</h1>` +
    `<div class="notice ${good ? 'good' : outcome === 'cancelled' ? 'info' : 'bad'}"><p>${esc(t(body, { amount }))}</p></div>` +
    '<dl class="facts">' +
    `<dt>${esc(t('amount'))}</dt><dd>${esc(amount)}</dd>` +
    (product ? `<dt>${esc(t('paymentMethod'))}</dt><dd>${esc(product.label)}</dd>` : '') +
    `<dt>${esc(t('transaction'))}</dt><dd>${esc(o.payment.id)}</dd></dl>` +
    `<div class="actions">${retry}${returnAction(o.locale, o.returnUrl, retry === '')}</div>`;
  return renderPage({ locale: o.locale, title: t(title), main, order: o.order });
}

export function instructionsPage(
  locale: PageLocale,
  payment: PaymentSnapshot,
  data: readonly { key: string; value: string }[],
  returnUrl: string | undefined,
  order?: OrderSummary,
): PageResult {
  const t = translator(locale);
  const get = (key: string) => data.find((d) => d.key === key)?.value ?? '';
  const main =
    `<h1>${esc(t('bankTransferTitle'))}</h1><p>${esc(t('bankTransferIntro'))}</p>` +
    '<dl class="facts">' +
    `<dt>${esc(t('amount'))}</dt><dd>${esc(formatAmount(payment.amount, payment.currency, locale))}</dd>` +
    `<dt>${esc(t('beneficiary'))}</dt><dd>Connect Sandbox Collections</dd>` +
    `<dt>${esc(t('iban'))}</dt><dd>${esc(get('BANK_ACCOUNT_IBAN'))}</dd>` +
    `<dt>${esc(t('paymentReference'))}</dt><dd>${esc(get('PAYMENT_REFERENCE'))}</dd></dl>` +
    `<div class="actions">${returnAction(locale, returnUrl)}</div>`;
  return renderPage({ locale, title: t('bankTransferTitle'), main, order });
}

export function cancelledPage(locale: PageLocale, returnUrl: string | undefined, order?: OrderSummary): PageResult {
  const t = translator(locale);
  return messagePage(locale, t('resultCancelled'), t('resultCancelledBody'), {
    kind: 'info',
    actions: returnAction(locale, returnUrl),
    ...(order ? { order } : {}),
  });
}

export function expiredPage(locale: PageLocale, returnUrl: string | undefined): PageResult {
  const t = translator(locale);
  return messagePage(locale, t('expiredTitle'), t('expiredBody'), {
    status: 410,
    kind: 'info',
    actions: returnAction(locale, returnUrl),
  });
}

export function notFoundPage(locale: PageLocale = 'en_GB'): PageResult {
  const t = translator(locale);
  return messagePage(locale, t('notFoundTitle'), t('notFoundBody'), { status: 404 });
}

/** A form whose token is missing, used or from another site: nothing was changed. */
export function stalePage(locale: PageLocale, backUrl: string): PageResult {
  const t = translator(locale);
  return messagePage(locale, t('staleTitle'), t('staleBody'), {
    status: 403,
    kind: 'bad',
    actions: `<a class="button secondary" href="${esc(backUrl)}">${esc(t('continuePayment'))}</a>`,
  });
}
