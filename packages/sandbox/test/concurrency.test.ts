import { describe, expect, it } from 'vitest';
import { admin, cardPayment, m, sb, useSandbox, v1 } from './helpers.js';

useSandbox();

describe('concurrency keeps the books right', () => {
  it('200 parallel partial captures of 7 on an authorisation of 1000: exactly 142 succeed, never over-captured', async () => {
    const p = (await v1.payments.create(m, cardPayment(1000, {}, { requiresApproval: true }))).body.payment;
    const results = await Promise.all(
      Array.from({ length: 200 }, () => v1.payments.capture(m, p.id, { amount: 7, isFinal: false })),
    );
    const ok = results.filter((r: { status: number }) => r.status === 200);
    const refused = results.filter((r: { status: number }) => r.status !== 200);
    expect(ok).toHaveLength(142);
    // 142 * 7 = 994 captured; the remaining 6 cannot take another 7
    for (const r of refused) expect(r.status).toBe(400);
    const caps = await v1.payments.captures(m, p.id);
    const total = caps.body.captures.reduce(
      (s: number, c: { captureOutput: { amountOfMoney: { amount: number } } }) =>
        s + c.captureOutput.amountOfMoney.amount,
      0,
    );
    expect(total).toBe(994);
    expect(new Set(caps.body.captures.map((c: { id: string }) => c.id)).size).toBe(142);
  });

  it('200 parallel refunds of 13 on a PAID payment of 2000: exactly 153 succeed and the sum never exceeds the paid amount', async () => {
    const p = (await v1.payments.create(m, cardPayment(2000))).body.payment;
    await admin(sb, 'POST', '/settle');
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        v1.payments.refund(m, p.id, { amountOfMoney: { amount: 13, currencyCode: 'EUR' } }),
      ),
    );
    const created = results.filter((r: { status: number }) => r.status === 201);
    expect(created).toHaveLength(153); // floor(2000 / 13)
    const refunds = await v1.payments.refunds(m, p.id);
    const sum = refunds.body.refunds.reduce(
      (s: number, r: { refundOutput: { amountOfMoney: { amount: number } } }) =>
        s + r.refundOutput.amountOfMoney.amount,
      0,
    );
    expect(sum).toBe(153 * 13);
    expect(sum).toBeLessThanOrEqual(2000);
  });

  it('N parallel creates are all found afterwards (find with offset/limit pages through them)', async () => {
    const ref = `batch-${Date.now()}`;
    const N = 120;
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => {
        const body = cardPayment(100 + i);
        (body['order'] as { references: unknown }).references = { merchantReference: ref, merchantOrderId: i + 1 };
        return v1.payments.create(m, body);
      }),
    );
    expect(results.every((r: { status: number }) => r.status === 201)).toBe(true);
    const ids = new Set(results.map((r: { body: { payment: { id: string } } }) => r.body.payment.id));
    expect(ids.size).toBe(N);
    const seen = new Set<string>();
    for (let offset = 0; offset < N; offset += 50) {
      const page = await v1.payments.find(m, { merchantReference: ref, offset, limit: 50 });
      expect(page.body.totalCount).toBe(N);
      expect(page.body.offset).toBe(offset);
      for (const p of page.body.payments) seen.add(p.id);
    }
    expect(seen).toEqual(ids);
    const one = await v1.payments.find(m, { merchantOrderId: 42, merchantReference: ref });
    expect(one.body.payments).toHaveLength(1);
    expect(one.body.payments[0].paymentOutput.amountOfMoney.amount).toBe(141);
  });

  it('50 parallel creates with one idempotence key make exactly one payment; every answer is it (or 409 1409)', async () => {
    const ref = `idem-batch-${Date.now()}`;
    const body = cardPayment(321);
    (body['order'] as { references: unknown }).references = { merchantReference: ref };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => v1.payments.create(m, body, { idempotence: { key: ref } })),
    );
    const ids = new Set<string>();
    for (const r of results as { status: number; body: { payment?: { id: string }; errors?: { code: string }[] } }[]) {
      if (r.status === 409) expect(r.body.errors?.[0]?.code).toBe('1409');
      else {
        expect(r.status).toBe(201);
        ids.add(r.body.payment?.id as string);
      }
    }
    expect(ids.size).toBe(1);
    const found = await v1.payments.find(m, { merchantReference: ref });
    expect(found.body.totalCount).toBe(1);
  });

  it('parallel captures, refunds and cancels on one payment: captured <= authorised, refunded <= paid', async () => {
    const p = (await v1.payments.create(m, cardPayment(1000, {}, { requiresApproval: true }))).body.payment;
    await Promise.all([
      ...Array.from({ length: 30 }, () => v1.payments.capture(m, p.id, { amount: 50, isFinal: false })),
      v1.payments.cancel(m, p.id),
      ...Array.from({ length: 30 }, () => v1.payments.capture(m, p.id, { amount: 50, isFinal: false })),
    ]);
    await admin(sb, 'POST', '/settle');
    await Promise.all(
      Array.from({ length: 60 }, () =>
        v1.payments.refund(m, p.id, { amountOfMoney: { amount: 40, currencyCode: 'EUR' } }),
      ),
    );
    const got = (await v1.payments.get(m, p.id)).body;
    const caps = (await v1.payments.captures(m, p.id)).body.captures as {
      status: string;
      captureOutput: { amountOfMoney: { amount: number } };
    }[];
    const captured = caps
      .filter((c) => c.status !== 'CANCELLED')
      .reduce((s, c) => s + c.captureOutput.amountOfMoney.amount, 0);
    expect(captured).toBeLessThanOrEqual(1000);
    expect(got.paymentOutput.amountCaptured ?? 0).toBeLessThanOrEqual(1000);
    const refunds = ((await v1.payments.refunds(m, p.id)).body.refunds ?? []) as {
      status: string;
      refundOutput: { amountOfMoney: { amount: number } };
    }[];
    const refunded = refunds
      .filter((r) => r.status !== 'CANCELLED' && r.status !== 'REJECTED')
      .reduce((s, r) => s + r.refundOutput.amountOfMoney.amount, 0);
    expect(refunded).toBeLessThanOrEqual(captured);
  });
});
