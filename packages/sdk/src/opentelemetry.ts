/**
 * `connect-server-sdk/opentelemetry`: the SDK's call events (core/telemetry.ts) as OpenTelemetry spans and
 * metrics, through `@opentelemetry/api` (an optional peer dependency: install it next to your OpenTelemetry SDK).
 *
 * One CLIENT span per call, named `{method} {url.template}` with the HTTP client semantic conventions
 * (`http.request.method`, `url.template`, `server.address`, `server.port`, `http.response.status_code`,
 * `http.request.resend_count`, `error.type`) plus `connect.operation`, `connect.merchant_id`, `connect.retry`
 * (retries made), `connect.idempotence_key` and `connect.idempotence_replay`; each retry is also a span event
 * `connect.retry`. Metrics: the `http.client.request.duration` histogram (seconds) and the `connect.client.retries`
 * counter. Bodies, card data and secrets never reach the events, so they cannot reach a span.
 *
 * ```ts
 * import { openTelemetryHooks } from 'connect-server-sdk/opentelemetry';
 * const connect = new Connect({ ...config, hooks: openTelemetryHooks() });
 * ```
 * Runs on every runtime (no node: import); the spans' parent is the context active when the call starts.
 */
import {
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type {
  CallEndEvent,
  CallErrorEvent,
  CallInfo,
  CallRetryEvent,
  CallStartEvent,
  ConnectHooks,
} from './core/telemetry.js';
import { SDK_VERSION } from './version.js';

export interface OpenTelemetryOptions {
  /** Default: `trace.getTracer('connect-server-sdk', SDK_VERSION)` from the global provider. */
  tracer?: Tracer;
  /** Default: `metrics.getMeter('connect-server-sdk', SDK_VERSION)` from the global provider. */
  meter?: Meter;
}

const INSTRUMENTATION = 'connect-server-sdk';

function port(origin: URL): number {
  if (origin.port !== '') return Number(origin.port);
  return origin.protocol === 'http:' ? 80 : 443;
}

/** The attributes every span and metric of a call shares. */
function callAttributes(info: CallInfo): Attributes {
  const origin = new URL(info.origin);
  const a: Attributes = {
    'http.request.method': info.method,
    'url.template': info.pathTemplate,
    'server.address': origin.hostname,
    'server.port': port(origin),
    'connect.operation': info.operation,
  };
  if (info.merchantId !== undefined) a['connect.merchant_id'] = info.merchantId;
  return a;
}

/** Hooks (`new Connect({ hooks })`) that record every call as a span and in the metrics. */
export function openTelemetryHooks(options: OpenTelemetryOptions = {}): ConnectHooks {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION, SDK_VERSION);
  const meter = options.meter ?? metrics.getMeter(INSTRUMENTATION, SDK_VERSION);
  const duration: Histogram = meter.createHistogram('http.client.request.duration', {
    description: 'Duration of Connect API calls, retries included',
    unit: 's',
  });
  const retries: Counter = meter.createCounter('connect.client.retries', {
    description: 'Retries of Connect API calls (503, 502, 409 in progress, connection reset)',
    unit: '{retry}',
  });
  // call ids are unique in the process, so several clients may share these hooks (or the channels)
  const spans = new Map<number, Span>();
  const key = (info: CallInfo): number => info.callId;

  const finish = (e: CallEndEvent | CallErrorEvent): void => {
    const k = key(e);
    const span = spans.get(k);
    spans.delete(k);
    const attrs = callAttributes(e);
    if (e.status !== undefined) attrs['http.response.status_code'] = e.status;
    if (e.type === 'error') attrs['error.type'] = e.errorClass;
    else if (e.status >= 400) attrs['error.type'] = String(e.status);
    duration.record(e.durationMs / 1000, attrs);
    if (span === undefined) return;
    span.setAttributes(attrs);
    span.setAttribute('connect.retry', e.attempts - 1);
    if (e.attempts > 1) span.setAttribute('http.request.resend_count', e.attempts - 1);
    span.setAttribute('connect.idempotence_replay', e.idempotenceReplay);
    if (e.type === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: e.errorClass });
    else if (e.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };

  return {
    onStart(e) {
      const attrs = callAttributes(e);
      if (e.idempotenceKey !== undefined) attrs['connect.idempotence_key'] = e.idempotenceKey;
      spans.set(
        key(e),
        tracer.startSpan(`${e.method} ${e.pathTemplate}`, { kind: SpanKind.CLIENT, attributes: attrs }),
      );
    },
    onRetry(e) {
      retries.add(1, { ...callAttributes(e), 'connect.retry.reason': e.reason });
      spans.get(key(e))?.addEvent('connect.retry', {
        'connect.retry.attempt': e.attempt,
        'connect.retry.reason': e.reason,
        'connect.retry.delay_ms': e.delayMs,
        ...(e.status !== undefined ? { 'http.response.status_code': e.status } : {}),
      });
    },
    onEnd: finish,
    onError: finish,
  };
}

/** The diagnostics_channel names (the same as `CHANNELS` of the main entry; repeated so this entry stays small). */
const CHANNEL_NAMES = {
  start: 'connect-server-sdk:call:start',
  retry: 'connect-server-sdk:call:retry',
  end: 'connect-server-sdk:call:end',
  error: 'connect-server-sdk:call:error',
} as const;

interface DiagnosticsChannelModule {
  subscribe(name: string, listener: (message: unknown) => void): void;
  unsubscribe(name: string, listener: (message: unknown) => void): boolean;
}

/**
 * Records the calls of EVERY client in the process, without touching their configuration, by subscribing to the
 * SDK's diagnostics channels (Node; Bun, Deno and recent Workers through `process.getBuiltinModule`). Returns
 * the function that unsubscribes. Where there is no diagnostics_channel it throws: use `hooks` there.
 */
export function subscribeOpenTelemetry(options: OpenTelemetryOptions = {}): () => void {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const dc = proc?.getBuiltinModule?.('node:diagnostics_channel') as DiagnosticsChannelModule | undefined;
  if (dc === undefined) {
    throw new Error(
      'node:diagnostics_channel is not available on this runtime: pass openTelemetryHooks() as the hooks option of Connect instead',
    );
  }
  const hooks = openTelemetryHooks(options);
  const listeners: [string, (message: unknown) => void][] = [
    [CHANNEL_NAMES.start, (m) => hooks.onStart?.(m as CallStartEvent)],
    [CHANNEL_NAMES.retry, (m) => hooks.onRetry?.(m as CallRetryEvent)],
    [CHANNEL_NAMES.end, (m) => hooks.onEnd?.(m as CallEndEvent)],
    [CHANNEL_NAMES.error, (m) => hooks.onError?.(m as CallErrorEvent)],
  ];
  for (const [name, listener] of listeners) dc.subscribe(name, listener);
  return () => {
    for (const [name, listener] of listeners) dc.unsubscribe(name, listener);
  };
}
