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
});
