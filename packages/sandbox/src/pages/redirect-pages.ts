/**
 * The pages a REDIRECTED payment sends the customer to (`merchantAction.redirectData.redirectURL` =
 * `/redirect/<paymentId>`), for hosted checkouts as for server-built and Client SDK payments: a 3-D Secure
 * challenge of the card issuer (confirm / fail), or a simulated provider page (iDEAL with the chosen bank,
 * PayPal, others: approve / refuse / cancel). Each choice is a POST with the page's token; then the customer
 * goes on to the checkout's result or straight to the payment's returnUrl with RETURNMAC.
 */
import { idealIssuers, productSpec } from '../catalogue/index.js';
import { afterAttempt, checkoutLocale, checkoutPath } from './checkout-pages.js';
import { esc, followableUrl } from './escape.js';
import { formatAmount, type PageLocale, pageLocale, translator } from './i18n.js';
import { type PageResult, renderPage, seeOther } from './layout.js';
import { notFoundPage, resultPage, stalePage } from './outcome-pages.js';
import { merchantName, postButton } from './parts.js';
import type { CheckoutSnapshot, PaymentSnapshot } from './port.js';
import { authentic, type PageRequest, type PagesEnv } from './request.js';

const OUTCOMES = new Set(['success', 'failure', 'cancel'] as const);
type RedirectOutcome = 'success' | 'failure' | 'cancel';

export const redirectPath = (paymentId: string, ...rest: string[]) =>
  ['/redirect', encodeURIComponent(paymentId), ...rest].join('/');

function challengePage(env: PagesEnv, p: PaymentSnapshot, locale: PageLocale, c?: CheckoutSnapshot): PageResult {
  const t = translator(locale);
  const token = env.tokens.issue(`pay:${p.id}`);
  const brand = productSpec(p.productId)?.label ?? '';
  const action = redirectPath(p.id);
  const main =
    `<p class="provider-name">${esc(brand)} · 3-D Secure</p><h1>${esc(t('threeDsTitle'))}</h1>` +
    `<p>${esc(t('threeDsIntro'))}</p>` +
    '<dl class="facts">' +
    `<dt>${esc(t('threeDsMerchant'))}</dt><dd>${esc(merchantName(locale, p.merchantId, c?.request))}</dd>` +
    `<dt>${esc(t('amount'))}</dt><dd>${esc(formatAmount(p.amount, p.currency, locale))}</dd>` +
    `<dt>${esc(t('threeDsCard'))}</dt><dd>${esc(brand)} •••• ${esc(p.cardLast4 ?? '')}</dd></dl>` +
    `<div class="notice info"><p>${esc(t('threeDsSimulated'))}</p></div>` +
    '<div class="actions">' +
    postButton(action, token, t('authenticate'), { outcome: 'success' }) +
    postButton(action, token, t('failAuthentication'), { outcome: 'failure' }, 'danger') +
    '</div>';
  return renderPage({ locale, title: t('threeDsTitle'), main, panelClass: 'provider acs' });
}

function providerPage(env: PagesEnv, p: PaymentSnapshot, locale: PageLocale, c?: CheckoutSnapshot): PageResult {
  const t = translator(locale);
  const token = env.tokens.issue(`pay:${p.id}`);
  const product = productSpec(p.productId)?.label ?? `#${p.productId}`;
  const bank = p.productId === 809 ? idealIssuers.find((i) => i.issuerId === p.issuerId)?.issuerName : undefined;
  const title = bank ? t('bankTitle', { bank }) : t('providerTitle', { provider: product });
  const cls = p.productId === 809 ? 'ideal' : p.productId === 840 ? 'paypal' : '';
  const action = redirectPath(p.id);
  const main =
    `<p class="provider-name">${esc(product)}</p><h1>${esc(title)}</h1>` +
    `<p>${esc(bank ? t('bankIntro', { bank }) : t('providerIntro', { provider: product }))}</p>` +
    '<dl class="facts">' +
    `<dt>${esc(t('payee'))}</dt><dd>${esc(merchantName(locale, p.merchantId, c?.request))}</dd>` +
    `<dt>${esc(t('amount'))}</dt><dd>${esc(formatAmount(p.amount, p.currency, locale))}</dd>` +
    (p.merchantReference ? `<dt>${esc(t('reference'))}</dt><dd>${esc(p.merchantReference)}</dd>` : '') +
    '</dl><div class="actions">' +
    postButton(action, token, t('approvePayment'), { outcome: 'success' }) +
    postButton(action, token, t('failPayment'), { outcome: 'failure' }, 'danger') +
    postButton(action, token, t('cancelAtProvider'), { outcome: 'cancel' }, 'secondary') +
    '</div>';
  return renderPage({ locale, title, main, panelClass: `provider ${cls}` });
}

/** Routes under /redirect/<paymentId>. */
export function redirectRoute(env: PagesEnv, req: PageRequest): PageResult | undefined {
  const [, id, action] = req.segments;
  if (id === undefined) return undefined;
  const p = env.port.payment(id);
  if (!p) return notFoundPage();
  const c = p.hostedCheckoutId === undefined ? undefined : env.port.checkout(p.hostedCheckoutId);
  const locale: PageLocale = c ? checkoutLocale(c) : pageLocale(p.locale);
  const done = () => (c ? seeOther(checkoutPath(c.id, 'result')) : seeOther(redirectPath(p.id, 'result')));
  if (req.method === 'GET' && action === undefined) {
    if (p.status !== 'REDIRECTED') return done();
    return p.threeDSecure ? challengePage(env, p, locale, c) : providerPage(env, p, locale, c);
  }
  if (req.method === 'GET' && action === 'result') {
    if (c) return seeOther(checkoutPath(c.id, 'result'));
    return resultPage({ locale, payment: p, returnUrl: env.port.paymentReturnUrl(p.id) });
  }
  if (req.method === 'POST' && action === undefined) {
    if (!authentic(env, req, `pay:${p.id}`)) return stalePage(locale, redirectPath(p.id));
    const outcome = req.form.get('outcome') as RedirectOutcome | null;
    if (outcome === null || !OUTCOMES.has(outcome)) return stalePage(locale, redirectPath(p.id));
    if (p.status !== 'REDIRECTED') return done();
    const url = env.port.finishRedirect(p.id, outcome, req.baseUrl);
    if (c) return afterAttempt(env.port.checkout(c.id) ?? c);
    const back = followableUrl(url);
    return back !== undefined ? seeOther(back) : seeOther(redirectPath(p.id, 'result'));
  }
  return undefined;
}
