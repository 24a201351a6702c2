/**
 * Webhook delivery: every webhook event on the bus goes, signed (X-GCS-Signature, HMAC-SHA256 of the
 * body), to each configured endpoint, with retries and exponential backoff; each attempt is recorded.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { EventBus, SandboxEvent } from './bus.js';

export type { WebhookEvent } from './bus.js';

export interface WebhookEndpoint {
  url: string;
  keyId: string;
  secretKey: string;
  /** only events of these merchants; undefined = all */
  merchantIds?: string[] | undefined;
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
  /** delay before the first retry in ms; doubles each attempt */
  retryBaseMs: number;
  /** attempts in total, the first included */
  maxAttempts: number;
  /** per attempt */
  timeoutMs: number;
}

export class WebhookDelivery {
  readonly deliveries: Delivery[] = [];
  endpoints: WebhookEndpoint[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly maxDeliveries = 2000;

  constructor(
    bus: EventBus,
    private readonly opts: WebhookOptions,
  ) {
    bus.on((e) => this.onEvent(e));
  }

  add(ep: WebhookEndpoint): void {
    this.endpoints.push(ep);
  }

  clear(): void {
    this.endpoints = [];
  }

  private onEvent(e: SandboxEvent): void {
    if (!e.webhook || this.closed || this.endpoints.length === 0) return;
    let body: string | undefined;
    for (const ep of this.endpoints) {
      if (ep.merchantIds && !ep.merchantIds.includes(e.merchantId)) continue;
      body ??= JSON.stringify(e.toWebhookEvent());
      this.deliver(ep, e.id, body, 1);
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
    if (this.deliveries.length > this.maxDeliveries + (this.maxDeliveries >> 2)) {
      this.deliveries.splice(0, this.deliveries.length - this.maxDeliveries);
    }
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
    const challenge = randomUUID();
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

  /** Forgets deliveries and pending retries; keeps the endpoints. */
  reset(): void {
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
