/** Captures: the parts of a payment's authorisation that are (to be) paid. */
import type { DomainCore } from './core.js';
import type { Capture, Payment } from './model.js';
import { captureView } from './views.js';

export class Captures {
  constructor(private readonly core: DomainCore) {}

  get(merchantId: string, id: string | undefined): Capture {
    return this.core.stores.captures.get(merchantId, id);
  }

  /** The payment a capture belongs to. */
  paymentOf(c: Capture): Payment {
    return this.core.stores.payments.lookup(c.paymentId) as Payment;
  }

  view(c: Capture): Record<string, unknown> {
    return captureView(c, this.paymentOf(c));
  }

  /** The payment's captures, oldest first. */
  ofPayment(p: Payment): Capture[] {
    const out: Capture[] = [];
    for (const id of p.captureIds) {
      const c = this.core.stores.captures.lookup(id);
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  /** A new capture of `amount` (CAPTURE_REQUESTED); the payment's status is the caller's business. */
  add(p: Payment, amount: number, isFinal: boolean, reference: string | undefined): Capture {
    const n = p.captureIds.length + 1;
    const c: Capture = {
      id: `${p.id.slice(0, 23)}-2${String(n).padStart(5, '0')}`,
      merchantId: p.merchantId,
      paymentId: p.id,
      amount,
      status: 'CAPTURE_REQUESTED',
      changedAt: this.core.now(),
      isFinal,
      merchantCaptureReference: reference,
      refundReserved: 0,
    };
    this.core.stores.captures.add(c);
    p.captureIds.push(c.id);
    return c;
  }

  /** Every CAPTURE_REQUESTED capture of the payment becomes `status` (PAID on settlement, CANCELLED on cancelApproval). */
  settleRequested(p: Payment, status: 'PAID' | 'CANCELLED'): void {
    const now = this.core.now();
    for (const c of this.ofPayment(p)) {
      if (c.status === 'CAPTURE_REQUESTED') {
        c.status = status;
        c.changedAt = now;
      }
    }
  }

  /** Marks the payment's last capture final (the rest of the authorisation is released). */
  finalizeLast(p: Payment): void {
    const last = this.core.stores.captures.lookup(p.captureIds[p.captureIds.length - 1] ?? '');
    if (last) last.isFinal = true;
  }

  /** Spreads a payment-level refund reservation over the payment's paid captures. */
  reserve(p: Payment, amount: number): void {
    let rest = amount;
    for (const c of this.ofPayment(p)) {
      if (c.status !== 'PAID' || rest <= 0) continue;
      const take = Math.min(rest, c.amount - c.refundReserved);
      c.refundReserved += take;
      rest -= take;
    }
  }

  /** Gives back `amount` of refund reservations (on `captureId` only, or spread over the payment's captures). */
  release(p: Payment, captureId: string | undefined, amount: number): void {
    let rest = amount;
    const ids = captureId ? [captureId] : p.captureIds;
    for (const id of ids) {
      const c = this.core.stores.captures.lookup(id);
      if (!c || rest <= 0) continue;
      const give = Math.min(rest, c.refundReserved);
      c.refundReserved -= give;
      rest -= give;
    }
  }
}
