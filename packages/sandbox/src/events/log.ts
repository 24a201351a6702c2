/** The bounded event log behind `GET /_sandbox/events`: the most recent webhook events, oldest first. */
import type { EventBus, SandboxEvent, WebhookEvent } from './bus.js';

export interface EventFilter {
  merchantId?: string | undefined;
  type?: string | undefined;
  /** include the sandbox-internal events too (mandate, hosted checkout, session changes) */
  all?: boolean | undefined;
}

export class EventLog {
  private readonly records: SandboxEvent[] = [];

  constructor(
    bus: EventBus,
    private readonly max = 2000,
  ) {
    bus.on((e) => this.add(e));
  }

  private add(e: SandboxEvent): void {
    this.records.push(e);
    // trim in batches so that a full log does not cost a big memmove on every event
    if (this.records.length > this.max + (this.max >> 2)) this.records.splice(0, this.records.length - this.max);
  }

  /** The logged events matching `f`, in their wire shape. */
  list(f: EventFilter = {}): WebhookEvent[] {
    const out: WebhookEvent[] = [];
    for (const e of this.records) {
      if (!e.webhook && f.all !== true) continue;
      if (f.merchantId !== undefined && e.merchantId !== f.merchantId) continue;
      if (f.type !== undefined && e.type !== f.type) continue;
      out.push(e.toWebhookEvent());
    }
    return out;
  }

  clear(): void {
    this.records.length = 0;
  }
}
