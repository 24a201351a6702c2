/**
 * The bounded event log behind `GET /_sandbox/events` and the dashboard: the most recent events
 * (2,000), oldest first, each with an increasing `seq` that pollers use as a cursor.
 */
import type { EventBus, SandboxEvent, WebhookEvent } from './bus.js';

export interface EventFilter {
  merchantId?: string | undefined;
  type?: string | undefined;
  /** include the sandbox-internal events too (mandate, hosted checkout, session changes) */
  all?: boolean | undefined;
  /** only events logged after this cursor (`seq`) */
  after?: number | undefined;
}

/** A logged event and its place in the log. */
export interface LoggedEvent {
  readonly seq: number;
  readonly event: SandboxEvent;
}

export class EventLog {
  private readonly records: LoggedEvent[] = [];
  private seq = 0;

  constructor(
    bus: EventBus,
    private readonly max = 2000,
  ) {
    bus.on((e) => this.add(e));
  }

  private add(e: SandboxEvent): void {
    this.records.push({ seq: ++this.seq, event: e });
    // trim in batches so that a full log does not cost a big memmove on every event
    if (this.records.length > this.max + (this.max >> 2)) this.records.splice(0, this.records.length - this.max);
  }

  /** The logged events matching `f`, in their wire shape. */
  list(f: EventFilter = {}): WebhookEvent[] {
    return this.entries(f).map((r) => r.event.toWebhookEvent());
  }

  /** The logged events matching `f`, oldest first, as recorded. */
  entries(f: EventFilter = {}): LoggedEvent[] {
    const out: LoggedEvent[] = [];
    for (const r of this.records) {
      const e = r.event;
      if (f.after !== undefined && r.seq <= f.after) continue;
      if (!e.webhook && f.all !== true) continue;
      if (f.merchantId !== undefined && e.merchantId !== f.merchantId) continue;
      if (f.type !== undefined && e.type !== f.type) continue;
      out.push(r);
    }
    return out;
  }

  /** A logged event by id (undefined once it left the log). */
  find(id: string): SandboxEvent | undefined {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const e = (this.records[i] as LoggedEvent).event;
      if (e.id === id) return e;
    }
    return undefined;
  }

  /** The seq of the newest logged event (0 when none yet): where a poller starts. */
  get cursor(): number {
    return this.seq;
  }

  clear(): void {
    this.records.length = 0;
  }
}
