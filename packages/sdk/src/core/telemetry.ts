/**
 * Tracing and metrics for every call: start / retry / end / error events published on node:diagnostics_channel
 * (channels `connect-server-sdk:call:start`, `:retry`, `:end`, `:error`; where the runtime has it) and to the
 * `hooks` of the configuration. The `connect-server-sdk/opentelemetry` entry turns them into spans and metrics.
 *
 * An event carries what identifies and measures a call, never what it carries: no body, no header value other
 * than the idempotence key, no card data, no secret. The payload is built from a fixed list of fields below, so
 * nothing the caller sends can slip in (test/telemetry-privacy.test.ts checks it with generated card data).
 * When nobody listens (no hooks, no channel subscriber) the core skips all of it: one boolean per call.
 */
import { type Channel, diagnosticsChannel } from './platform.js';

/** What identifies a call; every event carries it. */
export interface CallInfo {
  /** Per process, increasing: ties the events of one call together (unique across clients). */
  readonly callId: number;
  /** The operation id, e.g. `payments.create`; `request` for `connect.request()`. */
  readonly operation: string;
  /** The merchant id of the path (undefined when the path has none). */
  readonly merchantId: string | undefined;
  readonly method: string;
  /** The path template, e.g. `/v1/{merchantId}/payments/{paymentId}` (for `connect.request()`, the path). */
  readonly pathTemplate: string;
  /** `https://host[:port]` of the platform. */
  readonly origin: string;
  /** The X-GCS-Idempotence-Key sent (given or generated), if any. */
  readonly idempotenceKey: string | undefined;
}

export interface CallStartEvent extends CallInfo {
  readonly type: 'start';
}

export interface CallRetryEvent extends CallInfo {
  readonly type: 'retry';
  /** The attempt about to be made, 1-based (2 = the first retry). */
  readonly attempt: number;
  /** The status that asked for the retry, or undefined after a connection failure. */
  readonly status: number | undefined;
  /** Why: `HTTP 503`, `ECONNRESET`, ... */
  readonly reason: string;
  readonly delayMs: number;
}

export interface CallEndEvent extends CallInfo {
  readonly type: 'end';
  /** The final HTTP status. */
  readonly status: number;
  /** Attempts made, 1-based. */
  readonly attempts: number;
  readonly durationMs: number;
  /** The platform answered from its idempotence store (X-GCS-Idempotence-Request-Timestamp was set). */
  readonly idempotenceReplay: boolean;
}

export interface CallErrorEvent extends CallInfo {
  readonly type: 'error';
  /** The HTTP status when the platform answered (a decline: 402), else undefined. */
  readonly status: number | undefined;
  readonly attempts: number;
  readonly durationMs: number;
  readonly idempotenceReplay: boolean;
  /** The SDK error class, e.g. `DeclinedPaymentError`, `TimeoutError`. */
  readonly errorClass: string;
}

export type CallEvent = CallStartEvent | CallRetryEvent | CallEndEvent | CallErrorEvent;

/** Callbacks for every call (`new Connect({ hooks })`). They run synchronously; what they throw is ignored. */
export interface ConnectHooks {
  onStart?(event: CallStartEvent): void;
  onRetry?(event: CallRetryEvent): void;
  onEnd?(event: CallEndEvent): void;
  onError?(event: CallErrorEvent): void;
}

/** The diagnostics_channel names. */
export const CHANNELS = {
  start: 'connect-server-sdk:call:start',
  retry: 'connect-server-sdk:call:retry',
  end: 'connect-server-sdk:call:end',
  error: 'connect-server-sdk:call:error',
} as const;

const TIMESTAMP_HEADER = 'x-gcs-idempotence-request-timestamp';

/** Call ids are unique in the process: listeners on the channels see the calls of every client. */
let nextCallId = 1;

/** One call being traced; created only when someone listens. */
export class CallTrace {
  readonly info: CallInfo;
  readonly #telemetry: Telemetry;
  readonly #started = performance.now();
  attempts = 1;

  constructor(telemetry: Telemetry, info: CallInfo) {
    this.#telemetry = telemetry;
    this.info = info;
    telemetry.emit({ type: 'start', ...info });
  }

  retry(attempt: number, status: number | undefined, reason: string, delayMs: number): void {
    this.attempts = attempt;
    this.#telemetry.emit({ type: 'retry', ...this.info, attempt, status, reason, delayMs });
  }

  end(status: number, headers: Readonly<Record<string, unknown>>): void {
    this.#telemetry.emit({
      type: 'end',
      ...this.info,
      status,
      attempts: this.attempts,
      durationMs: performance.now() - this.#started,
      idempotenceReplay: headers[TIMESTAMP_HEADER] !== undefined,
    });
  }

  error(err: unknown): void {
    const e = err as { name?: unknown; statusCode?: unknown; headers?: unknown } | null;
    const status = typeof e?.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined;
    const headers = (e?.headers ?? {}) as Record<string, unknown>;
    this.#telemetry.emit({
      type: 'error',
      ...this.info,
      status,
      attempts: this.attempts,
      durationMs: performance.now() - this.#started,
      idempotenceReplay: headers[TIMESTAMP_HEADER] !== undefined,
      errorClass: typeof e?.name === 'string' ? e.name : 'Error',
    });
  }
}

/** The listeners of one client. */
export class Telemetry {
  readonly #hooks: readonly ConnectHooks[];
  readonly #channels: Record<CallEvent['type'], Channel | undefined>;

  constructor(hooks: ConnectHooks | readonly ConnectHooks[] | undefined) {
    this.#hooks = hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks as ConnectHooks];
    this.#channels = {
      start: diagnosticsChannel(CHANNELS.start),
      retry: diagnosticsChannel(CHANNELS.retry),
      end: diagnosticsChannel(CHANNELS.end),
      error: diagnosticsChannel(CHANNELS.error),
    };
  }

  /** Is anybody listening? (Checked per call: a subscriber may come and go.) */
  get active(): boolean {
    const c = this.#channels;
    return (
      this.#hooks.length > 0 ||
      c.start?.hasSubscribers === true ||
      c.end?.hasSubscribers === true ||
      c.error?.hasSubscribers === true ||
      c.retry?.hasSubscribers === true
    );
  }

  /** A trace for a call, or undefined when nobody listens. */
  begin(info: Omit<CallInfo, 'callId'>): CallTrace | undefined {
    if (!this.active) return undefined;
    return new CallTrace(this, { callId: nextCallId++, ...info });
  }

  emit(event: CallEvent): void {
    const frozen = Object.freeze(event);
    const ch = this.#channels[event.type];
    if (ch?.hasSubscribers) ch.publish(frozen);
    for (const h of this.#hooks) {
      try {
        if (frozen.type === 'start') h.onStart?.(frozen);
        else if (frozen.type === 'retry') h.onRetry?.(frozen);
        else if (frozen.type === 'end') h.onEnd?.(frozen);
        else h.onError?.(frozen);
      } catch {
        // a failing hook must never fail a payment call
      }
    }
  }
}
