import { SandboxError } from './errors.js';
import type { SandboxState } from './server.js';

export interface PageResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function html(status: number, title: string, inner: string): PageResult {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${inner}</body></html>`,
  };
}

function redirectTo(url: string | undefined, fallbackTitle: string): PageResult {
  if (url === undefined) return html(200, fallbackTitle, '<p>No return URL was given; you can close this page.</p>');
  return { status: 302, headers: { Location: headerSafeUrl(url), 'Content-Length': '0' }, body: '' };
}

/** Percent-encodes what may not stand in a header (non-ASCII, spaces, line breaks). */
function headerSafeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url.replace(/[\r\n]/g, ''));
  }
}

/**
 * The minimal customer-facing pages (the full hosted checkout pages come later): the simulated
 * third-party / 3-D Secure page a REDIRECTED payment points at, a basic hosted checkout page and
 * the mandate signing page. Returns undefined for paths that are not pages.
 */
export function handlePages(
  state: SandboxState,
  method: string,
  rawPath: string,
  _rawQuery: string | undefined,
  body: Buffer,
  baseUrl: string,
): PageResult | undefined {
  const parts = rawPath.split('/').slice(1).map(safeDecode);
  try {
    if (parts[0] === 'redirect' && parts[1] !== undefined) {
      const p = state.platform.payments.get(parts[1]);
      if (!p) return html(404, 'Unknown payment', '<p>This redirect link is not valid.</p>');
      const outcome = parts[2];
      if (outcome === undefined && method === 'GET') {
        const link = (o: string, label: string) =>
          `<p><a id="${o}" href="/redirect/${esc(p.id)}/${o}">${label}</a></p>`;
        return html(
          200,
          'Sandbox authentication',
          `<p>Payment ${esc(p.id)}: ${p.amount} ${esc(p.currency)} (status ${esc(p.status)}).</p>` +
            link('success', 'Authenticate / pay') +
            link('failure', 'Fail') +
            link('cancel', 'Cancel'),
        );
      }
      if (outcome === 'success' || outcome === 'failure' || outcome === 'cancel') {
        const url = state.platform.finishRedirect(p.merchantId, p.id, outcome);
        return redirectTo(url, `Payment ${p.status}`);
      }
    }
    if (parts[0] === 'hostedcheckout' && parts[1] !== undefined) {
      const h = state.platform.hostedCheckouts.get(parts[1]);
      if (!h) return html(404, 'Unknown checkout', '<p>This checkout does not exist.</p>');
      state.platform.hostedCheckout(h.merchantId, h.id);
      if (method === 'GET' && parts[2] === undefined) {
        const amount = (
          h.request['order'] as { amountOfMoney?: { amount?: number; currencyCode?: string } } | undefined
        )?.amountOfMoney;
        return html(
          200,
          'Sandbox checkout',
          `<p>Amount: ${esc(String(amount?.amount ?? ''))} ${esc(String(amount?.currencyCode ?? ''))}</p>` +
            `<form method="post" action="/hostedcheckout/${esc(h.id)}/pay">` +
            '<label>Card number <input name="cardNumber" value="4567350000427977"></label> ' +
            '<label>Expiry (MMYY) <input name="expiryDate" value="1230"></label> ' +
            '<label>CVV <input name="cvv" value="123"></label> ' +
            '<button type="submit">Pay</button></form>' +
            `<form method="post" action="/hostedcheckout/${esc(h.id)}/pay"><input type="hidden" name="paymentProductId" value="809"><button type="submit">Pay with iDEAL</button></form>` +
            `<form method="post" action="/hostedcheckout/${esc(h.id)}/cancel"><button type="submit">Cancel</button></form>`,
        );
      }
      if (method === 'POST' && parts[2] === 'pay') {
        const form = new URLSearchParams(body.toString('utf8'));
        const product = form.get('paymentProductId');
        const productId = product === null || !/^\d+$/.test(product) ? undefined : Number(product);
        const cardNumber = (form.get('cardNumber') ?? '').replace(/\s+/g, '');
        const r = state.platform.payHostedCheckout(
          h,
          cardNumber === ''
            ? undefined
            : { cardNumber, expiryDate: form.get('expiryDate') ?? '', cvv: form.get('cvv') ?? '' },
          productId,
          baseUrl,
        );
        return redirectTo(r.redirectUrl ?? r.returnUrl, 'Payment done');
      }
      if (method === 'POST' && parts[2] === 'cancel') {
        return redirectTo(state.platform.cancelHostedCheckout(h), 'Checkout cancelled');
      }
    }
    if (parts[0] === 'hostedmandatemanagement' && parts[1] !== undefined && method === 'GET') {
      const h = state.platform.hostedMandates.get(parts[1]);
      if (!h) return html(404, 'Unknown mandate session', '<p>This page does not exist.</p>');
      if (parts[2] === 'sign' || parts[2] === 'cancel') {
        const url = state.platform.finishHostedMandate(h, parts[2] === 'sign' ? 'success' : 'cancel', baseUrl);
        return redirectTo(url, 'Mandate');
      }
      return html(
        200,
        'Sandbox mandate',
        `<p><a id="sign" href="/hostedmandatemanagement/${esc(h.id)}/sign">Sign the mandate</a></p>` +
          `<p><a id="cancel" href="/hostedmandatemanagement/${esc(h.id)}/cancel">Cancel</a></p>`,
      );
    }
    if (parts[0] === 'mandate' && parts[1] !== undefined && parts[2] !== undefined && parts[3] === 'sign') {
      const m = state.platform.mandates.get(`${parts[1]}\n${parts[2]}`);
      if (!m) return html(404, 'Unknown mandate', '<p>This mandate does not exist.</p>');
      if (m.status === 'CREATED') m.status = 'ACTIVE';
      return html(200, 'Mandate signed', `<p>Mandate ${esc(m.reference)} is ${esc(m.status)}.</p>`);
    }
  } catch (e) {
    if (e instanceof SandboxError) {
      return html(e.status, 'Not possible', `<p>${esc(e.errors[0]?.message ?? 'error')}</p>`);
    }
    return html(500, 'Error', '<p>Something went wrong.</p>');
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
