/**
 * The event bus: the only way the domain talks outward. Every state change emits one event; the
 * webhook delivery, the event log and (later) the dashboard's live feed listen. A leaf module: it
 * imports nothing of the sandbox, so the domain can use it without depending on any listener.
 */
import { randomUUID } from 'node:crypto';

/** The webhook body the platform sends (`WebhooksEvent`). */
export interface WebhookEvent {
  apiVersion: 'v1';
  id: string;
  created: string;
  merchantId: string;
  type: string;
  [resource: string]: unknown;
}

/** One state change. Kept cheap: the id and the wire shape are made only when someone asks. */
export class SandboxEvent {
  private eventId: string | undefined;
  private text: string | undefined;

  constructor(
    /** sandbox clock, ms */
    readonly at: number,
    readonly merchantId: string,
    /** `payment.paid`, `refund.refunded`, `token.created`, `mandate.active`, ... */
    readonly type: string,
    /** `payment`, `refund`, `payout`, `token`, `dispute`, `mandate`, `hostedCheckout`, ... */
    readonly resourceKey: string,
    /** the resource as its GET returns it, at that moment */
    readonly resource: unknown,
    /** whether the platform sends this event as a webhook (delivered, and listed by /_sandbox/events) */
    readonly webhook: boolean,
  ) {}

  get id(): string {
    this.eventId ??= randomUUID();
    return this.eventId;
  }

  /** The exact JSON text webhook endpoints receive (made once, on first use). */
  json(): string {
    this.text ??= JSON.stringify(this.toWebhookEvent());
    return this.text;
  }

  /** `{ apiVersion, id, created, merchantId, type, <resourceKey>: resource }` */
  toWebhookEvent(): WebhookEvent {
    return {
      apiVersion: 'v1',
      id: this.id,
      created: new Date(this.at).toISOString().replace('Z', '+0000'),
      merchantId: this.merchantId,
      type: this.type,
      [this.resourceKey]: this.resource,
    };
  }
}

export type EventListener = (e: SandboxEvent) => void;

export class EventBus {
  private listeners: EventListener[] = [];

  constructor(private readonly now: () => number) {}

  /** Calls `listener` for every event from now on; returns the unsubscribe function. */
  on(listener: EventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(merchantId: string, type: string, resourceKey: string, resource: unknown, webhook = true): SandboxEvent {
    const e = new SandboxEvent(this.now(), merchantId, type, resourceKey, resource, webhook);
    // a listener that throws must not undo the state change that is being announced
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {}
    }
    return e;
  }
}
