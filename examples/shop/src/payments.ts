// What the three flows share: the order part of every request, the idempotence key, creating the payment
// and reading its outcome (also from a decline), and platform errors in words for people.
import {
  ApiError,
  AuthorizationError,
  CommunicationError,
  type Order as ConnectOrder,
  type CreatePaymentRequest,
  DeclinedPaymentError,
  IdempotenceError,
  InvalidReferenceError,
  type MerchantAction,
  type Payment,
  PlatformError,
  TimeoutError,
  ValidationError,
} from 'connect-server-sdk';
import type { ShopContext } from './context.js';
import type { Order } from './orders.js';

/**
 * The idempotence key of an order's payment. Derived from the order, not random per request: a double click,
 * a browser retry or the SDK's own retry after a lost connection all send the same key, and the platform
 * answers them with the first payment instead of creating a second one.
 */
export function paymentIdempotenceKey(order: Order): string {
  return `pay-${order.id}`;
}

/** The `order` part of a payment or hosted checkout request. merchantReference = our order id (webhooks find it). */
export function connectOrder(ctx: ShopContext, order: Order): ConnectOrder {
  return {
    amountOfMoney: { amount: order.amount, currencyCode: order.currency },
    customer: {
      merchantCustomerId: order.customerId.slice(0, 15),
      locale: ctx.config.locale,
      billingAddress: { countryCode: ctx.config.countryCode },
    },
    references: { merchantReference: order.id },
  };
}

/** Where the platform (3-D Secure, iDEAL, ...) sends the customer back after a redirect. */
export function paymentReturnUrl(ctx: ShopContext, order: Order): string {
  return `${ctx.publicUrl()}/orders/${encodeURIComponent(order.id)}/return`;
}

export interface PaymentOutcome {
  payment: Payment;
  /** where to send the customer next: the platform's redirect page, or the order page */
  redirectTo: string;
}

/**
 * Creates the order's payment (idempotently), stores its id, the RETURNMAC of a redirect and its status,
 * and says where the customer goes next. A declined payment is an outcome, not an error: it has an id and
 * a status the order records. Other errors are thrown for the page to explain.
 */
export async function createPaymentForOrder(
  ctx: ShopContext,
  order: Order,
  body: CreatePaymentRequest,
): Promise<PaymentOutcome> {
  let payment: Payment | undefined;
  let action: MerchantAction | undefined;
  try {
    const created = await ctx.merchant.payments.create(body, { idempotenceKey: paymentIdempotenceKey(order) });
    payment = created.payment;
    action = created.merchantAction;
  } catch (e) {
    if (!(e instanceof DeclinedPaymentError)) throw e;
    payment = e.paymentResult.payment;
  }
  if (payment?.id === undefined) throw new Error('the platform answered without a payment id');
  const returnMac = action?.redirectData?.RETURNMAC;
  // store before sending the customer away: the return (or a webhook) may arrive before this request ends
  await ctx.orders.attachPayment(order.id, payment.id, returnMac);
  await ctx.orders.applyPayment(order.id, payment);
  const redirectURL = action?.actionType === 'REDIRECT' ? action.redirectData?.redirectURL : undefined;
  return { payment, redirectTo: redirectURL ?? `/orders/${encodeURIComponent(order.id)}` };
}

/** Reads the payment from the platform (never trusting what a URL says) and records its status. */
export async function refreshPayment(ctx: ShopContext, order: Order): Promise<Payment | undefined> {
  if (order.paymentId === null) return undefined;
  const payment = await ctx.merchant.payments.get(order.paymentId);
  await ctx.orders.applyPayment(order.id, payment);
  return payment;
}

function details(e: ApiError): string {
  const parts = e.errors.map((x) => {
    const what = x.message ?? x.id ?? 'error';
    const extra = [x.code ? `code ${x.code}` : '', x.propertyName ? `field ${x.propertyName}` : ''].filter(Boolean);
    return extra.length > 0 ? `${what} (${extra.join(', ')})` : what;
  });
  return parts.length > 0 ? parts.join('; ') : `HTTP ${e.statusCode}`;
}

/** A platform or connection error as a sentence a shop employee or customer can act on. */
export function explainError(e: unknown): string {
  if (e instanceof DeclinedPaymentError) return `The payment was declined: ${details(e)}.`;
  if (e instanceof ValidationError) return `The platform did not accept the request: ${details(e)}.`;
  if (e instanceof IdempotenceError) {
    return 'The same request is still being processed by the platform. Wait a moment and reload this page.';
  }
  if (e instanceof InvalidReferenceError) {
    return `The platform refused this for the payment in its current state: ${details(e)}.`;
  }
  if (e instanceof AuthorizationError) return `The shop's API key is not allowed to do this: ${details(e)}.`;
  if (e instanceof PlatformError) {
    return `The payment platform had a problem (${details(e)}). Nothing is lost: try again in a moment.`;
  }
  if (e instanceof ApiError) return `The payment platform answered with an error: ${details(e)}.`;
  if (e instanceof TimeoutError || e instanceof CommunicationError) {
    return 'The payment platform could not be reached, so the outcome is unknown. Try again: the shop sends the same request with the same idempotence key, so nothing happens twice.';
  }
  return 'Something went wrong in the shop. Try again in a moment.';
}
