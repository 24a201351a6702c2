/**
 * The minimal customer-facing pages (the full hosted checkout pages come later): the simulated
 * third-party / 3-D Secure page a REDIRECTED payment points at, a basic hosted checkout page and
 * the mandate signing pages. State changes only through domain methods.
 */
import type { SandboxContext } from '../context.js';
import { SandboxError } from '../domain/errors.js';
import { readBody } from '../http/body.js';
import type { Exchange } from '../http/mount.js';
import { redirect, sendHtml } from '../http/respond.js';
import { safeDecode } from '../http/routes.js';

/** Escapes text for HTML content and attribute values. */
export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(title: string, inner: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${inner}</body></html>`;
}

/** Sends the customer on to `url`, or says there is nowhere to go. */
function goTo(x: Exchange, url: string | undefined, fallbackTitle: string): void {
  if (url === undefined) {
    sendHtml(x.res, 200, page(fallbackTitle, '<p>No return URL was given; you can close this page.</p>'));
  } else {
    redirect(x.res, url);
  }
}

/** Answers the customer pages; returns false for paths that are not one. */
export async function customerPages(ctx: SandboxContext, x: Exchange): Promise<boolean> {
  const raw = await readBody(x.req, ctx.options.maxBodyBytes);
  const body = raw === 'too-large' ? Buffer.alloc(0) : raw;
  const parts = x.path.split('/').slice(1).map(safeDecode);
  const { method } = x;
  const { domain } = ctx;
  const html = (status: number, title: string, inner: string) => {
    sendHtml(x.res, status, page(title, inner));
    return true;
  };
  try {
    if (parts[0] === 'redirect' && parts[1] !== undefined) {
      const p = domain.payments.lookup(parts[1]);
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
        const url = domain.payments.finishRedirect(p.merchantId, p.id, outcome);
        goTo(x, url, `Payment ${p.status}`);
        return true;
      }
    }
    if (parts[0] === 'hostedcheckout' && parts[1] !== undefined) {
      const found = domain.hostedCheckouts.lookup(parts[1]);
      if (!found) return html(404, 'Unknown checkout', '<p>This checkout does not exist.</p>');
      const h = domain.hostedCheckouts.get(found.merchantId, found.id);
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
        const r = domain.hostedCheckouts.pay(
          h,
          {
            card:
              cardNumber === ''
                ? undefined
                : { cardNumber, expiryDate: form.get('expiryDate') ?? '', cvv: form.get('cvv') ?? '' },
            paymentProductId: productId,
          },
          { baseUrl: ctx.baseUrl(x.req) },
        );
        goTo(x, r.redirectUrl ?? r.returnUrl, 'Payment done');
        return true;
      }
      if (method === 'POST' && parts[2] === 'cancel') {
        goTo(x, domain.hostedCheckouts.cancel(h), 'Checkout cancelled');
        return true;
      }
    }
    if (parts[0] === 'hostedmandatemanagement' && parts[1] !== undefined && method === 'GET') {
      const h = domain.hostedMandates.lookup(parts[1]);
      if (!h) return html(404, 'Unknown mandate session', '<p>This page does not exist.</p>');
      if (parts[2] === 'sign' || parts[2] === 'cancel') {
        const url = domain.hostedMandates.finish(h, parts[2] === 'sign' ? 'success' : 'cancel', {
          baseUrl: ctx.baseUrl(x.req),
        });
        goTo(x, url, 'Mandate');
        return true;
      }
      return html(
        200,
        'Sandbox mandate',
        `<p><a id="sign" href="/hostedmandatemanagement/${esc(h.id)}/sign">Sign the mandate</a></p>` +
          `<p><a id="cancel" href="/hostedmandatemanagement/${esc(h.id)}/cancel">Cancel</a></p>`,
      );
    }
    if (parts[0] === 'mandate' && parts[1] !== undefined && parts[2] !== undefined && parts[3] === 'sign') {
      if (!domain.mandates.lookup(parts[1], parts[2])) {
        return html(404, 'Unknown mandate', '<p>This mandate does not exist.</p>');
      }
      const m = domain.mandates.sign(parts[1], parts[2]);
      return html(200, 'Mandate signed', `<p>Mandate ${esc(m.reference)} is ${esc(m.status)}.</p>`);
    }
  } catch (e) {
    if (e instanceof SandboxError) {
      return html(e.status, 'Not possible', `<p>${esc(e.errors[0]?.message ?? 'error')}</p>`);
    }
    return html(500, 'Error', '<p>Something went wrong.</p>');
  }
  return false;
}
