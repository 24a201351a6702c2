/**
 * Concurrency: many parallel mixed operations (captures, approvals, cancels, refunds, refund
 * approvals and cancels, reads; some sent three times at once with the same idempotence key) on a
 * few shared payments, through the SDK. Afterwards the books must hold: nothing captured beyond the
 * authorised amount, nothing refunded beyond what was paid, each status consistent with its
 * captures, every success the client was told about present, one capture per idempotence key.
 */
import fc from 'fast-check';
import { startSandbox } from '../../packages/sandbox/src/index.js';
import { Connect } from '../../packages/sdk/src/index.js';
import {
  API_KEY_ID,
  admin,
  capturingLogger,
  cardPayment,
  emptyResult,
  fmt,
  type Mode,
  pool,
  recordError,
  SECRET,
  type SectionResult,
  within,
} from './lib.js';

type Op =
  | { kind: 'capture'; p: number; amount: number; isFinal: boolean; keyed: boolean }
  | { kind: 'approve'; p: number; amount: number }
  | { kind: 'cancel'; p: number }
  | { kind: 'cancelApproval'; p: number }
  | { kind: 'get'; p: number }
  | { kind: 'refund'; p: number; amount: number; keyed: boolean }
  | { kind: 'approveRefund'; r: number }
  | { kind: 'cancelRefund'; r: number };

const AMOUNT = 10_000;

export async function runConcurrency(mode: Mode, seed: number): Promise<SectionResult> {
  const started = Date.now();
  const result = emptyResult(
    'concurrency',
    'parallel captures, approvals, cancels, refunds, refund approvals/cancels and reads on shared payments, some with one idempotence key sent three times at once',
  );
  const payments = mode === 'quick' ? 12 : 60;
  const opsPerRound = mode === 'quick' ? 400 : 4000;
  const width = 48;
  const sb = await startSandbox({ apiKeyId: API_KEY_ID, secretApiKey: SECRET, precompileSchemas: true });
  const connect = new Connect({
    host: '127.0.0.1',
    scheme: 'http',
    port: sb.port,
    apiKeyId: API_KEY_ID,
    secretApiKey: SECRET,
    integrator: 'reliability suite',
    timeoutMs: 20_000,
    maxRetries: 3,
    retryInitialDelayMs: 5,
    retryMaxDelayMs: 40,
    maxConnections: width,
    logger: capturingLogger,
  });
  const m = connect.merchant(sb.merchantId);
  const ids: string[] = [];
  const refundIds: string[] = [];
  const toldCaptures = new Map<string, number>(); // capture id -> amount the client was told
  const keyedCaptureRefs: string[] = [];
  let ok = 0;
  let refused = 0;

  const send = async (op: Op, i: number): Promise<void> => {
    const id = ids[('p' in op ? op.p : 0) % ids.length] as string;
    const key = `rel-c-${seed}-${i}`;
    const once = async (): Promise<void> => {
      switch (op.kind) {
        case 'capture': {
          const c = await m.payments.capture(
            id,
            { amount: op.amount, isFinal: op.isFinal, order: { references: { merchantCaptureReference: key } } },
            op.keyed ? { idempotenceKey: key } : undefined,
          );
          if (c.id !== undefined) toldCaptures.set(c.id, c.captureOutput?.amountOfMoney?.amount ?? -1);
          return;
        }
        case 'approve':
          await m.payments.approve(id, { amount: op.amount });
          return;
        case 'cancel':
          await m.payments.cancel(id);
          return;
        case 'cancelApproval':
          await m.payments.cancelApproval(id);
          return;
        case 'get':
          await m.payments.get(id);
          return;
        case 'refund': {
          const r = await m.payments.refund(
            id,
            { amountOfMoney: { amount: op.amount, currencyCode: 'EUR' } },
            op.keyed ? { idempotenceKey: key } : undefined,
          );
          if (r.id !== undefined) refundIds.push(r.id);
          return;
        }
        case 'approveRefund': {
          const r = refundIds[op.r % Math.max(1, refundIds.length)];
          if (r !== undefined) await m.refunds.approve(r, {});
          return;
        }
        case 'cancelRefund': {
          const r = refundIds[op.r % Math.max(1, refundIds.length)];
          if (r !== undefined) await m.refunds.cancel(r);
          return;
        }
      }
    };
    // a keyed operation is sent three times at once: the platform must do it once
    const copies = 'keyed' in op && op.keyed ? 3 : 1;
    if (op.kind === 'capture' && op.keyed) keyedCaptureRefs.push(key);
    await Promise.all(
      Array.from({ length: copies }, async () => {
        result.requestsSent += 1;
        const r = await within(once(), 30_000);
        if (r === 'hang') result.hangs += 1;
        else if (r.ok) ok += 1;
        else {
          refused += 1;
          recordError(r.error);
        }
      }),
    );
  };

  try {
    for (let p = 0; p < payments; p++) {
      const r = await m.payments.create(
        cardPayment(AMOUNT, `rel-c-${seed}-${p}`, {
          cardPaymentMethodSpecificInput: {
            ...cardPayment(AMOUNT, '').cardPaymentMethodSpecificInput,
            requiresApproval: true,
          },
        }),
      );
      ids.push(r.payment?.id as string);
      result.requestsSent += 1;
    }
    const p = fc.nat(payments - 1);
    // cancels go to the first quarter only, so that the rest live on to be captured and refunded
    const few = fc.nat(Math.max(0, Math.floor(payments / 4) - 1));
    const amount = fc.integer({ min: 1, max: AMOUNT / 2 });
    // round 1: authorised payments get captured, approved, cancelled, in any order
    const round1 = fc.sample(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            kind: fc.constant('capture' as const),
            p,
            amount,
            isFinal: fc.boolean(),
            keyed: fc.boolean(),
          }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('approve' as const), p, amount }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), p: few }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelApproval' as const), p: few }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), p }) },
      ),
      { numRuns: opsPerRound, seed },
    );
    await pool(round1, width, send);
    await admin(sb.url, 'settle', 'POST');
    // round 2: paid payments get refunded, refunds approved and cancelled, while captures still arrive
    const r = fc.nat(10_000);
    const round2 = fc.sample(
      fc.oneof(
        { weight: 4, arbitrary: fc.record({ kind: fc.constant('refund' as const), p, amount, keyed: fc.boolean() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('approveRefund' as const), r }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelRefund' as const), r }) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('capture' as const),
            p,
            amount,
            isFinal: fc.boolean(),
            keyed: fc.boolean(),
          }),
        },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), p: few }) },
      ),
      { numRuns: opsPerRound, seed: seed + 1 },
    );
    await pool(round2, width, send);
    await admin(sb.url, 'settle', 'POST');
    result.attacksTried = round1.length + round2.length;

    // the books
    const stores = sb.context.domain.stores;
    const statuses = new Map<string, number>();
    for (const pay of stores.payments.list(sb.merchantId)) {
      statuses.set(pay.status, (statuses.get(pay.status) ?? 0) + 1);
      let captured = 0;
      let requested = 0;
      let paid = 0;
      for (const cid of pay.captureIds) {
        const c = stores.captures.lookup(cid);
        if (c === undefined) {
          result.otherBad += 1;
          continue;
        }
        if (c.refundReserved < 0 || c.refundReserved > c.amount) result.otherBad += 1;
        if (c.status === 'CANCELLED') continue;
        captured += c.amount;
        if (c.status === 'CAPTURE_REQUESTED') requested += c.amount;
        if (c.status === 'PAID') paid += c.amount;
      }
      let refunded = 0;
      for (const rid of pay.refundIds) {
        const rf = stores.refunds.lookup(rid);
        if (rf !== undefined && rf.status !== 'CANCELLED' && rf.status !== 'REJECTED') refunded += rf.amount;
      }
      const overCaptured = captured > pay.amount;
      const overRefunded = refunded > paid;
      const inconsistent =
        (pay.status === 'PAID' && (paid === 0 || requested > 0)) ||
        (pay.status === 'PENDING_APPROVAL' && captured > 0) ||
        (pay.status === 'CAPTURE_REQUESTED' && requested === 0) ||
        (pay.status === 'CANCELLED' && requested > 0);
      if (overCaptured || overRefunded || inconsistent) {
        result.otherBad += 1;
        result.notes.push(
          `payment ${pay.id} ${pay.status}: amount ${pay.amount}, captured ${captured}, paid ${paid}, refunds ${refunded}`,
        );
      }
      // what the API shows agrees with the books
      const view = await m.payments.get(pay.id);
      result.requestsSent += 1;
      if (view.status !== pay.status) result.otherBad += 1;
    }
    for (const [cid, amt] of toldCaptures) {
      const c = stores.captures.lookup(cid);
      if (c === undefined || c.amount !== amt) result.lostPayments += 1;
    }
    for (const ref of keyedCaptureRefs) {
      let n = 0;
      for (const c of stores.captures.list(sb.merchantId)) if (c.merchantCaptureReference === ref) n += 1;
      if (n > 1) result.doubleCharges += n - 1;
    }
    result.notes.push(
      `${payments} shared payments, ${fmt(result.attacksTried)} operations (${width} at a time, fast-check seed ${seed}): ` +
        `${fmt(ok)} succeeded, ${fmt(refused)} refused by the platform's rules; statuses after: ${[...statuses]
          .map(([s, n]) => `${s} ${n}`)
          .join(', ')}`,
    );
  } finally {
    await connect.close();
    await sb.close();
  }
  result.ms = Date.now() - started;
  return result;
}
