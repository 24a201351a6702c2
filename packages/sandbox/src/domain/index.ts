/**
 * The domain: every resource module over one set of stores, one clock and one bus. Surfaces call
 * these methods; nothing outside domain/ changes a stored object.
 */
import type { EventBus } from '../events/bus.js';
import { Captures } from './captures.js';
import { Chargebacks } from './chargebacks.js';
import type { Clock } from './clock.js';
import { DomainCore, type DomainOptions } from './core.js';
import { Disputes } from './disputes.js';
import { EncryptedInputs } from './encrypted-inputs.js';
import { HostedCheckouts } from './hosted-checkouts.js';
import { HostedMandates } from './hosted-mandates.js';
import { Mandates } from './mandates.js';
import type { Payment, Payout, Refund } from './model.js';
import { PaymentIndex } from './payment-index.js';
import { Payments } from './payments.js';
import { Payouts } from './payouts.js';
import { Refunds } from './refunds.js';
import { Sessions } from './sessions.js';
import { SettlementQueue } from './settlement.js';
import { Stores } from './stores.js';
import { Tokens } from './tokens.js';
import { books } from './views.js';

export type { DomainOptions } from './core.js';

type Settling = Payment | Refund | Payout;

export class Domain {
  readonly stores = new Stores();
  private readonly queue = new SettlementQueue<Settling>();
  private readonly core: DomainCore;
  readonly captures: Captures;
  readonly tokens: Tokens;
  readonly payments: Payments;
  readonly refunds: Refunds;
  readonly payouts: Payouts;
  readonly mandates: Mandates;
  readonly hostedCheckouts: HostedCheckouts;
  readonly hostedMandates: HostedMandates;
  readonly disputes: Disputes;
  readonly sessions: Sessions;
  readonly encryptedInputs: EncryptedInputs;
  readonly chargebacks: Chargebacks;
  /** pages of payments by status / merchant without scanning the store (dashboard, GET /_sandbox/payments) */
  readonly paymentIndex: PaymentIndex;

  constructor(
    options: DomainOptions,
    readonly clock: Clock,
    bus: EventBus,
  ) {
    this.core = new DomainCore(options, clock, bus, this.stores, this.queue);
    this.captures = new Captures(this.core);
    this.tokens = new Tokens(this.core);
    this.payments = new Payments(this.core, this.captures, this.tokens);
    this.refunds = new Refunds(this.core, this.captures);
    this.payouts = new Payouts(this.core);
    this.mandates = new Mandates(this.core);
    this.hostedCheckouts = new HostedCheckouts(this.core, this.payments, this.tokens);
    this.hostedMandates = new HostedMandates(this.core, this.mandates);
    this.disputes = new Disputes(this.core);
    this.sessions = new Sessions(this.core, this.tokens);
    this.encryptedInputs = new EncryptedInputs(this.core, this.sessions);
    this.chargebacks = new Chargebacks(this.payments);
    this.paymentIndex = new PaymentIndex(this.stores.payments);
    // every payment status change emits a payment event: the index follows them
    bus.on((e) => {
      if (e.resourceKey !== 'payment') return;
      const id = (e.resource as { id?: unknown }).id;
      const p = typeof id === 'string' ? this.stores.payments.lookup(id) : undefined;
      if (p) this.paymentIndex.touch(p);
    });
  }

  get options(): DomainOptions {
    return this.core.options;
  }

  /**
   * Settles what is due (everything pending, with `all`): CAPTURE_REQUESTED payments become PAID
   * (their captures too), REFUND_REQUESTED refunds REFUNDED (a payment refunded in full becomes
   * REFUNDED), PAYOUT_REQUESTED payouts ACCOUNT_CREDITED. Returns how many objects moved.
   */
  settle(all = false): number {
    const due = this.queue.takeDue(this.clock.now(), all);
    for (const o of due) this.settleOne(o);
    this.payments.clearCache();
    return due.length;
  }

  /** Settles one waiting payment, refund or payout now (the dashboard's "Settle now"); false when it was not waiting. */
  settleNow(o: Settling): boolean {
    if (!this.queue.take(o)) return false;
    this.settleOne(o);
    this.payments.clearCache();
    return true;
  }

  private settleOne(o: Settling): void {
    if ('captureIds' in o) {
      if (o.status !== 'CAPTURE_REQUESTED') return;
      this.captures.settleRequested(o, 'PAID');
      this.payments.setStatus(o, 'PAID');
    } else if ('paymentId' in o) {
      if (o.status !== 'REFUND_REQUESTED') return;
      this.refunds.setStatus(o, 'REFUNDED');
      const p = this.stores.payments.lookup(o.paymentId);
      if (p && p.status === 'PAID') {
        const b = books(p, this.stores);
        if (b.refunded >= b.paid && b.paid > 0) this.payments.setStatus(p, 'REFUNDED');
      }
    } else if (o.status === 'PAYOUT_REQUESTED') {
      this.payouts.setStatus(o, 'ACCOUNT_CREDITED');
    }
  }

  /** Settles when something is due (cheap when nothing is: called before every Server API operation). */
  settleIfDue(): void {
    const due = this.queue.nextDue();
    if (due !== undefined && due <= this.clock.now()) this.settle();
  }

  /** The earliest time something is due to settle (undefined: nothing pending). */
  nextDue(): number | undefined {
    return this.queue.nextDue();
  }

  /**
   * Moves the clock forward and lets everything that became due happen (settlement, expiry). A
   * refused step (400 naming `propertyName`) changes nothing.
   */
  advanceClock(ms: number, propertyName?: string): void {
    this.clock.advance(ms, propertyName);
    this.settle();
  }

  /** Forgets every resource (and the id sequence). */
  reset(): void {
    this.stores.clear();
    this.paymentIndex.clear();
    this.queue.clear();
    this.tokens.clear();
    this.payments.clearCache();
    this.encryptedInputs.clear();
    this.core.resetSequence();
  }
}
