/**
 * The frame every customer page shares: language, title, the SANDBOX band, the order summary and the
 * security headers. Pages hand in already-escaped HTML for `main`; everything passed as text here is escaped.
 */
import { esc } from './escape.js';
import { languageTag, type PageLocale, translator } from './i18n.js';

export interface PageResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Where the stylesheet and the card form's script are served (by the pages surface itself). */
export const ASSETS = '/pages-assets';

// No inline script or style is allowed; scripts and styles come only from the sandbox. `form-action` is left
// out on purpose: a form POST is answered with a redirect to the merchant's returnUrl, which it would block.
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface OrderSummary {
  merchant: string;
  amount: string;
  reference?: string | undefined;
}

export interface PageOptions {
  locale: PageLocale;
  title: string;
  /** escaped HTML */
  main: string;
  status?: number | undefined;
  order?: OrderSummary | undefined;
  /** serve the card form's script */
  script?: boolean | undefined;
  headers?: Record<string, string>;
  /** extra class of the page's panel (provider pages have their own colour) */
  panelClass?: string | undefined;
}

export function renderPage(o: PageOptions): PageResult {
  const t = translator(o.locale);
  const summary = o.order
    ? `<header class="top"><div class="top-inner"><span class="merchant">${esc(o.order.merchant)}</span>` +
      `<span class="order-amount"><span class="visually-hidden">${esc(t('amountToPay'))}: </span>${esc(o.order.amount)}</span>` +
      (o.order.reference ? `<span class="order-ref">${esc(t('reference'))}: ${esc(o.order.reference)}</span>` : '') +
      '</div></header>'
    : '';
  const body =
    '<!doctype html>' +
    `<html lang="${esc(languageTag(o.locale))}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(o.title)} · ${esc(t('sandboxBadge'))}</title>` +
    `<link rel="stylesheet" href="${ASSETS}/pages.css">` +
    (o.script ? `<script src="${ASSETS}/card-form.js" defer></script>` : '') +
    '</head><body>' +
    `<div class="sandbox-band" role="note"><span class="badge">${esc(t('sandboxBadge'))}</span>` +
    `<span>${esc(t('sandboxNote'))}</span></div>` +
    summary +
    `<main id="main"><div class="panel${o.panelClass ? ` ${esc(o.panelClass)}` : ''}">${o.main}</div></main>` +
    '<footer>connect-sandbox</footer></body></html>';
  return {
    status: o.status ?? 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...o.headers },
    body,
  };
}

/** 303 See Other: after a POST the browser GETs the next page (or the merchant's returnUrl). */
export function seeOther(url: string): PageResult {
  return { status: 303, headers: { Location: url, 'Content-Length': '0', 'Cache-Control': 'no-store' }, body: '' };
}

/** A static asset (stylesheet, script), cacheable for a short time. */
export function asset(contentType: string, body: string): PageResult {
  return {
    status: 200,
    headers: {
      'Content-Type': `${contentType}; charset=utf-8`,
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
}

/** A page with a title, a paragraph and optional actions (already-escaped HTML). */
export function messagePage(
  locale: PageLocale,
  title: string,
  text: string,
  opts: { status?: number; actions?: string; kind?: 'good' | 'bad' | 'info'; order?: OrderSummary } = {},
): PageResult {
  const main =
    `<h1>${esc(title)}</h1>` +
    (opts.kind ? `<div class="notice ${opts.kind}"><p>${esc(text)}</p></div>` : `<p>${esc(text)}</p>`) +
    (opts.actions ? `<div class="actions">${opts.actions}</div>` : '');
  return renderPage({ locale, title, main, status: opts.status, order: opts.order });
}
