/**
 * Hosted checkouts: the merchant creates one, the customer pays (or cancels) on the sandbox's
 * checkout page, the merchant reads the outcome. Unfinished checkouts expire.
 */
import type { DomainCore, Lifecycle } from './core.js';
import { hostedCheckoutExpired, invalidProperty, invalidStatus, SandboxError } from './errors.js';
import { digits, hex, uuid } from './ids.js';
import { compact, int, isRecord, pick, str } from './json.js';
import type { HostedCheckout, Payment } from './model.js';
import type { Links, Payments } from './payments.js';
import type { Tokens } from './tokens.js';
import { checkOptionalReturnUrl, hostedCheckoutReturnUrl } from './urls.js';
import { paymentStatusCategoryForHostedCheckout } from './views.js';

/** What the customer chose on the checkout page. */
export interface HostedPaymentInput {
  /** card data; without it the payment is a redirect payment (`paymentProductId`, default iDEAL 809) */
  readonly card?: { cardNumber: string; expiryDate: string; cvv?: string; cardholderName?: string } | undefined;
  readonly paymentProductId?: number | undefined;
}

/** The outcome of paying on the checkout: the payments.create answer (success or error) and where to go next. */
export interface HostedPayResult {
  readonly status: number;
  readonly body: unknown;
  /** the payment made (also on a decline: it is stored REJECTED) */
  readonly payment: Payment | undefined;
  /** the third-party / 3-D Secure page, when the payment is REDIRECTED */
  readonly redirectUrl: string | undefined;
  /** the merchant's return URL (with RETURNMAC and hostedCheckoutId) */
  readonly returnUrl: string | undefined;
}

export class HostedCheckouts {
  readonly lifecycle: Lifecycle<HostedCheckout>;

  constructor(
    private readonly core: DomainCore,
    private readonly payments: Payments,
    private readonly tokens: Tokens,
  ) {
    this.lifecycle = {
      resourceKey: 'hostedCheckout',
      label: 'hosted checkout',
      webhook: false,
      view: (h) => this.view(h),
    };
  }

  /** The merchant's checkout; 404 when unknown or expired unfinished. */
  get(merchantId: string, id: string | undefined): HostedCheckout {
    const h = this.core.stores.hostedCheckouts.get(merchantId, id);
    if (this.isExpired(h)) throw hostedCheckoutExpired(h.id);
    return h;
  }

  /** The checkout with this id, whoever owns it, expired or not (the pages address checkouts by id). */
  lookup(id: string): HostedCheckout | undefined {
    return this.core.stores.hostedCheckouts.lookup(id);
  }

  isExpired(h: HostedCheckout): boolean {
    return h.status === 'IN_PROGRESS' && h.paymentIds.length === 0 && this.core.now() >= h.expiresAt;
  }

  returnUrl(h: HostedCheckout): string | undefined {
    return hostedCheckoutReturnUrl(h);
  }

  create(
    merchantId: string,
    body: unknown,
    links: Links,
  ): { checkout: HostedCheckout; response: Record<string, unknown> } {
    const b = isRecord(body) ? body : {};
    const amount = int(pick(b, 'order', 'amountOfMoney', 'amount'));
    const currency = str(pick(b, 'order', 'amountOfMoney', 'currencyCode'));
    if (amount === undefined) {
      throw invalidProperty('order.amountOfMoney.amount', 'order.amountOfMoney.amount is required');
    }
    if (currency === undefined) {
      throw invalidProperty('order.amountOfMoney.currencyCode', 'order.amountOfMoney.currencyCode is required');
    }
    checkOptionalReturnUrl(
      pick(b, 'hostedCheckoutSpecificInput', 'returnUrl'),
      'hostedCheckoutSpecificInput.returnUrl',
    );
    const now = this.core.now();
    const id = `${digits(merchantId, 4)}-${hex(16)}`;
    const invalidTokens = String(pick(b, 'hostedCheckoutSpecificInput', 'tokens') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '' && !this.tokens.owns(merchantId, t));
    const h: HostedCheckout = {
      id,
      merchantId,
      returnmac: uuid(),
      createdAt: now,
      expiresAt: now + this.core.options.hostedCheckoutTtlMs,
      status: 'IN_PROGRESS',
      request: structuredClone(b),
      paymentIds: [],
      merchantReference: str(pick(b, 'order', 'references', 'merchantReference')),
    };
    this.core.stores.hostedCheckouts.add(h);
    this.core.transition(this.lifecycle, h, 'IN_PROGRESS');
    const host = links.baseUrl.replace(/^https?:\/\//, '');
    return {
      checkout: h,
      response: compact({
        RETURNMAC: h.returnmac,
        hostedCheckoutId: id,
        partialRedirectUrl: `${host}/hostedcheckout/${id}`,
        merchantReference: h.merchantReference,
        invalidTokens: invalidTokens.length > 0 ? invalidTokens : undefined,
      }),
    };
  }

  /** hostedCheckouts.get: the status, and the last payment made on it. */
  view(h: HostedCheckout): Record<string, unknown> {
    const lastId = h.paymentIds[h.paymentIds.length - 1];
    const p = lastId === undefined ? undefined : this.payments.lookup(lastId);
    if (!p) return { status: h.status };
    return {
      status: h.status,
      createdPaymentOutput: compact({
        payment: this.payments.view(p),
        paymentCreationReferences: { additionalReference: p.paymentReference, externalReference: p.id },
        paymentStatusCategory: paymentStatusCategoryForHostedCheckout(p.status),
        tokenizationSucceeded: p.token !== undefined ? true : undefined,
        tokens: p.token,
        isCheckedRememberMe: false,
      }),
    };
  }

  /**
   * The customer pays on the checkout (the page or the admin API): creates a payment from the
   * checkout's order and the customer's choice, and attaches it. A decline is an answer, not a throw.
   */
  pay(h: HostedCheckout, input: HostedPaymentInput, links: Links): HostedPayResult {
    if (h.status !== 'IN_PROGRESS' && h.status !== 'PAYMENT_CREATED') {
      throw invalidStatus('hosted checkout', h.id, h.status, 'pay');
    }
    if (this.isExpired(h)) throw hostedCheckoutExpired(h.id);
    const body: Record<string, unknown> = { order: h.request['order'] };
    const cardBase = isRecord(h.request['cardPaymentMethodSpecificInput'])
      ? h.request['cardPaymentMethodSpecificInput']
      : {};
    const returnUrl = this.returnUrl(h) ?? `${links.baseUrl}/`;
    if (input.card) {
      body['cardPaymentMethodSpecificInput'] = {
        ...cardBase,
        ...(input.paymentProductId === undefined ? {} : { paymentProductId: input.paymentProductId }),
        card: input.card,
        threeDSecure: { redirectionData: { returnUrl } },
      };
    } else {
      body['redirectPaymentMethodSpecificInput'] = {
        paymentProductId: input.paymentProductId ?? 809,
        redirectionData: { returnUrl },
      };
    }
    let result: { status: number; body: unknown };
    try {
      result = { status: 201, body: this.payments.create(h.merchantId, body, links, h.id).response };
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      result = { status: e.status, body: e.toBody() };
    }
    const pid = str(pick(result.body, 'payment', 'id')) ?? str(pick(result.body, 'paymentResult', 'payment', 'id'));
    const payment = pid === undefined ? undefined : this.payments.lookup(pid);
    if (pid !== undefined) this.attachPayment(h, pid);
    const redirectUrl = str(pick(result.body, 'merchantAction', 'redirectData', 'redirectURL'));
    return { ...result, payment, redirectUrl, returnUrl: this.returnUrl(h) };
  }

  /** Records a payment made for this checkout (the Client API's payments on a checkout session use this too). */
  attachPayment(h: HostedCheckout, paymentId: string): void {
    h.paymentIds.push(paymentId);
    this.core.transition(this.lifecycle, h, 'PAYMENT_CREATED');
  }

  /** The customer cancels: CANCELLED_BY_CONSUMER when the merchant asked for it (returnCancelState). Returns the return URL. */
  cancel(h: HostedCheckout): string | undefined {
    if (pick(h.request, 'hostedCheckoutSpecificInput', 'returnCancelState') === true) {
      this.core.transition(this.lifecycle, h, 'CANCELLED_BY_CONSUMER');
    }
    return this.returnUrl(h);
  }

  /** Ends the checkout's lifetime now (as if its time ran out). */
  expire(h: HostedCheckout): void {
    h.expiresAt = Math.min(h.expiresAt, this.core.now());
    this.core.bus.emit(h.merchantId, 'hostedCheckout.expired', 'hostedCheckout', this.view(h), false);
  }

  /** hostedCheckouts.remove */
  remove(merchantId: string, id: string | undefined): void {
    const h = this.get(merchantId, id);
    this.core.stores.hostedCheckouts.delete(h);
    this.core.bus.emit(merchantId, 'hostedCheckout.removed', 'hostedCheckout', { id: h.id }, false);
  }
}
