import { createHmac } from 'node:crypto';
import { eventDateTime, hex, uuid } from './util.js';

export interface WebhookEndpoint {
  /** `we_...`, given when the endpoint is added (DELETE /_sandbox/webhooks/{id}) */
  id?: string | undefined;
  url: string;
  keyId: string;
  secretKey: string;
  /** only events of these merchants; undefined = all */
  merchantIds?: string[] | undefined;
  /** only events whose type matches one of these patterns (`payment.*`, `refund.refunded`); undefined = all */
  eventTypes?: string[] | undefined;
}

export interface WebhookEvent {
  apiVersion: 'v1';
  id: string;
  created: string;
  merchantId: string;
  type: string;
  [resource: string]: unknown;
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
  /** when the next retry is due (ISO time); null when none follows */
  nextRetryAt: string | null;
  /** sent by "resend" (dashboard or admin API) rather than by the event itself */
  resend?: true;
}

/** What listeners hear: every recorded event and every finished delivery attempt. */
export type WebhookNotice = { kind: 'event'; event: LoggedEvent } | { kind: 'delivery'; delivery: Delivery };

/** A recorded event as listeners and the dashboard see it (the wire shape on demand). */
export interface LoggedEvent {
  readonly seq: number;
  readonly id: string;
  readonly at: number;
  readonly merchantId: string;
  readonly type: string;
  readonly resourceKey: string;
  readonly resource: unknown;
  toEvent(): WebhookEvent;
  /** the exact JSON text POSTed to endpoints */
  body(): string;
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
class EventRecord implements LoggedEvent {
  private eventId: string | undefined;
  private text: string | undefined;
  constructor(
    readonly seq: number,
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

  body(): string {
    this.text ??= JSON.stringify(this.toEvent());
    return this.text;
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
  private eventSeq = 0;
  private deliverySeq = 0;
  private endpointSeq = 0;
  /** told about every event and every finished delivery attempt (dashboard feed, terminal log) */
  readonly listeners = new Set<(n: WebhookNotice) => void>();

  constructor(
    private readonly opts: WebhookOptions,
    private readonly now: () => number,
  ) {}

  /** The most recent events (up to 2,000), oldest first, in their wire shape. */
  get events(): WebhookEvent[] {
    return this.log.map((r) => r.toEvent());
  }

  /** The recorded events (oldest first) without turning them into their wire shape. */
  get records(): readonly LoggedEvent[] {
    return this.log;
  }

  /** A recorded event by id (undefined once it left the bounded log). */
  record(eventId: string): LoggedEvent | undefined {
    for (let i = this.log.length - 1; i >= 0; i--) {
      const r = this.log[i] as EventRecord;
      if (r.id === eventId) return r;
    }
    return undefined;
  }

  /** Adds an endpoint, giving it an id when it has none; returns it. */
  addEndpoint(ep: WebhookEndpoint): WebhookEndpoint {
    ep.id ??= `we_${++this.endpointSeq}${hex(4)}`;
    this.endpoints.push(ep);
    return ep;
  }

  /** Removes one endpoint by id; false when there is none. */
  removeEndpoint(id: string): boolean {
    const i = this.endpoints.findIndex((e) => e.id === id);
    if (i < 0) return false;
    this.endpoints.splice(i, 1);
    return true;
  }

  /** Sends a recorded event again (to one endpoint, or to every endpoint that takes it); how many sends started. */
  resend(eventId: string, endpointId?: string): number {
    const r = this.record(eventId);
    if (!r) return -1;
    let n = 0;
    for (const ep of this.endpoints) {
      if (endpointId !== undefined ? ep.id !== endpointId : !takes(ep, r.merchantId, r.type)) continue;
      this.deliver(ep, r as EventRecord, 1, true);
      n++;
    }
    return n;
  }

  private notify(n: WebhookNotice): void {
    for (const l of this.listeners) {
      try {
        l(n);
      } catch {
        // a listener's failure must not break the domain's state change
      }
    }
  }

  /** Records an event (the resource as its GET returns it, now) and delivers it to the endpoints. */
  emit(merchantId: string, type: string, resourceKey: string, resource: unknown): void {
    const record = new EventRecord(++this.eventSeq, this.now(), merchantId, type, resourceKey, resource);
    this.log.push(record);
    // trim in batches so that a full log does not cost a big memmove on every event
    if (this.log.length > this.maxEvents + (this.maxEvents >> 2)) this.log.splice(0, this.log.length - this.maxEvents);
    if (this.listeners.size > 0) this.notify({ kind: 'event', event: record });
    if (this.closed || this.endpoints.length === 0) return;
    for (const ep of this.endpoints) {
      if (takes(ep, merchantId, type)) this.deliver(ep, record, 1, false);
    }
  }

  private deliver(ep: WebhookEndpoint, record: EventRecord, attempt: number, resend: boolean): void {
    const body = record.body();
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
        const next = ok ? undefined : this.retry(ep, record, attempt, resend);
        this.logAttempt(ep, record, attempt, res.status, started, next, resend);
      })
      .catch((err: unknown) => {
        const next = this.retry(ep, record, attempt, resend);
        this.logAttempt(ep, record, attempt, null, started, next, resend, describeFetchError(err));
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private logAttempt(
    ep: WebhookEndpoint,
    record: EventRecord,
    attempt: number,
    status: number | null,
    started: number,
    nextRetryAt: number | undefined,
    resend: boolean,
    error?: string,
  ): void {
    const d: Delivery = {
      seq: ++this.deliverySeq,
      eventId: record.id,
      eventType: record.type,
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
    if (this.deliveries.length > this.maxEvents + (this.maxEvents >> 2))
      this.deliveries.splice(0, this.deliveries.length - this.maxEvents);
    if (this.listeners.size > 0) this.notify({ kind: 'delivery', delivery: d });
  }

  /** Schedules the next attempt; returns when it is due (real time, ms) or undefined when none follows. */
  private retry(ep: WebhookEndpoint, record: EventRecord, attempt: number, resend: boolean): number | undefined {
    if (this.closed || attempt >= this.opts.maxAttempts) return undefined;
    const delay = this.opts.retryBaseMs * 2 ** (attempt - 1);
    const t = setTimeout(() => {
      this.timers.delete(t);
      // an endpoint removed meanwhile (listen stopped, settings page) gets no more retries
      if (!this.closed && this.endpoints.includes(ep)) this.deliver(ep, record, attempt + 1, resend);
    }, delay);
    t.unref();
    this.timers.add(t);
    return Date.now() + delay;
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
