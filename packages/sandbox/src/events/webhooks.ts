/**
 * Webhook delivery: every webhook event on the bus goes, signed (X-GCS-Signature, HMAC-SHA256 of the
 * body), to each configured endpoint that takes it, with retries and exponential backoff; each
 * attempt is recorded (status, latency, next retry) and told to delivery listeners (terminal log,
 * dashboard feed). Endpoints have ids, so one can be removed (its pending retries stop with it).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { EventBus, SandboxEvent } from './bus.js';

export type { WebhookEvent } from './bus.js';

export interface WebhookEndpoint {
  /** `we_...`, given when the endpoint is added (DELETE /_sandbox/webhooks/{id}) */
  id?: string | undefined;
  url: string;
  keyId: string;
  secretKey: string;
  /** only events of these merchants; undefined = all */
  merchantIds?: string[] | undefined;
  /** only events whose type matches one of these (`payment.*`, `refund.refunded`); undefined = all */
  eventTypes?: string[] | undefined;
}

/** One delivery attempt of one event to one endpoint. */
export interface Delivery {
  /** increasing number: `GET /_sandbox/deliveries?after=<seq>` pages through new attempts */
  seq: number;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  /** 1 for the first try; a manual resend starts again at 1 */
  attempt: number;
  /** the endpoint's HTTP status; null when it did not answer (refused, timed out) */
  status: number | null;
  error?: string;
  /** when the attempt finished (ISO time) */
  at: string;
  /** how long the endpoint took to answer, in ms */
  latencyMs: number;
  /** when the next retry is due (ISO time, real clock); null when none follows */
  nextRetryAt: string | null;
  /** sent by "resend" (dashboard or admin API) rather than by the event itself */
  resend?: true;
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
  /** told about every finished attempt */
  readonly listeners = new Set<(d: Delivery) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private readonly maxDeliveries = 2000;
  private seq = 0;
  private endpointSeq = 0;

  constructor(
    bus: EventBus,
    private readonly opts: WebhookOptions,
  ) {
    bus.on((e) => this.onEvent(e));
  }

  /** Adds an endpoint, giving it an id when it has none; returns it. */
  add(ep: WebhookEndpoint): WebhookEndpoint {
    ep.id ??= `we_${++this.endpointSeq}${randomBytes(4).toString('hex')}`;
    this.endpoints.push(ep);
    return ep;
  }

  /** Removes one endpoint by id; false when there is none. */
  remove(id: string): boolean {
    const i = this.endpoints.findIndex((e) => e.id === id);
    if (i < 0) return false;
    this.endpoints.splice(i, 1);
    return true;
  }

  clear(): void {
    this.endpoints = [];
  }

  /** The seq of the newest attempt (0 when none yet): where a poller starts. */
  get cursor(): number {
    return this.seq;
  }

  /** Sends an event again, to one endpoint or to every endpoint that takes it; how many sends started. */
  resend(e: SandboxEvent, endpointId?: string): number {
    let n = 0;
    for (const ep of this.endpoints) {
      if (endpointId !== undefined ? ep.id !== endpointId : !takes(ep, e.merchantId, e.type)) continue;
      this.deliver(ep, e, 1, true);
      n++;
    }
    return n;
  }

  private onEvent(e: SandboxEvent): void {
    if (!e.webhook || this.closed || this.endpoints.length === 0) return;
    for (const ep of this.endpoints) {
      if (takes(ep, e.merchantId, e.type)) this.deliver(ep, e, 1, false);
    }
  }

  private deliver(ep: WebhookEndpoint, e: SandboxEvent, attempt: number, resend: boolean): void {
    const body = e.json();
    const signature = createHmac('sha256', ep.secretKey).update(body, 'utf8').digest('base64');
    const started = performance.now();
    const p = fetch(ep.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-GCS-Signature': signature, 'X-GCS-KeyId': ep.keyId },
      body,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    })
      .then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        const ok = res.status >= 200 && res.status <= 299;
        const next = ok ? undefined : this.retry(ep, e, attempt, resend);
        this.record(ep, e, attempt, res.status, started, next, resend);
      })
      .catch((err: unknown) => {
        const next = this.retry(ep, e, attempt, resend);
        this.record(ep, e, attempt, null, started, next, resend, describeFetchError(err));
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private record(
    ep: WebhookEndpoint,
    e: SandboxEvent,
    attempt: number,
    status: number | null,
    started: number,
    nextRetryAt: number | undefined,
    resend: boolean,
    error?: string,
  ): void {
    const d: Delivery = {
      seq: ++this.seq,
      eventId: e.id,
      eventType: e.type,
      endpointId: ep.id ?? '',
      url: ep.url,
      attempt,
      status,
      at: new Date().toISOString(),
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      nextRetryAt: nextRetryAt === undefined ? null : new Date(nextRetryAt).toISOString(),
    };
    if (error !== undefined) d.error = error;
    if (resend) d.resend = true;
    this.deliveries.push(d);
    if (this.deliveries.length > this.maxDeliveries + (this.maxDeliveries >> 2)) {
      this.deliveries.splice(0, this.deliveries.length - this.maxDeliveries);
    }
    for (const l of this.listeners) {
      try {
        l(d);
      } catch {
        // a listener's failure must not stop deliveries
      }
    }
  }

  /** Schedules the next attempt; returns when it is due (real time, ms), or undefined when none follows. */
  private retry(ep: WebhookEndpoint, e: SandboxEvent, attempt: number, resend: boolean): number | undefined {
    if (this.closed || attempt >= this.opts.maxAttempts) return undefined;
    const delay = this.opts.retryBaseMs * 2 ** (attempt - 1);
    const t = setTimeout(() => {
      this.timers.delete(t);
      // an endpoint removed meanwhile (listen stopped, settings page) gets no more retries
      if (!this.closed && this.endpoints.includes(ep)) this.deliver(ep, e, attempt + 1, resend);
    }, delay);
    t.unref();
    this.timers.add(t);
    return Date.now() + delay;
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

/** Whether an endpoint takes an event of this merchant and type (`payment.*` matches every payment event). */
export function takes(ep: WebhookEndpoint, merchantId: string, type: string): boolean {
  if (ep.merchantIds && !ep.merchantIds.includes(merchantId)) return false;
  if (ep.eventTypes === undefined) return true;
  return ep.eventTypes.some((p) => (p.endsWith('*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

/** `connect ECONNREFUSED 127.0.0.1:3000` rather than fetch's bare "fetch failed". */
function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'timed out';
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return err.message;
}
