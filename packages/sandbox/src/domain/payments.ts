/**
 * Payments: creation (cards with the test-data scenarios, redirects, bank transfer, ...), the
 * third-party / 3-D Secure step, approval, capture, cancellation and the status each leads to.
 */
import type { Captures } from './captures.js';
import { checkCardNumber, checkExpiry } from './cards.js';
import type { DomainCore, Lifecycle } from './core.js';
import {
  type ApiErrorItem,
  amountTooHigh,
  badRequest,
  declinedItem,
  fraudDeniedItem,
  invalidCardNumberItem,
  invalidProperty,
  invalidStatus,
  notPendingApproval,
  redirectFailedItem,
  SandboxError,
  unknownToken,
} from './errors.js';
import { digits, uuid } from './ids.js';
import { compact, int, isRecord, pick, str } from './json.js';
import { DEFAULT_PRODUCT, METHOD_INPUTS, PAYMENT_STATUS, type Payment, type PaymentMethodKind } from './model.js';
import {
  CHALLENGE_CARDS,
  CHALLENGE_FAILS,
  COMPLETION_CARD,
  cardProductIdFromPan,
  declineFor,
  fraudByCity,
  luhnValid,
} from './scenarios.js';
import type { Tokens } from './tokens.js';
import { appendQuery, checkOptionalReturnUrl, hostedCheckoutReturnUrl } from './urls.js';
import { books, operationsView, paymentView, thirdPartyStatus } from './views.js';

/** Where links in responses point (request-scoped: passed in, never stored). */
export interface Links {
  /** `http://127.0.0.1:4010`: where customers reach the sandbox */
  readonly baseUrl: string;
}

/** The payments.create response, and the payment it made. */
export interface PaymentCreation {
  readonly payment: Payment;
  /** the `CreatePaymentResponse` body */
  readonly response: Record<string, unknown>;
}

export type RedirectOutcome = 'success' | 'failure' | 'cancel';

export class Payments {
  readonly lifecycle: Lifecycle<Payment>;
  /** The view built for the last status change, reused when nothing changed since (hot path). */
  private lastView: { p: Payment; view: Record<string, unknown> } | undefined;

  constructor(
    private readonly core: DomainCore,
    private readonly captures: Captures,
    private readonly tokens: Tokens,
  ) {
    this.lifecycle = {
      resourceKey: 'payment',
      label: 'payment',
      table: PAYMENT_STATUS,
      settlesFrom: 'CAPTURE_REQUESTED',
      webhook: true,
      view: (p) => this.view(p),
    };
  }

  get(merchantId: string, id: string | undefined): Payment {
    return this.core.stores.payments.get(merchantId, id);
  }

  /** The payment with this id, whoever owns it. */
  lookup(id: string): Payment | undefined {
    return this.core.stores.payments.lookup(id);
  }

  view(p: Payment): Record<string, unknown> {
    return paymentView(p, this.core.stores);
  }

  /** Moves a payment to `status` and tells the bus. */
  setStatus(p: Payment, status: string, statusCode?: number): void {
    const view = this.core.transition(this.lifecycle, p, status, statusCode) as Record<string, unknown>;
    this.lastView = { p, view };
  }

  private currentView(p: Payment): Record<string, unknown> {
    const last = this.lastView;
    this.lastView = undefined;
    return last !== undefined && last.p === p ? last.view : this.view(p);
  }

  /** `paymentOutput.operations`: the captures and refunds of a payment, oldest first. */
  operationsOf(p: Payment): Record<string, unknown>[] {
    return operationsView(p, this.captures.ofPayment(p), this.core.stores);
  }

  find(merchantId: string, q: URLSearchParams): Record<string, unknown> {
    const hc = q.get('hostedCheckoutId');
    const ref = q.get('merchantReference');
    const orderId = q.get('merchantOrderId');
    const page = this.core.stores.payments.page(
      merchantId,
      q,
      (p) =>
        (hc === null || p.hostedCheckoutId === hc) &&
        (ref === null || p.merchantReference === ref) &&
        (orderId === null || String(p.merchantOrderId) === orderId),
    );
    return {
      payments: page.items.map((p) => this.view(p)),
      offset: page.offset,
      limit: page.limit,
      totalCount: page.totalCount,
    };
  }

  /**
   * payments.create: a card payment runs through the test scenarios (Luhn, expiry, declines, fraud
   * by city, 3-D Secure challenge, completion); a redirect payment waits for the third-party page.
   * Declines are stored (REJECTED) and thrown with `paymentResult`.
   */
  create(merchantId: string, body: unknown, links: Links, hostedCheckoutId?: string): PaymentCreation {
    const b = isRecord(body) ? body : {};
    const amount = int(pick(b, 'order', 'amountOfMoney', 'amount'));
    const currency = str(pick(b, 'order', 'amountOfMoney', 'currencyCode'));
    if (amount === undefined) {
      throw invalidProperty('order.amountOfMoney.amount', 'order.amountOfMoney.amount is required');
    }
    if (amount < 0) throw badRequest('order.amountOfMoney.amount must not be negative', 'order.amountOfMoney.amount');
    if (currency === undefined) {
      throw invalidProperty('order.amountOfMoney.currencyCode', 'order.amountOfMoney.currencyCode is required');
    }
    if (!/^[A-Z]{3}$/.test(currency)) {
      throw badRequest(
        'order.amountOfMoney.currencyCode must be an ISO 4217 code such as EUR',
        'order.amountOfMoney.currencyCode',
      );
    }
    let methodKey: string | undefined;
    let method: PaymentMethodKind = 'card';
    for (const [key, kind] of METHOD_INPUTS) {
      if (isRecord(b[key])) {
        methodKey = key;
        method = kind;
        break;
      }
    }
    if (methodKey === undefined) {
      if (typeof b['encryptedCustomerInput'] === 'string') {
        throw badRequest(
          // the Server API opens it before this point (domain/encrypted-inputs.ts); reaching here is a caller bug
          'encryptedCustomerInput must be opened with domain.encryptedInputs.open() before payments.create',
          'encryptedCustomerInput',
        );
      }
      throw invalidProperty(
        'cardPaymentMethodSpecificInput',
        'a payment method input is required (cardPaymentMethodSpecificInput, redirectPaymentMethodSpecificInput, ...)',
      );
    }
    const input = b[methodKey] as Record<string, unknown>;
    // every URL the customer may be sent back to is checked before anything is stored
    checkOptionalReturnUrl(input['returnUrl'], `${methodKey}.returnUrl`);
    checkOptionalReturnUrl(pick(input, 'redirectionData', 'returnUrl'), `${methodKey}.redirectionData.returnUrl`);
    checkOptionalReturnUrl(
      pick(input, 'threeDSecure', 'redirectionData', 'returnUrl'),
      `${methodKey}.threeDSecure.redirectionData.returnUrl`,
    );
    const now = this.core.now();
    const seq = this.core.nextSeq();
    const p: Payment = {
      id: `${digits(merchantId, 10)}${String(seq).padStart(10, '0')}0000100001`,
      merchantId,
      createdAt: now,
      status: 'CREATED',
      statusCode: 0,
      changedAt: now,
      amount,
      currency,
      productId: int(input['paymentProductId']) ?? DEFAULT_PRODUCT[method],
      method,
      merchantReference: str(pick(b, 'order', 'references', 'merchantReference')),
      merchantOrderId: int(pick(b, 'order', 'references', 'merchantOrderId')),
      paymentReference: String(seq).padStart(12, '0'),
      hostedCheckoutId,
      pan: undefined,
      expiryDate: undefined,
      cardholderName: undefined,
      fraudResult: undefined,
      authorisationCode: undefined,
      requiresApproval:
        input['requiresApproval'] === true ||
        input['authorizationMode'] === 'PRE_AUTHORIZATION' ||
        input['authorizationMode'] === 'FINAL_AUTHORIZATION',
      captureIds: [],
      refundIds: [],
      disputeIds: [],
      errors: undefined,
      returnUrl: undefined,
      returnmac: undefined,
      afterRedirect: undefined,
      token: undefined,
      threeDSecureStatus: undefined,
      settleAt: undefined,
    };

    let tokenOut: { token: string; isNewToken: boolean } | undefined;
    let merchantAction: Record<string, unknown> | undefined;
    const reject = (status: number, error: ApiErrorItem, statusCode = 100): never => {
      p.errors = [{ httpStatusCode: status, ...error }];
      this.core.stores.payments.add(p);
      this.setStatus(p, 'REJECTED', statusCode);
      throw new SandboxError(status, [error], { paymentResult: { creationOutput: {}, payment: this.currentView(p) } });
    };

    if (method === 'card') {
      const tokenId = str(input['token']);
      let pan = str(pick(input, 'card', 'cardNumber'));
      let expiry = str(pick(input, 'card', 'expiryDate'));
      let holder = str(pick(input, 'card', 'cardholderName'));
      if (tokenId !== undefined && pan === undefined) {
        const t = this.tokens.lookup(tokenId);
        if (!t || t.merchantId !== merchantId) throw unknownToken(tokenId, 'cardPaymentMethodSpecificInput.token');
        pan = t.pan;
        expiry = str(pick(t.data, 'card', 'data', 'cardWithoutCvv', 'expiryDate'));
        holder = str(pick(t.data, 'card', 'data', 'cardWithoutCvv', 'cardholderName'));
        p.token = t.id;
        if (input['paymentProductId'] === undefined) p.productId = t.productId;
      }
      if (pan === undefined) {
        throw invalidProperty(
          'cardPaymentMethodSpecificInput.card.cardNumber',
          'cardPaymentMethodSpecificInput.card.cardNumber (or a token) is required',
        );
      }
      pan = pan.replace(/\s+/g, '');
      p.pan = pan;
      p.expiryDate = expiry;
      p.cardholderName = holder;
      if (input['paymentProductId'] === undefined && p.token === undefined) p.productId = cardProductIdFromPan(pan);
      if (!luhnValid(pan)) reject(400, invalidCardNumberItem('cardPaymentMethodSpecificInput.card.cardNumber'));
      if (expiry === undefined) {
        throw invalidProperty('cardPaymentMethodSpecificInput.card.expiryDate', 'card expiryDate (MMYY) is required');
      }
      checkExpiry(expiry, now, 'cardPaymentMethodSpecificInput.card.expiryDate');
      const decline = declineFor(pan, amount, currency);
      if (decline) reject(402, declinedItem(decline.code, decline.message));
      if (input['skipFraudService'] !== true) {
        const fraud = fraudByCity(str(pick(b, 'order', 'customer', 'billingAddress', 'city')));
        p.fraudResult = fraud;
        if (fraud === 'denied') reject(402, fraudDeniedItem(), 160);
      }
      p.authorisationCode = `OK${String(seq % 10000).padStart(4, '0')}`;
      if (input['tokenize'] === true) tokenOut = this.tokens.forCard(p, pan);
      const skip3ds =
        input['skipAuthentication'] === true || pick(input, 'threeDSecure', 'skipAuthentication') === true;
      const challenge =
        !skip3ds &&
        (CHALLENGE_CARDS.has(pan) ||
          p.productId === 117 ||
          pick(input, 'threeDSecure', 'challengeIndicator') === 'challenge-required');
      this.core.stores.payments.add(p);
      if (challenge) {
        p.returnUrl = str(pick(input, 'threeDSecure', 'redirectionData', 'returnUrl')) ?? str(input['returnUrl']);
        p.afterRedirect = CHALLENGE_FAILS.has(pan) ? 'reject' : 'approve';
        p.threeDSecureStatus = 'ENROLLED';
        merchantAction = this.redirect(p, links);
        this.setStatus(p, 'REDIRECTED');
      } else if (pan === COMPLETION_CARD) {
        this.setStatus(p, 'PENDING_COMPLETION');
      } else if (p.fraudResult === 'challenged') {
        this.setStatus(p, 'PENDING_FRAUD_APPROVAL');
      } else {
        this.authorise(p);
      }
    } else if (method === 'redirect') {
      p.returnUrl = str(pick(input, 'redirectionData', 'returnUrl')) ?? str(input['returnUrl']);
      p.afterRedirect = 'approve';
      merchantAction = this.redirect(p, links);
      this.core.stores.payments.add(p);
      this.setStatus(p, 'REDIRECTED');
    } else if (method === 'bankTransfer' || method === 'cash') {
      merchantAction = {
        actionType: 'SHOW_INSTRUCTIONS',
        showData: [
          { key: 'PAYMENT_REFERENCE', value: p.paymentReference },
          { key: 'BANK_ACCOUNT_IBAN', value: 'NL00SBOX0000000000' },
          { key: 'AMOUNT', value: String(amount) },
          { key: 'CURRENCY', value: currency },
        ],
      };
      this.core.stores.payments.add(p);
      this.setStatus(p, 'PENDING_PAYMENT');
    } else {
      this.core.stores.payments.add(p);
      this.authorise(p);
    }

    return {
      payment: p,
      response: compact({
        creationOutput: compact({
          additionalReference: p.paymentReference,
          externalReference: `${p.paymentReference}-${p.id.slice(-5)}`,
          isNewToken: tokenOut?.isNewToken,
          token: tokenOut?.token,
          tokenizationSucceeded: tokenOut === undefined ? undefined : true,
        }),
        merchantAction,
        payment: this.currentView(p),
      }),
    };
  }

  /** Authorisation succeeded: wait for approval, or request the capture right away ("Sale"). */
  private authorise(p: Payment): void {
    if (p.amount === 0) {
      // a zero-amount card check only verifies the account
      this.setStatus(p, 'ACCOUNT_VERIFIED');
    } else if (p.requiresApproval) {
      this.setStatus(p, 'PENDING_APPROVAL');
    } else {
      this.captures.add(p, p.amount, true, undefined);
      this.setStatus(p, 'CAPTURE_REQUESTED');
    }
  }

  private redirect(p: Payment, links: Links): Record<string, unknown> {
    p.returnmac = uuid();
    return {
      actionType: 'REDIRECT',
      redirectData: { RETURNMAC: p.returnmac, redirectURL: `${links.baseUrl}/redirect/${p.id}` },
    };
  }

  /**
   * The customer left the simulated third-party / 3-D Secure page with `outcome`: success
   * authorises (3-D Secure AUTHENTICATED) unless the test card fails its challenge, failure
   * rejects (NOT_AUTHENTICATED), cancel cancels. Returns where the customer goes next: the
   * hosted checkout's return URL, or the payment's returnUrl with RETURNMAC and paymentId.
   */
  finishRedirect(merchantId: string, paymentId: string, outcome: RedirectOutcome): string | undefined {
    const p = this.get(merchantId, paymentId);
    if (p.status !== 'REDIRECTED') throw invalidStatus('payment', p.id, p.status, 'finishing the redirect');
    if (outcome === 'success' && p.afterRedirect !== 'reject') {
      if (p.threeDSecureStatus !== undefined) p.threeDSecureStatus = 'AUTHENTICATED';
      this.authorise(p);
    } else if (outcome === 'cancel') {
      this.setStatus(p, 'CANCELLED');
    } else {
      if (p.threeDSecureStatus !== undefined) p.threeDSecureStatus = 'NOT_AUTHENTICATED';
      p.errors = [redirectFailedItem()];
      this.setStatus(p, 'REJECTED');
    }
    this.lastView = undefined;
    if (p.hostedCheckoutId !== undefined) {
      const h = this.core.stores.hostedCheckouts.lookup(p.hostedCheckoutId);
      if (h !== undefined) return hostedCheckoutReturnUrl(h);
    }
    if (p.returnUrl === undefined) return undefined;
    return appendQuery(p.returnUrl, { RETURNMAC: p.returnmac ?? '', paymentId: p.id });
  }

  /** payments.approve: PENDING_APPROVAL -> CAPTURE_REQUESTED for `amount` (default: what is left). */
  approve(merchantId: string, id: string | undefined, body: unknown): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (p.status !== 'PENDING_APPROVAL') throw notPendingApproval(p.id, p.status);
    const left = p.amount - books(p, this.core.stores).captured;
    const amount = int(pick(body, 'amount')) ?? left;
    if (amount <= 0) throw badRequest('amount must be greater than 0', 'amount');
    if (amount > left) throw amountTooHigh('amount', amount, left, 'approve');
    this.captures.add(p, amount, true, undefined);
    this.setStatus(p, 'CAPTURE_REQUESTED');
    return {
      payment: this.currentView(p),
      cardPaymentMethodSpecificOutput: p.method === 'card' ? { voidResponseId: '00' } : undefined,
    };
  }

  /** payments.capture: a (partial) capture; the last one (or isFinal) requests the capture of the payment. */
  capture(merchantId: string, id: string | undefined, body: unknown): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (p.status !== 'PENDING_APPROVAL' && p.status !== 'PENDING_CAPTURE') {
      throw invalidStatus('payment', p.id, p.status, 'capture');
    }
    const left = p.amount - books(p, this.core.stores).captured;
    const requested = int(pick(body, 'amount'));
    const amount = requested ?? left;
    if (amount <= 0) throw badRequest('amount must be greater than 0', 'amount');
    if (amount > left) throw amountTooHigh('amount', amount, left, 'capture');
    const isFinal = requested === undefined || pick(body, 'isFinal') === true || amount === left;
    const c = this.captures.add(p, amount, isFinal, str(pick(body, 'order', 'references', 'merchantCaptureReference')));
    this.setStatus(p, isFinal ? 'CAPTURE_REQUESTED' : 'PENDING_CAPTURE');
    this.lastView = undefined;
    return this.captures.view(c);
  }

  finalizeCapture(merchantId: string, id: string | undefined): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (p.status !== 'PENDING_CAPTURE') throw invalidStatus('payment', p.id, p.status, 'finalizecapture');
    this.captures.finalizeLast(p);
    this.setStatus(p, 'CAPTURE_REQUESTED');
    return this.currentView(p);
  }

  cancel(merchantId: string, id: string | undefined): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (!PAYMENT_STATUS[p.status]?.cancellable) throw invalidStatus('payment', p.id, p.status, 'cancel');
    if (p.status === 'PENDING_CAPTURE' && books(p, this.core.stores).captured > 0) {
      // the part captured so far goes ahead; the rest of the authorisation is released
      this.captures.finalizeLast(p);
      this.setStatus(p, 'CAPTURE_REQUESTED');
    } else {
      this.setStatus(p, 'CANCELLED');
    }
    return compact({
      payment: this.currentView(p),
      cardPaymentMethodSpecificOutput: p.method === 'card' ? { voidResponseId: '00' } : undefined,
    });
  }

  cancelApproval(merchantId: string, id: string | undefined): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (p.status !== 'CAPTURE_REQUESTED') throw invalidStatus('payment', p.id, p.status, 'cancelapproval');
    this.captures.settleRequested(p, 'CANCELLED');
    this.setStatus(p, 'PENDING_APPROVAL');
    return { payment: this.currentView(p) };
  }

  /** payments.complete: PENDING_COMPLETION -> authorised (the extra card data is checked, not kept). */
  complete(merchantId: string, id: string | undefined, body: unknown): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (p.status !== 'PENDING_COMPLETION') throw invalidStatus('payment', p.id, p.status, 'complete');
    const pan = str(pick(body, 'cardPaymentMethodSpecificInput', 'card', 'cardNumber'));
    if (pan !== undefined) checkCardNumber(pan, 'cardPaymentMethodSpecificInput.card.cardNumber');
    this.authorise(p);
    return { creationOutput: { additionalReference: p.paymentReference }, payment: this.currentView(p) };
  }

  processChallenged(merchantId: string, id: string | undefined): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (p.status !== 'PENDING_FRAUD_APPROVAL') throw invalidStatus('payment', p.id, p.status, 'processchallenged');
    this.authorise(p);
    return this.currentView(p);
  }

  /** payments.tokenize: the token for the payment's card (new or existing). */
  tokenize(merchantId: string, id: string | undefined, body: unknown): { token: string; isNewToken: boolean } {
    const p = this.get(merchantId, id);
    if (p.pan === undefined || p.status === 'REJECTED') {
      throw invalidStatus('payment', p.id, p.status, 'tokenize (needs an accepted card payment)');
    }
    return this.tokens.forCard(p, p.pan, str(pick(body, 'alias')));
  }

  thirdPartyStatus(merchantId: string, id: string | undefined): string {
    return thirdPartyStatus(this.get(merchantId, id).status);
  }

  /** Admin: forces a payment into a status (for scenarios the test data cannot reach). */
  forceStatus(merchantId: string, id: string, status: string): Record<string, unknown> {
    const p = this.get(merchantId, id);
    if (!PAYMENT_STATUS[status]) {
      throw badRequest(`unknown payment status ${status}; one of ${Object.keys(PAYMENT_STATUS).join(', ')}`, 'status');
    }
    if ((status === 'PAID' || status === 'CAPTURE_REQUESTED') && books(p, this.core.stores).captured === 0) {
      this.captures.add(p, p.amount, true, undefined);
    }
    if (status === 'PAID') this.captures.settleRequested(p, 'PAID');
    this.setStatus(p, status);
    return this.currentView(p);
  }

  clearCache(): void {
    this.lastView = undefined;
  }
}
