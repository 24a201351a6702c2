/**
 * Fault injection: the SDK creates payments against a sandbox that fails on purpose (503 with
 * Retry-After, 502, an injected 409, a reset before the request is processed, a delay beyond the
 * client's timeout, which makes the retry meet "409: still in flight") and through a proxy that
 * resets the connection after the sandbox answered (the payment exists, the answer is lost). The
 * SDK retries on its own; half of the callers also retry themselves with the same idempotence key.
 * Afterwards the payments the sandbox holds are counted against the orders: one each, the one the
 * caller was told about: no double charge, no lost payment.
 */
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { type Sandbox, startSandbox } from '../../packages/sandbox/src/index.js';
import { Connect } from '../../packages/sdk/src/index.js';
import {
  API_KEY_ID,
  admin,
  capturingLogger,
  cardPayment,
  emptyResult,
  type Mode,
  pool,
  recordError,
  SECRET,
  type SectionResult,
  shown,
  sleep,
  within,
} from './lib.js';

/** A loopback TCP proxy that can lose the next answers: it resets the client instead of passing them on. */
export class LossyProxy {
  dropNext = 0;
  dropped = 0;
  requests = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server) {}

  static async start(targetPort: number): Promise<LossyProxy> {
    const server = createServer();
    const proxy = new LossyProxy(server);
    server.on('connection', (client) => proxy.wire(client, targetPort));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return proxy;
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  private wire(client: Socket, targetPort: number): void {
    const upstream = netConnect({ port: targetPort, host: '127.0.0.1' });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const kill = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      if (/^(GET|POST|PUT|DELETE|HEAD) /.test(chunk.subarray(0, 8).toString('latin1'))) this.requests += 1;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.dropNext > 0 && chunk.subarray(0, 9).toString('latin1') === 'HTTP/1.1 ') {
        this.dropNext -= 1;
        this.dropped += 1;
        kill();
        return;
      }
      client.write(chunk);
    });
    client.on('error', kill).on('close', kill);
    upstream.on('error', kill).on('close', kill);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

type Fault =
  | { kind: '503'; retryAfter: number }
  | { kind: '502' }
  | { kind: '409' }
  | { kind: 'reset-before' }
  | { kind: 'reset-after' }
  | { kind: 'delay'; delayMs: number };

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('503' as const), retryAfter: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('502' as const) }),
  fc.record({ kind: fc.constant('409' as const) }),
  fc.record({ kind: fc.constant('reset-before' as const) }),
  fc.record({ kind: fc.constant('reset-after' as const) }),
  fc.record({ kind: fc.constant('delay' as const), delayMs: fc.integer({ min: 350, max: 900 }) }),
);

interface Order {
  /** the caller passes its own key and retries with it; else the SDK's generated key, no caller retry */
  callerKey: boolean;
  createFaults: Fault[];
  getFaults: Fault[];
}

const orderArb: fc.Arbitrary<Order> = fc.record({
  callerKey: fc.boolean(),
  createFaults: fc.array(faultArb, { maxLength: 3 }),
  getFaults: fc.array(faultArb, { maxLength: 2 }),
});

const TIMEOUT_MS = 300;

async function install(sb: Sandbox, proxy: LossyProxy, operation: string, faults: Fault[]): Promise<void> {
  for (const f of faults) {
    if (f.kind === 'reset-after') proxy.dropNext += 1;
    else if (f.kind === '503')
      await admin(sb.url, 'faults', 'POST', { operation, status: 503, retryAfter: f.retryAfter });
    else if (f.kind === '502') await admin(sb.url, 'faults', 'POST', { operation, status: 502 });
    else if (f.kind === '409') await admin(sb.url, 'faults', 'POST', { operation, status: 409 });
    else if (f.kind === 'reset-before') await admin(sb.url, 'faults', 'POST', { operation, reset: true });
    else await admin(sb.url, 'faults', 'POST', { operation, delayMs: f.delayMs });
  }
}

export async function runFaults(mode: Mode, seed: number): Promise<SectionResult> {
  const started = Date.now();
  const result = emptyResult(
    'fault injection',
    'SDK payments.create / payments.get under 503 + Retry-After, 502, 409, resets before and after processing, delays beyond the timeout; SDK and caller retries',
  );
  const orders = fc.sample(orderArb, { numRuns: mode === 'quick' ? 60 : 600, seed });
  const sb = await startSandbox({ apiKeyId: API_KEY_ID, secretApiKey: SECRET, precompileSchemas: true });
  const proxy = await LossyProxy.start(sb.port);
  const connect = new Connect({
    host: '127.0.0.1',
    scheme: 'http',
    port: proxy.port,
    apiKeyId: API_KEY_ID,
    secretApiKey: SECRET,
    integrator: 'reliability suite',
    timeoutMs: TIMEOUT_MS,
    maxRetries: 3,
    retryInitialDelayMs: 10,
    retryMaxDelayMs: 60,
    logger: capturingLogger,
  });
  const m = connect.merchant(sb.merchantId);
  const run = Date.now().toString(36);
  const told = new Map<number, string>(); // order -> the payment id the caller was given
  let unknownOutcomes = 0;
  try {
    // one lane per order at a time, four lanes: the faults go to whichever request comes next
    await pool(orders, 4, async (order, i) => {
      const reference = `rel-${run}-${i}`;
      const body = cardPayment(1000 + i, reference);
      await install(sb, proxy, 'payments.create', order.createFaults);
      result.attacksTried += order.createFaults.length;
      const attempts = order.callerKey ? 8 : 1;
      const outcome = await within(
        (async () => {
          for (let a = 0; a < attempts; a++) {
            try {
              const r = await m.payments.create(body, order.callerKey ? { idempotenceKey: reference } : undefined);
              return r.payment?.id;
            } catch (e) {
              recordError(e);
              if (a + 1 < attempts) await sleep(60);
            }
          }
          return undefined;
        })(),
        30_000,
      );
      if (outcome === 'hang') {
        result.hangs += 1;
        return;
      }
      const id = outcome.ok ? outcome.value : undefined;
      if (id !== undefined) told.set(i, id);
      else unknownOutcomes += 1;
      if (id === undefined) return;
      // reads under faults: the SDK retries GETs itself; the caller retries a few times
      await install(sb, proxy, 'payments.get', order.getFaults);
      result.attacksTried += order.getFaults.length;
      const got = await within(
        (async () => {
          for (let a = 0; a < 5; a++) {
            try {
              return (await m.payments.get(id)).id;
            } catch (e) {
              recordError(e);
              await sleep(60);
            }
          }
          return undefined;
        })(),
        30_000,
      );
      if (got === 'hang') result.hangs += 1;
      else if (got.ok && got.value !== undefined && got.value !== id) result.otherBad += 1;
    });

    // no more faults: callers with their own key find out what happened by retrying once more
    await admin(sb.url, 'faults', 'DELETE');
    proxy.dropNext = 0;
    await sleep(1000); // delayed requests finish
    for (let i = 0; i < orders.length; i++) {
      const order = orders[i] as Order;
      if (!order.callerKey) continue;
      const reference = `rel-${run}-${i}`;
      try {
        // no faults now, but a loaded machine may be slow: a generous deadline and retries while still in flight
        const r = await m.payments.create(cardPayment(1000 + i, reference), {
          idempotenceKey: reference,
          timeoutMs: 15_000,
          maxRetries: 10,
        });
        const id = r.payment?.id;
        const before = told.get(i);
        if (id === undefined || (before !== undefined && before !== id)) result.lostPayments += 1;
        if (id !== undefined) told.set(i, id);
      } catch (e) {
        recordError(e);
        result.lostPayments += 1;
      }
    }

    // the books: payments per order reference, as the sandbox holds them
    const byRef = new Map<string, string[]>();
    for (const p of sb.context.domain.stores.payments.list(sb.merchantId)) {
      const ref = p.merchantReference ?? '';
      byRef.set(ref, [...(byRef.get(ref) ?? []), p.id]);
    }
    let created = 0;
    for (let i = 0; i < orders.length; i++) {
      const ids = byRef.get(`rel-${run}-${i}`) ?? [];
      created += ids.length;
      if (ids.length > 1) result.doubleCharges += ids.length - 1;
      const id = told.get(i);
      if (id !== undefined && !(ids.length === 1 && ids[0] === id)) result.lostPayments += 1;
      if ((orders[i] as Order).callerKey && ids.length === 0) result.lostPayments += 1;
    }
    // a control, so that the count above is known to catch a double charge: callers that retry a lost
    // answer under a new key (the SDK generates one per call) must show up as double charges here
    let controlDoubles = 0;
    for (let i = 0; i < 3; i++) {
      const reference = `rel-${run}-control-${i}`;
      proxy.dropNext = 1;
      for (let a = 0; a < 2; a++) {
        try {
          await connect.merchant(sb.merchantId).payments.create(cardPayment(500 + i, reference), { maxRetries: 0 });
        } catch (e) {
          recordError(e);
        }
      }
      const n = sb.context.domain.stores.payments
        .list(sb.merchantId)
        .filter((p) => p.merchantReference === reference).length;
      if (n > 1) controlDoubles += 1;
    }
    proxy.dropNext = 0;
    if (controlDoubles !== 3) {
      result.otherBad += 1;
      result.notes.push(
        `BAD the control: only ${controlDoubles} of 3 retries under a new key were counted as double charges`,
      );
    } else {
      result.notes.push(
        'control: 3 callers that retried a lost answer under a new key were all counted as double charges (the count can fail)',
      );
    }
    // the sandbox's event log (what the dashboard and GET /_sandbox/events show) is searched for secrets too
    shown.add(JSON.stringify(sb.context.events.list({ all: true })));
    result.attacksTried += proxy.dropped;
    result.requestsSent = proxy.requests;
    result.notes.push(
      `${orders.length} orders (fast-check seed ${seed}), ${created} payments created, ${proxy.dropped} answers lost after processing, ` +
        `${unknownOutcomes} calls without a caller retry ended in an error (outcome unknown to that caller; at most one payment each)`,
    );
  } finally {
    await connect.close();
    await proxy.close();
    await sb.close();
  }
  result.ms = Date.now() - started;
  return result;
}
