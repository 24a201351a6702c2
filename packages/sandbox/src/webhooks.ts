import { createHmac } from 'node:crypto';
import { eventDateTime, uuid } from './util.js';

export interface WebhookEndpoint {
  url: string;
  keyId: string;
  secretKey: string;
  /** only events of these merchants; undefined = all */
  merchantIds?: string[] | undefined;
}

export interface WebhookEvent {
  apiVersion: 'v1';
  id: string;
  created: string;
  merchantId: string;
  type: string;
  [resource: string]: unknown;
}

export interface Delivery {
  eventId: string;
  url: string;
  attempt: number;
  status: number | null;
  error?: string;
  at: string;
}

export interface WebhookOptions {
  /** delay before the first retry in ms; doubles each attempt (default 1000) */
  retryBaseMs: number;
  /** attempts in total, the first included (default 5) */
  maxAttempts: number;
  /** per attempt (default 5000) */
  timeoutMs: number;
}

/** Records events and delivers them, signed, to the configured endpoints with retries. */
/** One logged event, kept cheap; turned into the wire shape only when someone looks. */
class EventRecord {
  private eventId: string | undefined;
  constructor(
    readonly at: number,
    readonly merchantId: string,
    readonly type: string,
    readonly resourceKey: string,
    readonly resource: unknown,
  ) {}

  get id(): string {
    this.eventId ??= uuid();
    return this.eventId;
  }

  toEvent(): WebhookEvent {
    return {
      apiVersion: 'v1',
      id: this.id,
      created: eventDateTime(this.at),
      merchantId: this.merchantId,
      type: this.type,
      [this.resourceKey]: this.resource,
    };
  }
}

export class WebhookDispatcher {
  private readonly log: EventRecord[] = [];
  readonly deliveries: Delivery[] = [];
  endpoints: WebhookEndpoint[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private maxEvents = 2000;

  constructor(
    private readonly opts: WebhookOptions,
    private readonly now: () => number,
  ) {}

  /** The most recent events (up to 2,000), oldest first, in their wire shape. */
  get events(): WebhookEvent[] {
    return this.log.map((r) => r.toEvent());
  }

  /** Records an event (the resource as its GET returns it, now) and delivers it to the endpoints. */
  emit(merchantId: string, type: string, resourceKey: string, resource: unknown): void {
    const record = new EventRecord(this.now(), merchantId, type, resourceKey, resource);
    this.log.push(record);
    // trim in batches so that a full log does not cost a big memmove on every event
    if (this.log.length > this.maxEvents + (this.maxEvents >> 2)) this.log.splice(0, this.log.length - this.maxEvents);
    if (this.closed || this.endpoints.length === 0) return;
    let body: string | undefined;
    for (const ep of this.endpoints) {
      if (ep.merchantIds && !ep.merchantIds.includes(merchantId)) continue;
      body ??= JSON.stringify(record.toEvent());
      this.deliver(ep, record.id, body, 1);
    }
  }

  private deliver(ep: WebhookEndpoint, eventId: string, body: string, attempt: number): void {
    const signature = createHmac('sha256', ep.secretKey).update(body, 'utf8').digest('base64');
    const p = fetch(ep.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-GCS-Signature': signature, 'X-GCS-KeyId': ep.keyId },
      body,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        this.record(eventId, ep.url, attempt, res.status);
        if (res.status < 200 || res.status > 299) this.retry(ep, eventId, body, attempt);
      })
      .catch((err: unknown) => {
        this.record(eventId, ep.url, attempt, null, err instanceof Error ? err.message : String(err));
        this.retry(ep, eventId, body, attempt);
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private record(eventId: string, url: string, attempt: number, status: number | null, error?: string): void {
    const d: Delivery = { eventId, url, attempt, status, at: new Date().toISOString() };
    if (error !== undefined) d.error = error;
    this.deliveries.push(d);
    if (this.deliveries.length > this.maxEvents + (this.maxEvents >> 2))
      this.deliveries.splice(0, this.deliveries.length - this.maxEvents);
  }

  private retry(ep: WebhookEndpoint, eventId: string, body: string, attempt: number): void {
    if (this.closed || attempt >= this.opts.maxAttempts) return;
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        if (!this.closed) this.deliver(ep, eventId, body, attempt + 1);
      },
      this.opts.retryBaseMs * 2 ** (attempt - 1),
    );
    t.unref();
    this.timers.add(t);
  }

  /** Registration handshake: GET with X-GCS-Webhooks-Endpoint-Verification; the endpoint must echo it. */
  async verify(url: string): Promise<{ ok: boolean; status: number | null }> {
    const challenge = uuid();
    try {
      const res = await fetch(url, {
        method: 'GET',
        headers: { 'X-GCS-Webhooks-Endpoint-Verification': challenge },
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      const text = await res.text();
      return { ok: res.status === 200 && text.trim() === challenge, status: res.status };
    } catch {
      return { ok: false, status: null };
    }
  }

  reset(): void {
    this.log.length = 0;
    this.deliveries.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}
