/**
 * Indexes over the payment store so that listing a page of payments (newest first, by status, by
 * merchant) costs the page, not the store: the dashboard and `GET /_sandbox/payments` read through it.
 *
 * - `all`: every payment in creation order (append-only); a cursor is a position in it.
 * - `byMerchant`: the same per merchant.
 * - `byStatus`: one append-only list per status; a payment is appended each time it enters a status,
 *   so the list is in "entered this status" order. Entries left behind by a later change are skipped
 *   when read (their version no longer matches) and swept out once they outnumber the live ones.
 *
 * It is fed by the payment events (every status change emits one) and repairs itself from the store
 * when the store was reset or changed without an event.
 */
import type { Payment } from './model.js';

/** What the index reads of the payment store (a MerchantCollection). */
export interface PaymentSource {
  lookup(id: string): Payment | undefined;
  readonly size: number;
  values(): Iterable<Payment>;
}

interface Entry {
  readonly p: Payment;
  /** the payment's version when it entered the status */
  readonly v: number;
  /** increasing over all lists: the cursor of status pages */
  readonly seq: number;
}

export interface PaymentQuery {
  status?: string | undefined;
  merchantId?: string | undefined;
  /** cursor from a previous page's `next` */
  before?: number | undefined;
  /** 1..500 (default 50) */
  limit?: number | undefined;
}

export interface PaymentPage {
  items: Payment[];
  /** pass as `before` for the next (older) page; undefined on the last page */
  next: number | undefined;
  /** how many match, when known without a scan */
  total: number | undefined;
}

export class PaymentIndex {
  private all: Payment[] = [];
  private byMerchant = new Map<string, Payment[]>();
  private byStatus = new Map<string, Entry[]>();
  private state = new Map<string, { p: Payment; status: string; v: number }>();
  private counts = new Map<string, number>();
  private seq = 0;

  constructor(private readonly store: PaymentSource) {}

  /** A payment was created or changed (called for every payment event). */
  touch(p: Payment): void {
    const s = this.state.get(p.id);
    if (s !== undefined && s.p !== p) {
      // another payment under a known id: the store was reset (ids restart); start over from it
      this.clear();
      for (const q of this.store.values()) this.touch(q);
      return;
    }
    if (s === undefined) {
      this.all.push(p);
      let list = this.byMerchant.get(p.merchantId);
      if (!list) {
        list = [];
        this.byMerchant.set(p.merchantId, list);
      }
      list.push(p);
      this.state.set(p.id, { p, status: p.status, v: 0 });
      this.enter(p, 0);
      return;
    }
    if (s.status === p.status) return;
    this.counts.set(s.status, (this.counts.get(s.status) ?? 1) - 1);
    s.status = p.status;
    s.v += 1;
    this.enter(p, s.v);
    const list = this.byStatus.get(s.status) as Entry[];
    const live = this.counts.get(s.status) ?? 0;
    if (list.length > 2 * live + 64) this.sweep(s.status);
  }

  /** How many payments are in each status (for filter chips). */
  statusCounts(): ReadonlyMap<string, number> {
    this.repair();
    return this.counts;
  }

  get size(): number {
    return this.all.length;
  }

  merchants(): string[] {
    return [...this.byMerchant.keys()];
  }

  /** One page, newest first. */
  page(q: PaymentQuery): PaymentPage {
    this.repair();
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    if (q.status !== undefined && q.status !== '') {
      const list = this.byStatus.get(q.status) ?? [];
      const start = q.before === undefined ? list.length - 1 : lastBelow(list, q.before);
      const items: Payment[] = [];
      const seen = new Set<string>();
      let i = start;
      for (; i >= 0 && items.length < limit; i--) {
        const e = list[i] as Entry;
        const s = this.state.get(e.p.id);
        if (s === undefined || s.v !== e.v || s.status !== q.status || seen.has(e.p.id)) continue;
        if (q.merchantId !== undefined && q.merchantId !== '' && e.p.merchantId !== q.merchantId) continue;
        seen.add(e.p.id);
        items.push(e.p);
      }
      // the cursor is the seq of the last entry looked at; the next page starts below it
      const more = this.hasLive(list, i, q);
      return {
        items,
        next: more ? (list[i + 1] as Entry).seq : undefined,
        total: q.merchantId ? undefined : (this.counts.get(q.status) ?? 0),
      };
    }
    const list = q.merchantId ? (this.byMerchant.get(q.merchantId) ?? []) : this.all;
    const end = q.before === undefined ? list.length : Math.min(q.before, list.length);
    const from = Math.max(0, end - limit);
    const items = list.slice(from, end).reverse();
    return { items, next: from > 0 ? from : undefined, total: list.length };
  }

  /** Payments whose merchant reference or id is `text` (an explicit search: a scan). */
  search(text: string, limit = 50): Payment[] {
    const byId = this.store.lookup(text);
    if (byId) return [byId];
    const out: Payment[] = [];
    for (let i = this.all.length - 1; i >= 0 && out.length < limit; i--) {
      const p = this.all[i] as Payment;
      if (p.merchantReference === text || p.paymentReference === text) out.push(p);
    }
    return out;
  }

  private enter(p: Payment, v: number): void {
    let list = this.byStatus.get(p.status);
    if (!list) {
      list = [];
      this.byStatus.set(p.status, list);
    }
    list.push({ p, v, seq: ++this.seq });
    this.counts.set(p.status, (this.counts.get(p.status) ?? 0) + 1);
  }

  private hasLive(list: Entry[], from: number, q: PaymentQuery): boolean {
    // only asked when a page is full: look for one more match (cheap unless a merchant filter is rare)
    for (let i = from; i >= 0; i--) {
      const e = list[i] as Entry;
      const s = this.state.get(e.p.id);
      if (s === undefined || s.v !== e.v || s.status !== q.status) continue;
      if (q.merchantId && e.p.merchantId !== q.merchantId) continue;
      return true;
    }
    return false;
  }

  private sweep(status: string): void {
    const list = this.byStatus.get(status) as Entry[];
    this.byStatus.set(
      status,
      list.filter((e) => {
        const s = this.state.get(e.p.id);
        return s !== undefined && s.v === e.v && s.status === status;
      }),
    );
  }

  /** Rebuilds from the store after a reset, or picks up payments and changes that came without an event. */
  private repair(): void {
    const last = this.all[this.all.length - 1];
    if (this.store.size === this.all.length && (last === undefined || this.store.lookup(last.id) === last)) return;
    if (this.store.size < this.all.length || (last !== undefined && this.store.lookup(last.id) !== last)) this.clear();
    for (const p of this.store.values()) this.touch(p);
  }

  /** Forgets everything (the store was reset). */
  clear(): void {
    this.all = [];
    this.byMerchant.clear();
    this.byStatus.clear();
    this.state.clear();
    this.counts.clear();
  }
}

/** Index of the last entry whose seq is below `seq` (entries are in increasing seq order); -1 when none. */
function lastBelow(list: Entry[], seq: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as Entry).seq < seq) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
