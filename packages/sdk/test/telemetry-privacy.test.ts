/**
 * Property: whatever card number, CVV, IBAN and API secret a call carries (in its body, in the response body,
 * in the configuration), no hook payload, diagnostics_channel message or OpenTelemetry span attribute contains
 * them. Calls run over an in-memory transport answering a success, a decline, a 503 then success, or a replay.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CallEvent, CHANNELS, Connect, type Transport, type TransportResponse } from '../src/index.js';
import { openTelemetryHooks } from '../src/opentelemetry.js';

const ALLOWED_FIELDS = new Set([
  'type',
  'callId',
  'operation',
  'merchantId',
  'method',
  'pathTemplate',
  'origin',
  'idempotenceKey',
  'attempt',
  'status',
  'reason',
  'delayMs',
  'attempts',
  'durationMs',
  'idempotenceReplay',
  'errorClass',
]);

function luhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));
const cardNumber = fc.tuple(fc.constantFrom('4', '51', '37', '6011'), digits(11, 14)).map(([p, d]) => luhn(p + d));
const cvv = digits(3, 4);
const iban = fc
  .tuple(fc.constantFrom('NL', 'DE', 'FR', 'BE'), digits(2, 2), fc.stringMatching(/^[A-Z]{4}$/), digits(10, 14))
  .map(([c, k, bank, n]) => `${c}${k}${bank}${n}`);
const secret = fc.stringMatching(/^[A-Za-z0-9+/]{16,40}$/);
const scenario = fc.constantFrom('ok', 'decline', 'retry', 'replay');

function respond(status: number, body: string, headers: Record<string, string> = {}): TransportResponse {
  const bytes = new TextEncoder().encode(body);
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: (async function* () {
      yield bytes;
    })(),
  };
}

function fakePlatform(kind: string, card: string, iban: string): Transport {
  let calls = 0;
  return {
    async send() {
      calls++;
      // the response echoes the card data: a body must not leak even when the platform sends it back
      const payment = JSON.stringify({
        payment: { id: 'p1', status: 'CAPTURE_REQUESTED', card, iban },
        creationOutput: { additionalReference: card },
      });
      if (kind === 'decline') {
        return respond(
          402,
          JSON.stringify({
            errorId: 'e1',
            errors: [{ code: '430330', message: `declined ${card}` }],
            paymentResult: { payment: { id: 'p1', card } },
          }),
        );
      }
      if (kind === 'retry' && calls === 1)
        return respond(503, JSON.stringify({ errorId: 'e2', errors: [{ code: '1', message: iban }] }));
      if (kind === 'replay') return respond(201, payment, { 'x-gcs-idempotence-request-timestamp': '1764547200000' });
      return respond(201, payment);
    },
    async close() {},
  };
}

describe('telemetry never carries bodies, card data or secrets', () => {
  it('property: hook payloads, channel messages and span attributes', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const channelMessages: unknown[] = [];
    const onMessage = (m: unknown) => channelMessages.push(m);
    for (const name of Object.values(CHANNELS)) subscribe(name, onMessage);
    try {
      await fc.assert(
        fc.asyncProperty(cardNumber, cvv, iban, secret, scenario, async (card, code, account, key, kind) => {
          exporter.reset();
          channelMessages.length = 0;
          const events: CallEvent[] = [];
          const record = (e: CallEvent) => events.push(e);
          const connect = new Connect({
            host: 'api.example.test',
            apiKeyId: 'key-id',
            secretApiKey: key,
            integrator: 'privacy property',
            retryInitialDelayMs: 1,
            transport: fakePlatform(kind, card, account),
            hooks: [
              { onStart: record, onRetry: record, onEnd: record, onError: record },
              openTelemetryHooks({ tracer: provider.getTracer('t') }),
            ],
          });
          await connect
            .merchant('1234')
            .payments.create({
              order: {
                amountOfMoney: { amount: 100, currencyCode: 'EUR' },
                customer: { billingAddress: { countryCode: 'NL' } },
              },
              cardPaymentMethodSpecificInput: {
                paymentProductId: 1,
                card: { cardNumber: card, cvv: code, expiryDate: '1230' },
              },
              sepaDirectDebitPaymentMethodSpecificInput: {
                paymentProduct771SpecificInput: { mandate: { bankAccountIban: { iban: account } } },
              },
            } as never)
            .catch(() => {});
          await connect.close();
          expect(events.length).toBeGreaterThanOrEqual(2);
          // the channel gets the same events as the hooks
          expect(channelMessages).toEqual(events);
          for (const e of events) for (const k of Object.keys(e)) expect(ALLOWED_FIELDS.has(k)).toBe(true);
          const spanAttributes = exporter
            .getFinishedSpans()
            .flatMap((s) => [s.attributes, ...s.events.map((ev) => ev.attributes ?? {})]);
          expect(spanAttributes.length).toBeGreaterThanOrEqual(1);
          const all = [...events, ...channelMessages, ...spanAttributes];
          const text = JSON.stringify(all);
          for (const s of [card, account, key]) expect(text).not.toContain(s);
          const values = all.flatMap((o) => Object.values(o as object)).map(String);
          expect(values).not.toContain(code);
          expect(text).not.toMatch(/cvv|cardNumber|iban/i);
        }),
        { numRuns: 60 },
      );
    } finally {
      for (const name of Object.values(CHANNELS)) unsubscribe(name, onMessage);
    }
  });
});
