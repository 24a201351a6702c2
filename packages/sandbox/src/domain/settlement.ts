/**
 * What waits to settle (CAPTURE_REQUESTED payments, REFUND_REQUESTED refunds, PAYOUT_REQUESTED
 * payouts), in due order. The settle step itself (what each object becomes) is `Domain.settle`.
 */

export interface Settling {
  settleAt?: number | undefined;
}

export class SettlementQueue<T extends Settling = Settling> {
  /** insertion order is due order: the delay is constant and the clock only moves forward */
  private readonly pending = new Set<T>();

  schedule(o: T, at: number): void {
    o.settleAt = at;
    this.pending.add(o);
  }

  unschedule(o: T): void {
    this.pending.delete(o);
  }

  /** Takes the objects due at `now` (all of them with `all`) off the queue, in due order. */
  takeDue(now: number, all: boolean): T[] {
    const out: T[] = [];
    for (const o of this.pending) {
      if (!all && o.settleAt !== undefined && o.settleAt > now) break;
      this.pending.delete(o);
      o.settleAt = undefined;
      out.push(o);
    }
    return out;
  }

  /** Takes `o` off the queue (to settle it now); false when it was not waiting. */
  take(o: T): boolean {
    if (!this.pending.delete(o)) return false;
    o.settleAt = undefined;
    return true;
  }

  /** The earliest time something is due (undefined: nothing pending). */
  nextDue(): number | undefined {
    for (const o of this.pending) return o.settleAt;
    return undefined;
  }

  clear(): void {
    this.pending.clear();
  }
}
