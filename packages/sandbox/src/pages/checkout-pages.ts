/**
 * The hosted checkout, as the customer meets it at `/hostedcheckout/<id>`: the choice of payment method, the
 * method's page (card form, iDEAL bank choice, "continue to PayPal", bank transfer), cancelling, and the state
 * pages a checkout can be in (being paid, paid, cancelled, expired). A declined card leaves the checkout open
 * for another attempt; a paid checkout never shows a form again.
 */
import { getProductGroup, type ProductSpec, productSpec, renderProduct } from '../catalogue/index.js';
import { renderForm } from './card-form.js';
import { checkoutContext, type OfferedMethod, offeredMethods } from './checkout-products.js';
import { esc, followableUrl } from './escape.js';
import { cardBrands, formFields, validate } from './form-fields.js';
import { formatAmount, type PageLocale, pageLocale, translator } from './i18n.js';
import { type PageResult, renderPage, seeOther } from './layout.js';
import { cancelledPage, expiredPage, instructionsPage, notFoundPage, resultPage, stalePage } from './outcome-pages.js';
import { at, orderAmount, orderSummary, outcomeOf, postButton } from './parts.js';
import type { CheckoutChoice, CheckoutSnapshot, PayOutcome, SavedCard } from './port.js';
import { authentic, type PageRequest, type PagesEnv } from './request.js';
import { testDataBox } from './test-data.js';

export const checkoutPath = (id: string, ...rest: string[]) =>
  ['/hostedcheckout', encodeURIComponent(id), ...rest.map(encodeURIComponent)].join('/');

export function checkoutLocale(c: CheckoutSnapshot): PageLocale {
  const locale = at(c.request, 'hostedCheckoutSpecificInput', 'locale');
  return pageLocale(typeof locale === 'string' ? locale : undefined);
}

/** A new attempt is possible: nothing paid yet, or the last attempt was declined or cancelled. */
export function payable(c: CheckoutSnapshot): boolean {
  if (c.expired) return false;
  if (c.status === 'IN_PROGRESS') return true;
  const last = c.payments[c.payments.length - 1];
  if (c.status !== 'PAYMENT_CREATED' || !last) return false;
  const o = outcomeOf(last.status);
  return o === 'failed' || o === 'cancelled';
}

const showResultPage = (c: CheckoutSnapshot) =>
  at(c.request, 'hostedCheckoutSpecificInput', 'showResultPage') !== false;

/** Short text on a method's badge. */
function mark(p: ProductSpec): string {
  if (p.paymentMethod === 'bankTransfer') return 'BANK';
  return (p.label.split(/[\s|]+/)[0] ?? '').slice(0, 6);
}

function methodLabel(locale: PageLocale, m: OfferedMethod): string {
  const first = m.products[0] as ProductSpec;
  if (m.key === 'cards') return translator(locale)('cards');
  return renderProduct(first, checkoutContext({}, locale)).displayHints?.label ?? first.label;
}

function cancelButton(env: PagesEnv, c: CheckoutSnapshot, locale: PageLocale): string {
  const token = env.tokens.issue(`hc:${c.id}`);
  return postButton(checkoutPath(c.id, 'cancel'), token, translator(locale)('cancelPayment'), {}, 'danger');
}

/** Stored cards offered here: the checkout's tokens whose brand the checkout accepts. */
function savedCardsOn(c: CheckoutSnapshot, methods: readonly OfferedMethod[]): SavedCard[] {
  const accepted = new Set(methods.filter((m) => m.kind === 'card').flatMap((m) => m.products.map((p) => p.id)));
  return c.savedCards.filter((s) => accepted.has(s.productId));
}

const savedKey = (s: SavedCard) => `saved-${s.token}`;

function savedLabel(s: SavedCard): string {
  return `${productSpec(s.productId)?.label ?? ''} •••• ${s.last4}`;
}

function savedHint(locale: PageLocale, s: SavedCard): string {
  const e = s.expiryDate;
  return e && /^\d{4}$/.test(e) ? translator(locale)('validUntil', { date: `${e.slice(0, 2)}/${e.slice(2)}` }) : '';
}

function savedCardsList(c: CheckoutSnapshot, locale: PageLocale, saved: readonly SavedCard[]): string {
  if (saved.length === 0) return '';
  const items = saved
    .map(
      (s) =>
        `<li><a href="${esc(checkoutPath(c.id, 'method', savedKey(s)))}"><span class="mark" aria-hidden="true">` +
        `${esc(mark(productSpec(s.productId) as ProductSpec))}</span><span>${esc(savedLabel(s))}` +
        `<span class="hint">${esc(savedHint(locale, s))}</span></span></a></li>`,
    )
    .join('');
  return `<h2>${esc(translator(locale)('savedCards'))}</h2><ul class="methods">${items}</ul>`;
}

function selectionPage(env: PagesEnv, c: CheckoutSnapshot, notice?: string): PageResult {
  const locale = checkoutLocale(c);
  const t = translator(locale);
  const offered = offeredMethods(c.request, locale);
  const saved = savedCardsOn(c, offered);
  const tokensOnly = at(c.request, 'hostedCheckoutSpecificInput', 'paymentProductFilters', 'tokensOnly') === true;
  const methods = tokensOnly && saved.length > 0 ? [] : offered;
  const items = methods
    .map((m) => {
      const brands =
        m.key === 'cards' ? ` <span class="hint">${esc(m.products.map((p) => p.label).join(', '))}</span>` : '';
      return (
        `<li><a href="${esc(checkoutPath(c.id, 'method', m.key))}"><span class="mark" aria-hidden="true">` +
        `${esc(m.key === 'cards' ? 'CARD' : mark(m.products[0] as ProductSpec))}</span>` +
        `<span>${esc(methodLabel(locale, m))}${brands}</span></a></li>`
      );
    })
    .join('');
  const main =
    (notice ? `<div class="notice bad" role="alert"><p>${esc(notice)}</p></div>` : '') +
    `<h1>${esc(t('chooseMethod'))}</h1>` +
    savedCardsList(c, locale, saved) +
    (saved.length > 0 && methods.length > 0 ? `<h2>${esc(t('otherMethods'))}</h2>` : '') +
    (methods.length > 0
      ? `<ul class="methods">${items}</ul>`
      : saved.length > 0
        ? ''
        : `<p>${esc(t('noProducts'))}</p>`) +
    `<div class="actions">${cancelButton(env, c, locale)}</div>`;
  return renderPage({ locale, title: t('chooseMethod'), main, order: orderSummary(locale, c.merchantId, c.request) });
}

interface MethodState {
  values?: Readonly<Record<string, string>>;
  errors?: ReadonlyMap<string, string>;
  notice?: string;
  status?: number;
}

/** The fields a method's form asks for, from the catalogue (the cards group's fields for the card form). */
function methodForm(c: CheckoutSnapshot, m: OfferedMethod, locale: PageLocale) {
  const ctx = checkoutContext(c.request, locale);
  if (m.kind === 'card') {
    const group = getProductGroup('cards', ctx);
    return { fields: formFields(group?.fields ?? []), brands: cardBrands(m.products, ctx) };
  }
  const product = m.products[0] as ProductSpec;
  return { fields: formFields(renderProduct(product, ctx).fields ?? []), brands: undefined };
}

function methodPage(env: PagesEnv, c: CheckoutSnapshot, m: OfferedMethod, s: MethodState = {}): PageResult {
  const locale = checkoutLocale(c);
  const t = translator(locale);
  const { amount, currency } = orderAmount(c.request);
  const label = methodLabel(locale, m);
  const { fields, brands } = methodForm(c, m, locale);
  const submitLabel =
    m.kind === 'redirect'
      ? t('continueTo', { provider: label })
      : t('pay', { amount: formatAmount(amount, currency, locale) });
  const form = renderForm({
    locale,
    action: checkoutPath(c.id, 'method', m.key),
    token: env.tokens.issue(`hc:${c.id}`),
    fields,
    brands,
    ...(s.values ? { values: s.values } : {}),
    ...(s.errors ? { errors: s.errors } : {}),
    submitLabel,
    now: new Date(env.port.now()),
  });
  const accepted = brands ? `<p class="hint">${esc(brands.map((b) => b.name).join(' · '))}</p>` : '';
  const main =
    (s.notice ? `<div class="notice bad" role="alert"><p>${esc(s.notice)}</p></div>` : '') +
    `<h1>${esc(label)}</h1>` +
    accepted +
    form +
    (brands ? testDataBox(locale, new Set(brands.map((b) => b.id))) : '') +
    `<div class="actions"><a class="button secondary" href="${esc(checkoutPath(c.id))}">${esc(t('otherMethods'))}</a>` +
    `${cancelButton(env, c, locale)}</div>`;
  return renderPage({
    locale,
    title: label,
    main,
    status: s.status,
    order: orderSummary(locale, c.merchantId, c.request),
    script: fields.length > 0,
  });
}

/** What the checkout shows now, whatever was asked: the state decides (a paid checkout shows no form). */
function statePage(env: PagesEnv, c: CheckoutSnapshot): PageResult {
  const locale = checkoutLocale(c);
  const t = translator(locale);
  const order = orderSummary(locale, c.merchantId, c.request);
  if (c.expired) return expiredPage(locale, c.returnUrl);
  if (c.status === 'CANCELLED_BY_CONSUMER') return cancelledPage(locale, c.returnUrl, order);
  const last = c.payments[c.payments.length - 1];
  if (!last) return selectionPage(env, c);
  const outcome = outcomeOf(last.status);
  if (outcome === 'redirect') {
    const main =
      `<h1>${esc(t('inProgressTitle'))}</h1><p>${esc(t('inProgressBody'))}</p>` +
      `<div class="actions"><a class="button" href="/redirect/${esc(encodeURIComponent(last.id))}">${esc(t('continuePayment'))}</a></div>`;
    return renderPage({ locale, title: t('inProgressTitle'), main, order });
  }
  if (payable(c)) return selectionPage(env, c, t('attemptFailed'));
  if (last.method === 'bankTransfer') {
    return instructionsPage(locale, last, env.port.instructions(last.id), c.returnUrl, order);
  }
  return resultPage({ locale, payment: last, returnUrl: c.returnUrl, order });
}

/** After an attempt ended (here or on a 3-D Secure / provider page): the result page or straight back. */
export function afterAttempt(c: CheckoutSnapshot): PageResult {
  const last = c.payments[c.payments.length - 1];
  const back = followableUrl(c.returnUrl);
  if (last?.method !== 'bankTransfer' && !showResultPage(c) && back !== undefined) return seeOther(back);
  return seeOther(checkoutPath(c.id, 'result'));
}

function choiceFrom(
  m: OfferedMethod,
  values: Readonly<Record<string, string>>,
  brandId: number | undefined,
): CheckoutChoice {
  const product = (m.products[0] as ProductSpec).id;
  if (m.kind === 'card') {
    const card = {
      cardNumber: values['cardNumber'] ?? '',
      expiryDate: values['expiryDate'] ?? '',
      ...(values['cvv'] ? { cvv: values['cvv'] } : {}),
      ...(values['cardholderName'] ? { cardholderName: values['cardholderName'] } : {}),
    };
    return { kind: 'card', productId: brandId ?? product, card };
  }
  if (m.kind === 'bankTransfer') return { kind: 'bankTransfer', productId: product };
  return { kind: 'redirect', productId: product, issuerId: values['issuerId'] || undefined };
}

function submitMethod(env: PagesEnv, req: PageRequest, c: CheckoutSnapshot, m: OfferedMethod): PageResult {
  const locale = checkoutLocale(c);
  const t = translator(locale);
  const { fields, brands } = methodForm(c, m, locale);
  const check = validate(fields, req.form, brands, new Date(env.port.now()), locale);
  if (check.errors.size > 0) return methodPage(env, c, m, { values: check.values, errors: check.errors, status: 422 });
  const outcome = env.port.payCheckout(c.id, choiceFrom(m, check.values, check.brand?.id), req.baseUrl);
  // a declined card: the same checkout takes another attempt (the card number is not shown again)
  return afterPay(env, c, outcome, (now) => methodPage(env, now, m, { notice: t('declined') }));
}

/** Where the customer goes once an attempt was made: the same page again (declined), a redirect, the result. */
function afterPay(
  env: PagesEnv,
  c: CheckoutSnapshot,
  outcome: PayOutcome,
  declined: (now: CheckoutSnapshot) => PageResult,
): PageResult {
  if (outcome.kind === 'closed') return seeOther(checkoutPath(c.id));
  const now = env.port.checkout(c.id) ?? c;
  if (outcome.kind === 'declined') return declined(now);
  if (outcome.redirectUrl !== undefined) return seeOther(outcome.redirectUrl);
  return afterAttempt(now);
}

/** A stored card of the checkout: no card data to enter, one button. */
function savedCardPage(env: PagesEnv, c: CheckoutSnapshot, saved: SavedCard, notice?: string): PageResult {
  const locale = checkoutLocale(c);
  const t = translator(locale);
  const { amount, currency } = orderAmount(c.request);
  const form = renderForm({
    locale,
    action: checkoutPath(c.id, 'method', savedKey(saved)),
    token: env.tokens.issue(`hc:${c.id}`),
    fields: [],
    submitLabel: t('pay', { amount: formatAmount(amount, currency, locale) }),
    now: new Date(env.port.now()),
  });
  const main =
    (notice ? `<div class="notice bad" role="alert"><p>${esc(notice)}</p></div>` : '') +
    `<p class="provider-name">${esc(t('savedCard'))}</p><h1>${esc(savedLabel(saved))}</h1>` +
    `<p class="hint">${esc(savedHint(locale, saved))}</p>` +
    form +
    `<div class="actions"><a class="button secondary" href="${esc(checkoutPath(c.id))}">${esc(t('otherMethods'))}</a>` +
    `${cancelButton(env, c, locale)}</div>`;
  return renderPage({ locale, title: savedLabel(saved), main, order: orderSummary(locale, c.merchantId, c.request) });
}

function savedCardRoute(env: PagesEnv, req: PageRequest, c: CheckoutSnapshot, key: string): PageResult {
  const locale = checkoutLocale(c);
  const saved = savedCardsOn(c, offeredMethods(c.request, locale)).find((x) => savedKey(x) === key);
  if (!saved) return notFoundPage(locale);
  if (!payable(c)) return req.method === 'POST' ? seeOther(checkoutPath(c.id)) : statePage(env, c);
  if (req.method !== 'POST') return savedCardPage(env, c, saved);
  if (!authentic(env, req, `hc:${c.id}`)) return stalePage(locale, checkoutPath(c.id, 'method', key));
  const choice = { kind: 'saved', productId: saved.productId, token: saved.token } as const;
  const outcome = env.port.payCheckout(c.id, choice, req.baseUrl);
  return afterPay(env, c, outcome, (now) => savedCardPage(env, now, saved, translator(locale)('declined')));
}

/** Routes under /hostedcheckout/<id>. */
export function checkoutRoute(env: PagesEnv, req: PageRequest): PageResult | undefined {
  const [, id, action, key] = req.segments;
  if (id === undefined) return undefined;
  const c = env.port.checkout(id);
  if (!c) return notFoundPage();
  const locale = checkoutLocale(c);
  if (req.method === 'GET' && action === undefined) return statePage(env, c);
  if (req.method === 'GET' && action === 'result') {
    const last = c.payments[c.payments.length - 1];
    if (!last || outcomeOf(last.status) === 'redirect') return statePage(env, c);
    if (last.method === 'bankTransfer' && outcomeOf(last.status) === 'pending') return statePage(env, c);
    const retry = payable(c) ? checkoutPath(c.id) : undefined;
    return resultPage({
      locale,
      payment: last,
      returnUrl: c.returnUrl,
      retryUrl: retry,
      order: orderSummary(locale, c.merchantId, c.request),
    });
  }
  if (action === 'method' && key?.startsWith('saved-') && (req.method === 'GET' || req.method === 'POST')) {
    return savedCardRoute(env, req, c, key);
  }
  if (action === 'method' && key !== undefined) {
    const m = offeredMethods(c.request, locale).find((x) => x.key === key);
    if (!m) return notFoundPage(locale);
    if (!payable(c)) return req.method === 'POST' ? seeOther(checkoutPath(c.id)) : statePage(env, c);
    if (req.method === 'GET') return methodPage(env, c, m);
    if (req.method === 'POST') {
      if (!authentic(env, req, `hc:${c.id}`)) return stalePage(locale, checkoutPath(c.id, 'method', key));
      return submitMethod(env, req, c, m);
    }
  }
  if (req.method === 'POST' && action === 'cancel') {
    if (!authentic(env, req, `hc:${c.id}`)) return stalePage(locale, checkoutPath(c.id));
    if (!payable(c)) return seeOther(checkoutPath(c.id));
    const url = env.port.cancelCheckout(c.id);
    const back = followableUrl(url);
    if (back !== undefined) return seeOther(back);
    return cancelledPage(locale, url, orderSummary(locale, c.merchantId, c.request));
  }
  return undefined;
}
