/**
 * What the customer pages read from and ask of the domain, in the pages' own terms. The pages' routes and
 * views see only this; `domain-adapter.ts` implements it with the domain's methods (every state change is a
 * domain method that emits its events). Reads return snapshots: the pages never change a domain object.
 */

export interface PaymentSnapshot {
  readonly id: string;
  readonly merchantId: string;
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly productId: number;
  readonly method: string;
  readonly hostedCheckoutId: string | undefined;
  /** last four digits of the card, for the 3-D Secure page */
  readonly cardLast4: string | undefined;
  /** the payment is waiting for a 3-D Secure challenge (not a third-party provider) */
  readonly threeDSecure: boolean;
  readonly issuerId: string | undefined;
  readonly merchantReference: string | undefined;
  /** order.customer.locale of the payment */
  readonly locale: string | undefined;
}

export interface CheckoutSnapshot {
  readonly id: string;
  readonly merchantId: string;
  /** IN_PROGRESS, PAYMENT_CREATED, CANCELLED_BY_CONSUMER, ... */
  readonly status: string;
  /** the merchant's create request */
  readonly request: Readonly<Record<string, unknown>>;
  readonly expired: boolean;
  /** the attempts, oldest first */
  readonly payments: readonly PaymentSnapshot[];
  /** the merchant's returnUrl with RETURNMAC and hostedCheckoutId, if a returnUrl was given */
  readonly returnUrl: string | undefined;
  /** stored cards the merchant offers (`hostedCheckoutSpecificInput.tokens`) */
  readonly savedCards: readonly SavedCard[];
}

export interface SavedCard {
  readonly token: string;
  readonly productId: number;
  readonly last4: string;
  /** MMYY */
  readonly expiryDate: string | undefined;
}

export type CheckoutChoice =
  | {
      readonly kind: 'card';
      readonly productId: number;
      readonly card: { cardNumber: string; expiryDate: string; cvv?: string; cardholderName?: string };
    }
  | { readonly kind: 'redirect'; readonly productId: number; readonly issuerId?: string | undefined }
  | { readonly kind: 'bankTransfer'; readonly productId: number }
  | { readonly kind: 'saved'; readonly productId: number; readonly token: string };

export type PayOutcome =
  /** the payment exists; `redirectUrl` when the customer must go to a 3-D Secure or provider page */
  | { readonly kind: 'created'; readonly payment: PaymentSnapshot; readonly redirectUrl: string | undefined }
  /** refused by the (simulated) issuer or acquirer: the customer may try again */
  | { readonly kind: 'declined'; readonly message: string }
  /** the checkout cannot be paid now (already paid, cancelled, expired) */
  | { readonly kind: 'closed' };

export interface HostedMandateSnapshot {
  readonly id: string;
  readonly merchantId: string;
  /** IN_PROGRESS, MANDATE_CREATED, FAILED, CANCELLED_BY_CONSUMER */
  readonly status: string;
  readonly expired: boolean;
  readonly request: Readonly<Record<string, unknown>>;
  readonly mandateReference: string | undefined;
  /** the merchant's returnUrl with RETURNMAC and hostedMandateManagementId */
  readonly returnUrl: string | undefined;
}

export interface MandateSnapshot {
  readonly merchantId: string;
  readonly reference: string;
  readonly status: string;
  readonly customer: Readonly<Record<string, unknown>> | undefined;
  readonly recurrenceType: string | undefined;
}

export interface PagesPort {
  /** the sandbox clock (ms) */
  now(): number;
  checkout(id: string): CheckoutSnapshot | undefined;
  payCheckout(id: string, choice: CheckoutChoice, baseUrl: string): PayOutcome;
  /** the customer cancels; returns the return URL (undefined: none given) */
  cancelCheckout(id: string): string | undefined;
  payment(id: string): PaymentSnapshot | undefined;
  /** the customer ends a 3-D Secure or provider page; returns where the payment's own returnUrl leads */
  finishRedirect(paymentId: string, outcome: 'success' | 'failure' | 'cancel', baseUrl: string): string | undefined;
  /** the payment's returnUrl with RETURNMAC and paymentId (non-hosted payments) */
  paymentReturnUrl(paymentId: string): string | undefined;
  /** bank transfer instructions (key/value as in merchantAction.showData) */
  instructions(paymentId: string): readonly { key: string; value: string }[];
  hostedMandate(id: string): HostedMandateSnapshot | undefined;
  finishHostedMandate(id: string, outcome: 'success' | 'failure' | 'cancel', baseUrl: string): string | undefined;
  mandate(merchantId: string, reference: string): MandateSnapshot | undefined;
  signMandate(merchantId: string, reference: string): MandateSnapshot;
}
