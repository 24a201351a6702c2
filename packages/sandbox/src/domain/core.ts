/**
 * What every resource module shares: options, the clock, the bus, the stores, the settlement queue,
 * the id sequence, and the one status-transition function (status + code + time, settlement
 * scheduling and the event, for payments, refunds, payouts, disputes, mandates and hosted sessions).
 */
import type { EventBus } from '../events/bus.js';
import type { Clock } from './clock.js';
import { invalidStatus } from './errors.js';
import type { StatusInfo } from './model.js';
import type { SettlementQueue } from './settlement.js';
import type { Stores } from './stores.js';

export interface DomainOptions {
  /** time after which CAPTURE_REQUESTED (800) settles to PAID (1000), refunds to REFUNDED, payouts to ACCOUNT_CREDITED */
  readonly settleDelayMs: number;
  /** lifetime of an unfinished hosted checkout / hosted mandate management */
  readonly hostedCheckoutTtlMs: number;
  /** lifetime of a client session */
  readonly sessionTtlMs: number;
  /** new refunds wait in PENDING_APPROVAL (true, the platform default) or go straight to REFUND_REQUESTED */
  readonly refundsRequireApproval: boolean;
  /** new payouts wait in PENDING_APPROVAL (true) or go straight to PAYOUT_REQUESTED */
  readonly payoutsRequireApproval: boolean;
}

/** Anything with a status that changes. */
export interface Stateful {
  readonly id: string;
  readonly merchantId: string;
  status: string;
  statusCode?: number;
  changedAt?: number;
  settleAt?: number | undefined;
}

/** How one kind of resource changes status. */
export interface Lifecycle<T extends Stateful> {
  /** the event's resource key and the first part of its type (`payment` -> `payment.paid`) */
  readonly resourceKey: string;
  /** the name in error messages (`hosted checkout`) */
  readonly label: string;
  /** status table: legacy status codes */
  readonly table?: Readonly<Record<string, StatusInfo>>;
  /** entering this status schedules settlement */
  readonly settlesFrom?: string;
  /** whether the platform sends these events as webhooks */
  readonly webhook: boolean;
  /** the resource as its GET returns it (the event's payload) */
  view(o: T): unknown;
}

export class DomainCore {
  private seq = 0;

  constructor(
    readonly options: DomainOptions,
    readonly clock: Clock,
    readonly bus: EventBus,
    readonly stores: Stores,
    readonly settlement: SettlementQueue,
  ) {}

  now(): number {
    return this.clock.now();
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  resetSequence(): void {
    this.seq = 0;
  }

  /**
   * Moves `o` to `status` (the code from the status table unless given), schedules or cancels its
   * settlement, and emits `<resourceKey>.<status>` with the resource's view. Returns that view.
   */
  transition<T extends Stateful>(kind: Lifecycle<T>, o: T, status: string, statusCode?: number): unknown {
    const now = this.clock.now();
    o.status = status;
    if (kind.table !== undefined) o.statusCode = statusCode ?? kind.table[status]?.code ?? 0;
    if (o.changedAt !== undefined) o.changedAt = now;
    if (kind.settlesFrom !== undefined) {
      if (status === kind.settlesFrom) this.settlement.schedule(o, now + this.options.settleDelayMs);
      else this.settlement.unschedule(o);
    }
    const view = kind.view(o);
    this.bus.emit(o.merchantId, `${kind.resourceKey}.${status.toLowerCase()}`, kind.resourceKey, view, kind.webhook);
    return view;
  }

  /** `transition` when `o` is in one of `from`; otherwise the platform's 409 for `action`. */
  move<T extends Stateful>(kind: Lifecycle<T>, o: T, from: readonly string[], to: string, action: string): unknown {
    if (!from.includes(o.status)) throw invalidStatus(kind.label, o.id, o.status, action);
    return this.transition(kind, o, to);
  }
}
