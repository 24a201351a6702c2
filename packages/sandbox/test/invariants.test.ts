import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SandboxError } from '../src/domain/errors.js';
import { PAYMENT_STATUS, REFUND_STATUS } from '../src/domain/model.js';
import { cardPayment, sb, useSandbox } from './helpers.js';

/**
 * Random sequences of payment actions, straight against the state (no HTTP, so hundreds of
 * sequences run fast). After every step the books and the status flags must agree.
 */
useSandbox();

interface View {
  id: string;
  status: string;
  statusOutput: {
    statusCategory: string;
    statusCode: number;
    isCancellable: boolean;
    isAuthorized: boolean;
    isRefundable: boolean;
  };
  paymentOutput: {
    amountOfMoney: { amount: number };
    amountPaid: number;
    amountRefunded: number;
    amountRefundRequested: number;
    amountCaptureRequested: number;
  };
}

type Action =
  | { kind: 'create'; amount: number; approval: boolean }
  | { kind: 'approve' | 'capture'; p: number; amount: number | null; final: boolean }
  | { kind: 'cancel' | 'cancelApproval' | 'finalizeCapture' | 'settle' | 'tick'; p: number }
  | { kind: 'refund'; p: number; amount: number | null }
  | { kind: 'captureRefund'; p: number; c: number; amount: number | null }
  | { kind: 'refundAction'; p: number; r: number; op: 'approve' | 'cancel' | 'cancelApproval' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), amount: fc.integer({ min: 1, max: 500 }), approval: fc.boolean() }),
  fc.record({
    kind: fc.constantFrom('approve' as const, 'capture' as const),
    p: fc.nat(3),
    amount: fc.option(fc.integer({ min: -5, max: 400 })),
    final: fc.boolean(),
  }),
  fc.record({
    kind: fc.constantFrom(
      'cancel' as const,
      'cancelApproval' as const,
      'finalizeCapture' as const,
      'settle' as const,
      'tick' as const,
    ),
    p: fc.nat(3),
  }),
  fc.record({
    kind: fc.constant('refund' as const),
    p: fc.nat(3),
    amount: fc.option(fc.integer({ min: 1, max: 400 })),
  }),
  fc.record({
    kind: fc.constant('refundAction' as const),
    p: fc.nat(3),
    r: fc.nat(3),
    op: fc.constantFrom('approve' as const, 'cancel' as const, 'cancelApproval' as const),
  }),
);

describe('books and flags stay consistent', () => {
  it('for random action sequences', () => {
    const state = sb.state;
    const m = sb.merchantId;
    const call = (opId: string, pathParams: Record<string, string>, body: unknown = {}) => {
      try {
        return state.platform.handle({
          opId,
          merchantId: m,
          pathParams,
          query: new URLSearchParams(),
          body,
          rawBody: Buffer.alloc(0),
          contentType: 'application/json',
          baseUrl: sb.url,
        });
      } catch (e) {
        if (e instanceof SandboxError) {
          expect(e.status).toBeGreaterThanOrEqual(400);
          expect(e.status).toBeLessThan(500);
          return undefined;
        }
        throw e;
      }
    };

    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 40 }), (actions) => {
        state.reset();
        const ids: string[] = [];
        for (const a of actions) {
          const id = a.kind === 'create' ? undefined : ids[a.p % Math.max(ids.length, 1)];
          switch (a.kind) {
            case 'create': {
              const r = call('payments.create', {}, cardPayment(a.amount, {}, { requiresApproval: a.approval }));
              const p = (r?.body as { payment?: { id: string } } | undefined)?.payment;
              if (p) ids.push(p.id);
              break;
            }
            case 'approve':
            case 'capture':
              if (id)
                call(
                  `payments.${a.kind}`,
                  { paymentId: id },
                  a.amount === null ? {} : { amount: a.amount, isFinal: a.final },
                );
              break;
            case 'cancel':
            case 'cancelApproval':
            case 'finalizeCapture':
              if (id) call(`payments.${a.kind}`, { paymentId: id });
              break;
            case 'settle':
              state.platform.settle(true);
              break;
            case 'tick':
              state.advanceClock(30 * 60_000);
              break;
            case 'refund':
              if (id)
                call(
                  'payments.refund',
                  { paymentId: id },
                  a.amount === null ? {} : { amountOfMoney: { amount: a.amount, currencyCode: 'EUR' } },
                );
              break;
            case 'captureRefund': {
              if (!id) break;
              const p = state.platform.payments.get(id);
              const cid = p?.captureIds[a.c % Math.max(p.captureIds.length, 1)];
              if (cid) {
                call(
                  'captures.refund',
                  { captureId: cid },
                  a.amount === null ? {} : { amountOfMoney: { amount: a.amount, currencyCode: 'EUR' } },
                );
              }
              break;
            }
            case 'refundAction': {
              if (!id) break;
              const p = state.platform.payments.get(id);
              const rid = p?.refundIds[a.r % Math.max(p.refundIds.length, 1)];
              if (rid) call(`refunds.${a.op}`, { refundId: rid });
              break;
            }
          }
          for (const pid of ids) check(pid);
        }
      }),
      { numRuns: 300 },
    );

    function check(pid: string): void {
      const v = (call('payments.get', { paymentId: pid }) as { body: View }).body;
      const s = PAYMENT_STATUS[v.status];
      expect(s, v.status).toBeDefined();
      expect(v.statusOutput.statusCategory).toBe(s?.category);
      expect(v.statusOutput.isAuthorized).toBe(s?.authorized);
      expect(v.statusOutput.isCancellable).toBe(s?.cancellable);
      const o = v.paymentOutput;
      const amount = o.amountOfMoney.amount;
      if (v.statusOutput.isRefundable) expect(v.status).toBe('PAID');
      const p = sb.state.platform.payments.get(pid);
      let captured = 0;
      let reservedOnCaptures = 0;
      for (const cid of p?.captureIds ?? []) {
        const c = sb.state.platform.captures.get(cid);
        if (!c) continue;
        reservedOnCaptures += c.refundReserved;
        if (c.status === 'CANCELLED') continue;
        captured += c.amount;
        expect(c.refundReserved).toBeLessThanOrEqual(c.amount);
        expect(c.refundReserved).toBeGreaterThanOrEqual(0);
      }
      expect(captured).toBeLessThanOrEqual(amount);
      expect(o.amountPaid + o.amountCaptureRequested).toBe(captured);
      expect(o.amountRefunded + o.amountRefundRequested).toBeLessThanOrEqual(o.amountPaid);
      // the per-capture books and the payment's refund books agree
      expect(reservedOnCaptures).toBe(o.amountRefunded + o.amountRefundRequested);
      if (v.status === 'REFUNDED') expect(o.amountRefunded).toBe(o.amountPaid);
      if (v.status === 'PAID') expect(o.amountPaid).toBeGreaterThan(0);
      for (const rid of p?.refundIds ?? []) {
        const r = sb.state.platform.refunds.get(rid);
        expect(REFUND_STATUS[r?.status ?? '']).toBeDefined();
      }
    }
  });
});
