/**
 * The domain: every resource module over one set of stores, one clock and one bus. Surfaces call
 * these methods; nothing outside domain/ changes a stored object.
 */
import type { EventBus } from '../events/bus.js';
import { Captures } from './captures.js';
import type { Clock } from './clock.js';
import { DomainCore, type DomainOptions } from './core.js';
import { Disputes } from './disputes.js';
import { HostedCheckouts } from './hosted-checkouts.js';
import { HostedMandates } from './hosted-mandates.js';
import { Mandates } from './mandates.js';
import type { Payment, Payout, Refund } from './model.js';
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
    for (const o of due) {
      if ('captureIds' in o) {
        if (o.status !== 'CAPTURE_REQUESTED') continue;
        this.captures.settleRequested(o, 'PAID');
        this.payments.setStatus(o, 'PAID');
      } else if ('paymentId' in o) {
        if (o.status !== 'REFUND_REQUESTED') continue;
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
    this.payments.clearCache();
    return due.length;
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

  /** Moves the clock forward and lets everything that became due happen (settlement, expiry). */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
    this.settle();
  }

  /** Forgets every resource (and the id sequence). */
  reset(): void {
    this.stores.clear();
    this.queue.clear();
    this.tokens.clear();
    this.payments.clearCache();
    this.core.resetSequence();
  }
}
