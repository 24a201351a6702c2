/** Refunds of a PAID payment (or of one PAID capture): approval, cancellation, settlement. */
import type { Captures } from './captures.js';
import type { DomainCore, Lifecycle } from './core.js';
import { amountTooHigh, badRequest, invalidStatus, paymentNotRefundable } from './errors.js';
import { int, pick, str } from './json.js';
import { type Capture, REFUND_STATUS, type Refund } from './model.js';
import { books, refundView } from './views.js';

export class Refunds {
  readonly lifecycle: Lifecycle<Refund>;

  constructor(
    private readonly core: DomainCore,
    private readonly captures: Captures,
  ) {
    this.lifecycle = {
      resourceKey: 'refund',
      label: 'refund',
      table: REFUND_STATUS,
      settlesFrom: 'REFUND_REQUESTED',
      webhook: true,
      view: (r) => this.view(r),
    };
  }

  get(merchantId: string, id: string | undefined): Refund {
    return this.core.stores.refunds.get(merchantId, id);
  }

  view(r: Refund): Record<string, unknown> {
    const p = this.core.stores.payments.lookup(r.paymentId);
    return refundView(r, p, p ? books(p, this.core.stores) : undefined);
  }

  /** The payment's refunds, oldest first. */
  ofPayment(paymentIds: readonly string[]): Refund[] {
    const out: Refund[] = [];
    for (const id of paymentIds) {
      const r = this.core.stores.refunds.lookup(id);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  /** payments.refund / captures.refund: reserves the amount on the captures; waits for approval by default. */
  create(merchantId: string, paymentId: string | undefined, capture: Capture | undefined, body: unknown): Refund {
    const p = this.core.stores.payments.get(merchantId, paymentId);
    const b = books(p, this.core.stores);
    const refundable = p.status === 'PAID' && (capture === undefined || capture.status === 'PAID');
    if (!refundable) throw paymentNotRefundable(p.id, p.status);
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
    const seq = this.core.nextSeq();
    const r: Refund = {
      id: `${p.id.slice(0, 23)}-3${String(seq).padStart(5, '0')}`,
      merchantId,
      paymentId: p.id,
      captureId: capture?.id,
      amount,
      currency,
      status: 'CREATED',
      statusCode: 0,
      changedAt: this.core.now(),
      merchantReference: str(pick(body, 'refundReferences', 'merchantReference')),
      settleAt: undefined,
    };
    this.core.stores.refunds.add(r);
    p.refundIds.push(r.id);
    if (capture) capture.refundReserved += amount;
    else this.captures.reserve(p, amount);
    this.setStatus(r, this.core.options.refundsRequireApproval ? 'PENDING_APPROVAL' : 'REFUND_REQUESTED');
    return r;
  }

  setStatus(r: Refund, status: string): void {
    this.core.transition(this.lifecycle, r, status);
  }

  find(merchantId: string, q: URLSearchParams): Record<string, unknown> {
    const hc = q.get('hostedCheckoutId');
    const ref = q.get('merchantReference');
    const orderId = q.get('merchantOrderId');
    const page = this.core.stores.refunds.page(merchantId, q, (r) => {
      const p = this.core.stores.payments.lookup(r.paymentId);
      return (
        (hc === null || p?.hostedCheckoutId === hc) &&
        (ref === null || r.merchantReference === ref || p?.merchantReference === ref) &&
        (orderId === null || String(p?.merchantOrderId) === orderId)
      );
    });
    return {
      refunds: page.items.map((r) => this.view(r)),
      offset: page.offset,
      limit: page.limit,
      totalCount: page.totalCount,
    };
  }

  private release(r: Refund, amount: number): void {
    const p = this.core.stores.payments.lookup(r.paymentId);
    if (p) this.captures.release(p, r.captureId, amount);
  }

  /** refunds.approve: PENDING_APPROVAL -> REFUND_REQUESTED, optionally for a smaller amount. */
  approve(merchantId: string, id: string | undefined, body: unknown): void {
    const r = this.get(merchantId, id);
    if (r.status !== 'PENDING_APPROVAL') throw invalidStatus('refund', r.id, r.status, 'approve');
    const amount = int(pick(body, 'amount'));
    if (amount !== undefined) {
      if (amount <= 0) throw badRequest('amount must be greater than 0', 'amount');
      if (amount > r.amount) throw amountTooHigh('amount', amount, r.amount, 'refund approve');
      if (amount < r.amount) {
        this.release(r, r.amount - amount);
        r.amount = amount;
      }
    }
    this.setStatus(r, 'REFUND_REQUESTED');
  }

  cancel(merchantId: string, id: string | undefined): void {
    const r = this.get(merchantId, id);
    if (r.status !== 'PENDING_APPROVAL' && r.status !== 'REFUND_REQUESTED') {
      throw invalidStatus('refund', r.id, r.status, 'cancel');
    }
    this.release(r, r.amount);
    this.setStatus(r, 'CANCELLED');
  }

  cancelApproval(merchantId: string, id: string | undefined): void {
    this.core.move(
      this.lifecycle,
      this.get(merchantId, id),
      ['REFUND_REQUESTED'],
      'PENDING_APPROVAL',
      'cancelapproval',
    );
  }
}
