// Back office actions on an order's payment: capture (partial too), cancel, refund (partial too).
// Each action's idempotence key comes from the form it was submitted with (a random token per rendered
// form), so a double click or a browser resubmit does the action once. After each action the shop reads
// the payment again and records it through the same forward-only rule as webhooks.
import { randomBytes } from 'node:crypto';
import type { ShopContext } from './context.js';
import type { Order } from './orders.js';
import { explainError, refreshPayment } from './payments.js';

export const newFormToken = (): string => randomBytes(8).toString('hex');

export type ActionResult = { ok: true; info: string } | { ok: false; error: string };

function amountFrom(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,12}$/.test(value.trim()) && Number(value) > 0 ? Number(value) : undefined;
}

function tokenFrom(value: unknown): string {
  return typeof value === 'string' && /^[0-9a-f]{16}$/.test(value) ? value : newFormToken();
}

export async function capture(ctx: ShopContext, order: Order, form: Record<string, unknown>): Promise<ActionResult> {
  const amount = amountFrom(form['amount']);
  if (order.paymentId === null) return { ok: false, error: 'This order has no payment to capture.' };
  if (amount === undefined) return { ok: false, error: 'Enter the amount to capture in cents, for example 1295.' };
  try {
    await ctx.merchant.payments.capture(
      order.paymentId,
      { amount },
      { idempotenceKey: `cap-${order.id}-${tokenFrom(form['token'])}` },
    );
    await refreshPayment(ctx, order);
    return { ok: true, info: `Capture of ${amount} cents requested.` };
  } catch (e) {
    return { ok: false, error: explainError(e) };
  }
}

export async function cancel(ctx: ShopContext, order: Order): Promise<ActionResult> {
  if (order.paymentId === null) return { ok: false, error: 'This order has no payment to cancel.' };
  try {
    const res = await ctx.merchant.payments.cancel(order.paymentId);
    if (res.payment) await ctx.orders.applyPayment(order.id, res.payment);
    else await refreshPayment(ctx, order);
    return { ok: true, info: 'The payment was cancelled.' };
  } catch (e) {
    return { ok: false, error: explainError(e) };
  }
}

export async function refund(ctx: ShopContext, order: Order, form: Record<string, unknown>): Promise<ActionResult> {
  const amount = amountFrom(form['amount']);
  if (order.paymentId === null) return { ok: false, error: 'This order has no payment to refund.' };
  if (amount === undefined) return { ok: false, error: 'Enter the amount to refund in cents, for example 500.' };
  try {
    const created = await ctx.merchant.payments.refund(
      order.paymentId,
      { amountOfMoney: { amount, currencyCode: order.currency }, refundReferences: { merchantReference: order.id } },
      { idempotenceKey: `ref-${order.id}-${tokenFrom(form['token'])}` },
    );
    await ctx.orders.upsertRefund(order.id, created);
    // where the merchant account requires approval, a refund waits in PENDING_APPROVAL: approving it here
    // is the back office's second click, done for the person who already said "refund"
    if (created.id !== undefined && created.status === 'PENDING_APPROVAL') {
      await ctx.merchant.refunds.approve(created.id, { amount });
      await ctx.orders.upsertRefund(order.id, await ctx.merchant.refunds.get(created.id));
    }
    await refreshPayment(ctx, order);
    return { ok: true, info: `Refund of ${amount} cents requested.` };
  } catch (e) {
    return { ok: false, error: explainError(e) };
  }
}
