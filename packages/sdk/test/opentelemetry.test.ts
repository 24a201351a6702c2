/**
 * connect-server-sdk/opentelemetry against the sandbox, recorded by OpenTelemetry's in-memory exporters: the span
 * and metrics of a success, a decline, a retried call (an injected 503) and an idempotent replay.
 */
import { type Attributes, context } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxConnection } from '../../../test/support/sandbox-connection.js';
import { type Sandbox, startSandbox } from '../../sandbox/src/index.js';
import { CHANNELS, Connect, DeclinedPaymentError } from '../src/index.js';
import { openTelemetryHooks, subscribeOpenTelemetry } from '../src/opentelemetry.js';

let sb: Sandbox;
let connect: Connect;
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ readers: [reader] });

const card = (cardNumber: string, reference: string) => ({
  order: {
    amountOfMoney: { amount: 990, currencyCode: 'EUR' },
    customer: { billingAddress: { countryCode: 'NL' } },
    references: { merchantReference: reference },
  },
  cardPaymentMethodSpecificInput: {
    paymentProductId: 1,
    card: { cardNumber, expiryDate: '1230', cvv: '123', cardholderName: 'Otel Test' },
  },
});

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  connect = new Connect({
    ...sandboxConnection(sb, 'otel test'),
    retryInitialDelayMs: 10,
    hooks: openTelemetryHooks({
      tracer: tracerProvider.getTracer('test'),
      meter: meterProvider.getMeter('test'),
    }),
  });
});

afterAll(async () => {
  await connect.close();
  await sb.close();
});

beforeEach(() => spans.reset());

async function fault(rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sb.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(rule),
  });
  expect(res.status).toBe(201);
}

function only(): { name: string; attributes: Attributes; status: { code: number }; events: { name: string }[] } {
  const finished = spans.getFinishedSpans();
  expect(finished).toHaveLength(1);
  return finished[0] as never;
}

describe('OpenTelemetry spans', () => {
  it('a success: one CLIENT span with the HTTP client conventions and the Connect attributes', async () => {
    await context.with(context.active(), () =>
      connect.merchant(sb.merchantId).payments.create(card('4567350000427977', 'otel-ok')),
    );
    const span = only();
    expect(span.name).toBe('POST /v1/{merchantId}/payments');
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.template': '/v1/{merchantId}/payments',
      'server.address': '127.0.0.1',
      'server.port': sb.port,
      'http.response.status_code': 201,
      'connect.operation': 'payments.create',
      'connect.merchant_id': sb.merchantId,
      'connect.retry': 0,
      'connect.idempotence_replay': false,
    });
    expect(span.attributes['connect.idempotence_key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.status.code).toBe(0); // UNSET
  });

  it('a decline: the span is an error with the SDK error class and status 402', async () => {
    await expect(
      connect.merchant(sb.merchantId).payments.create(card('4000000000000036', 'otel-decline')),
    ).rejects.toBeInstanceOf(DeclinedPaymentError);
    const span = only();
    expect(span.attributes).toMatchObject({
      'http.response.status_code': 402,
      'error.type': 'DeclinedPaymentError',
      'connect.operation': 'payments.create',
    });
    expect(span.status.code).toBe(2); // ERROR
  });

  it('a retried call (503 injected): connect.retry 1, resend_count 1, a connect.retry event', async () => {
    await fault({ operation: 'payments.get', status: 503, count: 1 });
    const created = await connect.merchant(sb.merchantId).payments.create(card('4567350000427977', 'otel-retry'));
    spans.reset();
    await connect.merchant(sb.merchantId).payments.get(created.payment!.id!);
    const span = only();
    expect(span.name).toBe('GET /v1/{merchantId}/payments/{paymentId}');
    expect(span.attributes).toMatchObject({
      'http.response.status_code': 200,
      'connect.retry': 1,
      'http.request.resend_count': 1,
      'connect.operation': 'payments.get',
    });
    expect(span.events.map((e) => e.name)).toEqual(['connect.retry']);
  });

  it('a replay: the second call with the same key is flagged connect.idempotence_replay', async () => {
    const key = `otel-replay-${Date.now()}`;
    const m = connect.merchant(sb.merchantId);
    const first = await m.payments.create(card('4567350000427977', 'otel-replay'), { idempotenceKey: key });
    spans.reset();
    const again = await m.payments.create(card('4567350000427977', 'otel-replay'), { idempotenceKey: key });
    expect(again.payment!.id).toBe(first.payment!.id);
    const span = only();
    expect(span.attributes).toMatchObject({ 'connect.idempotence_key': key, 'connect.idempotence_replay': true });
  });

  it('subscribeOpenTelemetry: records the calls of a client configured without hooks (diagnostics_channel)', async () => {
    const plain = new Connect(sandboxConnection(sb, 'otel test'));
    const stop = subscribeOpenTelemetry({ tracer: tracerProvider.getTracer('channels') });
    try {
      await plain.merchant(sb.merchantId).payments.create(card('4567350000427977', 'otel-channel'));
    } finally {
      stop();
      await plain.close();
    }
    const span = only();
    expect(span.attributes).toMatchObject({ 'connect.operation': 'payments.create', 'http.response.status_code': 201 });
    expect(CHANNELS.end).toBe('connect-server-sdk:call:end');
  });

  it('metrics: the duration histogram and the retry counter', async () => {
    await reader.forceFlush();
    const metrics = metricExporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const names = new Set(metrics.map((m) => m.descriptor.name));
    expect(names).toContain('http.client.request.duration');
    expect(names).toContain('connect.client.retries');
    const duration = metrics.find((m) => m.descriptor.name === 'http.client.request.duration')!;
    expect(duration.descriptor.unit).toBe('s');
    const statuses = duration.dataPoints.map((d) => d.attributes['http.response.status_code']);
    expect(statuses).toEqual(expect.arrayContaining([201, 402, 200]));
  });
});
