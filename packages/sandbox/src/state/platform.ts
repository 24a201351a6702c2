import type { Clock } from '../clock.js';
import {
  type ApiErrorItem,
  amountTooHigh,
  badRequest,
  invalidProperty,
  invalidStatus,
  SandboxError,
  unknownResource,
} from '../errors.js';
import {
  CHALLENGE_CARDS,
  CHALLENGE_FAILS,
  COMPLETION_CARD,
  cardProductIdFromPan,
  declineFor,
  fraudByCity,
  luhnValid,
} from '../testdata.js';
import type { OpRequest, OpResult } from '../types.js';
import { compact, digits, hex, int, isRecord, pick, str, uuid } from '../util.js';
import type { WebhookDispatcher } from '../webhooks.js';
import {
  type Capture,
  DISPUTE_STATUS,
  type Dispute,
  type HostedCheckout,
  type HostedMandate,
  type Mandate,
  PAYMENT_STATUS,
  PAYOUT_STATUS,
  type Payment,
  type PaymentMethodKind,
  type Payout,
  REFUND_STATUS,
  type Refund,
  type Session,
  type StoredFile,
  type Token,
} from './payments-model.js';
import {
  books,
  captureView,
  disputeView,
  mandateView,
  paymentStatusCategoryForHostedCheckout,
  paymentView,
  payoutView,
  refundView,
  tokenView,
} from './views.js';

export interface PlatformOptions {
  /** time after which CAPTURE_REQUESTED (800) settles to PAID (1000), refunds to REFUNDED, payouts to ACCOUNT_CREDITED */
  settleDelayMs: number;
  /** lifetime of an unfinished hosted checkout / hosted mandate management */
  hostedCheckoutTtlMs: number;
  /** lifetime of a client session */
  sessionTtlMs: number;
  /** new refunds wait in PENDING_APPROVAL (true, the platform default) or go straight to REFUND_REQUESTED */
  refundsRequireApproval: boolean;
  /** new payouts wait in PENDING_APPROVAL (true) or go straight to PAYOUT_REQUESTED */
  payoutsRequireApproval: boolean;
}

const METHOD_INPUTS: readonly [string, PaymentMethodKind][] = [
  ['cardPaymentMethodSpecificInput', 'card'],
  ['redirectPaymentMethodSpecificInput', 'redirect'],
  ['sepaDirectDebitPaymentMethodSpecificInput', 'sepaDirectDebit'],
  ['directDebitPaymentMethodSpecificInput', 'directDebit'],
  ['bankTransferPaymentMethodSpecificInput', 'bankTransfer'],
  ['cashPaymentMethodSpecificInput', 'cash'],
  ['mobilePaymentMethodSpecificInput', 'mobile'],
  ['eInvoicePaymentMethodSpecificInput', 'eInvoice'],
  ['invoicePaymentMethodSpecificInput', 'invoice'],
];

const DEFAULT_PRODUCT: Readonly<Record<PaymentMethodKind, number>> = {
  card: 1,
  redirect: 809,
  sepaDirectDebit: 770,
  directDebit: 730,
  bankTransfer: 11,
  cash: 1503,
  mobile: 320,
  eInvoice: 9000,
  invoice: 1403,
};

const ACTIVE_PAYMENT_STATUSES = new Set(['CAPTURE_REQUESTED']);

/** The stateful part of the platform: payments and everything hanging off them. */
export class Platform {
  readonly payments = new Map<string, Payment>();
  readonly captures = new Map<string, Capture>();
  readonly refunds = new Map<string, Refund>();
  readonly payouts = new Map<string, Payout>();
  readonly tokens = new Map<string, Token>();
  readonly mandates = new Map<string, Mandate>();
  readonly hostedCheckouts = new Map<string, HostedCheckout>();
  readonly hostedMandates = new Map<string, HostedMandate>();
  readonly disputes = new Map<string, Dispute>();
  readonly files = new Map<string, StoredFile>();
  readonly sessions = new Map<string, Session>();
  /** payments per merchant, in creation order (find) */
  private readonly paymentsByMerchant = new Map<string, Payment[]>();
  private readonly payoutsByMerchant = new Map<string, Payout[]>();
  private readonly refundsByMerchant = new Map<string, Refund[]>();
  /** `${merchantId}\n${pan}\n${productId}` -> token id */
  private readonly tokenByCard = new Map<string, string>();
  /** objects waiting to settle */
  private readonly pendingSettle = new Set<Payment | Refund | Payout>();
  private seq = 0;
  private readonly lookup = {
    capture: (id: string) => this.captures.get(id),
    refund: (id: string) => this.refunds.get(id),
  };

  constructor(
    readonly opts: PlatformOptions,
    private readonly clock: Clock,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  reset(): void {
    for (const m of [
      this.payments,
      this.captures,
      this.refunds,
      this.payouts,
      this.tokens,
      this.mandates,
      this.hostedCheckouts,
      this.hostedMandates,
      this.disputes,
      this.files,
      this.sessions,
      this.paymentsByMerchant,
      this.payoutsByMerchant,
      this.refundsByMerchant,
      this.tokenByCard,
    ] as Map<string, unknown>[]) {
      m.clear();
    }
    this.pendingSettle.clear();
    this.seq = 0;
  }

  // ---------------------------------------------------------------- dispatch

  /** where the current request reached the sandbox (absolute Location headers) */
  private baseUrl = '';

  handle(req: OpRequest): OpResult | undefined {
    this.baseUrl = req.baseUrl;
    const m = req.merchantId;
    const pp = req.pathParams;
    switch (req.opId) {
      case 'payments.create':
        return this.createPayment(m, req.body, req.baseUrl, undefined);
      case 'payments.find':
        return this.findPayments(m, req.query);
      case 'payments.get': {
        const p = this.payment(m, pp['paymentId']);
        const view = this.paymentView(p);
        if (req.query.get('returnOperations') === 'true') {
          (view['paymentOutput'] as Record<string, unknown>)['operations'] = this.operationsOf(p);
        }
        return ok(view);
      }
      case 'payments.approve':
        return this.approvePayment(m, pp['paymentId'], req.body);
      case 'payments.capture':
        return this.capturePayment(m, pp['paymentId'], req.body);
      case 'payments.finalizeCapture':
        return this.finalizeCapture(m, pp['paymentId']);
      case 'payments.cancel':
        return this.cancelPayment(m, pp['paymentId']);
      case 'payments.cancelApproval':
        return this.cancelApproval(m, pp['paymentId']);
      case 'payments.refund':
        return this.refundPayment(m, pp['paymentId'], undefined, req.body);
      case 'payments.complete':
        return this.completePayment(m, pp['paymentId'], req.body);
      case 'payments.processChallenged':
        return this.processChallenged(m, pp['paymentId']);
      case 'payments.tokenize':
        return this.tokenizePayment(m, pp['paymentId'], req.body);
      case 'payments.thirdPartyStatus':
        return this.thirdPartyStatus(m, pp['paymentId']);
      case 'payments.captures': {
        const p = this.payment(m, pp['paymentId']);
        return ok({ captures: p.captureIds.map((id) => captureView(this.captures.get(id) as Capture, p)) });
      }
      case 'payments.refunds': {
        const p = this.payment(m, pp['paymentId']);
        return ok({ refunds: p.refundIds.map((id) => this.refundView(this.refunds.get(id) as Refund)) });
      }
      case 'payments.dispute':
        return this.createDispute(m, pp['paymentId'], undefined, req.body);
      case 'payments.disputes': {
        const p = this.payment(m, pp['paymentId']);
        return ok({ disputes: p.disputeIds.map((id) => this.disputeView(this.disputes.get(id) as Dispute)) });
      }
      case 'payments.deviceFingerprint': {
        const p = this.payment(m, pp['paymentId']);
        return ok({ paymentId: p.id, rawDeviceFingerprintOutput: JSON.stringify({ provider: 'sandbox', score: 0 }) });
      }
      case 'captures.get': {
        const c = this.capture(m, pp['captureId']);
        return ok(captureView(c, this.payments.get(c.paymentId) as Payment));
      }
      case 'captures.refund': {
        const c = this.capture(m, pp['captureId']);
        return this.refundPayment(m, c.paymentId, c, req.body);
      }
      case 'captures.dispute': {
        const c = this.capture(m, pp['captureId']);
        return this.createDispute(m, c.paymentId, c, req.body);
      }
      case 'captures.disputes': {
        const c = this.capture(m, pp['captureId']);
        const p = this.payments.get(c.paymentId) as Payment;
        const list = p.disputeIds.map((id) => this.disputes.get(id) as Dispute).filter((d) => d.captureId === c.id);
        return ok({ disputes: list.map((d) => this.disputeView(d)) });
      }
      case 'refunds.find':
        return this.findRefunds(m, req.query);
      case 'refunds.get':
        return ok(this.refundView(this.refund(m, pp['refundId'])));
      case 'refunds.approve':
        return this.approveRefund(m, pp['refundId'], req.body);
      case 'refunds.cancel':
        return this.cancelRefund(m, pp['refundId']);
      case 'refunds.cancelApproval':
        return this.cancelRefundApproval(m, pp['refundId']);
      case 'payouts.create':
        return this.createPayout(m, req.body);
      case 'payouts.find':
        return this.findPayouts(m, req.query);
      case 'payouts.get':
        return ok(payoutView(this.payout(m, pp['payoutId'])));
      case 'payouts.approve':
        return this.approvePayout(m, pp['payoutId']);
      case 'payouts.cancel':
        return this.cancelPayout(m, pp['payoutId']);
      case 'payouts.cancelApproval':
        return this.cancelPayoutApproval(m, pp['payoutId']);
      case 'tokens.create':
        return this.createToken(m, req.body);
      case 'tokens.get':
        return ok(tokenView(this.token(m, pp['tokenId'])));
      case 'tokens.update':
        return this.updateToken(m, pp['tokenId'], req.body);
      case 'tokens.remove':
        return this.removeToken(m, pp['tokenId'], req.query);
      case 'tokens.approveSepaDirectDebit': {
        const t = this.token(m, pp['tokenId']);
        t.sepaApproved = true;
        this.webhooks.emit(m, 'token.updated', 'token', tokenView(t));
        return { status: 204 };
      }
      case 'mandates.create':
        return this.createMandate(m, req.body, undefined, req.baseUrl);
      case 'mandates.createWithMandateReference':
        return this.createMandate(m, req.body, pp['uniqueMandateReference'], req.baseUrl);
      case 'mandates.get':
        return ok({ mandate: mandateView(this.mandate(m, pp['uniqueMandateReference'])) });
      case 'mandates.block':
        return this.mandateTransition(m, pp['uniqueMandateReference'], ['ACTIVE'], 'BLOCKED', 'block');
      case 'mandates.unblock':
        return this.mandateTransition(m, pp['uniqueMandateReference'], ['BLOCKED'], 'ACTIVE', 'unblock');
      case 'mandates.revoke':
        return this.mandateTransition(
          m,
          pp['uniqueMandateReference'],
          ['ACTIVE', 'BLOCKED', 'CREATED'],
          'REVOKED',
          'revoke',
        );
      case 'hostedCheckouts.create':
        return this.createHostedCheckout(m, req.body, req.baseUrl);
      case 'hostedCheckouts.get':
        return ok(this.hostedCheckoutView(this.hostedCheckout(m, pp['hostedCheckoutId'])));
      case 'hostedCheckouts.remove': {
        const h = this.hostedCheckout(m, pp['hostedCheckoutId']);
        this.hostedCheckouts.delete(h.id);
        return { status: 204 };
      }
      case 'hostedMandateManagements.create':
        return this.createHostedMandate(m, req.body, req.baseUrl);
      case 'hostedMandateManagements.get': {
        const h = this.hostedMandate(m, pp['hostedMandateManagementId']);
        const mandate = h.mandateReference === undefined ? undefined : this.mandates.get(`${m}\n${h.mandateReference}`);
        return ok(compact({ status: h.status, mandate: mandate ? mandateView(mandate) : undefined }));
      }
      case 'sessions.create':
        return this.createSession(m, req.body, req.baseUrl);
      case 'disputes.get':
        return ok(this.disputeView(this.dispute(m, pp['disputeId'])));
      case 'disputes.submit':
        return this.disputeTransition(m, pp['disputeId'], ['DRAFT'], 'CREATED', 'submit');
      case 'disputes.cancel':
        return this.disputeTransition(m, pp['disputeId'], ['DRAFT', 'CREATED'], 'CANCELLED', 'cancel');
      case 'disputes.uploadFile':
        return this.uploadDisputeFile(m, pp['disputeId'], req);
      case 'files.getFile': {
        const f = this.files.get(pp['fileId'] ?? '');
        if (!f || f.merchantId !== m) throw unknownResource('file', pp['fileId'] ?? '');
        return { status: 200, raw: { data: f.data, contentType: f.contentType, filename: f.fileName } };
      }
      default:
        return undefined;
    }
  }

  // ---------------------------------------------------------------- helpers

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  private now(): number {
    return this.clock.now();
  }

  private paymentView(p: Payment): Record<string, unknown> {
    return paymentView(p, this.lookup);
  }

  /** The payment as `payments.get` returns it (card masked), with its operations (captures, refunds). */
  publicPaymentView(p: Payment, withOperations = false): Record<string, unknown> {
    const view = this.paymentView(p);
    if (withOperations) (view['paymentOutput'] as Record<string, unknown>)['operations'] = this.operationsOf(p);
    return view;
  }

  /** A refund as `refunds.get` returns it. */
  publicRefundView(r: Refund): Record<string, unknown> {
    return this.refundView(r);
  }

  /** `paymentOutput.operations`: the captures and refunds of a payment, oldest first. */
  private operationsOf(p: Payment): Record<string, unknown>[] {
    const ops: Record<string, unknown>[] = [];
    for (const id of p.captureIds) {
      const c = this.captures.get(id);
      if (!c) continue;
      ops.push({
        id: c.id,
        type: 'CAPTURE',
        status: c.status,
        amountOfMoney: { amount: c.amount, currencyCode: p.currency },
        timestamp: new Date(c.changedAt).toISOString(),
      });
    }
    for (const id of p.refundIds) {
      const r = this.refunds.get(id);
      if (!r) continue;
      ops.push({
        id: r.id,
        type: 'REFUND',
        status: r.status,
        amountOfMoney: { amount: r.amount, currencyCode: r.currency },
        timestamp: new Date(r.changedAt).toISOString(),
      });
    }
    return ops;
  }

  private refundView(r: Refund): Record<string, unknown> {
    const p = this.payments.get(r.paymentId);
    return refundView(r, p, p ? books(p, this.lookup) : undefined);
  }

  private disputeView(d: Dispute): Record<string, unknown> {
    return disputeView(d, this.payments.get(d.paymentId), (id) => this.files.get(id));
  }

  /** Moves a payment to `status` and tells the webhooks. */
  private setPaymentStatus(p: Payment, status: string, statusCode?: number): void {
    p.status = status;
    p.statusCode = statusCode ?? PAYMENT_STATUS[status]?.code ?? 0;
    p.changedAt = this.now();
    if (ACTIVE_PAYMENT_STATUSES.has(status)) {
      p.settleAt = this.now() + this.opts.settleDelayMs;
      this.pendingSettle.add(p);
    } else {
      this.pendingSettle.delete(p);
    }
    const view = this.paymentView(p);
    this.lastPaymentView = { p, view };
    this.webhooks.emit(p.merchantId, `payment.${status.toLowerCase()}`, 'payment', view);
  }

  /** The view built for the last status change, reused when nothing changed since (hot path). */
  private lastPaymentView: { p: Payment; view: Record<string, unknown> } | undefined;

  private currentView(p: Payment): Record<string, unknown> {
    const last = this.lastPaymentView;
    return last !== undefined && last.p === p ? last.view : this.paymentView(p);
  }

  private setRefundStatus(r: Refund, status: string): void {
    r.status = status;
    r.statusCode = REFUND_STATUS[status]?.code ?? 0;
    r.changedAt = this.now();
    if (status === 'REFUND_REQUESTED') {
      r.settleAt = this.now() + this.opts.settleDelayMs;
      this.pendingSettle.add(r);
    } else {
      this.pendingSettle.delete(r);
    }
    this.webhooks.emit(r.merchantId, `refund.${status.toLowerCase()}`, 'refund', this.refundView(r));
  }

  private setPayoutStatus(o: Payout, status: string): void {
    o.status = status;
    o.statusCode = PAYOUT_STATUS[status]?.code ?? 0;
    o.changedAt = this.now();
    if (status === 'PAYOUT_REQUESTED') {
      o.settleAt = this.now() + this.opts.settleDelayMs;
      this.pendingSettle.add(o);
    } else {
      this.pendingSettle.delete(o);
    }
    this.webhooks.emit(o.merchantId, `payout.${status.toLowerCase()}`, 'payout', payoutView(o));
  }

  /** Settles everything that is due (or everything, with `all`). Returns how many objects moved. */
  settle(all = false): number {
    const now = this.now();
    let n = 0;
    for (const o of this.pendingSettle) {
      // insertion order is due order: the delay is constant and the clock only moves forward
      if (!all && o.settleAt !== undefined && o.settleAt > now) break;
      this.settleOne(o, now);
      n++;
    }
    return n;
  }

  /** Settles one pending payment (800 -> PAID), refund or payout now; false when it was not pending. */
  settleNow(o: Payment | Refund | Payout): boolean {
    if (!this.pendingSettle.has(o)) return false;
    this.settleOne(o, this.now());
    return true;
  }

  private settleOne(o: Payment | Refund | Payout, now: number): void {
    this.pendingSettle.delete(o);
    o.settleAt = undefined;
    if ('captureIds' in o) {
      if (o.status !== 'CAPTURE_REQUESTED') return;
      for (const id of o.captureIds) {
        const c = this.captures.get(id);
        if (c && c.status === 'CAPTURE_REQUESTED') {
          c.status = 'PAID';
          c.changedAt = now;
        }
      }
      this.setPaymentStatus(o, 'PAID');
    } else if ('paymentId' in o) {
      if (o.status !== 'REFUND_REQUESTED') return;
      this.setRefundStatus(o, 'REFUNDED');
      const p = this.payments.get(o.paymentId);
      if (p && p.status === 'PAID') {
        const b = books(p, this.lookup);
        if (b.refunded >= b.paid && b.paid > 0) this.setPaymentStatus(p, 'REFUNDED');
      }
    } else if (o.status === 'PAYOUT_REQUESTED') {
      this.setPayoutStatus(o, 'ACCOUNT_CREDITED');
    }
  }

  /** The earliest time something is due to settle (undefined: nothing pending). */
  nextDue(): number | undefined {
    for (const o of this.pendingSettle) return o.settleAt;
    return undefined;
  }

  payment(merchantId: string, id: string | undefined): Payment {
    const p = this.payments.get(id ?? '');
    if (!p || p.merchantId !== merchantId) {
      throw new SandboxError(404, [
        {
          code: '300240',
          id: 'UNKNOWN_PAYMENT_ID',
          category: 'PAYMENT_PLATFORM_ERROR',
          message: `REQUEST ${id ?? ''} GET_ORDERSTATUS ORDER NOT FOUND`,
        },
      ]);
    }
    return p;
  }

  private capture(merchantId: string, id: string | undefined): Capture {
    return owned(this.captures, 'capture', merchantId, id);
  }

  private refund(merchantId: string, id: string | undefined): Refund {
    return owned(this.refunds, 'refund', merchantId, id);
  }

  private payout(merchantId: string, id: string | undefined): Payout {
    return owned(this.payouts, 'payout', merchantId, id);
  }

  private token(merchantId: string, id: string | undefined): Token {
    return owned(this.tokens, 'token', merchantId, id);
  }

  private mandate(merchantId: string, ref: string | undefined): Mandate {
    const m = this.mandates.get(`${merchantId}\n${ref ?? ''}`);
    if (!m) throw unknownResource('mandate', ref ?? '');
    return m;
  }

  hostedCheckout(merchantId: string, id: string | undefined): HostedCheckout {
    const h = owned(this.hostedCheckouts, 'hosted checkout', merchantId, id);
    if (h.status === 'IN_PROGRESS' && h.paymentIds.length === 0 && this.now() >= h.expiresAt) {
      throw new SandboxError(404, [
        {
          code: '1002',
          id: 'UNKNOWN_HOSTED_CHECKOUT',
          category: 'CONNECT_PLATFORM_ERROR',
          message: `hosted checkout ${h.id} has expired`,
        },
      ]);
    }
    return h;
  }

  hostedMandate(merchantId: string, id: string | undefined): HostedMandate {
    const h = owned(this.hostedMandates, 'hosted mandate management', merchantId, id);
    if (h.status === 'IN_PROGRESS' && this.now() >= h.expiresAt) {
      throw unknownResource('hosted mandate management', h.id);
    }
    return h;
  }

  private dispute(merchantId: string, id: string | undefined): Dispute {
    return owned(this.disputes, 'dispute', merchantId, id);
  }

  // ---------------------------------------------------------------- payments

  createPayment(merchantId: string, body: unknown, baseUrl: string, hostedCheckoutId: string | undefined): OpResult {
    const b = isRecord(body) ? body : {};
    const amount = int(pick(b, 'order', 'amountOfMoney', 'amount'));
    const currency = str(pick(b, 'order', 'amountOfMoney', 'currencyCode'));
    if (amount === undefined)
      throw invalidProperty('order.amountOfMoney.amount', 'order.amountOfMoney.amount is required');
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
          'encryptedCustomerInput cannot be decrypted by the sandbox for server-side payments; send cardPaymentMethodSpecificInput',
          'encryptedCustomerInput',
        );
      }
      throw invalidProperty(
        'cardPaymentMethodSpecificInput',
        'a payment method input is required (cardPaymentMethodSpecificInput, redirectPaymentMethodSpecificInput, ...)',
      );
    }
    const input = b[methodKey] as Record<string, unknown>;
    const now = this.now();
    const seq = this.nextSeq();
    const id = `${digits(merchantId, 10)}${String(seq).padStart(10, '0')}0000100001`;
    const merchantOrderId = int(pick(b, 'order', 'references', 'merchantOrderId'));
    const p: Payment = {
      id,
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
      merchantOrderId,
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
      this.register(p);
      this.setPaymentStatus(p, 'REJECTED', statusCode);
      const view = this.paymentView(p);
      throw new SandboxError(status, [error], { paymentResult: { creationOutput: {}, payment: view } });
    };

    if (method === 'card') {
      const tokenId = str(input['token']);
      let pan = str(pick(input, 'card', 'cardNumber'));
      let expiry = str(pick(input, 'card', 'expiryDate'));
      let holder = str(pick(input, 'card', 'cardholderName'));
      if (tokenId !== undefined && pan === undefined) {
        const t = this.tokens.get(tokenId);
        if (!t || t.merchantId !== merchantId) {
          throw badRequest(`unknown token ${tokenId}`, 'cardPaymentMethodSpecificInput.token', '1002', 'UNKNOWN_TOKEN');
        }
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
      if (!luhnValid(pan)) {
        reject(400, {
          code: '21000020',
          id: 'INVALID_CARD_NUMBER',
          category: 'CONNECT_PLATFORM_ERROR',
          message: 'VALUE **************** OF FIELD CREDITCARDNUMBER DID NOT PASS THE LUHNCHECK',
          propertyName: 'cardPaymentMethodSpecificInput.card.cardNumber',
        });
      }
      if (expiry === undefined) {
        throw invalidProperty('cardPaymentMethodSpecificInput.card.expiryDate', 'card expiryDate (MMYY) is required');
      }
      if (!validExpiry(expiry, now)) {
        throw new SandboxError(400, [
          {
            code: '21000120',
            id: 'INVALID_EXPIRY_DATE',
            category: 'CONNECT_PLATFORM_ERROR',
            message: 'cardPaymentMethodSpecificInput.card.expiryDate (MMYY) has expired or is not MMYY',
            propertyName: 'cardPaymentMethodSpecificInput.card.expiryDate',
          },
        ]);
      }
      const decline = declineFor(pan, amount, currency);
      if (decline) {
        reject(402, {
          code: decline.code,
          id: 'NOT_AUTHORISED',
          category: 'PAYMENT_PLATFORM_ERROR',
          message: decline.message,
        });
      }
      if (input['skipFraudService'] !== true) {
        const fraud = fraudByCity(str(pick(b, 'order', 'customer', 'billingAddress', 'city')));
        p.fraudResult = fraud;
        if (fraud === 'denied') {
          reject(
            402,
            {
              code: '430421',
              id: 'FRAUD_DENIED',
              category: 'PAYMENT_PLATFORM_ERROR',
              message: 'DENIED BY FRAUD SCREENING',
            },
            160,
          );
        }
      }
      p.authorisationCode = `OK${String(seq % 10000).padStart(4, '0')}`;
      if (input['tokenize'] === true) tokenOut = this.tokenForCard(merchantId, p, pan);
      const skip3ds =
        input['skipAuthentication'] === true || pick(input, 'threeDSecure', 'skipAuthentication') === true;
      const challenge =
        !skip3ds &&
        (CHALLENGE_CARDS.has(pan) ||
          p.productId === 117 ||
          pick(input, 'threeDSecure', 'challengeIndicator') === 'challenge-required');
      if (challenge) {
        p.returnUrl =
          str(pick(input, 'threeDSecure', 'redirectionData', 'returnUrl')) ?? str(input['returnUrl']) ?? undefined;
        p.afterRedirect = CHALLENGE_FAILS.has(pan) ? 'reject' : 'approve';
        p.threeDSecureStatus = 'ENROLLED';
        merchantAction = this.redirect(p, baseUrl);
        this.register(p);
        this.setPaymentStatus(p, 'REDIRECTED');
      } else if (pan === COMPLETION_CARD) {
        this.register(p);
        this.setPaymentStatus(p, 'PENDING_COMPLETION');
      } else if (p.fraudResult === 'challenged') {
        this.register(p);
        this.setPaymentStatus(p, 'PENDING_FRAUD_APPROVAL');
      } else {
        this.register(p);
        this.authorise(p);
      }
    } else if (method === 'redirect') {
      p.returnUrl = str(pick(input, 'redirectionData', 'returnUrl')) ?? str(input['returnUrl']);
      p.afterRedirect = 'approve';
      merchantAction = this.redirect(p, baseUrl);
      this.register(p);
      this.setPaymentStatus(p, 'REDIRECTED');
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
      this.register(p);
      this.setPaymentStatus(p, 'PENDING_PAYMENT');
    } else {
      this.register(p);
      this.authorise(p);
    }

    const view = this.currentView(p);
    this.lastPaymentView = undefined;
    return {
      status: 201,
      headers: { Location: `${baseUrl}/v1/${encodeURIComponent(merchantId)}/payments/${p.id}` },
      body: compact({
        creationOutput: compact({
          additionalReference: p.paymentReference,
          externalReference: `${p.paymentReference}-${p.id.slice(-5)}`,
          isNewToken: tokenOut?.isNewToken,
          token: tokenOut?.token,
          tokenizationSucceeded: tokenOut === undefined ? undefined : true,
        }),
        merchantAction,
        payment: view,
      }),
    };
  }

  private register(p: Payment): void {
    if (this.payments.has(p.id)) return;
    this.payments.set(p.id, p);
    let list = this.paymentsByMerchant.get(p.merchantId);
    if (!list) {
      list = [];
      this.paymentsByMerchant.set(p.merchantId, list);
    }
    list.push(p);
  }

  /** Authorisation succeeded: wait for approval, or request the capture right away ("Sale"). */
  private authorise(p: Payment): void {
    if (p.amount === 0) {
      // a zero-amount card check only verifies the account
      this.setPaymentStatus(p, 'ACCOUNT_VERIFIED');
    } else if (p.requiresApproval) {
      this.setPaymentStatus(p, 'PENDING_APPROVAL');
    } else {
      this.addCapture(p, p.amount, true, undefined);
      this.setPaymentStatus(p, 'CAPTURE_REQUESTED');
    }
  }

  private redirect(p: Payment, baseUrl: string): Record<string, unknown> {
    p.returnmac = uuid();
    return {
      actionType: 'REDIRECT',
      redirectData: {
        RETURNMAC: p.returnmac,
        redirectURL: `${baseUrl}/redirect/${p.id}`,
      },
    };
  }

  /** The simulated third-party page was left with `outcome`; returns where the customer goes next. */
  finishRedirect(merchantId: string, paymentId: string, outcome: 'success' | 'failure' | 'cancel'): string | undefined {
    const p = this.payment(merchantId, paymentId);
    if (p.status !== 'REDIRECTED') throw invalidStatus('payment', p.id, p.status, 'finishing the redirect');
    if (outcome === 'success' && p.afterRedirect !== 'reject') {
      if (p.threeDSecureStatus !== undefined) p.threeDSecureStatus = 'AUTHENTICATED';
      this.authorise(p);
    } else if (outcome === 'cancel') {
      this.setPaymentStatus(p, 'CANCELLED');
    } else {
      if (p.threeDSecureStatus !== undefined) p.threeDSecureStatus = 'NOT_AUTHENTICATED';
      p.errors = [
        {
          code: '430285',
          id: 'NOT_AUTHORISED',
          category: 'PAYMENT_PLATFORM_ERROR',
          message: 'NOT AUTHORISED',
          httpStatusCode: 402,
        },
      ];
      this.setPaymentStatus(p, 'REJECTED');
    }
    if (p.hostedCheckoutId) {
      const h = this.hostedCheckouts.get(p.hostedCheckoutId);
      if (h) return this.hostedCheckoutReturn(h);
    }
    if (p.returnUrl === undefined) return undefined;
    return appendQuery(p.returnUrl, { RETURNMAC: p.returnmac ?? '', paymentId: p.id });
  }

  private addCapture(p: Payment, amount: number, isFinal: boolean, reference: string | undefined): Capture {
    const n = p.captureIds.length + 1;
    const c: Capture = {
      id: `${p.id.slice(0, 23)}-2${String(n).padStart(5, '0')}`,
      merchantId: p.merchantId,
      paymentId: p.id,
      amount,
      status: 'CAPTURE_REQUESTED',
      changedAt: this.now(),
      isFinal,
      merchantCaptureReference: reference,
      refundReserved: 0,
    };
    this.captures.set(c.id, c);
    p.captureIds.push(c.id);
    return c;
  }

  private findPayments(merchantId: string, q: URLSearchParams): OpResult {
    const { offset, limit } = paging(q);
    const hc = q.get('hostedCheckoutId');
    const ref = q.get('merchantReference');
    const orderId = q.get('merchantOrderId');
    const all = (this.paymentsByMerchant.get(merchantId) ?? []).filter(
      (p) =>
        (hc === null || p.hostedCheckoutId === hc) &&
        (ref === null || p.merchantReference === ref) &&
        (orderId === null || String(p.merchantOrderId) === orderId),
    );
    return ok({
      payments: all.slice(offset, offset + limit).map((p) => this.paymentView(p)),
      offset,
      limit,
      totalCount: all.length,
    });
  }

  private approvePayment(merchantId: string, id: string | undefined, body: unknown): OpResult {
    const p = this.payment(merchantId, id);
    if (p.status !== 'PENDING_APPROVAL') {
      throw new SandboxError(402, [
        {
          code: '410110',
          id: 'UNKNOWN_ORDER_OR_NOT_PENDING',
          category: 'PAYMENT_PLATFORM_ERROR',
          message: `UNKNOWN ORDER OR NOT PENDING: payment ${p.id} is ${p.status}`,
        },
      ]);
    }
    const left = p.amount - books(p, this.lookup).captured;
    const amount = int(pick(body, 'amount')) ?? left;
    if (amount <= 0) throw badRequest('amount must be greater than 0', 'amount');
    if (amount > left) throw amountTooHigh('amount', amount, left, 'approve');
    this.addCapture(p, amount, true, undefined);
    this.setPaymentStatus(p, 'CAPTURE_REQUESTED');
    return ok({
      payment: this.paymentView(p),
      cardPaymentMethodSpecificOutput: p.method === 'card' ? { voidResponseId: '00' } : undefined,
    });
  }

  private capturePayment(merchantId: string, id: string | undefined, body: unknown): OpResult {
    const p = this.payment(merchantId, id);
    if (p.status !== 'PENDING_APPROVAL' && p.status !== 'PENDING_CAPTURE') {
      throw invalidStatus('payment', p.id, p.status, 'capture');
    }
    const left = p.amount - books(p, this.lookup).captured;
    const requested = int(pick(body, 'amount'));
    const amount = requested ?? left;
    if (amount <= 0) throw badRequest('amount must be greater than 0', 'amount');
    if (amount > left) throw amountTooHigh('amount', amount, left, 'capture');
    const isFinal = requested === undefined || pick(body, 'isFinal') === true || amount === left;
    const c = this.addCapture(p, amount, isFinal, str(pick(body, 'order', 'references', 'merchantCaptureReference')));
    this.setPaymentStatus(p, isFinal ? 'CAPTURE_REQUESTED' : 'PENDING_CAPTURE');
    return ok(captureView(c, p));
  }

  private finalizeCapture(merchantId: string, id: string | undefined): OpResult {
    const p = this.payment(merchantId, id);
    if (p.status !== 'PENDING_CAPTURE') throw invalidStatus('payment', p.id, p.status, 'finalizecapture');
    const last = this.captures.get(p.captureIds[p.captureIds.length - 1] ?? '');
    if (last) last.isFinal = true;
    this.setPaymentStatus(p, 'CAPTURE_REQUESTED');
    return ok(this.paymentView(p));
  }

  private cancelPayment(merchantId: string, id: string | undefined): OpResult {
    const p = this.payment(merchantId, id);
    if (!PAYMENT_STATUS[p.status]?.cancellable) throw invalidStatus('payment', p.id, p.status, 'cancel');
    if (p.status === 'PENDING_CAPTURE' && books(p, this.lookup).captured > 0) {
      // the part captured so far goes ahead; the rest of the authorisation is released
      const last = this.captures.get(p.captureIds[p.captureIds.length - 1] ?? '');
      if (last) last.isFinal = true;
      this.setPaymentStatus(p, 'CAPTURE_REQUESTED');
    } else {
      this.setPaymentStatus(p, 'CANCELLED');
    }
    return ok(
      compact({
        payment: this.paymentView(p),
        cardPaymentMethodSpecificOutput: p.method === 'card' ? { voidResponseId: '00' } : undefined,
      }),
    );
  }

  private cancelApproval(merchantId: string, id: string | undefined): OpResult {
    const p = this.payment(merchantId, id);
    if (p.status !== 'CAPTURE_REQUESTED') throw invalidStatus('payment', p.id, p.status, 'cancelapproval');
    for (const cid of p.captureIds) {
      const c = this.captures.get(cid);
      if (c && c.status === 'CAPTURE_REQUESTED') {
        c.status = 'CANCELLED';
        c.changedAt = this.now();
      }
    }
    this.setPaymentStatus(p, 'PENDING_APPROVAL');
    return ok({ payment: this.paymentView(p) });
  }

  private refundPayment(
    merchantId: string,
    id: string | undefined,
    capture: Capture | undefined,
    body: unknown,
  ): OpResult {
    const p = this.payment(merchantId, id);
    const b = books(p, this.lookup);
    const refundable = p.status === 'PAID' && (capture === undefined || capture.status === 'PAID');
    if (!refundable) {
      throw new SandboxError(400, [
        {
          code: '300450',
          id: 'PAYMENT_NOT_REFUNDABLE',
          category: 'PAYMENT_PLATFORM_ERROR',
          message: `payment ${p.id} in status ${p.status} cannot be refunded (a payment becomes refundable once PAID; advance the sandbox clock or POST /_sandbox/settle)`,
        },
      ]);
    }
    const left = capture ? capture.amount - capture.refundReserved : b.paid - b.refundReserved;
    const amount = int(pick(body, 'amountOfMoney', 'amount')) ?? left;
    const currency = str(pick(body, 'amountOfMoney', 'currencyCode')) ?? p.currency;
    if (currency !== p.currency) {
      throw badRequest(
        `refund currency ${currency} differs from the payment currency ${p.currency}`,
        'amountOfMoney.currencyCode',
      );
    }
    if (amount <= 0) throw badRequest('amountOfMoney.amount must be greater than 0', 'amountOfMoney.amount');
    if (amount > left) throw amountTooHigh('amountOfMoney.amount', amount, left, 'refund');
    const seq = this.nextSeq();
    const r: Refund = {
      id: `${p.id.slice(0, 23)}-3${String(seq).padStart(5, '0')}`,
      merchantId,
      paymentId: p.id,
      captureId: capture?.id,
      amount,
      currency,
      status: 'CREATED',
      statusCode: 0,
      changedAt: this.now(),
      merchantReference: str(pick(body, 'refundReferences', 'merchantReference')),
      settleAt: undefined,
    };
    this.refunds.set(r.id, r);
    p.refundIds.push(r.id);
    let list = this.refundsByMerchant.get(merchantId);
    if (!list) {
      list = [];
      this.refundsByMerchant.set(merchantId, list);
    }
    list.push(r);
    if (capture) capture.refundReserved += amount;
    else this.reserveOnCaptures(p, amount);
    this.setRefundStatus(r, this.opts.refundsRequireApproval ? 'PENDING_APPROVAL' : 'REFUND_REQUESTED');
    return {
      status: 201,
      headers: { Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/refunds/${r.id}` },
      body: this.refundView(r),
    };
  }

  /** Spreads a payment-level refund over the payment's paid captures. */
  private reserveOnCaptures(p: Payment, amount: number): void {
    let rest = amount;
    for (const id of p.captureIds) {
      const c = this.captures.get(id);
      if (c === undefined || c.status !== 'PAID' || rest <= 0) continue;
      const take = Math.min(rest, c.amount - c.refundReserved);
      c.refundReserved += take;
      rest -= take;
    }
  }

  private releaseRefund(r: Refund): void {
    const p = this.payments.get(r.paymentId);
    if (!p) return;
    let rest = r.amount;
    const ids = r.captureId ? [r.captureId] : p.captureIds;
    for (const id of ids) {
      const c = this.captures.get(id);
      if (!c || rest <= 0) continue;
      const give = Math.min(rest, c.refundReserved);
      c.refundReserved -= give;
      rest -= give;
    }
  }

  private completePayment(merchantId: string, id: string | undefined, body: unknown): OpResult {
    const p = this.payment(merchantId, id);
    if (p.status !== 'PENDING_COMPLETION') throw invalidStatus('payment', p.id, p.status, 'complete');
    const pan = str(pick(body, 'cardPaymentMethodSpecificInput', 'card', 'cardNumber'));
    if (pan !== undefined && !luhnValid(pan)) {
      throw badRequest(
        'VALUE **************** OF FIELD CREDITCARDNUMBER DID NOT PASS THE LUHNCHECK',
        'cardPaymentMethodSpecificInput.card.cardNumber',
        '21000020',
        'INVALID_CARD_NUMBER',
      );
    }
    this.authorise(p);
    return ok({ creationOutput: { additionalReference: p.paymentReference }, payment: this.paymentView(p) });
  }

  private processChallenged(merchantId: string, id: string | undefined): OpResult {
    const p = this.payment(merchantId, id);
    if (p.status !== 'PENDING_FRAUD_APPROVAL') throw invalidStatus('payment', p.id, p.status, 'processchallenged');
    this.authorise(p);
    return ok(this.paymentView(p));
  }

  private tokenizePayment(merchantId: string, id: string | undefined, body: unknown): OpResult {
    const p = this.payment(merchantId, id);
    if (p.pan === undefined || p.status === 'REJECTED') {
      throw invalidStatus('payment', p.id, p.status, 'tokenize (needs an accepted card payment)');
    }
    const t = this.tokenForCard(merchantId, p, p.pan, str(pick(body, 'alias')));
    const out = { token: t.token, isNewToken: t.isNewToken, originalPaymentId: p.id };
    if (!t.isNewToken) return { status: 200, body: out };
    return {
      status: 201,
      headers: { Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/tokens/${t.token}` },
      body: out,
    };
  }

  private tokenForCard(
    merchantId: string,
    p: Payment,
    pan: string,
    alias?: string,
  ): { token: string; isNewToken: boolean } {
    const key = `${merchantId}\n${pan}\n${p.productId}`;
    const existing = this.tokenByCard.get(key);
    if (existing && this.tokens.has(existing)) return { token: existing, isNewToken: false };
    const t: Token = {
      id: uuid(),
      merchantId,
      productId: p.productId,
      pan,
      originalPaymentId: p.id,
      sepaApproved: false,
      data: {
        card: compact({
          alias: alias ?? `************${pan.slice(-4)}`,
          data: {
            cardWithoutCvv: compact({ cardNumber: pan, expiryDate: p.expiryDate, cardholderName: p.cardholderName }),
          },
        }),
      },
    };
    this.tokens.set(t.id, t);
    this.tokenByCard.set(key, t.id);
    this.webhooks.emit(merchantId, 'token.created', 'token', tokenView(t));
    return { token: t.id, isNewToken: true };
  }

  private thirdPartyStatus(merchantId: string, id: string | undefined): OpResult {
    const p = this.payment(merchantId, id);
    const s =
      p.status === 'REDIRECTED'
        ? 'WAITING'
        : p.status === 'CREATED'
          ? 'INITIALIZED'
          : PAYMENT_STATUS[p.status]?.category === 'UNSUCCESSFUL'
            ? 'CANCELLED'
            : ['PAID', 'REFUNDED', 'CAPTURE_REQUESTED'].includes(p.status)
              ? 'COMPLETED'
              : 'AUTHORIZED';
    return ok({ thirdPartyStatus: s });
  }

  // ---------------------------------------------------------------- refunds

  private findRefunds(merchantId: string, q: URLSearchParams): OpResult {
    const { offset, limit } = paging(q);
    const hc = q.get('hostedCheckoutId');
    const ref = q.get('merchantReference');
    const orderId = q.get('merchantOrderId');
    const all = (this.refundsByMerchant.get(merchantId) ?? []).filter((r) => {
      const p = this.payments.get(r.paymentId);
      return (
        (hc === null || p?.hostedCheckoutId === hc) &&
        (ref === null || r.merchantReference === ref || p?.merchantReference === ref) &&
        (orderId === null || String(p?.merchantOrderId) === orderId)
      );
    });
    return ok({
      refunds: all.slice(offset, offset + limit).map((r) => this.refundView(r)),
      offset,
      limit,
      totalCount: all.length,
    });
  }

  private approveRefund(merchantId: string, id: string | undefined, body: unknown): OpResult {
    const r = this.refund(merchantId, id);
    if (r.status !== 'PENDING_APPROVAL') throw invalidStatus('refund', r.id, r.status, 'approve');
    const amount = int(pick(body, 'amount'));
    if (amount !== undefined) {
      if (amount <= 0) throw badRequest('amount must be greater than 0', 'amount');
      if (amount > r.amount) throw amountTooHigh('amount', amount, r.amount, 'refund approve');
      if (amount < r.amount) {
        // release the difference
        this.releaseRefund({ ...r, amount: r.amount - amount });
        r.amount = amount;
      }
    }
    this.setRefundStatus(r, 'REFUND_REQUESTED');
    return { status: 204 };
  }

  private cancelRefund(merchantId: string, id: string | undefined): OpResult {
    const r = this.refund(merchantId, id);
    if (r.status !== 'PENDING_APPROVAL' && r.status !== 'REFUND_REQUESTED') {
      throw invalidStatus('refund', r.id, r.status, 'cancel');
    }
    this.releaseRefund(r);
    this.setRefundStatus(r, 'CANCELLED');
    return { status: 204 };
  }

  private cancelRefundApproval(merchantId: string, id: string | undefined): OpResult {
    const r = this.refund(merchantId, id);
    if (r.status !== 'REFUND_REQUESTED') throw invalidStatus('refund', r.id, r.status, 'cancelapproval');
    this.setRefundStatus(r, 'PENDING_APPROVAL');
    return { status: 204 };
  }

  // ---------------------------------------------------------------- payouts

  private createPayout(merchantId: string, body: unknown): OpResult {
    const amount =
      int(pick(body, 'amountOfMoney', 'amount')) ?? int(pick(body, 'payoutDetails', 'amountOfMoney', 'amount'));
    const currency =
      str(pick(body, 'amountOfMoney', 'currencyCode')) ??
      str(pick(body, 'payoutDetails', 'amountOfMoney', 'currencyCode'));
    if (amount === undefined) throw invalidProperty('amountOfMoney.amount', 'amountOfMoney.amount is required');
    if (amount <= 0) throw badRequest('amountOfMoney.amount must be greater than 0', 'amountOfMoney.amount');
    if (currency === undefined || !/^[A-Z]{3}$/.test(currency)) {
      throw invalidProperty('amountOfMoney.currencyCode', 'amountOfMoney.currencyCode (ISO 4217) is required');
    }
    const seq = this.nextSeq();
    const now = this.now();
    const o: Payout = {
      id: `${digits(merchantId, 10)}${String(seq).padStart(10, '0')}0000100001`,
      merchantId,
      amount,
      currency,
      status: 'CREATED',
      statusCode: 0,
      changedAt: now,
      createdAt: now,
      merchantReference:
        str(pick(body, 'references', 'merchantReference')) ??
        str(pick(body, 'payoutDetails', 'references', 'merchantReference')),
      merchantOrderId: int(pick(body, 'references', 'merchantOrderId')),
      paymentReference: String(seq).padStart(12, '0'),
      errors: undefined,
      settleAt: undefined,
    };
    const pan = str(pick(body, 'cardPayoutMethodSpecificInput', 'card', 'cardNumber'));
    const register = () => {
      this.payouts.set(o.id, o);
      let list = this.payoutsByMerchant.get(merchantId);
      if (!list) {
        list = [];
        this.payoutsByMerchant.set(merchantId, list);
      }
      list.push(o);
    };
    if (pan !== undefined && !luhnValid(pan.replace(/\s+/g, ''))) {
      const error: ApiErrorItem = {
        code: '21000020',
        id: 'INVALID_CARD_NUMBER',
        category: 'CONNECT_PLATFORM_ERROR',
        message: 'VALUE **************** OF FIELD CREDITCARDNUMBER DID NOT PASS THE LUHNCHECK',
        propertyName: 'cardPayoutMethodSpecificInput.card.cardNumber',
      };
      o.errors = [{ httpStatusCode: 400, ...error }];
      register();
      this.setPayoutStatus(o, 'REJECTED');
      throw new SandboxError(400, [error], { payoutResult: payoutView(o) });
    }
    register();
    this.setPayoutStatus(o, this.opts.payoutsRequireApproval ? 'PENDING_APPROVAL' : 'PAYOUT_REQUESTED');
    return {
      status: 201,
      headers: { Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/payouts/${o.id}` },
      body: payoutView(o),
    };
  }

  private findPayouts(merchantId: string, q: URLSearchParams): OpResult {
    const { offset, limit } = paging(q);
    const ref = q.get('merchantReference');
    const orderId = q.get('merchantOrderId');
    const all = (this.payoutsByMerchant.get(merchantId) ?? []).filter(
      (o) =>
        (ref === null || o.merchantReference === ref) && (orderId === null || String(o.merchantOrderId) === orderId),
    );
    return ok({ payouts: all.slice(offset, offset + limit).map(payoutView), offset, limit, totalCount: all.length });
  }

  private approvePayout(merchantId: string, id: string | undefined): OpResult {
    const o = this.payout(merchantId, id);
    if (o.status !== 'PENDING_APPROVAL') throw invalidStatus('payout', o.id, o.status, 'approve');
    this.setPayoutStatus(o, 'PAYOUT_REQUESTED');
    return ok(payoutView(o));
  }

  private cancelPayout(merchantId: string, id: string | undefined): OpResult {
    const o = this.payout(merchantId, id);
    if (o.status !== 'PENDING_APPROVAL' && o.status !== 'PAYOUT_REQUESTED') {
      throw invalidStatus('payout', o.id, o.status, 'cancel');
    }
    this.setPayoutStatus(o, 'CANCELLED');
    return { status: 204 };
  }

  private cancelPayoutApproval(merchantId: string, id: string | undefined): OpResult {
    const o = this.payout(merchantId, id);
    if (o.status !== 'PAYOUT_REQUESTED') throw invalidStatus('payout', o.id, o.status, 'cancelapproval');
    this.setPayoutStatus(o, 'PENDING_APPROVAL');
    return { status: 204 };
  }

  // ---------------------------------------------------------------- tokens

  private createToken(merchantId: string, body: unknown): OpResult {
    const b = isRecord(body) ? body : {};
    const productId = int(b['paymentProductId']);
    if (productId === undefined) throw invalidProperty('paymentProductId', 'paymentProductId is required');
    const data: Record<string, unknown> = {};
    for (const k of ['card', 'eWallet', 'nonSepaDirectDebit', 'sepaDirectDebit'])
      if (b[k] !== undefined) data[k] = structuredClone(b[k]);
    if (Object.keys(data).length === 0) {
      throw invalidProperty('card', 'one of card, sepaDirectDebit, nonSepaDirectDebit or eWallet is required');
    }
    let pan = str(pick(b, 'card', 'data', 'cardWithoutCvv', 'cardNumber'));
    if (pan !== undefined) {
      pan = pan.replace(/\s+/g, '');
      if (!luhnValid(pan)) {
        throw badRequest(
          'VALUE **************** OF FIELD CREDITCARDNUMBER DID NOT PASS THE LUHNCHECK',
          'card.data.cardWithoutCvv.cardNumber',
          '21000020',
          'INVALID_CARD_NUMBER',
        );
      }
      const key = `${merchantId}\n${pan}\n${productId}`;
      const existing = this.tokenByCard.get(key);
      if (existing && this.tokens.has(existing)) {
        return { status: 200, body: { token: existing, isNewToken: false } };
      }
    }
    const t: Token = {
      id: uuid(),
      merchantId,
      productId,
      data,
      pan,
      originalPaymentId: undefined,
      sepaApproved: false,
    };
    this.tokens.set(t.id, t);
    if (pan !== undefined) this.tokenByCard.set(`${merchantId}\n${pan}\n${productId}`, t.id);
    this.webhooks.emit(merchantId, 'token.created', 'token', tokenView(t));
    return {
      status: 201,
      headers: { Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/tokens/${t.id}` },
      body: { token: t.id, isNewToken: true },
    };
  }

  private updateToken(merchantId: string, id: string | undefined, body: unknown): OpResult {
    const t = this.token(merchantId, id);
    const b = isRecord(body) ? body : {};
    const pid = int(b['paymentProductId']);
    if (pid !== undefined) t.productId = pid;
    for (const k of ['card', 'eWallet', 'nonSepaDirectDebit', 'sepaDirectDebit'])
      if (b[k] !== undefined) t.data[k] = deepMerge(t.data[k], structuredClone(b[k]));
    const pan = str(pick(b, 'card', 'data', 'cardWithoutCvv', 'cardNumber'));
    if (pan !== undefined) {
      if (!luhnValid(pan)) {
        throw badRequest(
          'card number failed the Luhn check',
          'card.data.cardWithoutCvv.cardNumber',
          '21000020',
          'INVALID_CARD_NUMBER',
        );
      }
      t.pan = pan;
    }
    this.webhooks.emit(merchantId, 'token.updated', 'token', tokenView(t));
    return { status: 204 };
  }

  private removeToken(merchantId: string, id: string | undefined, q: URLSearchParams): OpResult {
    const t = this.token(merchantId, id);
    const date = q.get('mandateCancelDate');
    if (date !== null && !/^\d{8}$/.test(date))
      throw badRequest('mandateCancelDate must be YYYYMMDD', 'mandateCancelDate');
    this.tokens.delete(t.id);
    if (t.pan !== undefined) this.tokenByCard.delete(`${merchantId}\n${t.pan}\n${t.productId}`);
    this.webhooks.emit(merchantId, 'token.deleted', 'token', { id: t.id });
    return { status: 204 };
  }

  // ---------------------------------------------------------------- mandates

  private createMandate(merchantId: string, body: unknown, ref: string | undefined, baseUrl: string): OpResult {
    const b = isRecord(body) ? body : {};
    const reference = ref ?? str(b['uniqueMandateReference']) ?? `SBX${hex(10).toUpperCase()}`;
    if (!/^[A-Za-z0-9+?/\-:().,' ]{1,35}$/.test(reference)) {
      throw badRequest('uniqueMandateReference must be 1-35 SEPA characters', 'uniqueMandateReference');
    }
    const key = `${merchantId}\n${reference}`;
    if (this.mandates.has(key)) {
      throw new SandboxError(409, [
        {
          code: '1409001',
          id: 'MANDATE_ALREADY_EXISTS',
          category: 'PAYMENT_PLATFORM_ERROR',
          message: `mandate ${reference} already exists`,
        },
      ]);
    }
    const iban = str(pick(b, 'customer', 'bankAccountIban', 'iban'));
    if (iban !== undefined && !/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban.replace(/\s+/g, ''))) {
      throw badRequest('customer.bankAccountIban.iban is not a valid IBAN', 'customer.bankAccountIban.iban');
    }
    const signed = b['signatureType'] === 'SMS';
    const m: Mandate = {
      merchantId,
      reference,
      status: signed ? 'CREATED' : 'ACTIVE',
      alias: str(b['alias']),
      customer: isRecord(b['customer']) ? maskMandateCustomer(b['customer']) : undefined,
      customerReference: str(b['customerReference']),
      recurrenceType: str(b['recurrenceType']),
    };
    this.mandates.set(key, m);
    return {
      status: 201,
      headers: {
        Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/mandates/${encodeURIComponent(reference)}`,
      },
      body: compact({
        mandate: mandateView(m),
        merchantAction: signed
          ? {
              actionType: 'REDIRECT',
              redirectData: {
                RETURNMAC: uuid(),
                redirectURL: `${baseUrl}/mandate/${encodeURIComponent(merchantId)}/${encodeURIComponent(reference)}/sign`,
              },
            }
          : undefined,
      }),
    };
  }

  private mandateTransition(
    merchantId: string,
    ref: string | undefined,
    from: string[],
    to: string,
    action: string,
  ): OpResult {
    const m = this.mandate(merchantId, ref);
    if (!from.includes(m.status)) throw invalidStatus('mandate', m.reference, m.status, action);
    m.status = to;
    return ok({ mandate: mandateView(m) });
  }

  // ---------------------------------------------------------------- hosted checkout / mandate management

  private createHostedCheckout(merchantId: string, body: unknown, baseUrl: string): OpResult {
    const b = isRecord(body) ? body : {};
    const amount = int(pick(b, 'order', 'amountOfMoney', 'amount'));
    const currency = str(pick(b, 'order', 'amountOfMoney', 'currencyCode'));
    if (amount === undefined)
      throw invalidProperty('order.amountOfMoney.amount', 'order.amountOfMoney.amount is required');
    if (currency === undefined) {
      throw invalidProperty('order.amountOfMoney.currencyCode', 'order.amountOfMoney.currencyCode is required');
    }
    const returnUrl = str(pick(b, 'hostedCheckoutSpecificInput', 'returnUrl'));
    if (returnUrl !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(returnUrl)) {
      throw badRequest(
        'hostedCheckoutSpecificInput.returnUrl must be an absolute URL',
        'hostedCheckoutSpecificInput.returnUrl',
      );
    }
    const now = this.now();
    const prefix = digits(merchantId, 4);
    const id = `${prefix}-${hex(16)}`;
    const invalidTokens = String(pick(b, 'hostedCheckoutSpecificInput', 'tokens') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '' && !(this.tokens.get(t)?.merchantId === merchantId));
    const h: HostedCheckout = {
      id,
      merchantId,
      returnmac: uuid(),
      createdAt: now,
      expiresAt: now + this.opts.hostedCheckoutTtlMs,
      status: 'IN_PROGRESS',
      request: structuredClone(b),
      paymentIds: [],
      merchantReference: str(pick(b, 'order', 'references', 'merchantReference')),
    };
    this.hostedCheckouts.set(id, h);
    const host = baseUrl.replace(/^https?:\/\//, '');
    return {
      status: 201,
      headers: { Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/hostedcheckouts/${id}` },
      body: compact({
        RETURNMAC: h.returnmac,
        hostedCheckoutId: id,
        partialRedirectUrl: `${host}/hostedcheckout/${id}`,
        merchantReference: h.merchantReference,
        invalidTokens: invalidTokens.length > 0 ? invalidTokens : undefined,
      }),
    };
  }

  hostedCheckoutView(h: HostedCheckout): Record<string, unknown> {
    const lastId = h.paymentIds[h.paymentIds.length - 1];
    const p = lastId === undefined ? undefined : this.payments.get(lastId);
    if (!p) return { status: h.status };
    return {
      status: h.status,
      createdPaymentOutput: compact({
        payment: this.paymentView(p),
        paymentCreationReferences: { additionalReference: p.paymentReference, externalReference: p.id },
        paymentStatusCategory: paymentStatusCategoryForHostedCheckout(p.status),
        tokenizationSucceeded: p.token !== undefined ? true : undefined,
        tokens: p.token,
        isCheckedRememberMe: false,
      }),
    };
  }

  /** The customer's URL after the hosted checkout (merchant returnUrl + RETURNMAC + hostedCheckoutId). */
  hostedCheckoutReturn(h: HostedCheckout): string | undefined {
    const url = str(pick(h.request, 'hostedCheckoutSpecificInput', 'returnUrl'));
    if (url === undefined) return undefined;
    return appendQuery(url, { RETURNMAC: h.returnmac, hostedCheckoutId: h.id });
  }

  /**
   * The customer pays on the hosted checkout (driven by the checkout page or the admin API):
   * creates a payment from the checkout's order and the given card. Returns the payment result.
   */
  payHostedCheckout(
    h: HostedCheckout,
    card: { cardNumber: string; expiryDate: string; cvv?: string; cardholderName?: string } | undefined,
    productId: number | undefined,
    baseUrl: string,
  ): { status: number; body: unknown; returnUrl: string | undefined; redirectUrl: string | undefined } {
    if (h.status !== 'IN_PROGRESS' && h.status !== 'PAYMENT_CREATED') {
      throw invalidStatus('hosted checkout', h.id, h.status, 'pay');
    }
    const body: Record<string, unknown> = { order: h.request['order'] };
    const cardBase = isRecord(h.request['cardPaymentMethodSpecificInput'])
      ? h.request['cardPaymentMethodSpecificInput']
      : {};
    if (card) {
      body['cardPaymentMethodSpecificInput'] = {
        ...cardBase,
        ...(productId === undefined ? {} : { paymentProductId: productId }),
        card,
        threeDSecure: { redirectionData: { returnUrl: this.hostedCheckoutReturn(h) ?? `${baseUrl}/` } },
      };
    } else {
      body['redirectPaymentMethodSpecificInput'] = {
        paymentProductId: productId ?? 809,
        redirectionData: { returnUrl: this.hostedCheckoutReturn(h) ?? `${baseUrl}/` },
      };
    }
    let result: { status: number; body: unknown };
    try {
      const r = this.createPayment(h.merchantId, body, baseUrl, h.id);
      result = { status: r.status, body: r.body };
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e;
      result = { status: e.status, body: e.toBody() };
    }
    const pid = str(pick(result.body, 'payment', 'id')) ?? str(pick(result.body, 'paymentResult', 'payment', 'id'));
    if (pid !== undefined) {
      h.paymentIds.push(pid);
      h.status = 'PAYMENT_CREATED';
    }
    const redirectUrl = str(pick(result.body, 'merchantAction', 'redirectData', 'redirectURL'));
    return { ...result, returnUrl: this.hostedCheckoutReturn(h), redirectUrl };
  }

  cancelHostedCheckout(h: HostedCheckout): string | undefined {
    if (pick(h.request, 'hostedCheckoutSpecificInput', 'returnCancelState') === true)
      h.status = 'CANCELLED_BY_CONSUMER';
    return this.hostedCheckoutReturn(h);
  }

  private createHostedMandate(merchantId: string, body: unknown, baseUrl: string): OpResult {
    const b = isRecord(body) ? body : {};
    const now = this.now();
    const id = `${digits(merchantId, 4)}-${hex(16)}`;
    const h: HostedMandate = {
      id,
      merchantId,
      returnmac: uuid(),
      createdAt: now,
      expiresAt: now + this.opts.hostedCheckoutTtlMs,
      status: 'IN_PROGRESS',
      request: structuredClone(b),
      mandateReference: undefined,
    };
    this.hostedMandates.set(id, h);
    const host = baseUrl.replace(/^https?:\/\//, '');
    return {
      status: 201,
      headers: { Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/hostedmandatemanagements/${id}` },
      body: {
        RETURNMAC: h.returnmac,
        hostedMandateManagementId: id,
        partialRedirectUrl: `${host}/hostedmandatemanagement/${id}`,
      },
    };
  }

  /** The customer signed (or cancelled) the hosted mandate; returns the merchant return URL. */
  finishHostedMandate(
    h: HostedMandate,
    outcome: 'success' | 'cancel' | 'failure',
    baseUrl: string,
  ): string | undefined {
    if (h.status !== 'IN_PROGRESS') throw invalidStatus('hosted mandate management', h.id, h.status, 'finish');
    if (outcome === 'success') {
      const info = isRecord(h.request['createMandateInfo']) ? h.request['createMandateInfo'] : {};
      const res = this.createMandate(h.merchantId, { ...info, signatureType: 'UNSIGNED' }, undefined, baseUrl);
      h.mandateReference = str(pick(res.body, 'mandate', 'uniqueMandateReference'));
      h.status = 'MANDATE_CREATED';
    } else {
      h.status = outcome === 'cancel' ? 'CANCELLED_BY_CONSUMER' : 'FAILED';
    }
    const url = str(pick(h.request, 'hostedMandateManagementSpecificInput', 'returnUrl'));
    return url === undefined
      ? undefined
      : appendQuery(url, { RETURNMAC: h.returnmac, hostedMandateManagementId: h.id });
  }

  // ---------------------------------------------------------------- sessions

  private createSession(merchantId: string, body: unknown, baseUrl: string): OpResult {
    const b = isRecord(body) ? body : {};
    const tokens = Array.isArray(b['tokens']) ? b['tokens'].filter((t): t is string => typeof t === 'string') : [];
    const now = this.now();
    const s: Session = {
      id: hex(16),
      merchantId,
      customerId: `${digits(merchantId, 4)}-${hex(16)}`,
      createdAt: now,
      expiresAt: now + this.opts.sessionTtlMs,
      tokens,
      request: structuredClone(b),
    };
    this.sessions.set(s.id, s);
    const invalid = tokens.filter((t) => this.tokens.get(t)?.merchantId !== merchantId);
    return {
      status: 201,
      body: {
        assetUrl: `${baseUrl}/client-assets/`,
        clientApiUrl: `${baseUrl}/client`,
        clientSessionId: s.id,
        customerId: s.customerId,
        invalidTokens: invalid,
        region: 'EU',
      },
    };
  }

  // ---------------------------------------------------------------- disputes and files

  private createDispute(
    merchantId: string,
    paymentId: string | undefined,
    capture: Capture | undefined,
    body: unknown,
  ): OpResult {
    const p = this.payment(merchantId, paymentId);
    const b = books(p, this.lookup);
    const max = capture ? capture.amount : b.paid;
    if (max <= 0 || (capture && capture.status !== 'PAID') || !['PAID', 'REFUNDED'].includes(p.status)) {
      throw invalidStatus('payment', p.id, p.status, 'dispute (needs a PAID payment)');
    }
    const amount = int(pick(body, 'amountOfMoney', 'amount')) ?? max;
    if (amount <= 0) throw badRequest('amountOfMoney.amount must be greater than 0', 'amountOfMoney.amount');
    if (amount > max) throw amountTooHigh('amountOfMoney.amount', amount, max, 'dispute');
    const now = this.now();
    const d: Dispute = {
      id: `${p.id.slice(0, 23)}-5${String(this.nextSeq()).padStart(5, '0')}`,
      merchantId,
      paymentId: p.id,
      captureId: capture?.id,
      amount,
      currency: p.currency,
      status: 'DRAFT',
      changedAt: now,
      createdAt: now,
      contactPerson: str(pick(body, 'contactPerson')),
      emailAddress: str(pick(body, 'emailAddress')),
      replyTo: str(pick(body, 'replyTo')),
      requestMessage: str(pick(body, 'requestMessage')),
      fileIds: [],
    };
    this.disputes.set(d.id, d);
    p.disputeIds.push(d.id);
    const view = this.disputeView(d);
    this.webhooks.emit(merchantId, 'dispute.draft', 'dispute', view);
    return {
      status: 201,
      headers: { Location: `${this.baseUrl}/v1/${encodeURIComponent(merchantId)}/disputes/${d.id}` },
      body: view,
    };
  }

  private disputeTransition(
    merchantId: string,
    id: string | undefined,
    from: string[],
    to: string,
    action: string,
  ): OpResult {
    const d = this.dispute(merchantId, id);
    if (!from.includes(d.status)) throw invalidStatus('dispute', d.id, d.status, action);
    d.status = to;
    d.changedAt = this.now();
    const view = this.disputeView(d);
    this.webhooks.emit(merchantId, `dispute.${to.toLowerCase()}`, 'dispute', view);
    return ok(view);
  }

  private uploadDisputeFile(merchantId: string, id: string | undefined, req: OpRequest): OpResult {
    const d = this.dispute(merchantId, id);
    if (d.status !== 'DRAFT' && d.status !== 'CREATED')
      throw invalidStatus('dispute', d.id, d.status, 'upload a file to');
    const ct = req.contentType ?? '';
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(ct);
    if (!ct.toLowerCase().startsWith('multipart/form-data') || !boundary) {
      throw badRequest(
        'the body must be multipart/form-data with a boundary',
        undefined,
        '21000050',
        'INVALID_CONTENT_TYPE',
      );
    }
    const parts = parseMultipart(req.rawBody, (boundary[1] ?? boundary[2] ?? '').trim());
    const file = parts.find((pt) => pt.name === 'file');
    if (!file) throw invalidProperty('file', 'a multipart part named "file" is required');
    if (file.data.length === 0) throw badRequest('the uploaded file is empty', 'file');
    if (d.fileIds.length >= 10) throw badRequest('a dispute holds at most 10 files', 'file');
    const f: StoredFile = {
      id: hex(16),
      merchantId,
      disputeId: d.id,
      fileName: file.filename ?? 'file',
      contentType:
        file.contentType !== undefined && /^[\x21-\x7e]+\/[\x20-\x7e]+$/.test(file.contentType)
          ? file.contentType
          : 'application/octet-stream',
      data: file.data,
    };
    this.files.set(f.id, f);
    d.fileIds.push(f.id);
    return { status: 200, body: { disputeId: d.id, fileId: f.id } };
  }

  /** Admin: forces a payment into a status (for scenarios the test data cannot reach). */
  forcePaymentStatus(merchantId: string, id: string, status: string): Record<string, unknown> {
    const p = this.payment(merchantId, id);
    if (!PAYMENT_STATUS[status]) {
      throw badRequest(`unknown payment status ${status}; one of ${Object.keys(PAYMENT_STATUS).join(', ')}`, 'status');
    }
    if ((status === 'PAID' || status === 'CAPTURE_REQUESTED') && books(p, this.lookup).captured === 0) {
      this.addCapture(p, p.amount, true, undefined);
    }
    if (status === 'PAID') {
      for (const cid of p.captureIds) {
        const c = this.captures.get(cid);
        if (c && c.status === 'CAPTURE_REQUESTED') c.status = 'PAID';
      }
    }
    this.setPaymentStatus(p, status);
    return this.paymentView(p);
  }

  /**
   * Admin scenario: the cardholder's bank disputes a PAID payment. PAID -> CHARGEBACK_NOTIFICATION
   * (announced), then -> CHARGEBACKED (funds taken back) unless `notificationOnly`; a payment already
   * in CHARGEBACK_NOTIFICATION goes on to CHARGEBACKED. Each step emits its payment event.
   */
  chargeback(merchantId: string, id: string, notificationOnly = false): Record<string, unknown> {
    const p = this.payment(merchantId, id);
    if (p.status === 'PAID') {
      this.setPaymentStatus(p, 'CHARGEBACK_NOTIFICATION');
      if (notificationOnly) return this.paymentView(p);
    } else if (p.status !== 'CHARGEBACK_NOTIFICATION') {
      throw invalidStatus('payment', p.id, p.status, 'charge back (needs a PAID payment)');
    }
    this.setPaymentStatus(p, 'CHARGEBACKED');
    return this.paymentView(p);
  }

  /** Admin scenario: the funds of a PAID payment are reversed (a bank transfer recalled, say): PAID -> REVERSED. */
  reverse(merchantId: string, id: string): Record<string, unknown> {
    const p = this.payment(merchantId, id);
    if (p.status !== 'PAID') throw invalidStatus('payment', p.id, p.status, 'reverse (needs a PAID payment)');
    this.setPaymentStatus(p, 'REVERSED');
    return this.paymentView(p);
  }

  disputeStatusKnown(s: string): boolean {
    return s in DISPUTE_STATUS;
  }
}

// -------------------------------------------------------------------- small helpers

function ok(body: unknown): OpResult {
  return { status: 200, body };
}

function paging(q: URLSearchParams): { offset: number; limit: number } {
  const o = q.get('offset');
  const l = q.get('limit');
  const offset = o === null ? 0 : Number(o);
  const limit = l === null ? 10 : Number(l);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be an integer >= 0', 'offset');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw badRequest('limit must be an integer from 1 to 100', 'limit');
  return { offset, limit };
}

function validExpiry(mmyy: string, now: number): boolean {
  if (!/^(0[1-9]|1[0-2])\d{2}$/.test(mmyy)) return false;
  const month = Number(mmyy.slice(0, 2));
  const year = 2000 + Number(mmyy.slice(2));
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  return year > y || (year === y && month >= m);
}

export function appendQuery(url: string, params: Record<string, string>): string {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const frag = hash >= 0 ? url.slice(hash) : '';
  const qs = new URLSearchParams(params).toString();
  return `${base}${base.includes('?') ? '&' : '?'}${qs}${frag}`;
}

/** Merges `patch` into `base` (objects recursively; anything else is replaced). */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isRecord(base) || !isRecord(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

function maskMandateCustomer(c: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(c);
  const acc = copy['bankAccountIban'];
  if (isRecord(acc) && typeof acc['iban'] === 'string') {
    const iban = acc['iban'];
    acc['iban'] = iban.length <= 4 ? iban : '*'.repeat(iban.length - 4) + iban.slice(-4);
  }
  return copy;
}

interface Part {
  name: string | undefined;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** Minimal multipart/form-data parser (enough for file uploads). */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  while (pos >= 0) {
    let start = pos + delim.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing --
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(delim, start);
    if (next < 0) break;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const chunk = body.subarray(start, end);
    const sep = chunk.indexOf('\r\n\r\n');
    if (sep >= 0) {
      const head = chunk.subarray(0, sep).toString('utf8');
      const data = Buffer.from(chunk.subarray(sep + 4));
      const disp = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
      const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim();
      parts.push({ name, filename, contentType, data });
    }
    pos = next;
  }
  return parts;
}

/** The resource with this id when it belongs to this merchant; otherwise the platform's 404. */
function owned<T extends { merchantId: string }>(
  store: ReadonlyMap<string, T>,
  what: string,
  merchantId: string,
  id: string | undefined,
): T {
  const v = store.get(id ?? '');
  if (!v || v.merchantId !== merchantId) throw unknownResource(what, id ?? '');
  return v;
}
