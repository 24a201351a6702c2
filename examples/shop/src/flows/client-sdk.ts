// Flow 2: the platform's Client SDK in the browser. The server creates a client session (sessions.create)
// and hands its four values to the page; the browser talks to the platform's Client API directly, renders
// the product's fields, validates and encrypts the input; the server receives only `encryptedCustomerInput`
// (plus the chosen product id) and creates the payment with it. Card data never reaches the shop's server.
import type { CreatePaymentRequest, PaymentProduct } from 'connect-server-sdk';
import type { ShopContext } from '../context.js';
import type { Order } from '../orders.js';
import { connectOrder, paymentReturnUrl } from '../payments.js';

export interface ClientPageConfig {
  session: { clientSessionId: string; customerId: string; clientApiUrl: string; assetUrl: string };
  paymentContext: { totalAmount: number; countryCode: string; currency: string; isRecurring: boolean; locale: string };
}

/** A client session for this page view (they live 2 hours; a new page view gets a new one). */
export async function clientPageConfig(ctx: ShopContext, order: Order): Promise<ClientPageConfig> {
  const s = await ctx.merchant.sessions.create({});
  if (s.clientSessionId === undefined || s.customerId === undefined || s.clientApiUrl === undefined) {
    throw new Error('the session answer lacks clientSessionId, customerId or clientApiUrl');
  }
  return {
    session: {
      clientSessionId: s.clientSessionId,
      customerId: s.customerId,
      clientApiUrl: s.clientApiUrl,
      assetUrl: s.assetUrl ?? s.clientApiUrl,
    },
    paymentContext: {
      totalAmount: order.amount,
      countryCode: ctx.config.countryCode,
      currency: order.currency,
      isRecurring: false,
      locale: ctx.config.locale,
    },
  };
}

/**
 * The create payment request from the browser's encrypted blob. Which product-specific input to send
 * depends on the product's payment method, which the server looks up itself (never trusting the page).
 */
export function clientPaymentRequest(
  ctx: ShopContext,
  order: Order,
  productId: number,
  product: PaymentProduct,
  encryptedCustomerInput: string,
): CreatePaymentRequest {
  const returnUrl = paymentReturnUrl(ctx, order);
  const base = { order: connectOrder(ctx, order), encryptedCustomerInput };
  if (product.paymentMethod === 'card') {
    const mode = ctx.config.authorizationMode;
    return {
      ...base,
      cardPaymentMethodSpecificInput: {
        paymentProductId: productId,
        ...(mode === 'SALE' ? {} : { authorizationMode: mode }),
        threeDSecure: { redirectionData: { returnUrl } },
      },
    };
  }
  return {
    ...base,
    redirectPaymentMethodSpecificInput: { paymentProductId: productId, redirectionData: { returnUrl } },
  };
}
