// Flow 3: the shop's own payment form, built from the platform's product fields (the guide's "payment
// product fields" flow). The server asks which products fit the order (products.find), the customer picks
// one, the server asks for its fields (products.get) and renders them; the details come back to the shop's
// server, which creates the payment. The shop must not store or log them (PCI DSS applies to this flow).
import type { CreatePaymentRequest, PaymentProduct, PaymentProductField } from 'connect-server-sdk';
import type { ShopContext } from '../context.js';
import type { Order } from '../orders.js';
import { connectOrder, paymentReturnUrl } from '../payments.js';

function productQuery(ctx: ShopContext, order: Order) {
  return {
    countryCode: ctx.config.countryCode,
    currencyCode: order.currency,
    amount: order.amount,
    locale: ctx.config.locale,
    isRecurring: false,
  };
}

/** Products this shop's form can take: cards (not the wallets, which need their own buttons) and iDEAL. */
export function shopSupports(product: PaymentProduct): boolean {
  return (product.paymentMethod === 'card' && product.id !== 302 && product.id !== 320) || product.id === 809;
}

export async function availableProducts(ctx: ShopContext, order: Order): Promise<PaymentProduct[]> {
  const found = await ctx.merchant.products.find(productQuery(ctx, order));
  return (found.paymentProducts ?? []).filter(shopSupports);
}

export async function productWithFields(ctx: ShopContext, order: Order, productId: number): Promise<PaymentProduct> {
  return ctx.merchant.products.get(productId, productQuery(ctx, order));
}

export interface FieldProblem {
  fieldId: string;
  message: string;
}

/** Strips the mask characters a person types ("4567 3500 ..." , "12/30") from a value. */
export function normaliseValue(field: PaymentProductField, value: string): string {
  const v = value.trim();
  return field.type === 'numericstring' || field.type === 'expirydate' ? v.replace(/[\s/-]/g, '') : v;
}

/** The checks the product's fields declare (required, length, regular expression); the platform checks again. */
export function checkFields(product: PaymentProduct, values: Readonly<Record<string, string>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of product.fields ?? []) {
    if (field.id === undefined) continue;
    const label = field.displayHints?.label ?? field.id;
    const value = values[field.id] ?? '';
    const rules = field.dataRestrictions;
    if (value === '') {
      if (rules?.isRequired) problems.push({ fieldId: field.id, message: `${label} is required` });
      continue;
    }
    const length = rules?.validators?.length;
    if (length && ((length.minLength ?? 0) > value.length || (length.maxLength ?? Infinity) < value.length)) {
      problems.push({ fieldId: field.id, message: `${label} has the wrong length` });
      continue;
    }
    const pattern = rules?.validators?.regularExpression?.regularExpression;
    if (pattern !== undefined) {
      let ok = true;
      try {
        ok = new RegExp(pattern).test(value);
      } catch {
        // a pattern this engine cannot read is left to the platform
      }
      if (!ok) problems.push({ fieldId: field.id, message: `${label} has the wrong format` });
    }
  }
  return problems;
}

/** The create payment request for the chosen product and the values the customer entered. */
export function serverPaymentRequest(
  ctx: ShopContext,
  order: Order,
  productId: number,
  product: PaymentProduct,
  values: Readonly<Record<string, string>>,
): CreatePaymentRequest {
  const returnUrl = paymentReturnUrl(ctx, order);
  const base = { order: connectOrder(ctx, order) };
  if (product.paymentMethod === 'card') {
    const mode = ctx.config.authorizationMode;
    return {
      ...base,
      cardPaymentMethodSpecificInput: {
        paymentProductId: productId,
        ...(mode === 'SALE' ? {} : { authorizationMode: mode }),
        card: {
          cardNumber: values['cardNumber'] ?? '',
          expiryDate: values['expiryDate'] ?? '',
          ...(values['cvv'] ? { cvv: values['cvv'] } : {}),
          ...(values['cardholderName'] ? { cardholderName: values['cardholderName'] } : {}),
        },
        // redirect variant: 3-D Secure sends the customer to the issuer and back here
        threeDSecure: { redirectionData: { returnUrl } },
      },
    };
  }
  const issuerId = values['issuerId'];
  return {
    ...base,
    redirectPaymentMethodSpecificInput: {
      paymentProductId: productId,
      redirectionData: { returnUrl },
      ...(productId === 809 && issuerId ? { paymentProduct809SpecificInput: { issuerId } } : {}),
    },
  };
}
