/**
 * The pages' port (port.ts) implemented with the domain's methods. Snapshots copy what the pages show;
 * every change goes through a domain method (which keeps the platform's rules and emits the events).
 */
import type { SandboxContext } from '../context.js';
import type { HostedCheckout, HostedMandate, Payment } from '../domain/model.js';
import { appendQuery } from '../domain/urls.js';
import type { CheckoutSnapshot, HostedMandateSnapshot, PagesPort, PaymentSnapshot, PayOutcome } from './port.js';

type Json = Record<string, unknown>;
const at = (v: unknown, ...path: string[]): unknown => {
  let cur = v;
  for (const key of path) cur = typeof cur === 'object' && cur !== null ? (cur as Json)[key] : undefined;
  return cur;
};

function paymentSnapshot(p: Payment): PaymentSnapshot {
  return {
    id: p.id,
    merchantId: p.merchantId,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    productId: p.productId,
    method: p.method,
    hostedCheckoutId: p.hostedCheckoutId,
    cardLast4: p.pan?.slice(-4),
    threeDSecure: p.method === 'card' && p.threeDSecureStatus !== undefined,
    issuerId: p.issuerId,
    merchantReference: p.merchantReference,
    locale: p.locale,
  };
}

export function domainPort(ctx: SandboxContext): PagesPort {
  const { domain } = ctx;
  const now = () => ctx.clock.now();
  const checkoutSnapshot = (h: HostedCheckout): CheckoutSnapshot => ({
    id: h.id,
    merchantId: h.merchantId,
    status: h.status,
    request: h.request,
    expired: domain.hostedCheckouts.isExpired(h),
    payments: h.paymentIds
      .map((id) => domain.payments.lookup(id))
      .filter((p): p is Payment => p !== undefined)
      .map(paymentSnapshot),
    returnUrl: domain.hostedCheckouts.returnUrl(h),
    savedCards: domain.hostedCheckouts.savedCards(h).map((t) => {
      const expiry = at(t.data, 'card', 'data', 'cardWithoutCvv', 'expiryDate');
      return {
        token: t.id,
        productId: t.productId,
        last4: (t.pan ?? '').slice(-4),
        expiryDate: typeof expiry === 'string' ? expiry : undefined,
      };
    }),
  });
  const mandateSnapshot = (h: HostedMandate): HostedMandateSnapshot => {
    const url = at(h.request, 'hostedMandateManagementSpecificInput', 'returnUrl');
    return {
      id: h.id,
      merchantId: h.merchantId,
      status: h.status,
      expired: h.status === 'IN_PROGRESS' && now() >= h.expiresAt,
      request: h.request,
      mandateReference: h.mandateReference,
      returnUrl:
        typeof url === 'string'
          ? appendQuery(url, { RETURNMAC: h.returnmac, hostedMandateManagementId: h.id })
          : undefined,
    };
  };
  const hostedCheckout = (id: string): HostedCheckout => {
    const h = domain.hostedCheckouts.lookup(id);
    if (!h) throw new Error(`unknown hosted checkout ${id}`);
    return h;
  };
  const payment = (id: string): Payment => {
    const p = domain.payments.lookup(id);
    if (!p) throw new Error(`unknown payment ${id}`);
    return p;
  };

  return {
    now,
    checkout: (id) => {
      const h = domain.hostedCheckouts.lookup(id);
      return h ? checkoutSnapshot(h) : undefined;
    },
    payCheckout: (id, choice, baseUrl): PayOutcome => {
      const h = hostedCheckout(id);
      if (!domain.hostedCheckouts.payable(h)) return { kind: 'closed' };
      const r = domain.hostedCheckouts.pay(
        h,
        {
          card: choice.kind === 'card' ? choice.card : undefined,
          paymentProductId: choice.productId,
          issuerId: choice.kind === 'redirect' ? choice.issuerId : undefined,
          token: choice.kind === 'saved' ? choice.token : undefined,
        },
        { baseUrl },
      );
      if (r.status >= 400 || !r.payment) {
        const message = at(r.body, 'errors', '0', 'message');
        return { kind: 'declined', message: typeof message === 'string' ? message : 'NOT AUTHORISED' };
      }
      return { kind: 'created', payment: paymentSnapshot(r.payment), redirectUrl: r.redirectUrl };
    },
    cancelCheckout: (id) => domain.hostedCheckouts.cancel(hostedCheckout(id)),
    payment: (id) => {
      const p = domain.payments.lookup(id);
      return p ? paymentSnapshot(p) : undefined;
    },
    finishRedirect: (paymentId, outcome) => {
      const p = payment(paymentId);
      return domain.payments.finishRedirect(p.merchantId, p.id, outcome);
    },
    paymentReturnUrl: (paymentId) => domain.payments.returnUrl(payment(paymentId)),
    instructions: (paymentId) => domain.payments.instructions(payment(paymentId)),
    hostedMandate: (id) => {
      const h = domain.hostedMandates.lookup(id);
      return h ? mandateSnapshot(h) : undefined;
    },
    finishHostedMandate: (id, outcome, baseUrl) => {
      const h = domain.hostedMandates.lookup(id);
      if (!h) throw new Error(`unknown hosted mandate management ${id}`);
      return domain.hostedMandates.finish(h, outcome, { baseUrl });
    },
    mandate: (merchantId, reference) => {
      const m = domain.mandates.lookup(merchantId, reference);
      return m ? { ...m } : undefined;
    },
    signMandate: (merchantId, reference) => ({ ...domain.mandates.sign(merchantId, reference) }),
  };
}
