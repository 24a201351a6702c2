// Flow 1: hosted checkout. The platform's payment pages collect the card (or bank) details; the shop never
// sees them. Steps, as the platform's guide describes them:
//   1. create the hosted checkout with the order's amount and reference (idempotence key from the order);
//   2. store hostedCheckoutId and RETURNMAC with the order, then redirect the customer;
//   3. on return, check RETURNMAC against the stored one in constant time (isValidReturnMac): it proves the
//      customer came back from the platform for THIS checkout, so nobody can mark an order paid by URL;
//   4. read the hosted checkout and its payment from the platform (the URL says nothing about the outcome).
import { type CreateHostedCheckoutRequest, hostedCheckoutUrl, isValidReturnMac } from 'connect-server-sdk';
import type { ShopContext } from '../context.js';
import type { Order } from '../orders.js';
import { connectOrder } from '../payments.js';

export function hostedCheckoutRequest(ctx: ShopContext, order: Order): CreateHostedCheckoutRequest {
  const mode = ctx.config.authorizationMode;
  return {
    order: connectOrder(ctx, order),
    hostedCheckoutSpecificInput: {
      returnUrl: `${ctx.publicUrl()}/orders/${encodeURIComponent(order.id)}/return/hosted`,
      // without it a cancel leaves the checkout IN_PROGRESS and the shop cannot tell the customer left
      returnCancelState: true,
      locale: ctx.config.locale,
    },
    ...(mode === 'SALE' ? {} : { cardPaymentMethodSpecificInput: { authorizationMode: mode } }),
  };
}

/** Steps 1-2: returns the URL of the platform's payment page. */
export async function startHostedCheckout(ctx: ShopContext, order: Order): Promise<string> {
  // a replay (same key) returns the same checkout, so a double click sends both tabs to one checkout
  const created = await ctx.merchant.hostedCheckouts.create(hostedCheckoutRequest(ctx, order), {
    idempotenceKey: `hc-${order.id}`,
  });
  const { hostedCheckoutId, RETURNMAC, partialRedirectUrl } = created;
  if (hostedCheckoutId === undefined || RETURNMAC === undefined || partialRedirectUrl === undefined) {
    throw new Error('the hosted checkout answer lacks hostedCheckoutId, RETURNMAC or partialRedirectUrl');
  }
  await ctx.orders.attachHostedCheckout(order.id, hostedCheckoutId, RETURNMAC);
  return hostedCheckoutUrl(partialRedirectUrl, ctx.config.connect.checkoutBase);
}

export type ReturnResult = 'ok' | 'forged';

/** Steps 3-4, for GET /orders/:id/return/hosted?RETURNMAC=...&hostedCheckoutId=... */
export async function finishHostedCheckout(
  ctx: ShopContext,
  order: Order,
  query: { RETURNMAC?: unknown; hostedCheckoutId?: unknown },
): Promise<ReturnResult> {
  const mac = typeof query.RETURNMAC === 'string' ? query.RETURNMAC : undefined;
  if (order.returnMac === null || order.hostedCheckoutId === null || !isValidReturnMac(order.returnMac, mac)) {
    return 'forged';
  }
  if (query.hostedCheckoutId !== order.hostedCheckoutId) return 'forged';
  const checkout = await ctx.merchant.hostedCheckouts.get(order.hostedCheckoutId);
  const payment = checkout.createdPaymentOutput?.payment;
  if (checkout.status === 'PAYMENT_CREATED' && payment?.id !== undefined) {
    await ctx.orders.attachPayment(order.id, payment.id, undefined);
    await ctx.orders.applyPayment(order.id, payment);
  } else if (checkout.status === 'CANCELLED_BY_CONSUMER') {
    await ctx.orders.markCheckoutCancelled(order.id);
  }
  // IN_PROGRESS: the customer came back without finishing; the order page offers to pay again
  return 'ok';
}
